"""The entity extractor turns the desk's rule-based entities into Rasa entities."""

from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage

from rasa_addons.entities import DeskEntityExtractor
from tests.rasa_addons.pipeline import component, messages


def _extracted(tmp_path, text: str, existing: list[dict] | None = None) -> list[dict]:
    extractor = component(DeskEntityExtractor, LocalModelStorage(tmp_path), "entities")
    (message,) = messages(text)
    if existing is not None:
        message.set("entities", existing)
    extractor.process([message])
    return message.get("entities", [])


def test_coin_network_and_elapsed_time_come_with_their_spans(tmp_path):
    text = "sent 50 USDT on TRC20 two hours ago, still not arrived"
    found = _extracted(tmp_path, text)
    assert {(e["entity"], e["value"], text[e["start"]:e["end"]]) for e in found} == {
        ("coin", "USDT", "USDT"), ("network", "TRON", "TRC20"),
        ("elapsed_minutes", "120", "two hours")}
    assert {e["extractor"] for e in found} == {"DeskEntityExtractor"}


def test_chinese_network_aliases_are_found(tmp_path):
    found = _extracted(tmp_path, "充的是马蹄链上的USDC")
    assert {(e["entity"], e["value"]) for e in found} == {("network", "POLYGON"), ("coin", "USDC")}


def test_entities_from_earlier_extractors_are_kept(tmp_path):
    earlier = {"entity": "language", "value": "en", "start": 0, "end": 5}
    found = _extracted(tmp_path, "hello, my BTC deposit", [earlier])
    assert found[0] == earlier and [e["value"] for e in found[1:]] == ["BTC"]


def test_a_message_without_entities_gets_none(tmp_path):
    assert _extracted(tmp_path, "hello") == []

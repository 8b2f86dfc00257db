import pytest

from desk.language import detect_language, pick


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my deposit hasn't arrived", "en"),
        ("充币没到账", "zh"),
        ("TRC20 的 USDT 一直没到", "zh"),  # English terms inside Chinese stay Chinese
        ("swap的时候报 execution reverted", "zh"),
        ("USDT", None),  # a ticker alone says nothing
        ("TRC20", None),
        ("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", None),
        ("tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 pls check", "en"),
        ("ok", None),
        ("", None),
        ("12345", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_pick_falls_back_to_english():
    assert pick({"en": "hello", "zh": "你好"}, "zh") == "你好"
    assert pick({"en": "hello"}, "zh") == "hello"
    assert pick({"en": "hello", "zh": "你好"}, None) == "hello"

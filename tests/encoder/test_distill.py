"""The Chinese encoder: what it learns from, how it is trained, and when it is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from encoder import __main__ as cli
from encoder.corpus import Pair, dictionary_pairs, glosses, knowledge_base_pairs, parallel_pairs
from encoder.distill import DistillSettings, distill
from kb_index.embedder import Embedder
from tests.kb_index.conftest import ARTICLES, write_article

PAIRS = [
    Pair("充币还没到账", "my deposit has not arrived yet", "parallel"),
    Pair("提币一直在审核中", "my withdrawal is still under review", "parallel"),
    Pair("谷歌验证器丢了", "I lost my authenticator app", "parallel"),
    Pair("手续费是多少", "how much is the fee", "parallel"),
] * 8


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> tuple[Path, dict]:
    directory = tmp_path_factory.mktemp("student")
    settings = DistillSettings(batch_size=8, dictionary_pairs=0, epochs=8)
    report = distill(directory, pairs=PAIRS, settings=settings)
    return directory, vars(report)


def test_the_student_spells_chinese_that_the_teacher_reads_as_unknown(student):
    from transformers import AutoTokenizer

    directory, report = student
    text = "充币还没到账，谷歌验证器丢失了"
    teacher = Embedder()
    teacher_tokens = AutoTokenizer.from_pretrained(teacher.model_path).tokenize(text)
    student_tokens = AutoTokenizer.from_pretrained(str(directory)).tokenize(text)
    assert teacher_tokens.count("[UNK]") >= 10
    assert "[UNK]" not in student_tokens
    # Every character the teacher lacked came from HSK or the pairs, and nearly all start
    # from their CC-CEDICT glosses.
    assert report["added_tokens"] > 2000
    assert report["initialised_from_glosses"] > 0.95 * report["added_tokens"]


def test_training_moves_chinese_next_to_its_english_meaning(student, tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_EMBEDDING_CACHE", str(tmp_path))
    directory, _ = student
    teacher, trained = Embedder(), Embedder(str(directory))
    # Saved by sentence-transformers 5 (new module names, pooling format): still ONNX.
    assert trained.backend == "onnx"
    chinese = [p.zh for p in PAIRS[:4]]
    english = teacher.embed([p.en for p in PAIRS[:4]])
    before = teacher.embed(chinese)
    after = trained.embed(chinese)
    for i in range(4):
        assert _cosine(after[i], english[i]) > _cosine(before[i], english[i]) + 0.1
        # ... and nearer its own translation than the other sentences' translations.
        others = [_cosine(after[i], english[j]) for j in range(4) if j != i]
        assert _cosine(after[i], english[i]) > max(others)


def test_the_saved_encoder_records_how_it_was_trained(student):
    directory, report = student
    saved = json.loads((directory / "distillation.json").read_text())
    assert saved["settings"]["batch_size"] == 8
    assert saved["report"]["pairs"] == {"parallel": len(PAIRS)}
    assert saved["report"]["steps"] == report["steps"] > 0
    assert (directory / "modules.json").exists()


def test_the_build_trains_once_and_then_only_when_an_input_changes(tmp_path, monkeypatch):
    calls = []

    def fake_distill(output_dir, teacher=""):
        calls.append(output_dir)
        Path(output_dir).mkdir(parents=True)
        (Path(output_dir) / "modules.json").write_text("[]")
        return type("Report", (), {"teacher": "model", "steps": 1})()

    monkeypatch.setattr("encoder.distill.distill", fake_distill)
    digests = iter(["first", "first", "second"])
    monkeypatch.setattr(cli, "inputs_digest", lambda teacher: next(digests))
    out = tmp_path / "encoder-zh"

    assert cli.main(["build", "--out", str(out)]) == 0
    assert cli.main(["build", "--out", str(out)]) == 0
    assert len(calls) == 1
    assert cli.main(["build", "--out", str(out)]) == 0
    assert len(calls) == 2
    assert (out / cli.STAMP).read_text().strip() == "second"
    assert not out.with_name("encoder-zh.partial").exists()
    assert not out.with_name("encoder-zh.old").exists()


def test_the_inputs_digest_changes_with_the_pairs(tmp_path, monkeypatch):
    before = cli.inputs_digest("")
    assert before == cli.inputs_digest("")
    root = tmp_path / "project"
    for folder in ("encoder", "data/parallel", "data/faq", "kb_index"):
        (root / folder).mkdir(parents=True)
    for name in ("text.py", "passages.py"):
        (root / "kb_index" / name).write_text("")
    monkeypatch.setattr(cli, "PROJECT_ROOT", root)
    (root / "data/parallel/a.yml").write_text("pairs: []\n")
    one = cli.inputs_digest("")
    (root / "data/parallel/a.yml").write_text("pairs: [{en: a, zh: 一}]\n")
    assert cli.inputs_digest("") != one


def test_the_pairs_are_read_from_every_source(tmp_path):
    written = parallel_pairs()
    assert len(written) >= 1000 and all(p.source == "parallel" for p in written)
    faq = tmp_path / "faq"
    faq.mkdir()
    write_article(faq, "reset-2fa")
    category, intent, title, questions, _ = ARTICLES["deposit-memo"]
    uneven = {"en": "Submit a memo recovery request.\n\nIt is free.", "zh": "提交标签找回申请，免费处理。"}
    write_article(faq, "deposit-memo", (category, intent, title, questions, uneven))
    pairs = knowledge_base_pairs(faq)
    # Both titles, and the body of the article whose languages have as many paragraphs.
    assert [p.en for p in pairs] == [
        "Deposit without memo or tag", "Reset two-factor authentication",
        "Go to Forgot 2FA on the login page and follow the reset steps."]
    assert pairs[-1].zh.startswith("在登录页点击忘记谷歌验证")


def test_dictionary_pairs_take_short_glosses_and_stop_at_the_limit():
    assert glosses("提币")[:1] or glosses("提")
    assert all("(" not in g and ";" not in g for g in glosses("提"))
    pairs = dictionary_pairs(["充值", "手续费", "不存在的词汇"], ["银行", "密码"], limit=3)
    assert [p.zh for p in pairs] == ["充值", "手续费", "银行"]
    assert all(p.source == "dictionary" and p.en for p in pairs)

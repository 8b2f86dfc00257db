import pytest
import yaml

from kb_index.articles import load_articles, parse_article
from kb_index.errors import ArticleError
from kb_index.settings import PROJECT_ROOT, KBSettings

VALID = """---
id: a
category: deposits
intent: deposit_delay
title: {en: Title, zh: 标题}
questions: {en: [q1], zh: [问题]}
---
<!-- lang: en -->
English body.

<!-- lang: zh -->
中文正文。
"""


def test_parse_article_splits_languages():
    article = parse_article(VALID)
    assert article.body == {"en": "English body.", "zh": "中文正文。"}
    assert article.questions == {"en": ("q1",), "zh": ("问题",)}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter", "front matter"),
        (VALID.replace("<!-- lang: zh -->", ""), "'zh'"),
        (VALID.replace("title: {en: Title, zh: 标题}\n", ""), "'title'"),
        (VALID.replace("category: deposits", "category: [unclosed"), "not valid YAML"),
        (VALID.replace("<!-- lang: en -->", "").replace("<!-- lang: zh -->", ""), "markers"),
        (VALID.replace("id: a", "id: " + "a" * 37), "at most 36"),
        (VALID.replace("id: a", "id: Deposit_Late"), "lowercase words"),
    ],
)
def test_malformed_articles_are_rejected_with_the_reason(text, reason):
    with pytest.raises(ArticleError, match=reason):
        parse_article(text, "x.md")


def test_id_must_match_file_name(tmp_path):
    (tmp_path / "b.md").write_text(VALID, encoding="utf-8")
    with pytest.raises(ArticleError, match="differs from the file name"):
        load_articles(tmp_path)


def test_content_hash_changes_with_content_only():
    a = parse_article(VALID)
    assert a.content_hash == parse_article(VALID).content_hash
    assert a.content_hash != parse_article(VALID.replace("English body", "Other")).content_hash


def test_the_shipped_knowledge_base_is_complete_and_consistent():
    articles = load_articles(KBSettings().faq_dir)
    assert len(articles) >= 80
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{len(articles)} articles in both languages" in readme, "README's article count"
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    ids = {a.id for a in articles}
    for article in articles:
        assert article.intent is None or article.intent in domain["intents"], article.id
        for lang in ("en", "zh"):
            assert article.title[lang] and len(article.body[lang]) > 200, (article.id, lang)
            assert len(article.questions[lang]) >= 4, (article.id, lang)
        # cross-references point at articles that exist
        for ref in __import__("re").findall(r"\(see: ([a-z0-9-]+)\)", article.body["en"]):
            assert ref in ids, (article.id, ref)

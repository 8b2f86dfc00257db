import pytest

from kb_index.build import build_index
from kb_index.search import KnowledgeBase


@pytest.fixture
def kb(settings, embedder):
    build_index(settings, embedder)
    return KnowledgeBase.load(settings, embedder)


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("my new phone has no authenticator codes", "en", "reset-2fa"),
        ("forgot the destination tag when sending ripple", "en", "deposit-memo"),
        ("how much commission do makers pay", "en", "trading-fees"),
        ("换手机了谷歌验证没了", "zh", "reset-2fa"),
        ("充值忘了写标签", "zh", "deposit-memo"),
        ("交易手续费多少", "zh", "trading-fees"),
    ],
)
def test_hybrid_search_finds_the_article(kb, query, language, expected):
    hits = kb.search(query, language)
    assert hits[0].article_id == expected
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_hits_come_in_the_users_language(kb):
    assert all(h.language == "zh" for h in kb.search("手续费", "zh"))
    assert all(h.language == "en" for h in kb.search("fees", "en"))
    assert kb.search("手续费", "zh")[0].title == "现货交易手续费"


def test_lexical_search_carries_chinese_where_the_english_model_cannot(kb):
    query = "充值忘了写标签"
    assert kb.search(query, "zh", mode="lexical")[0].article_id == "deposit-memo"
    hybrid = kb.search(query, "zh", mode="hybrid")[0]
    assert hybrid.article_id == "deposit-memo" and hybrid.lexical > 0


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("換手機了谷歌驗證沒了", "换手机了谷歌验证没了"),
    ("充值忘了寫標籤", "充值忘了写标签"),
])
def test_traditional_characters_find_what_simplified_ones_find(kb, traditional, simplified):
    [found] = {h.article_id for h in kb.search(traditional, "zh", mode="lexical")[:1]}
    assert found == kb.search(simplified, "zh", mode="lexical")[0].article_id
    assert kb.search(traditional, "zh", mode="lexical")[0].confidence == pytest.approx(
        kb.search(simplified, "zh", mode="lexical")[0].confidence)


def test_a_fusion_tie_goes_to_the_more_confident_article(kb, monkeypatch):
    # First in one ranking and second in the other, both ways round: equal fused scores.
    monkeypatch.setattr(kb, "_dense_scores",
                        lambda vector, language: {"reset-2fa": 0.82, "deposit-memo": 0.78})
    monkeypatch.setattr(kb, "_lexical_scores", lambda query, language: (
        {"deposit-memo": 9.0, "reset-2fa": 6.0}, {"deposit-memo": 0.77, "reset-2fa": 0.61}))
    first, second = kb.search("nonce too high", "en")[:2]
    assert first.score == pytest.approx(second.score)
    assert (first.article_id, second.article_id) == ("deposit-memo", "reset-2fa")
    assert first.confidence > second.confidence


def test_modes_report_their_own_confidence(kb):
    dense = kb.search("reset my authenticator", "en", mode="dense")[0]
    lexical = kb.search("reset my authenticator", "en", mode="lexical")[0]
    hybrid = kb.search("reset my authenticator", "en")[0]
    assert dense.confidence == pytest.approx(dense.dense)
    assert 0 < lexical.confidence <= 1
    assert hybrid.confidence == pytest.approx((hybrid.dense + lexical.confidence) / 2, abs=1e-6)


def test_unrelated_question_has_low_confidence(kb):
    related = kb.search("I lost my authenticator app", "en")[0]
    unrelated = kb.search("what's the weather in Paris tomorrow", "en")[0]
    assert unrelated.confidence < 0.5 < related.confidence


def test_empty_query_returns_nothing(kb):
    assert kb.search("   ") == []


def test_approximate_index_past_the_size_setting(settings, embedder):
    hnsw_settings = settings.__class__(
        faq_dir=settings.faq_dir, index_dir=settings.index_dir, ann_min_vectors=1
    )
    report = build_index(hnsw_settings, embedder)
    assert report.index_type == "hnsw"
    kb = KnowledgeBase.load(hnsw_settings, embedder)
    assert kb.search("maker and taker fee", "en")[0].article_id == "trading-fees"


def test_dense_ranking_counts_only_for_languages_the_model_knows(settings, embedder):
    build_index(settings, embedder)
    english_only = KnowledgeBase.load(
        settings.__class__(**{**settings.dict(), "dense_languages": ("en",)}), embedder)
    hit = english_only.search("交易手续费多少", "zh")[0]
    assert hit.confidence == pytest.approx(
        english_only.search("交易手续费多少", "zh", mode="lexical")[0].confidence
    )

    both = settings.__class__(faq_dir=settings.faq_dir, index_dir=settings.index_dir,
                              dense_languages=("en", "zh"), dense_weights={"zh": 1.0})
    multilingual = KnowledgeBase.load(both, embedder)
    mixed = multilingual.search("交易手续费多少", "zh")[0]
    assert mixed.confidence == pytest.approx((mixed.dense + hit.confidence) / 2, abs=1e-6)


def test_dense_languages_setting_from_the_environment(monkeypatch):
    from kb_index.settings import KBSettings

    monkeypatch.delenv("DESK_KB_DENSE_LANGUAGES", raising=False)
    monkeypatch.delenv("DESK_KB_DENSE_WEIGHTS", raising=False)
    assert KBSettings().dense_languages == ("en", "zh")
    assert KBSettings().dense_weights == {"en": 1.0, "zh": 0.5}
    monkeypatch.setenv("DESK_KB_DENSE_LANGUAGES", "en")
    monkeypatch.setenv("DESK_KB_DENSE_WEIGHTS", '{"zh": 0.25}')
    assert KBSettings().dense_languages == ("en",)
    assert KBSettings().dense_weights == {"zh": 0.25}

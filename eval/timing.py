"""Timings as the reports give them: percentiles in milliseconds."""

from __future__ import annotations

import numpy as np


def percentiles_ms(seconds: list[float], percentiles: tuple[int, ...] = (50, 95)
                   ) -> dict[str, float]:
    """Return {"p50": ..., "p95": ...} in milliseconds for timings in seconds."""
    ms = np.array(seconds) * 1000
    return {f"p{p}": float(np.percentile(ms, p)) for p in percentiles}

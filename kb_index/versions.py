"""The index's layout on disk: versioned directories and the CURRENT pointer to the live one.

The build writes a new version beside the old ones and then moves the pointer, so a
running search never reads a half-written index.
"""

from __future__ import annotations

from pathlib import Path

CURRENT_FILE = "CURRENT"


def current_version_dir(index_dir: Path) -> Path | None:
    """Return the directory of the index version in use, if one was built."""
    pointer = Path(index_dir) / CURRENT_FILE
    if not pointer.exists():
        return None
    version_dir = Path(index_dir) / pointer.read_text().strip()
    return version_dir if (version_dir / "manifest.json").exists() else None

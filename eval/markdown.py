"""Markdown pieces for the report's template: numbers, lists and tables.

Numbers go through ``float()`` or ``int()`` before formatting, so a figure missing from the
JSON (a ``StrictUndefined``) raises jinja2's UndefinedError instead of printing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def fixed(value: float, digits: int) -> str:
    """Format with a fixed number of decimals: ``0.9453|fixed(3)`` is ``0.945``."""
    return f"{float(value):.{digits}f}"


def signed(value: float, digits: int) -> str:
    """Format with a sign and fixed decimals: ``0.0041|signed(3)`` is ``+0.004``."""
    return f"{float(value):+.{digits}f}"


def thousands(value: int) -> str:
    """Format a count with thousands separators: ``1000000|thousands`` is ``1,000,000``."""
    return f"{int(value):,}"


def ms(value: float, digits: int) -> str:
    """Format milliseconds: ``9.84|ms(1)`` is ``9.8 ms``."""
    return f"{fixed(value, digits)} ms"


def seconds(value: float, digits: int) -> str:
    """Format seconds: ``33.4|seconds(0)`` is ``33 s``."""
    return f"{fixed(value, digits)} s"


def listed(items: Iterable[Sequence], pattern: str) -> str:
    """Join items with commas, each unpacked into ``pattern.format(*item)``.

    ``{"hub": 7.02}.items()|listed("{} {:.0f} s")`` is ``hub 7 s``.
    """
    return ", ".join(pattern.format(*item) for item in items)


def verdict(value: float, target: float) -> str:
    """Say whether a figure reaches its target."""
    return "meets" if value >= target else "**misses**"


def table_header(*columns: str) -> str:
    """Write a table's header row and the separator row under it."""
    return f"{table_row(*columns)}\n{table_row(*['---'] * len(columns))}"


def table_row(*cells: object) -> str:
    """Write one table row; an empty string is an empty cell."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


FILTERS = {"fixed": fixed, "signed": signed, "thousands": thousands, "ms": ms, "seconds": seconds,
           "listed": listed, "verdict": verdict}
GLOBALS = {"header": table_header, "row": table_row}

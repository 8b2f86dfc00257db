import json
from pathlib import Path

import pytest

# A trimmed copy of docs/evaluation.json: every part the report has, fewer rows in each.
FIGURES = Path(__file__).with_name("figures.json")


@pytest.fixture
def figures() -> dict:
    """The figures of one full evaluation, fresh for each test to change."""
    return json.loads(FIGURES.read_text(encoding="utf-8"))

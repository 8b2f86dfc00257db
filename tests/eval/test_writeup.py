"""The evaluation report rendered from its figures, as a reader of docs/evaluation.md sees it."""

import pytest
from jinja2 import UndefinedError

from eval.writeup import MissingFigures, render_report, write_markdown

HEADINGS = [
    "# Evaluation",
    "## Intents",
    "### Why a linear classifier and not DIET",
    "## Knowledge-base retrieval",
    "### The Chinese encoder against the English model alone",
    "## Answer or escalate",
    "## Handoff decisions of the whole bot",
    "## External benchmark: BANKING77, 10 examples per intent",
    "## Index build and search speed",
    "## Training, size and speed",
    "## Handoff latency through the hub",
    "## Under load: the hub's widget channel against Rasa's REST channel",
]


def section(report: str, heading: str) -> list[str]:
    """The lines under a heading, up to the next heading."""
    lines = report.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return lines[start:end]


def test_report_has_every_section_in_reading_order(figures):
    headings = [line for line in render_report(figures).splitlines() if line.startswith("#")]

    assert headings == HEADINGS


def test_each_part_shows_when_it_was_measured(figures):
    measured = next(line for line in render_report(figures).splitlines()
                    if line.startswith("- Measured"))

    for part, when in figures["measured"].items():
        assert f"{part} {when}" in measured


def test_intent_accuracy_is_shown_to_three_decimals_against_its_target(figures):
    figures["intents"]["zh"]["accuracy"] = 0.8512

    intents = section(render_report(figures), "## Intents")

    assert "| en | 236 | 0.945 | 0.953 | 0.93 (meets) |" in intents
    assert "| zh | 236 | 0.851 | 0.914 | 0.9 (**misses**) |" in intents


def test_latency_is_shown_in_whole_milliseconds_with_thousands_in_vector_counts(figures):
    report = render_report(figures)

    assert "| knowledge base | 40 | 34 ms | 36 ms | 0 |" in section(report, "## Training, size and speed")
    assert any(line.startswith("| 1,000,000 | 50.68 ms | 53.90 ms | 62.2 ms |")
               for line in section(report, "## Index build and search speed"))


@pytest.mark.parametrize("accuracy, verdict", [
    (0.87, "0.86 accuracy — met."),
    (0.8477, "0.86 accuracy — **missed** by 0.012."),
])
def test_banking77_says_whether_the_pipeline_reached_its_target(figures, accuracy, verdict):
    figures["banking77"][0]["accuracy"] = accuracy

    benchmark = section(render_report(figures), "## External benchmark: BANKING77, 10 examples per intent")

    assert any(verdict in line for line in benchmark)


def test_a_missed_hub_overhead_says_what_the_hub_spends_its_time_on(figures):
    for row in figures["load"]:
        if row["path"] == "hub":
            row["p50"] *= 1.5

    load = section(render_report(figures),
                   "## Under load: the hub's widget channel against Rasa's REST channel")

    overhead = [line for line in load if line.startswith("- the hub adds at most 30%")]
    assert len(overhead) == 2
    assert all("— **missed**. Per turn the hub stores" in line for line in overhead)
    assert all("that cost is p50 5.7 ms in-process" in line for line in overhead)


@pytest.mark.parametrize("part, shown_by", [
    ("diet", "### Why a linear classifier and not DIET"),
    ("encoder", "### The Chinese encoder against the English model alone"),
    ("decisions", "## Handoff decisions of the whole bot"),
    ("banking77", "## External benchmark: BANKING77, 10 examples per intent"),
    ("index_build", "## Index build and search speed"),
    ("kb_scaling", "Vector search against index size"),
    ("handoff_latency", "## Handoff latency through the hub"),
    ("load", "## Under load: the hub's widget channel against Rasa's REST channel"),
    ("hub_own_cost", "The hub's own cost"),
    ("memory_mb", "Memory (RSS) after the load test"),
])
def test_a_part_never_measured_leaves_its_section_out(figures, part, shown_by):
    del figures[part]

    report = render_report(figures)

    assert shown_by not in report
    assert "## Training, size and speed" in report


def test_a_part_every_report_has_names_the_run_that_measures_it(figures):
    del figures["latency"]

    with pytest.raises(MissingFigures, match=r"no figures for latency.*--parts latency"):
        render_report(figures)


@pytest.mark.parametrize("part, figure", [
    ("intents", ("en", "macro_f1")),
    ("training", ("model_mb",)),
    ("kb_scaling", ("query_embedding_p95",)),
    ("handoff_latency", ("escalation to console", "p95")),
])
def test_a_figure_missing_inside_a_part_is_an_error_not_a_blank(figures, part, figure):
    *parents, name = figure
    holder = figures[part]
    for key in parents:
        holder = holder[key]
    del holder[name]

    with pytest.raises(UndefinedError, match=name):
        render_report(figures)


def test_write_markdown_writes_the_rendered_report(figures, tmp_path):
    path = tmp_path / "evaluation.md"

    write_markdown(figures, path)

    text = path.read_text(encoding="utf-8")
    assert text == render_report(figures)
    assert text.endswith(".\n") and not text.endswith("\n\n")


def test_the_encoder_is_compared_with_the_english_model_on_every_held_out_set(figures):
    lines = section(render_report(figures), "### The Chinese encoder against the English model alone")
    table = "\n".join(lines)
    assert "| intent accuracy, realistic_zh | 0.811 | 0.856 |" in table
    assert "| kb_questions zh, dense Recall@1 / MRR | 0.318 / 0.800 | 0.763 / 0.800 |" in table
    assert "2827 Chinese characters" in table and "2 epochs" in table

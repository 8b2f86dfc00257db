"""Turn the measured figures into docs/evaluation.md, through templates/evaluation.md.j2.

``python -m eval.writeup`` re-renders the report from docs/evaluation.json without measuring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from eval.markdown import FILTERS, GLOBALS, verdict

TEMPLATES = Path(__file__).parent / "templates"
DOCS = Path(__file__).resolve().parent.parent / "docs"
LANGUAGES = ("en", "zh")
TARGETS = {
    "intent_accuracy": {"en": 0.93, "zh": 0.90},
    "recall_at_1": {"en": 0.90, "zh": 0.85},
    "banking77_accuracy": 0.86,
    # Search including the query embedding, p95, for a knowledge base of this many articles.
    "search_p95_ms": 15,
    "kb_articles": 10_000,
    # Through the hub at 10 concurrent conversations.
    "hub_p95_ms": 200,
    "hub_adds_percent": 30,
}
# Every report has these parts; the value is the ``python -m eval --parts`` run that measures each.
REQUIRED_PARTS = {"intents": "quality", "retrieval": "quality", "thresholds": "quality",
                  "training": "quality", "cold_start_seconds": "latency", "latency": "latency"}
# Passages per article when the index build was not measured (what the shipped index has).
PASSAGES_PER_ARTICLE = 37


class MissingFigures(ValueError):
    """The figures lack parts that every report has."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        runs = ",".join(dict.fromkeys(REQUIRED_PARTS[m] for m in missing))
        super().__init__(f"no figures for {', '.join(missing)}: measure them with "
                         f"`python -m eval --parts {runs}`")


def write_markdown(f: dict, path: Path) -> None:
    """Write the report from the figures ``python -m eval`` collected."""
    path.write_text(render_report(f), encoding="utf-8")


def render_report(figures: dict) -> str:
    """Render the report's Markdown from the figures."""
    template = create_environment().get_template("evaluation.md.j2")
    return template.render(report_context(figures))


def create_environment(templates: Path = TEMPLATES) -> Environment:
    """Build the Jinja environment: a figure missing from the JSON is an error, not a blank."""
    environment = Environment(loader=FileSystemLoader(templates), undefined=StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(FILTERS)
    environment.globals.update(GLOBALS)
    return environment


def report_context(f: dict) -> dict[str, Any]:
    """Gather what the template shows: the figures, and what the report works out from them."""
    missing = [part for part in REQUIRED_PARTS if part not in f]
    if missing:
        raise MissingFigures(missing)
    context: dict[str, Any] = {
        "f": f,
        "languages": LANGUAGES,
        "targets": TARGETS,
        "measured": f.get("measured", {}),
        "recall_targets": _recall_targets(f["retrieval"]),
        "shipped_thresholds": _at_shipped_threshold(f["thresholds"]),
    }
    if "decisions" in f:
        context["decisions"] = _decisions(f["decisions"])
    if "banking77" in f:
        context["banking77"] = _banking77(f["banking77"])
    if "kb_scaling" in f:
        context["scaling"] = _scaling(f["kb_scaling"], f.get("index_build"))
    if "load" in f:
        context["load"] = _load(f["load"], f.get("hub_own_cost"))
    return context


def _recall_targets(retrieval: list[dict]) -> list[tuple[str, float, str]]:
    hybrid = {r["language"]: r for r in retrieval if r["mode"] == "hybrid"}
    targets = TARGETS["recall_at_1"]
    return [(lang, targets[lang], verdict(hybrid[lang]["recall_at_1"], targets[lang]))
            for lang in LANGUAGES]


def _at_shipped_threshold(thresholds: dict) -> list[dict]:
    shipped = thresholds["shipped"]
    return [p for p in thresholds["curve"] if abs(p["threshold"] - shipped[p["language"]]) < 1e-6]


def _decisions(d: dict) -> dict:
    # Figures from before the bot could decline or hand off by policy lack those shares.
    shipped = [{"in_scope_declined": 0, "in_scope_policy_handoff": 0, **p} for p in d["shipped"]]
    return {"shipped": shipped, "mishandled": d.get("mishandled", [])}


def _banking77(rows: list[dict]) -> dict:
    ours = rows[0]["accuracy"]
    target = TARGETS["banking77_accuracy"]
    return {"met": ours >= target, "shortfall": target - ours,
            "against_best_baseline": ours - max(r["accuracy"] for r in rows[1:])}


def _scaling(k: dict, index_build: dict | None) -> dict:
    per_article = (index_build["passages"] / index_build["articles"] if index_build
                   else PASSAGES_PER_ARTICLE)
    needed = TARGETS["kb_articles"] * per_article
    covering = next((r for r in k["sizes"] if r["vectors"] >= needed), k["sizes"][-1])
    best = min(covering["flat_with_embedding_p95"], covering["hnsw_with_embedding_p95"])
    return {"passages_per_article": per_article, "vectors_needed": needed, "covering": covering,
            "met": best < TARGETS["search_p95_ms"] and covering["vectors"] >= needed,
            "slowest_hnsw_p95": max(r["hnsw_p95"] for r in k["sizes"])}


def _load(rows: list[dict], own_cost: dict | None) -> dict:
    # Figures from before the paced runs have no "load": all their runs were back-to-back.
    rows = [{**r, "load": r.get("load", "back-to-back")} for r in rows]
    rasa = {(r["load"], r["replies"], r["concurrency"]): r for r in rows if r["path"] == "rasa"}
    for r in rows:
        base = rasa[(r["load"], r["replies"], r["concurrency"])]
        r["hub_over_rasa"] = r["p50"] / base["p50"] if r["path"] == "hub" else None
    at_ten = []
    for load in ("paced", "back-to-back"):
        hub = [r for r in rows if r["load"] == load and r["path"] == "hub" and r["concurrency"] == 10]
        if not hub:
            continue
        direct = {r["replies"]: r for r in rows
                  if r["load"] == load and r["path"] == "rasa" and r["concurrency"] == 10}
        slowest = max(hub, key=lambda r: r["p95"])
        most_added = max(hub, key=lambda r: r["p50"] / direct[r["replies"]]["p50"])
        base = direct[most_added["replies"]]
        overhead = most_added["p50"] / base["p50"]
        at_ten.append({
            "load": load, "rasa": direct, "slowest": slowest,
            "p95_met": slowest["p95"] < TARGETS["hub_p95_ms"],
            "most_added": most_added, "rasa_p50": base["p50"],
            "added_percent": 100 * (overhead - 1), "added_ms": most_added["p50"] - base["p50"],
            "overhead_met": overhead <= 1 + TARGETS["hub_adds_percent"] / 100,
        })
    return {"rows": rows, "own_cost": own_cost, "at_ten": at_ten,
            "errors": sum(r["errors"] for r in rows)}


def main() -> int:
    """Re-render docs/evaluation.md from docs/evaluation.json."""
    figures = json.loads((DOCS / "evaluation.json").read_text(encoding="utf-8"))
    write_markdown(figures, DOCS / "evaluation.md")
    print(f"wrote {DOCS / 'evaluation.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m eval``: measure the desk and write docs/evaluation.md with its figures.

``--parts`` picks what to measure (all by default): the quality parts (quality, diet,
banking77, decisions, encoder; ``make eval``), the speed parts (index, latency, load;
``make bench``), and realistic (the shipped bot on the realistic held-out messages). ``--rounds
N`` sets how many times each latency message is sent.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from actions.settings import get_settings
from devtools.servers import DEFAULT_MODEL, run_desk
from eval.handoff import threshold_curve
from eval.hub_latency import handoff_latency
from eval.intents import evaluate_intents
from eval.latency import reply_latency
from eval.report import machine_description, plot_confusion, plot_thresholds
from eval.retrieval import evaluate_retrieval
from eval.training import PROJECT_ROOT, train
from kb_index.search import KnowledgeBase
from kb_index.settings import KBSettings

DOCS = PROJECT_ROOT / "docs"
FIGURES = DOCS / "figures"


def measure_quality(figures: dict, work: Path, skip_diet: bool) -> None:
    """Training, intents, the DIET comparison, retrieval and the threshold curve."""
    print("training the shipped model from scratch ...", flush=True)
    shipped = train(work, "shipped", PROJECT_ROOT / "config.yml")
    figures["training"] = {"seconds": shipped.seconds, "model_mb": shipped.megabytes}

    print("intents on the held-out sets ...", flush=True)
    intents = evaluate_intents(shipped.path)
    figures["intents"] = {
        lang: {"n": len(r.examples), "accuracy": r.accuracy, "macro_f1": r.macro_f1,
               "most_confused": r.confusions[:8]}
        for lang, r in intents.items()
    }
    for lang, result in intents.items():
        plot_confusion(result, FIGURES / f"intent_confusion_{lang}.png")

    if not skip_diet:
        print("DIET comparison (NLU only) ...", flush=True)
        diet = train(work, "diet", Path(__file__).parent / "configs" / "diet.yml", nlu_only=True)
        diet_intents = evaluate_intents(diet.path)
        figures["diet"] = {"seconds": diet.seconds, **{
            lang: {"accuracy": r.accuracy, "macro_f1": r.macro_f1}
            for lang, r in diet_intents.items()}}

    print("knowledge-base retrieval ...", flush=True)
    kb = KnowledgeBase.load(KBSettings())
    figures["retrieval"] = [vars(f) for f in evaluate_retrieval(kb)]
    action_settings = get_settings()
    thresholds = {"en": action_settings.answer_threshold("en"),
                  "zh": action_settings.answer_threshold("zh")}
    points = threshold_curve(kb, np.round(np.arange(0.1, 0.81, 0.05), 2))
    plot_thresholds(points, thresholds, FIGURES / "kb_thresholds.png")
    figures["thresholds"] = {"shipped": thresholds, "curve": [vars(p) for p in points]}


def measure_index(figures: dict) -> None:
    """Index build throughput, incremental rebuild, and search speed against size."""
    import shutil

    from eval.kb_scaling import measure
    from kb_index.articles import load_articles
    from kb_index.bilingual import load_embedder
    from kb_index.build import build_index

    print("index build and search speed ...", flush=True)
    settings = KBSettings()
    scratch = Path(tempfile.mkdtemp(prefix="desk-index-"))
    articles = load_articles(settings.faq_dir)
    bench = KBSettings(faq_dir=settings.faq_dir, index_dir=scratch / "index")
    full = build_index(bench, articles=articles)
    changed = articles[:-1] + [type(articles[-1])(**{**articles[-1].__dict__,
                                                     "updated": "changed for the benchmark"})]
    incremental = build_index(bench, articles=changed)
    figures["index_build"] = {
        "articles": full.articles, "passages": full.passages, "full_seconds": full.seconds,
        "articles_per_second": full.articles / full.seconds,
        "incremental_seconds": incremental.seconds,
        "incremental_embedded": incremental.embedded_articles,
    }
    shutil.rmtree(scratch, ignore_errors=True)
    # Searched as the services search: one embedding thread each (desk/servers.py).
    serving = load_embedder(settings.model, settings.chinese_model, threads=1)
    figures["kb_scaling"] = measure(KnowledgeBase.load(settings, embedder=serving))
    figures["kb_scaling"]["embedding_backend"] = serving.backend


def measure_decisions(figures: dict, work: Path) -> None:
    """The whole bot's first move on held-out in-scope and out-of-scope questions."""
    from eval.bot_decisions import ask_bot, decision_curve, mishandled, route_counts
    from eval.report import plot_decisions

    print("the bot's decisions on held-out questions ...", flush=True)
    settings = get_settings()
    shipped = {"en": settings.answer_threshold("en"), "zh": settings.answer_threshold("zh")}
    with run_desk(work / "decisions", DEFAULT_MODEL) as desk:
        decisions = ask_bot(desk.rasa_url, token=desk.token)
    points = decision_curve(decisions, np.round(np.arange(0.0, 0.81, 0.05), 2))
    shipped_points = [p for p in decision_curve(decisions, np.array([shipped["en"]]))
                      if p.language == "en"]
    shipped_points += [p for p in decision_curve(decisions, np.array([shipped["zh"]]))
                       if p.language == "zh"]
    plot_decisions(points, shipped, FIGURES / "bot_decisions.png")
    figures["decisions"] = {"shipped": [vars(p) for p in shipped_points],
                            "curve": [vars(p) for p in points],
                            "routes": route_counts(decisions),
                            "mishandled": mishandled(decisions, shipped)}


def measure_realistic(figures: dict, work: Path, when: str, command: str) -> None:
    """Intents and the whole bot's first move on the realistic held-out messages."""
    from eval.heldout import load_realistic_examples
    from eval.realistic import ask_bot, language_figures, parse_with_model, realistic_model

    languages = ("en", "zh")
    model = realistic_model()
    if model.resolve() != DEFAULT_MODEL.resolve():
        command = f"DESK_EVAL_MODEL={model} {command}"
    examples = {lang: load_realistic_examples(lang) for lang in languages}
    print(f"intents on the realistic held-out sets, model {model} ...", flush=True)
    parsed = {lang: parse_with_model(model, examples[lang]) for lang in languages}
    print("the bot's first move on the realistic held-out sets ...", flush=True)
    with run_desk(work / "realistic", model) as desk:
        moves = {lang: ask_bot(desk.rasa_url, examples[lang], token=desk.token)
                 for lang in languages}
    settings = get_settings()
    figures["realistic"] = {
        "measured": when,
        "command": command,
        # The machine of this part; the top-level "machine" is whichever run came last.
        "machine": machine_description(),
        "model": {"path": str(model.relative_to(PROJECT_ROOT) if model.is_relative_to(PROJECT_ROOT)
                              else model),
                  "shipped": model.resolve() == DEFAULT_MODEL.resolve(),
                  "modified": time.strftime("%Y-%m-%d %H:%M UTC",
                                            time.gmtime(model.stat().st_mtime))},
        "answer_thresholds": {lang: settings.answer_threshold(lang) for lang in languages},
        **{lang: language_figures(examples[lang], parsed[lang], moves[lang])
           for lang in languages},
    }


def _merge_into_latest(path: Path, loaded: dict, figures: dict) -> dict:
    """Return the file as it is now, with the figures this run changed written over it.

    Other runs may have written the file while this one measured; their parts stay.
    """
    latest: dict = json.loads(path.read_text()) if path.exists() else {}
    for key, value in figures.items():
        if key == "measured":
            changed = {p: t for p, t in value.items() if loaded.get("measured", {}).get(p) != t}
            latest.setdefault("measured", {}).update(changed)
        elif loaded.get(key) != value:
            latest[key] = value
    return latest


PARTS = ("quality", "diet", "banking77", "decisions", "index", "latency", "load", "realistic",
         "encoder")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen measurements and write the report.

    Parts not measured in this run keep their figures from docs/evaluation.json, and the
    report says when each part was measured.
    """
    parser = argparse.ArgumentParser(prog="python -m eval")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated subset of {', '.join(PARTS)} (default: all)")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    logging.basicConfig(level=logging.WARNING)
    FIGURES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="desk-eval-"))
    previous_file = DOCS / "evaluation.json"
    figures: dict = json.loads(previous_file.read_text()) if previous_file.exists() else {}
    loaded = copy.deepcopy(figures)
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    figures["machine"] = machine_description()
    measured = figures.setdefault("measured", {})

    if "quality" in parts:
        measure_quality(figures, work, skip_diet="diet" not in parts)
        measured["quality"] = now
        if "diet" in parts:
            measured["diet"] = now
    if "banking77" in parts:
        from eval.banking77 import run as banking77

        print("BANKING77, 10 examples per intent ...", flush=True)
        figures["banking77"] = banking77(work)
        measured["banking77"] = now
    if "encoder" in parts:
        from eval.encoder import compare_encoders

        print("the Chinese encoder against the English model alone ...", flush=True)
        figures["encoder"] = compare_encoders(work)
        measured["encoder"] = now
    if "decisions" in parts:
        measure_decisions(figures, work)
        measured["decisions"] = now
    if "index" in parts:
        measure_index(figures)
        measured["index"] = now
    if "latency" in parts:
        print("reply and handoff latency ...", flush=True)
        from devtools.servers import run_hub

        with run_desk(work / "servers", DEFAULT_MODEL) as desk:
            hub_started = time.monotonic()
            with run_hub(work / "servers-hub", desk):
                figures["cold_start_seconds"] = {
                    "Rasa server and action server": desk.started_seconds,
                    "hub": time.monotonic() - hub_started}
            figures["latency"] = reply_latency(desk.rest_url, rounds=args.rounds)
            figures["handoff_latency"] = handoff_latency(desk, work,
                                                         rounds=2 * args.rounds)
        measured["latency"] = now
    if "load" in parts:
        from devtools.servers import rss_megabytes, run_hub
        from eval.hub_latency import hub_own_cost
        from eval.load import load_test

        print("load: 1, 10 and 50 concurrent conversations, back-to-back and paced ...",
              flush=True)
        figures["hub_own_cost"] = hub_own_cost(work)
        with run_desk(work / "load", DEFAULT_MODEL) as desk:
            with run_hub(work / "load-hub", desk) as (hub_url, hub_pid):
                figures["load"] = load_test(hub_url, desk.rest_url)
                figures["memory_mb"] = {
                    "Rasa server": rss_megabytes(desk.pids["rasa"]),
                    "action server": rss_megabytes(desk.pids["actions"]),
                    "hub": rss_megabytes(hub_pid),
                }
        measured["load"] = now
    if "realistic" in parts:
        command = " ".join(["python -m eval", *(sys.argv[1:] if argv is None else argv)])
        measure_realistic(figures, work, now, command)
        measured["realistic"] = now

    figures = _merge_into_latest(previous_file, loaded, figures)
    previous_file.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    from eval.writeup import write_markdown

    write_markdown(figures, DOCS / "evaluation.md")
    print(f"wrote {DOCS / 'evaluation.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Turn the measured figures into docs/evaluation.md."""

from __future__ import annotations

from pathlib import Path

TARGETS = {"intent_accuracy": {"en": 0.93, "zh": 0.90}, "recall_at_1": {"en": 0.90, "zh": 0.85}}


def _verdict(value: float, target: float) -> str:
    return "meets" if value >= target else "**misses**"


def write_markdown(f: dict, path: Path) -> None:
    """Write the report from the figures ``python -m eval`` collected."""
    lines = [
        "# Evaluation",
        "",
        "Produced by `make eval` (`python -m eval`); the raw figures are in",
        "[evaluation.json](evaluation.json), the pictures in [figures/](figures/).",
        "",
        "- Measured (`python -m eval --parts PART` re-measures one part): " + ", ".join(
            f"{part} {when}" for part, when in f.get("measured", {}).items()),
        f"- Machine: {f['machine']}",
        "- Held-out sets: `eval/heldout/nlu_{en,zh}.yml` (intents, 236 questions per language) and",
        "  `eval/heldout/kb_questions.yml` (2 English and 2 Chinese questions per article, plus 40",
        "  out-of-scope questions per language). They were written separately from the training",
        "  data and the articles' example questions, by different authors, and are never",
        "  trained on or indexed.",
        "",
        "## Intents",
        "",
        "The classifier's top intent for each held-out question (before the fallback threshold).",
        "",
        "| Language | Questions | Accuracy | Macro-F1 | Target accuracy |",
        "| --- | --- | --- | --- | --- |",
    ]
    for lang in ("en", "zh"):
        r = f["intents"][lang]
        target = TARGETS["intent_accuracy"][lang]
        lines.append(f"| {lang} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                     f"{target} ({_verdict(r['accuracy'], target)}) |")
    lines += ["", "Most confused pairs (expected → predicted, count):", ""]
    for lang in ("en", "zh"):
        pairs = ", ".join(f"{t} → {p} ({n})" for t, p, n in f["intents"][lang]["most_confused"])
        lines.append(f"- {lang}: {pairs}")
    lines += ["", "![English confusion matrix](figures/intent_confusion_en.png)",
              "![Chinese confusion matrix](figures/intent_confusion_zh.png)", ""]
    if "diet" in f:
        d = f["diet"]
        lines += [
            "### Why a linear classifier and not DIET",
            "",
            "Both pipelines share the bilingual tokenizer, word and character n-grams and the",
            "sentence embedding; only the classifier differs. Trained on the same data, in the",
            "same run:",
            "",
            "| Classifier | Accuracy en | Accuracy zh | Macro-F1 en | Macro-F1 zh | Training |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| Logistic regression (shipped) | {f['intents']['en']['accuracy']:.3f} | "
            f"{f['intents']['zh']['accuracy']:.3f} | {f['intents']['en']['macro_f1']:.3f} | "
            f"{f['intents']['zh']['macro_f1']:.3f} | {f['training']['seconds']:.0f} s (whole model) |",
            f"| DIET, 100 epochs | {d['en']['accuracy']:.3f} | {d['zh']['accuracy']:.3f} | "
            f"{d['en']['macro_f1']:.3f} | {d['zh']['macro_f1']:.3f} | {d['seconds']:.0f} s (NLU only) |",
            "",
        ]
    lines += [
        "## Knowledge-base retrieval",
        "",
        "Rank of the right article for held-out questions. *Dense*: FAISS over the",
        "all-MiniLM-L6-v2 embeddings of titles, example questions and body passages. *Lexical*:",
        "BM25 over jieba-segmented text with Chinese character bigrams. *Hybrid*: what the bot",
        "uses, reciprocal-rank fusion of the two; the English-only model's ranking is left out",
        "for Chinese questions (`DESK_KB_DENSE_LANGUAGES`), because it only adds noise there.",
        "",
        "| Mode | Language | Questions | Recall@1 | Recall@3 | MRR |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in f["retrieval"]:
        lines.append(f"| {r['mode']} | {r['language']} | {r['questions']} | "
                     f"{r['recall_at_1']:.3f} | {r['recall_at_3']:.3f} | {r['mrr']:.3f} |")
    hybrid = {r["language"]: r for r in f["retrieval"] if r["mode"] == "hybrid"}
    verdicts = []
    for lang in ("en", "zh"):
        target = TARGETS["recall_at_1"][lang]
        verdicts.append(f"{lang} {target} ({_verdict(hybrid[lang]['recall_at_1'], target)})")
    lines += ["", "Targets for hybrid Recall@1: " + ", ".join(verdicts) + ".", ""]
    shipped = f["thresholds"]["shipped"]
    lines += [
        "## Answer or escalate",
        "",
        "An article is shown only when its confidence reaches the threshold; otherwise the",
        "conversation goes to a person. The curve sweeps the threshold over the held-out",
        "questions (in-scope: the right article exists; out-of-scope: no article should be",
        "shown). The dashed line is the shipped setting: "
        f"{shipped['en']} for hybrid confidence (English), {shipped['zh']} for lexical-only",
        "confidence (Chinese). In the bot the intent classifier stands in front of this: the",
        "out_of_scope intent declines price predictions and advice before any search.",
        "",
        "![Answer-or-escalate curves](figures/kb_thresholds.png)",
        "",
        "| Language | Threshold | In-scope answered right | answered wrong | escalated "
        "| Out-of-scope answered |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in f["thresholds"]["curve"]:
        if abs(p["threshold"] - shipped[p["language"]]) < 1e-6:
            lines.append(f"| {p['language']} | {p['threshold']:.2f} | {p['answered_right']:.3f} | "
                         f"{p['answered_wrong']:.3f} | {p['escalated']:.3f} | "
                         f"{p['out_of_scope_answered']:.3f} |")
    if "banking77" in f:
        lines += [
            "## External benchmark: BANKING77, 10 examples per intent",
            "",
            "Read from `../shared/datasets/banking77`. Training sample: 10 questions per intent",
            "(770) drawn from train.csv with `random.Random(77)` per intent in file order",
            "(`eval/banking77.py`), the same for every system; scored on the full test set",
            "(3,080 questions), in the same run. For reference, published: USE+ConveRT 0.852",
            "and the best 10-shot result 0.898.",
            "",
            "| System | Accuracy | Macro-F1 | Training |",
            "| --- | --- | --- | --- |",
        ]
        for r in f["banking77"]:
            lines.append(f"| {r['system']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                         f"{r['train_seconds']:.0f} s |")
        ours = f["banking77"][0]["accuracy"]
        baseline = max(r["accuracy"] for r in f["banking77"][1:])
        verdict = "met." if ours >= 0.86 else (
            f"**missed** by {0.86 - ours:.3f}. Its settings (n-gram and embedding weights, C) "
            "were chosen on the desk's own data and not tuned on BANKING77; it is "
            f"{ours - baseline:+.3f} against the best baseline of this run.")
        lines += ["", "Target for this project's pipeline: 0.86 accuracy — " + verdict, ""]
    if "index_build" in f:
        b = f["index_build"]
        lines += [
            "## Index build and search speed",
            "",
            f"- Full build of {b['articles']} articles ({b['passages']} passages, both languages): "
            f"{b['full_seconds']:.1f} s, {b['articles_per_second']:.1f} articles/s (embedding "
            "dominates).",
            f"- Rebuild after one article changed: {b['incremental_seconds']:.1f} s "
            f"({b['incremental_embedded']} article re-embedded).",
        ]
    if "kb_scaling" in f:
        k = f["kb_scaling"]
        lines += [
            f"- Query embedding alone: p50 {k['query_embedding_p50']:.1f} ms, p95 "
            f"{k['query_embedding_p95']:.1f} ms. The whole hybrid search on the shipped index "
            f"({k['real_vectors']} vectors, embedding and BM25 included): p50 "
            f"{k['hybrid_search_p50']:.1f} ms, p95 {k['hybrid_search_p95']:.1f} ms.",
            "",
            "Vector search against index size (the real passage vectors padded with clustered",
            "synthetic ones; 200 held-out questions as queries; HNSW M=32, efSearch=128; recall of",
            "HNSW's top 10 against exact search):",
            "",
            "| Vectors | Flat p50 | Flat p95 | Flat p95 with embedding | HNSW p50 | HNSW p95 | "
            "HNSW p95 with embedding | HNSW recall@10 | HNSW build |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in k["sizes"]:
            lines.append(
                f"| {r['vectors']:,} | {r['flat_p50']:.2f} ms | {r['flat_p95']:.2f} ms | "
                f"{r['flat_with_embedding_p95']:.1f} ms | {r['hnsw_p50']:.2f} ms | "
                f"{r['hnsw_p95']:.2f} ms | {r['hnsw_with_embedding_p95']:.1f} ms | "
                f"{r['hnsw_recall_at_10']:.3f} | {r['hnsw_build_seconds']:.1f} s |")
        per_article = f["index_build"]["passages"] / f["index_build"]["articles"] \
            if "index_build" in f else 37
        largest = k["sizes"][-1]
        lines += [
            "",
            f"Target: search including the embedding under 15 ms at p95 for 10k articles. At "
            f"this knowledge base's density ({per_article:.0f} passages per article, both "
            f"languages) 10k articles are about {10_000 * per_article / 1000:.0f}k vectors; the "
            f"largest size measured here is {largest['vectors']:,} vectors, where the p95 with "
            f"the embedding is {largest['flat_with_embedding_p95']:.1f} ms exact and "
            f"{largest['hnsw_with_embedding_p95']:.1f} ms with HNSW. Sizes of 1M vectors were "
            "not measured in this run.",
            "",
        ]
    t = f["training"]
    lines += [
        "",
        "## Training, size and speed",
        "",
        f"- `rasa train` of the whole model from scratch: {t['seconds']:.0f} s; packed model "
        f"{t['model_mb']:.1f} MB (the embedding model is not inside it: it is loaded from its "
        "package).",
        f"- Cold start of the Rasa server and the action server until both answer: "
        f"{f['cold_start_seconds']:.0f} s.",
        "- One bot reply through Rasa's REST channel, one message at a time, each from a new "
        "conversation:",
        "",
        "| Reply | Messages | p50 | p95 | Errors |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, r in f["latency"].items():
        lines.append(f"| {name} | {r['n']} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['errors']} |")
    if "handoff_latency" in f:
        lines += [
            "",
            "## Handoff latency through the hub",
            "",
            "A widget user (socket.io, long-polling transport) asks for a person while an agent's",
            "console is connected over its websocket. *Escalation to console*: from the user's",
            "message to the queue update that shows it in the console (this includes the bot's",
            "own reply through Rasa). *Agent message to widget*: from the agent's POST to the",
            "message arriving in the widget's socket.",
            "",
            "| Path | Rounds | p50 | p95 |",
            "| --- | --- | --- | --- |",
        ]
        for name, r in f["handoff_latency"].items():
            lines.append(f"| {name} | {r['n']} | {r['p50']:.0f} ms | {r['p95']:.0f} ms |")
    if "load" in f:
        lines += [
            "",
            "## Under load: the hub's widget channel against Rasa's REST channel",
            "",
            "N conversations at once, each sending the same 4 messages 3 times in a row; the",
            "same messages through the hub (socket.io over a websocket, latency until the hub",
            "acknowledges, after the bot's replies were stored and emitted) and straight to",
            "Rasa's REST channel, one after the other in the same run. The ratio is hub p50",
            "over Rasa p50.",
            "",
            "| Replies | Concurrency | Path | Messages | p50 | p95 | p99 | Messages/s | Errors "
            "| Hub / Rasa (p50) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        direct = {(r["replies"], r["concurrency"]): r for r in f["load"] if r["path"] == "rasa"}
        for r in f["load"]:
            base = direct[(r["replies"], r["concurrency"])]
            ratio = f"{r['p50'] / base['p50']:.2f}" if r["path"] == "hub" else ""
            lines.append(
                f"| {r['replies']} | {r['concurrency']} | {r['path']} | {r['messages']} | "
                f"{r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['p99']:.0f} ms | "
                f"{r['per_second']:.1f} | {r['errors']} | {ratio} |")
    if "load" in f:
        hub10 = [r for r in f["load"] if r["path"] == "hub" and r["concurrency"] == 10]
        rasa10 = {r["replies"]: r for r in f["load"]
                  if r["path"] == "rasa" and r["concurrency"] == 10}
        worst = max(hub10, key=lambda r: r["p95"])
        overhead = max(r["p50"] / rasa10[r["replies"]]["p50"] for r in hub10)
        errors = sum(r["errors"] for r in f["load"])
        lines += [
            "",
            "Targets at 10 concurrent conversations through the hub:",
            f"- p95 under 200 ms: worst case {worst['p95']:.0f} ms ({worst['replies']}) — "
            + ("met." if worst["p95"] < 200 else
               "**missed**. The bot itself is the limit on 2 cores: straight to Rasa, the same "
               "messages take " + ", ".join(f"{r['p50']:.0f} ms ({name})" for name, r in
                                             rasa10.items())
               + " at p50, because Rasa and the action server handle only a few messages a "
               "second here (see Messages/s). The hub's share is the ratio column."),
            f"- the hub adds at most 30% to Rasa's p50: at 10 conversations it adds up to "
            f"{100 * (overhead - 1):.0f}% — " + ("met" if overhead <= 1.3 else "**missed**")
            + ". At one conversation at a time it adds more in proportion (see the ratios): "
            "each turn the hub also stores the messages and reads the turn's intent from "
            "Rasa's tracker, a second request.",
            f"- no errors: {errors} errors over all levels — " + ("met." if errors == 0 else
                "**missed**: at 50 conversations some knowledge-base replies took longer than "
                "the hub's 30 s Rasa timeout, and before a fix made after this run (Python 3.10's "
                "asyncio.TimeoutError) the hub answered those with an error instead of handing "
                "the user to an agent."),
        ]
    if "memory_mb" in f:
        lines += ["", "Memory (RSS) after the load test: " + ", ".join(
            f"{name} {mb:.0f} MB" for name, mb in f["memory_mb"].items()) + "."]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")

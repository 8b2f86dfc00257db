"""The shipped bot on the realistic held-out messages (``eval/heldout/realistic_*.yml``).

Two measurements per language. The intents: the model parses every message in this
process and its classifier's top intent (before the FallbackClassifier) is compared with
the label, as the ``quality`` part does for ``nlu_*.yml``. The whole bot: every message is
sent to the running Rasa server and action server as the first message of a new
conversation, and its first move is judged by ``eval.first_move``.

Both use the shipped model, ``models/desk.tar.gz``, unless ``DESK_EVAL_MODEL`` names
another (a candidate model trained elsewhere, measured before it ships).
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

import aiohttp

from devtools.servers import DEFAULT_MODEL
from eval.bot_decisions import first_turn
from eval.first_move import FirstMove, read_first_move, summarise_moves
from eval.heldout import RealisticExample
from eval.intents import IntentResult, _classifier_top, _parse_all

CONFUSIONS_LISTED = 10
EXAMPLES_PER_CONFUSION = 3


def realistic_model() -> Path:
    """Return the model to measure: ``DESK_EVAL_MODEL`` if set, else the shipped one."""
    return Path(os.environ.get("DESK_EVAL_MODEL") or DEFAULT_MODEL)


def parse_with_model(model_path: Path, examples: list[RealisticExample]) -> list[dict]:
    """Parse every message with the model in this process; return Rasa's parse results."""
    return asyncio.run(_parse_all(model_path, [e.text for e in examples]))


def intent_figures(examples: list[RealisticExample], parsed: list[dict]) -> dict:
    """Accuracy, macro-F1, recall per intent and the commonest confusions, with examples."""
    top = [_classifier_top(p) for p in parsed]
    result = IntentResult(examples[0].language, examples, [t.get("name") or "" for t in top],
                          [float(t.get("confidence") or 0.0) for t in top])
    per_intent = []
    for intent in sorted({e.intent for e in examples}):
        predicted = [p for e, p in zip(examples, result.predicted, strict=True) if e.intent == intent]
        wrong = Counter(p for p in predicted if p != intent).most_common(1)
        per_intent.append({"intent": intent, "n": len(predicted),
                           "correct": predicted.count(intent),
                           "recall": predicted.count(intent) / len(predicted),
                           "most_often_instead": list(wrong[0]) if wrong else None})
    confusions = []
    for expected, predicted, count in result.confusions[:CONFUSIONS_LISTED]:
        texts = [e.text for e, p in zip(examples, result.predicted, strict=True)
                 if e.intent == expected and p == predicted]
        confusions.append({"expected": expected, "predicted": predicted, "count": count,
                           "examples": texts[:EXAMPLES_PER_CONFUSION]})
    return {"n": len(examples), "accuracy": result.accuracy, "macro_f1": result.macro_f1,
            "per_intent": per_intent, "most_confused": confusions,
            "two_matters": _second_matter_ranks(examples, result.predicted, parsed)}


def _second_matter_ranks(examples: list[RealisticExample], predicted: list[str],
                         parsed: list[dict]) -> dict:
    """How the classifier ranks the main and the second matter of two-matter messages."""
    rows = [(e, p, [r["name"] for r in q.get("intent_ranking") or [] if r["name"] != "nlu_fallback"])
            for e, p, q in zip(examples, predicted, parsed, strict=True) if e.also]
    return {"n": len(rows),
            "main_recognised": sum(p == e.intent for e, p, _ in rows),
            "second_is_top": sum(p in e.also for e, p, _ in rows),
            "second_in_top_3": sum(any(a in ranking[:3] for a in e.also) for e, _, ranking in rows)}


def ask_bot(rasa_url: str, examples: list[RealisticExample], concurrency: int = 2,
            token: str = "") -> list[FirstMove]:
    """Send every message to the running bot, each as the first of a new conversation.

    ``token`` is Rasa's API token (``RunningDesk.token``), needed to read the trackers.
    """
    return asyncio.run(_ask_all(rasa_url, examples, concurrency, token))


async def _ask_all(rasa_url: str, examples: list[RealisticExample], concurrency: int,
                   token: str) -> list[FirstMove]:
    limit = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        async def bounded(example: RealisticExample) -> FirstMove:
            async with limit:
                return await _ask(session, rasa_url, example, token)

        return list(await asyncio.gather(*(bounded(e) for e in examples)))


async def _ask(session: aiohttp.ClientSession, rasa_url: str, example: RealisticExample,
               token: str) -> FirstMove:
    return read_first_move(*await first_turn(session, rasa_url, example.text, token,
                                             prefix="realistic"))


def language_figures(examples: list[RealisticExample], parsed: list[dict],
                     moves: list[FirstMove]) -> dict:
    """Every figure of one language: intents, first moves, and the two checks joined."""
    intents = intent_figures(examples, parsed)
    bot = summarise_moves(examples, moves)
    # The server's parse should be the in-process one; a difference would mean another model.
    server_top = [next((r for r in m.ranking if r != "nlu_fallback"), "") for m in moves]
    local_top = [_classifier_top(p).get("name") or "" for p in parsed]
    bot["two_matters"].update(intents.pop("two_matters"))
    return {"intents": intents, **bot,
            "server_parse_differs": sum(a != b for a, b in zip(server_top, local_top, strict=True))}

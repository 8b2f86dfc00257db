"""Write the evaluation report and its figures."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from eval.bot_decisions import DecisionPoint  # noqa: E402
from eval.handoff import ThresholdPoint  # noqa: E402
from eval.intents import IntentResult  # noqa: E402


def machine_description() -> str:
    """Describe the machine the figures were measured on."""
    cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpus} CPU cores ({model}){memory}, no GPU, Python {platform.python_version()}"


def plot_confusion(result: IntentResult, path: Path) -> None:
    """Save the intent confusion matrix of one language as a PNG."""
    truth = [e.label for e in result.examples]
    labels = sorted(set(truth) | set(result.predicted))
    matrix = confusion_matrix(truth, result.predicted, labels=labels)
    fig, ax = plt.subplots(figsize=(9, 8))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=6,
                        color="white" if i == j else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    ax.set_title(f"Intent confusion, held-out {result.language} "
                 f"(accuracy {result.accuracy:.3f})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_thresholds(points: list[ThresholdPoint], shipped: dict[str, float], path: Path) -> None:
    """Save the answer-or-escalate curves, one panel per language, shipped point marked."""
    _language_panels(
        points, shipped, path,
        series=[("in-scope answered right", lambda p: p.answered_right),
                ("in-scope escalated", lambda p: p.escalated),
                ("in-scope answered wrong", lambda p: p.answered_wrong),
                ("out-of-scope answered", lambda p: p.out_of_scope_answered)],
        titles={"en": "English (hybrid confidence)", "zh": "Chinese (lexical confidence)"},
        xlabel="answer threshold")


def plot_decisions(points: list[DecisionPoint], shipped: dict[str, float], path: Path) -> None:
    """Save the whole bot's answer-or-hand-off curves, one panel per language."""
    _language_panels(
        points, shipped, path,
        series=[("in-scope: right article", lambda p: p.in_scope_right),
                ("in-scope: handed off for low confidence, or declined",
                 lambda p: p.in_scope_escalated + p.in_scope_declined),
                ("in-scope: wrong article", lambda p: p.in_scope_wrong),
                ("out-of-scope: declined or handed off", lambda p: p.out_of_scope_declined),
                ("out-of-scope: article shown", lambda p: p.out_of_scope_answered)],
        titles={"en": "English: the whole bot", "zh": "Chinese: the whole bot"},
        xlabel="knowledge-base answer threshold")


def _language_panels(points, shipped: dict[str, float], path: Path, series, titles: dict[str, str],
                     xlabel: str) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for ax, language in zip(axes, ("en", "zh"), strict=True):
        own = [p for p in points if p.language == language]
        x = [p.threshold for p in own]
        for label, value in series:
            ax.plot(x, [value(p) for p in own], label=label)
        ax.axvline(shipped[language], color="grey", linestyle="--", label="shipped threshold")
        ax.set_title(titles[language])
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of held-out questions")
    axes[1].legend(fontsize=7, loc="center right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

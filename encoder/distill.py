"""Teach all-MiniLM-L6-v2 Chinese by multilingual knowledge distillation.

Reimers & Gurevych (2020), "Making Monolingual Sentence Embeddings Multilingual using
Knowledge Distillation": a student copy of the English model is trained so that a Chinese
sentence lands where the teacher puts its English translation, and an English sentence
stays where the teacher puts it. The teacher knows 244 CJK characters, so the student's
vocabulary is extended first:

1. every Chinese character of the HSK 3.0 list and of the project's Chinese text that the
   teacher's WordPiece vocabulary lacks is added as a token;
2. each new token's input embedding starts as the mean of the teacher's embeddings of its
   first CC-CEDICT glosses (提 starts near "to carry", "to lift"), so training begins from
   a meaning, not from noise;
3. the teacher's own rows are frozen: English text is embedded exactly as before, apart
   from what the shared transformer layers learn, and the English anchors keep those close.

Training minimises the squared distance between the student's normalised embedding of
each text and the teacher's normalised embedding of the English side, for one pass over
the data in length-sorted batches.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from encoder.corpus import (
    Pair,
    dictionary_pairs,
    glosses,
    hsk_words,
    knowledge_base_pairs,
    parallel_pairs,
    project_chinese_texts,
    words_by_frequency,
)
from kb_index.embedder import Embedder, resolve_model_path
from kb_index.text import CJK_CHARACTER, to_simplified

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DistillSettings:
    """How the student is trained. The defaults are the measured recipe (docs/evaluation.md)."""

    seed: int = 20261204
    epochs: int = 2
    batch_size: int = 32
    max_tokens: int = 64
    # New token embeddings learn fast; the shared transformer barely moves.
    embedding_lr: float = 2e-3
    transformer_lr: float = 5e-5
    warmup_share: float = 0.05
    dictionary_pairs: int = 3000
    # The share of pairs whose English side is trained on too: English runs through the
    # English model (kb_index.bilingual), but Chinese text holds English words ("USDT 提不了"),
    # and these keep the shared layers reading them as the teacher does.
    english_share: float = 0.3


@dataclass(frozen=True)
class DistillReport:
    """What a training run used and how long it took."""

    teacher: str
    added_tokens: int
    initialised_from_glosses: int
    pairs: dict[str, int]
    english_anchors: int
    steps: int
    target_seconds: float
    train_seconds: float
    final_loss: float


def training_pairs(settings: DistillSettings) -> list[Pair]:
    """Every Chinese -> English pair the student learns from."""
    written = parallel_pairs() + knowledge_base_pairs()
    project_words = words_by_frequency(project_chinese_texts())
    words = dictionary_pairs(project_words, hsk_words(), limit=settings.dictionary_pairs)
    return written + words


def new_characters(tokenizer, texts: list[str]) -> list[str]:
    """The Chinese characters of the texts and of HSK 3.0 that the tokenizer cannot spell."""
    characters = set("".join(hsk_words()))
    for text in texts:
        characters.update(CJK_CHARACTER.findall(text))
    known = tokenizer.get_vocab()
    return sorted(c for c in characters if CJK_CHARACTER.fullmatch(c) and c not in known)


def distill(output_dir: Path, teacher: str = "", settings: DistillSettings | None = None,
            pairs: list[Pair] | None = None) -> DistillReport:
    """Train the student and save it as a sentence-transformers directory in ``output_dir``."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import get_linear_schedule_with_warmup

    settings = settings or DistillSettings()
    teacher_path = resolve_model_path(teacher)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)

    pairs = training_pairs(settings) if pairs is None else pairs
    rng = random.Random(settings.seed)
    english = [p.en for p in pairs if rng.random() < settings.english_share]

    started = time.perf_counter()
    targets = Embedder(teacher_path).embed([p.en for p in pairs] + english)
    target_seconds = time.perf_counter() - started
    texts = [to_simplified(p.zh) for p in pairs] + english

    student = SentenceTransformer(teacher_path, device="cpu")
    original_max_length = student.max_seq_length
    student.max_seq_length = settings.max_tokens
    transformer = student[0].auto_model
    tokenizer = student.tokenizer
    word_embeddings = transformer.get_input_embeddings()
    teacher_rows = word_embeddings.weight.detach().clone()
    old_size = teacher_rows.shape[0]

    added = new_characters(tokenizer, texts)
    tokenizer.add_tokens(added)
    transformer.resize_token_embeddings(len(tokenizer), mean_resizing=False)
    word_embeddings = transformer.get_input_embeddings()
    initialised = _initialise_from_glosses(word_embeddings, teacher_rows, tokenizer, added, old_size)

    # The teacher's rows never change: their gradient is zeroed before each step.
    mask = torch.zeros(word_embeddings.weight.shape[0], 1)
    mask[old_size:] = 1.0
    word_embeddings.weight.register_hook(lambda grad: grad * mask)
    embedding_params = [word_embeddings.weight]
    other_params = [p for n, p in student.named_parameters()
                    if p is not word_embeddings.weight and p.requires_grad]
    optimizer = torch.optim.AdamW([
        {"params": embedding_params, "lr": settings.embedding_lr, "weight_decay": 0.0},
        {"params": other_params, "lr": settings.transformer_lr, "weight_decay": 0.01},
    ])
    batches = _length_batches(texts, settings.batch_size, rng) * settings.epochs
    scheduler = get_linear_schedule_with_warmup(
        optimizer, int(len(batches) * settings.warmup_share), len(batches))
    target_tensor = torch.from_numpy(np.asarray(targets, dtype=np.float32))

    # sentence-transformers 5 renamed tokenize to preprocess.
    encode = getattr(student, "preprocess", None) or student.tokenize
    started = time.perf_counter()
    student.train()
    losses: list[float] = []
    for number, batch in enumerate(batches, start=1):
        features = encode([texts[i] for i in batch])
        output = student(features)["sentence_embedding"]
        loss = ((output - target_tensor[batch]) ** 2).sum(dim=1).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
        if number % 50 == 0:
            logger.info("step %d/%d loss %.4f", number, len(batches), np.mean(losses[-50:]))
    train_seconds = time.perf_counter() - started

    student.eval()
    student.max_seq_length = original_max_length
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    student.save(str(output_dir))
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair.source] = counts.get(pair.source, 0) + 1
    report = DistillReport(
        teacher=Path(teacher_path).name, added_tokens=len(added),
        initialised_from_glosses=initialised, pairs=counts, english_anchors=len(english),
        steps=len(batches), target_seconds=round(target_seconds, 1),
        train_seconds=round(train_seconds, 1),
        final_loss=round(float(np.mean(losses[-50:])) if losses else 0.0, 4),
    )
    (output_dir / "distillation.json").write_text(
        json.dumps({"settings": asdict(settings), "report": asdict(report)}, indent=2))
    return report


def _initialise_from_glosses(word_embeddings, teacher_rows, tokenizer, added: list[str],
                             old_size: int) -> int:
    """Start each new character at the mean teacher embedding of its glosses' word pieces."""
    import torch

    unknown = tokenizer.unk_token_id
    fallback = teacher_rows.mean(dim=0)
    initialised = 0
    with torch.no_grad():
        for offset, character in enumerate(added):
            pieces = [i for gloss in glosses(character)
                      for i in tokenizer(gloss, add_special_tokens=False)["input_ids"]
                      if i < old_size and i != unknown]
            if pieces:
                word_embeddings.weight[old_size + offset] = teacher_rows[pieces].mean(dim=0)
                initialised += 1
            else:
                word_embeddings.weight[old_size + offset] = fallback
    return initialised


def _length_batches(texts: list[str], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches of texts of similar length (little padding), in shuffled order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches

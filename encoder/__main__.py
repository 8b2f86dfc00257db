"""Build the Chinese encoder: ``python -m encoder build [--out DIR] [--force]``.

The build is skipped when the encoder in ``DIR`` was trained from the same inputs (the
pairs' sources, this package's code and the teacher's weights): ``make`` calls it before
every ``rasa train`` and it costs a second when nothing changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_ROOT / "models" / "encoder-zh"
STAMP = "inputs.sha256"


def inputs_digest(teacher: str) -> str:
    """Hash every input of a build; equal digests mean the same encoder."""
    from kb_index.embedder import resolve_model_path

    digest = hashlib.sha256()
    files = [
        *sorted((PROJECT_ROOT / "encoder").glob("*.py")),
        *sorted((PROJECT_ROOT / "data" / "parallel").glob("*.yml")),
        *sorted((PROJECT_ROOT / "data" / "faq").glob("*.md")),
        PROJECT_ROOT / "kb_index" / "text.py",
        PROJECT_ROOT / "kb_index" / "passages.py",
    ]
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    teacher_dir = Path(resolve_model_path(teacher))
    for weights in sorted(teacher_dir.glob("*.safetensors")) + sorted(teacher_dir.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m encoder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="train the Chinese encoder if its inputs changed")
    build.add_argument("--out", type=Path, default=DEFAULT_OUTPUT)
    build.add_argument("--teacher", default="", help="teacher model directory (default: packaged)")
    build.add_argument("--force", action="store_true", help="train even if nothing changed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    digest = inputs_digest(args.teacher)
    stamp = args.out / STAMP
    if not args.force and stamp.exists() and stamp.read_text().strip() == digest:
        print(f"encoder: {args.out} is up to date")
        return 0

    from encoder.distill import distill

    started = time.perf_counter()
    print(f"encoder: training the Chinese encoder into {args.out} (about 4 minutes on 2 cores)")
    # A half-trained encoder is never left where services look: train beside it, then swap.
    staging = args.out.with_name(args.out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    report = distill(staging, teacher=args.teacher)
    (staging / STAMP).write_text(digest + "\n")
    if args.out.exists():
        retired = args.out.with_name(args.out.name + ".old")
        args.out.rename(retired)
        staging.rename(args.out)
        shutil.rmtree(retired)
    else:
        staging.rename(args.out)
    print(f"encoder: done in {time.perf_counter() - started:.0f} s: "
          + json.dumps({k: v for k, v in vars(report).items() if k != "teacher"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

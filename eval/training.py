"""Train models for measurement: the shipped config and the comparison pipelines."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TrainedModel:
    """A trained model file, how long training took and how big it is."""

    path: Path
    seconds: float

    @property
    def megabytes(self) -> float:
        """Size of the packed model."""
        return self.path.stat().st_size / 1e6


def train(out_dir: Path, name: str, config: Path, nlu_only: bool = False,
          env: dict[str, str] | None = None) -> TrainedModel:
    """Run `rasa train` (or `rasa train nlu`) from scratch and time it; ``env`` adds settings."""
    rasa = str(Path(sys.executable).parent / "rasa")
    command = [rasa, "train"] + (["nlu"] if nlu_only else []) + [
        "--config", str(config), "--out", str(out_dir), "--fixed-model-name", name, "--force",
    ]
    if nlu_only:
        command.remove("--force")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"training {name} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return TrainedModel(out_dir / f"{name}.tar.gz", seconds)

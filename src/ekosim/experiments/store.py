"""An experiment's --out folder: every finished run is kept, so an interrupted run resumes.

Layout::

    experiment.json          what experiment this folder holds (its fingerprint)
    runs/run-000042/         one finished run: a parquet file per frame (``FRAMES``)

A run's folder is written under a temporary name and renamed when complete (a rename is
atomic), so a run killed half-way leaves no folder that looks finished.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from ekosim.results import write_atomic

MANIFEST = "experiment.json"
RUNS = "runs"
# Every frame a single run has (ekosim.results.Results), each kept per run.
FRAMES = ("kpis", "flows", "ledger", "waits", "decisions", "partner_decisions")


class ExperimentError(ValueError):
    """An experiment that cannot run as asked: the message says what to change."""


class OutFolderError(ExperimentError):
    """The --out folder cannot be used for this experiment."""


def fingerprint(description: Any) -> str:
    """A short digest of everything that decides an experiment's runs."""
    text = json.dumps(description, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class RunStore:
    """Finished runs of one experiment, by run index, in a folder (or in memory if none)."""

    def __init__(self, out: Path | None, description: dict[str, Any], *, overwrite: bool) -> None:
        self.out = out
        self.digest = fingerprint(description)
        self._memory: dict[int, dict[str, pd.DataFrame]] = {}
        if out is not None:
            self._open(out, description, overwrite)

    def _open(self, out: Path, description: dict[str, Any], overwrite: bool) -> None:
        if out.exists() and not out.is_dir():
            raise OutFolderError(f"{out}: exists and is not a folder")
        manifest = out / MANIFEST
        held = _digest_in(manifest)
        if out.exists() and any(out.iterdir()) and held != self.digest:
            if not overwrite:
                what = "a different experiment" if held else "files of something else"
                raise OutFolderError(
                    f"{out}: holds {what}; choose another --out or add --overwrite"
                )
            shutil.rmtree(out / RUNS, ignore_errors=True)
        (out / RUNS).mkdir(parents=True, exist_ok=True)
        for partial in (out / RUNS).glob(".run-*.partial"):
            shutil.rmtree(partial)  # left by a run killed while being written
        manifest_text = json.dumps(
            {"fingerprint": self.digest, **description}, indent=2, default=str
        )
        write_atomic(manifest, manifest_text + "\n")

    def finished(self) -> set[int]:
        if self.out is None:
            return set(self._memory)
        return {
            int(path.name.removeprefix("run-"))
            for path in (self.out / RUNS).glob("run-*")
            if all((path / f"{name}.parquet").is_file() for name in FRAMES)
        }  # a run kept by an older ekosim, without every frame, runs again

    def save(self, index: int, frames: dict[str, pd.DataFrame]) -> None:
        self._memory[index] = frames
        if self.out is None:
            return
        final = self.out / RUNS / f"run-{index:06d}"
        partial = final.with_name(f".{final.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        for name in FRAMES:
            frames[name].to_parquet(partial / f"{name}.parquet", index=False)
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)

    def load(self, index: int) -> dict[str, pd.DataFrame]:
        if index in self._memory or self.out is None:
            return self._memory[index]
        folder = self.out / RUNS / f"run-{index:06d}"
        return {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}


def _digest_in(manifest: Path) -> str | None:
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["fingerprint"])
    except (OSError, ValueError, KeyError, TypeError):
        return None

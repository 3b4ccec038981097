"""Session files and exports as commands' results: what went wrong is a reason a user can read."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core import sessionfile
from ..core.training import Trainer
from .result import OK, Result, refused


def load(path: Path) -> tuple[Trainer | None, Result]:
    """(the session in ``path``, OK), or (None, why it cannot be opened)."""
    try:
        return sessionfile.load(path), OK
    except sessionfile.SessionError as exc:
        return None, refused(f"Could not open {path.name}: {exc}")


def save(trainer: Trainer, path: Path) -> Result:
    try:
        sessionfile.save(trainer, path)
    except sessionfile.SessionError as exc:
        return refused(f"Could not save {path.name}: {exc}")
    except OSError as exc:
        return refused(f"Could not save {path.name}: {exc.strerror or exc}. Nothing was lost: "
                       "the session is still open.")
    return OK


def export_history_csv(history: np.ndarray, path: Path) -> Result:
    """``epoch,loss`` per line, losses written exactly (repr)."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("epoch,loss\n")
            for epoch, loss in enumerate(history.tolist(), 1):
                f.write(f"{epoch},{loss!r}\n")
    except OSError as exc:
        return refused(f"Could not export: {exc.strerror or exc}")
    return OK

"""Session files and exports as commands' results: what went wrong is a reason a user can read.

The session file's modules are imported when a file is first opened or saved (not to start)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core import atomic
from ..core.cancel import Cancelled, Report
from ..core.training import Trainer
from .result import OK, Result, refused

if TYPE_CHECKING:
    from ..core.losscurve import LossCurve


def load(path: Path) -> tuple[Trainer | None, Result]:
    """(the session in ``path``, OK), or (None, why it cannot be opened)."""
    from ..core import sessionfile

    try:
        return sessionfile.load(path), OK
    except sessionfile.SessionError as exc:
        return None, refused(f"Could not open {path.name}: {exc}")


def save(trainer: Trainer, path: Path) -> Result:
    from ..core import sessionfile

    try:
        sessionfile.save(trainer, path)
    except sessionfile.SessionError as exc:
        return refused(f"Could not save {path.name}: {exc}")
    except OSError as exc:
        return refused(f"Could not save {path.name}: {exc.strerror or exc}. Nothing was lost: "
                       "the session is still open.")
    return OK


def export_history_csv(curve: LossCurve, path: Path) -> Result:
    """``epoch,loss,kind`` per line, losses written exactly (repr); see docs/session-format.md."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            if curve.decimated:
                f.write(f"# {curve.epochs} epochs; between the exact first and last epochs each bucket of "
                        "epochs has a min and a max row at its first epoch and a last row (exact) at its last\n")
            f.write("epoch,loss,kind\n")
            for epoch, loss, kind in curve.rows():
                f.write(f"{epoch},{loss!r},{kind}\n")
    except OSError as exc:
        return refused(f"Could not export: {atomic.cannot_write(path, exc)}")
    return OK


def export_reproduction(trainer: Trainer, path: Path, sample: int, precision: int,
                        epochs: int, report: Report | None = None) -> tuple[str, Result]:
    """(what was written, OK) for a .py, .xlsx or .pdf export (xorgui/export.py), or ("", why not).
    The script and the spreadsheet start from the session as its file would reopen; ``sample`` is
    the worksheet's, ``epochs`` what the script trains; ``report`` follows a spreadsheet's progress
    and may stop it (core.cancel)."""
    from ..export import ExportError, export, kind_of
    try:
        return export(trainer, path, epochs, sample=sample if kind_of(path) == "pdf" else None,
                      precision=precision, report=report), OK
    except ExportError as exc:
        return "", refused(f"Could not export: {exc}")
    except Cancelled:
        return "", refused(f"Export cancelled: {path.name} was not written", "info")

"""Crash recovery at start-up: offer back the work an unclean exit left (see gui.autosave).

The offer is a window-modal box, Restore / Discard, that says when the work was saved (local
time) and which file it belonged to. Restore takes the session as unsaved work of that file (Save
writes there); Discard deletes it. A recovery file that cannot be read is moved aside and named in
one line on the status bar, so a bad file never stops the next start. Autosave watches the window
only once the offer is answered, so it never overwrites the work it is offering, and a window
closed (or a Ctrl+C) before an answer leaves that work for the next start.

``XORGUI_TEST_RECOVERY=restore`` (or ``discard``) answers the box by pressing that button as soon
as it is shown, for automated tests of the real program.

A start with nothing to recover (the usual one) loads neither the session file's modules nor the
box: they are imported when there is a file to read.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np
from PySide6.QtCore import QTimer

from ..core.session_position import resume_at
from ..core.training import Trainer
from .autosave import RECORD_KEY, Autosave
from ..core.naming import epoch_number

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtWidgets import QMessageBox

    from .main_window import MainWindow

ENV_ANSWER = "XORGUI_TEST_RECOVERY"


@dataclass(frozen=True)
class Recovered:
    trainer: Trainer
    path: Path | None  # the file the work belonged to, saved back to (None: never saved, or unknown where)
    saved_at: datetime  # local time
    unplaced: str = ""  # a file named without its folder (an earlier xorgui's record): said, not saved to

    def describe(self) -> tuple[str, str]:
        """(what happened, the details: when, which file, what the work is, what each button does)."""
        t = self.trainer
        what = (f"the unsaved work of {self.path.name}" if self.path else
                f"the unsaved work of {self.unplaced}" if self.unplaced else "unsaved work (never saved to a file)")
        when = self.saved_at.strftime("%A %d %B %Y at %H:%M:%S")
        file = (f"File: {self.path}\n" if self.path else
                f"File: {self.unplaced}, in a folder not recorded: Save asks where\n" if self.unplaced else "")
        details = (f"Saved on {when} (local time): a {'-'.join(map(str, t.network.layers))} network "
                   f"at epoch {epoch_number(t.epoch)}.\n" + file
                   + "\nRestore opens it as unsaved changes; Discard deletes it for good.")
        return f"xorgui did not close normally last time. It kept {what}.", details


def read(file: Path) -> Recovered:
    """The recovered session. Raises SessionError if the file is not a good recovery file."""
    from datetime import datetime

    from ..core import sessionfile

    trainer, doc = sessionfile.load_with_extra(file)
    rec = doc.get(RECORD_KEY)
    if not isinstance(rec, dict):
        raise sessionfile.SessionError(f"{RECORD_KEY}: missing, so it is not an autosaved session")
    path = rec.get("path")
    try:  # in local time now: year 1 at +01:00 is before year 1 in UTC (and crashed every start)
        saved_at = datetime.fromisoformat(rec.get("saved_at")).astimezone()
    except (TypeError, ValueError, OverflowError, OSError):
        raise sessionfile.SessionError(f"{RECORD_KEY}.saved_at: expected a date and time") from None
    if path is not None and not isinstance(path, str):
        raise sessionfile.SessionError(f"{RECORD_KEY}.path: expected text or null")
    if path and not _a_file_name(path):  # Save to it would raise
        raise sessionfile.SessionError(f"{RECORD_KEY}.path: not a file name (it holds a NUL or an invalid character)")
    if trainer.cursor == 0:  # an autosave of an earlier xorgui kept the place in the epoch here
        _resume_position(trainer, rec)
    # a relative path (kept by an earlier xorgui) is relative to a folder no longer known: saved
    # from another one it replaced another file of that name; the work is restored as unsaved
    placed = bool(path) and Path(path).is_absolute()
    return Recovered(trainer, Path(path) if placed else None, saved_at, "" if placed or not path else path)


def _a_file_name(path: str) -> bool:
    """No file has a NUL in its name, and a lone surrogate ("\\ud800", valid in JSON) cannot be encoded."""
    try:
        os.fsencode(path)
    except UnicodeError:
        return False
    return "\0" not in path


def _resume_position(trainer: Trainer, rec: dict) -> None:
    """Put the trainer back mid-epoch where an earlier xorgui's recovery record says it was (before
    session files kept ``training.position``). A position that does not fit is left out: the epoch
    starts over."""
    cursor, pending, acc = rec.get("cursor", 0), rec.get("pending", 0), rec.get("accumulated", [])
    if not (type(cursor) is int and type(pending) is int and isinstance(acc, list)):
        return
    if not (0 <= cursor < len(trainer.data) and pending == cursor % trainer.batch_size) or cursor == 0:
        return
    shapes = [w.shape for w in trainer.network.weights]
    try:
        arrays = tuple(np.array(a, dtype=np.float64) for a in acc)
    except (TypeError, ValueError):
        return
    if pending and ([a.shape for a in arrays] != shapes or not all(np.all(np.isfinite(a)) for a in arrays)):
        return
    resume_at(trainer, cursor, arrays if pending else ())


def move_aside(file: Path, why: str = "unreadable") -> Path:
    """Rename a recovery file so that it is never offered again (it is kept for a look, or to be
    opened with File ▸ Open); ``why`` starts its new name."""
    from datetime import datetime

    target = file.with_name(f"{why}-{datetime.now():%Y%m%d-%H%M%S}-{file.name}")
    try:
        file.replace(target)
    except OSError:
        file.unlink(missing_ok=True)
        return file
    return target


def ask(window: "MainWindow", recovered: Recovered, answered: Callable[[bool], None]) -> QMessageBox:
    """Open the Restore / Discard box (window-modal, not blocking); ``answered(restore)`` follows.
    It has no Cancel: the box cannot be closed without a choice."""
    from PySide6.QtWidgets import QMessageBox

    text, details = recovered.describe()
    box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work?", text, QMessageBox.StandardButton.NoButton,
                      window)
    box.setInformativeText(details)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.buttonClicked.connect(lambda button: answered(button is restore))
    box.open()
    auto = os.environ.get(ENV_ANSWER, "").lower()
    if auto in ("restore", "discard"):
        button = restore if auto == "restore" else discard
        QTimer.singleShot(0, button.click)
    return box


def _taken_over(window: "MainWindow", autosave: Autosave) -> None:
    """The window that held the recovery folder let go: this one autosaves from now on. Work that
    window left (it died) is this window's to keep, not to write over or to swap for its session."""
    file = autosave.leftover()
    if file is None:
        window.show_message("Autosave is on in this window now: the other xorgui window has closed.", "info")
    else:
        moved = move_aside(file, "another-window")
        window.show_message(f"Autosave is on in this window now; the work the other xorgui window left "
                            f"was kept as {moved} (File ▸ Open opens it).", "warning")
    autosave.start()
    autosave.schedule()  # what this window did while the other held the folder


def install(window: "MainWindow", folder: Path) -> Autosave:
    """Autosave for this window in ``folder``/recovery, after offering back what was left there."""
    autosave = Autosave(window.controller, folder, parent=window)
    autosave.failed.connect(lambda text: window.show_message(text, "warning"))
    problem = autosave.claim()
    if problem:
        window.show_message(problem, "warning")
        autosave.take_over_when_free(lambda: _taken_over(window, autosave))
        return autosave
    file = autosave.leftover()
    if file is None:
        autosave.start()
        return autosave
    try:
        recovered = read(file)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the next start must not fail too
        moved = move_aside(file)
        line = f"Could not restore the autosaved work ({exc}); the file was moved to {moved}."
        print(f"xorgui: {line}", file=sys.stderr)
        window.show_message(line, "error")
        autosave.start()
        return autosave

    def answered(restore: bool) -> None:
        if restore:
            window.controller.recover_session(recovered.trainer, recovered.path,
                                              f"at {recovered.saved_at:%H:%M:%S on %d %b}")
        else:
            autosave.discard()
        autosave.start()

    ask(window, recovered, answered)
    return autosave

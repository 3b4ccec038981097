"""What an unexpected error does in the window: its traceback goes to a log file, the user reads
one line saying what happened and where the details are, and the window goes on (unsaved work
is autosaved as always, gui/autosave.py). No traceback reaches the user's terminal.

Installed as ``sys.excepthook`` by the program's start (launch.run_gui): an exception that leaves
a slot, a timer or an event handler ends there. A box says so once per distinct error (its type
and the line that raised it), never while one is open and at most MAX_BOXES a run, so an error
repeated every frame does not bury the window in boxes.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..bug_report import append_to_log, details, one_line, write_aside

LOG_NAME = "errors.log"  # in the app-data folder; errors.log.1 is the one before it
MAX_BOXES = 3  # a run's boxes at most: an error whose message changes every frame is logged, not boxed


def _where_raised(error: BaseException) -> str:
    """The file and line an error was raised at (its innermost frame): one error, whatever its message."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


class ErrorReport:
    """The program's ``sys.excepthook``: log, one line on stderr, a box over ``parent()``."""

    def __init__(self, folder: Path, parent: Callable[[], QWidget | None], boxes: bool = True):
        self.log = Path(folder) / LOG_NAME
        self._parent, self._boxes = parent, boxes
        self._told: set[tuple[str, str]] = set()  # (type, where raised) of the errors a box told about
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        self._previous, sys.excepthook = sys.excepthook, self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, kind, error, tb) -> None:
        if not isinstance(error, Exception):  # SystemExit and the like: as Python would
            self._previous(kind, error, tb)
            return
        try:
            self.report(error, details(error))
        except Exception as failed:  # the report itself must not raise into Qt, nor print a traceback
            print(f"xorgui: internal error, the window goes on: {one_line(error)} (it could not be reported: "
                  f"{one_line(failed)})", file=sys.stderr)

    def report(self, error: Exception, text: str, fatal: bool = False) -> str:
        """Log ``text`` (the details), say ``error`` in one line, and in a box unless one is open, this
        error was told before or a run's boxes are told; returns that line. ``fatal``: the window
        could not open. Where the log cannot be written, the details go to a file of their own."""
        not_written = append_to_log(self.log, text)
        aside = write_aside(text) if not_written is not None else None
        where = (f"The details are in {self.log}." if not_written is None else
                 f"The details are in {aside} ({self.log} could not be written: {not_written})." if aside else
                 f"The details could not be written ({not_written}).")
        what = "the window could not open" if fatal else "internal error, the window goes on"
        line = f"xorgui: {what}: {one_line(error)}. {where}"
        print(line, file=sys.stderr)
        if not_written is not None and aside is None:
            print(text, file=sys.stderr, end="")  # kept somewhere rather than lost
        key = (type(error).__name__, _where_raised(error))
        if self._boxes and key not in self._told and self._box is None and len(self._told) < MAX_BOXES:
            self._told.add(key)
            self._show(error, where, fatal)
        return line

    def _show(self, error: Exception, where: str, fatal: bool) -> None:
        if fatal:  # nothing else runs yet: a box that waits is the last thing the program does
            QMessageBox.critical(None, "xorgui could not start", f"The window could not open: {one_line(error)}."
                                 f"\n\nYour unsaved work, if any, is kept for the next start. {where}")
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "xorgui: internal error",
                          f"Something went wrong inside xorgui: {one_line(error)}.\n\nThe window goes on, and "
                          f"your unsaved work is kept (it is autosaved). Please report this error. {where}",
                          QMessageBox.StandardButton.Ok, self._parent())
        box.setModal(False)  # the event loop goes on: a blocking box inside a slot could nest errors
        box.finished.connect(self._closed)
        box.show()
        self._box = box  # only once shown: a box that failed to show does not stop the next

    def _closed(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
        self._box = None

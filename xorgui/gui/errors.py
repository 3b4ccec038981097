"""What an unexpected error does in the window: its traceback goes to a log file, the user reads
one line saying what happened and where the details are, and the window goes on (unsaved work
is autosaved as always, gui/autosave.py). No traceback reaches the user's terminal.

Installed as ``sys.excepthook`` by the program's start (launch.run_gui): an exception that leaves
a slot, a timer or an event handler ends there. The box says so once per distinct error and
never while one is open, so an error repeated every frame does not bury the window in boxes.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..bug_report import append_to_log, one_line

LOG_NAME = "errors.log"  # in the app-data folder; errors.log.1 is the one before it


class ErrorReport:
    """The program's ``sys.excepthook``: log, one line on stderr, a box over ``parent()``."""

    def __init__(self, folder: Path, parent: Callable[[], QWidget | None], boxes: bool = True):
        self.log = Path(folder) / LOG_NAME
        self._parent, self._boxes = parent, boxes
        self._told: set[str] = set()  # the errors a box has told about
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        self._previous, sys.excepthook = sys.excepthook, self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, kind, error, tb) -> None:
        if not isinstance(error, Exception):  # Ctrl+C, SystemExit: as Python would
            self._previous(kind, error, tb)
            return
        try:
            self.report(error, "".join(traceback.format_exception(kind, error, tb)))
        except Exception:  # the report itself must not raise into Qt: the plain hook then
            sys.__excepthook__(kind, error, tb)

    def report(self, error: Exception, details: str, fatal: bool = False) -> str:
        """Log ``details``, say ``error`` in one line (and in a box when none is open and this
        error was not told before); returns that line. ``fatal``: the window could not open."""
        not_written = append_to_log(self.log, details)
        where = (f"The details are in {self.log}." if not_written is None
                 else f"The details could not be written there ({not_written}).")
        what = "the window could not open" if fatal else "internal error, the window goes on"
        line = f"xorgui: {what}: {one_line(error)}. {where}"
        print(line, file=sys.stderr)
        if not_written is not None:
            print(details, file=sys.stderr, end="")  # kept somewhere rather than lost
        if self._boxes and one_line(error) not in self._told and self._box is None:
            self._told.add(one_line(error))
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
        self._box = box
        box.show()

    def _closed(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
        self._box = None

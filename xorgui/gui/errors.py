"""What an unexpected error does in the window: its traceback goes to a log file, the user reads
one line saying what happened and where the details are, and the window goes on. No traceback
reaches the user's terminal.

Installed as ``sys.excepthook`` and ``threading.excepthook`` by the program's start
(launch.run_gui): an exception that leaves a slot, a timer, an event handler or a thread ends
there. A box says so once per distinct error (its type and the line that raised it), never while
one is open, at most MAX_BOXES a run and only from the window's own thread. An error that comes
again and again (every frame, say) is written out in full its first REPEATS_IN_FULL times, then
counted at every power of ten, so the first one, usually the cause, stays in the log.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..bug_report import append_to_log, details, one_line, write_aside
from .autosave import DELAY_MS, TRAINING_INTERVAL_MS

LOG_NAME = "errors.log"  # in the app-data folder; errors.log.1 is the one before it
MAX_BOXES = 3  # a run's boxes at most: an error whose message changes every frame is logged, not boxed
REPEATS_IN_FULL = 3  # of one error (its type and raising line): after those, only a count


def _where_raised(error: BaseException) -> str:
    """The file and line an error was raised at (its innermost frame): one error, whatever its message."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


class _ToReport(logging.Handler):
    """Log records that carry an exception, reported as the hooks do (and not printed by logging)."""

    def __init__(self, report: "ErrorReport"):
        super().__init__(logging.ERROR)
        self._report = report

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self._report(*record.exc_info)


class ErrorReport:
    """The program's ``sys.excepthook``: log, one line on stderr, a box over ``parent()``."""

    def __init__(self, folder: Path, parent: Callable[[], QWidget | None], boxes: bool = True,
                 autosaving: Callable[[], bool] = lambda: False):
        self.log = Path(folder) / LOG_NAME
        self._parent, self._boxes, self._autosaving = parent, boxes, autosaving
        self._told: set[tuple[str, str]] = set()  # (type, where raised) of the errors a box told about
        self._seen: dict[tuple[str, str], int] = {}  # how often each error came
        self._box: QMessageBox | None = None
        self._fatal = False  # the box saying the window could not open is up: no other box
        self._previous, self._previous_thread = sys.excepthook, threading.excepthook
        self._callbacks = _ToReport(self)

    def install(self) -> None:
        self._previous, sys.excepthook = sys.excepthook, self
        self._previous_thread, threading.excepthook = threading.excepthook, self._thread_hook
        # a Future's done-callback that raises is logged there, not raised (autosave, background jobs)
        logging.getLogger("concurrent.futures").addHandler(self._callbacks)

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread
        logging.getLogger("concurrent.futures").removeHandler(self._callbacks)

    def _thread_hook(self, args) -> None:
        if isinstance(args.exc_value, Exception):
            self(args.exc_type, args.exc_value, args.exc_traceback)
        else:  # SystemExit in a thread ends only that thread, quietly: as Python does
            self._previous_thread(args)

    def __call__(self, kind, error, tb) -> None:
        if not isinstance(error, Exception):  # SystemExit and the like: as Python would
            self._previous(kind, error, tb)
            return
        try:
            self.report(error, details(error))
        except Exception as failed:  # the report itself must not raise into Qt, nor print a traceback
            print(f"xorgui: internal error, the window goes on: {one_line(error)} (it could not be reported: "
                  f"{one_line(failed)})", file=sys.stderr)

    def report(self, error: Exception, text: str, stage: str = "run") -> str:
        """Log ``text`` (the details), say ``error`` in one line, and in a box unless one is open, this
        error was told before or a run's boxes are told; returns that line. ``stage``: "start" (the
        window could not open), "run" (it goes on) or "end" (it has closed: no box). Where the log
        cannot be written, the details go to a file of their own."""
        key = (type(error).__name__, _where_raised(error))
        count = self._seen[key] = self._seen.get(key, 0) + 1
        if count > REPEATS_IN_FULL:  # told already: counted, not written again
            if str(count).strip("0") == "1":  # 10, 100, 1000, …
                append_to_log(self.log, f"(the {one_line(error)} error above has now come {count:,} times)")
            return ""
        not_written = append_to_log(self.log, text)
        aside = write_aside(text) if not_written is not None else None
        where = (f"The details are in {self.log}." if not_written is None else
                 f"The details are in {aside} ({self.log} could not be written: {not_written})." if aside else
                 f"The details could not be written ({not_written}).")
        what = {"start": "the window could not open", "run": "internal error, the window goes on",
                "end": "internal error as the window closed"}[stage]
        line = f"xorgui: {what}: {one_line(error)}. {where}"
        print(line, file=sys.stderr)
        if not_written is not None and aside is None:
            print(text, file=sys.stderr, end="")  # kept somewhere rather than lost
        on_window_thread = threading.current_thread() is threading.main_thread()
        if (self._boxes and on_window_thread and stage != "end" and key not in self._told and self._box is None
                and not self._fatal and len(self._told) < MAX_BOXES):
            self._told.add(key)
            self._show(error, where, stage == "start")
        return line

    def _show(self, error: Exception, where: str, fatal: bool) -> None:
        if fatal:  # nothing else runs yet: a box that waits is the last thing the program does
            self._fatal = True
            QMessageBox.critical(None, "xorgui could not start", f"The window could not open: {one_line(error)}."
                                 f"\n\nWork autosaved by an earlier run, if any, is offered at the next start. {where}")
            return
        kept = (f"Your unsaved work is autosaved within {DELAY_MS // 1000} s of each change and every "
                f"{TRAINING_INTERVAL_MS // 1000} s while training." if self._autosaving() else
                "This window does not autosave: save your work now.")
        box = QMessageBox(QMessageBox.Icon.Warning, "xorgui: internal error",
                          f"Something went wrong inside xorgui: {one_line(error)}.\n\nThe window goes on. {kept} "
                          f"Please report this error. {where}", QMessageBox.StandardButton.Ok, self._parent())
        box.setModal(False)  # the event loop goes on: a blocking box inside a slot could nest errors
        box.finished.connect(self._closed)
        box.show()
        self._box = box  # only once shown: a box that failed to show does not stop the next

    def _closed(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
        self._box = None

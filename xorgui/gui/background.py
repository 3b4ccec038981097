"""Long work beside the event loop: a job runs on a worker thread while the window keeps painting
and its timers keep firing; if it takes more than a moment, a window-modal progress dialog shows,
whose Cancel (or Esc) stops the job (core.cancel). The caller gets the job's result, or its
exception, as if the job had run in place."""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.cancel import Cancelled, Report

SHOW_AFTER = 0.3  # seconds the window may wait without a dialog: a quicker job shows none
STEPS = 1000  # the progress bar's resolution: a signal at most every thousandth of the job
SWITCH_INTERVAL = 0.0005  # seconds the job's thread holds the interpreter at a time while it runs
T = TypeVar("T")


class _Relay(QObject):
    """Carries the worker's news to the GUI thread (queued, as it lives there)."""

    progressed = Signal(int)
    finished = Signal()


class ProgressDialog(QProgressDialog):
    """Cancel, Esc and closing all ask the job to stop; the dialog closes when it has stopped, so
    the window stays blocked until then."""

    stop_requested = Signal()

    def __init__(self, label: str, parent: QWidget):
        super().__init__(label, "Cancel", 0, STEPS, parent)
        self.canceled.disconnect(self.cancel)  # Qt's own cancel hides the dialog at once
        self.canceled.connect(self.stop_requested)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def reject(self) -> None:  # Esc
        self.stop_requested.emit()

    def closeEvent(self, event) -> None:
        event.ignore()
        self.stop_requested.emit()


def run_beside(parent: QWidget, label: str, job: Callable[[Report], T]) -> T:
    """``job(report)`` on a worker thread; returns its result (or raises its exception) once it
    has finished, the event loop running meanwhile, with a progress dialog after SHOW_AFTER."""
    stop, done, relay, outcome, shown = threading.Event(), threading.Event(), _Relay(), {}, [-1]

    def report(fraction: float) -> None:  # on the worker: stop when asked, tell only a visible change
        if stop.is_set():
            raise Cancelled
        step = min(STEPS, int(fraction * STEPS))
        if step != shown[0]:
            shown[0] = step
            relay.progressed.emit(step)

    def run() -> None:
        try:
            outcome["result"] = job(report)
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome["error"] = exc
        done.set()  # before the signal: a loop that has not started yet is not waited in
        relay.finished.emit()

    worker = threading.Thread(target=run, name=label, daemon=True)
    early, loop = QEventLoop(), QEventLoop()
    relay.finished.connect(early.quit, Qt.ConnectionType.QueuedConnection)
    # The job's pure Python hands the interpreter back only every switch interval (5 ms): the
    # window's thread, asking for it between each of its numpy calls, waited that long each time
    # (a training chunk of 10 ms of work took 2.9 s beside an export)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    worker.start()
    try:
        # until the dialog shows: the window paints and its timers run (it was blocked in a join),
        # while clicks and keys wait, as they will behind the window-modal dialog
        dialog_due = QTimer(early, singleShot=True, interval=int(SHOW_AFTER * 1000))  # dies with the loop
        dialog_due.timeout.connect(early.quit)
        dialog_due.start()
        early.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        # connected only now (a quit the early loop delivered to this one, not yet running, was
        # lost, and it waited forever), then the job's state checked: a later end quits it
        relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        if not done.is_set():
            _show_progress(loop, label, parent, relay, stop, shown)
    finally:
        sys.setswitchinterval(interval)
    stop.set()  # a loop ended otherwise (the application quitting): the job stops rather than run on
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _show_progress(loop, label, parent, relay, stop, shown) -> None:
    """The progress dialog, while the job still runs after SHOW_AFTER."""
    dialog = ProgressDialog(f"{label}…", parent)
    relay.progressed.connect(dialog.setValue)
    dialog.stop_requested.connect(stop.set)
    dialog.stop_requested.connect(lambda: dialog.setLabelText(f"{label}: stopping…"))
    dialog.setValue(max(shown[0], 0))
    loop.exec()  # until the worker's finished signal, connected before its state was checked
    dialog.hide()
    dialog.deleteLater()

"""Autosave: unsaved work is written to the app-data folder so that a crash loses (almost) nothing.

A few seconds after a change (a single-shot timer started by the first change since the last
write, and not restarted by the next: a Step every 2 s was never written) and every 30 s while
training, the current session is written to ``<data dir>/recovery/session.json`` with
``core.sessionfile.save`` (temp file + rename, so a kill -9 mid-write leaves the previous copy). The file exists only while there is unsaved work: a
clean session (just saved, just opened, undone back to the saved state) removes it at once (a crash
in the seconds after a Save offered the older work back, and Save then wrote it over the newer
file), and so does a clean exit (:meth:`Autosave.finish`), unless the work a crash left was still
being offered. What an unclean exit leaves is offered back at the next start (``gui.recovery``).

Writing happens on one worker thread, from a copy of the trainer taken on the UI thread (a copy of
the weights and the history: milliseconds even for a million epochs); the JSON text of a
million-epoch history takes seconds to build and must not freeze the window. A lock file
(QLockFile, stale once its process is dead) stops a second window from taking over, or offering
back, the work of a window that is still running; such a window tries again every few seconds and
autosaves once the other has let go (:meth:`Autosave.take_over_when_free`).

The session file's modules, the clock and the worker thread are loaded at the first write: the
window starts without them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from ..core.session_position import copy_position
from ..core.training import Trainer

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

ENV_DATA_DIR = "XORGUI_DATA_DIR"  # tests and portable setups: where the recovery folder goes
DELAY_MS = 3000  # after the first change not yet written
TRAINING_INTERVAL_MS = 30_000
RECORD_KEY = "recovery"  # the top-level key of the session file that says whose work it is


def data_dir() -> Path:
    """``$XORGUI_DATA_DIR`` if set, else the platform's app-data folder (QStandardPaths)."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def _copy(trainer: Trainer) -> Trainer:
    """A trainer that the worker may read while the UI thread trains the original."""
    # Network and History copy what they are given; Dataset and the settings are frozen.
    # Raises ValueError if the weights are not finite (a diverged run: nothing worth keeping).
    copy = Trainer(trainer.network.copy(), trainer.data, trainer.config, trainer.init, epoch=trainer.epoch,
                   history=trainer.history, name=trainer.name, notes=trainer.notes,  # a History copies whole
                   test_data=trainer.test_data, source=trainer.source)
    copy.markers = list(trainer.markers)
    copy.sample_history = trainer.sample_history.copy()  # the Per sample lines come back too
    copy_position(trainer, copy)  # saved with it: the work reopens where it stopped in the epoch
    return copy


def record(trainer: Trainer, path: Path | None) -> dict:
    """The recovery record: the file the work belongs to and when it was saved (local time, with
    its UTC offset). The place within the epoch is in the session itself (training.position)."""
    from datetime import datetime

    return {"path": str(path) if path else None,
            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds")}


class Autosave(QObject):
    """Keeps ``file`` equal to the controller's unsaved work (see the module docstring)."""

    failed = Signal(str)  # a sentence for the status bar, once per run of failures

    def __init__(self, controller, folder: Path, delay_ms: int = DELAY_MS,
                 interval_ms: int = TRAINING_INTERVAL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.folder = Path(folder) / "recovery"
        self.file = self.folder / "session.json"
        self._lock = QLockFile(str(self.folder / "session.lock"))
        self.owner = False  # True once this window holds the lock: only then it writes
        self.started = False  # watching the controller: what a crash left was dealt with
        self._debounce = QTimer(self, singleShot=True, interval=delay_ms)
        self._debounce.timeout.connect(self.save_now)
        self._periodic = QTimer(self, interval=interval_ms)
        self._periodic.timeout.connect(self.save_now)
        self._retry: QTimer | None = None  # while another window holds the folder
        self._worker: ThreadPoolExecutor | None = None  # made for the first write
        self._job: Future | None = None
        self._failing = False
        self.writes = 0  # completed writes (for tests and the status bar)

    # -- ownership ---------------------------------------------------------------------------
    def claim(self) -> str:
        """Take the recovery folder for this window: "" if done, else why autosave is off."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"Autosave is off: cannot create {self.folder} ({exc.strerror or exc})."
        self.owner = self._lock.tryLock(0)  # a dead process's lock is stale and taken over
        return "" if self.owner else "Autosave is off in this window: another xorgui window is autosaving."

    def leftover(self) -> Path | None:
        """The work an unclean exit left behind, if any (call after claim, before start)."""
        return self.file if self.owner and self.file.exists() else None

    def start(self) -> None:
        """Watch the controller from now on (after any leftover work has been dealt with)."""
        if not self.owner or self.started:
            return
        self.started = True
        c = self.controller
        for signal in (c.undo_stack.indexChanged, c.file_changed, c.session_replaced):
            signal.connect(self.schedule)
        c.undo_stack.cleanChanged.connect(self._clean_changed)
        c.training_changed.connect(self._training_changed)
        if c.is_training:
            self._periodic.start()

    # -- when ----------------------------------------------------------------------------------
    @property
    def scheduled(self) -> bool:
        """True while a save waits for the debounce delay."""
        return self._debounce.isActive()

    def schedule(self, *_) -> None:
        if not self._debounce.isActive():  # not restarted: changes a second apart are written too
            self._debounce.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # saved, opened or new: no work to lose, and none to offer back after a crash
            self._debounce.stop()
            self.save_now()
        else:
            self.schedule()

    def take_over_when_free(self, taken: Callable[[], None]) -> None:
        """Another window holds the folder: try again every delay; once it has let go (closed, or
        died), this window owns it and ``taken()`` runs (which deals with any work left there, then
        starts). A timer, not this window's changes: a run makes none until it stops."""
        retry = QTimer(self, interval=self._debounce.interval())

        def again() -> None:
            if self._lock.tryLock(0):
                retry.stop()
                self.owner = True
                taken()
        retry.timeout.connect(again)
        retry.start()
        self._retry = retry

    def _training_changed(self, running: bool) -> None:
        if running:
            self._periodic.start()
        else:
            self._periodic.stop()
            self.schedule()

    # -- what ----------------------------------------------------------------------------------
    def save_now(self) -> None:
        """Write the unsaved work now, or remove the file when there is none."""
        if not self.owner:
            return
        c = self.controller
        keep = c.dirty or c.is_training
        if keep and self._job is not None and not self._job.done():
            self.schedule()  # a long write is still going: try again after the delay
            return
        from concurrent.futures import ThreadPoolExecutor

        from ..core import sessionfile

        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xorgui-autosave")
        if keep:
            try:
                trainer = _copy(c.trainer)
            except ValueError:  # the last finite state stays in the file
                self._report("the weights are not finite (training diverged); the last finite state is kept")
                return
            extra = {RECORD_KEY: record(c.trainer, c.path)}
            self._job = self._worker.submit(sessionfile.save, trainer, self.file, extra)
        else:
            self._job = self._worker.submit(self._remove)  # after any write under way: one worker
        self._job.add_done_callback(self._done)

    def _remove(self) -> None:
        self.file.unlink(missing_ok=True)

    def _done(self, job: Future) -> None:  # on the worker thread: only a queued signal leaves it
        from ..core import sessionfile

        exc = job.exception()
        if exc is None:
            self.writes += 1
            self._failing = False
            return
        if not isinstance(exc, (OSError, sessionfile.SessionError)):  # a bug, not a full disk: its details too
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self._report(str(exc) if isinstance(exc, sessionfile.SessionError) else
                     getattr(exc, "strerror", None) or str(exc))

    def _report(self, reason: str) -> None:
        if not self._failing:
            self._failing = True
            self.failed.emit(f"Autosave could not write {self.file}: {reason}.")

    def wait(self) -> None:
        """Block until the write or removal in progress is finished."""
        if self._job is not None:
            self._job.exception()  # waits; failures were reported by _done

    def discard(self) -> None:
        """Remove the recovery file (the user chose to discard it)."""
        self.wait()
        self._remove()

    def finish(self) -> None:
        """A clean exit (the window closed after saving or discarding): no recovery file is left,
        unless it was never dealt with (closed, or Ctrl+C, while its Restore box was open)."""
        self._debounce.stop()
        self._periodic.stop()
        if self._retry is not None:
            self._retry.stop()
        if self._worker is not None:
            self._worker.shutdown(wait=True)
        if self.owner:
            if self.started:
                self._remove()
            self._lock.unlock()
            self.owner = False

"""Trains a twin run in the background of the event loop, a slice at a time.

A zero-interval timer hands ``core.twin_watch.WatchedTwinTraining`` (``core.twin.TwinTraining``
watched by the divergence rule) about ``SLICE_SECONDS`` of work per tick (lockstep steps while it
searches for the first difference, then whole epochs of both twins, or stretches of samples when
an epoch is too long for a slice), so the window repaints and Cancel answers between slices,
with the numbers of one blocking run. The controller's twin commands (twin_commands.py) start
it, record what it did as one undo entry and publish; this class only keeps the clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.twin_watch import WatchedTwinTraining

SLICE_SECONDS = 0.04  # of work per tick: the window stays responsive
FRAME_SECONDS = 0.1  # progress at most 10 times a second: drawing a big pair's weights costs ~30 ms


@dataclass(frozen=True)
class TwinProgress:
    """What the twin window's progress bar and its label show while both twins train."""

    done: int  # epochs finished
    total: int  # epochs asked for
    searching: bool  # still comparing every number, step by step
    stepped: int  # samples stepped in lockstep so far
    limit: int  # the most samples compared step by step

    def text(self) -> str:
        head = f"Training both twins: epoch {self.done:,} of {self.total:,}"
        if self.searching:
            return f"{head}; comparing every number, sample {self.stepped:,} of at most {self.limit:,}"
        return head


class TwinRunner(QObject):
    progressed = Signal()  # a slice was done and more remains
    finished = Signal()  # the training reached its last epoch, or a twin diverged

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.training: WatchedTwinTraining | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._shown = 0.0  # when progress was last published

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def progress(self) -> TwinProgress | None:
        t = self.training
        if t is None or not self.running:
            return None
        return TwinProgress(t.done, t.epochs, t.searching, t.run.stepped, t.run.step_limit)

    def start(self, training: WatchedTwinTraining) -> None:
        self.training = training
        self._timer.start()

    def stop(self) -> None:
        """Stop between two slices: both twins stand at the same step."""
        self._timer.stop()

    def _tick(self) -> None:
        self.training.advance(SLICE_SECONDS)
        if self.training.finished:
            self._timer.stop()
            self.finished.emit()
        elif time.perf_counter() - self._shown >= FRAME_SECONDS:
            self._shown = time.perf_counter()
            self.progressed.emit()

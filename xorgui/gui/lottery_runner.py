"""Runs an initialization lottery in the background of the event loop, a slice at a time.

A zero-interval timer calls the core for about ``SLICE_SECONDS`` per tick (training epochs,
then diagnosing the failed runs), so the window repaints and Cancel answers between slices;
no thread is needed and the core never sees Qt. Progress is published only when it changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.init import Initialization
from ..core.lottery import Lottery, LotterySpec
from ..core.lottery_report import Diagnoser
from .result import OK, Result, refused

SLICE_SECONDS = 0.04  # of work per tick: the window stays responsive


@dataclass(frozen=True)
class LotteryProgress:
    """What the progress bar and its label show."""

    phase: str  # "drawing" (initial weights), "training" or "diagnosing"
    done: int
    total: int
    solved: int  # runs solved so far (training), or after the last epoch (diagnosing)
    runs: int

    def text(self) -> str:
        if self.phase == "drawing":
            return f"Drawing the initial weights: {self.done:,} of {self.total:,} runs"
        if self.phase == "training":
            return (f"Training: epoch {self.done:,} of {self.total:,}; {self.solved:,} of {self.runs:,} runs "
                    "solved so far")
        return f"Diagnosing the failed runs: {self.done:,} of {self.total:,}"


class LotteryRunner(QObject):
    """Start, cancel and finish a lottery of the controller's current session."""

    progress_changed = Signal(object)  # LotteryProgress
    finished = Signal(object)  # LotteryResult
    cancelled = Signal(str)  # what was stopped, for a user

    def __init__(self, controller, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.lottery: Lottery | None = None
        self.diagnoser: Diagnoser | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._last: LotteryProgress | None = None

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def spec(self, runs: int, epochs: int, method: str, scale: float, first_seed: int) -> LotterySpec:
        """The lottery of the session as it is now (raises ValueError for a bad initialization)."""
        own = self.controller.trainer.init
        init = Initialization(method, own.value, scale, first_seed)
        return LotterySpec.of(self.controller.trainer, runs, epochs, init, self.controller.precision)

    def start(self, runs: int, epochs: int, method: str, scale: float, first_seed: int) -> Result:
        """Start a lottery (stopping one that runs); refused with the reason if it cannot run."""
        try:
            spec = self.spec(runs, epochs, method, scale, first_seed)
            problem = spec.problem()
        except ValueError as exc:
            problem = str(exc)
        if problem:
            return refused(problem[0].upper() + problem[1:] + ".")
        self._timer.stop()
        self.lottery, self.diagnoser, self._last = Lottery(spec), None, None
        self._publish()
        self._timer.start()
        return OK

    def cancel(self) -> Result:
        if not self.running:
            return refused("No lottery is running.")
        self._timer.stop()
        lot = self.lottery
        self.lottery = self.diagnoser = None
        self.cancelled.emit(f"Cancelled at epoch {lot.epoch:,} of {lot.spec.epochs:,}.")
        return OK

    def _tick(self) -> None:
        if not self.lottery.trained:
            self.lottery.advance(SLICE_SECONDS)
        else:
            if self.diagnoser is None:
                self.diagnoser = Diagnoser(self.lottery)
            self.diagnoser.advance(SLICE_SECONDS)
            if self.diagnoser.finished:
                self._timer.stop()
                self.finished.emit(self.diagnoser.result())
                return
        self._publish()

    def _publish(self) -> None:
        lot = self.lottery
        if not lot.ready:
            now = LotteryProgress("drawing", lot.drawn, lot.spec.runs, 0, lot.spec.runs)
        elif self.diagnoser is None:
            now = LotteryProgress("training", lot.epoch, lot.spec.epochs, int(lot.solved.sum()), lot.spec.runs)
        else:
            now = LotteryProgress("diagnosing", self.diagnoser.done, self.diagnoser.total,
                                  int(lot.solved.sum()), lot.spec.runs)
        if now != self._last:
            self._last = now
            self.progress_changed.emit(now)

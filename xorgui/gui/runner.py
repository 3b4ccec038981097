"""The run loop: advances the trainer on a timer at the chosen speed, and keeps the frame clock.

Training and drawing are paced separately. Each tick trains what the clock owes (samples in
slow motion, epochs otherwise, or a fixed time budget at full speed); ``frame`` is emitted at
most once per tick, and only when the trainer moved and a frame is due, so views redraw at a
fixed rate from the latest state, never once per epoch. At full speed the frame rate also
drops when drawing a frame gets expensive (a long history, a big network), so that drawing
never takes more than ``FAST_RENDER_SHARE`` of the CPU time: this is the window's only redraw
clock. At full speed a tick trains one chunk sized to ``FAST_BUDGET``: whole epochs, starting from
one, or where an epoch takes longer than ``LONG_EPOCH`` (10,000 online samples on a big network:
0.6 s) a stretch of its samples, so that no tick holds the window for long (a first chunk of 64
such epochs froze it for 38 s). The runner also remembers where the
current run segment started, so that a whole run is one undo entry, and watches the run
with the core's divergence rule: a run that diverges stops at that epoch and shows it at once.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.divergence import Divergence, DivergenceWatch
from ..core.training import MAX_EPOCH, Trainer, TrainerState
from ..core.training_rules import PROBE_FROM, PROBE_SAMPLES
from ..core.naming import epoch_number

# Training speeds offered, in epochs per second; None runs as fast as the machine allows.
# At 2 epochs/s and below the run advances one sample at a time ("slow motion").
SPEEDS: tuple[float | None, ...] = (0.25, 0.5, 1, 2, 5, 10, 30, 100, 300, 1000, 3000, 10000, None)
SLOW_MOTION = 2.0
PACED_FRAME = 1 / 30  # paced speeds: a tick, and at most one frame, 30 times a second
FAST_FRAME = 0.1  # full speed: at most 10 frames a second, so the time goes to training
FAST_RENDER_SHARE = 0.04  # full speed: drawing frames may take this share of the CPU time, no more
SLOWEST_FRAME = 0.5  # however expensive a frame, the picture moves twice a second
# full speed: seconds of training per tick; the event loop runs between ticks. 2-5% of the
# intervals of a 5 ms timer hold two ticks, so two chunks must stay well under 20 ms + 5 ms
FAST_BUDGET = 0.010
MAX_CHUNK = 1 << 16
# an epoch longer than this is trained a stretch of samples a tick (the event loop's worst delay the
# window allows itself; stretches step samples through numpy, several times slower than the scalar
# path's whole epochs: 2-3-1 on 10,000 online samples, 48 ms an epoch, trains whole ones)
LONG_EPOCH = 0.050
# Another thread of ours (a background export) holding the interpreter stretched a chunk sized for
# 10 ms of this thread's CPU time to 2.9 s of wall time: a chunk whose wall time exceeds its CPU time
# this many times over is sized by the wall clock
WALL_OVER_CPU = 4.0
# This thread's CPU time paces chunks and frames, so other programs' load neither shrinks chunks
# nor counts as drawing. Windows advances it in clock ticks of ~15.6 ms (GetThreadTimes), too
# coarse to size a 10 ms chunk, so there the wall clock paces instead.
def pacing_clock(platform: str = sys.platform):
    return time.perf_counter if platform == "win32" else time.thread_time


cpu_clock = pacing_clock()


class Runner(QObject):
    """Trains ``trainer`` while running. ``frame`` says: the trainer moved, draw it now."""

    frame = Signal()

    def __init__(self, trainer: Trainer, parent: QObject | None = None):
        super().__init__(parent)
        self.trainer = trainer
        self.speed: float | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._due = 0.0  # fractional epochs (or samples, in slow motion) owed to the clock
        self._last_tick = 0.0
        self._last_frame = self._last_frame_cpu = 0.0  # perf_counter and cpu_clock of the last frame
        self._moved = False  # the trainer advanced since the last frame
        self._frame_cost = 0.0  # CPU seconds a frame costs: the slots it runs, then the paint after it
        self._emit_cost: float | None = None  # set when the last tick emitted a frame
        self._tick_end = 0.0
        self._wall_bound = False  # the last chunk was timed by the wall clock (see _timed)
        self._chunk = 1  # epochs per chunk, adapted to the tick budget (from 1 at each start and edit)
        self._epoch_cost: float | None = None  # seconds an epoch takes here; 0: to be measured by one
        self._sample_cost: float | None = None  # seconds a sample of a stretch takes
        self._segment: TrainerState | None = None
        self._segment_history = 0
        self._watch = DivergenceWatch()
        self._diverged = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def divergence(self) -> Divergence | None:
        """Where the current (or last) run diverged, if it did."""
        return self._watch.divergence

    @property
    def before_divergence(self) -> TrainerState | None:
        """The state one epoch before the divergence (what undo returns to)."""
        return self._watch.before

    def step_watched(self, epochs: int | None) -> None:
        """A Step (``epochs`` None: one sample) or Epoch press, watched by the divergence rule
        against the loss before it; it replaces what the last run found."""
        self._watch = DivergenceWatch.start(self.trainer)
        keep = len(self.trainer.history)
        if epochs is None:
            self._watch.step_sample(self.trainer, keep)
        else:
            self._watch.run_epochs(self.trainer, epochs, keep)

    def forget_divergence(self) -> None:
        """A new session: the last run's divergence says nothing about it."""
        self._watch = DivergenceWatch()

    def set_speed(self, speed: float | None) -> None:
        self.speed = speed
        self._due = 0.0
        if self.running:
            self._timer.setInterval(self._interval())

    def _interval(self) -> int:
        return 0 if self.speed is None else round(PACED_FRAME * 1000)

    def start(self) -> None:
        self.open_segment()
        self._due, self._last_tick, self._moved = 0.0, time.perf_counter(), False
        self._watch, self._diverged = DivergenceWatch.start(self.trainer), False
        self._timer.start(self._interval())

    def stop(self) -> bool:
        """Stop the clock. True if the trainer moved since the last frame (one is owed)."""
        self._timer.stop()
        return self.owe_frame()

    def owe_frame(self) -> bool:
        """True if the trainer moved since the last frame: the caller publishes it now (the next
        tick then owes none)."""
        moved, self._moved = self._moved, False
        return moved

    # -- run segments (one undo entry per run, cut by edits made while it runs) --------------
    def open_segment(self) -> None:
        """A run starts, or goes on after an edit: what it measured may not hold any more (importing
        10,000 rows under a chunk of 1,450 XOR epochs held the window 22 s), and an epoch under way
        starts again for the divergence watch (undo must not go back past the edit)."""
        self._segment = self.trainer.capture()
        self._segment_history = len(self.trainer.history)
        self._chunk, self._epoch_cost, self._sample_cost = 1, None, None
        self._watch.restart_epoch()

    def close_segment(self) -> list[tuple[str, TrainerState, TrainerState]]:
        """The undo entries (text, before, after) for what the run did since the segment opened:
        none if it did not move the trainer, one normally, two when it diverged (up to the epoch
        before, then that epoch), so that one Undo returns to the epoch before the divergence."""
        start, self._segment = self._segment, None
        if start is None or (self.trainer.epoch == start.epoch and self.trainer.cursor == start.cursor):
            return []
        after = self.trainer.capture(history_base=self._segment_history)
        found, before = self.divergence, self.before_divergence
        if found is None or found.epoch != after.epoch or before is None or before.epoch < start.epoch:
            return [(f"Train to epoch {epoch_number(after.epoch)}", start, after)]
        entries = [(f"Epoch {epoch_number(found.epoch)} (diverged)", before, after)]
        if before.epoch > start.epoch or before.cursor != start.cursor:
            entries.insert(0, (f"Train to epoch {epoch_number(before.epoch)}", start, before))
        return entries

    # -- the clock ----------------------------------------------------------------------------
    def _tick(self) -> None:
        now, cpu = time.perf_counter(), cpu_clock()
        elapsed, self._last_tick = now - self._last_tick, now
        flat_out = self._flat_out()
        if self._emit_cost is not None:  # the loop has just painted the last frame
            cost = self._emit_cost + (cpu - self._tick_end if flat_out else 0.0)
            self._frame_cost = 0.5 * self._frame_cost + 0.5 * cost
            self._emit_cost = None
        # where training fills every tick, a tick either trains or draws: a frame due is drawn
        # before training again, so the event loop waits for one or the other, never both
        draw = self._frame_due(now)
        if not (draw and flat_out):
            if self._advance(elapsed):
                self._moved = True
            draw = not flat_out and self._frame_due(now)
        interval = 0 if flat_out else self._interval()  # a paced speed the epochs cannot keep: no pause
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)
        if draw:
            self._moved, self._diverged = False, False
            self._last_frame, self._last_frame_cpu = time.perf_counter(), cpu_clock()
            self.frame.emit()
            self._emit_cost = cpu_clock() - self._last_frame_cpu
        self._tick_end = cpu_clock()

    def _frame_due(self, now: float) -> bool:
        """Paced speeds: 1/30 s after the last frame (ticks come as often: the next one is not
        early). Full speed: at most FAST_FRAME apart, at least SLOWEST_FRAME; in between, once
        this thread has spent frame cost / FAST_RENDER_SHARE of CPU time since the last frame,
        so that frames take at most that share of it (CPU time: other programs' load neither
        hastens frames nor counts as drawing)."""
        if not self._moved:
            return False
        since, flat_out = now - self._last_frame, self._flat_out()
        if self._diverged or (not flat_out and since >= PACED_FRAME * 0.9):
            return True
        spent = cpu_clock() - self._last_frame_cpu
        return flat_out and (since >= SLOWEST_FRAME or (
            since >= FAST_FRAME and spent * FAST_RENDER_SHARE >= self._frame_cost))

    def _flat_out(self) -> bool:
        """Whether training fills every tick: at full speed, or at a paced speed whose epochs are
        too long to keep (trained in stretches): then frames are paced as at full speed."""
        return self.speed is None or (self.speed > SLOW_MOTION and self._stretches())

    def _advance(self, elapsed: float) -> bool:
        """Train what the clock owes for ``elapsed`` seconds. True if anything was trained."""
        trainer = self.trainer
        if self.speed is None:
            self._train_for(FAST_BUDGET)
            return True
        if self.speed <= SLOW_MOTION:
            self._due += elapsed * self.speed * len(trainer.data)
            steps, self._due = int(self._due), self._due - int(self._due)
            start = time.perf_counter()
            for _ in range(steps):
                if self._watch.step_sample(trainer, self._segment_history):
                    self._diverged = True
                    break
                if time.perf_counter() - start > FAST_BUDGET:  # a big network cannot keep the pace
                    self._due = 0.0
                    break
            return steps > 0
        if self._stretches():  # an epoch too long for a tick: a stretch of it, and no debt to keep
            self._train_for(FAST_BUDGET)
            self._due = 0.0
            return True
        self._due += elapsed * self.speed
        epochs = min(int(self._due), int(self.speed))  # never more than a second's worth
        self._due -= int(self._due)
        trained, start = 0, time.perf_counter()
        while trained < epochs and not self._diverged and time.perf_counter() - start < FAST_BUDGET:
            chunk = min(epochs - trained, self._chunk)
            took = self._timed(self._run, chunk)
            if chunk == self._chunk:  # a whole chunk: sized as at full speed (one epoch a call was slow)
                self._resize(took, FAST_BUDGET)
            trained += chunk
        if trained < epochs:
            self._due = 0.0  # a large net cannot keep the pace: drop the debt
        return trained > 0

    def _train_for(self, budget: float) -> None:
        """Run one chunk sized to take ``budget`` seconds, from the time the last one took: whole
        epochs (each chunk, and each tick, pays fixed costs, the divergence watch's bookkeeping and
        a pass of the event loop, so a chunk fills the budget rather than half of it), or a stretch
        of samples where an epoch is too long for a tick."""
        if self._stretches():
            self._train_stretch(budget)
            return
        self._resize(self._timed(self._run, self._chunk), budget)

    def _resize(self, took: float, budget: float) -> None:
        """The next chunk, from the ``took`` seconds of the last one: it settles in a few ticks,
        growing at most twice a tick, and shrinks at once where the wall clock rules."""
        self._epoch_cost = took / self._chunk
        scale = 2.0 if took <= 0 else min(2.0, budget / took if self._wall_bound else max(0.5, budget / took))
        self._chunk = max(1, min(MAX_CHUNK, int(self._chunk * scale)))

    def _stretches(self) -> bool:
        """Whether this tick trains a stretch of samples: to finish the epoch under way, to measure
        a large epoch before training a whole one, or where an epoch is longer than LONG_EPOCH."""
        trainer = self.trainer
        if trainer.cursor:
            return True
        if trainer.batch_size >= len(trainer.data):  # full batch: an epoch is one update, numpy over all
            return False  # samples at once (5 ms for 16-16-16 on 10,000), which a stretch would step one by one
        if self._epoch_cost is None:
            return len(trainer.data) > PROBE_FROM
        return self._epoch_cost > LONG_EPOCH

    def _train_stretch(self, budget: float) -> None:
        trainer, n = self.trainer, len(self.trainer.data)
        count = PROBE_SAMPLES if self._sample_cost is None else int(budget / max(self._sample_cost, 1e-9))
        k = trainer.batch_size
        if k > 1 and trainer.cursor % k == 0:  # whole mini-batches, each one numpy update (a stretch's
            count = max(k, count - count % k)  # samples past a batch's end are stepped one by one)
        count = max(1, min(count, n - trainer.cursor))
        took = self._timed(self._run_samples, count)
        self._sample_cost = took / count
        if trainer.cursor == 0 and self._epoch_cost is None:  # an epoch done in stretches: judge whole ones
            estimate = self._sample_cost * n
            # the scalar path takes a tiny network's whole epoch several times faster than stretches do
            self._epoch_cost = 0.0 if estimate > LONG_EPOCH and trainer.fits_scalar else estimate

    def _timed(self, work: Callable[[int], None], amount: int) -> float:
        """The seconds ``work(amount)`` took by this thread's CPU time, or by the wall clock where
        that was WALL_OVER_CPU times more (another thread of ours held the interpreter)."""
        wall, cpu = time.perf_counter(), cpu_clock()
        work(amount)
        wall, cpu = time.perf_counter() - wall, cpu_clock() - cpu
        self._wall_bound = wall > WALL_OVER_CPU * max(cpu, 1e-6)
        return wall if self._wall_bound else cpu

    def _run_samples(self, count: int) -> None:
        """Train ``count`` samples of the epoch under way (at most to its end), unless the run is at
        the last epoch counted exactly."""
        if self.trainer.epoch < MAX_EPOCH - 1 and self._watch.run_samples(self.trainer, count, self._segment_history):
            self._diverged = True

    def _run(self, epochs: int) -> None:
        """Train ``epochs`` epochs, or up to the one where the run diverges, or to the last epoch
        counted exactly (the controller pauses there at the next frame: ``Snapshot.cannot_train``)."""
        epochs = min(epochs, MAX_EPOCH - 1 - self.trainer.epoch)
        if epochs > 0 and self._watch.run_epochs(self.trainer, epochs, self._segment_history) is not None:
            self._diverged = True

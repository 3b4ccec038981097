"""The controller's twin-run commands (Experiments ▸ Twin run…): the session is the left twin, a
copy from the same weights the right one (core/twin.py); the one change goes into either. A
change of the left twin and stepping or training both are each one undoable change of the
session; the right twin lives only here, so any other change of the session (an undo, an edit,
training in the main window) ends the pair and a new twin must be made.

Step sample is one lockstep step. Epoch and Train run on the TwinRunner's timer, a slice at a
time with progress and Cancel (both twins always stand at the same step between slices); what
they did is recorded as one undo entry when they finish or are cancelled. The main window's
divergence rule watches both (core/twin_watch.py), from the losses of the pair when it was made: a
Train or a Step sample stops at the epoch either twin diverges, the window says which twin and
where, and the pair is not stepped or trained any further (make a new twin to go on).

The twin modules are imported by the commands that use them: none is needed until a twin is
made, and the window starts without them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..core.naming import count, epoch_number, epoch_place
from ..core.timeline import MAX_EPOCH
from ..core.numbers import fmt
from .result import OK, Result, refused
from .undo import StateCommand

if TYPE_CHECKING:
    from ..core.twin import Difference, TwinRun
    from ..core.twin_watch import TwinDivergence, TwinWatches
    from ..core.weight_diff import WeightRow
    from .twin_runner import TwinProgress, TwinRunner

MAX_TWIN_EPOCHS = 100_000
SIDES = ("left", "right")


@dataclass(frozen=True)
class TwinView:
    """What the twin window shows: the change and which twin has it, the first difference (or
    why none yet), each twin's epoch, loss (at the current weights, ``loss_line`` as said) and
    own loss curve (epochs, losses: from ``split``, where the pair was made, at its loss there,
    ``starts``), the run both shared before (``shared``, drawn once; core/twin_curves.py),
    every weight of both (left first; none once the pair has ended) at the session's
    ``precision``, whether the pair can still step, the progress of a Train under way, and where
    a twin diverged (the pair stopped there: it steps no further)."""

    change: str
    side: str
    difference: Difference | None
    status: str
    epoch: int
    losses: tuple[float, float]
    curves: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    weights: tuple[WeightRow, ...]
    in_step: bool
    precision: int
    progress: TwinProgress | None = None
    divergence: TwinDivergence | None = None
    loss_line: str = ""
    starts: tuple[float, float] = (np.nan, np.nan)  # each twin's loss at the split
    shared: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))
    split: float = 0.0  # the epoch (fractional mid-epoch) the pair was made at
    split_place: str = "0"  # the same as the loss line says it: '3,000', '0 (+1 of 4 samples)'


def _signature(trainer) -> tuple:
    return (id(trainer), trainer.epoch, trainer.cursor, trainer.pending_samples, trainer.config,
            tuple(trainer.network.activation_names), tuple(w.tobytes() for w in trainer.network.weights))


class TwinCommands:
    """Mixed into the Controller, which provides ``trainer``, ``change``, ``pause``, the undo
    stack and the ``twin_changed`` signal."""

    twin: TwinRun | None = None
    _twin_change = ""
    _twin_side = "right"
    _twin_signature: tuple | None = None
    _twin_runner: TwinRunner | None = None
    _twin_record: tuple | None = None  # (undo text, state before, history length) of a Train under way
    _twin_divergence: TwinDivergence | None = None  # where a step or Train saw a twin diverge: the pair stops
    _twin_watches: TwinWatches | None = None  # the divergence rule on both twins since the pair was made

    twin_shown: TwinView | None = None  # the twin view last published with twin_changed
    _twin_shown_for: tuple | None = None  # what it depends on beyond the pair: (in step, precision)

    @property
    def twin_running(self) -> bool:
        return self._twin_runner is not None and self._twin_runner.running

    def _twin_depends_on(self) -> tuple:
        in_step = self.twin_running or _signature(self.trainer) == self._twin_signature  # a Train moves it
        return in_step, self.precision

    def _publish_twin(self) -> None:
        """Describe the pair and tell the twin dialog (after a twin command, or a change of the
        session that puts the pair out of step or shows other decimals)."""
        self._twin_shown_for = self._twin_depends_on()
        self.twin_shown = self.twin_view()
        self.twin_changed.emit(self.twin_shown)

    def _follow_twin(self) -> None:
        """After a publish of the session: the twin view anew only if what it shows of the session
        changed (the pair itself changes only by twin commands, which publish it)."""
        if self.twin is not None and self._twin_depends_on() != self._twin_shown_for:
            self._publish_twin()

    def twin_view(self) -> TwinView | None:
        twin = self.twin
        if twin is None:
            return None
        in_step = self._twin_depends_on()[0]
        diverged = self._twin_divergence
        if not in_step:
            status = ("The session changed outside this window (an undo, an edit or training): "
                      "make a new twin to compare again from its current weights.")
        elif twin.difference is not None:
            status = "First difference: " + twin.difference.line(self.precision)
        elif twin.identical:
            status = "No difference: the twins are the same run (the change leaves every setting as it was)."
        elif twin.stepped >= twin.step_limit:
            status = f"No difference in the first {twin.stepped:,} samples stepped."
        elif diverged is not None:  # the pair stopped: no difference will come
            status = f"No difference in the {count(twin.stepped, 'sample')} stepped."
        else:
            status = ("No difference yet" + (f" in {count(twin.stepped, 'sample')} stepped."
                                             if twin.stepped else ": step or train both."))
        from ..core.weight_diff import compare_weights

        rows = tuple(compare_weights(twin.left, twin.right)) if in_step else ()
        if any(not np.isfinite(v) for row in rows for v in (row.first, row.second) if v is not None):
            status = ("Weights shown as NaN or ∞ overflowed when training diverged: nothing more can be "
                      "learned from them; undo to before it. " + status)
        if diverged is not None and in_step:
            status = f"{diverged.stopped(self.precision)} " + status
        from ..core.twin_curves import twin_curves

        losses = (twin.left.current_loss(), twin.right.current_loss())
        curves = twin_curves(twin)
        return TwinView(self._twin_change, self._twin_side, twin.difference, status, twin.left.epoch, losses,
                        curves.own, rows, in_step,
                        self.precision, self._twin_runner.progress() if self.twin_running else None,
                        diverged if in_step else None, self._loss_line(losses, diverged),
                        curves.starts, curves.shared, curves.split,
                        epoch_place(*twin.made_at, len(twin.left.data)))

    def _loss_line(self, losses: tuple[float, float], diverged: TwinDivergence | None) -> str:
        """Both mean losses at the current weights, placed as the main loss plot's header places
        its own: 'epoch 0 (+1 of 4 samples)' mid-epoch; '(diverged)' as the CLI marks it."""
        left = self.twin.left
        said = [fmt(loss, self.precision) + (" (diverged)" if d or not np.isfinite(loss) else "")
                for loss, d in zip(losses, diverged.sides if diverged else (False, False))]
        line = f"Epoch {epoch_place(left.epoch, left.cursor, len(left.data))} · mean loss with the current weights: left {said[0]}, right {said[1]}"
        from ..core.twin import losses_compared

        kinds = losses_compared(left, self.twin.right)  # a twin made by changing the loss
        return f"{line}. {kinds[0].upper()}{kinds[1:]}: the two curves measure different things." if kinds else line

    def make_twin(self, key: str, text: str, side: str = "right") -> Result:
        """A pair from the session as it is now, with ``key`` set to ``text`` in the ``side``
        twin: the right one (a copy), or the left one (the session itself, one undoable change)."""
        from ..core.twin import TwinRun, apply_change, make_twin
        from ..core.twin_change import parse_change

        self.pause()
        if (no := self.travel.refusal()) is not None:  # the pair is made from the present
            return self._tell(no)
        if side not in SIDES:
            return self._tell(refused(f"No twin: the side is left or right, not {side!r}."))
        try:
            change = parse_change(self.trainer, key, text)
            changed = make_twin(self.trainer, **change)  # refused here, before anything changes
        except ValueError as exc:
            return self._tell(refused(f"No twin: {exc}"))
        right = changed
        if side == "left":
            right = make_twin(self.trainer)
            done = self.change(f"Twin: left {key} = {text.strip()}", lambda: apply_change(self.trainer, **change))
            if not done:
                return done
        from ..core.twin_watch import TwinWatches

        self.twin = TwinRun(self.trainer, right, changed=side)
        self._twin_divergence = None
        self._twin_watches = TwinWatches(self.twin)
        self._twin_change, self._twin_side = f"{key} = {text.strip()}", side
        self._twin_signature = _signature(self.trainer)
        self._publish_twin()
        return OK

    def _twin_ready(self) -> Result:
        if self.twin is None:
            return self._tell(refused("Make a twin first."))
        self.pause()
        if _signature(self.trainer) != self._twin_signature:
            return self._tell(refused("The session changed since the twin was made: make a new twin."))
        if (no := self.travel.refusal()) is not None:
            return self._tell(no)
        if self.snapshot.cannot_train:  # a non-finite run, or one at the last epoch counted exactly
            return self._tell(refused(self.snapshot.cannot_train))
        if self._twin_divergence is not None:
            return self._tell(refused(f"{self._twin_divergence.stopped(self.precision)} Make a new twin to compare again."))
        return OK

    def twin_step(self) -> Result:
        """One sample of both twins; the session's part is one undoable change."""
        ready = self._twin_ready()
        if not ready:
            return ready
        from ..core.twin_watch import watched_step

        found = []

        def step() -> None:
            found.append(watched_step(self.twin, self._twin_watches))
            self._twin_signature = _signature(self.trainer)  # in step when the change publishes

        result = self.change(f"Twin step sample {self.trainer.next_sample}", step)
        if found and found[0] is not None:
            self._twin_divergence = found[0]
        self._publish_twin()
        return result

    def twin_train(self, epochs: int) -> Result:
        """Start training both twins ``epochs`` epochs on the runner's timer (Cancel stops it)."""
        ready = self._twin_ready()
        if not ready:
            return ready
        if not 1 <= epochs <= MAX_TWIN_EPOCHS:
            return self._tell(refused(f"Train 1 to {MAX_TWIN_EPOCHS:,} epochs at once."))
        if self.trainer.epoch + epochs >= MAX_EPOCH:  # as `xorgui train`: its file could not be opened again
            return self._tell(refused(f"This run is at epoch {epoch_number(self.trainer.epoch)}: {epochs:,} more would "
                                      f"pass {epoch_number(MAX_EPOCH - 1)}, the last epoch counted exactly."))
        from ..core.twin_watch import WatchedTwinTraining
        from .twin_runner import TwinRunner

        if self._twin_runner is None:
            self._twin_runner = TwinRunner(self)
            self._twin_runner.progressed.connect(self._twin_progressed)
            self._twin_runner.finished.connect(self._twin_finished)
        self.walks.drop()  # training moves past the step the walk was showing
        text = f"Twin train {count(epochs, 'epoch')}"
        self._twin_record = (text, self.trainer.capture(), len(self.trainer.history))
        self._twin_runner.start(WatchedTwinTraining(self.twin, epochs, self._twin_watches))
        self._publish_twin()
        return OK

    def twin_epoch(self) -> Result:
        """Both twins to the end of the current epoch (or one whole epoch from its start)."""
        return self.twin_train(1)

    def cancel_twin(self) -> Result:
        """Stop a Train of the twins where it is: both keep the epochs done (one undo entry)."""
        if not self.twin_running:
            return refused("The twins are not training.")
        self.stop_twin("cancelled")
        return OK

    def stop_twin(self, verb: str = "stopped") -> None:
        """Any other command first ends a Train of the twins (recorded, so undo sees it)."""
        if self.twin_running:
            training = self._twin_runner.training
            self._end_twin_run(f" ({verb} after {training.done:,} of {training.epochs:,} epochs)")

    def _twin_progressed(self) -> None:
        self._twin_signature = _signature(self.trainer)  # the twin run moved the session
        self._publish_twin()

    def _twin_finished(self) -> None:
        found = self._twin_runner.training.divergence
        if found is not None:
            self._twin_divergence = found
        self._end_twin_run(f"; {found.clause(self.precision)}" if found else "")

    def _end_twin_run(self, why: str) -> None:
        self._twin_runner.stop()
        text, before, history_len = self._twin_record
        self._twin_record = None
        self._twin_signature = _signature(self.trainer)  # in step when the session publishes
        if (before.epoch, before.cursor) != (self.trainer.epoch, self.trainer.cursor):
            after = self.trainer.capture(history_base=history_len)
            self.undo_stack.push(StateCommand(text + why, before, after, self._restore))
            self._publish(history=True)
        self._publish_twin()

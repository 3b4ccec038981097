"""The controller's part in a divergence (the rule is ``core.divergence``'s): saying where the run
diverged, refusing to train a network whose loss is not finite, and undoing back to before it.

The divergence named is the one the recorded history is in, from its first epoch
(``core.divergence.named``), whatever press or run found it: at α = 50 epoch 1's loss is ∞ and
the run diverged at epoch 1, however many presses came after.
"""

from __future__ import annotations

import numpy as np

from ..core.diagnostics import Kind
from ..core.divergence import Divergence, finite, named
from ..core.naming import epoch_number
from ..core.training import TrainerState
from .result import OK, Result, refused


class DivergenceCommands:
    """Mixed into the Controller, which provides ``trainer``, ``runner``, ``travel``,
    ``undo_stack``, ``snapshot``, ``message``, ``pause``, ``undo`` and ``_publish``."""

    _restoring_many = False  # undo_divergence: the controller publishes once, at the end

    def divergence(self) -> Divergence | None:
        """The divergence the run is in: from the history; a run's watch names it only when the
        history cannot (a history too short to hold the loss it jumped from)."""
        return named(self.trainer, self.runner.divergence)

    def training_refusal(self) -> Result | None:
        """What Train, Step sample, Epoch and Step phase answer now: refused while an earlier
        epoch is shown (read-only), or when a weight or the loss is not finite (every later update
        would be NaN: ``Snapshot.cannot_train``, the fact the views disable these by; no second
        forward pass); None when training can go on."""
        if (no := self.travel.refusal()) is not None:
            return no
        if self.is_training and self.runner.owe_frame():  # the snapshot is the last frame's: catch up
            self._publish(history=len(self.trainer.history) != self.snapshot.history_length)
        reason = self.snapshot.cannot_train
        return refused(reason) if reason else None

    def check_divergence(self) -> bool:
        """Pause and say so when the published findings say training diverged (core.divergence)."""
        if self.travel.past is not None or not any(f.kind in (Kind.DIVERGED, Kind.NON_FINITE)
                                                   for f in self.snapshot.findings):
            return False
        running = self.is_training
        self.pause()
        self.message.emit(self._diverged_text(paused=running), "error")
        return True

    def _diverged_text(self, paused: bool = False) -> str:
        """Where the run diverged and how to get back; "and was paused" only if a run was going (a
        press of Step or Epoch paused nothing)."""
        found = self.divergence()
        stopped = " and was paused" if paused else ""
        if found is None:
            return f"Training diverged{stopped}. Lower the learning rate, and undo to before it."
        back = epoch_number(found.epoch - 1)
        target = self._before_divergence(found)
        if target is None:
            how = f"The undo history does not reach back to epoch {back}, before it: reset the weights"
        elif target == self.undo_stack.index() - 1:
            how = f"Undo goes back to epoch {back}, before it"
        else:  # more presses came after it: one Undo takes back only the last
            how = f"Undo to before the divergence (Why? tab) goes back to epoch {back}"
        return f"Training {found.summary(self.precision)}{stopped}. {how}; then lower the learning rate."

    def _before_divergence(self, found: Divergence | None) -> int | None:
        """The undo index of the newest state before ``found`` with finite weights: at the start
        of the epoch before it when the undo history holds that, else earlier (None: none is in
        the undo history). Without a divergence, the newest state with finite weights."""
        stack = self.undo_stack
        for i in range(stack.index() - 1, -1, -1):
            state: TrainerState = stack.command(i).before
            if _before(state, found) and all(np.isfinite(w).all() for w in state.weights):
                return i
        return None

    def undo_divergence(self) -> Result:
        """Undo back to before the divergence (the Why? tab's remedy): entry after entry, as that
        many presses of Undo would (each Redo goes forward one again), to the last state before
        the divergence's epoch with finite weights. Without a divergence and with finite weights,
        one Undo."""
        self.pause()
        self.travel.back_to_now()
        found = self.divergence()
        t = self.trainer
        if found is None and finite(t.network.weights, t.current_loss()):
            return self.undo()
        target = self._before_divergence(found)
        if target is None:
            where = f"epoch {epoch_number(found.epoch - 1)}" if found else "finite weights"
            return refused(f"The undo history does not reach back to {where}, before the divergence: "
                           "reset the weights instead.")
        layers = list(t.network.layers)
        self._restoring_many = True
        try:
            self.undo_stack.setIndex(target)
        finally:
            self._restoring_many = False
        self._publish(replaced=layers != t.network.layers, history=True)
        if found is not None:
            self.message.emit(f"Back to epoch {epoch_number(t.epoch)}, before the divergence at epoch "
                              f"{epoch_number(found.epoch)}: lower the learning rate before training again.", "info")
        return OK


def _before(state: TrainerState, found: Divergence | None) -> bool:
    """Whether ``state`` is before ``found``: at the start of its epoch or any time earlier."""
    if found is None:
        return True
    return state.epoch < found.epoch - 1 or (state.epoch == found.epoch - 1 and state.cursor == 0)

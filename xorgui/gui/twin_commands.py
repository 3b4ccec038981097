"""The controller's twin-run commands (Experiments ▸ Twin run…): the session is the left twin,
a copy with one setting changed the right one (core/twin.py). Stepping both is one undoable change
of the session; the right twin lives only here, so any other change of the session (an undo, an
edit, training in the main window) ends the pair and a new twin must be made."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.twin import Difference, TwinRun
from ..core.twin_change import twin_with
from .result import OK, Result, refused

MAX_TWIN_EPOCHS = 100_000
# Both twins train on the window's thread, so one Train press is capped by its work, weights ×
# samples × epochs: about a second of both engines on this kind of machine. Past that the window
# would freeze (16-16-16 on 10,000 samples: one epoch a press; XOR's 2-3-1: 57,692).
TWIN_WORK_PER_PRESS = 3_000_000


def epochs_per_press(trainer) -> int:
    """How many epochs one Train press of the twins may run for this network and data."""
    per_epoch = len(trainer.data) * sum(w.size for w in trainer.network.weights)
    return max(1, min(MAX_TWIN_EPOCHS, TWIN_WORK_PER_PRESS // per_epoch))


@dataclass(frozen=True)
class TwinView:
    """What the twin window shows: the change, the first difference (or why none yet), each
    twin's epoch, loss and loss curve (epochs, losses), whether the pair can still step, and how
    many epochs one Train press may run."""

    change: str
    difference: Difference | None
    status: str
    epoch: int
    losses: tuple[float, float]
    curves: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    in_step: bool
    max_epochs: int = MAX_TWIN_EPOCHS


def _signature(trainer) -> tuple:
    return (id(trainer), trainer.epoch, trainer.cursor, trainer.pending_samples, trainer.config,
            tuple(trainer.network.activation_names), tuple(w.tobytes() for w in trainer.network.weights))


class TwinCommands:
    """Mixed into the Controller, which provides ``trainer``, ``change``, ``pause`` and the
    ``twin_changed`` signal."""

    twin: TwinRun | None = None
    _twin_change = ""
    _twin_signature: tuple | None = None

    def twin_view(self) -> TwinView | None:
        twin = self.twin
        if twin is None:
            return None
        in_step = _signature(self.trainer) == self._twin_signature
        if not in_step:
            status = ("The session changed outside this window (an undo, an edit or training): "
                      "make a new twin to compare again from its current weights.")
        elif twin.difference is not None:
            status = "First difference: " + twin.difference.line()
        elif twin.identical:
            status = "No difference: the twins are the same run (the change leaves every setting as it was)."
        elif twin.stepped >= twin.step_limit:
            status = f"No difference in the first {twin.stepped:,} samples stepped."
        else:
            status = "No difference yet" + (f" in {twin.stepped:,} samples stepped." if twin.stepped else
                                            ": step or train both.")
        return TwinView(self._twin_change, twin.difference, status, twin.left.epoch,
                        (twin.left.current_loss(), twin.right.current_loss()),
                        (twin.left.history.curve(), twin.right.history.curve()), in_step,
                        epochs_per_press(self.trainer))

    def make_twin(self, key: str, text: str) -> Result:
        """A right twin of the session as it is now, with ``key`` set to ``text``."""
        self.pause()
        try:
            right = twin_with(self.trainer, key, text)
        except ValueError as exc:
            return self._tell(refused(f"No twin: {exc}"))
        self.twin = TwinRun(self.trainer, right)
        self._twin_change = f"{key} = {text.strip()}"
        self._twin_signature = _signature(self.trainer)
        self.twin_changed.emit(self.twin_view())
        return OK

    def twin_step(self, epochs: int | None = None) -> Result:
        """One sample (``epochs`` None) or ``epochs`` epochs of both twins; the session's part is
        one undoable change."""
        twin = self.twin
        if twin is None:
            return self._tell(refused("Make a twin first."))
        self.pause()
        if _signature(self.trainer) != self._twin_signature:
            return self._tell(refused("The session changed since the twin was made: make a new twin."))
        most = epochs_per_press(self.trainer)
        if epochs is not None and not 1 <= epochs <= most:
            why = "" if most == MAX_TWIN_EPOCHS else " at once for this network and data (about a second's work)"
            return self._tell(refused(f"Train 1 to {most:,} epochs{why}; train again to go on."))
        if epochs is None:
            text, action = f"Twin step sample {self.trainer.next_sample}", twin.step
        else:
            text, action = f"Twin train {epochs} epoch{'s' * (epochs != 1)}", lambda: twin.run_epochs(epochs)
        result = self.change(text, action)
        self._twin_signature = _signature(self.trainer)
        self.twin_changed.emit(self.twin_view())
        return result

    def twin_epoch(self) -> Result:
        """Both twins to the end of the current epoch (or one whole epoch from its start)."""
        return self.twin_step(1)

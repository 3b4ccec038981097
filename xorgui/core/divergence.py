"""When has training diverged? One rule, used by the window's run loop, the CLI and diagnostics.

The rule: after epoch ``e`` training has **diverged** when the mean loss ``L_e`` is

* not a finite number (it overflowed to ∞ or became NaN), or
* more than ``GROWTH`` (1000) times the lowest loss seen before it, where a lowest loss below
  ``FLOOR`` (0.01) counts as ``FLOOR``: ``L_e > GROWTH · max(best, FLOOR)``.

"Before it" starts where the run started: the loss of the weights training began from counts,
so a jump in the very first epoch is caught. The floor keeps a nearly perfect fit from
"diverging" when its tiny loss wobbles: a squared loss with a sigmoid output (at most 0.5) can
never trip the growth test, only a loss above 10 can.

:class:`DivergenceWatch` applies the rule while training runs and stops *at* the epoch it
fired (it replays the last chunk exactly up to that epoch), so what is reported is the epoch
the loss exploded, not the end of whatever chunk of work happened to contain it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .history import TAIL_EPOCHS
from .training import Trainer, TrainerState
from .naming import epoch_number
from .numbers import DEFAULT_PRECISION, fmt

GROWTH = 1000.0
FLOOR = 0.01
# what Train, Step sample, Epoch and Step phase answer, and their tooltip, on such a network
NOT_FINITE = "The loss is not finite: undo or reset before training again."


def threshold(best: float) -> float:
    """The loss above which the rule fires, given the lowest loss so far (∞ if none yet)."""
    return GROWTH * max(best, FLOOR)


def finite(weights, loss: float) -> bool:
    """Whether every weight and the mean ``loss`` are finite numbers. When not, training cannot go
    on (every later update is NaN): the window refuses to train, step or take an epoch."""
    return math.isfinite(loss) and all(np.isfinite(w).all() for w in weights)


@dataclass(frozen=True)
class Divergence:
    """Where the rule fired: ``loss`` is the mean loss after ``epoch`` (1-based, as the history
    counts), ``best`` the lowest loss before it (∞ if there was none)."""

    epoch: int
    loss: float
    best: float

    @property
    def non_finite(self) -> bool:
        return not math.isfinite(self.loss)

    @property
    def threshold(self) -> float:
        return threshold(self.best)

    def summary(self, precision: int = DEFAULT_PRECISION) -> str:
        """'diverged at epoch N (loss …)': how the window, the twin window and the CLI name it,
        the loss as the window writes numbers (core.numbers.fmt at ``precision`` decimals)."""
        return f"diverged at epoch {epoch_number(self.epoch)} (loss {fmt(self.loss, precision)})"


def first_divergence(losses, first_epoch: int = 1, best: float = math.inf) -> Divergence | None:
    """The first epoch at which the rule fires, or None.

    ``losses[i]`` is the mean loss after epoch ``first_epoch + i``; ``best`` is the lowest loss
    before ``losses[0]`` (∞: none, so the first loss is only tested for being finite).
    """
    losses = np.asarray(losses, dtype=np.float64).ravel()
    if losses.size == 0:
        return None
    # cheap proof that it never fires (every frame tests the whole history): every loss is
    # finite (max and min propagate NaN) and at most the threshold of the lowest reference
    # any of them can have, min(best, lowest loss), as threshold() grows with its argument
    lowest, highest = float(losses.min()), float(losses.max())
    if math.isfinite(lowest) and math.isfinite(highest) and highest <= threshold(min(best, lowest)):
        return None
    # lowest loss strictly before each entry; fmin skips NaN, and a non-finite loss fires anyway
    before = np.fmin.accumulate(np.concatenate([[best], losses[:-1]]))
    hits = np.flatnonzero(fires(losses, before))
    if hits.size == 0:
        return None
    i = int(hits[0])
    return Divergence(first_epoch + i, float(losses[i]), float(before[i]))


def fires(losses, before):
    """Elementwise: whether the rule fires for ``losses`` given the lowest loss before each
    (``before``, ∞ where there was none). Works on arrays of any shape (the lottery's runs)."""
    # a lowest loss near the float limit makes the threshold overflow to ∞: no finite loss is
    # above it, which is the exact answer (a non-finite loss fires anyway)
    with np.errstate(invalid="ignore", over="ignore"):
        return ~np.isfinite(losses) | (losses > GROWTH * np.maximum(before, FLOOR))


def divergence_in_history(trainer: Trainer) -> Divergence | None:
    """The divergence the run is in now: the first epoch of the stretch of epochs, reaching to
    the last one recorded, at each of which the rule fires (None when the last epoch recorded
    does not fire). A run that diverged at epoch 1 and went on to NaN diverged at epoch 1, not at
    the last epoch trained; a run that diverged once, came back under the threshold and diverged
    again later is in the later divergence. The rule is applied from the loss of the weights the
    run started from (``History.start``, epoch 0) when it is known, as a run in the window is
    watched; else the history's first entry is the first reference.

    Every frame asks this of a history that has only grown: what was found over the losses
    already tested is kept per ``History.lineage`` (its losses at shared epochs never change),
    so a frame tests only the losses recorded since."""
    history = trainer.history
    h, start = history.values, history.start
    first = trainer.epoch - len(h) + 1
    best = start if first == 1 and start is not None and math.isfinite(start) else math.inf
    key = (len(history) - len(h), first, best)  # where h starts in the history, the rule's inputs
    seen = _SCANNED.get(history.lineage)
    if seen is None or seen[0] != key or seen[1] > len(h):
        seen = (key, 0, best, None)
    _, done, lowest, found = seen
    lowest, found = _stretch(h[done:], first + done, lowest, found)
    _SCANNED.pop(history.lineage, None)
    _SCANNED[history.lineage] = (key, len(h), lowest, found)
    while len(_SCANNED) > _LINEAGES_KEPT:
        del _SCANNED[next(iter(_SCANNED))]
    return found


def named(trainer: Trainer, watched: Divergence | None = None) -> Divergence | None:
    """The divergence to name for the trainer's run: the one its recorded history is in
    (:func:`divergence_in_history`, from its first epoch), else ``watched``, where a run that just
    trained saw the rule fire (a history too short to hold the loss it jumped from). The window,
    ``xorgui diagnose`` and ``xorgui train`` all name this one, so they name the same epoch."""
    return divergence_in_history(trainer) or watched


def _stretch(losses, first_epoch: int, lowest: float, found: Divergence | None):
    """Fold newly recorded losses (``losses[0]`` after ``first_epoch``) into (the lowest loss so
    far, the divergence whose stretch of firing epochs reaches the last loss, or None)."""
    if losses.size == 0:
        return lowest, found
    low, high = float(losses.min()), float(losses.max())  # min and max propagate NaN
    if math.isfinite(low) and math.isfinite(high) and high <= threshold(min(lowest, low)):
        return min(lowest, low), None  # cheap proof that none fires (see first_divergence)
    # lowest loss strictly before each entry; fmin skips NaN, and a non-finite loss fires anyway
    before = np.fmin.accumulate(np.concatenate([[lowest], losses[:-1]]))
    calm = np.flatnonzero(~fires(losses, before))
    lowest = float(np.fmin(before[-1], losses[-1]))
    if calm.size == 0:  # every new epoch fires: a stretch already open goes on
        return lowest, found or Divergence(first_epoch, float(losses[0]), float(before[0]))
    i = int(calm[-1]) + 1  # the stretch opens after the last epoch that did not fire
    if i == losses.size:
        return lowest, None
    return lowest, Divergence(first_epoch + i, float(losses[i]), float(before[i]))


# History.lineage -> (key, losses tested, lowest of them and best, the divergence the last of them is in)
_SCANNED: dict[int, tuple] = {}
_LINEAGES_KEPT = 16  # the trainer's, a twin's, undo's copies: a few histories are read in turn


def _new_losses(trainer: Trainer, n0: int):
    """The losses recorded after the first ``n0`` entries of the history."""
    return trainer.history.after(n0)  # exact even once the history is decimated


class DivergenceWatch:
    """Applies the rule to a run as it trains.

    Make one when a run starts (:meth:`start`), then train through :meth:`run_epochs` and
    :meth:`step_sample`. When the rule fires, the trainer is left at exactly that epoch,
    ``divergence`` says where, and ``before`` is the trainer's state at the start of that
    epoch (what undo should return to), captured with the history from ``keep_from`` on.
    """

    def __init__(self, best: float = math.inf):
        self.best = best if math.isfinite(best) else math.inf
        self.divergence: Divergence | None = None
        self.before: TrainerState | None = None
        self._epoch_start: TrainerState | None = None

    @classmethod
    def start(cls, trainer: Trainer) -> "DivergenceWatch":
        """A watch whose reference is the loss of the trainer's current weights."""
        return cls(trainer.current_loss())

    def check(self, losses, first_epoch: int) -> Divergence | None:
        """Test newly recorded losses (``losses[0]`` after epoch ``first_epoch``); remembers the
        lowest loss seen so far for the next call."""
        found = first_divergence(losses, first_epoch, self.best)
        if found is not None:
            self.divergence = found
        else:
            finite = np.asarray(losses, dtype=np.float64)
            if finite.size:
                self.best = float(np.fmin(self.best, np.nanmin(finite)))
        return found

    def run_epochs(self, trainer: Trainer, count: int, keep_from: int = 0) -> Divergence | None:
        """Train ``count`` epochs, or stop at the epoch where the rule fires (and return it)."""
        start = trainer.capture(pin=count >= TAIL_EPOCHS)  # a cut back over fewer is exact unpinned
        n0, e0 = len(trainer.history), trainer.epoch
        trainer.run_epochs(count)
        found = self.check(_new_losses(trainer, n0), e0 + 1)
        if found is None:
            return None
        # training is deterministic: replay from the start of the chunk up to the epoch before,
        # keep that state for undo, then take the epoch where the rule fired
        trainer.restore(start)
        trainer.run_epochs(found.epoch - 1 - e0)
        self.before = trainer.capture(history_base=keep_from)
        trainer.run_epochs(1)
        return found

    def restart_epoch(self) -> None:
        """The trainer was edited mid-epoch: the state before an epoch that diverges, which undo
        returns to, is taken from now on (not from the epoch's start, before the edit)."""
        self._epoch_start = None

    def step_sample(self, trainer: Trainer, keep_from: int = 0) -> Divergence | None:
        """One sample step; when it completes an epoch, that epoch's loss is tested."""
        return self.run_samples(trainer, 1, keep_from)

    def run_samples(self, trainer: Trainer, count: int, keep_from: int = 0) -> Divergence | None:
        """The next ``count`` samples, at most to the end of the epoch under way (a stretch of an
        epoch too long for one tick of the window); when they complete it, its loss is tested."""
        if trainer.cursor == 0 or self._epoch_start is None:
            self._epoch_start = trainer.capture(history_base=keep_from)
        n0, e0 = len(trainer.history), trainer.epoch
        if count == 1:
            trainer.step_sample()
        else:
            trainer.run_samples(count)
        if trainer.epoch == e0:
            return None
        found = self.check(_new_losses(trainer, n0), e0 + 1)
        if found is not None:
            self.before = self._epoch_start
        return found

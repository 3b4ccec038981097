"""The divergence rule (core.divergence) applied to both twins of a twin run as it trains.

``WatchedTwinTraining`` is ``TwinTraining`` with the rule watching each twin: when it fires for
either (a loss that is not finite, or more than 1000 times the lowest before it), the run stops
*at* that epoch, both twins at the same step, as the main window's run does. The slice that saw
it is replayed exactly up to that epoch (training is deterministic, and a slice only cuts the
work between steps), so what is reported is the epoch the loss exploded, not the end of a slice.

``TwinWatches`` keeps each twin's lowest loss since the pair was made: the twin window hands one
to every Step sample and Train of a pair, so that the rule sees the pair's whole run (as the main
window's findings see the session's whole history), not each press alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .divergence import Divergence, DivergenceWatch
from .history import TAIL_EPOCHS
from .numbers import DEFAULT_PRECISION
from .twin import TwinRun, TwinTraining

SIDES = ("left", "right")


@dataclass(frozen=True)
class TwinDivergence:
    """Which twins diverged at the same (first) epoch: ``left``/``right`` each None or where."""

    left: Divergence | None
    right: Divergence | None

    @property
    def epoch(self) -> int:
        return (self.left or self.right).epoch

    def clause(self, precision: int = DEFAULT_PRECISION) -> str:
        """'the right twin diverged at epoch 7 (loss NaN)': to go on after a semicolon, as the
        undo entry of a twin Train does ('Twin train 100 epochs; the right twin diverged …').
        Each twin's part is the main window's ``Divergence.summary`` at ``precision``."""
        return " and ".join(f"the {side} twin {d.summary(precision)}" for side, d in self.found())

    def found(self) -> list[tuple[str, Divergence]]:
        """(side, where) of each twin that diverged, left first."""
        return [(side, d) for side, d in zip(SIDES, (self.left, self.right)) if d]

    def line(self, precision: int = DEFAULT_PRECISION) -> str:
        """'The right twin diverged at epoch 7 (loss NaN)': the words the window and CLI use."""
        text = self.clause(precision)
        return text[0].upper() + text[1:]  # only the article "the" is capitalised

    def stopped(self, precision: int = DEFAULT_PRECISION) -> str:
        """'The right twin diverged at epoch 3 (loss 1.946e114): both twins stopped there.' The
        sentence the twin window's status and ``xorgui twin`` both open with: a pair that
        diverged is not stepped or trained any further (the window refuses to)."""
        return f"{self.line(precision)}: both twins stopped there."

    @property
    def sides(self) -> tuple[bool, bool]:
        """(left diverged, right diverged)."""
        return self.left is not None, self.right is not None


class TwinWatches:
    """One divergence watch per twin, started from the loss of its weights now; each keeps the
    lowest loss it has seen, for the next check."""

    def __init__(self, run: TwinRun):
        self.run = run
        self.watches = [DivergenceWatch.start(t) for t in (run.left, run.right)]

    def check(self, lengths: list[int], epochs: list[int]) -> TwinDivergence | None:
        """The losses each twin recorded past ``lengths`` (the first after epoch ``epochs + 1``)
        tested; the twins whose rule fired first (the earliest epoch), or None."""
        found = [w.check(t.history.after(n), e + 1) for w, t, n, e
                 in zip(self.watches, (self.run.left, self.run.right), lengths, epochs)]
        first = min((d.epoch for d in found if d), default=None)
        if first is None:
            return None
        left, right = (d if d and d.epoch == first else None for d in found)
        return TwinDivergence(left, right)


def watched_step(run: TwinRun, watches: TwinWatches | None = None) -> TwinDivergence | None:
    """One lockstep step (``TwinRun.step``); when it completes an epoch, the rule tested on the
    loss it recorded, against the lowest loss ``watches`` has seen (None: the loss of the weights
    before the step)."""
    watches = watches or TwinWatches(run)
    twins = (run.left, run.right)
    lengths, epochs = [len(t.history) for t in twins], [t.epoch for t in twins]
    run.step()
    return watches.check(lengths, epochs)


class WatchedTwinTraining(TwinTraining):
    """``TwinTraining`` that stops both twins at the epoch where either diverges
    (``divergence`` says which and where; None while neither has). ``watches``: the pair's, to
    go on from the lowest losses they have seen (None: from the losses of the weights now)."""

    def __init__(self, run: TwinRun, epochs: int, watches: TwinWatches | None = None):
        super().__init__(run, epochs)
        self._watches = watches or TwinWatches(run)
        self.divergence: TwinDivergence | None = None

    @property
    def finished(self) -> bool:
        return self.divergence is not None or super().finished

    def advance(self, seconds: float) -> None:
        run = self.run
        twins = (run.left, run.right)
        # pinned only if the slice could record TAIL_EPOCHS epochs before a restore (as the
        # divergence watch's chunks): a pin per slice per twin piled up in every loss history
        marks = [t.capture(pin=self.epochs - self.done + 1 >= TAIL_EPOCHS) for t in twins]
        search = (run.difference, run.stepped)
        lengths, epochs = [len(t.history) for t in twins], [t.epoch for t in twins]
        super().advance(seconds)
        found = self._watches.check(lengths, epochs)
        if found is None:
            return
        # back to where this slice began, then exactly up to the epoch where it fired
        for t, mark in zip(twins, marks):
            t.restore(mark)
        run.difference, run.stepped = search
        TwinTraining(run, found.epoch - run.left.epoch).advance(math.inf)
        self.divergence = found

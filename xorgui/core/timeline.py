"""The moments of a run that time travel starts from, in memory bounded for any run.

A *moment* is a trainer's whole state (``Trainer.moment()``: weights, settings, shape, data,
epoch, position within the epoch, the batch's accumulated gradients, the markers) without its
loss history. A :class:`Timeline` keeps moments at

* every epoch up to ``DENSE_EPOCHS`` (1,000);
* beyond it, the epochs of a geometric grid, ``PER_DOUBLING`` (64) for each doubling of the
  epoch: a run of a million epochs keeps about 1,640 of them, one of 2^53 epochs about 3,760;
* every epoch finished by sample steps (Step, slow motion, the walkthrough): stepping is the
  plain path's arithmetic, the whole-epoch engine's may differ in the last bit;
* every state the trainer was put in other than by training: an edit, a settings change, a new
  shape, a marker (each marker of the loss plot has its moment).

They are ordered by (epoch, samples stepped into the next epoch): a mid-epoch edit keeps its
own moment beside the end of that epoch. From one moment to the next the trainer only trained
whole epochs on the engine, after finishing by steps the epoch it was in; training is
deterministic, so the state at an epoch between two moments is the earlier one trained forward
with ``Trainer.run_epochs``, bit for bit (``core.timetravel``). That replays at most about 1/64 of the epoch
number (2^(1/64) − 1 ≈ 1.1 %, 1.2 % near epoch 1,000): about 11,000 epochs at epoch 1,000,000.

A Timeline is immutable: ``record`` returns a new one, so an undo entry keeps the timeline of
its state by reference and an undo brings back exactly the moments that state had.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .training import TrainerState

DENSE_EPOCHS = 1000
PER_DOUBLING = 64
MAX_EPOCH = 2**53  # epochs are counted exactly as float64 too (history, plot); a session stays below
NEVER = 2**63  # beyond any epoch a run can reach


def _grid() -> np.ndarray:
    """The kept epochs beyond DENSE_EPOCHS: ⌊1000 · 2^(k/64)⌋, without repeats, up to 2^53."""
    k = np.arange(PER_DOUBLING * 44)
    with np.errstate(over="ignore"):
        epochs = np.floor(DENSE_EPOCHS * np.exp2(k / PER_DOUBLING))
    epochs = epochs[epochs <= MAX_EPOCH].astype(np.int64)
    epochs = epochs[epochs > DENSE_EPOCHS]
    # rising, so a repeat follows its first: dropped without np.unique, which imports numpy.ma
    # (~8 ms at start, where this runs)
    return epochs[np.diff(epochs, prepend=DENSE_EPOCHS) > 0]


GRID = _grid()


def is_kept(epoch: int) -> bool:
    """Whether training keeps a moment when it reaches ``epoch``."""
    if epoch <= DENSE_EPOCHS:
        return True
    i = int(np.searchsorted(GRID, epoch))
    return i < len(GRID) and int(GRID[i]) == epoch


def next_kept(epoch: int) -> int:
    """The first epoch after ``epoch`` at which training keeps a moment (2^63 past the grid)."""
    if epoch < DENSE_EPOCHS:
        return epoch + 1
    i = int(np.searchsorted(GRID, epoch, side="right"))
    return int(GRID[i]) if i < len(GRID) else NEVER


def kept_count(epochs: int) -> int:
    """How many moments training alone keeps from epoch 0 to ``epochs``: the memory bound."""
    return 1 + min(epochs, DENSE_EPOCHS) + int(np.searchsorted(GRID, epochs, side="right"))


class Timeline:
    """Moments by (epoch, cursor), at most one for each (the latest state there).

    Timelines made from one another by ``record`` and ``until`` share two append-only lists
    (the moments and their keys) and each reads its first ``n``: recording at the end of the
    longest of them appends in place, so that keeping a moment costs O(1), not a copy of
    every moment kept (1,500 of them at epoch 200,000); any other record copies the prefix
    it keeps. No list is ever changed below a length some timeline reads.
    """

    __slots__ = ("_moments", "_keys", "_n")

    def __init__(self, moments: tuple["TrainerState", ...] = ()):
        self._moments = list(moments)
        self._keys = [(m.epoch, m.cursor) for m in self._moments]
        self._n = len(self._moments)

    @classmethod
    def _sharing(cls, other: "Timeline", n: int) -> "Timeline":
        """The first ``n`` moments of ``other``'s lists, without copying them."""
        t = cls.__new__(cls)
        t._moments, t._keys, t._n = other._moments, other._keys, n
        return t

    @property
    def moments(self) -> tuple["TrainerState", ...]:
        return tuple(self._moments[:self._n])

    def __len__(self) -> int:
        return self._n

    @property
    def first_epoch(self) -> int | None:
        """The earliest epoch whose end can be shown (None for an empty timeline)."""
        if not self._n:
            return None
        epoch, cursor = self._keys[0]
        return epoch if cursor == 0 else epoch + 1

    def record(self, moment: "TrainerState") -> "Timeline":
        """The timeline with ``moment`` as its last: moments at its place or later belonged to
        a line of training that this state leaves (an undo, an edit), so they go."""
        key = (moment.epoch, moment.cursor)
        i = bisect_left(self._keys, key, 0, self._n)
        if i == self._n == len(self._moments):  # at the end, and no other timeline went on from here
            self._moments.append(moment)
            self._keys.append(key)
            return Timeline._sharing(self, i + 1)
        return Timeline(tuple(self._moments[:i]) + (moment,))

    def until(self, epoch: int) -> "Timeline":
        """The moments up to the end of ``epoch`` (none inside the next one)."""
        return Timeline._sharing(self, bisect_right(self._keys, (epoch, 0), 0, self._n))

    def before(self, epoch: int) -> "TrainerState | None":
        """The latest moment at or before the end of ``epoch``, if any."""
        i = bisect_right(self._keys, (epoch, 0), 0, self._n)
        return self._moments[i - 1] if i else None

    def epochs(self) -> list[int]:
        return [epoch for epoch, _ in self._keys[:self._n]]

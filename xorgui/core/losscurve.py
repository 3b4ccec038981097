"""What the loss plot and the CSV export read of a History: a frozen, read-only picture.

Until the history is decimated that is every epoch (no copy: the arrays are read-only views).
After 2^20 epochs it is ``History.curve()``: the exact head, each bucket's min and max at its
first epoch and its last loss at its last epoch, and the exact tail. ``at`` answers like
``History.at`` (exact at pinned epochs: the markers), from this picture alone. ``start`` is the
loss at epoch 0, of the weights the run started from (``History.start``), drawn and exported
before epoch 1. ``divergence`` is where the divergence rule (core/divergence.py) first fires in
these losses, if it does: the plot marks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .divergence import Divergence
from .history import EXACT_EPOCHS, History

Array = np.ndarray
# epochs 1..N for the undecimated curve (N <= EXACT_EPOCHS): one buffer, never moved, filled only as
# far as a picture has asked, so a frame writes just its new epochs (growing it by doubling cost one
# frame 7-14 ms at 262,144 and 524,288 epochs); the pages are touched as they are filled
_EPOCHS = np.empty(EXACT_EPOCHS, dtype=np.float64)
_filled = 0


def _epochs(n: int) -> Array:
    global _EPOCHS, _filled
    if n > _EPOCHS.shape[0]:  # not for a History, which decimates past EXACT_EPOCHS
        _EPOCHS, _filled = np.arange(1, n + 1, dtype=np.float64), n
    if n > _filled:
        _EPOCHS[_filled:n] = np.arange(_filled + 1, n + 1, dtype=np.float64)
        _filled = n
    view = _EPOCHS[:n]
    view.flags.writeable = False
    return view


def _frozen(a: Array) -> Array:
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class LossCurve:
    x: Array          # epochs of the points to draw, increasing (repeated at a bucket's first epoch)
    y: Array          # the loss at each point
    epochs: int       # epochs recorded: x[-1] when there are any
    layout: tuple[int, int, int] | None = None  # once decimated: head epochs, bucket size, tail start
    _lasts: Array = field(default=None, repr=False)  # once decimated: each bucket's last loss
    _pins: tuple[Array, Array] = field(default=None, repr=False)  # pinned epochs (increasing), their losses
    start: float | None = None  # the loss at epoch 0 (None: unknown)
    lineage: int = 0  # History.lineage it was read from: same lineage, same losses at shared epochs
    divergence: Divergence | None = None  # where the rule first fires in these losses (None: nowhere)

    @property
    def decimated(self) -> bool:
        return self.layout is not None

    @classmethod
    def of(cls, history: History, start: float | None = ..., divergence: Divergence | None = None) -> "LossCurve":
        """The picture of ``history``; ``start``: the loss at epoch 0 if not ``history.start``
        (before any training, the Trainer's ``start_loss`` is that of the current weights);
        ``divergence``: where the rule fires in it (``divergence_in_history``), if it does."""
        n = len(history)
        start = history.start if start is ... else start
        if not history.decimated:
            x, y = _epochs(n), history.values
            return cls(x, y, n, None, start=start, lineage=history.lineage, divergence=divergence)
        x, y = history.curve()
        parts = history.parts()
        layout = (len(parts["head"]), parts["bucket"], n - len(history.values))
        pins = sorted(history.pinned)
        pins = (np.array(pins, dtype=np.float64), np.array([history.pinned[e] for e in pins], dtype=np.float64))
        return cls(_frozen(x), _frozen(y), n, layout, _frozen(parts["last"].copy()), pins, start, history.lineage,
                   divergence)

    def grew_from(self, other: "LossCurve | None") -> bool:
        """True if this picture is ``other`` with epochs appended (or the same): both every
        epoch (not decimated), read from one history with no loss rewritten in between."""
        return (other is not None and bool(self.lineage) and self.lineage == other.lineage
                and not self.decimated and not other.decimated and self.epochs >= other.epochs)

    def until(self, epoch: int) -> "LossCurve":
        """The picture of epochs 0 to ``epoch`` only (``self`` when that is all of it): what the
        loss plot draws while practice hides a later epoch's loss (``Hidden.hides_mean_loss``).
        Same lineage: the losses at shared epochs are the same. Once decimated, ``epoch`` must lie
        in the exact tail (ValueError otherwise): the points after it are then whole epochs."""
        if epoch >= self.epochs:
            return self
        if self.decimated and epoch <= self.layout[2]:
            raise ValueError(f"epoch {epoch} is not in the exact tail (after epoch {self.layout[2]})")
        k = int(np.searchsorted(self.x, max(epoch, 0), side="right"))  # the points at epochs <= epoch
        x, y = _frozen(self.x[:k]), _frozen(self.y[:k])
        if not self.decimated:
            return LossCurve(x, y, max(epoch, 0), start=self.start, lineage=self.lineage)
        keys, values = self._pins
        kept = keys <= epoch
        return LossCurve(x, y, epoch, self.layout, self._lasts, (_frozen(keys[kept]), _frozen(values[kept])),
                         self.start, self.lineage)

    def at(self, epochs) -> Array:
        """The loss after each of ``epochs`` (1 to ``epochs``), as ``History.at`` gives it:
        exact until decimated; then exact in the head, the tail, at markers and bucket ends,
        elsewhere the last loss of the bucket holding that epoch."""
        e = np.asarray(epochs, dtype=np.float64)
        if np.any((e < 1) | (e > self.epochs)):
            raise IndexError(f"epochs must be from 1 to {self.epochs}")
        if not self.decimated:
            return self.y[e.astype(np.int64) - 1]
        # the first epoch at or after e that the picture knows (a point's epoch or a pinned one),
        # read as History.at read it when the picture was made (computed per call: a frame asks
        # for one epoch, and reading the ~10^5 known epochs ahead cost every frame ~1 ms)
        x, y = self.x, self.y
        known = x[np.searchsorted(x, e)]  # x[-1] is the last epoch: found for every e in range
        keys, values = self._pins
        j = np.minimum(np.searchsorted(keys, e), len(keys) - 1)
        pinned = ((keys[j] >= e) & (keys[j] <= known)) if len(keys) else np.zeros(known.shape, dtype=bool)
        k = known.astype(np.int64)
        h, b, tail_start = self.layout
        out = np.empty(k.shape)
        head = k <= h
        out[head] = y[k[head] - 1]                            # the head starts the points: epochs 1..h
        tail = (k > tail_start) & ~head
        out[tail] = y[len(y) - 1 - (self.epochs - k[tail])]   # the tail ends them
        rest = ~(head | tail)
        out[rest] = self._lasts[(k[rest] - h - 1) // b]       # the last loss of its bucket
        out[pinned] = values[j[pinned]] if len(keys) else out[pinned]  # a pinned epoch came first
        return out

    def kinds(self) -> Array:
        """Per point: "exact" (the loss after that epoch), or within a bucket of the envelope
        "min" and "max" (over its epochs, at its first epoch) and "last" (exact, at its last)."""
        x, y = self.x, self.y
        if not self.decimated:
            return np.full(len(x), "exact")
        h, b, tail_start = self.layout
        exact = (x <= h) | (x > tail_start)
        ends = ~exact & (((x - h) % b == 0) | (x == self.epochs))
        kinds = np.where(exact, "exact", np.where(ends, "last", "max"))
        i, j = np.flatnonzero(~exact & ~ends).reshape(-1, 2).T  # (min, max) pairs at a first epoch
        kinds[np.where(y[i] <= y[j], i, j)] = "min"
        return kinds

    def rows(self):
        """(epoch, loss, kind) for the CSV export, epochs increasing: epoch 0 first (the loss of
        the weights the run started from) when it is known; a NaN loss is of kind "nan"."""
        first = [(0, float(self.start), "exact")] if self.start is not None else []
        # NaN is a loss not recorded (a file without history) or a diverged one: "nan", not "exact"
        kinds = self.kinds()
        kinds = np.where(np.isnan(self.y) & (kinds == "exact"), "nan", kinds)  # a bucket keeps its min, max, last
        return [*first, *zip(self.x.astype(np.int64).tolist(), self.y.tolist(), kinds.tolist())]

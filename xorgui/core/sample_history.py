"""Each sample's loss after every epoch, for truth-table sized data: which pattern is stuck.

One :class:`~.history.History` per sample, so each is bounded exactly as the mean loss is (every
epoch up to 2^20, then a min/max/last envelope of bounded size). Only data of at most
``MAX_TRACKED`` samples is tracked: more lines than that no one can tell apart, and memory stays
bounded at ``MAX_TRACKED`` times one history's.

Epochs line up with the mean-loss history: ``start`` epochs had passed when recording began
(a session opened from a file without per-sample losses starts recording at its epoch); track ``j``'s
entry ``k`` (0-based) is sample ``j``'s loss after epoch ``start + k + 1``. Track ``j``'s own
``History.start`` is sample ``j``'s loss *at* epoch ``start``, before the first epoch recorded (the
curve's first point, as the mean loss's ``start`` is epoch 0's): noted by the Trainer when
recording begins; None when unknown (a file saved without it, or recording began mid-epoch).
"""

from __future__ import annotations

import numpy as np

from .history import History

Array = np.ndarray

MAX_TRACKED = 16  # a 4-input truth table


class SampleHistory:
    """Per-sample losses, ``width`` tracks (0 when the data has more than MAX_TRACKED samples)."""

    def __init__(self, n_samples: int, start: int = 0):
        self.start = int(start)
        self.tracks: list[History] = [History() for _ in range(n_samples)] if n_samples <= MAX_TRACKED else []

    @property
    def width(self) -> int:
        return len(self.tracks)

    def __len__(self) -> int:
        """Epochs recorded (after ``start``)."""
        return len(self.tracks[0]) if self.tracks else 0

    @property
    def end(self) -> int:
        """The last epoch recorded (``start`` when none)."""
        return self.start + len(self)

    @property
    def origin(self) -> Array | None:
        """Each sample's loss at epoch ``start`` (before the first epoch recorded), ``(width,)``;
        None unless every track knows it."""
        starts = [h.start for h in self.tracks]
        return None if not starts or any(v is None for v in starts) else np.array(starts, dtype=np.float64)

    def set_origin(self, losses: Array | None) -> None:
        """Note each sample's loss at epoch ``start`` (None: unknown)."""
        for j, h in enumerate(self.tracks):
            h.start = None if losses is None else float(losses[j])

    def know(self, epoch: int, losses: Array) -> None:
        """Each sample's loss after ``epoch`` (absolute), known from elsewhere: as History.know."""
        if epoch > self.start:
            for h, v in zip(self.tracks, losses):
                h.know(epoch - self.start, v)

    def last(self) -> Array | None:
        """Each sample's loss after the last epoch recorded, ``(width,)``; None if none."""
        return np.array([h.last() for h in self.tracks]) if len(self) else None

    def at(self, epoch: int) -> Array:
        """Each sample's loss after ``epoch`` (``start`` < epoch ≤ ``end``), as History.at."""
        return np.array([h.at([epoch - self.start])[0] for h in self.tracks])

    def exact_at_or_before(self, epoch: int) -> int:
        """The last epoch up to ``epoch`` (``start`` < epoch ≤ ``end``) at which every sample's loss
        is exact (a long track, or one read from a file, keeps some epochs only as buckets);
        ``start`` when none is."""
        e = int(epoch)
        while e > self.start:
            known = min(h.exact_at_or_before(e - self.start) for h in self.tracks) + self.start
            if known == e:
                return e
            e = known
        return self.start

    # -- writing -----------------------------------------------------------------------------
    def append(self, losses: Array) -> None:
        """One epoch: ``losses`` is ``(n_samples,)``."""
        for h, v in zip(self.tracks, losses):
            h.append(float(v))

    def extend(self, losses: Array) -> None:
        """Several epochs: ``losses`` is ``(epochs, n_samples)``."""
        for j, h in enumerate(self.tracks):
            h.extend(losses[:, j])

    def extend_constant(self, value: float, count: int) -> None:
        """``count`` epochs whose per-sample losses are unknown (``value``, e.g. NaN)."""
        for h in self.tracks:
            h.extend_constant(value, count)

    def truncate(self, epoch: int) -> None:
        """Keep epochs up to ``epoch`` (absolute); before ``start`` recording restarts there (and
        the losses at its new start are unknown)."""
        if epoch <= self.start:
            if epoch < self.start:
                self.set_origin(None)
            self.start = max(0, int(epoch))
            for h in self.tracks:
                h.truncate(0)
            return
        for h in self.tracks:
            h.truncate(epoch - self.start)

    # -- undo support (the same contract as History.since / restore_since) -----------------------
    def since(self, base: int, pin: bool = True):
        """What :meth:`restore_since` needs to come back from epoch ``base`` on: the tracks'
        own ``since`` (``pin`` as History.since) when ``base`` lies after ``start``, else a
        copy of everything."""
        if base <= self.start:
            return ("all", self.start, tuple(h.copy() for h in self.tracks))
        return ("since", tuple(h.since(base - self.start, pin) for h in self.tracks))

    def restore_since(self, base: int, saved) -> None:
        if saved[0] == "all":
            self.start, self.tracks = saved[1], [h.copy() for h in saved[2]]
            return
        for h, tail in zip(self.tracks, saved[1]):
            h.restore_since(base - self.start, tail)

    def copy(self) -> "SampleHistory":
        c = SampleHistory(0, self.start)
        c.tracks = [h.copy() for h in self.tracks]
        return c

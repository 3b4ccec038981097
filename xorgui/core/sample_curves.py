"""What the per-sample loss plot reads: each tracked sample's LossCurve and its label.

Building a LossCurve is free until the history is decimated (read-only views) but not after
2^20 epochs, and the plot is often not on screen: so the curves are built on first use (by the
plot, when it is shown) from the per-sample history as it is then, and kept.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from .losscurve import LossCurve
from .numbers import fmt
from .sample_history import MAX_TRACKED, SampleHistory

Array = np.ndarray


def sample_label(inputs: Array, targets: Array, j: int, p: int = 4) -> str:
    """'0: (0, 1) → 1': the sample's number, inputs and target(s)."""
    x = ", ".join(fmt(v, p) for v in inputs[j])
    y = ", ".join(fmt(v, p) for v in targets[j])
    return f"{j}: ({x}) → {y if targets.shape[1] == 1 else '(' + y + ')'}"


class SampleCurves:
    """``start``: epochs before the first one recorded (curve point ``x`` is epoch ``start + x``);
    ``origin``: each sample's loss at epoch ``start``, every line's first point, as the mean loss
    curve starts at epoch 0 (None: unknown; before any epoch, the current weights'); ``labels``:
    one per tracked sample; ``n_samples``: the data's size (more than MAX_TRACKED: nothing is
    tracked, and ``why_empty`` says so)."""

    def __init__(self, history: SampleHistory, inputs: Array, targets: Array, origin: Array | None = None):
        self._history = history
        self.start = history.start
        self.epochs = len(history)
        self.n_samples = inputs.shape[0]
        self.labels = tuple(sample_label(inputs, targets, j) for j in range(history.width))
        self.origin = None if origin is None or not self.labels else np.asarray(origin, dtype=np.float64)

    @cached_property
    def curves(self) -> tuple[LossCurve, ...]:
        """Each sample's recorded epochs (``LossCurve.start``: its loss at epoch ``start``)."""
        origin = self.origin if self.origin is not None else (None,) * len(self._history.tracks)
        return tuple(LossCurve.of(h, None if v is None else float(v)) for h, v in zip(self._history.tracks, origin))

    @property
    def first(self) -> int:
        """The first epoch with a loss for every line: ``start`` when ``origin`` is known."""
        return self.start if self.origin is not None else self.start + 1

    @property
    def last(self) -> int:
        return self.start + self.epochs

    def at(self, epoch: int) -> Array:
        """Each sample's loss at ``epoch`` (``first`` to ``last``)."""
        if epoch == self.start and self.origin is not None:
            return self.origin.copy()
        return np.array([float(c.at([epoch - self.start])[0]) for c in self.curves])

    @property
    def ranked(self) -> bool:
        """True when the data has too many samples for lines: the plot shows each sample's loss
        now, worst first (:func:`rank_samples`), instead."""
        return not self.labels and self.n_samples > MAX_TRACKED

    @property
    def why_empty(self) -> str:
        """Why no line is drawn, or "" when there are lines (or soon will be)."""
        if not self.labels:
            return (f"Each sample's loss per epoch is kept for data of up to {MAX_TRACKED} samples; "
                    f"this data has {self.n_samples:,}.")
        if not self.epochs and self.origin is None:
            return "Each sample's loss shows here once an epoch has been trained."
        return ""


SHOWN_WORST = 2  # samples named in the read-out of a ranking


class Ranking:
    """Each sample's loss at one epoch, worst first: ``order[r]`` is the sample at rank ``r``
    (0 = worst; a loss that is not finite counts as the worst), ``losses[r]`` its loss."""

    def __init__(self, losses: Array):
        losses = np.asarray(losses, dtype=np.float64)
        key = np.where(np.isfinite(losses), -losses, -np.inf)  # NaN and ±inf first
        self.order = np.argsort(key, kind="stable")
        self.losses = losses[self.order]

    def text(self, inputs: Array, targets: Array, epoch: int | str, n_limit: int, p: int = 4) -> str:
        """What the plot shows and why, and the worst samples: '200 samples are too many for a
        line each (up to 16): each one's loss after epoch 300, worst first. Worst: 17: (0.1, 0.2)
        → 1: 0.81 · …'. ``epoch``: the epoch, or a text such as '300 (+5 of 200 samples)'."""
        worst = " · ".join(f"{sample_label(inputs, targets, int(j), p)}: {fmt(float(v), p)}"
                           for j, v in zip(self.order[:SHOWN_WORST], self.losses[:SHOWN_WORST]))
        return (f"{len(self.order):,} samples are too many for a line each (up to {n_limit}): each one's loss "
                f"after epoch {epoch}, worst first. Worst: {worst}")

    def at_rank(self, rank: int, inputs: Array, targets: Array, p: int = 4) -> str:
        """'rank 3 of 200: sample 17: (0.1, 0.2) → 1, loss 0.81'."""
        j = int(self.order[rank])
        return (f"rank {rank + 1} of {len(self.order):,}: sample {sample_label(inputs, targets, j, p)}, "
                f"loss {fmt(float(self.losses[rank]), p)}")

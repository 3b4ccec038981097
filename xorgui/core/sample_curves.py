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
    ``labels``: one per tracked sample; ``n_samples``: the data's size (more than MAX_TRACKED:
    nothing is tracked, and ``why_empty`` says so)."""

    def __init__(self, history: SampleHistory, inputs: Array, targets: Array):
        self._history = history
        self.start = history.start
        self.epochs = len(history)
        self.n_samples = inputs.shape[0]
        self.labels = tuple(sample_label(inputs, targets, j) for j in range(history.width))

    @cached_property
    def curves(self) -> tuple[LossCurve, ...]:
        return tuple(LossCurve.of(h) for h in self._history.tracks)

    @property
    def why_empty(self) -> str:
        """Why no line is drawn, or "" when there are lines (or soon will be)."""
        if not self.labels:
            return (f"Each sample's loss is kept for data of up to {MAX_TRACKED} samples; "
                    f"this data has {self.n_samples}.")
        if not self.epochs:
            return "Each sample's loss shows here once an epoch has been trained."
        return ""

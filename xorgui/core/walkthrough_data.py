"""The walkthrough's data: an :class:`Equation`, a :class:`Phase` of them, and where a sample
stands in a batch (:class:`BatchInfo`, what :func:`walkthrough.build_phases` is told).

Plain frozen values, the same for the CLI, the exports, practice and the window; the phases are
built in :mod:`walkthrough`, which re-exports these names. Notation: see :mod:`walkthrough`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .numbers import DEFAULT_PRECISION, fmt

__all__ = ["BatchInfo", "Equation", "Phase"]


@dataclass(frozen=True)
class Equation:
    """``target op formula = substitution = value``, e.g. ``a_Z1 = W10·z_X0 + … = 1·1 + … = 1``.

    ``kind`` says what is computed: "sum" (a weighted sum), "activation", "error", "loss",
    "delta", "gradient", "batch_sum" (a batch's running sum of gradients), "weight", or the
    check after an update: "after" (a sample's new prediction and loss) and "batch_loss" (a
    batch's mean loss J before and after). ``substitution`` is None when it would repeat the value.
    """

    kind: str
    target: str
    formula: str
    substitution: str | None
    value: float
    op: str = "="

    def text(self, precision: int = DEFAULT_PRECISION) -> str:
        parts = [f"{self.target} {self.op} {self.formula}"]
        if self.substitution is not None:
            parts.append(self.substitution)
        parts.append(fmt(self.value, precision))
        # drop a repeated last part ("z = f(a) = 1 = 1")
        if len(parts) == 3 and parts[1] == parts[2]:
            parts.pop()
        return " = ".join(parts)


@dataclass(frozen=True)
class Phase:
    """One step of the walkthrough.

    ``kind`` is "forward", "loss", "delta", "gradient" (a batch's sums), "update" or "after"
    (the prediction and loss with the new weights, last); ``layer`` is the unit layer (forward,
    loss, delta, after) or weight layer (gradient, update) concerned. ``units`` and ``weights`` name what the phase touches, for highlighting.
    """

    kind: str
    layer: int
    title: str
    note: str
    equations: tuple[Equation, ...]
    units: tuple[str, ...] = field(default_factory=tuple)
    weights: tuple[str, ...] = field(default_factory=tuple)

    def lines(self, precision: int = DEFAULT_PRECISION) -> list[str]:
        return [eq.text(precision) for eq in self.equations]


@dataclass(frozen=True)
class BatchInfo:
    """Where a sample stands in a full or mini batch (for the walkthrough of that step).

    ``position`` is 1-based within a batch of ``size`` samples; ``sums_before[l]`` is the sum
    of the gradients of the batch's earlier samples. When ``position == size`` the batch is
    complete and ``weights_after[l]`` are the weights after the update with the mean gradient;
    ``losses`` and ``losses_after`` are then the per-sample losses of the batch's samples with
    the weights before and after that update (their means are the batch's J).
    """

    position: int
    size: int
    sums_before: tuple[np.ndarray, ...]
    regularization: tuple[np.ndarray, ...]
    weights_after: tuple[np.ndarray, ...] | None
    losses: tuple[float, ...] = ()
    losses_after: tuple[float, ...] = ()

    @property
    def complete(self) -> bool:
        return self.position == self.size

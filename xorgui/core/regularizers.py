"""Weight penalties, a registry like ``activations.py``: value R(W), gradient R'(W), formulas.

The penalty is added to the mean data loss and scaled by the rate λ; it never applies to
bias weights (column 0 of every weight matrix), so its gradient is zero there.
``name`` is what session files and the CLI use; a user reads ``label`` and ``title``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Regularizer:
    name: str  # as stored in session files and typed at the CLI
    title: str  # in a sentence
    penalty_formula: str  # R(W), written out: "λ·Σ|W|"
    value: Callable[[Array], float] | None  # R(W)/λ over the weights given; None: no penalty
    derivative: Callable[[Array], Array] | None  # R'(W)/λ, elementwise; None: no penalty
    derivative_formula: str  # R'(W), written out

    @property
    def label(self) -> str:
        """In a chooser: the title and the penalty ("L1  λ·Σ|W|"; "none")."""
        return f"{self.title}  {self.penalty_formula}" if self.penalizes else "none"

    @property
    def penalizes(self) -> bool:
        """Whether choosing this adds anything to the loss (a rate is then worth asking for)."""
        return self.derivative is not None

    def rate_when_chosen(self, rate: float) -> float:
        """The λ that choosing this regularizer sets: 0 for none; the rate asked for, or 0.001 if
        that is 0 (a penalty at λ = 0 would change nothing)."""
        return (rate or DEFAULT_RATE) if self.penalizes else 0.0

    def penalty(self, weights: list[Array], rate: float) -> float:
        """λ·R summed over every layer's non-bias weights."""
        if self.value is None or rate == 0.0:
            return 0.0
        return rate * sum(self.value(w[:, 1:]) for w in weights)

    def gradient(self, w: Array, rate: float) -> Array | None:
        """λ·R'(W) shaped like ``w`` with zeros in the bias column, or None when it is zero.
        ``w`` may be a stack of matrices ``(..., rows, cols)`` (the lottery's K runs)."""
        if self.derivative is None or rate == 0.0:
            return None
        g = rate * self.derivative(w)
        g[..., 0] = 0.0
        return g


DEFAULT_RATE = 0.001  # λ when L1 or L2 is chosen at λ = 0
REGULARIZERS: dict[str, Regularizer] = {
    reg.name: reg
    for reg in (
        Regularizer("none", "no regularization", "0", None, None, "R'(W) = 0"),
        # |W| has no derivative at 0; sign(0) = 0 takes the middle of the subgradient [−1, 1].
        Regularizer("l1", "L1", "λ·Σ|W|", lambda w: float(np.abs(w).sum()), np.sign, "R'(W) = λ·sign(W)"),
        Regularizer("l2", "L2", "½·λ·ΣW²", lambda w: 0.5 * float((w * w).sum()), lambda w: w, "R'(W) = λ·W"),
    )
}


def get_regularizer(name: str) -> Regularizer:
    """Return the registered regularizer, or raise ValueError naming the choices."""
    try:
        return REGULARIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown regularization {name!r}; choose one of {', '.join(REGULARIZERS)}") from None

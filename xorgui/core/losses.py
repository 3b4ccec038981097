"""Loss functions: per-sample value and the output delta dL/da.

Shapes: ``a``, ``z`` (= ŷ) and ``y`` are ``(n_samples, n_outputs)``; values are
``(n_samples,)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import Activation

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str
    per_sample: Callable[[Array, Array, Array], Array]  # (a, z, y) -> L per sample
    formula: str
    requires_output: str | None = None  # activation the output layer must use

    def check_output(self, activation: Activation) -> None:
        """Raise ValueError if this loss cannot be used with that output activation."""
        if self.requires_output and activation.name != self.requires_output:
            raise ValueError(
                f"the {self.name} loss needs a {self.requires_output} output unit "
                f"(its predictions must lie strictly between 0 and 1 for ln ŷ and "
                f"ln(1 − ŷ) to exist); the output activation is {activation.name}"
            )

    def mean(self, a: Array, z: Array, y: Array) -> float:
        """Mean loss over the samples (a scalar; cheaper than ``per_sample(...).mean()``)."""
        if self.name == "squared":
            diff = (z - y).ravel()
            return 0.5 * float(diff @ diff) / z.shape[0]
        return float(self.per_sample(a, z, y).sum()) / z.shape[0]

    def output_delta(self, a: Array, z: Array, y: Array, activation: Activation) -> Array:
        """δ = dL/da at the output units."""
        if self.name == "cross_entropy":
            # dL/dŷ = (ŷ − y) / (ŷ(1 − ŷ)) and f'(a) = ŷ(1 − ŷ): they cancel.
            return z - y
        # squared: dL/dŷ = ŷ − y, and dL/da = (ŷ − y)·f'(a)
        return (z - y) * activation.derivative(a, z)


def _squared(a: Array, z: Array, y: Array) -> Array:
    diff = z - y
    return 0.5 * np.einsum("ij,ij->i", diff, diff)


def _cross_entropy(a: Array, z: Array, y: Array) -> Array:
    # −[y ln σ(a) + (1 − y) ln(1 − σ(a))], with ln σ(a) = −ln(1 + e^−a) computed by
    # logaddexp so that a saturated output gives a large finite loss, never inf/nan.
    return np.sum(y * np.logaddexp(0.0, -a) + (1.0 - y) * np.logaddexp(0.0, a), axis=1)


LOSSES: dict[str, Loss] = {
    "squared": Loss("squared", _squared, "L = ½·Σ(ŷ − y)²"),
    "cross_entropy": Loss(
        "cross_entropy", _cross_entropy, "L = −Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
        requires_output="sigmoid",
    ),
}


def get_loss(name: str) -> Loss:
    """Return the registered loss, or raise ValueError naming the choices."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None

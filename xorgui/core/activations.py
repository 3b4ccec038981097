"""Activation functions as named (function, derivative) pairs.

Each derivative takes both the weighted sum ``a`` and the activation ``z = f(a)``
because for sigmoid and tanh the derivative is cheapest from ``z``, while for the
rectifiers it depends on the sign of ``a``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """``f(a)`` and ``f'(a)``, with the formulas a walkthrough prints."""

    name: str
    function: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array]  # (a, z) -> f'(a)
    formula: str  # z = f(a), written out
    derivative_formula: str  # f'(a), written out
    linear: bool = False
    words: str = ""  # how a user reads the name, when it is not the name itself

    @property
    def label(self) -> str:
        """The activation as a user reads it: "sigmoid", "ReLU", "leaky ReLU"."""
        return self.words or self.name


def _sigmoid(a: Array) -> Array:
    # 1 / (1 + e^-a) without overflow warnings for large |a|: tanh form is stable.
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def _relu(a: Array) -> Array:
    return np.maximum(a, 0.0)


LEAKY_SLOPE = 0.01


def _leaky_relu(a: Array) -> Array:
    return np.where(a > 0.0, a, LEAKY_SLOPE * a)


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("identity", lambda a: a, lambda a, z: np.ones_like(a),
                   "f(a) = a", "f'(a) = 1", linear=True),
        Activation("sigmoid", _sigmoid, lambda a, z: z * (1.0 - z),
                   "f(a) = 1 / (1 + e^(-a))", "f'(a) = z·(1 − z)"),
        Activation("tanh", np.tanh, lambda a, z: 1.0 - z * z,
                   "f(a) = tanh(a)", "f'(a) = 1 − z²"),
        Activation("relu", _relu, lambda a, z: (a > 0.0).astype(a.dtype),
                   "f(a) = max(0, a)", "f'(a) = 1 if a > 0 else 0", words="ReLU"),
        Activation("leaky_relu", _leaky_relu,
                   lambda a, z: np.where(a > 0.0, 1.0, LEAKY_SLOPE),
                   f"f(a) = a if a > 0 else {LEAKY_SLOPE}·a",
                   f"f'(a) = 1 if a > 0 else {LEAKY_SLOPE}", words="leaky ReLU"),
    )
}


def get_activation(name: str) -> Activation:
    """Return the registered activation, or raise ValueError naming the choices."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None

"""Activation functions as named (function, derivative) pairs.

Each derivative takes both the weighted sum ``a`` and the activation ``z = f(a)``. Sigmoid's
and tanh's are computed from ``a``: the textbook forms z·(1 − z) and 1 − z² lose every digit
where z rounds to within 1e−16 of 1 (|a| ≳ 37 for sigmoid, 19 for tanh, and some digits long
before), and a walkthrough shows those slopes to four significant digits. A learner's
working from the shown z uses the textbook form (``written_derivative``).
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
    function: Callable[..., Array]  # (a, out=None) -> z = f(a), into ``out`` when given
    derivative: Callable[[Array, Array], Array]  # (a, z) -> f'(a)
    formula: str  # z = f(a), written out
    derivative_formula: str  # f'(a), written out
    linear: bool = False
    words: str = ""  # how a user reads the name, when it is not the name itself
    # (a, z) -> f'(a) as ``derivative_formula`` computes it (z·(1 − z)): what a learner's working
    # from the numbers on screen gives; None: ``derivative`` itself
    written: Callable[[Array, Array], Array] | None = None
    # (a, z, y) -> ŷ − y of an output unit with every digit; None: z − y, exact for the others
    error: Callable[[Array, Array, Array], Array] | None = None
    from_a: str = ""  # f'(a) as computed, from a (sigmoid, tanh), when z near ±1 shows as ±1

    @property
    def written_derivative(self) -> Callable[[Array, Array], Array]:
        return self.written or self.derivative

    def output_error(self, a: Array, z: Array, y: Array) -> Array:
        """ŷ − y for an output unit of this activation: z − y loses every digit where z rounds to
        the end of its range that y is at (σ(40) is 1 in floats, and 1 − 1 was 0, not −4.2e−18)."""
        return z - y if self.error is None else self.error(a, z, y)

    @property
    def label(self) -> str:
        """The activation as a user reads it: "sigmoid", "ReLU", "leaky ReLU"."""
        return self.words or self.name


# Each f(a) may write into ``out`` (never ``a`` itself): the lottery's engines then make no
# temporaries. With or without it the operations, and so the bits, are the same.
def _identity(a: Array, out: Array | None = None) -> Array:
    if out is None:
        return a
    np.copyto(out, a)
    return out


def _sigmoid(a: Array, out: Array | None = None) -> Array:
    # 1 / (1 + e^-a) as 1 / (1 + e^-|a|), or e^-|a| / (1 + e^-|a|) for a < 0: no overflow, and
    # every digit of a tiny σ(a) (½·(1 + tanh(a/2)) had none left below a ≈ −37)
    e = np.exp(-np.abs(a))
    return np.divide(np.where(a >= 0.0, 1.0, e), 1.0 + e, out=out)


def _sigmoid_slope(a: Array, z: Array) -> Array:
    # σ(a)·σ(−a) = e^-|a| / (1 + e^-|a|)²
    e = np.exp(-np.abs(a))
    d = 1.0 + e
    return e / (d * d)


def _sigmoid_error(a: Array, z: Array, y: Array) -> Array:
    # near its top (a ≥ 0) as (1 − y) − σ(−a), σ(−a) = e^-a / (1 + e^-a); below, z itself is exact
    e = np.exp(-np.abs(a))
    return np.where(a >= 0.0, (1.0 - y) - e / (1.0 + e), z - y)


def _tanh(a: Array, out: Array | None = None) -> Array:
    return np.tanh(a, out=out)


def _tanh_slope(a: Array, z: Array) -> Array:
    # 1/cosh²(a) = 4·e^-2|a| / (1 + e^-2|a|)²
    e = np.exp(-2.0 * np.abs(a))
    d = 1.0 + e
    return 4.0 * e / (d * d)


def _tanh_error(a: Array, z: Array, y: Array) -> Array:
    # as (±1 − y) ∓ (1 − tanh|a|), 1 − tanh|a| = 2·e^-2|a| / (1 + e^-2|a|): every digit near ±1
    e = np.exp(-2.0 * np.abs(a))
    gap = 2.0 * e / (1.0 + e)
    return np.where(a >= 0.0, (1.0 - y) - gap, (-1.0 - y) + gap)


def _relu(a: Array, out: Array | None = None) -> Array:
    return np.maximum(a, 0.0, out=out)


LEAKY_SLOPE = 0.01


def _leaky_relu(a: Array, out: Array | None = None) -> Array:
    if out is None:
        return np.where(a > 0.0, a, LEAKY_SLOPE * a)
    np.multiply(a, LEAKY_SLOPE, out=out)  # a where a > 0, else 0.01·a (NaN stays NaN)
    np.copyto(out, a, where=a > 0.0)
    return out


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("identity", _identity, lambda a, z: np.ones_like(a),
                   "f(a) = a", "f'(a) = 1", linear=True),
        Activation("sigmoid", _sigmoid, _sigmoid_slope,
                   "f(a) = 1 / (1 + e^(-a))", "f'(a) = z·(1 − z)", written=lambda a, z: z * (1.0 - z),
                   error=_sigmoid_error, from_a="σ(a)·σ(−a) = e^−|a|/(1 + e^−|a|)²"),
        Activation("tanh", _tanh, _tanh_slope,
                   "f(a) = tanh(a)", "f'(a) = 1 − z²", written=lambda a, z: 1.0 - z * z, error=_tanh_error,
                   from_a="1/cosh²(a)"),
        Activation("relu", _relu, lambda a, z: (a > 0.0).astype(a.dtype),
                   "f(a) = max(0, a)", "f'(a) = 1 if a > 0 else 0", words="ReLU"),
        Activation("leaky_relu", _leaky_relu,
                   lambda a, z: np.where(a > 0.0, 1.0, LEAKY_SLOPE),
                   f"f(a) = a if a > 0 else {LEAKY_SLOPE}·a",
                   f"f'(a) = 1 if a > 0 else {LEAKY_SLOPE}", words="leaky ReLU"),
    )
}


# What a unit with each activation can produce, (lowest, highest); sigmoid and tanh only approach
# their ends. No entry: any value.
REACH = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, float("inf"))}


def reach(name: str) -> tuple[float, float]:
    """The values activation ``name`` can take: sigmoid 0..1, tanh −1..1, ReLU 0 upwards, others any."""
    return REACH.get(name, (-float("inf"), float("inf")))


def get_activation(name: str) -> Activation:
    """Return the registered activation, or raise ValueError naming the choices."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None

"""Activation functions as named (function, derivative) pairs.

Each derivative takes both the weighted sum ``a`` and the activation ``z = f(a)``. Sigmoid's
and tanh's are computed from ``a``: the textbook forms z·(1 − z) and 1 − z² lose every digit
where z rounds to within 1e−16 of 1 (|a| ≳ 37 for sigmoid, 19 for tanh, and some digits long
before), and a walkthrough shows those slopes to four significant digits. A learner's
working from the shown z uses the textbook form (``written_derivative``).
"""

from __future__ import annotations

import math
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
    from_a: str = ""  # f'(a) as computed from a (sigmoid, tanh) where |a| > far: z near ±1 lost its digits
    far: float = math.inf

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


# Beyond these |a| the textbook forms (½·(1 + tanh(a/2)), z·(1 − z), 1 − z², z − y) have lost more
# than about 1e−12 of their value to rounding near ±1: only there are values, slopes and errors
# taken from e^−|a| (taking every one so made a 16-16-16 epoch on 10,000 samples 60% slower)
SIGMOID_FAR = 10.0  # σ(−10) = 1 − σ(10) = 4.5e−5: a last-bit error near 1 (or in 1 + tanh) is 2.4e−12 of it
TANH_FAR = 5.0  # 1 − tanh|a| = 9.1e−5 there: 1.2e−12 likewise


def _elementwise(fn: Callable[..., Array]) -> Callable[..., Array]:
    """``fn`` on arrays, also given numbers (0-d: practice's working), which masks cannot index."""
    def on_arrays(a: Array, *rest: Array, **kwargs) -> Array:
        if np.ndim(a) == 0 and kwargs.get("out") is None:
            return fn(np.reshape(a, 1), *(np.reshape(x, 1) for x in rest))[0]
        return fn(a, *rest, **kwargs)
    return on_arrays


def _far(a: Array, beyond: Array) -> tuple[Array, Array] | None:
    """The entries of ``a`` where ``beyond`` holds, and their mask (None when there are none)."""
    return (a[beyond], beyond) if beyond.any() else None


@_elementwise
def _sigmoid(a: Array, out: Array | None = None) -> Array:
    # 1 / (1 + e^-a) as ½·(1 + tanh(a/2)), without overflow; below −SIGMOID_FAR, where 1 + tanh(a/2)
    # cancels to its last digits (none were left below −37: σ(−40) came out 0), as e^a / (1 + e^a)
    z = np.tanh(np.multiply(a, 0.5, out=out), out=out)
    z = np.multiply(np.add(z, 1.0, out=out), 0.5, out=out)
    if (far := _far(a, a < -SIGMOID_FAR)) is not None:
        e = np.exp(far[0])
        z[far[1]] = e / (1.0 + e)
    return z


@_elementwise
def _sigmoid_slope(a: Array, z: Array) -> Array:
    slope = z * (1.0 - z)
    if (far := _far(a, a > SIGMOID_FAR)) is not None:  # σ(a)·σ(−a) = e^-a / (1 + e^-a)²
        e = np.exp(-far[0])
        slope[far[1]] = e / ((1.0 + e) * (1.0 + e))
    return slope


@_elementwise
def _sigmoid_error(a: Array, z: Array, y: Array) -> Array:
    error = z - y
    if (far := _far(a, a > SIGMOID_FAR)) is not None:  # (1 − y) − σ(−a), σ(−a) = e^-a / (1 + e^-a)
        e = np.exp(-far[0])
        error[far[1]] = (1.0 - np.broadcast_to(y, a.shape)[far[1]]) - e / (1.0 + e)
    return error


def _tanh(a: Array, out: Array | None = None) -> Array:
    return np.tanh(a, out=out)


@_elementwise
def _tanh_slope(a: Array, z: Array) -> Array:
    slope = 1.0 - z * z
    if (far := _far(a, np.abs(a) > TANH_FAR)) is not None:  # 1/cosh²(a) = 4·e^-2|a| / (1 + e^-2|a|)²
        e = np.exp(-2.0 * np.abs(far[0]))
        slope[far[1]] = 4.0 * e / ((1.0 + e) * (1.0 + e))
    return slope


@_elementwise
def _tanh_error(a: Array, z: Array, y: Array) -> Array:
    error = z - y
    if (far := _far(a, np.abs(a) > TANH_FAR)) is not None:
        # (±1 − y) ∓ (1 − tanh|a|), 1 − tanh|a| = 2·e^-2|a| / (1 + e^-2|a|)
        x, y_far = far[0], np.broadcast_to(y, a.shape)[far[1]]
        e = np.exp(-2.0 * np.abs(x))
        gap = 2.0 * e / (1.0 + e)
        error[far[1]] = np.where(x > 0.0, (1.0 - y_far) - gap, (-1.0 - y_far) + gap)
    return error


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
                   error=_sigmoid_error, from_a="σ(a)·σ(−a) = e^−|a|/(1 + e^−|a|)²", far=SIGMOID_FAR),
        Activation("tanh", _tanh, _tanh_slope,
                   "f(a) = tanh(a)", "f'(a) = 1 − z²", written=lambda a, z: 1.0 - z * z, error=_tanh_error,
                   from_a="1/cosh²(a)", far=TANH_FAR),
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

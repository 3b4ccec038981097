"""What one linear function, or one flat boundary, can do on a data set: the facts behind the
findings about linear networks and networks without a hidden layer."""

from __future__ import annotations

import weakref

import numpy as np

from .data import Dataset

Array = np.ndarray


def is_xor(data) -> bool:
    """Whether the samples are XOR's four (in any order)."""
    rows = np.hstack([data.inputs, data.targets])
    return rows.shape == (4, 3) and sorted(map(tuple, rows.tolist())) == [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]


def best_linear_fit(data) -> Array:
    """The predictions of the least-squares fit of the targets on ``[1, x]``: the linear
    (affine) function of the inputs that training a network of identity units approaches."""
    a = np.hstack([np.ones((len(data), 1)), data.inputs])
    coef = np.linalg.lstsq(a, data.targets, rcond=None)[0]
    return a @ coef


def best_linear_loss(data) -> float:
    """The lowest mean of ½·Σ(ŷ − y)² any linear (affine) function of the inputs reaches on
    ``data``: the least-squares fit's. A network of identity units computes such a function,
    so it can do no better."""
    return float(0.5 * np.mean(np.sum((best_linear_fit(data) - data.targets) ** 2, axis=1)))


def separates(inputs: Array, labels: Array, rounds: int = 1000) -> Array | None:
    """Weights ``w`` (bias first) with w·[1, x] > 0 exactly for the samples labelled 1, found by
    the batch perceptron rule (it finds one within finitely many rounds whenever one exists), or
    None when ``rounds`` rounds found none: then no line may exist (XOR) or none was found yet."""
    x = np.hstack([np.ones((len(inputs), 1)), np.asarray(inputs, dtype=float)])
    sign = np.where(np.asarray(labels) > 0.5, 1.0, -1.0)
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        wrong = sign * (x @ w) <= 0.0
        if not wrong.any():
            return w
        w = w + (sign[wrong, None] * x[wrong]).sum(axis=0)
    return None


# keyed by the object (Dataset compares by identity): no copy of the samples, and, unlike id(),
# never the answer of a data set that is gone to a new one at the same address
_SEPARABLE: weakref.WeakKeyDictionary[Dataset, bool] = weakref.WeakKeyDictionary()


def separable(data: Dataset) -> bool:
    """Whether :func:`separates` finds a boundary for every output's 0/1 targets of ``data``.

    Remembered per data set (up to ~20 ms for 200 samples no line separates, and the findings
    are made on every change): a :class:`Dataset` is frozen and its arrays are read-only copies,
    so the answer for one object never changes, and the entry goes when the data set does."""
    known = _SEPARABLE.get(data)
    if known is None:
        y = data.targets
        known = _SEPARABLE[data] = all(separates(data.inputs, y[:, k]) is not None for k in range(y.shape[1]))
    return known



def proven_inseparable(inputs: Array, labels: Array, rounds: int = 5000) -> bool:
    """Whether no hyperplane w·[1, x] = 0 puts the samples labelled 1 strictly on one side and
    the others on the other, PROVEN by the Ho–Kashyap procedure: with Y = ±[1, x] (the sign the
    label's) it seeks a with Y·a ≥ b > 0; an error e = Y·a − b that is ≤ 0 everywhere and < 0
    somewhere is a certificate that none exists (Yᵀe = 0 with e ≤ 0: a combination of the rows
    that sums to 0). False when a separating line turns up, or when ``rounds`` rounds proved
    nothing (a separable set of tiny margin: unknown is never reported as impossible)."""
    x = np.hstack([np.ones((len(inputs), 1)), np.asarray(inputs, dtype=float)])
    y = x * np.where(np.asarray(labels) > 0.5, 1.0, -1.0)[:, None]
    pinv = np.linalg.pinv(y)
    b = np.ones(len(y))
    for _ in range(rounds):
        a = pinv @ b
        if np.all(y @ a > 0):
            return False  # a separating hyperplane
        e = y @ a - b
        scale = float(np.max(np.abs(b)))
        if np.all(e <= 1e-9 * scale) and np.min(e) < -1e-6 * scale:
            return True
        b = b + (e + np.abs(e))  # b += 2ρ·e⁺ with ρ = 1: raise the margins the fit overshoots
    return False


_INSEPARABLE: weakref.WeakKeyDictionary[Dataset, bool] = weakref.WeakKeyDictionary()


def inseparable(data: Dataset) -> bool:
    """Whether some output's two target values are proven not to be split by any flat boundary
    (:func:`proven_inseparable`; XOR is). Needs targets of two values per output at least 1
    apart (0/1, −1/1), so that no prediction is right for both; False otherwise. Remembered per
    data set, as :func:`separable` is."""
    known = _INSEPARABLE.get(data)
    if known is None:
        known = False
        for k in range(data.targets.shape[1]):
            values = np.unique(data.targets[:, k])
            labels = data.targets[:, k] == values[-1]
            if len(values) == 2 and values[1] - values[0] >= 1 and (is_xor(data) or (
                    separates(data.inputs, labels) is None and proven_inseparable(data.inputs, labels))):
                known = True
                break
        _INSEPARABLE[data] = known
    return known

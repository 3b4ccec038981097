"""Loss functions, a registry in the spirit of ``activations.py``: per-sample value, the
output delta dL/da, and the formulas a walkthrough writes out.

Shapes: ``a``, ``z`` (= ŷ) and ``y`` are ``(n_samples, n_outputs)``; per-sample values are
``(n_samples,)``. ``name`` is what session files and the CLI use; a user reads ``label``
and ``title``, never the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import numpy as np

from .activations import ACTIVATIONS, Activation
from .numbers import factor, fmt, operand

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str  # as stored in session files and typed at the CLI
    title: str  # in a sentence: "the cross-entropy loss"
    label: str  # in a chooser: the title and, when short, the formula
    per_sample: Callable[[Array, Array, Array], Array]  # (a, z, y) -> L per sample
    total: Callable[[Array, Array, Array], float]  # (a, z, y) -> Σ over samples of L
    output_delta: Callable[[Array, Array, Array, Activation], Array]  # (a, z, y, f) -> δ = dL/da
    formula: str  # L for one sample and one output
    why: str  # what a walkthrough adds after "<formula> is this sample's <title>"
    delta_formula: str  # δ at an output unit
    delta_note: str  # how the chain rule gives δ; "{slope}" is the output activation's f'(a)
    # The walkthrough's equations for one sample: the loss written with the outputs' names
    # (ŷ and y of each output unit) and with numbers, and an output unit's δ likewise.
    written: Callable[[list[str], list[str]], str]  # (ŷ names, y names) -> L in names
    # (ŷ, y, precision, a=None, error=None) -> L in numbers (a: the outputs' sums; error: ŷ − y with
    # every digit, Activation.output_error)
    substituted: Callable[..., str]
    delta_written: Callable[[str, str, str], str]  # (ŷ name, y name, unit) -> δ in names
    delta_substituted: Callable[[float, float, float, int, float], str]  # (ŷ, y, f'(a), precision, ŷ − y)
    requires_output: str | None = None  # activation the output layer must use
    target_range: tuple[float, float] | None = None  # targets must lie in it (inclusive)
    # δ contains the output activation's f'(a): it vanishes where the output saturates,
    # however wrong the prediction (squared error); cross-entropy's cancels it
    delta_has_slope: bool = False
    # (per sample, total) as functions of ŷ − y alone (the squared error), which an output unit then
    # gives with every digit (for_output); None: computed from a, z and y as they are
    of_error: tuple[Callable[[Array], Array], Callable[[Array], float]] | None = None

    def check_output(self, activation: Activation) -> None:
        """Raise ValueError if this loss cannot be used with that output activation."""
        if self.requires_output and activation.name != self.requires_output:
            raise ValueError(
                f"the {self.title} loss needs a {self.requires_output} output unit "
                f"(its predictions must lie strictly between 0 and 1 for ln ŷ and "
                f"ln(1 − ŷ) to exist); the output activation is {activation.label}"
            )

    def check_targets(self, targets: Array) -> None:
        """Raise ValueError if a target lies outside the range this loss is defined on."""
        if self.target_range is not None:
            low, high = self.target_range
            if np.any(targets < low) or np.any(targets > high):
                raise ValueError(f"the {self.title} loss needs targets between {low:g} and {high:g}")

    def formula_for(self, outputs: int) -> str:
        """L for one sample as the walkthrough and Help write it: with several output units a Σ over
        them (L = ½·Σ(ŷ − y)², L = −Σ[…])."""
        return self.formula.replace("½·(", "½·Σ(").replace("−[", "−Σ[") if outputs > 1 else self.formula

    def mean(self, a: Array, z: Array, y: Array) -> float:
        """Mean loss over the samples (a scalar)."""
        return self.total(a, z, y) / z.shape[0]

    def for_output(self, activation: Activation) -> Loss:
        """This loss of an output unit of ``activation``: a loss of ŷ − y alone (``of_error``) takes
        it with every digit (Activation.output_error); the others are computed from a already."""
        return _for_output(self, activation)


# -- squared error: L = ½·Σ(ŷ − y)², dL/dŷ = ŷ − y, so δ = (ŷ − y)·f'(a) --------------------
def _squared_of(diff: Array) -> Array:
    if diff.shape[1] == 1:  # one product, the same bits; einsum's loop per row is ~6x slower
        diff = diff[:, 0]
        return 0.5 * (diff * diff)
    return 0.5 * np.einsum("ij,ij->i", diff, diff)


def _squared_total_of(diff: Array) -> float:
    diff = diff.ravel()
    return 0.5 * float(diff @ diff)


def _squared(a: Array, z: Array, y: Array) -> Array:
    return _squared_of(z - y)


def _squared_total(a: Array, z: Array, y: Array) -> float:
    return _squared_total_of(z - y)


def _near(p: int) -> float:
    """How close to its target an output is written as the target and the difference: within 0.01,
    and at more decimals wherever ``fmt`` leaves the difference fewer than 4 significant digits."""
    return min(0.01, 10.0 ** (3 - p))


def shown_output(h: float, t: float, error: float, p: int) -> str:
    """ŷ as an equation substitutes it. Near a target that shows exactly (1, −1, …) it is written
    target ∓ |ŷ − y| (``error``: ŷ − y, every digit): σ(12) = 0.999993856 shows as 1, and
    "y − ŷ = 1 − 1 = 6.144e−6" stood beside its value; ½·(0.9987 − 1)² gave 8.45e−7 beside 8.712e−7."""
    target = fmt(t, p)
    exact = float(target.replace("−", "-")) == t  # a target of 0.20004 is not written 0.2 here
    # (near 0, ŷ itself is the difference: operand keeps its digits, and "(0 + 0.0001322)" said nothing)
    if exact and t != 0.0 and 0.0 < abs(error) < _near(p):  # (one that shows as its target is nearer)
        return f"({target} {'+' if error > 0 else '−'} {operand(abs(error), p)})"
    return operand(h, p)


def _errors(yhat: Array, y: Array, error: Array | None) -> Array:
    return np.asarray(yhat, dtype=float) - np.asarray(y, dtype=float) if error is None else np.asarray(error)


def _half(terms: list[str]) -> str:
    return f"½·[{' + '.join(terms)}]" if len(terms) > 1 else f"½·{terms[0]}"


def _squared_written(yhat: list[str], y: list[str]) -> str:
    return _half([f"({h} − {t})²" for h, t in zip(yhat, y)])


def _squared_substituted(yhat: Array, y: Array, p: int, a: Array | None = None, error: Array | None = None) -> str:
    return _half([f"({shown_output(h, t, e, p)} − {factor(t, p)})²" for h, t, e in zip(yhat, y, _errors(yhat, y, error))])


# -- cross-entropy: L = −Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)] with a sigmoid output ---------------
def _cross_entropy(a: Array, z: Array, y: Array) -> Array:
    # −[y ln σ(a) + (1 − y) ln(1 − σ(a))], with ln σ(a) = −ln(1 + e^−a) computed by
    # logaddexp so that a saturated output gives a large finite loss, never inf/nan.
    return np.sum(y * np.logaddexp(0.0, -a) + (1.0 - y) * np.logaddexp(0.0, a), axis=1)


def _cross_entropy_delta(a: Array, z: Array, y: Array, activation: Activation) -> Array:
    # dL/dŷ = (ŷ − y) / (ŷ(1 − ŷ)) and the sigmoid's f'(a) = ŷ(1 − ŷ): they cancel to ŷ − y, with
    # every digit (once ŷ rounds to 1, z − y was 0 for y = 1 beside a loss above 0)
    return activation.output_error(a, z, y)


def _cross_entropy_written(yhat: list[str], y: list[str]) -> str:
    return "−[" + " + ".join(f"{t}·ln {h} + (1 − {t})·ln(1 − {h})" for h, t in zip(yhat, y)) + "]"


def _cross_entropy_substituted(yhat: Array, y: Array, p: int, a: Array | None = None, error: Array | None = None) -> str:
    # With the sums ``a``, 1 − ŷ is σ(−a): in floats it is 0 once ŷ rounds to 1 (a ≳ 37), and "ln 0"
    # stood beside a finite loss. A probability that shows as 1 is written 1 − its complement ("ln 1"
    # said 0 beside a loss above 0), and one below the smallest float as its logarithm's value.
    def ln(q: float, other: float, log: float) -> str:
        if other > 0.0 and (other < _near(p) or fmt(q, p) == "1"):
            return f"ln(1 − {operand(other, p)})"
        return f"ln {operand(q, p)}" if q > 0.0 or not math.isfinite(log) else f"({fmt(log, p)})"

    terms = []
    for k, (h, t) in enumerate(zip(yhat, y)):
        if a is None:
            terms.append(f"{factor(t, p)}·ln {fmt(h, p)} + {factor(1 - t, p)}·ln {fmt(1 - h, p)}")
            continue
        rest = float(ACTIVATIONS["sigmoid"].function(np.array(-a[k])))  # 1 − ŷ, every digit
        terms.append(f"{factor(t, p)}·{ln(h, rest, -float(np.logaddexp(0.0, -a[k])))} + "
                     f"{factor(1 - t, p)}·{ln(rest, h, -float(np.logaddexp(0.0, a[k])))}")
    return "−[" + " + ".join(terms) + "]"


@lru_cache(maxsize=None)
def _for_output(loss: Loss, activation: Activation) -> Loss:
    if loss.of_error is None or activation.error is None:
        return loss
    (per_sample, total), error = loss.of_error, activation.error
    return replace(loss, per_sample=lambda a, z, y: per_sample(error(a, z, y)),
                   total=lambda a, z, y: total(error(a, z, y)))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("squared", "squared error", "squared error ½(ŷ − y)²",
             _squared, _squared_total,
             lambda a, z, y, activation: activation.output_error(a, z, y) * activation.derivative(a, z),
             "L = ½·(ŷ − y)²", "; the ½ makes ∂L/∂ŷ = ŷ − y.", "δ = (ŷ − y)·f'(a)",
             "Chain rule: δ = ∂L/∂ŷ · ∂ŷ/∂a = (ŷ − y)·f'(a), here {slope}.",
             _squared_written, _squared_substituted,
             lambda h, t, u: f"({h} − {t})·f'(a_{u})",
             lambda h, t, slope, p, e: f"({shown_output(h, t, e, p)} − {factor(t, p)})·{operand(slope, p)}",
             delta_has_slope=True, of_error=(_squared_of, _squared_total_of)),
        Loss("cross_entropy", "cross-entropy", "cross-entropy",
             _cross_entropy, lambda a, z, y: float(_cross_entropy(a, z, y).sum()),
             _cross_entropy_delta,
             "L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]", ".", "δ = ŷ − y",
             "By the chain rule δ = ∂L/∂ŷ · f'(a); with a sigmoid output and cross-entropy the two "
             "factors cancel to δ = ŷ − y.",
             _cross_entropy_written, _cross_entropy_substituted,
             lambda h, t, u: f"{h} − {t}",
             lambda h, t, slope, p, e: f"{shown_output(h, t, e, p)} − {factor(t, p)}",
             requires_output="sigmoid", target_range=(0.0, 1.0)),
    )
}


def get_loss(name: str) -> Loss:
    """Return the registered loss, or raise ValueError naming the choices."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None

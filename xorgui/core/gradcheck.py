"""Back-propagation checked against central finite differences."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .losses import Loss
from .network import Network

Array = np.ndarray

EPS = 1e-6  # the step ε of the central differences
# With it they agree with exact gradients to ~1e-7 relative on smooth losses; a kink (ReLU at 0)
# or a wrong derivative gives differences far above this.
TOLERANCE = 1e-4


class Verdict(StrEnum):
    PASS = "pass"  # every relative difference at most TOLERANCE
    FAIL = "fail"  # some weight's gradients disagree by more
    NOT_FINITE = "not finite"  # a gradient or the loss is inf/NaN: nothing can be compared
    IMPRECISE = "imprecise"  # they disagree only by what rounding the loss can make of a step of ε


@dataclass
class GradCheck:
    """``backprop[l]`` and ``numeric[l]`` are shaped like ``weights[l]``; ``relative[l]`` is
    ``|b − n| / max(|b|, |n|, floor)`` elementwise (the floor, near the rounding error of the
    finite difference, keeps gradients that are zero from dividing by zero); ``rounding[l]`` how
    far the finite difference can be off by rounding the two losses alone: two ulps of the larger,
    over 2ε (a loss of 2e25 moves in steps of 4e9, so a change of ε·6e12 is lost). A lower bound
    (the forward pass rounds too), so the verdict errs toward FAIL, never toward hiding a wrong one."""

    backprop: list[Array]
    numeric: list[Array]
    relative: list[Array]
    rounding: list[Array] | None = None  # None: not known, every disagreement counts

    @property
    def finite(self) -> bool:
        return all(np.all(np.isfinite(a)) for a in self.backprop + self.numeric)

    @property
    def max_relative(self) -> float:
        """The largest relative difference (NaN when a gradient is not finite)."""
        return max(float(r.max()) for r in self.relative) if self.finite else math.nan

    @property
    def verdict(self) -> Verdict:
        if not self.finite:
            return Verdict.NOT_FINITE
        if self.max_relative <= TOLERANCE:
            return Verdict.PASS
        # every disagreement above the tolerance within the finite difference's own rounding:
        # nothing is shown wrong, the check cannot be made at this scale
        if self.rounding is None:
            return Verdict.FAIL
        off = [(r > TOLERANCE) & (np.abs(b - n) > e) for r, b, n, e in
               zip(self.relative, self.backprop, self.numeric, self.rounding)]
        return Verdict.FAIL if any(o.any() for o in off) else Verdict.IMPRECISE

    def worst(self) -> tuple[int, int, int]:
        """(layer, row, col) of the largest relative difference (a non-finite one first)."""
        relative = [np.where(np.isfinite(r), r, np.inf) for r in self.relative]
        l = int(np.argmax([r.max() for r in relative]))
        row, col = np.unravel_index(int(np.argmax(relative[l])), relative[l].shape)
        return l, int(row), int(col)


KINKED = ("relu", "leaky_relu")  # activations with no derivative at a = 0


@dataclass(frozen=True)
class Kink:
    """A unit whose weighted sum ``a`` for ``sample`` lies at or across its kink at 0 within a
    finite difference: ``layer`` is the unit layer (1 = first hidden), ``row`` the unit."""

    layer: int
    row: int
    sample: int
    a: float
    activation: str


def kinks(network: Network, inputs: Array, weight: tuple[int, int, int], eps: float = EPS) -> list[Kink]:
    """Units of a kinked activation (ReLU, leaky ReLU) whose sum, for some sample, is on the two
    sides of 0 at ``weight`` (layer, row, col) ± ε, or at 0 with the weight moving it: the central
    difference for that weight straddles the kink there, averaging the slopes on both sides, where
    back-propagation takes the slope f'(0) of one. Found by the two forward passes themselves: a
    sum far from 0 is reached when the weights after it amplify the step (×1000 crossed from 5e−4)."""
    l, row, col = weight
    probe = network.copy()
    sums = []
    for step in (eps, -eps):
        probe.weights[l][row, col] = network.weights[l][row, col] + step
        with np.errstate(all="ignore"):
            sums.append(probe.forward(inputs).a)
    with np.errstate(all="ignore"):
        now = network.forward(inputs).a
    found = []
    for k, act in enumerate(network.activations):
        if act.name not in KINKED:
            continue
        plus, minus = sums[0][k], sums[1][k]
        moved = plus != minus
        straddled = moved & ((np.sign(plus) != np.sign(minus)) | (now[k] == 0))
        for i, j in zip(*np.nonzero(straddled)):
            found.append(Kink(k + 1, int(j), int(i), float(now[k][i, j]), act.name))
    return found


def gradient_check(network: Network, inputs: Array, targets: Array, loss: Loss,
                   eps: float = EPS, floor: float = 1e-6) -> GradCheck:
    """Compare dL/dW of the mean data loss from back-propagation and from
    ``(L(w + ε) − L(w − ε)) / 2ε`` for every weight. Regularization is left out (L1 has
    no derivative at 0). The network is restored exactly afterwards; inf/NaN are not warned
    about, they make the verdict NOT_FINITE."""
    with np.errstate(all="ignore"):
        return _check(network, inputs, targets, loss, eps, floor)


def _check(network: Network, inputs: Array, targets: Array, loss: Loss, eps: float, floor: float) -> GradCheck:
    backprop = network.gradients(inputs, targets, loss)
    probe = network.copy()
    numeric, rounding = [], []
    for w in probe.weights:
        g, off = np.empty_like(w), np.empty_like(w)
        for idx in np.ndindex(w.shape):
            original = w[idx]
            w[idx] = original + eps
            plus = probe.mean_loss(inputs, targets, loss)
            w[idx] = original - eps
            minus = probe.mean_loss(inputs, targets, loss)
            w[idx] = original
            g[idx] = (plus - minus) / (2 * eps)
            off[idx] = 2 * np.spacing(max(abs(plus), abs(minus))) / (2 * eps)
        numeric.append(g)
        rounding.append(off)
    relative = [np.abs(b - n) / np.maximum(np.maximum(np.abs(b), np.abs(n)), floor)
                for b, n in zip(backprop, numeric)]
    return GradCheck(backprop, numeric, relative, rounding)

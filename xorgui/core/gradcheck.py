"""Back-propagation checked against central finite differences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import Loss
from .network import Network

Array = np.ndarray


@dataclass
class GradCheck:
    """``backprop[l]`` and ``numeric[l]`` are shaped like ``weights[l]``; ``relative[l]`` is
    ``|b − n| / max(|b|, |n|, floor)`` elementwise (the floor, near the rounding error of the
    finite difference, keeps gradients that are zero from dividing by zero)."""

    backprop: list[Array]
    numeric: list[Array]
    relative: list[Array]

    @property
    def max_relative(self) -> float:
        return max(float(r.max()) for r in self.relative)

    def worst(self) -> tuple[int, int, int]:
        """(layer, row, col) of the largest relative difference."""
        l = int(np.argmax([r.max() for r in self.relative]))
        row, col = np.unravel_index(int(np.argmax(self.relative[l])), self.relative[l].shape)
        return l, int(row), int(col)


def gradient_check(network: Network, inputs: Array, targets: Array, loss: Loss,
                   eps: float = 1e-6, floor: float = 1e-6) -> GradCheck:
    """Compare dL/dW of the mean data loss from back-propagation and from
    ``(L(w + ε) − L(w − ε)) / 2ε`` for every weight. Regularization is left out (L1 has
    no derivative at 0). The network is restored exactly afterwards."""
    backprop = network.gradients(inputs, targets, loss)
    probe = network.copy()
    numeric = []
    for w in probe.weights:
        g = np.empty_like(w)
        for idx in np.ndindex(w.shape):
            original = w[idx]
            w[idx] = original + eps
            plus = probe.mean_loss(inputs, targets, loss)
            w[idx] = original - eps
            minus = probe.mean_loss(inputs, targets, loss)
            w[idx] = original
            g[idx] = (plus - minus) / (2 * eps)
        numeric.append(g)
    relative = [np.abs(b - n) / np.maximum(np.maximum(np.abs(b), np.abs(n)), floor)
                for b, n in zip(backprop, numeric)]
    return GradCheck(backprop, numeric, relative)

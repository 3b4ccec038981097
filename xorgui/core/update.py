"""The one gradient-descent update: ``W := W − α·(∂L/∂W + R'(W))``.

The trainer (sample by sample and in the fast path), the trace and the walkthrough all call
:func:`descend`, so their numbers agree bit for bit. ``∂L/∂W`` is the mean over a batch of
the per-sample gradients; ``R'`` comes from the regularizer registry and is zero on bias
weights (column 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .regularizers import get_regularizer

if TYPE_CHECKING:
    from .training import TrainingConfig

Array = np.ndarray


def regularization_terms(config: "TrainingConfig", weights: list[Array]) -> list[Array]:
    """λ·R'(W) for every layer, zeros where there is no regularization."""
    reg, rate = get_regularizer(config.regularization), config.regularization_rate
    terms = [reg.gradient(w, rate) for w in weights]
    return [np.zeros_like(w) if r is None else r for w, r in zip(weights, terms)]


def descend(config: "TrainingConfig", weights: list[Array], grads: list[Array],
            out: list[Array] | None = None) -> list[Array]:
    """W − α·(∂L/∂W + R'(W)) for every layer: new arrays, or written into ``out``.

    ``out`` may be ``weights`` itself (an update in place, as the fast path does); ``grads``
    are then used as scratch space and hold α·(∂L/∂W + R'(W)) afterwards. Without ``out``
    nothing given is changed.
    """
    reg, rate, lr = get_regularizer(config.regularization), config.regularization_rate, config.learning_rate
    if out is None:
        grads = [g.copy() for g in grads]
        out = [np.empty_like(w) for w in weights]
    for w, g, dst in zip(weights, grads, out):
        r = reg.gradient(w, rate)  # from W before the update, even when dst is W
        if r is not None:
            g += r
        g *= lr
        np.subtract(w, g, out=dst)
    return out

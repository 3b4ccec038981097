"""The trace of one online step on one sample: every number back-propagation computes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .activations import get_activation
from .losses import get_loss
from .network import Network, mean_gradients
from .update import descend, regularization_terms

if TYPE_CHECKING:
    from .training import TrainingConfig

Array = np.ndarray


@dataclass
class SampleTrace:
    """All values for one sample. Per layer lists are indexed by weight layer ``l``
    (``a[l]``, ``z[l]``, ``deltas[l]`` belong to units of layer ``l + 1``).

    * ``sources[l]``: ``(1 + layers[l],)`` activations feeding weight layer ``l``, bias 1 first
    * ``a[l]``, ``z[l]``, ``deltas[l]``: ``(layers[l+1],)``; ``δ = dL/da``
    * ``gradients[l]``: dL/dW for this sample, ``z_source · δ_target``, shaped like ``weights[l]``
    * ``regularization[l]``: the regularization gradient added to it (zeros if none)
    * ``weights_after[l] = weights_before[l] − α·(gradients[l] + regularization[l])``
    """

    layers: list[int]
    activations: list[str]
    loss_name: str
    learning_rate: float
    inputs: Array
    target: Array
    weights_before: list[Array]
    sources: list[Array]
    a: list[Array]
    z: list[Array]
    deltas: list[Array]
    gradients: list[Array]
    regularization: list[Array]
    weights_after: list[Array]
    loss: float
    regularizer: str = "none"  # which R'(W) ``regularization`` holds ("none", "l1", "l2") ...
    regularization_rate: float = 0.0  # ... and its λ, so a walkthrough can define R'

    @property
    def output(self) -> Array:
        return self.z[-1]

    @property
    def error(self) -> Array:
        """y − ŷ, the article's 'loss' (its sign is the opposite of the output delta's), with every
        digit where ŷ rounds to its target (Activation.output_error)."""
        out = get_activation(self.activations[-1])
        return -out.output_error(self.a[-1], self.output, self.target)


def trace_sample(network: Network, config: "TrainingConfig", x: Array, y: Array) -> SampleTrace:
    """Forward, backward and one gradient-descent update for the single sample ``(x, y)``."""
    with np.errstate(all="ignore"):  # an overflowing step is shown as inf/nan, not warned about
        loss = get_loss(config.loss).for_output(network.activations[-1])
        x = np.asarray(x, dtype=np.float64).reshape(1, -1)
        y = np.asarray(y, dtype=np.float64).reshape(1, -1)
        fwd = network.forward(x)
        deltas = network.deltas(fwd, y, loss)
        sources = [fwd.source(l)[0] for l in range(len(network.weights))]
        grads = mean_gradients(fwd, deltas)  # z_source·δ_target: the mean over one sample
        return SampleTrace(
            layers=list(network.layers), activations=network.activation_names, loss_name=loss.name,
            learning_rate=config.learning_rate, inputs=x[0], target=y[0], weights_before=network.copy_weights(),
            sources=sources, a=[a[0] for a in fwd.a], z=[z[0] for z in fwd.z],
            deltas=[d[0] for d in deltas], gradients=grads, regularization=regularization_terms(config, network.weights),
            weights_after=descend(config, network.weights, grads),
            loss=float(network.sample_losses(fwd, y, loss)[0]),
            regularizer=config.regularization, regularization_rate=config.regularization_rate,
        )

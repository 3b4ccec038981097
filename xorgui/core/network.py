"""A fully connected feed-forward network and its exact back-propagation.

Conventions (they match the seed article):

* ``layers`` are unit counts without bias units, e.g. ``[2, 3, 1]``.
* ``weights[l]`` is a float64 matrix of shape ``(layers[l+1], 1 + layers[l])``;
  column 0 multiplies the bias unit of the source layer, whose value is always 1.
* For one sample, unit ``j`` of layer ``l+1`` computes the weighted sum
  ``a_j = Σ_i W[j, i]·z_i`` (with ``z_0 = 1``) and the activation ``z_j = f(a_j)``.
* ``δ_j = dL/da_j``: at the output it comes from the loss; in a hidden layer
  ``δ_j = f'(a_j) · Σ_k W_next[k, j]·δ_k``. The gradient of a weight is
  ``dL/dW[j, i] = z_i · δ_j`` (source activation times target delta).
"""

from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation
from .losses import Loss

Array = np.ndarray

MAX_LAYERS = 10  # input + up to 8 hidden + output
MAX_UNITS = 16  # a teaching tool: every weight on screen stays legible and quick to draw


def with_bias(z: Array) -> Array:
    """Prepend the bias column of ones: ``(n, k) -> (n, 1 + k)``."""
    # filled in place: a third of np.hstack's time, which every forward pass paid per layer
    out = np.empty((z.shape[0], z.shape[1] + 1))
    out[:, 0] = 1.0
    out[:, 1:] = z
    return out


@dataclass
class ForwardPass:
    """Values of one forward pass over ``n`` samples.

    ``a[l]`` and ``z[l]`` belong to layer ``l + 1`` (the input layer has no
    weighted sum); both are ``(n, layers[l + 1])``. ``inputs`` is ``(n, layers[0])``.
    """

    inputs: Array
    a: list[Array]
    z: list[Array]

    def source(self, l: int) -> Array:
        """Activations feeding weight layer ``l``, bias column included: ``(n, 1 + layers[l])``."""
        return with_bias(self.inputs if l == 0 else self.z[l - 1])

    @property
    def output(self) -> Array:
        return self.z[-1]


class Network:
    """Layer sizes, one activation per weight layer, and the weights."""

    def __init__(self, layers: list[int], activations: list[str], weights: list[Array]):
        check_shape(layers)
        if len(activations) != len(layers) - 1:
            raise ValueError(
                f"need {len(layers) - 1} activations (one per layer after the input), "
                f"got {len(activations)}"
            )
        self.layers = [int(n) for n in layers]
        self.activations: list[Activation] = [get_activation(name) for name in activations]
        self.weights: list[Array] = []
        self.set_weights(weights)

    # -- structure -------------------------------------------------------
    @property
    def activation_names(self) -> list[str]:
        return [act.name for act in self.activations]

    def weight_shapes(self) -> list[tuple[int, int]]:
        return weight_shapes(self.layers)

    def set_weights(self, weights: list[Array]) -> None:
        """Replace all weights (copied, float64), checking their shapes.

        Values are not checked: a diverged run holds inf/nan and must stay restorable (undo,
        a change of activation). Numbers a user types or a file holds are checked where they
        enter (``Trainer.set_weight``, the session file).
        """
        shapes = self.weight_shapes()
        if len(weights) != len(shapes):
            raise ValueError(f"need {len(shapes)} weight matrices, got {len(weights)}")
        new = []
        for l, (w, shape) in enumerate(zip(weights, shapes)):
            w = np.array(w, dtype=np.float64)
            if w.shape != shape:
                raise ValueError(
                    f"weights[{l}] must have shape {shape[0]}×{shape[1]} "
                    f"(bias column first), got {'×'.join(map(str, w.shape))}"
                )
            new.append(w)
        self.weights = new

    def copy_weights(self) -> list[Array]:
        return [w.copy() for w in self.weights]

    def copy(self) -> "Network":
        return Network(self.layers, self.activation_names, self.weights)

    @property
    def is_linear(self) -> bool:
        return all(act.linear for act in self.activations)

    # -- maths -------------------------------------------------------------
    def forward(self, inputs: Array) -> ForwardPass:
        """Forward pass of ``inputs`` ``(n, layers[0])``."""
        x = np.asarray(inputs, dtype=np.float64)
        a_list, z_list = [], []
        z = x
        for w, act in zip(self.weights, self.activations):
            # a_j = Σ_i W[j, i]·z_i with z_0 = 1 (the same arithmetic as the fast path, bit for bit)
            a = with_bias(z) @ w.T
            z = act.function(a)
            a_list.append(a)
            z_list.append(z)
        return ForwardPass(x, a_list, z_list)

    def deltas(self, fwd: ForwardPass, targets: Array, loss: Loss) -> list[Array]:
        """δ = dL/da for every non-input layer, per sample: ``deltas[l]`` is ``(n, layers[l+1])``."""
        y = np.asarray(targets, dtype=np.float64)
        out = len(self.weights) - 1
        delta = loss.output_delta(fwd.a[out], fwd.z[out], y, self.activations[out])
        result = [delta]
        for l in range(out - 1, -1, -1):
            # δ_j = f'(a_j) · Σ_k W_next[k, j]·δ_k   (bias column 0 has no delta)
            back = delta @ self.weights[l + 1][:, 1:]
            delta = back * self.activations[l].derivative(fwd.a[l], fwd.z[l])
            result.append(delta)
        result.reverse()
        return result

    def sample_losses(self, fwd: ForwardPass, targets: Array, loss: Loss) -> Array:
        """Loss of each sample, ``(n,)``."""
        return loss.per_sample(fwd.a[-1], fwd.z[-1], np.asarray(targets, dtype=np.float64))

    def mean_loss(self, inputs: Array, targets: Array, loss: Loss) -> float:
        """Mean data loss over the samples (no regularization), as the fast path computes it."""
        fwd = self.forward(inputs)
        return loss.mean(fwd.a[-1], fwd.z[-1], np.asarray(targets, dtype=np.float64))

    def gradients(self, inputs: Array, targets: Array, loss: Loss) -> list[Array]:
        """Mean over samples of dL/dW, each shaped like its weight matrix."""
        fwd = self.forward(inputs)
        return mean_gradients(fwd, self.deltas(fwd, targets, loss))


def mean_gradients(fwd: ForwardPass, deltas: list[Array]) -> list[Array]:
    """dL/dW[j, i] = mean over the samples of z_i · δ_j, for every weight layer."""
    n = fwd.inputs.shape[0]
    return [d.T @ fwd.source(l) / n for l, d in enumerate(deltas)]


def gradient_length(grads: list[Array]) -> float:
    """The length of a gradient given per weight layer: every weight's entry in one vector,
    scaled by its largest entry first (squares below 1e−308 were 0: a gradient of 1.6e−174, from a
    saturated output, came out 0 and was called no gradient at all)."""
    largest = max((float(np.max(np.abs(g))) for g in grads if g.size), default=0.0)
    if largest == 0.0 or not math.isfinite(largest):
        return largest if largest == 0.0 or math.isinf(largest) else math.nan
    return largest * float(np.sqrt(sum(float(np.sum((g / largest) ** 2)) for g in grads)))


def weight_shapes(layers: list[int]) -> list[tuple[int, int]]:
    return [(layers[l + 1], 1 + layers[l]) for l in range(len(layers) - 1)]


def check_shape(layers: list[int]) -> None:
    """Raise ValueError unless ``layers`` is a drawable, trainable network shape."""
    if not isinstance(layers, (list, tuple)) or not 2 <= len(layers) <= MAX_LAYERS:
        raise ValueError(f"a network needs 2 to {MAX_LAYERS} layers (input … output)")
    for n in layers:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_UNITS:
            raise ValueError(f"every layer needs 1 to {MAX_UNITS} units, got {n!r}")

"""The lottery's two engines: one forward and backward pass of all K runs over ``m`` samples.

Each mirrors one single-net engine, the one :meth:`Trainer.run_epochs` picks by default for the
network (``scalarpath.fits``), so a lottery run is computed as the run a user opens would be:

- :class:`BatchedPlan` is ``fastpath.py``'s plan with a leading run axis. numpy's batched
  ``matmul`` calls the same BLAS routine on each run's matrices as that engine calls on its one;
  everything else is elementwise, so each run equals the numpy engine bit for bit. Each product
  costs K BLAS calls (~0.2 µs each), which at 2-3-1 is most of an epoch.
- :class:`UnrolledPlan` is for the tiny networks the scalar path trains. Its arrays have the run
  axis last, ``(m, units, K)``, and each weighted sum, back-propagated sum and gradient sum is
  written as the scalar path writes it: products added one by one, left to right, sample by
  sample (no BLAS, whose fused multiply-adds round differently). Its elementwise operations are
  IEEE-exact like Python's float operations, so a run equals the scalar path bit for bit except
  where numpy's ``tanh`` and ``exp`` differ from ``math``'s in the last bit (sigmoid and tanh
  units; the numpy engine is then within about 1e-15 a step too).

Both keep their weights where :class:`Lottery` draws them: ``weights[l]`` is ``(K, rows, cols)``
(for the unrolled plan a view of ``(rows, cols, K)`` storage), and leave each run's mean
gradients in ``grads`` (the same layout) for :func:`update.descend`.
"""

from __future__ import annotations

import numpy as np

from .network import weight_shapes

Array = np.ndarray


def allocate(unrolled: bool, k: int, layers: list[int]) -> list[Array]:
    """Zero weights of K runs, ``(K, rows, cols)`` each, laid out for the chosen plan."""
    if unrolled:
        return [np.zeros(shape + (k,)).transpose(2, 0, 1) for shape in weight_shapes(layers)]
    return [np.zeros((k,) + shape) for shape in weight_shapes(layers)]


class BatchedPlan:
    """Buffers for the numpy engine's passes with a leading run axis (``src[l]`` is
    ``(K, m, 1 + layers[l])``, column 0 fixed at 1)."""

    def __init__(self, weights: list[Array], acts, layers: list[int], m: int):
        k = weights[0].shape[0]
        self.weights, self.acts, self.m = weights, acts, m  # the same arrays: updates in place are seen
        self.src = [np.ones((k, m, 1 + n)) for n in layers[:-1]]
        self.a = [np.empty((k, m, n)) for n in layers[1:]]
        self.out = np.empty((k, m, layers[-1]))
        self.grads = [np.empty_like(w) for w in weights]

    def load_inputs(self, x: Array) -> None:
        self.src[0][:, :, 1:] = x

    def z(self, l: int) -> Array:
        return self.src[l + 1][:, :, 1:] if l + 1 < len(self.src) else self.out

    run_axis = 0  # of ``outputs``

    def outputs(self) -> tuple[Array, Array]:
        """The output layer's weighted sums and outputs, ``(K, m, outputs)`` each."""
        return self.a[-1], self.out

    def forward(self) -> None:
        for l, (w, act) in enumerate(zip(self.weights, self.acts)):
            a = np.matmul(self.src[l], w.transpose(0, 2, 1), out=self.a[l])  # a = [1, z]·Wᵀ per run
            act.function(a, out=self.z(l))

    def backward(self, loss, y: Array) -> None:
        """Each run's mean dL/dW over the m samples (targets ``y``, ``(m, outputs)``) into ``grads``."""
        last = len(self.weights) - 1
        delta = loss.output_delta(self.a[last], self.out, y, self.acts[last])
        for l in range(last, -1, -1):
            np.matmul(delta.transpose(0, 2, 1), self.src[l], out=self.grads[l])  # δᵀ·source / m
            np.divide(self.grads[l], self.m, out=self.grads[l])
            if l:
                # δ_j = f'(a_j) · Σ_k W_next[k, j]·δ_k
                delta = np.matmul(delta, self.weights[l][:, :, 1:]) * self.acts[l - 1].derivative(
                    self.a[l - 1], self.z(l - 1))


class UnrolledPlan:
    """Buffers for the scalar path's arithmetic on K runs at once, run axis last: ``src[l]`` is
    ``(m, 1 + layers[l], K)`` with column 0 fixed at 1, ``a[l]`` ``(m, layers[l + 1], K)``."""

    def __init__(self, weights: list[Array], acts, layers: list[int], m: int):
        k = weights[0].shape[0]
        self.weights, self.acts, self.m = weights, acts, m
        self.w = [v.transpose(1, 2, 0) for v in weights]  # (rows, cols, K): the storage itself
        self.src = [np.ones((m, 1 + n, k)) for n in layers[:-1]]
        self.a = [np.empty((m, n, k)) for n in layers[1:]]
        self.out = np.empty((m, layers[-1], k))
        self.temp = [np.empty((m, n, k)) for n in layers[1:]]
        self.back = [np.empty((m, n, k)) for n in layers[1:-1]]
        self.products = [np.empty((m,) + w.shape) for w in self.w]  # δ_j·[1, z]_c of every sample
        self.sums = [np.empty(w.shape) for w in self.w]
        self.grads = [g.transpose(2, 0, 1) for g in self.sums]

    def load_inputs(self, x: Array) -> None:
        self.src[0][:, 1:, :] = x[:, :, None]

    def z(self, l: int) -> Array:
        return self.src[l + 1][:, 1:, :] if l + 1 < len(self.src) else self.out

    run_axis = 2  # of ``outputs``

    def outputs(self) -> tuple[Array, Array]:
        """The output layer's weighted sums and outputs, ``(m, outputs, K)`` each."""
        return self.a[-1], self.out

    def forward(self) -> None:
        for l, (w, act) in enumerate(zip(self.w, self.acts)):
            a, t, s = self.a[l], self.temp[l], self.src[l]
            # a_j = W[j, 0] + W[j, 1]·z_1 + …, added left to right as the scalar path does
            np.copyto(a, w[:, 0])
            for c in range(1, w.shape[1]):
                a += np.multiply(w[:, c], s[:, c:c + 1], out=t)
            act.function(a, out=self.z(l))

    def backward(self, loss, y: Array) -> None:
        """Each run's mean dL/dW over the m samples (targets ``y``, ``(m, outputs)``) into ``grads``."""
        last = len(self.w) - 1
        delta = loss.output_delta(self.a[last], self.out, y[:, :, None], self.acts[last])
        for l in range(last, -1, -1):
            # dL/dW[j, c] = Σ_samples δ_j·[1, z]_c, sample after sample (a reduction over the
            # outer axis adds row after row), then / m
            np.multiply(delta[:, :, None, :], self.src[l][:, None, :, :], out=self.products[l])
            np.add.reduce(self.products[l], axis=0, out=self.sums[l])
            np.divide(self.sums[l], self.m, out=self.sums[l])
            if l:
                # δ_j = (δ_1·W_next[1, j] + δ_2·W_next[2, j] + …) · f'(a_j)
                w, back, t = self.w[l], self.back[l - 1], self.temp[l - 1]
                np.multiply(delta[:, 0:1], w[0, 1:], out=back)
                for r in range(1, w.shape[0]):
                    back += np.multiply(delta[:, r:r + 1], w[r, 1:], out=t)
                delta = np.multiply(back, self.acts[l - 1].derivative(self.a[l - 1], self.z(l - 1)), out=back)

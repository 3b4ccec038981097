"""Whole epochs of full- or mini-batch training with preallocated buffers.

This module exists because training runs tens of thousands of epochs a second, where the
plain path's per-call allocations and Python objects would dominate; it does exactly the
arithmetic of ``Network.forward``/``deltas``/``gradients`` and :func:`update.descend`, and
``tests/core/test_fastpath.py`` checks that it equals stepping sample by sample bit for bit.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

import numpy as np

from .losses import Loss
from .network import ForwardPass, Network
from .update import descend

Array = np.ndarray


class _Plan:
    """Buffers for forward and backward passes over ``m`` samples of one network."""

    def __init__(self, net: Network, m: int):
        self.weights = net.weights  # the same arrays: updates in place are seen here
        self.acts = net.activations
        self.m = m
        # src[l] is (m, 1 + layers[l]) with column 0 fixed at 1: the source of weight layer l
        self.src = [np.ones((m, 1 + n)) for n in net.layers[:-1]]
        self.a = [np.empty((m, n)) for n in net.layers[1:]]
        self.out = np.empty((m, net.layers[-1]))
        self.grads = [np.empty_like(w) for w in net.weights]

    def load_inputs(self, x: Array) -> None:
        self.src[0][:, 1:] = x

    def z(self, l: int) -> Array:
        return self.src[l + 1][:, 1:] if l + 1 < len(self.src) else self.out

    def forward(self) -> None:
        for l, (w, act) in enumerate(zip(self.weights, self.acts)):
            a = np.matmul(self.src[l], w.T, out=self.a[l])  # a = [1, z]·Wᵀ, as Network.forward
            self.z(l)[...] = act.function(a)

    def result(self, x: Array) -> ForwardPass:
        """The last forward pass (over all the plan's samples, whose inputs are ``x``)."""
        return ForwardPass(x, list(self.a), [self.z(l) for l in range(len(self.a))])

    def mean_loss(self, loss: Loss, y: Array) -> float:
        return loss.mean(self.a[-1], self.out, y)

    def backward(self, loss: Loss, y: Array) -> None:
        """Mean dL/dW over the m samples into ``grads`` (as Network.gradients)."""
        last = len(self.weights) - 1
        delta = loss.output_delta(self.a[last], self.out, y, self.acts[last])
        for l in range(last, -1, -1):
            # mean dL/dW = δᵀ·source / m
            np.matmul(delta.T, self.src[l], out=self.grads[l])
            np.divide(self.grads[l], self.m, out=self.grads[l])
            if l:
                delta = (delta @ self.weights[l][:, 1:]) * self.acts[l - 1].derivative(self.a[l - 1], self.z(l - 1))


class _SampleLosses:
    """Each sample's loss after each epoch, into ``out`` ``(count, n)``. Computing it every epoch
    (a loss call on a few rows) cost a third of a small network's epoch; copying the outputs costs
    about a microsecond, and the losses of a block of epochs are one vectorized call."""

    BLOCK = 1024

    def __init__(self, plan: _Plan, loss: Loss, y: Array, out: Array):
        self.loss, self.out = loss, out
        self.n, self.k = plan.out.shape
        size = min(self.BLOCK, out.shape[0])
        self.a, self.z = np.empty((size, self.n, self.k)), np.empty((size, self.n, self.k))
        self.y = np.tile(y, (size, 1))
        self.count = self.done = 0

    def record(self, plan: _Plan) -> None:
        self.a[self.count] = plan.a[-1]
        self.z[self.count] = plan.out
        self.count += 1
        if self.count == self.a.shape[0]:
            self.flush()

    def flush(self) -> None:
        c, n, k = self.count, self.n, self.k
        if c:
            self.out[self.done:self.done + c] = self.loss.per_sample(
                self.a[:c].reshape(-1, k), self.z[:c].reshape(-1, k), self.y[:c * n]).reshape(c, n)
            self.done, self.count = self.done + c, 0


def run_full_batch(net: Network, loss: Loss, config, x: Array, y: Array, count: int,
                   per_sample: Array | None = None) -> tuple[Array, ForwardPass]:
    """Train ``count`` full-batch epochs in place; returns the mean loss after each, ``(count,)``,
    and the forward pass of the final weights (bit for bit ``net.forward(x)``).
    ``per_sample`` (optional, ``(count, n)``) receives each sample's loss after each epoch."""
    plan = _Plan(net, x.shape[0])
    plan.load_inputs(x)
    losses = np.empty(count)
    samples = _SampleLosses(plan, loss, y, per_sample) if per_sample is not None else None
    for e in range(count + 1):
        plan.forward()
        if e:
            # loss after the previous epoch = loss of the weights this forward used
            losses[e - 1] = plan.mean_loss(loss, y)
            if samples is not None:
                samples.record(plan)
        if e == count:
            if samples is not None:
                samples.flush()
            break
        plan.backward(loss, y)
        descend(config, net.weights, plan.grads, out=net.weights)
    return losses, plan.result(x)


def run_minibatch(net: Network, loss: Loss, config, x: Array, y: Array, count: int, batch_size: int,
                  order: Callable[[int], Array], first_epoch: int,
                  per_sample: Array | None = None) -> tuple[Array, ForwardPass]:
    """Train ``count`` epochs of mini-batches of ``batch_size`` in place, epoch ``e`` visiting
    the samples in ``order(e)``; returns the mean loss after each epoch, ``(count,)``, and the
    forward pass of the final weights (bit for bit ``net.forward(x)``), and fills
    ``per_sample`` (optional, ``(count, n)``) with each sample's loss after each epoch."""
    n, k = x.shape[0], batch_size
    plans: dict[int, _Plan] = {}
    full = _Plan(net, n)
    full.load_inputs(x)
    losses = np.empty(count)
    samples = _SampleLosses(full, loss, y, per_sample) if per_sample is not None else None
    for e in range(count):
        perm = order(first_epoch + e)
        run_batches(net, loss, config, x[perm], y[perm], k, plans)
        full.forward()
        losses[e] = full.mean_loss(loss, y)
        if samples is not None:
            samples.record(full)
    if samples is not None:
        samples.flush()
    return losses, full.result(x)


def run_batches(net: Network, loss: Loss, config, xs: Array, ys: Array, batch_size: int,
                plans: dict[int, _Plan] | None = None) -> None:
    """Update ``net`` in place once per consecutive batch of ``batch_size`` rows of ``xs``/``ys``
    (the samples in the order visited; the last batch may be shorter): a stretch of an epoch."""
    descend_batches(net.weights, partial(_Plan, net), loss, config, xs, ys, batch_size, plans)


def descend_batches(weights: list[Array], new_plan: Callable[[int], Any], loss: Loss, config, xs: Array,
                    ys: Array, batch_size: int, plans: dict[int, Any] | None = None) -> None:
    """``run_batches`` for any plan: ``new_plan(m)`` makes the buffers of a batch of ``m`` samples
    over ``weights`` (``load_inputs``, ``forward``, ``backward``, ``grads``): one network's
    ``_Plan``, or the lottery's K runs at once (``lottery_engines``). ``plans`` keeps them by
    size from one call to the next."""
    n, k = xs.shape[0], batch_size
    plans = {} if plans is None else plans
    for start in range(0, n, k):
        m = min(k, n - start)
        plan = plans.get(m) or plans.setdefault(m, new_plan(m))
        plan.load_inputs(xs[start:start + m])
        plan.forward()
        plan.backward(loss, ys[start:start + m])
        descend(config, weights, plan.grads, out=weights)

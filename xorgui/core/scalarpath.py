"""Whole epochs of tiny networks in straight-line Python floats.

At 2-3-1 on four samples every numpy call costs far more than the handful of multiplications
it does, so for problems this small (:func:`fits`) the trainer runs epochs here instead of in
``fastpath.py``: for each network shape, activation and loss the module writes one Python
function whose body is the forward pass, the loss, back-propagation and the gradient sums of
one sample, unrolled over units, and compiles it once. It is about three times faster than
the numpy fast path on XOR.

The formulas are the plain path's (``Network.forward``/``deltas``/``gradients``,
``update.descend``, the loss and activation registries), written out per weight. Its numbers
agree with the plain path to a few 1e-15, not bit for bit, for two reasons measured on the
machine it was written on: numpy's ``@`` calls BLAS, which sums in its own order with fused
multiply-adds (1,972 of 2,000 small random products differed from a left-to-right sum in the
last bit), and numpy's float64 ``tanh`` and ``exp`` are its own SIMD code (30% and 5% of values
differed from ``math.tanh`` and ``math.exp`` by one unit in the last place).
``tests/core/test_scalarpath.py`` holds the agreement for every batch mode, loss, regularizer and
activation. The last loss of every run
is recomputed by the plain path, so the history ends on the value the snapshot shows.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable

import numpy as np

from .activations import SIGMOID_FAR, TANH_FAR
from .losses import Loss
from .network import ForwardPass, Network

Array = np.ndarray

# Where this path is faster than numpy's (measured with tests/benchmarks/engine.py and
# across shapes): numpy pays a fixed cost per batch, this path one per weight and sample.
MAX_WEIGHTS = 150        # XOR's 2-3-1 has 13, the deep preset's 2-4-4-1 has 37
MAX_BATCH_WEIGHTS = 500  # weights × samples per batch


def _softplus(x: float) -> float:
    """ln(1 + eˣ) without overflow: numpy's ``logaddexp(0, x)``."""
    if x > 0.0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x)) if x <= 0.0 else x  # x is NaN


def _sigmoid_low(x: float) -> float:
    """activations.py's σ(x) below −SIGMOID_FAR: e^x / (1 + e^x)."""
    e = math.exp(x)
    return e / (1.0 + e)


def _sigmoid_far_slope(x: float) -> float:
    """activations.py's σ'(x) beyond SIGMOID_FAR: e^−x / (1 + e^−x)²."""
    e = math.exp(-x)
    return e / ((1.0 + e) * (1.0 + e))


def _sigmoid_far_error(x: float, y: float) -> float:
    """activations.py's σ(x) − y beyond SIGMOID_FAR: (1 − y) − e^−x / (1 + e^−x)."""
    e = math.exp(-x)
    return (1.0 - y) - e / (1.0 + e)


def _tanh_far_slope(x: float) -> float:
    """activations.py's tanh'(x) beyond TANH_FAR: 4·e^−2|x| / (1 + e^−2|x|)²."""
    e = math.exp(-2.0 * abs(x))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def _tanh_far_error(x: float, y: float) -> float:
    """activations.py's tanh(x) − y beyond TANH_FAR: (±1 − y) ∓ 2·e^−2|x| / (1 + e^−2|x|)."""
    e = math.exp(-2.0 * abs(x))
    gap = 2.0 * e / (1.0 + e)
    return (1.0 - y) - gap if x > 0.0 else (-1.0 - y) + gap


# The scalar forms of activations.py's pairs: f(a) and f'(a) with z = f(a), as code; beyond
# SIGMOID_FAR and TANH_FAR, rarely, from e^−|a| as activations.py takes them
ACTIVATIONS = {
    "identity": ("{a}", "1.0"),
    "sigmoid": (f"(0.5 * (1.0 + tanh(0.5 * {{a}})) if {{a}} >= {-SIGMOID_FAR!r} else sigmoid_low({{a}}))",
                f"({{z}} * (1.0 - {{z}}) if {{a}} <= {SIGMOID_FAR!r} else sigmoid_far_slope({{a}}))"),
    "tanh": ("tanh({a})", f"(1.0 - {{z}} * {{z}} if abs({{a}}) <= {TANH_FAR!r} else tanh_far_slope({{a}}))"),
    "relu": ("({a} if {a} > 0.0 or {a} != {a} else 0.0)", "(1.0 if {a} > 0.0 else 0.0)"),
    "leaky_relu": ("({a} if {a} > 0.0 else 0.01 * {a})", "(1.0 if {a} > 0.0 else 0.01)"),
}
# what the code calls, bound as default arguments (locals: faster than globals in the loop)
_HELPERS = {"tanh": math.tanh, "softplus": _softplus, "sigmoid_low": _sigmoid_low,
            "sigmoid_far_slope": _sigmoid_far_slope, "sigmoid_far_error": _sigmoid_far_error,
            "tanh_far_slope": _tanh_far_slope, "tanh_far_error": _tanh_far_error}
HELPERS = ", ".join(f"{name}={name}" for name in _HELPERS)
# activations.py's ŷ − y of an output unit, every digit near the ends of its range
ERRORS = {"sigmoid": f"({{z}} - {{y}} if {{a}} <= {SIGMOID_FAR!r} else sigmoid_far_error({{a}}, {{y}}))",
          "tanh": f"({{z}} - {{y}} if abs({{a}}) <= {TANH_FAR!r} else tanh_far_error({{a}}, {{y}}))"}
# losses.py's losses: what one output adds to the batch's sum, the factor of that sum that
# makes the total loss, and δ = dL/da at the output; {r} is the output's ŷ − y (ERRORS)
LOSSES = {
    "squared": ("{r} * {r}", "0.5 * ", "{r} * ({slope})"),
    "cross_entropy": ("{y} * softplus(-{a}) + (1.0 - {y}) * softplus({a})", "", "{r}"),
}
# regularizers.py's λ·R'(W) on a non-bias weight ("" where there is none).
REGULARIZERS = {"none": "", "l1": " + rate * (({w} > 0.0) - ({w} < 0.0))", "l2": " + rate * {w}"}


def fits(net: Network, batch_size: int, loss: Loss, regularization: str) -> bool:
    """Whether this path handles the network, loss and regularizer and is faster for
    batches of ``batch_size`` samples."""
    n_weights = sum(w.size for w in net.weights)
    return (n_weights <= MAX_WEIGHTS and n_weights * batch_size <= MAX_BATCH_WEIGHTS
            and loss.name in LOSSES and regularization in REGULARIZERS
            and all(name in ACTIVATIONS for name in net.activation_names))


def _forward(layers, activations, lines: list[str]) -> None:
    """Lines computing a{l}_{j} and z{l}_{j} for layers 1..L from z0_{i} (the inputs)."""
    for l, act in enumerate(activations):
        f = ACTIVATIONS[act][0]
        for j in range(layers[l + 1]):
            # a_j = W[j, 0] + Σ_i W[j, i]·z_i, summed left to right
            terms = [f"w{l}_{j}_0"] + [f"w{l}_{j}_{i + 1} * z{l}_{i}" for i in range(layers[l])]
            a = f"a{l + 1}_{j}"
            lines.append(f"{a} = {' + '.join(terms)}")
            lines.append(f"z{l + 1}_{j} = {f.format(a=a)}")


def _loss_terms(layers, activations, loss: str, lines: list[str]) -> None:
    """Lines computing each output's ŷ − y (r{k}) and adding its loss to ``total``."""
    out, value = len(layers) - 1, LOSSES[loss][0]
    error = ERRORS.get(activations[-1], "({z} - {y})")
    for k in range(layers[-1]):
        a, z, y = f"a{out}_{k}", f"z{out}_{k}", f"y{k}"
        lines.append(f"r{k} = " + error.format(a=a, z=z, y=y))
        lines.append("total += " + value.format(a=a, z=z, y=y, r=f"r{k}"))


def _sample_loss(layers, loss: str) -> list[str]:
    """Lines appending one sample's loss to ``out`` (for the per-sample history)."""
    out, value = len(layers) - 1, LOSSES[loss][0]
    terms = [value.format(a=f"a{out}_{k}", z=f"z{out}_{k}", y=f"y{k}", r=f"r{k}") for k in range(layers[-1])]
    return ["s = 0.0", *(f"s += {t}" for t in terms), f"out.append({LOSSES[loss][1]}s)"]


@lru_cache(maxsize=32)
def _compile(layers: tuple[int, ...], activations: tuple[str, ...], loss: str, regularization: str):
    """``step(w, batch, lr, rate) -> (total loss before, new w)`` and ``total(w, samples)``
    for flat weight tuples (layer by layer, row by row) and samples ``(x…, y…)``; and the same
    two with a last argument ``out``, a list each sample's loss is appended to."""
    L = len(layers) - 1
    weights = [f"w{l}_{j}_{i}" for l in range(L) for j in range(layers[l + 1]) for i in range(layers[l] + 1)]
    grads = ["g" + w[1:] for w in weights]
    sample = [f"z0_{i}" for i in range(layers[0])] + [f"y{k}" for k in range(layers[-1])]
    head = [f"    {', '.join(weights)}, = w", "    total = 0.0", f"    for {', '.join(sample)}, in samples:"]
    body: list[str] = []
    _forward(layers, activations, body)
    _loss_terms(layers, activations, loss, body)
    losses_end = len(body)  # the per-sample variants add their lines here
    total_src = "\n".join([f"def total(w, samples, {HELPERS}):", *head,
                           *("        " + s for s in body), f"    return {LOSSES[loss][1]}total"])
    delta = LOSSES[loss][2]
    for l in range(L, 0, -1):
        slope = ACTIVATIONS[activations[l - 1]][1]
        for j in range(layers[l]):
            d, a, z = f"d{l}_{j}", f"a{l}_{j}", f"z{l}_{j}"
            if l == L:  # δ at an output unit, from the loss
                body.append(f"{d} = " + delta.format(r=f"r{j}", slope=slope.format(a=a, z=z)))
            else:  # δ_j = (Σ_k δ_k·W_next[k, j]) · f'(a_j)
                back = " + ".join(f"d{l + 1}_{k} * w{l}_{k}_{j + 1}" for k in range(layers[l + 1]))
                body.append(f"{d} = ({back}) * ({slope.format(a=a, z=z)})")
        for j in range(layers[l]):  # dL/dW[j, i] += δ_j·z_i
            body.append(f"g{l - 1}_{j}_0 += d{l}_{j}")
            body += [f"g{l - 1}_{j}_{i + 1} += d{l}_{j} * z{l - 1}_{i}" for i in range(layers[l - 1])]
    reg = REGULARIZERS[regularization]
    # W − α·(mean dL/dW + λ·R'(W)), no penalty on the bias column
    new = [f"{w} - ({g} / m{'' if w.endswith('_0') else reg.format(w=w)}) * lr" for w, g in zip(weights, grads)]
    step_src = "\n".join([f"def step(w, samples, lr, rate, {HELPERS}):", head[0],
                          f"    {' = '.join(grads)} = 0.0", *head[1:], *("        " + s for s in body),
                          "    m = len(samples)", f"    return {LOSSES[loss][1]}total, ({', '.join(new)},)"])
    record = _sample_loss(layers, loss)
    body_rec = body[:losses_end] + record + body[losses_end:]
    total_rec = "\n".join([f"def total_rec(w, samples, out, {HELPERS}):", *head,
                            *("        " + s for s in body[:losses_end] + record), f"    return {LOSSES[loss][1]}total"])
    step_rec = "\n".join([f"def step_rec(w, samples, lr, rate, out, {HELPERS}):", head[0],
                           f"    {' = '.join(grads)} = 0.0", *head[1:], *("        " + s for s in body_rec),
                           "    m = len(samples)", f"    return {LOSSES[loss][1]}total, ({', '.join(new)},)"])
    namespace = dict(_HELPERS)
    source = "\n\n".join((total_src, step_src, total_rec, step_rec))
    exec(compile(source, f"<scalarpath {'-'.join(map(str, layers))}>", "exec"), namespace)
    return namespace["step"], namespace["total"], namespace["step_rec"], namespace["total_rec"]


def run(net: Network, loss: Loss, config, x: Array, y: Array, count: int, batch_size: int,
        order: Callable[[int], Array], first_epoch: int,
        per_sample: Array | None = None) -> tuple[Array, ForwardPass]:
    """Train ``count`` epochs in place, as ``fastpath.run_full_batch``/``run_minibatch`` do;
    returns the mean loss after each epoch, ``(count,)``, and ``net.forward(x)``, and fills
    ``per_sample`` (optional, ``(count, n)``) with each sample's loss after each epoch."""
    step, total, step_rec, total_rec = _compile(tuple(net.layers), tuple(net.activation_names), loss.name,
                                                config.regularization)
    keep = per_sample is not None
    rows: list[float] = []  # each sample's loss, appended by step_rec/total_rec when kept
    lr, rate = config.learning_rate, config.regularization_rate
    w = tuple(np.concatenate([m.ravel() for m in net.weights]).tolist())
    samples = [tuple(row) for row in np.hstack([x, y]).tolist()]
    n = len(samples)
    totals: list[float] = []  # each epoch's summed loss; divided by n and stored once, at the end
    if batch_size >= n:
        for _ in range(count):
            before, w = step_rec(w, samples, lr, rate, rows) if keep else step(w, samples, lr, rate)
            totals.append(before)
        # the first step's loss (and rows) belong to the weights the run started from; each later
        # one to the weights the epoch before it ended on
        del totals[0]
        del rows[:n]
    else:
        shuffled = config.shuffle
        batches = [samples[s:s + batch_size] for s in range(0, n, batch_size)]
        for e in range(count):
            if shuffled:
                perm = [samples[i] for i in order(first_epoch + e).tolist()]
                batches = [perm[s:s + batch_size] for s in range(0, n, batch_size)]
            for batch in batches:
                w = step(w, batch, lr, rate)[1]
            totals.append(total_rec(w, samples, rows) if keep else total(w, samples))
        del totals[-1], rows[(count - 1) * n:]  # the last epoch's: taken from the plain path below
    losses = np.empty(count)
    losses[:count - 1] = np.array(totals) / n  # IEEE division, as Python's float division
    if keep:
        per_sample[:count - 1] = np.array(rows).reshape(count - 1, n)
    flat, start = np.array(w), 0
    for m in net.weights:  # in place: the same arrays as before, as the fast path
        m[...] = flat[start:start + m.size].reshape(m.shape)
        start += m.size
    fwd = net.forward(x)  # the plain path's last loss: what the snapshot shows
    losses[count - 1] = loss.mean(fwd.a[-1], fwd.z[-1], y)
    if per_sample is not None:
        per_sample[count - 1] = net.sample_losses(fwd, y, loss)
    return losses, fwd

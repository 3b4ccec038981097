"""File ▸ Export ▸ Python script: a short numpy-only program that redoes the session's arithmetic.

The program rebuilds the network, data and settings, prints the walkthrough's step (the same
quantities, names and order as :func:`walkthrough_render.work`, i.e. ``xorgui walkthrough FILE``)
and then trains ``EPOCHS`` epochs from the same weights, as ``xorgui train FILE --epochs N``
does. Numbers are printed in full (``repr``), so a learner can check every digit against the
window. The maths is written out again in the program (that is its point): :data:`ACTIVATION_CODE`,
:data:`LOSS_CODE` and :data:`REGULARIZER_CODE` hold it for every registered name, and
``tests/core/test_export_script.py`` runs the program and compares its output with the engine.
"""

from __future__ import annotations

import math
import re

from .. import __version__
from . import naming
from .activations import SIGMOID_FAR, TANH_FAR, get_activation
from .losses import get_loss
from .regularizers import get_regularizer
from .session_position import copy_position, resume_at
from .training import Trainer

# name → (f(a), f'(a) from a and z), numpy source; the engine's activations.py in words
ACTIVATION_CODE = {
    "identity": ("a", "np.ones_like(a)"),
    # 1/(1 + e^−a) as ½·(1 + tanh(a/2)) without overflow, and beyond SIGMOID_FAR and TANH_FAR, where the
    # textbook forms lose their digits near ±1, the values and slopes from e^−|a|: σ(a)·σ(−a), 1/cosh²(a)
    "sigmoid": (f"np.where(a < {-SIGMOID_FAR!r}, np.exp(-np.abs(a)) / (1.0 + np.exp(-np.abs(a))), "
                "0.5 * (1.0 + np.tanh(0.5 * a)))",
                f"np.where(a > {SIGMOID_FAR!r}, np.exp(-np.abs(a)) / ((1.0 + np.exp(-np.abs(a))) * "
                "(1.0 + np.exp(-np.abs(a)))), z * (1.0 - z))"),
    "tanh": ("np.tanh(a)", f"np.where(np.abs(a) > {TANH_FAR!r}, 4.0 * np.exp(-2.0 * np.abs(a)) / "
                           "((1.0 + np.exp(-2.0 * np.abs(a))) * (1.0 + np.exp(-2.0 * np.abs(a)))), 1.0 - z * z)"),
    "relu": ("np.maximum(a, 0.0)", "(a > 0.0) * 1.0"),
    "leaky_relu": ("np.where(a > 0.0, a, 0.01 * a)", "np.where(a > 0.0, 1.0, 0.01)"),
}
# the output activation → ŷ − y from a, z and y with every digit where z rounds to an end of its range
# (σ(40) is 1 in floats: z − y gave 0 for a target 1, not −4.2e−18); others: z − y
_E1, _E2 = "np.exp(-np.abs(a))", "np.exp(-2.0 * np.abs(a))"
_GAP = f"2.0 * {_E2} / (1.0 + {_E2})"  # 1 − tanh|a|
ERROR_CODE = {
    "sigmoid": f"np.where(a > {SIGMOID_FAR!r}, (1.0 - y) - {_E1} / (1.0 + {_E1}), z - y)",
    "tanh": f"np.where(np.abs(a) > {TANH_FAR!r}, np.where(a > 0.0, (1.0 - y) - {_GAP}, (-1.0 - y) + {_GAP}), z - y)",
}
# name → (L per sample from a, ŷ = z, y: arrays (n, outputs); δ at the output, which may use fprime)
LOSS_CODE = {
    "squared": ("0.5 * np.sum(output_error(a, z, y) ** 2, axis=1)", "output_error(a, z, y) * fprime"),
    # −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] with ŷ = σ(a), written with logaddexp so a saturated ŷ never gives ln 0
    "cross_entropy": ("np.sum(y * np.logaddexp(0.0, -a) + (1.0 - y) * np.logaddexp(0.0, a), axis=1)",
                      "output_error(a, z, y)"),
}
# name → R'(W)/λ (the bias column is zeroed afterwards)
REGULARIZER_CODE = {"none": "np.zeros_like(w)", "l1": "np.sign(w)", "l2": "w"}

DEFAULT_EPOCHS = 100
MAX_EPOCHS = 1_000_000  # the script trains in plain numpy: a million epochs of XOR take minutes


def parse_epochs(text: str | int) -> int:
    """The script's epoch count typed as ``text`` (``250``, ``1,000``, ``10 000``), or ValueError
    with a sentence a user can act on: a whole number from 0 to MAX_EPOCHS."""
    if isinstance(text, int):
        epochs = text
    else:
        typed = str(text).strip()
        digits = typed.replace(",", "").replace("_", "").replace(" ", "").replace("\u202f", "")
        if not typed:
            raise ValueError(f"Type how many epochs the script trains: a whole number from 0 to {MAX_EPOCHS:,}.")
        if not re.fullmatch(r"[+-]?[0-9]+", digits):
            raise ValueError(f"'{typed}' is not a whole number of epochs: type one from 0 to {MAX_EPOCHS:,}.")
        epochs = int(digits)
    if epochs < 0:
        raise ValueError(f"{epochs:,} epochs: the script cannot train a negative number of epochs; "
                         f"type one from 0 to {MAX_EPOCHS:,}.")
    if epochs > MAX_EPOCHS:
        raise ValueError(f"{epochs:,} epochs is too many: at most {MAX_EPOCHS:,} (the script trains in plain "
                         "numpy, and a million epochs of XOR already take minutes).")
    return epochs


def _check_exportable(trainer: Trainer) -> None:
    """ValueError if the session uses something this exporter cannot write out."""
    for name in trainer.network.activation_names:
        if name not in ACTIVATION_CODE:
            raise ValueError(f"the Python export does not know the {get_activation(name).label} activation yet")
    if trainer.config.loss not in LOSS_CODE:
        raise ValueError(f"the Python export does not know the {get_loss(trainer.config.loss).title} loss yet")
    if trainer.config.regularization not in REGULARIZER_CODE:
        reg = get_regularizer(trainer.config.regularization)
        raise ValueError(f"the Python export does not know the {reg.title} regularization yet")


def fresh(trainer: Trainer, batch_start: bool = False) -> Trainer:
    """The session as its saved file reopens: the same weights, data, settings, epoch and place in
    the epoch (samples stepped and a half-stepped batch's gradient sums). ``batch_start``: at the
    first sample of the batch under way instead (the same weights: they move when a batch ends)."""
    t = Trainer(trainer.network.copy(), trainer.data, trainer.config, trainer.init, trainer.epoch, name=trainer.name)
    if batch_start:
        resume_at(t, trainer.cursor - trainer.pending_samples)
    else:
        copy_position(trainer, t)
    return t


def walk_sample(trainer: Trainer, sample: int | None = None) -> int | None:
    """The sample of the walkthrough's online step (``sample``, default the one the session steps
    next, as the window's Step would), or None when the session trains in batches (the
    walkthrough then covers the epoch)."""
    if trainer.batch_size != 1:
        return None
    return trainer.next_sample if sample is None else sample


def _number(v) -> str:
    """``v`` as Python source: a diverged weight's inf or nan too (repr gives the names alone)."""
    text = repr(float(v))
    return text if math.isfinite(float(v)) else f"float('{text}')"


def _floats(values) -> str:
    return "[" + ", ".join(_number(v) for v in values) + "]"


def _in_docstring(text: str) -> str:
    """``text`` as it may stand in the script's docstring: a backslash, a triple quote or a control
    character in a session's name made the whole script a SyntaxError."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')  # every quote: 'a""' + the closing one ended it
    return "".join(ch if ch.isprintable() else _escape(ord(ch)) for ch in text)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _matrix(rows, indent: str, comments=None) -> str:
    lines = []
    for r, row in enumerate(rows):
        note = f"  # {' '.join(comments[r])}" if comments else ""
        lines.append(f"{indent}{_floats(row)},{note}")
    return "\n".join(lines)


def python_script(trainer: Trainer, epochs: int = DEFAULT_EPOCHS, sample: int | None = None) -> str:
    """The program's source for ``trainer`` (as :func:`fresh` gives it): its walkthrough step and
    ``epochs`` epochs of training. ``sample`` picks the online step's sample (online sessions only)."""
    _check_exportable(trainer)
    epochs = parse_epochs(epochs)  # ValueError out of range: nothing is written
    t = fresh(trainer)
    online = walk_sample(trainer, sample)
    net, cfg, data = t.network, t.config, t.data
    layers, acts = net.layers, net.activation_names
    n_out = layers[-1]
    units = [[naming.target_name(layers, l + 1, j) for j in range(layers[l + 1])] for l in range(len(layers) - 1)]
    outputs = naming.unit_names(layers, len(layers) - 1)
    yhat = ["ŷ"] if n_out == 1 else [f"ŷ_{u}" for u in outputs]
    ynames = ["y"] if n_out == 1 else [f"y_{u}" for u in outputs]
    names = naming.weight_names(layers)
    every = max(1, epochs // 10)
    used = dict.fromkeys(acts)
    act_f = "\n".join(f"    {n!r}: lambda a: {ACTIVATION_CODE[n][0]}," for n in used)
    act_d = "\n".join(f"    {n!r}: lambda a, z: {ACTIVATION_CODE[n][1]}," for n in used)
    loss_value, loss_delta = LOSS_CODE[cfg.loss]
    loss = get_loss(cfg.loss)
    reg = get_regularizer(cfg.regularization)
    weights = "\n".join(
        f"    np.array([\n{_matrix(w, '        ', names[l])}\n    ]),  # {naming.weight_prefix(layers, l).rstrip('_')}: "
        f"{naming.layer_title(layers, l)} → {naming.layer_title(layers, l + 1)}"
        for l, w in enumerate(net.weights))
    title = f'session "{_in_docstring(t.name)}"' if t.name else "a session"
    rest = f"the rest of epoch {t.epoch + 1}" if t.cursor else f"epoch {t.epoch + 1}"
    step = (f"one online update on sample {online}" if online is not None
            else f"{rest} in {cfg.batch_mode(len(data))}, its gradients summed per batch")
    resumed = (f"\n   The first finishes epoch {t.epoch + 1}, of which {t.cursor} samples were stepped before the "
               "export." if t.cursor else "")
    return f'''#!/usr/bin/env python3
"""Back-propagation by hand in numpy alone: {title}, exported by xorgui {__version__}.

Rebuilds the session's network, data and settings, then
1. works out the walkthrough's step ({step}), printing every quantity with the walkthrough's
   names and in its order (as `xorgui walkthrough FILE` shows it, unrounded), and
2. trains EPOCHS epochs from the same starting weights, as `xorgui train FILE --epochs EPOCHS`,
   printing the mean loss J and finally every weight.{resumed}
Change a number below (a weight, ALPHA, EPOCHS) and run it again: python this_file.py
"""

import sys

import numpy as np

# -- the session ---------------------------------------------------------------------------
LAYERS = {layers!r}  # units per layer, input … output (bias units not counted)
ACTIVATIONS = {acts!r}  # f of each layer after the input
LOSS = {cfg.loss!r}  # {loss.formula}
ALPHA = {float(cfg.learning_rate)!r}  # learning rate α
BATCH = {t.batch_size}  # samples per update: 1 is online, {len(data)} is full batch
REGULARIZER, LAMBDA = {cfg.regularization!r}, {float(cfg.regularization_rate)!r}  # {reg.penalty_formula}, λ
SHUFFLE, SHUFFLE_SEED = {cfg.shuffle!r}, {cfg.shuffle_seed!r}  # a new random order of the samples each epoch
FIRST_EPOCH = {t.epoch}  # the session's epoch count: the shuffled orders depend on it
START = {t.cursor}  # samples of epoch FIRST_EPOCH + 1 already stepped: it goes on from there
WALK_SAMPLE = {online!r}  # the online step's sample (None: the walkthrough covers a batch epoch)
EPOCHS = {epochs}
PRINT_EVERY = {every}

X = np.array([  # inputs, one row per sample
{_matrix(data.inputs, '    ')}
])
Y = np.array([  # targets
{_matrix(data.targets, '    ')}
])

# WEIGHTS[l][j, i] multiplies unit i of layer l (i = 0 is the bias unit, always 1) into unit j of layer l + 1
WEIGHTS = [
{weights}
]
UNITS = {units!r}  # UNITS[l][j]: the unit weight layer l feeds (the diagram's names)
NAMES = {names!r}  # the weights' names, shaped like WEIGHTS
YHAT, YNAME = {yhat!r}, {ynames!r}  # how the walkthrough writes the outputs and targets

# -- the maths -------------------------------------------------------------------------------
F = {{  # z = f(a)
{act_f}
}}
FPRIME = {{  # f'(a), from a and z = f(a)
{act_d}
}}


def output_error(a, z, y):
    """ŷ − y at the output ({acts[-1]}), every digit kept where ŷ rounds to an end of its range."""
    return {ERROR_CODE.get(acts[-1], "z - y")}


def sample_losses(a, z, y):
    """L of each sample (a, z = ŷ and y are (samples, outputs)): {loss.formula}, summed over the outputs."""
    return {loss_value}


def output_delta(a, z, y):
    """δ = ∂L/∂a at the output: {loss.delta_formula}."""
    fprime = FPRIME[ACTIVATIONS[-1]](a, z)
    return {loss_delta}


def penalty_gradient(w):
    """R'(W) = λ·({REGULARIZER_CODE[cfg.regularization]}), zero on the bias column (bias weights are not regularized)."""
    r = LAMBDA * ({REGULARIZER_CODE[cfg.regularization]})
    r[:, 0] = 0.0
    return r


def forward(weights, x):
    """For samples x (n, LAYERS[0]): per weight layer the sources [1, z], the sums a and the outputs z."""
    sources, sums, outs = [], [], []
    z = x
    for w, name in zip(weights, ACTIVATIONS):
        s = np.hstack([np.ones((len(z), 1)), z])  # z_0 = 1: the bias unit
        a = s @ w.T  # a_j = Σ_i W[j, i]·z_i
        z = F[name](a)  # z_j = f(a_j)
        sources.append(s), sums.append(a), outs.append(z)
    return sources, sums, outs


def backward(weights, sums, outs, y):
    """δ = ∂L/∂a of every layer after the input, per sample."""
    deltas = [output_delta(sums[-1], outs[-1], y)]
    for l in range(len(weights) - 2, -1, -1):
        back = deltas[0] @ weights[l + 1][:, 1:]  # Σ_k W_next[k, j]·δ_k (no weight ends at a bias unit)
        deltas.insert(0, back * FPRIME[ACTIVATIONS[l]](sums[l], outs[l]))  # δ_j = f'(a_j)·Σ_k W_next[k, j]·δ_k
    return deltas


def mean_gradients(weights, x, y):
    """∂L/∂W[j, i] = δ_j·z_i, averaged over the samples x, y."""
    sources, sums, outs = forward(weights, x)
    return [d.T @ s / len(x) for d, s in zip(backward(weights, sums, outs, y), sources)]


def descend(weights, grads):
    """W := W − α·(∂L/∂W + R'(W)) for every weight."""
    return [w - ALPHA * (g + penalty_gradient(w)) for w, g in zip(weights, grads)]


def losses(weights, rows):
    """L of each sample in rows with these weights."""
    _, sums, outs = forward(weights, X[rows])
    return sample_losses(sums[-1], outs[-1], Y[rows])


def batches(epoch):
    """The sample indices of each update of an epoch."""
    order = np.arange(len(X))
    if SHUFFLE and BATCH < len(X):
        order = np.random.default_rng([SHUFFLE_SEED, epoch]).permutation(len(X))
    return [order[start:start + BATCH] for start in range(0, len(X), BATCH)]


def show(name, value, op="="):
    print(f"{{name}} {{op}} {{float(value)!r}}")


# -- 1. the walkthrough's step --------------------------------------------------------------
def walk_sample(weights, s, position, sums_before):
    """Forward and backward on sample s, printed; returns its gradients ∂L/∂W."""
    x, y = X[s:s + 1], Y[s:s + 1]
    print(f"# sample {{s}}: inputs {{X[s].tolist()}}, target {{Y[s].tolist()}}")
    sources, sums, outs = forward(weights, x)
    last = len(weights) - 1
    for l in range(len(weights)):
        for j, u in enumerate(UNITS[l]):
            show(f"a_{{u}}", sums[l][0, j])  # a_u = Σ_i W[j, i]·z_i, bias z = 1 included
            show(YHAT[j] if l == last else f"z_{{u}}", outs[l][0, j])  # z_u = f(a_u)
    for j in range(len(YHAT)):
        show(f"{{YNAME[j]}} − {{YHAT[j]}}", -output_error(sums[-1], outs[-1], y)[0, j])  # the error y − ŷ
    show("L", sample_losses(sums[-1], outs[-1], y)[0])  # {loss.formula}
    deltas = backward(weights, sums, outs, y)
    for l in range(last, -1, -1):
        for j, u in enumerate(UNITS[l]):
            show(f"δ_{{u}}", deltas[l][0, j])  # output: {loss.delta_formula}; hidden: (Σ_k W·δ_k)·f'(a)
    grads = [d.T @ src for d, src in zip(deltas, sources)]  # ∂L/∂W[j, i] = δ_j·z_i
    if position is None:  # online: every weight moves right away
        after = descend(weights, grads)
        for l in range(len(weights)):
            for (j, i), name in np.ndenumerate(np.array(NAMES[l])):
                show(f"∂L/∂{{name}}", grads[l][j, i])  # z_source·δ_target
                show(name, after[l][j, i], ":=")  # W := W − α·(∂L/∂W + R'(W))
        _, sums_new, outs_new = forward(after, x)
        for j in range(len(YHAT)):
            show(f"{{YHAT[j]}}_new", outs_new[-1][0, j])  # ŷ through the new weights
        show("L_new", sample_losses(sums_new[-1], outs_new[-1], y)[0])  # L with the new weights
        return grads
    for l in range(len(weights)):  # in a batch: added to the batch's sums, no update yet
        for (j, i), name in np.ndenumerate(np.array(NAMES[l])):
            show(f"∂L/∂{{name}}", grads[l][j, i])  # z_source·δ_target
            show(f"Σ∂L/∂{{name}}", sums_before[l][j, i] + grads[l][j, i])  # Σ so far + ∂L/∂W
    return grads


def walkthrough(weights):
    """The walkthrough's step: one online update, or an epoch of batches (weights move after each batch)."""
    if WALK_SAMPLE is not None:
        walk_sample(weights, WALK_SAMPLE, None, None)
        return
    first = START // BATCH  # the batch under way: the samples stepped in it have not moved the weights
    for b, rows in enumerate(batches(FIRST_EPOCH)[first:], first):
        if len(rows) == 1:  # a batch of one (the last of an uneven epoch) is an online update
            walk_sample(weights, rows[0], None, None)
            weights = descend(weights, mean_gradients(weights, X[rows], Y[rows]))
            continue
        sums = [np.zeros_like(w) for w in weights]
        for position, s in enumerate(rows, 1):
            if b * BATCH + position <= START:  # stepped before the export: in the sums, not shown again
                sums = [t + g for t, g in zip(sums, mean_gradients(weights, X[[s]], Y[[s]]))]
            else:
                sums = [t + g for t, g in zip(sums, walk_sample(weights, s, position, sums))]
        after = descend(weights, mean_gradients(weights, X[rows], Y[rows]))  # the mean gradient Σ∂L/∂W / k
        print(f"# update with the mean gradient of samples {{rows.tolist()}}")
        for l in range(len(weights)):
            for (j, i), name in np.ndenumerate(np.array(NAMES[l])):
                show(name, after[l][j, i], ":=")  # W := W − α·(Σ∂L/∂W / k + R'(W))
        show("J", np.mean(losses(weights, rows)))  # J = (1/k)·Σ L over the batch's samples
        show("J_new", np.mean(losses(after, rows)))  # J with the new weights
        weights = after


# -- 2. training ------------------------------------------------------------------------------
def train(weights):
    """EPOCHS epochs (the first finishes the epoch under way, from its batch under way: its stepped
    samples have not moved the weights); the mean loss J over all samples after every PRINT_EVERY
    epochs, then the weights."""
    for e in range(1, EPOCHS + 1):
        for rows in batches(FIRST_EPOCH + e - 1)[START // BATCH if e == 1 else 0:]:
            weights = descend(weights, mean_gradients(weights, X[rows], Y[rows]))
        if e % PRINT_EVERY == 0 or e == EPOCHS:
            show(f"J after epoch {{FIRST_EPOCH + e}}", np.mean(losses(weights, np.arange(len(X)))))  # J = (1/n)·Σ L
    print(f"# weights after {{EPOCHS}} epoch{{'' if EPOCHS == 1 else 's'}}")
    for l, w in enumerate(weights):
        for (j, i), name in np.ndenumerate(np.array(NAMES[l])):
            show(name, w[j, i])


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # δ, ∂, Σ and ŷ on any console
    np.seterr(all="ignore")  # a diverging run prints inf or nan, as the window shows it
    print("# 1. the walkthrough's step")
    walkthrough(WEIGHTS)
    print(f"# 2. {{EPOCHS}} epoch{{'' if EPOCHS == 1 else 's'}} of training from the same weights")
    train(WEIGHTS)
'''

"""One step of back-propagation on one sample, written out phase by phase as a teacher would.

The phases are built from a :class:`SampleTrace`, so every number is the engine's own.
The same phases feed the CLI ``walkthrough`` (text, Markdown, JSON; see walkthrough_render)
and the GUI's walkthrough panel. Order: the weighted sums and activations layer by layer,
the output error and loss, the deltas layer by layer backwards, then gradients and updates
per layer (or, in a batch, the gradients added to the batch's sums and, after its last
sample, the update with the mean gradient), then the check after an update: the loss with
the new weights, a phase of its own (the window takes the step when it is revealed).

Notation, the same everywhere: a unit's name (X1, Z2, D0) names the unit; ``a_U`` is its
weighted sum and ``z_U`` its output, so ``z_X1`` is an input value and ``z_X0 = z_Z0 = 1``
are the bias units. ŷ = z_D0 is the prediction. δ_U = ∂L/∂a_U. A weight's name is its
layer letter, then its target's number, then its source's number (W21: X1 → Z2).
"""

from __future__ import annotations

import numpy as np

from . import naming
from .activations import get_activation
from .article import BIAS_HAS_NO_SUM
from .losses import get_loss, shown_output
from .network import Network
from .numbers import DEFAULT_PRECISION, factor, fmt
from .regularizers import get_regularizer
from .trace import SampleTrace
from .walkthrough_data import BatchInfo, Equation, Phase

__all__ = ["DEFAULT_PRECISION", "BatchInfo", "Equation", "Phase", "activation_label", "build_phases", "evaluate",
           "factor", "fmt", "loss_label"]


def loss_label(name: str) -> str:
    """A loss as a learner reads it: 'squared error', 'cross-entropy' (the registry's words)."""
    return get_loss(name).title


def activation_label(name: str) -> str:
    """An activation as a learner reads it: 'sigmoid', 'ReLU', 'leaky ReLU'."""
    return get_activation(name).label


class _Names:
    """How the phases write units, predictions and targets."""

    def __init__(self, trace: SampleTrace):
        self.layers = layers = trace.layers
        self.units = [naming.unit_names(layers, k) for k in range(len(layers))]
        self.weights = naming.weight_names(layers)
        self.outputs = self.units[-1]

    def target(self, layer: int, row: int) -> str:  # name of row `row` of unit layer `layer` (≥ 1)
        return naming.target_name(self.layers, layer, row)

    def yhat(self, j: int) -> str:
        return "ŷ" if len(self.outputs) == 1 else f"ŷ_{self.outputs[j]}"

    def y(self, j: int) -> str:
        return "y" if len(self.outputs) == 1 else f"y_{self.outputs[j]}"


def build_phases(trace: SampleTrace, precision: int = DEFAULT_PRECISION,
                 batch: "BatchInfo | None" = None) -> list[Phase]:
    """All phases of one step, in the order they are computed: an online update, or with
    ``batch`` the accumulation into the batch's sums (and the update when it completes)."""
    n = _Names(trace)
    phases = _forward_phases(trace, precision, n) + [_loss_phase(trace, precision, n)]
    phases += _delta_phases(trace, precision, n)
    if batch is None or batch.size == 1:
        phases += _online_updates(trace, precision, n)
    else:
        phases += _batch_updates(trace, batch, precision, n)
    return phases


def _forward_phases(trace, p, n: _Names) -> list[Phase]:
    phases = []
    last = len(trace.layers) - 2
    for l in range(len(trace.layers) - 1):
        w, src = trace.weights_before[l], trace.sources[l]
        act = get_activation(trace.activations[l])
        eqs, touched_w, touched_u = [], [], list(n.units[l])
        for j in range(w.shape[0]):
            u = n.target(l + 1, j)
            terms = " + ".join(f"{n.weights[l][j][i]}·z_{n.units[l][i]}" for i in range(w.shape[1]))
            subst = " + ".join(f"{factor(w[j, i], p)}·{factor(src[i], p)}" for i in range(w.shape[1]))
            eqs.append(Equation("sum", f"a_{u}", terms, subst, trace.a[l][j]))
            if l == last:  # the output unit's z is the prediction
                eqs.append(Equation("activation", n.yhat(j), f"z_{u} = f(a_{u})", f"f({fmt(trace.a[l][j], p)})",
                                    trace.z[l][j]))
            else:
                eqs.append(Equation("activation", f"z_{u}", f"f(a_{u})", f"f({fmt(trace.a[l][j], p)})",
                                    trace.z[l][j]))
            touched_w.extend(n.weights[l][j])
            touched_u.append(u)
        title = f"Forward: {naming.layer_title(trace.layers, l + 1)} layer"
        note = (f"Each unit sums its sources' outputs z times the links' weights (the bias unit "
                f"{n.units[l][0]} always outputs z_{n.units[l][0]} = 1), then applies {act.formula} "
                f"({activation_label(act.name)}).")
        if l == last:
            note += " The output unit's z is the prediction ŷ."
        phases.append(Phase("forward", l + 1, title, note, tuple(eqs), tuple(touched_u), tuple(touched_w)))
    return phases


def _loss_phase(trace, p, n: _Names) -> Phase:
    y, yhat = trace.target, trace.output
    k = range(len(n.outputs))
    error = trace.error  # y − ŷ, every digit where ŷ rounds to its target
    eqs = [Equation("error", f"{n.y(j)} − {n.yhat(j)}", f"{fmt(y[j], p)} − {shown_output(yhat[j], y[j], -error[j], p)}",
                    None, float(error[j])) for j in k]
    many = len(n.outputs) > 1
    loss = get_loss(trace.loss_name)
    eqs.append(Equation("loss", "L", loss.written([n.yhat(j) for j in k], [n.y(j) for j in k]),
                        loss.substituted(yhat, y, p, trace.a[-1], -error), trace.loss))
    why = (f"{loss.formula_for(len(n.outputs))} is this sample's {loss.title}"
           + (", summed over the output units" if many else "") + loss.why)
    note = (why + " The article calls the error y − ŷ the 'loss'; back-propagation starts from ∂L/∂ŷ, "
            "of the opposite sign.")
    return Phase("loss", len(trace.layers) - 1, "Output error and loss", note, tuple(eqs), tuple(n.outputs))


def _delta_phases(trace, p, n: _Names) -> list[Phase]:
    phases = []
    last = len(trace.layers) - 2
    loss = get_loss(trace.loss_name)
    for l in range(last, -1, -1):
        act = get_activation(trace.activations[l])
        dvals = act.derivative(np.asarray(trace.a[l]), np.asarray(trace.z[l]))
        eqs, touched_w, touched_u = [], [], []
        for j in range(len(trace.a[l])):
            u = n.target(l + 1, j)
            touched_u.append(u)
            d = trace.deltas[l][j]
            if l == last:
                eqs.append(Equation("delta", f"δ_{u}", loss.delta_written(n.yhat(j), n.y(j), u),
                                    loss.delta_substituted(trace.output[j], trace.target[j], dvals[j], p,
                                                           -float(trace.error[j])), d))
            else:
                nxt = trace.weights_before[l + 1]
                fed = [n.target(l + 2, k) for k in range(nxt.shape[0])]
                links = [n.weights[l + 1][k][j + 1] for k in range(nxt.shape[0])]
                touched_w.extend(links)
                touched_u.extend(fed)
                terms = " + ".join(f"{links[k]}·δ_{fed[k]}" for k in range(len(fed)))
                subst = " + ".join(f"{factor(nxt[k, j + 1], p)}·{factor(trace.deltas[l + 1][k], p)}"
                                   for k in range(len(fed)))
                if len(fed) > 1:
                    terms, subst = f"({terms})", f"({subst})"
                eqs.append(Equation("delta", f"δ_{u}", f"{terms}·f'(a_{u})", f"{subst}·{factor(dvals[j], p)}", d))
        layer_name = naming.layer_title(trace.layers, l + 1)
        if l == last:
            note = ("δ = ∂L/∂a, how the loss changes with the output's weighted sum. "
                    + loss.delta_note.format(slope=act.derivative_formula))
        else:
            # the bias unit's reason in the errata's and practice's words (core/article.py)
            unit = "A hidden unit" if layer_name == "hidden" else f"A unit of {layer_name.replace('hidden', 'hidden layer')}"
            note = (f"{unit} reaches the loss only through the units it feeds. Chain rule: its "
                    "δ = ∂L/∂a = (Σ over those units of link weight × their δ) × its slope "
                    f"{act.derivative_formula}. {BIAS_HAS_NO_SUM}, so {n.units[l + 1][0]} has no δ.")
        if l < last or loss.delta_has_slope:  # (cross-entropy's output δ has no slope in it)
            note += _slope_from_a(act, trace.a[l], trace.z[l], dvals, [n.target(l + 1, j) for j in range(len(dvals))], p)
        phases.append(Phase("delta", l + 1, f"Deltas: {layer_name} layer", note, tuple(eqs),
                            tuple(dict.fromkeys(touched_u)), tuple(touched_w)))
    return phases


def _slope_from_a(act, a, z, slopes, units: list[str], p: int) -> str:
    """Where a unit's z shows as ±1 its slope, not 0, comes from the unrounded z or, past the
    activation's ``far``, from a: z·(1 − z) of the shown 1 gave 0 beside f'(a) = 9.096e−39."""
    ends = [(f"z_{u} = {fmt(zj, p)}", abs(aj) > act.far) for u, aj, zj, d in zip(units, a, z, slopes)
            if fmt(zj, p) in ("1", "−1") and d != 0.0]
    if not act.from_a or not ends:
        return ""
    how = (f"from a, f'(a) = {act.from_a}" if all(far for _, far in ends) else
           "from the unrounded z" if not any(far for _, far in ends) else
           f"from the unrounded z, or beyond |a| = {fmt(act.far)} from a, f'(a) = {act.from_a}")
    return (f" {' and '.join(text for text, _ in ends)} {'is' if len(ends) == 1 else 'are'} rounded: the slope is "
            f"computed {how}, not from the rounded z.")


def _zero_sources(trace, l, n: _Names) -> list[str]:
    return [f"z_{n.units[l][i]}" for i in range(1, len(trace.sources[l])) if trace.sources[l][i] == 0.0]


def _no_gradient_note(trace, l, n: _Names, regularized: bool) -> str:
    zero = _zero_sources(trace, l, n)
    here = f" (here {' = '.join(zero)} = 0)" if zero else ""
    text = f"A weight gets no data gradient when its source's z is 0{here} or its target's δ is 0{_zero_deltas(trace, l, n)}"
    if not regularized:
        return text + ": then it keeps its value."
    w_ = _prefix(trace, l)[0]  # W, or V for the last layer's weights
    return (text + f"; regularized, it still moves by −α·R'({w_}), {_towards_zero(trace, w_)}, where R'({w_}) is the "
            f"gradient of the penalty: {regularizer_text(trace, w_)}. Bias weights are not regularized.")


def _zero_deltas(trace, l, n: _Names) -> str:
    """The targets of layer ``l``'s weights whose δ is 0 on this sample, or a cause this layer can have
    (a ReLU's slope is 0 where its sum a ≤ 0; "a dead ReLU, say" under sigmoid units was no example)."""
    relu = trace.activations[l] == "relu"
    zero = [j for j in range(len(trace.deltas[l])) if trace.deltas[l][j] == 0.0]
    if zero:
        # the slope is the reason only where the sum is ≤ 0: δ is also 0 when nothing comes back (ŷ = y)
        slope = relu and all(trace.a[l][j] <= 0.0 for j in zero)
        names = " = ".join(f"δ_{n.target(l + 1, j)}" for j in zero)
        return f" (here {names} = 0" + (": a ReLU's slope is 0 where its sum a ≤ 0)" if slope else ")")
    return " (a ReLU unit whose sum a ≤ 0, say)" if relu else ""


def _towards_zero(trace, w: str = "W") -> str:
    """Where the penalty's step takes a weight: towards 0, unless the step is larger than the weight.
    An L1 step is α·λ whatever the weight (0.0992 went to −0.0008); an L2 step makes W (1 − α·λ)·W."""
    if trace.regularizer == "l1":
        return f"towards 0 (with L1, past 0 when |{w}| is smaller than the step α·λ)"
    shrink = trace.learning_rate * trace.regularization_rate
    if shrink <= 1:
        return "towards 0"
    where = "past 0" if shrink < 2 else ("past 0, as far on the other side" if shrink == 2 else
                                         "past 0 and further from it")
    return f"to (1 − α·λ)·{w} = {fmt(1 - shrink, 6)}·{w}: with α·λ = {fmt(shrink, 6)} > 1, {where}"


def regularizer_text(trace, letter: str = "W") -> str:
    """R'(W) for the session's penalty, with the penalty and its λ (the walkthrough's and the setup's
    words); ``letter``: the weights it is said of (R'(V) = λ·V for V's; the penalty sums over all)."""
    reg = get_regularizer(trace.regularizer)
    derivative = reg.derivative_formula.replace("W", letter)
    return (f"{derivative} for the {reg.title} penalty {reg.penalty_formula}, "
            f"λ = {fmt(trace.regularization_rate, 6)}")


def _online_updates(trace, p, n: _Names) -> list[Phase]:
    alpha = fmt(trace.learning_rate, max(p, 6))
    regularized = any(np.any(r) for r in trace.regularization)
    phases = []
    for l in range(len(trace.layers) - 1):
        w, src = trace.weights_before[l], trace.sources[l]
        eqs, touched_w = [], []
        for j, i, wn, sn, u in _weights_of(trace, l, n):
            touched_w.append(wn)
            g, r = trace.gradients[l][j, i], trace.regularization[l][j, i]
            eqs.append(_gradient_equation(wn, sn, u, src[i], trace.deltas[l][j], g, p))
            eqs.append(_update_equation(wn, f"∂L/∂{wn}", factor(g, p), w[j, i], r, trace.weights_after[l][j, i],
                                        alpha, p))
        w_ = _prefix(trace, l)[0]  # "V" in the V weights' phase (it said W there too)
        note = (f"Chain rule: a_target contains {w_}·z_source, so ∂L/∂{w_} = δ_target·z_source. Descent moves each "
                f"weight against it: {w_} := {w_} − α·∂L/∂{w_}" + (f" − α·R'({w_})" if regularized else "") + ". "
                + _no_gradient_note(trace, l, n, regularized))
        phases.append(Phase("update", l, f"Gradients and updates: {_prefix(trace, l)} weights", note,
                            tuple(eqs), _layer_units(trace, l, n), tuple(touched_w)))
    phases.append(_after_phase(trace, n, _after_equations(trace, p, n),
                               "This sample again, forward through the new weights. The gradients and updates "
                               "were computed from the values before the update."))
    return phases


def _after_phase(trace, n: _Names, eqs: list[Equation], note: str) -> Phase:
    """The check after the update, a phase of its own: the step is taken when it is revealed, so
    until then the diagram shows the values the gradients and updates are computed from."""
    weights = tuple(w for layer in n.weights for row in layer for w in row)
    units = tuple(u for layer in n.units for u in layer)  # a whole forward pass, through every weight
    return Phase("after", len(trace.layers) - 1, "After the update", note, tuple(eqs), units, weights)


def evaluate(layers, activations, loss_name: str, weights, x, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ŷ of shape (m, outputs), L of shape (m,), the outputs' weighted sums a like ŷ) for samples
    ``x``, ``y`` with ``weights``; NaN where the weights are not finite (an overflowed step)."""
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    try:
        net = Network(list(layers), list(activations), [np.array(w) for w in weights])
    except ValueError:
        nan = np.full((x.shape[0], layers[-1]), np.nan)
        return nan, np.full(x.shape[0], np.nan), nan
    with np.errstate(all="ignore"):
        fwd = net.forward(x)
        loss = get_loss(loss_name).for_output(net.activations[-1])
        return fwd.output, net.sample_losses(fwd, y, loss), fwd.a[-1]


def _after_equations(trace, p, n: _Names) -> list[Equation]:
    """This sample's prediction and loss with the weights after the update."""
    outs, losses, sums = evaluate(trace.layers, trace.activations, trace.loss_name, trace.weights_after,
                                  trace.inputs, trace.target)
    out, loss_after = outs[0], float(losses[0])
    eqs = [Equation("after", f"{n.yhat(j)}_new", f"z_{u} through the new weights", None, out[j])
           for j, u in enumerate(n.outputs)]
    if len(out) == 1:
        loss = get_loss(trace.loss_name)
        error = get_activation(trace.activations[-1]).output_error(sums[0], out, trace.target)
        eqs.append(Equation("after", "L_new", loss.written(["ŷ_new"], ["y"]),
                            loss.substituted(out, trace.target, p, sums[0], error), loss_after))
    else:
        eqs.append(Equation("after", "L_new", "L with the new weights", None, loss_after))
    return eqs


def _batch_updates(trace, batch: BatchInfo, p, n: _Names) -> list[Phase]:
    """Gradients added to the batch's running sums; after the last sample, the update."""
    phases = []
    alpha = fmt(trace.learning_rate, max(p, 6))
    k = batch.size
    for l in range(len(trace.layers) - 1):
        src = trace.sources[l]
        eqs, touched_w = [], []
        for j, i, wn, sn, u in _weights_of(trace, l, n):
            touched_w.append(wn)
            g, before = trace.gradients[l][j, i], batch.sums_before[l][j, i]
            eqs.append(_gradient_equation(wn, sn, u, src[i], trace.deltas[l][j], g, p))
            eqs.append(Equation("batch_sum", f"Σ∂L/∂{wn}", f"Σ so far + ∂L/∂{wn}",
                                f"{fmt(before, p)} + {factor(g, p)}", before + g, op="="))
        w_ = _prefix(trace, l)[0]  # "V" in the V weights' phase, as online
        note = (f"Position {batch.position} of {k} in this batch. ∂L/∂{w_} = δ_target·z_source, as for one sample; "
                f"Σ∂L/∂{w_} adds it up over the batch's samples so far. "
                + ("The weights change once, after the last sample, by the mean gradient."
                   if not batch.complete else "This was the last sample: the update follows."))
        phases.append(Phase("gradient", l, f"Gradients ({batch.position} of {k} in the batch): {_prefix(trace, l)} weights",
                            note, tuple(eqs), _layer_units(trace, l, n), tuple(touched_w)))
    if not batch.complete:
        return phases
    regularized = any(np.any(r) for r in batch.regularization)
    for l in range(len(trace.layers) - 1):
        w = trace.weights_before[l]
        eqs = []
        for j, i, wn, _, _ in _weights_of(trace, l, n):
            total = batch.sums_before[l][j, i] + trace.gradients[l][j, i]
            r = batch.regularization[l][j, i]
            eqs.append(_update_equation(wn, f"Σ∂L/∂{wn} / {k}", f"{factor(total, p)} / {k}", w[j, i], r,
                                        batch.weights_after[l][j, i], alpha, p))
        w_ = _prefix(trace, l)[0]
        note = (f"The batch of {k} samples is complete: every weight moves against the mean of its {k} "
                f"gradients (Σ over the batch's samples, divided by {k}), {w_} := {w_} − α·(1/{k})·Σ∂L/∂{w_}"
                + (f" − α·R'({w_})" if regularized else "") + ": the mean gradient is the gradient of the batch's "
                f"mean loss J = (1/{k})·Σ L, Σ over the batch's samples."
                + (f" {regularizer_text(trace, w_)}; bias weights are not regularized." if regularized else ""))
        phases.append(Phase("update", l, f"Update with the mean gradient: {_prefix(trace, l)} weights", note,
                            tuple(eqs), _layer_units(trace, l, n), tuple(x for row in n.weights[l] for x in row)))
    if batch.losses and batch.losses_after:
        phases.append(_after_phase(trace, n, _batch_loss_equations(batch, p),
                                   "The batch's mean loss J over its samples, with the weights before the update "
                                   "and with the new ones."))
    return phases


def _batch_loss_equations(batch: BatchInfo, p) -> list[Equation]:
    k = batch.size
    before = " + ".join(fmt(v, p) for v in batch.losses)
    after = " + ".join(fmt(v, p) for v in batch.losses_after)
    return [Equation("batch_loss", "J", f"(1/{k})·Σ L", f"({before}) / {k}", float(np.mean(batch.losses))),
            Equation("batch_loss", "J_new", f"(1/{k})·Σ L_new", f"({after}) / {k}", float(np.mean(batch.losses_after)))]


def _weights_of(trace, l, n: _Names):
    """(row, col, weight name, source unit, target unit) for every weight of layer ``l``."""
    rows, cols = trace.weights_before[l].shape
    for j in range(rows):
        u = n.target(l + 1, j)
        for i in range(cols):
            yield j, i, n.weights[l][j][i], n.units[l][i], u


def _gradient_equation(wn, sn, u, source, delta, g, p) -> Equation:
    return Equation("gradient", f"∂L/∂{wn}", f"z_{sn}·δ_{u}", f"{factor(source, p)}·{factor(delta, p)}", g)


def _update_equation(wn, gradient, gradient_value, before, r, after, alpha, p) -> Equation:
    """W := W − α·(gradient + R'(W)), online or batch alike; R' is written only where it moves W."""
    if r != 0.0:
        formula = f"{wn} − α·({gradient} + R'({wn}))"
        subst = f"{fmt(before, p)} − {alpha}·({gradient_value} + {factor(r, p)})"
    else:
        formula = f"{wn} − α·{gradient}"
        subst = f"{fmt(before, p)} − {alpha}·{gradient_value}"
    return Equation("weight", wn, formula, subst, after, op=":=")


def _prefix(trace, l: int) -> str:
    return naming.weight_prefix(trace.layers, l).rstrip("_")


def _layer_units(trace, l, n: _Names) -> tuple[str, ...]:
    return tuple(n.units[l]) + tuple(n.target(l + 1, j) for j in range(trace.weights_before[l].shape[0]))

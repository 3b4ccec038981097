"""One online step on one sample, written out phase by phase as a teacher would.

The phases are built from a :class:`SampleTrace`, so every number is the engine's own.
The same phases feed the CLI ``walkthrough`` (text, Markdown, JSON) and the GUI's
walkthrough panel. Order: the weighted sums and activations layer by layer, the output
error and loss, the deltas layer by layer backwards, then gradients and updates per layer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from . import naming
from .activations import get_activation
from .numbers import DEFAULT_PRECISION, fmt
from .losses import get_loss
from .trace import SampleTrace
from .training import descend, regularization_terms

__all__ = ["DEFAULT_PRECISION", "BatchInfo", "Equation", "Phase", "build_phases", "fmt", "render_html",
           "render_markdown", "render_text", "step_phases", "to_json"]


def factor(x: float, precision: int) -> str:
    """A number as a factor in a product: negatives in parentheses."""
    text = fmt(x, precision)
    return f"({text})" if text.startswith("−") else text


@dataclass(frozen=True)
class Equation:
    """``target op formula = substitution = value``, e.g. ``a_Z1 = W10·X0 + … = 1·1 + … = 1``.

    ``kind`` says what is computed: "sum" (a weighted sum), "activation", "error", "loss",
    "delta", "gradient", "batch_sum" (a batch's running sum of gradients) or "weight"; ``substitution`` is None when it would repeat the value.
    """

    kind: str
    target: str
    formula: str
    substitution: str | None
    value: float
    op: str = "="

    def text(self, precision: int = DEFAULT_PRECISION) -> str:
        parts = [f"{self.target} {self.op} {self.formula}"]
        if self.substitution is not None:
            parts.append(self.substitution)
        parts.append(fmt(self.value, precision))
        # drop a repeated last part ("z = f(a) = 1 = 1")
        if len(parts) == 3 and parts[1] == parts[2]:
            parts.pop()
        return " = ".join(parts)


@dataclass(frozen=True)
class Phase:
    """One step of the walkthrough.

    ``kind`` is "forward", "loss", "delta" or "update"; ``layer`` is the unit layer
    (forward, delta) or weight layer (update) concerned. ``units`` and ``weights`` name
    what the phase touches, for highlighting.
    """

    kind: str
    layer: int
    title: str
    note: str
    equations: tuple[Equation, ...]
    units: tuple[str, ...] = field(default_factory=tuple)
    weights: tuple[str, ...] = field(default_factory=tuple)

    def lines(self, precision: int = DEFAULT_PRECISION) -> list[str]:
        return [eq.text(precision) for eq in self.equations]


def build_phases(trace: SampleTrace, precision: int = DEFAULT_PRECISION,
                 batch: "BatchInfo | None" = None) -> list[Phase]:
    """All phases of one step, in the order they are computed: an online update, or with
    ``batch`` the accumulation into the batch's sums (and the update when it completes)."""
    p = precision
    layers = trace.layers
    n_weight_layers = len(layers) - 1
    names = [naming.unit_names(layers, k) for k in range(len(layers))]
    wnames = naming.weight_names(layers)
    acts = [get_activation(a) for a in trace.activations]
    loss = get_loss(trace.loss_name)
    out_names = names[-1]

    def unit(layer: int, row: int) -> str:  # name of row `row` of unit layer `layer` (≥ 1)
        return naming.target_name(layers, layer, row)

    phases: list[Phase] = []
    # -- forward ---------------------------------------------------------------------
    for l in range(n_weight_layers):
        w, src = trace.weights_before[l], trace.sources[l]
        eqs, touched_w, touched_u = [], [], list(names[l])
        for j in range(w.shape[0]):
            u = unit(l + 1, j)
            terms = " + ".join(f"{wnames[l][j][i]}·{names[l][i]}" for i in range(w.shape[1]))
            subst = " + ".join(f"{factor(w[j, i], p)}·{factor(src[i], p)}" for i in range(w.shape[1]))
            eqs.append(Equation("sum", f"a_{u}", terms, subst, trace.a[l][j]))
            eqs.append(Equation("activation", f"z_{u}", f"f(a_{u})", f"f({fmt(trace.a[l][j], p)})", trace.z[l][j]))
            touched_w.extend(wnames[l][j])
            touched_u.append(u)
        title = f"Forward: {naming.layer_title(layers, l + 1)} layer"
        note = (f"Each unit adds up its inputs times their weights (the bias unit {names[l][0]} is always 1), "
                f"then applies its activation {acts[l].formula}.")
        phases.append(Phase("forward", l + 1, title, note, tuple(eqs), tuple(touched_u), tuple(touched_w)))

    # -- output error and loss ---------------------------------------------------------
    y, yhat = trace.target, trace.output
    eqs = []
    for j, u in enumerate(out_names):
        eqs.append(Equation("error", f"y − ŷ ({u})", f"y − z_{u}", f"{fmt(y[j], p)} − {factor(yhat[j], p)}",
                            y[j] - yhat[j]))
    if loss.name == "squared":
        formula = " + ".join(f"(z_{u} − y)²" for u in out_names)
        subst = " + ".join(f"({fmt(yhat[j], p)} − {factor(y[j], p)})²" for j in range(len(out_names)))
        eqs.append(Equation("loss", "L", f"½·({formula})" if len(out_names) > 1 else f"½·{formula}",
                            f"½·({subst})" if len(out_names) > 1 else f"½·{subst}", trace.loss))
    else:
        formula = " + ".join(f"y·ln z_{u} + (1 − y)·ln(1 − z_{u})" for u in out_names)
        subst = " + ".join(f"{factor(y[j], p)}·ln {fmt(yhat[j], p)} + {factor(1 - y[j], p)}·ln {fmt(1 - yhat[j], p)}"
                           for j in range(len(out_names)))
        eqs.append(Equation("loss", "L", f"−[{formula}]", f"−[{subst}]", trace.loss))
    phases.append(Phase("loss", len(layers) - 1, "Output error and loss",
                        f"The loss is {loss.formula} for this sample. The article calls y − ŷ the "
                        "'loss'; back-propagation instead needs the derivative of L.",
                        tuple(eqs), tuple(out_names)))

    # -- deltas, backwards -----------------------------------------------------------------
    last = n_weight_layers - 1
    for l in range(last, -1, -1):
        eqs, touched_w, touched_u = [], [], []
        act = acts[l]
        dvals = act.derivative(np.asarray(trace.a[l]), np.asarray(trace.z[l]))
        for j in range(len(trace.a[l])):
            u = unit(l + 1, j)
            touched_u.append(u)
            d = trace.deltas[l][j]
            if l == last and loss.name == "cross_entropy":
                eqs.append(Equation("delta", f"δ_{u}", f"z_{u} − y", f"{fmt(yhat[j], p)} − {factor(y[j], p)}", d))
            elif l == last:
                eqs.append(Equation("delta", f"δ_{u}", f"(z_{u} − y)·f'(a_{u})",
                                    f"({fmt(yhat[j], p)} − {factor(y[j], p)})·{factor(dvals[j], p)}", d))
            else:
                nxt = trace.weights_before[l + 1]
                k_names = [unit(l + 2, k) for k in range(nxt.shape[0])]
                links = [wnames[l + 1][k][j + 1] for k in range(nxt.shape[0])]
                touched_w.extend(links)
                touched_u.extend(k_names)
                terms = " + ".join(f"{links[k]}·δ_{k_names[k]}" for k in range(len(k_names)))
                subst = " + ".join(f"{factor(nxt[k, j + 1], p)}·{factor(trace.deltas[l + 1][k], p)}"
                                   for k in range(len(k_names)))
                if len(k_names) > 1:
                    terms, subst = f"({terms})", f"({subst})"
                eqs.append(Equation("delta", f"δ_{u}", f"{terms}·f'(a_{u})", f"{subst}·{factor(dvals[j], p)}", d))
        layer_name = naming.layer_title(layers, l + 1)
        if l == last:
            note = ("The output delta is dL/da: how the loss changes with the output's weighted sum. "
                    + ("With a sigmoid output and cross-entropy, f'(a) cancels and δ = ŷ − y."
                       if loss.name == "cross_entropy" else f"Here {act.derivative_formula}."))
        else:
            note = (f"Each {layer_name} unit's delta collects the deltas it feeds, weighted by the links, "
                    f"times its own slope {act.derivative_formula}. Bias units have no delta: nothing feeds them.")
        phases.append(Phase("delta", l + 1, f"Deltas: {layer_name} layer", note, tuple(eqs),
                            tuple(dict.fromkeys(touched_u)), tuple(touched_w)))

    # -- gradients and updates ------------------------------------------------------------
    if batch is None or batch.size == 1:
        phases.extend(_online_updates(trace, p, names, wnames, unit))
    else:
        phases.extend(_batch_updates(trace, batch, p, names, wnames, unit))
    return phases


@dataclass(frozen=True)
class BatchInfo:
    """Where a sample stands in a full or mini batch (for the walkthrough of that step).

    ``position`` is 1-based within a batch of ``size`` samples; ``sums_before[l]`` is the sum
    of the gradients of the batch's earlier samples. When ``position == size`` the batch is
    complete and ``weights_after[l]`` are the weights after the update with the mean gradient.
    """

    position: int
    size: int
    sums_before: tuple[np.ndarray, ...]
    regularization: tuple[np.ndarray, ...]
    weights_after: tuple[np.ndarray, ...] | None

    @property
    def complete(self) -> bool:
        return self.position == self.size


def _online_updates(trace, p, names, wnames, unit) -> list[Phase]:
    alpha = fmt(trace.learning_rate, max(p, 6))
    phases = []
    for l in range(len(trace.layers) - 1):
        w, src = trace.weights_before[l], trace.sources[l]
        eqs, touched_w = [], []
        for j, i, wn, sn, u in _weights_of(trace, l, names, wnames, unit):
            touched_w.append(wn)
            g, r = trace.gradients[l][j, i], trace.regularization[l][j, i]
            eqs.append(_gradient_equation(wn, sn, u, src[i], trace.deltas[l][j], g, p))
            if r != 0.0:
                formula = f"{wn} − α·(∂L/∂{wn} + R'({wn}))"  # R' = λ·W (L2) or λ·sign(W) (L1)
                subst = f"{fmt(w[j, i], p)} − {alpha}·({factor(g, p)} + {factor(r, p)})"
            else:
                formula = f"{wn} − α·{sn}·δ_{u}"
                subst = f"{fmt(w[j, i], p)} − {alpha}·{factor(src[i], p)}·{factor(trace.deltas[l][j], p)}"
            eqs.append(Equation("weight", wn, formula, subst, trace.weights_after[l][j, i], op=":="))
        note = ("Each weight's gradient is the activation at its source times the delta at its target. "
                "Gradient descent moves against the gradient: W := W − α·∂L/∂W. "
                "A weight whose source is 0 gets no gradient and keeps its value.")
        phases.append(Phase("update", l, f"Gradients and updates: {_prefix(trace, l)} weights", note,
                            tuple(eqs), _layer_units(trace, l, names, unit), tuple(touched_w)))
    return phases


def _batch_updates(trace, batch: BatchInfo, p, names, wnames, unit) -> list[Phase]:
    """Gradients added to the batch's running sums; after the last sample, the update."""
    phases = []
    alpha = fmt(trace.learning_rate, max(p, 6))
    k = batch.size
    for l in range(len(trace.layers) - 1):
        src = trace.sources[l]
        eqs, touched_w = [], []
        for j, i, wn, sn, u in _weights_of(trace, l, names, wnames, unit):
            touched_w.append(wn)
            g, before = trace.gradients[l][j, i], batch.sums_before[l][j, i]
            eqs.append(_gradient_equation(wn, sn, u, src[i], trace.deltas[l][j], g, p))
            eqs.append(Equation("batch_sum", f"Σ∂L/∂{wn}", f"Σ so far + ∂L/∂{wn}",
                                f"{fmt(before, p)} + {factor(g, p)}", before + g, op="="))
        note = (f"Sample {batch.position} of {k} in this batch: its gradients are added to the batch's sums. "
                + ("The weights change once, after the last sample, by the mean gradient."
                   if not batch.complete else "This was the last sample: the update follows."))
        phases.append(Phase("gradient", l, f"Gradients ({batch.position} of {k} in the batch): {_prefix(trace, l)} weights",
                            note, tuple(eqs), _layer_units(trace, l, names, unit), tuple(touched_w)))
    if not batch.complete:
        return phases
    for l in range(len(trace.layers) - 1):
        w = trace.weights_before[l]
        eqs = []
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                wn = wnames[l][j][i]
                total = batch.sums_before[l][j, i] + trace.gradients[l][j, i]
                r = batch.regularization[l][j, i]
                if r != 0.0:
                    formula = f"{wn} − α·(Σ∂L/∂{wn} / {k} + R'({wn}))"
                    subst = f"{fmt(w[j, i], p)} − {alpha}·({factor(total, p)} / {k} + {factor(r, p)})"
                else:
                    formula = f"{wn} − α·Σ∂L/∂{wn} / {k}"
                    subst = f"{fmt(w[j, i], p)} − {alpha}·{factor(total, p)} / {k}"
                eqs.append(Equation("weight", wn, formula, subst, batch.weights_after[l][j, i], op=":="))
        note = (f"The batch of {k} samples is complete: every weight moves against the mean of its {k} "
                "gradients, W := W − α·(1/k)·Σ∂L/∂W.")
        phases.append(Phase("update", l, f"Update with the mean gradient: {_prefix(trace, l)} weights", note,
                            tuple(eqs), _layer_units(trace, l, names, unit),
                            tuple(n for row in wnames[l] for n in row)))
    return phases


def _weights_of(trace, l, names, wnames, unit):
    """(row, col, weight name, source unit, target unit) for every weight of layer ``l``."""
    rows, cols = trace.weights_before[l].shape
    for j in range(rows):
        u = unit(l + 1, j)
        for i in range(cols):
            yield j, i, wnames[l][j][i], names[l][i], u


def _gradient_equation(wn, sn, u, source, delta, g, p) -> Equation:
    return Equation("gradient", f"∂L/∂{wn}", f"{sn}·δ_{u}", f"{factor(source, p)}·{factor(delta, p)}", g)


def _prefix(trace, l: int) -> str:
    return naming.weight_prefix(trace.layers, l).rstrip("_")


def _layer_units(trace, l, names, unit) -> tuple[str, ...]:
    return tuple(names[l]) + tuple(unit(l + 1, j) for j in range(trace.weights_before[l].shape[0]))


def step_phases(trainer, precision: int = DEFAULT_PRECISION
                ) -> tuple[int, SampleTrace, "BatchInfo | None", list[Phase]]:
    """(sample, trace, batch, phases) of the step the trainer will take next, in its batch
    mode: an online update (batch None), or the accumulation (and, at the end of a batch,
    the update)."""
    sample = trainer.next_sample
    trace = trainer.trace(sample)
    position, size = trainer.batch_position()
    batch = None
    if size > 1:
        sums = trainer.accumulated()
        weights = trainer.network.weights
        after, regs = None, [np.zeros_like(w) for w in weights]  # mid-batch: no update, no R'(W)
        if position == size:  # the batch completes: the trainer's own update with the mean gradient
            means = [(acc + g) / size for acc, g in zip(sums, trace.gradients)]
            after, regs = tuple(descend(trainer.config, weights, means)), regularization_terms(trainer.config, weights)
        batch = BatchInfo(position, size, tuple(sums), tuple(regs), after)
    return sample, trace, batch, build_phases(trace, precision, batch)


# -- renderings --------------------------------------------------------------------------
def _setup_lines(trace: SampleTrace, sample: int, p: int) -> list[str]:
    layers = trace.layers
    x = ", ".join(f"{n} = {fmt(v, p)}" for n, v in zip(naming.unit_names(layers, 0)[1:], trace.inputs))
    y = ", ".join(f"{n}: y = {fmt(v, p)}" for n, v in zip(naming.unit_names(layers, len(layers) - 1), trace.target))
    return [
        f"Network {'-'.join(map(str, layers))}, activations {', '.join(trace.activations)}, "
        f"{trace.loss_name} loss, learning rate α = {fmt(trace.learning_rate, max(p, 6))}.",
        f"Sample {sample}: {x} (bias X0 = 1); target {y}.",
    ]


def _summary_line(trace: SampleTrace, p: int, phases: list[Phase]) -> str:
    """How many weights the step changed (counted from the phases' own updates)."""
    loss = f"the loss on this sample was {fmt(trace.loss, p)} before the update."
    updates = [eq for ph in phases if ph.kind == "update" for eq in ph.equations if eq.kind == "weight"]
    if not updates:
        return f"No weight changed yet: the gradients wait in the batch's sums; {loss}"
    before = np.concatenate([w.ravel() for w in trace.weights_before])
    changed = int(np.count_nonzero(before != np.array([eq.value for eq in updates])))
    return f"{changed} of {before.size} weights changed; {loss}"


def render_text(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                phases: list[Phase] | None = None) -> str:
    """A plain-text worked example (``phases`` default to an online step)."""
    p = precision
    out = ["One step of back-propagation, worked by hand", ""]
    out += _setup_lines(trace, sample, p) + [""]
    phases = build_phases(trace, p) if phases is None else phases
    for n, phase in enumerate(phases, 1):
        out.append(f"{n}. {phase.title}")
        out.append(f"   {phase.note}")
        out += [f"     {line}" for line in phase.lines(p)]
        out.append("")
    out.append(_summary_line(trace, p, phases))
    return "\n".join(out) + "\n"


def render_markdown(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                    phases: list[Phase] | None = None) -> str:
    """The same worked example as Markdown, formulas in code spans (``phases`` as render_text)."""
    p = precision
    out = ["# One step of back-propagation", ""]
    out += _setup_lines(trace, sample, p) + [""]
    phases = build_phases(trace, p) if phases is None else phases
    for n, phase in enumerate(phases, 1):
        out += [f"## {n}. {phase.title}", "", phase.note, ""]
        out += [f"- `{line}`" for line in phase.lines(p)]
        out.append("")
    out.append(_summary_line(trace, p, phases))
    return "\n".join(out) + "\n"


def to_json(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION) -> dict:
    """Machine-readable walkthrough (documented in docs/walkthrough-json.md)."""
    layers = trace.layers
    forward = []
    for l in range(len(layers) - 1):
        forward.append({
            "layer": l + 1,
            "units": [naming.target_name(layers, l + 1, j) for j in range(len(trace.a[l]))],
            "a": trace.a[l].tolist(),
            "z": trace.z[l].tolist(),
        })
    return {
        "sample": sample,
        "inputs": trace.inputs.tolist(),
        "target": trace.target.tolist(),
        "layers": list(layers),
        "activations": list(trace.activations),
        "loss_function": trace.loss_name,
        "learning_rate": trace.learning_rate,
        "weight_names": naming.weight_names(layers),
        "weights_before": [w.tolist() for w in trace.weights_before],
        "forward": forward,
        "output": trace.output.tolist(),
        "error": trace.error.tolist(),
        "loss": trace.loss,
        "deltas": [{"layer": f["layer"], "units": f["units"], "delta": d.tolist()}
                   for f, d in zip(forward, trace.deltas)],
        "gradients": [g.tolist() for g in trace.gradients],
        "regularization": [r.tolist() for r in trace.regularization],
        "weights_after": [w.tolist() for w in trace.weights_after],
        "phases": [{"kind": ph.kind, "title": ph.title, "lines": ph.lines(precision)}
                   for ph in build_phases(trace, precision)],
    }


def render_html(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                phases: list[Phase] | None = None) -> str:
    """A standalone HTML page of the worked example (``phases`` default to an online step)."""
    p = precision
    phases = build_phases(trace, p) if phases is None else phases
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>One step of back-propagation</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
           "code{font-size:1.05em}li{margin:.2em 0}</style></head><body>",
           "<h1>One step of back-propagation</h1>"]
    out += [f"<p>{html.escape(line)}</p>" for line in _setup_lines(trace, sample, p)]
    for n, phase in enumerate(phases, 1):
        out.append(f"<h2>{n}. {html.escape(phase.title)}</h2>")
        out.append(f"<p>{html.escape(phase.note)}</p><ul>")
        out += [f"<li><code>{html.escape(line)}</code></li>" for line in phase.lines(p)]
        out.append("</ul>")
    out.append(f"<p>{html.escape(_summary_line(trace, p, phases))}</p></body></html>")
    return "\n".join(out) + "\n"

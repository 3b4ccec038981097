"""One online step on one sample, written out phase by phase as a teacher would.

The phases are built from a :class:`SampleTrace`, so every number is the engine's own.
The same phases feed the CLI ``walkthrough`` (text, Markdown, JSON) and the GUI's
walkthrough panel. Order: the weighted sums and activations layer by layer, the output
error and loss, the deltas layer by layer backwards, then gradients and updates per layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import naming
from .activations import get_activation
from .numbers import DEFAULT_PRECISION, fmt
from .losses import get_loss
from .trace import SampleTrace

__all__ = ["DEFAULT_PRECISION", "Equation", "Phase", "build_phases", "fmt", "render_markdown",
           "render_text", "to_json"]


def factor(x: float, precision: int) -> str:
    """A number as a factor in a product: negatives in parentheses."""
    text = fmt(x, precision)
    return f"({text})" if text.startswith("−") else text


@dataclass(frozen=True)
class Equation:
    """``target op formula = substitution = value``, e.g. ``a_Z1 = W10·X0 + … = 1·1 + … = 1``.

    ``kind`` says what is computed: "sum", "activation", "error", "loss", "delta",
    "gradient" or "weight"; ``substitution`` is None when it would repeat the value.
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


def build_phases(trace: SampleTrace, precision: int = DEFAULT_PRECISION) -> list[Phase]:
    """All phases of one online step, in the order they are computed."""
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
    alpha = fmt(trace.learning_rate, max(p, 6))
    for l in range(n_weight_layers):
        w, src = trace.weights_before[l], trace.sources[l]
        eqs, touched_w = [], []
        for j in range(w.shape[0]):
            u = unit(l + 1, j)
            for i in range(w.shape[1]):
                wn, sn = wnames[l][j][i], names[l][i]
                touched_w.append(wn)
                g, r = trace.gradients[l][j, i], trace.regularization[l][j, i]
                eqs.append(Equation("gradient", f"∂L/∂{wn}", f"{sn}·δ_{u}",
                                    f"{factor(src[i], p)}·{factor(trace.deltas[l][j], p)}", g))
                if r != 0.0:
                    formula = f"{wn} − α·(∂L/∂{wn} + R'({wn}))"  # R' = λ·W (L2) or λ·sign(W) (L1)
                    subst = f"{fmt(w[j, i], p)} − {alpha}·({factor(g, p)} + {factor(r, p)})"
                else:
                    formula = f"{wn} − α·{sn}·δ_{u}"
                    subst = f"{fmt(w[j, i], p)} − {alpha}·{factor(src[i], p)}·{factor(trace.deltas[l][j], p)}"
                eqs.append(Equation("weight", wn, formula, subst, trace.weights_after[l][j, i], op=":="))
        prefix = naming.weight_prefix(layers, l)
        note = ("Each weight's gradient is the activation at its source times the delta at its target. "
                "Gradient descent moves against the gradient: W := W − α·∂L/∂W. "
                "A weight whose source is 0 gets no gradient and keeps its value.")
        phases.append(Phase("update", l, f"Gradients and updates: {prefix.rstrip('_')} weights", note,
                            tuple(eqs), tuple(names[l]) + tuple(unit(l + 1, j) for j in range(w.shape[0])),
                            tuple(touched_w)))
    return phases


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


def _summary_line(trace: SampleTrace, p: int) -> str:
    changed = sum(int(np.count_nonzero(a != b)) for a, b in zip(trace.weights_before, trace.weights_after))
    total = sum(w.size for w in trace.weights_before)
    return (f"{changed} of {total} weights changed; the loss on this sample was {fmt(trace.loss, p)} "
            "before the update.")


def render_text(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION) -> str:
    """A plain-text worked example of one online step."""
    p = precision
    out = ["One step of back-propagation, worked by hand", ""]
    out += _setup_lines(trace, sample, p) + [""]
    for n, phase in enumerate(build_phases(trace, p), 1):
        out.append(f"{n}. {phase.title}")
        out.append(f"   {phase.note}")
        out += [f"     {line}" for line in phase.lines(p)]
        out.append("")
    out.append(_summary_line(trace, p))
    return "\n".join(out) + "\n"


def render_markdown(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION) -> str:
    """The same worked example as Markdown (formulas in code spans)."""
    p = precision
    out = ["# One step of back-propagation", ""]
    out += _setup_lines(trace, sample, p) + [""]
    for n, phase in enumerate(build_phases(trace, p), 1):
        out += [f"## {n}. {phase.title}", "", phase.note, ""]
        out += [f"- `{line}`" for line in phase.lines(p)]
        out.append("")
    out.append(_summary_line(trace, p))
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

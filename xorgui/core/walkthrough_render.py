"""Walkthroughs of the trainer's next steps, and their renderings (text, Markdown, HTML, JSON).

:func:`step_phases` gives the phases of the step the trainer takes next (the window's Step
phase). :func:`work` follows the session's batch mode: one online step on a sample, or in full-batch
and mini-batch mode the epoch's samples with their gradients summed and each batch's update
with the mean gradient, taken with the trainer's own steps (so ``weights_after`` is what
``xorgui train --epochs 1`` gives). The trainer is restored afterwards.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from . import naming
from .cancel import REPORT_EVERY, Report
from .numbers import DEFAULT_PRECISION, apart, fmt
from .regularizers import get_regularizer
from .trace import SampleTrace
from .update import descend, regularization_terms
from .walkthrough import BatchInfo, Phase, activation_label, build_phases, evaluate, loss_label, regularizer_text

__all__ = ["Step", "Walkthrough", "render_html", "render_markdown", "render_text", "step_phases", "to_json", "work"]


@dataclass(frozen=True)
class Step:
    """One sample's phases: ``batch`` is None for an online step."""

    sample: int
    trace: SampleTrace
    batch: BatchInfo | None
    phases: list[Phase]


@dataclass(frozen=True)
class Update:
    """One weight update: the samples whose mean gradient it used, and what it did."""

    samples: tuple[int, ...]
    gradients: list[np.ndarray]  # the mean ∂L/∂W over ``samples`` (one sample: its own)
    regularization: list[np.ndarray]  # R'(W) added to it
    weights_after: list[np.ndarray]
    losses: tuple[float, ...]  # L of each sample before the update
    outputs_after: list[list[float]]  # ŷ of each sample after it
    losses_after: tuple[float, ...]


@dataclass(frozen=True)
class Walkthrough:
    mode: str  # "online", "full batch" or "mini-batch of k": how the steps were taken
    description: str  # one sentence saying which it is doing
    steps: tuple[Step, ...]
    updates: tuple[Update, ...]
    weights_before: list[np.ndarray]

    @property
    def weights_after(self) -> list[np.ndarray]:
        return self.updates[-1].weights_after if self.updates else self.weights_before


def work(trainer, precision: int = DEFAULT_PRECISION, online_sample: int | None = None,
         report: Report | None = None) -> Walkthrough:
    """The walkthrough of the trainer's next update(s): one online step on ``online_sample``
    (forced, or the session is online; default the sample it steps next), else the rest of the epoch in the session's batches
    (``report``: told the share of its samples done, see core.cancel)."""
    n = len(trainer.data)
    mode = trainer.config.batch_mode(n)
    before = trainer.network.copy_weights()
    if online_sample is not None or trainer.batch_size == 1:
        sample = trainer.next_sample if online_sample is None else online_sample
        trace = trainer.trace(sample)
        update = _update(trainer, (sample,), trace.gradients, trace.regularization, before, trace.weights_after)
        if mode == "online" and sample == trainer.next_sample:
            text = (f"Online: one update on sample {sample}, as this session trains (it updates the weights "
                    "after every sample).")
        elif mode == "online":  # the session's own step on it comes later, after other samples' updates
            text = (f"One online step on sample {sample} with the weights as they are now: this session steps "
                    f"sample {trainer.next_sample} next and reaches sample {sample} only after other samples' "
                    "updates, so this shows one sample's arithmetic, not its training step.")
        else:
            text = (f"One online step on sample {sample} alone (--online): this session itself trains in "
                    f"{mode}, so this shows one sample's arithmetic, not its training step.")
        return Walkthrough("online", text, (Step(sample, trace, None, build_phases(trace, precision)),), (update,), before)
    state = trainer.capture()
    summed = trainer.pending_samples  # a session saved mid-batch: their gradients are the Σ so far
    # ... and the first update's samples: its mean gradient, losses and J are over the whole batch
    steps, updates, batch_samples = [], [], [int(s) for s in trainer.batch_samples()[:summed]]
    to_go = n - trainer.cursor
    try:
        while True:
            if report is not None and len(steps) % REPORT_EVERY == 0:
                report(len(steps) / to_go)
            sample, trace, batch, phases = step_phases(trainer, precision)
            steps.append(Step(sample, trace, batch, phases))
            batch_samples.append(sample)
            weights = trainer.network.copy_weights()
            means = trainer.batch_gradients() if batch is not None and batch.complete else None
            result = trainer.step_sample(trace)  # the trace just shown: not computed twice
            if result.updated:
                grads = trace.gradients if means is None else means
                regs = trace.regularization if batch is None else list(batch.regularization)
                updates.append(_update(trainer, tuple(batch_samples), grads, regs, weights,
                                       trainer.network.copy_weights()))
                batch_samples = []
            if result.epoch_finished:
                break
    finally:
        trainer.restore(state)
    k = trainer.batch_size
    order = " in this epoch's shuffled order" if trainer.config.shuffle else ""
    where = "" if mode == "full batch" else "of the batch under way, "
    first = "the first already is: its sums are" if summed == 1 else f"the first {summed} already are: their sums are"
    already = f" ({where}{first} the Σ so far below)" if summed else ""
    if mode == "full batch":
        text = (f"Full batch: the gradients of all {n} samples{order} are summed{already}, then every weight moves "
                f"once by the mean gradient, as `xorgui train --epochs 1` {'finishes it' if summed else 'does'}.")
    else:
        whole, ahead = trainer.updates_per_epoch, len(updates)  # updates in an epoch, and to come
        if ahead == whole and not summed:
            left = f"{naming.count(whole, 'update')} make the epoch, as `xorgui train --epochs 1` does"
        else:  # a session saved mid-epoch: the walk finishes the epoch
            left = (f"{naming.count(ahead, 'update')} of the epoch's {whole} {'is' if ahead == 1 else 'are'} left "
                    "(it is under way), as `xorgui train --epochs 1` finishes it")
        text = (f"Mini-batch of {k}: the gradients of each batch's samples{order} are summed{already} and the "
                f"weights move by the batch's mean gradient after its last sample: {left}.")
    return Walkthrough(mode, text, tuple(steps), tuple(updates), before)


def _update(trainer, samples, grads, regs, weights_before, weights_after) -> Update:
    """An Update with the samples' losses before and their predictions and losses after."""
    idx = list(samples)
    x, y = trainer.data.inputs[idx], trainer.data.targets[idx]
    net = trainer.network
    args = (net.layers, net.activation_names, trainer.config.loss)
    losses = evaluate(*args, weights_before, x, y)[1]
    outputs, losses_after, _ = evaluate(*args, weights_after, x, y)
    return Update(tuple(int(s) for s in samples), [np.array(g) for g in grads], [np.array(r) for r in regs],
                  [np.array(w) for w in weights_after], tuple(float(v) for v in losses),
                  outputs.tolist(), tuple(float(v) for v in losses_after))


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
        losses = losses_after = ()
        if position == size:  # the batch completes: the trainer's own update, the same bits
            after = tuple(descend(trainer.config, weights, trainer.batch_gradients()))
            regs = regularization_terms(trainer.config, weights)
            losses, losses_after = _batch_losses(trainer, after)
        batch = BatchInfo(position, size, tuple(sums), tuple(regs), after, losses, losses_after)
    return sample, trace, batch, build_phases(trace, precision, batch)


def _batch_losses(trainer, weights_after) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-sample losses of the current batch's samples with the weights now and ``weights_after``."""
    idx = trainer.batch_samples()
    x, y = trainer.data.inputs[idx], trainer.data.targets[idx]
    net = trainer.network
    args = (net.layers, net.activation_names, trainer.config.loss)
    return (tuple(float(v) for v in evaluate(*args, net.weights, x, y)[1]),
            tuple(float(v) for v in evaluate(*args, weights_after, x, y)[1]))


# -- text pieces ----------------------------------------------------------------------------------
def setup_line(trace: SampleTrace, p: int) -> str:
    """The network and settings a step is worked with; a penalty with its R'(W), which the
    updates use (a worksheet asking for R'(W11) gave no λ)."""
    acts = ", ".join(activation_label(a) for a in trace.activations)
    line = (f"Network {'-'.join(map(str, trace.layers))}, activations {acts}, {loss_label(trace.loss_name)} "
            f"loss, learning rate α = {fmt(trace.learning_rate, max(p, 6))}.")
    if get_regularizer(trace.regularizer).penalizes and trace.regularization_rate > 0:
        line += f" Weights are penalized: {regularizer_text(trace)}; bias weights are not regularized."
    return line


def sample_line(trace: SampleTrace, sample: int, p: int) -> str:
    layers = trace.layers
    x = ", ".join(f"z_{n} = {fmt(v, p)}" for n, v in zip(naming.unit_names(layers, 0)[1:], trace.inputs))
    outs = naming.unit_names(layers, len(layers) - 1)
    if len(outs) == 1:
        y = f"y = {fmt(trace.target[0], p)}"
    else:
        y = ", ".join(f"y_{n} = {fmt(v, p)}" for n, v in zip(outs, trace.target))
    return f"Sample {sample}: {x} (bias z_X0 = 1); target {y}."


def summary_line(trace: SampleTrace, phases: list[Phase], p: int) -> str:
    """What one sample's phases did, from their own equations: the weights changed and the loss."""
    updates = [eq for ph in phases if ph.kind == "update" for eq in ph.equations if eq.kind == "weight"]
    if not updates:
        return (f"No weight changed yet: the gradients wait in the batch's sums; this sample's loss is "
                f"L = {fmt(trace.loss, p)}.")
    before = np.concatenate([w.ravel() for w in trace.weights_before])
    changed = int(np.count_nonzero(before != np.array([eq.value for eq in updates])))
    checks = {eq.target: eq.value for ph in phases for eq in ph.equations if eq.kind in ("after", "batch_loss")}
    head = f"{changed} of {before.size} weights changed"
    if "J" not in checks:  # online: this sample's step; one too small for a weight's digits leaves it
        after = np.array([eq.value for eq in updates])
        step = trace.learning_rate * np.abs(np.concatenate([(g + r).ravel() for g, r in
                                                            zip(trace.gradients, trace.regularization)]))
        lost = (step != 0.0) & (before == after)
        if (k := int(lost.sum())):
            head += (f" ({naming.count(k, 'weight')} did not change though {'its' if k == 1 else 'their'} step was "
                     f"not 0: at most {fmt(float(step[lost].max()), p)}, below the last digit "
                     f"{'it holds' if k == 1 else 'they hold'})")
    if "J" in checks:
        return f"{head}; the batch's mean loss J went {_from_to(checks['J'], checks['J_new'], p)}."
    if "L_new" in checks:
        text = f"{head}; this sample's loss went {_from_to(trace.loss, checks['L_new'], p)}"
        if "ŷ_new" in checks:
            text += f" (ŷ {_from_to(trace.output[0], checks['ŷ_new'], p)})"
        return text + "."
    return f"{head}; this sample's loss before the update was {fmt(trace.loss, p)}."


def _from_to(before: float, after: float, p: int) -> str:
    """'from B to A' at ``p`` decimals, or, when two different numbers read the same there, with
    as many significant digits as tell them apart: a loss that changed never went 'from 8 to 8'."""
    b, a = fmt(before, p), fmt(after, p)
    if b == a and before != after:
        b, a = apart(before, after, max(p, 6))
    return f"from {b} to {a}"


def _one(trace, sample, phases, p) -> tuple[str, list[Step]]:
    phases = build_phases(trace, p) if phases is None else phases
    online = not any(ph.kind == "gradient" for ph in phases)
    text = (f"One online step on sample {sample}." if online
            else f"Sample {sample} as one step of its batch (the gradients are summed over the batch).")
    return text, [Step(sample, trace, None, phases)]


# -- renderings -----------------------------------------------------------------------------------
def render_text(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                phases: list[Phase] | None = None, walk: Walkthrough | None = None) -> str:
    """A plain-text worked example: ``walk``, or one sample's ``phases`` (default: an online step)."""
    p = precision
    description, steps = (walk.description, list(walk.steps)) if walk else _one(trace, sample, phases, p)
    out = ["Back-propagation worked by hand", description, "", setup_line(steps[0].trace, p)]
    n = 0
    for step in steps:
        out += ["", sample_line(step.trace, step.sample, p), ""]
        for phase in step.phases:
            n += 1
            out += [f"{n}. {phase.title}", f"   {phase.note}"]
            out += [f"     {line}" for line in phase.lines(p)]
            out.append("")
        out.append(summary_line(step.trace, step.phases, p))
    return "\n".join(out) + "\n"


def render_markdown(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                    phases: list[Phase] | None = None, walk: Walkthrough | None = None) -> str:
    """The same worked example as Markdown, formulas in code spans."""
    p = precision
    description, steps = (walk.description, list(walk.steps)) if walk else _one(trace, sample, phases, p)
    out = ["# Back-propagation worked by hand", "", description, "", setup_line(steps[0].trace, p)]
    n = 0
    for step in steps:
        out += ["", f"**{sample_line(step.trace, step.sample, p)}**", ""]
        for phase in step.phases:
            n += 1
            out += [f"## {n}. {phase.title}", "", phase.note, ""]
            out += [f"- `{line}`" for line in phase.lines(p)]
            out.append("")
        out.append(summary_line(step.trace, step.phases, p))
    return "\n".join(out) + "\n"


def render_html(trace: SampleTrace, sample: int = 0, precision: int = DEFAULT_PRECISION,
                phases: list[Phase] | None = None, walk: Walkthrough | None = None) -> str:
    """A standalone HTML page of the worked example."""
    p = precision
    description, steps = (walk.description, list(walk.steps)) if walk else _one(trace, sample, phases, p)
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Back-propagation worked by hand</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
           "code{font-size:1.05em}li{margin:.2em 0}</style></head><body>",
           "<h1>Back-propagation worked by hand</h1>",
           f"<p>{esc(description)}</p>", f"<p>{esc(setup_line(steps[0].trace, p))}</p>"]
    n = 0
    for step in steps:
        out.append(f"<p><b>{esc(sample_line(step.trace, step.sample, p))}</b></p>")
        for phase in step.phases:
            n += 1
            out.append(f"<h2>{n}. {esc(phase.title)}</h2>")
            out.append(f"<p>{esc(phase.note)}</p><ul>")
            out += [f"<li><code>{esc(line)}</code></li>" for line in phase.lines(p)]
            out.append("</ul>")
        out.append(f"<p>{esc(summary_line(step.trace, step.phases, p))}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def to_json(walk: Walkthrough, precision: int = DEFAULT_PRECISION) -> dict:
    """Machine-readable walkthrough (documented in docs/walkthrough-json.md). Numbers are
    unrounded floats; inf/nan stay floats here (the CLI writes them as null)."""
    first = walk.steps[0].trace
    layers = first.layers
    steps, phases = [], []
    for s, step in enumerate(walk.steps):
        tr = step.trace
        forward = [{"layer": l + 1, "units": [naming.target_name(layers, l + 1, j) for j in range(len(tr.a[l]))],
                    "a": tr.a[l].tolist(), "z": tr.z[l].tolist()} for l in range(len(layers) - 1)]
        steps.append({
            "sample": step.sample, "inputs": tr.inputs.tolist(), "target": tr.target.tolist(),
            "weights_used": [w.tolist() for w in tr.weights_before], "forward": forward,
            "output": tr.output.tolist(), "error": tr.error.tolist(), "loss": tr.loss,
            "deltas": [{"layer": f["layer"], "units": f["units"], "delta": d.tolist()}
                       for f, d in zip(forward, tr.deltas)],
            "gradients": [g.tolist() for g in tr.gradients],
            "batch_position": None if step.batch is None else [step.batch.position, step.batch.size],
        })
        phases += [{"step": s, "sample": step.sample, "kind": ph.kind, "title": ph.title, "note": ph.note,
                    "lines": ph.lines(precision)} for ph in step.phases]
    updates = [{"samples": list(u.samples), "gradients": [g.tolist() for g in u.gradients],
                "regularization": [r.tolist() for r in u.regularization],
                "weights_after": [w.tolist() for w in u.weights_after],
                "losses": list(u.losses), "mean_loss": float(np.mean(u.losses)),
                "outputs_after": u.outputs_after, "losses_after": list(u.losses_after),
                "mean_loss_after": float(np.mean(u.losses_after))} for u in walk.updates]
    return {
        "mode": walk.mode, "description": walk.description,
        "layers": list(layers), "activations": list(first.activations),
        "loss_function": first.loss_name, "learning_rate": first.learning_rate,
        "regularization": first.regularizer, "regularization_rate": first.regularization_rate,
        "weight_names": naming.weight_names(layers),
        "weights_before": [w.tolist() for w in walk.weights_before],
        "steps": steps, "updates": updates,
        "weights_after": [w.tolist() for w in walk.weights_after],
        "phases": phases,
    }

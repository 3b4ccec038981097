"""Why isn't it learning? Structured findings about a network, its data and its history.

A :class:`~.findings.Finding` carries fields (kind, severity, units, numbers, remedies) that views
and the CLI format as they like; its title and explanation are ready-made sentences for a learner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

import numpy as np

from .accuracy import right_samples
from .activations import REACH, get_activation
from .divergence import GROWTH, Divergence, finite, named
from .findings import (  # noqa: F401 - the finding types, re-exported from here
    LOWEST_REMEDY_RATE, NEVER_FITS, RATE_DIVISOR, REMEDY_LABELS, Finding, Kind, Remedy, Severity, lowered_rate,
    remedy_changes,
)
from . import capacity
from .capacity import LEARNED_LOSS  # noqa: F401 - below it a flat loss is convergence (re-exported)
from .linearity import best_linear_loss  # noqa: F401 - re-exported
from .naming import and_list, epoch_number, layer_title, unit_names
from .network import ForwardPass
from .numbers import DEFAULT_PRECISION, fmt
from .swings import swinging
from .plateau import (  # noqa: F401 - re-exported
    NO_GRADIENT, PLATEAU_CHANGE, PLATEAU_EPOCHS, mean_gradient_length, penalty_pulls, plateau, rate_too_small,
    unmoved_since_set,
)
from .stuck import explain, held_by_the_rate, stuck_samples
from .stuck_epoch import epoch_move
from .training import Trainer

Array = np.ndarray

SATURATED = 0.99  # |tanh| or the distance of sigmoid from 0.5 doubled, for every sample

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def diagnose(trainer: Trainer, divergence: Divergence | None = None,
             fwd: ForwardPass | None = None, precision: int = DEFAULT_PRECISION,
             right: Array | None = None, loss: float | None = None) -> list[Finding]:
    """All findings for the trainer's current state, most serious first.

    The divergence named is the one the recorded history is in (``divergence.named``:
    its first epoch, not the last one trained); ``divergence``, where a run that just trained
    saw the rule fire (see :mod:`.divergence`), names it only when the history cannot. ``fwd`` is
    the forward pass of every sample with the current weights, if the caller has made it (the
    snapshot has): every finding derives from that one pass. ``precision``: the decimals the
    truth table shows, which decide which samples are right (a right sample is never stuck), and
    with which the findings that quote a prediction or the mean loss write it, as the window does;
    ``right``: those verdicts (``accuracy.right_samples`` of ``fwd``) and ``loss``: the mean
    loss of ``fwd``, if the caller has them (the snapshot has).
    """
    with np.errstate(all="ignore"):
        fwd = trainer.forward() if fwd is None else fwd
        if loss is None:
            loss = trainer.loss.mean(fwd.a[-1], fwd.z[-1], trainer.data.targets)  # = current_loss()
        if right is None:
            right = right_samples(fwd.output, trainer.data.targets, precision)
    divergence = named(trainer, divergence)
    findings = _non_finite(trainer, divergence, loss)
    net = trainer.network
    if len(net.layers) == 2:
        findings.extend(capacity.no_hidden(trainer, loss, right, precision))
    elif net.is_linear:
        findings.extend(capacity.linear(trainer, precision))
    elif all(a.linear for a in net.activations[:-1]):
        findings.append(capacity.linear_hidden(trainer))
    else:
        findings.extend(capacity.one_unit(trainer))
    if findings and findings[0].kind == Kind.NON_FINITE:
        return findings  # NaN weights all look alike: no other finding means anything
    findings.extend(_unreachable(trainer, precision))
    findings.extend(_diverged(divergence, loss, precision))
    if not any(f.kind is Kind.DIVERGED for f in findings):
        findings.extend(swinging(trainer, precision))  # too large a rate, short of the divergence rule
    findings.extend(_symmetric_units(trainer))
    if not any(f.severity == Severity.ERROR for f in findings):
        findings.extend(_unit_states(trainer, fwd, loss, right, precision))
        if not any(capacity.explains_a_flat_loss(f, loss, trainer) for f in findings):
            findings.extend(plateau(trainer, fwd, right, precision))  # else the flat loss is that finding's
        findings.extend(_stuck(trainer, fwd, right, tuple(findings), precision))
    findings = [replace(f, remedies=tuple(r for r in f.remedies if remedy_changes(r, trainer))) for f in findings]
    return sorted(findings, key=lambda f: _ORDER[f.severity])


_DIVERGED_REMEDIES = (Remedy.UNDO, Remedy.LOWER_RATE)
_LOWER_AND_UNDO = (f"Undo to before the divergence and lower the learning rate (the button divides "
                   f"it by {RATE_DIVISOR}); lowering the rate alone does not bring the weights back.")


def _non_finite(trainer: Trainer, divergence: Divergence | None, loss: float) -> list[Finding]:
    if finite(trainer.network.weights, loss):
        return []
    rate = fmt(trainer.config.learning_rate, 6)
    if divergence is None:  # the history holds no divergence (a session loaded so, say): none is named
        return [Finding(
            Kind.NON_FINITE, Severity.ERROR, "The loss is not a finite number",
            "The loss, outputs or weights are infinite or NaN, and the loss history does not show how; in "
            f"training, a learning rate far too large throws weights there (this session's is α = {rate}). "
            "Nothing more can be learned from these weights: undo, reset or randomize them before training "
            "again, and lower the learning rate if it is that large.",
            numbers=(("learning rate", trainer.config.learning_rate),),
            remedies=(Remedy.RANDOMIZE, Remedy.LOWER_RATE))]
    return [Finding(
        Kind.NON_FINITE, Severity.ERROR, "The loss is not a finite number",
        f"Training diverged at epoch {epoch_number(divergence.epoch)}, and by now the loss, outputs or weights have "
        f"overflowed to infinity or become NaN, usually because the learning rate (α = {rate}) is far too large. "
        f"Nothing more can be learned from here. {_LOWER_AND_UNDO}",
        numbers=(("learning rate", trainer.config.learning_rate),), remedies=_DIVERGED_REMEDIES)]


def _diverged(found: Divergence | None, loss: float, precision: int) -> list[Finding]:
    """The run is in a divergence; its losses read as the loss read-out and the plot's mark show
    them (``precision``)."""
    if found is None or loss <= found.threshold:
        return []  # no divergence, or the loss has come back down since
    return [Finding(
        Kind.DIVERGED, Severity.ERROR, f"Training diverged at epoch {epoch_number(found.epoch)}",
        f"At epoch {epoch_number(found.epoch)} the mean loss reached {fmt(found.loss, precision)}, more than "
        f"{GROWTH:g} times its lowest value before, {fmt(found.best, precision)}: the learning rate is too "
        f"large for this network, and its updates stepped past the minimum to where the loss is larger. "
        f"{_LOWER_AND_UNDO}",
        numbers=(("epoch", found.epoch), ("loss", found.loss), ("best loss", found.best)),
        remedies=_DIVERGED_REMEDIES)]


def identical_unit_groups(trainer: Trainer) -> list[tuple[int, list[int]]]:
    """Groups of hidden units (layer, unit rows) with identical incoming and outgoing weights.

    Such units compute the same activation and get the same delta for every sample, so every
    update keeps them identical: gradient descent can never tell them apart. Units with a
    non-finite weight are never grouped (NaN is not equal to NaN).
    """
    groups = []
    weights = trainer.network.weights
    for l in range(len(weights) - 1):
        incoming, outgoing = weights[l], weights[l + 1][:, 1:]
        seen: dict[bytes, list[int]] = {}
        for j in range(incoming.shape[0]):
            row = np.concatenate([incoming[j], outgoing[:, j]])
            if np.all(np.isfinite(row)):
                seen.setdefault(row.tobytes(), []).append(j)
        groups.extend((l + 1, rows) for rows in seen.values() if len(rows) > 1)
    return groups


def _symmetric_units(trainer: Trainer) -> list[Finding]:
    layers = trainer.network.layers
    findings = []
    for layer, rows in identical_unit_groups(trainer):
        names = unit_names(layers, layer, include_bias=False)
        units = tuple(names[j] for j in rows)
        findings.append(Finding(
            Kind.SYMMETRIC, Severity.WARNING, f"Units {and_list(units)} are identical",
            f"In the {layer_title(layers, layer)} layer, {and_list(units)} have the same "
            "incoming and outgoing weights. They compute the same value and receive the same "
            "delta for every sample, so every update changes them alike: they stay identical "
            "forever and act as one unit. Start from weights that differ between the units "
            f"(random ones, usually) to break the symmetry.{_constant_cause(trainer)}",
            units=units, remedies=(Remedy.RANDOMIZE,)))
    return findings


def _constant_cause(trainer: Trainer) -> str:
    if trainer.init.method != "constant":
        return ""
    return (f" Constant initialization ({trainer.init.draws()}) gives every unit of a "
            "layer the same weights, in any layer added later too: Randomize draws random weights "
            "(uniform) for the whole network.")


def _saturated(act_name: str, z: Array) -> Array:
    """Per unit: True where the unit sits on a flat end of its curve for every sample."""
    def spread(v: Array) -> Array:
        return np.abs(2.0 * v - 1.0) if act_name == "sigmoid" else np.abs(v)

    if not len(z):
        return np.ones(z.shape[1], dtype=bool)  # no sample is off the flat ends
    saturated = np.zeros(z.shape[1], dtype=bool)
    # a unit the first sample finds off the flat ends is not saturated: only the others are
    # checked over every sample (usually none: no pass over all of them)
    maybe = np.flatnonzero(spread(z[0]) > SATURATED)
    if maybe.size:
        # the least spread of each is on a flat end (a NaN spread never is: NaN > x is False)
        saturated[maybe] = spread(z[:, maybe]).min(axis=0) > SATURATED
    return saturated


def _unit_states(trainer: Trainer, fwd: ForwardPass, loss: float, right: Array, precision: int) -> list[Finding]:
    """Dead ReLUs and saturated sigmoid/tanh units, judged over all samples."""
    net = trainer.network
    findings = []

    @cache  # a backward pass, asked for only when a unit is saturated, and then once
    def blameless() -> str:  # why the rate did not throw the weights here (saturation's cause), '' if it may have
        if reason := unmoved_since_set(trainer, loss):
            return reason
        rate = fmt(trainer.config.learning_rate, 6)
        return (f"At α = {rate} the updates are far too short to have thrown the weights here"
                if rate_too_small(trainer, mean_gradient_length(trainer, fwd)) else "")

    @cache  # a backward pass, only when a unit is dead
    def deltas() -> list[Array]:
        with np.errstate(all="ignore"):
            return net.deltas(fwd, trainer.data.targets, trainer.loss)

    last = len(net.activations) - 1
    for l, act in enumerate(net.activations):
        names = unit_names(net.layers, l + 1, include_bias=False)
        a, z = fwd.a[l], fwd.z[l]
        if l == last:
            findings.extend(_saturated_output(trainer, blameless, act.name, z, names, loss, precision))
        # an output too (a ReLU output dead from the start held sine at ŷ = 0), unless its constant 0
        # is right for every sample: then it is the prediction, not a unit left out of it
        if act.name == "relu" and not (l == last and np.all(right)):
            dead = tuple(names[j] for j in np.flatnonzero(np.all(a <= 0.0, axis=0)))
            if dead:
                # the first hidden layer's inputs are the data; deeper, the earlier layers' outputs move
                # only if the data's gradient reaches them: not past a layer whose units are all dead
                # (relu-relu-sigmoid at α = 3: 20,000 more epochs changed no weight). Else only a
                # penalty's pull on the weights can change a sum
                ways_back = (("the earlier layers' outputs change enough",)
                             if l > 0 and any(np.any(d) for d in deltas()[:l]) else ())
                if penalty_pulls(trainer):
                    ways_back += ("the penalty shrinks the incoming weights enough",)
                findings.append(_dead_relus(dead, ways_back, bool(np.all(right)), output=l == last))
        elif act.name in ("sigmoid", "tanh") and l < last and loss >= LEARNED_LOSS:  # a fitted network may saturate
            sat = tuple(names[j] for j in np.flatnonzero(_saturated(act.name, z)))
            if sat:
                one = len(sat) == 1
                findings.append(Finding(
                    Kind.SATURATED, Severity.WARNING, f"Saturated unit{'' if one else 's'}: {', '.join(sat)}",
                    (f"This {act.name} unit sits" if one else f"These {act.name} units sit") + " on a flat end of "
                    f"{'its' if one else 'their'} curve for every sample, where the derivative is almost 0, so "
                    f"{'its' if one else 'their'} weights barely move. Large "
                    "weighted sums cause this (large weights, or large inputs): re-initialize with "
                    "smaller weights. " + (f"{blameless()}: the learning rate did not put them here." if blameless()
                                           else "A smaller learning rate keeps it from happening again but does "
                                           "not undo it."),
                    units=sat, remedies=(Remedy.XAVIER,) if blameless() else (Remedy.XAVIER, Remedy.LOWER_RATE)))
    return findings


def _dead_relus(dead: tuple[str, ...], ways_back: tuple[str, ...], every_sample_right: bool,
                output: bool = False) -> Finding:
    """ReLU units whose sum is ≤ 0 for every sample (``ways_back``: what can still turn a sum positive).
    Beside every sample right they are information: a solved network (He seeds 0, 2, 3, 4 of
    2-4-1) was told to re-initialize. Outputs are told of the output activation (the leaky ReLU
    button changes the hidden units only)."""
    one = len(dead) == 1
    leaky, remedies = (("choose another output activation", (Remedy.RANDOMIZE,)) if output else
                       ("use leaky ReLU", (Remedy.LEAKY_RELU, Remedy.RANDOMIZE)))
    title = f"Dead ReLU unit{'' if one else 's'}: {', '.join(dead)}"
    these = ("This unit has a weighted sum of at most 0 for every sample, so it outputs 0" if one else
             "These units have a weighted sum of at most 0 for every sample, so they output 0")
    its, them = ("its", "it") if one else ("their", "them")
    if every_sample_right:
        return Finding(Kind.DEAD_RELU, Severity.INFO, title,
                       f"{these} and no gradient from the data reaches {its} incoming weights. The network gets "
                       f"every sample right without {them}: {'it takes' if one else 'they take'} no part in its "
                       f"predictions. To see {them} take part, re-initialize or {leaky}, and train again.",
                       units=dead, remedies=remedies)
    # deeper, the earlier layers keep learning and can turn a sum positive again
    fate = (("it never recovers" if one else "they never recover") if not ways_back else
            f"{'it stays' if one else 'they stay'} dead unless {' or '.join(ways_back)} to turn some sample's "
            "weighted sum positive")
    return Finding(Kind.DEAD_RELU, Severity.WARNING, title,
                   f"{these} and {its} derivative is 0: no gradient from the data reaches {its} incoming weights "
                   f"and {fate}. A smaller learning rate can keep units from dying, but it does not revive "
                   f"{them}: re-initialize, or {leaky}" + (" (leaky ReLU's small slope below 0 lets a gradient through)."
                                                           if output else ", whose small slope below 0 lets a gradient through."),
                   units=dead, remedies=remedies)


def _saturated_output(trainer: Trainer, blameless: Callable[[], str], act_name: str, z: Array, names: list[str],
                      loss: float, precision: int) -> list[Finding]:
    """Output units stuck on a flat end under the squared loss: δ = (ŷ − y)·f'(a) ≈ 0. Its
    predictions and loss read as the truth table and the loss read-out show them (``precision``).
    ``blameless`` is asked only when an output is stuck: it costs a backward pass over every sample."""
    if act_name not in ("sigmoid", "tanh") or not trainer.loss.delta_has_slope or loss < LEARNED_LOSS:
        return []  # (saturated at the targets is a fitted network: 0/1 targets within 0.005 give < 1.3e-5)
    stuck = _saturated(act_name, z)
    if not np.any(stuck):
        return []
    columns = np.flatnonzero(stuck)
    units = tuple(names[j] for j in columns)
    not_the_rate = blameless()  # no update yet, or updates too short: the weights put it here
    one, several = len(units) == 1, z.shape[1] > 1
    # every stuck output's predictions (the half adder's D1 at 0, 0, 0, 0 beside D0's 1s), named
    # when there are several outputs; the loss sums over the outputs (½·Σ), as it is computed
    shown = "; ".join((f"{names[j]}: " if several else "") + ", ".join(fmt(v, precision) for v in z[:, j])
                      for j in columns)
    half = "½·Σ(ŷ − y)²" if several else "½(ŷ − y)²"
    remedies = (Remedy.CROSS_ENTROPY,) if act_name == "sigmoid" else ()
    rate = fmt(trainer.config.learning_rate, 6)
    if not_the_rate:
        how = ("switch to the cross-entropy loss, whose output delta ŷ − y does not vanish, or re-initialize "
               "with smaller weights" if remedies else "re-initialize with smaller weights")
        way_out = f"{not_the_rate}, so these weights, not the learning rate, put it here: {how}."
    elif remedies:  # at α = 200: new weights alone were thrown back here (9 seeds of 10), with α ÷ 10 all solved
        way_out = (f"Too large a learning rate (α is now {rate}) usually throws the weights here: lower it and "
                   "re-initialize together, since new weights at this rate are thrown here again. The cross-entropy "
                   "loss, whose output delta ŷ − y does not vanish, lets a gradient flow back from these weights.")
    else:
        way_out = f"Re-initialize, and lower the learning rate (α is now {rate}) so it does not happen again."
    return [Finding(
        Kind.SATURATED_OUTPUT, Severity.WARNING, f"Saturated output: {', '.join(units)}",
        (f"The output{f' {units[0]}' if several else ''} sits on a flat end of its {act_name}" if one else
         f"These outputs sit on a flat end of their {act_name}") + f" for every sample (predictions {shown}; "
        f"mean of {half}: {fmt(loss, precision)}). There f'(a) is almost 0, so with the squared loss "
        "the output delta (ŷ − y)·f'(a) is almost 0 however wrong the prediction is, and almost "
        f"no gradient flows back: a smaller learning rate alone does not get it out. {way_out}",
        units=units, numbers=(("loss", loss), ("learning rate", trainer.config.learning_rate)),
        remedies=remedies + ((Remedy.XAVIER,) if not_the_rate else (Remedy.LOWER_RATE, Remedy.XAVIER)))]


def _unreachable(trainer: Trainer, precision: int) -> list[Finding]:
    """Training targets outside what the output activation can produce (sine's −1..1 under a
    sigmoid output): no weights fit them, whatever the seed or the number of epochs."""
    out = get_activation(trainer.network.activation_names[-1])
    if out.name not in REACH:
        return []
    low, high = REACH[out.name]
    y = trainer.data.targets
    if y.min() >= low and y.max() <= high:  # targets are finite: the usual case, in two passes
        return []
    outside = np.flatnonzero(np.any((y < low) | (y > high), axis=1))
    if not outside.size:
        return []
    # squared error (cross-entropy refuses such targets): each sample's loss is at least
    # ½Σ(nearest − y)² with nearest = y clipped to the range
    floor = float(np.mean(0.5 * np.sum((np.clip(y, low, high) - y) ** 2, axis=1)))
    span = f"from {fmt(low, 4)} to {fmt(high, 4)}" if np.isfinite(high) else f"of {fmt(low, 4)} or more"
    first = int(outside[0])
    n, total = len(outside), len(y)
    target = ", ".join(fmt(v, precision) for v in y[first])  # as the truth table shows it
    return [Finding(
        Kind.UNREACHABLE_TARGET, Severity.WARNING, "Targets the output unit cannot produce",
        f"The {out.label} output unit produces values {span}, but {n} of the {total} training samples "
        f"ha{'s' if n == 1 else 've'} targets outside that range (the first: sample {first}, target {target}). "
        f"No weights fit {'it' if n == 1 else 'them'}: the output can at best reach the end of its range, so the "
        f"mean loss cannot fall below {fmt(floor, precision)}. Choose an output activation that reaches every target "
        "(identity reaches any value), or change the targets.",
        numbers=(("samples outside", float(n)), ("loss floor", floor)), remedies=(Remedy.IDENTITY_OUTPUT,))]


def _stuck(trainer: Trainer, fwd: ForwardPass, right: Array, beside: tuple[Finding, ...],
           precision: int) -> list[Finding]:
    """Wrong samples whose own loss stopped falling while others are fitted (see core.stuck), beside
    the findings so far."""
    data = trainer.data
    with np.errstate(all="ignore"):
        # every sample's deltas (a backward pass over all of them): only once the history says
        # some sample may be stuck
        stuck = stuck_samples(trainer.sample_history, fwd, lambda: trainer.network.deltas(fwd, data.targets, trainer.loss),
                              len(data), right)
        if not stuck:
            return []
        h = trainer.sample_history
        losses = h.at(h.end)
    out = get_activation(trainer.network.activation_names[-1])
    # what an epoch from these weights does in this batch mode (the mean gradient is the update
    # only in full batch): a copy trained one epoch, n ≤ MAX_TRACKED samples
    move = epoch_move(trainer.network, trainer.loss, trainer.config, data.inputs, data.targets, trainer.epoch,
                      stuck[0].sample)
    title, text = explain(stuck, data.inputs, data.targets, h.end, losses, out.name, out.label, move, beside,
                          precision, mean_then=float(np.mean(h.at(stuck[0].since))))
    numbers = tuple(pair for s in stuck for pair in (
        (f"sample {s.sample} loss", s.now), (f"sample {s.sample} loss {epoch_number(h.end - s.since)} epochs before", s.then),
        (f"sample {s.sample} gradient length", s.own_gradient))) + (
        ("mean gradient length", stuck[0].mean_gradient), ("weight change in one epoch", move.net))
    # beside a finding that no weights fit every sample, new weights would not help either
    # (nor when the steps are too small to move them: the text says to raise the rate)
    by_the_rate = held_by_the_rate(stuck, data.targets, out.name, move)
    new_weights_help = not any(f.kind in NEVER_FITS for f in beside) and not by_the_rate
    # the text says to raise (or lower) the rate: its button too, unless a card beside it offers it already
    button = {"raise": Remedy.RAISE_RATE, "lower": Remedy.LOWER_RATE}.get(by_the_rate)
    offered = button is not None and not any(button in f.remedies for f in beside)
    remedies = (Remedy.RANDOMIZE,) if new_weights_help else (button,) if offered else ()
    return [Finding(Kind.STUCK_SAMPLE, Severity.WARNING, title, text, numbers=numbers, remedies=remedies,
                    samples=tuple(s.sample for s in stuck))]

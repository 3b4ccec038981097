"""Every quantity of one step, with how to compute it from the numbers on screen and the
typical ways to get it wrong.

A :class:`Quantity` holds the engine's value, one or more correct ways (:class:`onscreen.Expr`
over the numbers a learner sees: weights, inputs, earlier results) and the wrong ways a
learner is likely to take, each tagged with its :class:`Mistake`. Practice mode checks an
answer against them; the worksheet lists them. Names follow the walkthrough: ``a_Z1``,
``z_Z1``, ``δ_D0``, ``∂L/∂W11``, ``W11`` (op ``:=``, the weight after the update), ``L``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from . import naming
from .activations import ACTIVATIONS, get_activation
from .article import PRINTED_PREDICTION, is_article_step
from .losses import get_loss
from .mistakes import Kind, Mistake
from .onscreen import Exact, Expr, Shown, apply, apply2, total
from .trace import SampleTrace


@dataclass(frozen=True)
class WrongWay:
    mistake: Mistake
    expr: Expr
    params: Mapping = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Quantity:
    """One number of the step. ``layer`` is the unit layer (sum, activation, error, delta, loss)
    or the weight layer (gradient, batch_sum, weight); ``row`` the unit (target) row; ``col``
    the source column of a weight quantity (−1 for a unit quantity)."""

    kind: Kind
    name: str
    value: float
    layer: int
    row: int
    col: int
    ways: tuple[Expr, ...]
    wrong: tuple[WrongWay, ...] = ()
    op: str = "="
    aliases: tuple[str, ...] = ()
    unit: str = ""  # the unit it belongs to (a weight's target unit); "" for the loss

    @property
    def label(self) -> str:
        """How a line of working starts: ``a_Z1 =``, ``W11 :=``."""
        return f"{self.name} {self.op}"


def _scalar(fn):
    def value(*args) -> float:
        # a diverged step's 1e200 makes inf in the wrong slopes tried (z·(1 − z)): a value, not a warning
        with np.errstate(over="ignore", invalid="ignore"):
            return float(fn(*(np.asarray(a, dtype=np.float64) for a in args)))
    return value


def _slopes(act_name: str, a: Expr, z: Expr, exact: float):
    """Wrong slopes for a unit with activation ``act_name``: other activations' derivatives and
    the derivative taken at a instead of z, each only where it gives another number."""
    act = get_activation(act_name)
    out = []
    for other in ACTIVATIONS.values():
        if other.name == act.name:
            continue
        slope = apply2(_scalar(other.written_derivative), a, z)
        out.append((slope, {"unit": act.name, "used": other.name}))
    at_a = apply2(_scalar(lambda a_, z_: act.written_derivative(a_, a_)), a, z)
    out.append((at_a, {"unit": act.name, "used": act.name, "at": "a"}))
    return [(s, p) for s, p in out if not math.isclose(s.exact(), exact, rel_tol=1e-9, abs_tol=1e-15)]


def step_quantities(trace: SampleTrace, batch=None) -> list[Quantity]:
    """The quantities of the step the walkthrough shows for ``trace``, in its order: forward,
    error and loss, deltas backwards, then gradients and updates (online, or with ``batch`` —
    a ``walkthrough.BatchInfo`` — the batch's sums and, when it completes, the mean update)."""
    layers = trace.layers
    last = len(layers) - 2  # last weight layer
    wnames = naming.weight_names(layers)
    acts = [get_activation(a) for a in trace.activations]
    out: list[Quantity] = []

    def unit(layer: int, row: int) -> str:
        return naming.target_name(layers, layer, row)

    def source(l: int, i: int) -> Expr:
        return Exact(1.0) if i == 0 else Shown(float(trace.sources[l][i]))

    article_step = is_article_step(layers, trace.activations, trace.weights_before, trace.sources[0][1:],
                                   trace.target)
    outs = naming.unit_names(layers, last + 1)
    # a flipped output delta flips every delta and gradient after it; under the squared loss that
    # is the article's slip (y − ŷ as the output delta)
    carried = {"from": ", ".join(f"δ_{n}" for n in outs), "outputs": tuple(f"δ_{n}" for n in outs),
               "article": get_loss(trace.loss_name).delta_has_slope}

    def upstream(l: int) -> tuple[tuple[str, ...], ...]:
        """The deltas a delta of unit layer ``l`` is computed from, layer by layer, the output's
        first: where a sign flipped before it would show in the learner's earlier answers
        (``practice.sign_history``; a flip carries through a layer's sum only if every term flipped)."""
        return tuple(tuple(f"δ_{n}" for n in naming.unit_names(layers, k, False)) for k in range(last + 1, l, -1))

    # -- forward --------------------------------------------------------------------------------
    for l in range(last + 1):
        w, bias = trace.weights_before[l], naming.source_name(layers, l, 0)
        for j in range(w.shape[0]):
            u = unit(l + 1, j)
            terms = [Shown(float(w[j, i])) * source(l, i) for i in range(w.shape[1])]
            a = float(trace.a[l][j])
            out.append(Quantity(Kind.SUM, f"a_{u}", a, l + 1, j, -1, (total(terms),), (
                WrongWay(Mistake.BIAS_FORGOTTEN, total(terms[1:]), {"weight": wnames[l][j][0], "bias": bias}),),
                unit=u))
            f = _scalar(acts[l].function)
            z = float(trace.z[l][j])
            wrong = tuple(WrongWay(Mistake.WRONG_FUNCTION, apply(_scalar(o.function), Shown(a)),
                                   {"unit": acts[l].name, "used": o.name})
                          for o in ACTIVATIONS.values() if o.name != acts[l].name)
            name, aliases = f"z_{u}", ()
            if l == last:  # the prediction, named as the walkthrough names it
                name, aliases = ("ŷ", (f"z_{u}", "yhat")) if w.shape[0] == 1 else (f"ŷ_{u}", (f"z_{u}", f"yhat_{u}"))
                if article_step:  # the article says its model predicted 1
                    wrong += (WrongWay(Mistake.ARTICLE_PREDICTION, Exact(PRINTED_PREDICTION), {"a": a}),)
            out.append(Quantity(Kind.ACTIVATION, name, z, l + 1, j, -1, (apply(f, Shown(a)),), wrong,
                                aliases=aliases, unit=u))

    # -- error and loss ---------------------------------------------------------------------------
    y, yhat = trace.target, trace.output
    n_out = len(yhat)
    outs = naming.unit_names(layers, last + 1)
    for j in range(n_out):
        err = Exact(float(y[j])) - Shown(float(yhat[j]))
        name = "y − ŷ" if n_out == 1 else f"y_{outs[j]} − ŷ_{outs[j]}"
        out.append(Quantity(Kind.ERROR, name, float(trace.error[j]), last + 1, j, -1, (err,),  # every digit
                            (WrongWay(Mistake.SIGN_FLIPPED, -err),), aliases=("error",) if n_out == 1 else (),
                            unit=outs[j]))
    out.append(_loss(trace, last))

    # -- deltas, backwards -------------------------------------------------------------------------
    after = _weights_after(trace, batch)
    for l in range(last, -1, -1):
        act = acts[l]
        for j in range(len(trace.a[l])):
            u = unit(l + 1, j)
            a, z = Shown(float(trace.a[l][j])), Shown(float(trace.z[l][j]))
            slope = apply2(_scalar(act.written_derivative), a, z)  # as worked from the shown z
            d = float(trace.deltas[l][j])
            exact_slope = float(act.derivative(np.asarray(trace.a[l][j]), np.asarray(trace.z[l][j])))
            wrong = []
            if l == last:
                diff = Shown(float(yhat[j])) - Exact(float(y[j]))
                if not get_loss(trace.loss_name).delta_has_slope:  # cross-entropy cancels f'(a)
                    way = diff
                    wrong = [WrongWay(Mistake.SIGN_FLIPPED, -diff, {"cancels": True}),
                             WrongWay(Mistake.WRONG_DERIVATIVE, diff * slope, {"unit": act.name, "cancels": True})]
                else:
                    way = diff * slope
                    wrong = [WrongWay(Mistake.SIGN_FLIPPED, (-diff) * slope),
                             WrongWay(Mistake.HALF_FORGOTTEN, Exact(2.0) * diff * slope)]
                    wrong += [WrongWay(Mistake.WRONG_DERIVATIVE, diff * s, p)
                              for s, p in _slopes(act.name, a, z, exact_slope)]
            else:
                nxt = trace.weights_before[l + 1]
                links = range(nxt.shape[0])
                back = total([Shown(float(nxt[k, j + 1])) * Shown(float(trace.deltas[l + 1][k])) for k in links])
                way = back * slope
                wrong = [WrongWay(Mistake.SIGN_FLIPPED, -way, {"hidden": True, **carried, "chain": upstream(l + 1)})]
                wrong += [WrongWay(Mistake.WRONG_DERIVATIVE, back * s, p)
                          for s, p in _slopes(act.name, a, z, exact_slope)]
                if after is not None:
                    early = total([Shown(float(after[l + 1][k, j + 1])) * Shown(float(trace.deltas[l + 1][k]))
                                   for k in links])
                    names = tuple(wnames[l + 1][k][j + 1] for k in links)
                    wrong.append(WrongWay(Mistake.UPDATED_WEIGHT_TOO_EARLY, early * slope, {"weights": names}))
            out.append(Quantity(Kind.DELTA, f"δ_{u}", d, l + 1, j, -1, (way,), tuple(wrong),
                                aliases=(f"delta_{u}", f"d_{u}"), unit=u))

    # -- gradients and updates ------------------------------------------------------------------------
    for l in range(last + 1):
        out += _gradients(trace, batch, l, wnames, source, unit, {**carried, "chain": upstream(l + 1)})
    if batch is not None and batch.size > 1 and batch.complete:
        for l in range(last + 1):
            out += _mean_updates(trace, batch, l, wnames)
    return out


def _squared_loss_ways(y, yhat) -> tuple[Expr, tuple[WrongWay, ...]]:
    """L = ½·Σ(ŷ − y)² from the shown ŷ; forgetting the ½ is the usual slip."""
    sq = total([(Shown(float(yhat[j])) - Exact(float(y[j]))) * (Shown(float(yhat[j])) - Exact(float(y[j])))
                for j in range(len(yhat))])
    return Exact(0.5) * sq, (WrongWay(Mistake.HALF_FORGOTTEN, sq),)


def _cross_entropy_ways(y, yhat) -> tuple[Expr, tuple[WrongWay, ...]]:
    """L = −Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)] from the shown ŷ; dropping the minus is the usual slip."""
    def ln(v: float) -> float:
        return math.log(v) if v > 0 else math.nan
    terms = []
    for j in range(len(yhat)):
        p = Shown(float(yhat[j]))
        if y[j] != 0:
            terms.append(Exact(float(y[j])) * apply(ln, p))
        if y[j] != 1:
            terms.append(Exact(float(1 - y[j])) * apply(ln, Exact(1.0) - p))
    return -total(terms), (WrongWay(Mistake.SIGN_FLIPPED, total(terms)),)


# How a learner computes each registered loss (core/losses.py) from the numbers on screen.
_LOSS_WAYS = {"squared": _squared_loss_ways, "cross_entropy": _cross_entropy_ways}


def _loss(trace: SampleTrace, last: int) -> Quantity:
    way, wrong = _LOSS_WAYS[trace.loss_name](trace.target, trace.output)
    # the error y − ŷ given as the loss (the article's negative cost)
    error = total([Exact(float(y)) - Shown(float(yhat)) for y, yhat in zip(trace.target, trace.output)])
    wrong += (WrongWay(Mistake.ERROR_AS_LOSS, error, {"loss": trace.loss_name}),)
    return Quantity(Kind.LOSS, "L", float(trace.loss), last + 1, 0, -1, (way,), wrong, aliases=("loss",))


def _weights_after(trace: SampleTrace, batch):
    """The weights after this step's update, or None mid-batch (no update yet)."""
    if batch is None or batch.size == 1:
        return trace.weights_after
    return batch.weights_after if batch.complete else None


def _gradients(trace, batch, l, wnames, source, unit, carried) -> list[Quantity]:
    w = trace.weights_before[l]
    bias = naming.source_name(trace.layers, l, 0)
    alpha = trace.learning_rate
    online = batch is None or batch.size == 1
    out = []
    for j in range(w.shape[0]):
        u = unit(l + 1, j)
        delta = Shown(float(trace.deltas[l][j]))
        # a flipped sign before this unit's gradients: in its delta or a delta that one comes from
        sign = {**carried, "chain": carried["chain"] + ((f"δ_{u}",),)}
        for i in range(w.shape[1]):
            wn, g = wnames[l][j][i], float(trace.gradients[l][j, i])
            way = source(l, i) * delta
            wrong = [WrongWay(Mistake.SIGN_FLIPPED, -way, sign)]
            # a weight from a zero input moved as if its source were 1 (the article's W11 := 1.4)
            zero = {"weight": wn, "source": naming.source_name(trace.layers, l, i), "target": u, "input": l == 0} \
                if i > 0 and trace.sources[l][i] == 0.0 else None
            if zero:
                wrong += [WrongWay(Mistake.ZERO_SOURCE_IGNORED, delta, zero),
                          WrongWay(Mistake.ZERO_SOURCE_IGNORED, -delta, {**zero, "flipped": True, **sign})]
            if i == 0:
                wrong.append(WrongWay(Mistake.BIAS_FORGOTTEN, Exact(0.0), {"weight": wn, "bias": bias}))
            out.append(Quantity(Kind.GRADIENT, f"∂L/∂{wn}", g, l, j, i, (way,), tuple(wrong),
                                aliases=(f"dL/d{wn}",), unit=u))
            if not online:
                before = float(batch.sums_before[l][j, i])
                out.append(Quantity(Kind.BATCH_SUM, f"Σ∂L/∂{wn}", before + g, l, j, i, (Shown(before) + way,),
                                    aliases=(f"sum dL/d{wn}",), unit=u))
                continue
            r = float(trace.regularization[l][j, i])
            ways = [_descend(w[j, i], alpha, step, r) for step in (way, Shown(g))]
            # W + α·∂L/∂W: the update's sign, or a sign flipped before it and carried through (the
            # learner's gradient −∂L/∂W); their earlier answers on the chain tell which
            update = {**sign, "weight": wn, "chain": sign["chain"] + ((f"∂L/∂{wn}",),)}
            wrong = [WrongWay(Mistake.SIGN_FLIPPED, _descend(w[j, i], -alpha, way, r),
                              update if r == 0.0 else {**update, "penalty_flipped": True})]
            if r != 0.0:  # under a penalty a gradient flipped before the update and carried through
                wrong.append(WrongWay(Mistake.SIGN_FLIPPED, _descend(w[j, i], alpha, -way, r),
                                      {**update, "regularized": True}))
            if zero:
                zero = {**zero, "penalty": r}  # R'(W): a penalty still moves the weight
                wrong += [WrongWay(Mistake.ZERO_SOURCE_IGNORED, _descend(w[j, i], alpha, delta, r), zero),
                          WrongWay(Mistake.ZERO_SOURCE_IGNORED, _descend(w[j, i], -alpha, delta, r),
                                   {**zero, **update, "flipped": True})]
            if alpha != 1.0:
                wrong.append(WrongWay(Mistake.LEARNING_RATE_FORGOTTEN, _descend(w[j, i], 1.0, way, r),
                                      {"alpha": alpha, "regularized": r != 0.0}))
            if r != 0.0:
                wrong.append(_regularization_forgotten(trace, w[j, i], alpha, way, r, wn))
            if i == 0:
                wrong.append(WrongWay(Mistake.BIAS_FORGOTTEN, _descend(w[j, i], alpha, Exact(0.0), r),
                                      {"weight": wn, "bias": bias}))
            # the weight as given, last: for a bias weight its forgotten input says more
            wrong.append(WrongWay(Mistake.NOT_UPDATED, Shown(float(w[j, i])), {"weight": wn, "regularized": r != 0.0}))
            out.append(Quantity(Kind.WEIGHT, wn, float(trace.weights_after[l][j, i]), l, j, i, tuple(ways),
                                tuple(wrong), op=":=", unit=u,
                                aliases=(f"{wn}'", f"{wn} after", f"new {wn}", naming.updated_name(wn))))
    return out


def _regularization_forgotten(trace, w: float, alpha: float, step: Expr, r: float, name: str,
                              batch: int | None = None) -> WrongWay:
    """The update without its regularization term α·R'(W): the plain gradient step (of the mean
    of a ``batch``'s sum)."""
    regularizer = {"l1": "L1", "l2": "L2"}.get(trace.regularizer, trace.regularizer)
    return WrongWay(Mistake.REGULARIZATION_FORGOTTEN, _descend(w, alpha, step, 0.0),
                    {"name": f"{regularizer} regularization", "weight": name, "term": r, "batch": batch,
                     "regularized": True})


def _descend(w: float, alpha: float, step: Expr, r: float) -> Expr:
    """W − α·(step + R'(W)) as a learner writes it (R′ read from the screen, omitted when 0)."""
    grad = step + Shown(r) if r != 0.0 else step
    return Shown(float(w)) - Exact(alpha) * grad


def _mean_updates(trace, batch, l, wnames) -> list[Quantity]:
    w, k, alpha = trace.weights_before[l], batch.size, trace.learning_rate
    bias = naming.source_name(trace.layers, l, 0)
    out = []
    for j in range(w.shape[0]):
        for i in range(w.shape[1]):
            wn = wnames[l][j][i]
            s = Shown(float(batch.sums_before[l][j, i] + trace.gradients[l][j, i]))
            r = float(batch.regularization[l][j, i])
            rule = {"batch": k, "regularized": r != 0.0}  # how the mistakes' sentences write the update
            wrong = [WrongWay(Mistake.BATCH_MEAN_FORGOTTEN, _descend(w[j, i], alpha, s, r), rule),
                     WrongWay(Mistake.SIGN_FLIPPED, _descend(w[j, i], -alpha, s / k, r), rule)]
            if alpha != 1.0:
                wrong.append(WrongWay(Mistake.LEARNING_RATE_FORGOTTEN, _descend(w[j, i], 1.0, s / k, r),
                                      {**rule, "alpha": alpha}))
            if r != 0.0:
                wrong.append(_regularization_forgotten(trace, w[j, i], alpha, s / k, r, wn, k))
            if i == 0:
                wrong.append(WrongWay(Mistake.BIAS_FORGOTTEN, _descend(w[j, i], alpha, Exact(0.0), r),
                                      {"weight": wn, "bias": bias}))
            wrong.append(WrongWay(Mistake.NOT_UPDATED, Shown(float(w[j, i])), {**rule, "weight": wn}))
            out.append(Quantity(Kind.WEIGHT, wn, float(batch.weights_after[l][j, i]), l, j, i,
                                (_descend(w[j, i], alpha, s / k, r),), tuple(wrong), op=":=",
                                aliases=(f"{wn}'", f"{wn} after", f"new {wn}", naming.updated_name(wn)),
                                unit=naming.target_name(trace.layers, l + 1, j)))
    return out


# -- matching the walkthrough's equations ----------------------------------------------------------
_WEIGHT_KINDS = (Kind.GRADIENT, Kind.BATCH_SUM, Kind.WEIGHT)


def index(quantities: list[Quantity]) -> tuple[dict, dict]:
    """Each kind's quantities in order, by layer and by name, for :func:`for_phase` to look them up
    in rather than search for each of the equations (4,327 of them against every quantity took 2 s
    on the largest network)."""
    by_layer: dict[tuple, list[Quantity]] = {}
    by_name: dict[tuple, list[Quantity]] = {}
    for q in quantities:
        by_layer.setdefault((q.kind, None if q.kind is Kind.LOSS else q.layer), []).append(q)
        by_name.setdefault((q.kind, q.name), []).append(q)
    return by_layer, by_name


def for_phase(quantities: list[Quantity], phase, looked_up: tuple[dict, dict] | None = None) -> list[Quantity | None]:
    """The quantity behind each equation of a walkthrough ``phase`` (None where there is none).

    The k-th equation of a kind in a phase is the k-th quantity of that kind in the phase's
    layer (row by row, then column); a match counts only if the values agree exactly, so a
    change in the walkthrough's order can never pair an equation with another number."""
    by_layer, by_name = looked_up or index(quantities)  # ``looked_up``: index(quantities), made once for every phase
    seen: dict[str, int] = {}
    out: list[Quantity | None] = []
    for eq in phase.equations:
        try:
            kind = Kind(eq.kind)
        except ValueError:
            out.append(None)
            continue
        k = seen.get(eq.kind, 0)
        seen[eq.kind] = k + 1
        same = by_layer.get((kind, None if kind is Kind.LOSS else phase.layer), [])
        q = same[k] if k < len(same) else None
        if q is None or not _same_number(q.value, eq.value):
            q = next((q for q in by_name.get((kind, eq.target), []) if _same_number(q.value, eq.value)), None)
        out.append(q)
    return out


def _same_number(a: float, b: float) -> bool:
    a, b = float(a), float(b)
    return a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


__all__ = ["Kind", "Mistake", "Quantity", "WrongWay", "for_phase", "step_quantities"]

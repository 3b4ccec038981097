"""The mistakes practice mode recognises, and the sentence that names each one.

A mistake is recognised by recomputing the quantity the wrong way from the same numbers
(see ``quantities``); its parameters say what was used, so the sentence can be exact. Where the
seed article makes the same slip, the sentence says so in the errata's words (``article``).
"""

from __future__ import annotations

from enum import Enum
from typing import Mapping

from .activations import get_activation
from .article import COST_NOT_NEGATIVE, GRADIENT_RULE, same_slip
from .numbers import fmt


class Kind(str, Enum):
    """What a quantity is (the walkthrough's equation kinds)."""

    SUM = "sum"  # a weighted sum a
    ACTIVATION = "activation"  # z = f(a)
    ERROR = "error"  # y − ŷ
    LOSS = "loss"
    DELTA = "delta"  # δ = ∂L/∂a
    GRADIENT = "gradient"  # ∂L/∂W
    BATCH_SUM = "batch_sum"  # a batch's running sum of gradients
    WEIGHT = "weight"  # the weight after the update


class Mistake(str, Enum):
    SIGN_FLIPPED = "sign flipped"
    ZERO_SOURCE_IGNORED = "source 0 taken as 1"  # a weight from a zero input given a gradient
    ERROR_AS_LOSS = "error given as the loss"
    BIAS_FORGOTTEN = "bias input forgotten"
    WRONG_FUNCTION = "activation of the wrong function"
    WRONG_DERIVATIVE = "derivative of the wrong function"
    UPDATED_WEIGHT_TOO_EARLY = "updated weight used too early"
    HALF_FORGOTTEN = "½ forgotten"
    BATCH_MEAN_FORGOTTEN = "batch mean forgotten"
    LEARNING_RATE_FORGOTTEN = "learning rate forgotten"
    ROUNDING = "off by rounding"
    ARTICLE_PREDICTION = "the article's stated prediction"  # ŷ = 1 for (0, 0): its forward pass gives 4


def describe(mistake: Mistake, kind: Kind, params: Mapping, precision: int) -> str:
    """One or two sentences naming ``mistake`` in a ``kind`` quantity, for the learner."""
    p = precision
    if mistake is Mistake.SIGN_FLIPPED:
        text = _sign_flipped(kind, params)
        if params.get("from"):  # a hidden delta or a gradient: the flip may be the output delta's, carried on
            text += (f" If your {params['from']} was y − ŷ, this is that sign carried through correctly: "
                     f"the slip is in {params['from']}, and this value follows from it.")
        if kind is Kind.WEIGHT or params.get("article", not params.get("cancels") and kind is Kind.DELTA):
            text += " " + same_slip("sign")  # the article's: y − ŷ as the squared loss's output delta, W − α·z·δ
        return text
    if mistake is Mistake.ARTICLE_PREDICTION:
        a = fmt(params["a"], p)
        return (f"That is the prediction the article states, not the one its forward pass gives: D0's "
                f"weighted sum is a = {a} and the identity passes it on, ŷ = z_D0 = f({a}) = {a}. "
                f"{same_slip('prediction')}")
    if mistake is Mistake.ZERO_SOURCE_IGNORED:
        w, src, t = params["weight"], params["source"], params["target"]
        zero = f"z_{src} = 0 in this sample, so ∂L/∂{w} = z_{src}·δ_{t} = 0"
        if kind is Kind.GRADIENT:
            return f"{zero}: {_lower(GRADIENT_RULE)}. {same_slip('zero_inputs')}"
        flipped = " That answer also flips the update's sign: W := W − α·∂L/∂W." if params.get("flipped") else ""
        return f"{zero} and {w} keeps its value: {_lower(GRADIENT_RULE)}.{flipped} {same_slip('zero_inputs')}"
    if mistake is Mistake.ERROR_AS_LOSS:
        how = "L = ½·(ŷ − y)² squares it" if params.get("loss") == "squared" else "the loss measures a distance"
        return (f"That is the error y − ŷ, a signed difference, not the loss: {_lower(COST_NOT_NEGATIVE)}; "
                f"{how}. {same_slip('negative_cost')}")
    if mistake is Mistake.BIAS_FORGOTTEN:
        w, b = params["weight"], params["bias"]
        if kind is Kind.SUM:
            return f"The bias term is missing: a includes {w}·z_{b}, and the bias unit {b} always outputs z_{b} = 1."
        return (f"The bias unit {b} outputs z_{b} = 1, not 0: ∂L/∂{w} = z_{b}·δ = δ"
                + (", so the bias weight moves too." if kind is Kind.WEIGHT else "."))
    if mistake is Mistake.WRONG_FUNCTION:
        act = get_activation(params["unit"])
        if params["used"] == "identity":
            return f"That is a itself: z applies the unit's activation, {act.formula}."
        return f"That is the {params['used']} of a: this unit is {act.name}, {act.formula}."
    if mistake is Mistake.WRONG_DERIVATIVE:
        act = get_activation(params["unit"])
        if params.get("cancels"):
            return ("With cross-entropy and a sigmoid output the slope cancels: δ = ŷ − y, "
                    "without the factor ŷ·(1 − ŷ).")
        if params.get("at") == "a":
            return (f"The slope is taken at a instead of z: for {act.name}, {act.derivative_formula} "
                    "with z = f(a).")
        if params["used"] == "identity":
            return f"The slope f′(a) is missing: this unit is {act.name}, {act.derivative_formula}."
        used = get_activation(params["used"])
        return (f"That is the slope of {used.name} ({used.derivative_formula}): this unit is {act.name}, "
                f"{act.derivative_formula}.")
    if mistake is Mistake.UPDATED_WEIGHT_TOO_EARLY:
        names = ", ".join(params["weights"])
        return (f"That uses {names} after the update: the deltas are computed with the weights the "
                "forward pass used, before any update.")
    if mistake is Mistake.HALF_FORGOTTEN:
        if kind is Kind.LOSS:
            return "The ½ is missing: L = ½·(ŷ − y)²."
        return ("That is twice δ: with L = ½·(ŷ − y)² the ½ cancels the 2 from the square, "
                "so ∂L/∂ŷ = ŷ − y.")
    if mistake is Mistake.BATCH_MEAN_FORGOTTEN:
        k = params["batch"]
        return f"The update uses the mean gradient of the batch: divide the sum by {k}, W := W − α·(Σ∂L/∂W)/{k}."
    if mistake is Mistake.LEARNING_RATE_FORGOTTEN:
        return f"The step is scaled by the learning rate: W := W − α·∂L/∂W with α = {fmt(params['alpha'], max(p, 6))}."
    if mistake is Mistake.ROUNDING:
        d = params.get("typed_decimals")
        if d is not None and d < p:
            return f"That is the value rounded to {d} decimal{'s' if d != 1 else ''}: give {p}."
        return (f"Close, but {fmt(abs(params['difference']), p + 2)} off: keep at least {p} decimals in "
                "the intermediate results.")
    raise ValueError(f"unknown mistake {mistake!r}")


def _sign_flipped(kind: Kind, params: Mapping) -> str:
    """The sentence for a flipped sign in a ``kind`` quantity."""
    if kind is Kind.DELTA and params.get("cancels"):  # cross-entropy at a sigmoid output: no f′(a)
        return ("The sign is flipped: with cross-entropy and a sigmoid output δ = ∂L/∂a = ŷ − y; "
                "y − ŷ gives −δ.")
    if kind is Kind.DELTA and params.get("hidden"):
        return ("The sign is flipped: a hidden unit's δ = f′(a)·Σ W·δ over its links to the next layer, "
                "each δ there with its own sign.")
    return {
        Kind.ERROR: "The sign is flipped: the error is y − ŷ.",
        Kind.LOSS: "The minus sign is missing: L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] is never negative.",
        Kind.DELTA: "The sign is flipped: δ = ∂L/∂a = (ŷ − y)·f′(a) at the output; y − ŷ gives −δ.",
        Kind.GRADIENT: "The sign is flipped: ∂L/∂W = (its source's z)·(its target's δ).",
        Kind.WEIGHT: "The sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W.",
    }.get(kind, "The sign is flipped.")


def _lower(sentence: str) -> str:
    """A fact stated as a sentence, to go on after a colon."""
    return sentence[:1].lower() + sentence[1:]

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
    REGULARIZATION_FORGOTTEN = "regularization term forgotten"  # W − α·∂L/∂W without α·R'(W)
    NOT_UPDATED = "weight not updated"  # the weight before the update given as the one after
    ROUNDING = "off by rounding"
    ARTICLE_PREDICTION = "the article's stated prediction"  # ŷ = 1 for (0, 0): its forward pass gives 4


def describe(mistake: Mistake, kind: Kind, params: Mapping, precision: int) -> str:
    """One or two sentences naming ``mistake`` in a ``kind`` quantity, for the learner."""
    p = precision
    if mistake is Mistake.SIGN_FLIPPED:
        if kind is Kind.WEIGHT:
            return _flipped_update(params, p)
        text = _sign_flipped(kind, params)
        if not params.get("from"):  # the output's delta: the article's slip under the squared loss
            return text + (" " + same_slip("sign") if params.get("article", not params.get("cancels")) and
                           kind is Kind.DELTA else "")
        # a hidden delta or a gradient: the flip may be the output delta's, carried on
        slip = params.get("slip")
        if params.get("unknown"):  # the answers it is computed from cannot tell where it slipped
            return text
        if slip is None:  # no earlier answer tells
            text += (f" If your {params['from']} was y − ŷ, this is that sign carried through correctly: "
                     f"the slip is in {params['from']}, and this value follows from it.")
        elif slip == "":
            latest, has = _yours(params, "latest", p)
            return text + f" Your {latest} {has} the right sign: the slip is here."
        else:
            yours, _ = _yours(params, "slip", p)
            where = slip if params.get("slip_value") is not None else "them, every one flipped"
            text += (f" It is the sign of your {yours} carried through correctly: the slip is in {where}, and "
                     "this value follows from it.")
        return text + _articles_sign(params)
    if mistake is Mistake.ARTICLE_PREDICTION:
        a = fmt(params["a"], p)
        return (f"That is the prediction the article states, not the one its forward pass gives: D0's "
                f"weighted sum is a = {a} and the identity passes it on, ŷ = z_D0 = f({a}) = {a}. "
                f"{same_slip('prediction')}")
    if mistake is Mistake.ZERO_SOURCE_IGNORED:
        w, src, t = params["weight"], params["source"], params["target"]
        its = "its input" if params.get("input", True) else f"z_{src}"  # a hidden source
        zero = f"z_{src} = 0 in this sample, so ∂L/∂{w} = z_{src}·δ_{t} = 0"
        if kind is Kind.GRADIENT:
            return f"{zero}: {_lower(GRADIENT_RULE)}. {same_slip('zero_inputs')}"
        # the learner's own right ∂L/∂W = 0 already says it: the step's sign is beside the point
        own = f" (your own ∂L/∂{w} = 0 says so)" if params.get("own_gradient") else ""
        flipped = _zero_step_sign(params, p) if params.get("flipped") and not own else ""
        if params.get("penalty"):  # the data's gradient is 0, the penalty's pull is not
            return (f"That moves {w} as if {its} were 1, but {zero}: {_lower(GRADIENT_RULE)}. Only the "
                    f"penalty moves {w}{own}: {w} := {w} − α·R'({w}), with R'({w}) = "
                    f"{fmt(params['penalty'], max(p, 6))}.{flipped} {same_slip('zero_inputs')}")
        return (f"That moves {w} as if {its} were 1, but {zero} and {w} keeps its value{own}: "
                f"{_lower(GRADIENT_RULE)}.{flipped} {same_slip('zero_inputs')}")
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
        return f"That is the {get_activation(params['used']).label} of a: this unit is {act.label}, {act.formula}."
    if mistake is Mistake.WRONG_DERIVATIVE:
        act = get_activation(params["unit"])
        if params.get("cancels"):
            return ("With cross-entropy and a sigmoid output the slope cancels: δ = ŷ − y, "
                    "without the factor ŷ·(1 − ŷ).")
        if params.get("at") == "a":
            return (f"The slope is taken at a instead of z: for {act.label}, {act.derivative_formula} "
                    "with z = f(a).")
        if params["used"] == "identity":
            return f"The slope f'(a) is missing: this unit is {act.label}, {act.derivative_formula}."
        used = get_activation(params["used"])
        return (f"That is the slope of {used.label} ({used.derivative_formula}): this unit is {act.label}, "
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
        return f"The update uses the mean gradient of the batch: divide the sum by {k}, {_rule(params)}."
    if mistake is Mistake.LEARNING_RATE_FORGOTTEN:
        return f"The step is scaled by the learning rate: {_rule(params)} with α = {fmt(params['alpha'], max(p, 6))}."
    if mistake is Mistake.REGULARIZATION_FORGOTTEN:
        return (f"The regularization term is missing: with {params['name']} the step is {_rule(params)}, "
                f"and R'({params['weight']}) = {fmt(params['term'], max(p, 6))} here.")
    if mistake is Mistake.NOT_UPDATED:
        return f"That is {params['weight']} before the update, which moves it here: {_rule(params)}."
    if mistake is Mistake.ROUNDING:  # params["cause"]: see practice._near_miss
        d, cause, off = params.get("typed_decimals"), params.get("cause"), fmt(abs(params["difference"]), p + 2)
        if cause == "decimals":
            return f"That is the value rounded to {d} decimal{'s' if d != 1 else ''}: give {p}."
        if cause == "exact":
            return (f"Close, but {off} off: {fmt(params['expected'], p)} is exact, and so is every number of "
                    "its working, so rounding cannot explain it: check the last digit against the correct working.")
        if cause == "result":
            return (f"Close, but {off} off: the numbers of this working are exact, so only the result is rounded, "
                    f"{fmt(params['expected'], p + 2)} to {fmt(params['expected'], p)} at {p} decimals.")
        if cause == "near":
            return f"Close, but {off} off, more than rounding the numbers shown explains: check the arithmetic."
        return f"Close, but {off} off: keep at least {p} decimals in the intermediate results."
    raise ValueError(f"unknown mistake {mistake!r}")


DESCEND = "descent moves against the gradient, W := W − α·∂L/∂W"


def _step(params: Mapping, w: str = "W") -> str:
    """The new weight as this step makes it: the mean of a batch's sum (``batch``) and the
    penalty's R'(W) (``regularized``) written where they are: W − α·((Σ∂L/∂W)/2 + R'(W))."""
    k, penalty = params.get("batch"), f" + R'({w})" if params.get("regularized") else ""
    gradient = f"(Σ∂L/∂{w})/{k}" if k else f"∂L/∂{w}"
    return f"{w} − α·({gradient}{penalty})" if penalty else f"{w} − α·{gradient}"


def _rule(params: Mapping, w: str = "W") -> str:
    """The update as this step makes it: W := W − α·((Σ∂L/∂W)/2 + R'(W))."""
    return f"{w} := {_step(params, w)}"


def _yours(params: Mapping, key: str, p: int) -> tuple[str, str]:
    """The learner's answers ``params[key]`` as a sentence quotes them, and its verb: one with its
    value ('δ_D0 = −4', 'has'), or a layer's names ('δ_Z2_1 and δ_Z2_2', 'have')."""
    value = params.get(f"{key}_value")
    if value is None:
        return params[key], "have"
    return f"{params[key]} = {fmt(value, p)}", "has"


def _flipped_update(params: Mapping, p: int) -> str:
    """The sentence for W + α·∂L/∂W: the update's own sign flipped, or (as the learner's earlier
    answers show, see ``practice.sign_history``) a sign flipped before it and carried through."""
    if "batch" in params:  # the mean of a batch: a flip in this sample's delta would change one term only
        return f"The update's sign is flipped: descent moves against the mean gradient, {_rule(params)}."
    w, slip = params.get("weight"), params.get("slip")
    descend = f"descent moves against the gradient, {_rule(params, w)}" if params.get("regularized") else DESCEND
    if params.get("penalty_flipped"):  # W + α·(∂L/∂W + R'(W)): the penalty's pull reversed too
        return (f"That adds α·(∂L/∂{w} + R'({w})) instead of subtracting it: descent moves against the gradient "
                f"and the penalty pulls towards 0, {_rule({'regularized': True}, w)}.")
    if params.get("unknown"):  # its gradient was answered wrong in another way: it cannot tell
        return f"The sign is flipped: {descend}."
    if slip is None:  # no earlier answer tells which sign flipped
        if not params.get("from"):
            return f"The sign is flipped: {descend}."
        return (f"The sign is flipped: {descend}. If your {params['from']} was y − ŷ, your update is right "
                f"and this is that sign carried through: the slip is in {params['from']}.{_articles_sign(params)}")
    latest, has = _yours(params, "latest", p)  # its gradient: one answer
    if slip == "":
        return f"The update's sign is flipped: {descend}. Your {latest} {has} the right sign."
    text = (f"Your update is right: with your {latest}, {_step(params, w)} gives this. "
            "The sign slipped before the update, in ")
    if slip == params["latest"]:  # the article's own slip when that is an output delta (V00 := 1.4 after δ_D0 = −4)
        return text + f"{slip}." + _articles_sign(params)
    yours, _ = _yours(params, "slip", p)
    return text + f"your {yours}, and was carried through correctly." + _articles_sign(params)


def _zero_step_sign(params: Mapping, p: int) -> str:
    """What a weight from a zero input moved the wrong way (W + α·δ) says of the step's sign."""
    slip = params.get("slip")
    if params.get("unknown"):
        return f" The step's sign is flipped too: {DESCEND}."
    if slip is None:
        return (f" The step's sign is flipped too: the update's ({DESCEND}) or, if your {params['from']} was "
                "y − ŷ, that sign carried through.")
    if slip == "":
        return f" That answer also flips the update's sign: {DESCEND}."
    yours, _ = _yours(params, "slip" if slip != params["latest"] else "latest", p)
    return f" The step's sign is that of your {yours}, carried through: your update subtracts correctly."


def _articles_sign(params: Mapping) -> str:
    """The article's sign slip (y − ŷ as the squared loss's output delta, then W − α·z·δ, which
    subtracts correctly), cited where it may be the learner's: the slip is in an output delta or
    unknown."""
    slip = params.get("slip")
    if not params.get("article") or params.get("unknown") or (
            slip is not None and slip not in params.get("outputs", ())):
        return ""
    return " " + same_slip("sign")


def _sign_flipped(kind: Kind, params: Mapping) -> str:
    """The sentence for a flipped sign in a ``kind`` quantity."""
    if kind is Kind.DELTA and params.get("cancels"):  # cross-entropy at a sigmoid output: no f'(a)
        return ("The sign is flipped: with cross-entropy and a sigmoid output δ = ∂L/∂a = ŷ − y; "
                "y − ŷ gives −δ.")
    if kind is Kind.DELTA and params.get("hidden"):
        return ("The sign is flipped: a hidden unit's δ = f'(a)·Σ W·δ over its links to the next layer, "
                "each δ there with its own sign.")
    return {
        Kind.ERROR: "The sign is flipped: the error is y − ŷ.",
        Kind.LOSS: "The minus sign is missing: L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] is never negative.",
        Kind.DELTA: "The sign is flipped: δ = ∂L/∂a = (ŷ − y)·f'(a) at the output; y − ŷ gives −δ.",
        Kind.GRADIENT: "The sign is flipped: ∂L/∂W = (its source's z)·(its target's δ).",
    }.get(kind, "The sign is flipped.")


def _lower(sentence: str) -> str:
    """A fact stated as a sentence, to go on after a colon."""
    return sentence[:1].lower() + sentence[1:]

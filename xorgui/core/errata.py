"""The seed article's worked example: what it printed, what its own rule gives, what is true.

Each :class:`Erratum` is structured: the article's value(s), each marked as *printed* by the
article or *computed* by xorgui from the article's own rule (the article did not print it),
and xorgui's value(s), all computed by the engine when :func:`errata` runs. Views format
these fields; they never parse the texts. The claims paraphrase the article; they do not
quote it.

The article's setup: a 2-3-1 network of identity units, every weight 1, α = 0.1, and one
update after the first sample, (0, 0) with target 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from enum import StrEnum

import numpy as np

from .accuracy import right_samples
from .article import BIAS_HAS_NO_DELTA, CLAIMS, COST_NOT_NEGATIVE, GRADIENT_RULE, PRINTED_PREDICTION
from .diagnostics import identical_unit_groups
from .numbers import DEFAULT_PRECISION, fmt
from .presets import LINEAR_EPOCHS, SYMMETRY_EPOCHS, make_preset
from .training import Trainer

# The numbers the article printed for its step on (0, 0). They are the article's, so they
# are constants; tests check each against the article's rule applied by the engine.
PRINTED_LOSS = -4.0  # its "loss": actual − predicted, also used as the output delta
PRINTED_WEIGHT = 1.4  # every weight after the step, W11, W12, … included
PRINTED_BIAS_DELTA = -4.0  # the delta it gives the bias unit Z0
PRINTED_EXPECTED = 1.0  # "it gave us the value 4 instead of 1": what it says it should have given


class Source(StrEnum):
    PRINTED = "printed"  # the article printed this number
    ARTICLE_RULE = "article_rule"  # xorgui applied the article's own rule; the article did not print it
    ENGINE = "engine"  # xorgui's correct value, computed by the engine


@dataclass(frozen=True)
class Value:
    """One quantity in an erratum row: ``label = working = value``.

    ``value`` is None when there is no number (``remark`` then says why, e.g. "undefined");
    ``working`` is the arithmetic that gives it, if worth showing.
    """

    label: str
    value: float | None
    source: Source
    working: str = ""
    remark: str = ""


@dataclass(frozen=True)
class Erratum:
    key: str
    claim: str  # what the article says or does, in our words
    article: tuple[Value, ...]  # its numbers: printed, or computed from its rule
    xorgui: tuple[Value, ...]  # the correct numbers, from the engine
    why: str
    demo: str | None  # the demo that sets it up in the window (Controller.run_demo), if any


def article_trainer() -> Trainer:
    """The article's setup: 2-3-1, identity, all weights 1, α = 0.1, one online update."""
    return make_preset("article")


def _n(x: float) -> str:
    return fmt(x, 6)


def _paren(x: float) -> str:
    """A number as a factor: negative ones in parentheses, ``(−4)``."""
    return f"({_n(x)})" if x < 0 else _n(x)


def _prediction(trainer: Trainer, weights, sample: int = 0) -> float:
    probe = trainer.network.copy()
    probe.set_weights(weights)
    return float(probe.forward(trainer.data.inputs[sample:sample + 1]).output[0, 0])


@cache
def errata() -> tuple[Erratum, ...]:
    """The article's mistakes, its numbers beside the engine's. They depend on nothing but the
    engine, so they are computed once per process (about a second: the symmetry run's epochs)."""
    t = article_trainer()
    lr = t.config.learning_rate
    tr = t.trace(0)
    y_hat, y = float(tr.output[0]), float(tr.target[0])
    error = y - y_hat  # the article's "loss", which it also uses as the output delta
    delta = float(tr.deltas[-1][0])  # ∂L/∂a at D0 = ŷ − y (identity output)
    x1 = float(tr.sources[0][1])
    # the article's rule: W := W − α·Z·δ with δ = y − ŷ for every unit
    rule_w11 = 1.0 - lr * x1 * error
    after = tr.weights_after
    w10, w11, v00 = float(after[0][0, 0]), float(after[0][0, 1]), float(after[1][0, 0])
    article_pred = _prediction(t, [np.full_like(w, PRINTED_WEIGHT) for w in tr.weights_before])
    stepped = article_trainer()
    stepped.step_sample()  # the engine's own step on (0, 0)
    pred_after, loss_after = float(stepped.forward().output[0, 0]), float(stepped.sample_losses()[0])

    batch = article_trainer()
    batch.set_config(replace(batch.config, batch_size=None))
    batch.run_epochs(1)
    bw = batch.network.weights

    linear = article_trainer()
    linear.set_config(replace(linear.config, batch_size=None))
    linear.run_epochs(LINEAR_EPOCHS)
    linear_pred = linear.forward().output[:, 0]
    online = article_trainer()  # the article's own one update per sample
    online.run_epochs(LINEAR_EPOCHS)
    online_pred = online.forward().output[:, 0]

    step01 = t.trace(1).weights_after  # one step on (0, 1) from the all-1 weights
    sym = make_preset("symmetric")
    # the run its numbers are of, said with them: at another rate they differ (0.0902 at α = 0.5)
    mode = sym.config.batch_mode(len(sym.data)).replace("full batch", "full-batch")
    sym_run = f"after {SYMMETRY_EPOCHS} {mode} sigmoid epochs (all-1, α = {fmt(sym.config.learning_rate, 6)})"
    sym.run_epochs(SYMMETRY_EPOCHS)
    groups = identical_unit_groups(sym)
    still = ", ".join(f"Z{j + 1}" for _, rows in groups for j in rows) or "none"
    sym_right = int(right_samples(sym.forward().output, sym.data.targets, DEFAULT_PRECISION).sum())

    raised = _a_step_that_raises_weights()

    P, R, E = Source.PRINTED, Source.ARTICLE_RULE, Source.ENGINE
    return (
        Erratum(
            "sign", CLAIMS["sign"],
            (Value("δ_D0", PRINTED_LOSS, P), Value("W10", PRINTED_WEIGHT, P),
             Value("ŷ for (0, 0) with those weights", article_pred, R,
                   f"{_n(PRINTED_WEIGHT)} + 3·{_n(PRINTED_WEIGHT)}·{_n(PRINTED_WEIGHT)}")),
            (Value("δ_D0", delta, E, "ŷ − y"), Value("W10", w10, E, f"1 − {_n(lr)}·1·{_n(delta)}"),
             Value("V00", v00, E), Value("ŷ for (0, 0) after the step", pred_after, E),
             Value("L after the step", loss_after, E, f"½·{_n(pred_after)}²")),
            f"With L = ½(ŷ − y)², ∂L/∂ŷ = ŷ − y = {_n(delta)}: positive, because the prediction is too "
            "high. Gradient descent subtracts α·∂L/∂W, so it lowers every weight whose source is "
            f"positive (W10, W20, W30 and V00 to V03, all to {_n(w10)}) and the prediction falls from {_n(y_hat)} to "
            f"{_n(pred_after)}. Taking y − ŷ as the delta flips the sign, and subtracting it climbs "
            f"the loss: with every weight at 1.4 the prediction rises to {_n(article_pred)}.",
            "sign"),
        Erratum(
            "zero_inputs", CLAIMS["zero_inputs"],
            (Value("W11", PRINTED_WEIGHT, P),
             Value("W11 by its own rule", rule_w11, R, f"1 − {_n(lr)}·{_n(x1)}·{_paren(error)}")),
            (Value("W11", w11, E, f"1 − {_n(lr)}·X1·δ_Z1 = 1 − {_n(lr)}·{_n(x1)}·{_n(float(tr.deltas[0][0]))}"),),
            f"{GRADIENT_RULE}. For the sample "
            "(0, 0) the sources X1 and X2 are 0, so W11, W12, W21, W22, W31 and W32 get no gradient "
            f"and keep their value. Even the article's own rule gives {_n(rule_w11)} here, not "
            f"{_n(PRINTED_WEIGHT)}: of the hidden units' weights only W10, W20 and W30, from the bias X0, change.",
            "zero_inputs"),
        Erratum(
            "bias_delta", CLAIMS["bias_delta"],
            (Value("δ_Z0", PRINTED_BIAS_DELTA, P),),
            (Value("δ_Z0", None, E, remark="none (Z0 has no weighted sum)"),),
            f"{BIAS_HAS_NO_DELTA}. This is a conceptual error only: the article never "
            "uses δ_Z0 (V00's update uses δ_D0), so none of its numbers depend on it.",
            "bias_delta"),
        Erratum(
            "prediction", CLAIMS["prediction"],
            (Value("ŷ for (0, 0)", PRINTED_PREDICTION, P), Value("what it should have given", PRINTED_EXPECTED, P)),
            (Value("ŷ for (0, 0)", y_hat, E, "V00·1 + V01·z_Z1 + V02·z_Z2 + V03·z_Z3 = 1 + 1 + 1 + 1"),
             Value("y for (0, 0)", y, E, "0 XOR 0")),
            f"The article's own forward pass ends at D0 with a = {_n(y_hat)} and z = f({_n(y_hat)}) = "
            f"{_n(y_hat)}, so the model predicts {_n(y_hat)} for (0, 0), not 1. The value it should give "
            f"is the target, 0 XOR 0 = {_n(y)}, not 1. Its loss, {_n(y)} − {_n(y_hat)}, uses both right "
            "numbers: only the two sentences about them are wrong.",
            "prediction"),
        Erratum(
            "negative_cost", CLAIMS["negative_cost"],
            (Value("cost", PRINTED_LOSS, P, "actual − predicted"),),
            (Value("error y − ŷ", error, E), Value("L", float(tr.loss), E, f"½·({_n(y_hat)} − {_n(y)})²")),
            f"{COST_NOT_NEGATIVE}: "
            "−4 would be better than a perfect prediction (0). y − ŷ is the error, a signed "
            "difference; a cost such as ½(ŷ − y)² squares it.",
            "negative_cost"),
        Erratum(
            "logistic_cost", "Names logistic regression's cost as the loss of this network",
            (Value("−[y·ln ŷ + (1 − y)·ln(1 − ŷ)] at ŷ = 4", None, R,
                   remark=f"undefined, since ln(1 − {_n(y_hat)}) = ln({_n(1 - y_hat)})"),),
            (Value("L = ½(ŷ − y)²", float(tr.loss), E),),
            "That cost needs predictions strictly between 0 and 1, i.e. a sigmoid output; an "
            f"identity output predicts {_n(y_hat)}, where ln(1 − ŷ) does not exist. xorgui uses the "
            "squared loss ½(ŷ − y)² for the article's example and says so; with an identity output "
            "its derivative ŷ − y is exactly the output delta.",
            None),
        Erratum(
            "batch", "Calls its method batch gradient descent but updates after one sample",
            (Value("updates after", None, P, remark="one sample, (0, 0)"), Value("W10", PRINTED_WEIGHT, P)),
            (Value("W10, one sample (online)", w10, E), Value("W10, batch of all 4", float(bw[0][0, 0]), E),
             Value("W11, batch of all 4", float(bw[0][0, 1]), E), Value("V00, batch of all 4", float(bw[1][0, 0]), E),
             Value("V01, batch of all 4", float(bw[1][0, 1]), E)),
            "Batch gradient descent averages the gradient over every training sample and then "
            "updates once per epoch. Updating after each sample, as the article does, is online "
            "(stochastic) gradient descent: a different step with different numbers.",
            None),
        Erratum(
            "linear", "Says more training will give better accuracy, with identity units",
            (Value("", None, P, remark="no number: a claim"),),
            (Value(f"predictions after {LINEAR_EPOCHS} full-batch epochs", None, E,
                   remark=", ".join(_n(v) for v in linear_pred)),
             Value("mean of ½(ŷ − y)²", linear.current_loss(), E),
             Value(f"predictions after {LINEAR_EPOCHS} online epochs", None, E,
                   remark=", ".join(_n(v) for v in online_pred))),
            f"More training does lower the loss, as the article says: the mean of ½(ŷ − y)² falls from "
            f"{_n(linear.start_loss)} to {_n(linear.current_loss())}. But with identity activations the network is "
            "one linear function of X1 and X2, and no linear function fits XOR: the best one predicts 0.5 for "
            "every sample (mean of ½(ŷ − y)² 0.125), and full-batch training settles there. Updated after "
            "every sample, as in the article, the predictions keep moving around 0.5, pulled towards each "
            "sample's target in turn, and never fit XOR either.",
            "linear"),
        Erratum(
            "symmetry", "Expects the equal weights to become different by training on more samples",
            (Value("", None, P, remark="no number: a claim"),),
            (Value("W11 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1)", float(step01[0][0, 1]), E),
             Value("W12 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1)", float(step01[0][0, 2]), E),
             Value(f"units still identical {sym_run}", None, E, remark=still),
             Value("samples right", sym_right, E), Value("mean of ½(ŷ − y)²", sym.current_loss(), E)),
            "Weights do become different (one correct step on the sample (0, 1), from the article's all-1 "
            "weights, leaves W11 at 1 but lowers W12), but "
            "the units stay identical: Z1, Z2 and Z3 keep the same incoming and outgoing weights, "
            "compute the same value and get the same delta, so every update keeps them equal. "
            "Identical units act as one, and one hidden unit cannot separate XOR, even a sigmoid "
            "one. Any weights that differ between the units break the symmetry; random initial "
            "weights are the usual way.",
            "symmetry"),
        Erratum(
            "blame", "Says units with higher error end up with lower weights",
            (Value("", None, P, remark="no number: a claim"),),
            (Value(f"δ_D0 on step {raised.step}", raised.delta, E),
             Value(f"V00 before step {raised.step}", raised.before, E),
             Value(f"V00 after step {raised.step}", raised.after, E)),
            "Each weight moves by −α·(its source's value)·(its target's delta): down when that "
            "product is positive, up when it is negative. A large |δ| means a large move either "
            "way; nothing ranks units by blame. In the article's setup trained online, step "
            f"{raised.step} (sample {raised.sample}) predicts too low by more than any other of the first "
            f"{RAISE_STEPS} steps, δ_D0 = {_n(raised.delta)}, so V00 rises: a larger error moves a weight further, "
            "in whichever direction lowers the loss.",
            None),
    )


@dataclass(frozen=True)
class _Raise:
    step: int
    sample: str
    delta: float
    before: float
    after: float


RAISE_STEPS = 8  # the first two epochs of the article's online run


def _a_step_that_raises_weights() -> _Raise:
    """Of the article's first online steps, the one that predicts too low by the most (the most
    negative output delta): a large error, and V00 rises. A small one would not refute the claim,
    whose 'vice versa' has small errors raise weights."""
    t, steps = article_trainer(), []
    for step in range(1, RAISE_STEPS + 1):
        tr = t.step_sample().trace
        steps.append((float(tr.deltas[-1][0]), step, tr))
    d, step, tr = min(steps, key=lambda s: s[0])
    assert d < 0, "the article's setup never predicts too low"
    x = ", ".join(_n(v) for v in tr.inputs)
    return _Raise(step, f"({x})", d, float(tr.weights_before[1][0, 0]), float(tr.weights_after[1][0, 0]))

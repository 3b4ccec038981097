"""The seed article's worked example, its published numbers, and what is actually true.

Every "xorgui" number here is computed by the engine at call time; the article's numbers
are the ones it printed (its rules applied to its setup). Each erratum names a demo that
the window can set up to show the claim live.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .diagnostics import identical_unit_groups
from .numbers import fmt
from .presets import make_preset
from .training import Trainer

LINEAR_EPOCHS = 3000
SYMMETRY_EPOCHS = 5000


@dataclass(frozen=True)
class Erratum:
    key: str
    claim: str  # what the article says or does
    article: str  # its number(s)
    xorgui: str  # the correct number(s), from the engine
    why: str
    demo: str  # the demo that shows it (see Controller.run_demo)


def article_trainer() -> Trainer:
    """The article's setup: 2-3-1, identity, all weights 1, α = 0.1, one online update."""
    return make_preset("article")


def _num(x: float) -> str:
    return fmt(x, 6)


def errata() -> list[Erratum]:
    """The article's mistakes, with the engine's numbers beside its own."""
    t = article_trainer()
    tr = t.trace(0)
    lr = t.config.learning_rate
    error = float(tr.error[0])  # the article's "loss" y − ŷ, which it uses as the output delta
    delta = float(tr.deltas[-1][0])  # dL/da at D0 = ŷ − y
    w10_article = 1.0 - lr * 1.0 * error  # W := W − α·Z·δ with δ = y − ŷ
    article_weights = [np.full_like(w, w10_article) for w in tr.weights_before]  # it sets every weight to 1.4
    probe = t.network.copy()
    probe.set_weights(article_weights)
    x0 = t.data.inputs[:1]
    article_prediction = float(probe.forward(x0).output[0, 0])
    probe.set_weights(tr.weights_after)
    correct_prediction = float(probe.forward(x0).output[0, 0])
    w11_after = float(tr.weights_after[0][0, 1])

    linear = make_preset("seed")
    linear.run_epochs(LINEAR_EPOCHS)
    linear_pred = linear.forward().output[:, 0]

    sym = make_preset("symmetric")
    sym.run_epochs(SYMMETRY_EPOCHS)
    groups = identical_unit_groups(sym)
    sym_loss = sym.current_loss()

    return [
        Erratum("sign", "Output delta y − ŷ, then W := W − α·Z·δ",
                f"δ_D0 = {_num(error)}; W10 = {_num(w10_article)}; new prediction for (0,0): {_num(article_prediction)}",
                f"δ_D0 = ŷ − y = {_num(delta)}; W10 = {_num(float(tr.weights_after[0][0, 0]))}; "
                f"new prediction: {_num(correct_prediction)}",
                "With δ = y − ŷ the update must add α·Z·δ; subtracting it climbs the loss. The article's step "
                f"raises the prediction for (0,0) from 4 to {_num(article_prediction)} (target 0); correct descent "
                f"lowers it to {_num(correct_prediction)}.", "sign"),
        Erratum("zero_inputs", "Every weight changes, W11 := 1.4 too",
                f"W11 = W12 = W21 = … = {_num(w10_article)}",
                f"W11 = {_num(w11_after)} (∂L/∂W11 = X1·δ_Z1 = 0·{_num(float(tr.deltas[0][0]))} = 0)",
                "A weight's gradient is its source's activation times the target's delta. For the sample (0,0) "
                "the inputs X1 and X2 are 0, so their weights get no gradient and keep their value.", "zero_inputs"),
        Erratum("bias_delta", "A delta for the bias unit Z0",
                f"δ_Z0 = {_num(error)}", "Z0 has no delta",
                "A delta is dL/da for a unit's weighted sum. A bias unit has no weighted sum: it is the constant 1 "
                "and nothing feeds it, so nothing behind it can be corrected through it.", "bias_delta"),
        Erratum("linear", "Identity units can learn XOR with more training",
                "(implied: keep training)",
                f"after {LINEAR_EPOCHS} epochs: predictions {', '.join(_num(v) for v in linear_pred)}; "
                f"loss {_num(linear.current_loss())}",
                "With identity activations the network is one linear function of X1 and X2. No linear function "
                "fits XOR: the best one predicts 0.5 for every sample (mean loss 0.125).", "linear"),
        Erratum("symmetry", "Training on more samples makes the equal weights differ",
                "(expects the equal weights to drift apart)",
                f"after {SYMMETRY_EPOCHS} sigmoid epochs from all-1 weights: units "
                f"{', '.join('Z' + str(j + 1) for _, rows in groups for j in rows) or 'none'} still identical; "
                f"loss {_num(sym_loss)}",
                "Units with equal incoming and outgoing weights compute the same value and get the same delta "
                "for every sample, so every update keeps them equal. Even sigmoid units cannot learn XOR from "
                "the article's initialization: only random initial weights break the symmetry.", "symmetry"),
    ]

"""The seed article's slips that a learner may copy, each stated once: what the article does (the
errata table's claim) and the fact it gets wrong.

:mod:`errata` builds its rows from these; :mod:`mistakes` and the worksheet quote them when a
practice answer makes the same slip, so the window's practice, ``xorgui practice`` and the errata
say the same thing in the same words; the walkthrough's hidden-delta phase gives the bias unit's
reason in them too. Plain strings: importing this loads nothing.
"""

from __future__ import annotations

# what the article does, in our words (the errata rows' claims), by erratum key
CLAIMS = {
    "sign": "Uses y − ŷ as the output's delta and still subtracts α·Z·δ",
    "zero_inputs": "Gives every weight the same new value, 1.4, W11 and W12 included",
    "bias_delta": "Computes a delta for the bias unit Z0",
    "negative_cost": "Reports a negative cost for the first sample",
    "prediction": "Says the model predicted 1 for (0, 0), and later that 4 came out where 1 should have",
}

PRINTED_PREDICTION = 1.0  # "our model predicted an output of 1 for the set of inputs {0, 0}"


def is_article_step(layers, activations, weights, inputs, target) -> bool:
    """Whether a step is the article's: a 2-3-1 network of identity units, every weight 1, on
    (0, 0) with target 0 (its printed numbers belong to that step alone)."""
    return (list(layers) == [2, 3, 1] and all(a == "identity" for a in activations)
            and all(float(v) == 1.0 for w in weights for v in w.ravel())
            and [float(v) for v in inputs] == [0.0, 0.0] and [float(v) for v in target] == [0.0])

# the facts those slips get wrong
GRADIENT_RULE = "A weight's gradient is its source's value times its target's delta"
BIAS_HAS_NO_SUM = "The bias unit has no weighted sum: it is the constant 1 and nothing feeds it"
BIAS_HAS_NO_DELTA = f"A delta is ∂L/∂a for a unit's weighted sum a. {BIAS_HAS_NO_SUM}"
COST_NOT_NEGATIVE = "A cost measures how far the prediction is from the target, so it is never negative"


def same_slip(key: str) -> str:
    """The sentence that tells a learner the article made this slip too (errata row ``key``)."""
    return f"The article makes the same slip (errata: “{CLAIMS[key]}”)."

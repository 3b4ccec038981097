"""Which samples count as right: one rule for the truth table, the accuracy read-out and errata.

A prediction is judged as it is *shown*: rounded to the decimals on screen. So two predictions
that both show as 0.5 are judged alike, whatever their 16th digit says (0.5 − 1e-15 and
0.5 + 1e-15 are both wrong for a target of 0 and for a target of 1).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

THRESHOLD = 0.5
OK_MARK, WRONG_MARK = "✔", "✘"  # how the truth table's ok column marks a sample; the boundary's caption quotes it
RULE = ("A sample is right when each prediction, rounded to the decimals shown, is less than 0.5 "
        "from its target. A prediction shown exactly 0.5 away (0.5 for a target of 0 or 1) counts "
        "as wrong.")


def as_shown(values: Array, precision: int) -> Array:
    """``values`` rounded to ``precision`` decimals exactly as the display rounds them (the
    decimal string), so that the rule and the screen never disagree."""
    values = np.asarray(values, dtype=np.float64)
    flat = [float(f"{v:.{precision}f}") for v in values.ravel().tolist()]
    return np.array(flat, dtype=np.float64).reshape(values.shape)


def right_samples(predictions: Array, targets: Array, precision: int) -> Array:
    """``(n_samples,)`` bool: every output of the sample, as shown, within 0.5 of its target
    (a non-finite prediction is wrong)."""
    predictions = np.asarray(predictions, dtype=np.float64)
    targets = np.broadcast_to(np.asarray(targets, dtype=np.float64), predictions.shape)
    with np.errstate(invalid="ignore"):
        gap = predictions - targets
        np.abs(gap, out=gap)
        right = gap < THRESHOLD
        # Rounding to the decimals shown moves a prediction by at most half a unit of the last
        # decimal, so only gaps within one unit of the threshold can be judged differently as
        # shown: format just those (formatting every prediction made a snapshot of 10,000
        # samples take ~70 ms). In place: the lottery judges 256,000 predictions at a time.
        gap -= THRESHOLD
        near = np.abs(gap, out=gap) <= 10.0 ** -precision
        if np.any(near):
            right[near] = np.abs(as_shown(predictions[near], precision) - targets[near]) < THRESHOLD
        return np.all(right, axis=1)

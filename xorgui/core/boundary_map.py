"""What the decision-boundary map says besides its colours: the caption, and where the crosses go.

The map colours one output over a plane of inputs on a scale that spans the targets, so an output
far past its target (an identity output of 7 for a target of 1) takes the scale's end colour, the
target's own: the colours alone cannot say which samples are wrong. The map therefore marks them,
with the truth table's judgement (``Snapshot.correct``, ``core.accuracy``'s rule; the test set's
by the same rule), and its caption says how to read both. Views render these; nothing here
draws.
"""

from __future__ import annotations

import numpy as np

from .accuracy import WRONG_MARK
from .activations import get_activation, reach
from .numbers import fmt
from .snapshot import Snapshot
from .surface import Plane

Array = np.ndarray

WRONG = ("a cross marks each sample the network gets wrong (an output, as shown, 0.5 or more from its "
         f"target: {WRONG_MARK} in the table).")
SIDES = ("on the left and right", "above and below")  # where a widened plane goes on: beyond x, beyond y


def hidden_clause(sample: int) -> str:
    """What the caption says instead of WRONG while practice hides ``sample``'s prediction (from
    the first question on its forward pass until its prediction is answered, as the table does)."""
    return (f"the crosses on the samples the network gets wrong are hidden while practice questions on "
            f"sample {sample} are open, like the table's ok (a cross would tell whether its prediction is right).")


def caption(snap: Snapshot, plane: Plane, output: int, lo: float, hi: float, hidden: int = -1) -> str:
    """The caption of the map of output ``output`` (0-based) over ``plane``, coloured from ``lo``
    (orange) to ``hi`` (blue): what the colours are (an end the output can pass is said to
    saturate: "0 or below"), that a widened plane reaches beyond the data, and what the dots,
    crosses and diamonds are. ``hidden``: the sample whose prediction practice asks for (its
    right or wrong must not show: no crosses), or -1."""
    names, out = snap.unit_names[0], snap.unit_names[-1][output]
    act = get_activation(snap.activations[-1]).label
    wrong = WRONG if hidden < 0 else hidden_clause(hidden)
    if plane.y_input is None:
        text = (f"The line is {out} ({act}) for every {names[1]} along the axis; "
                f"the dots are the samples' targets; {wrong}")
    else:
        x, y = names[plane.x_input + 1], names[plane.y_input + 1]
        can = reach(snap.activations[-1])  # a scale narrower than what the output can reach saturates
        p = snap.precision
        low = fmt(lo, p) + (" or below" if lo > can[0] else "")
        high = fmt(hi, p) + (" or above" if hi < can[1] else "")
        text = f"Colour: {out} ({act}) for every ({x}, {y}): orange {low}, blue {high}. "
        sides = [words for n, words in zip(plane.beyond, SIDES) if n]
        if sides:
            text += f"The map reaches beyond the data {' and '.join(sides)}, where there are no samples. "
        text += f"The dots are the samples, coloured by target; {wrong}"
    if snap.test_inputs is not None:
        text += " Diamonds: the test samples, never trained on."
    return text


def wrong_points(snap: Snapshot, plane: Plane, output: int, hidden: int = -1) -> tuple[Array, Array]:
    """(x, y) of the samples the network gets wrong, training samples first, then test samples,
    where the map draws their dots: (input on x, input on y), or (input, target of ``output``)
    on a line (one input). None while practice asks for a sample's prediction (``hidden`` >= 0:
    like the truth table's "?" and the accuracy's, which hide it; a cross on the others only
    would tell it by its absence)."""
    if hidden >= 0:
        return np.empty(0), np.empty(0)
    sets = [(snap.inputs, snap.targets, snap.correct)]
    if snap.test_inputs is not None and snap.test is not None and snap.test.correct is not None:
        sets.append((snap.test_inputs, snap.test_targets, snap.test.correct))
    xs, ys = [], []
    for inputs, targets, right in sets:
        wrong = ~right
        xs.append(inputs[wrong, plane.x_input])
        ys.append(targets[wrong, output] if plane.y_input is None else inputs[wrong, plane.y_input])
    return np.concatenate(xs), np.concatenate(ys)

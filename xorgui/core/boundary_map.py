"""What the decision-boundary map says besides its colours: the caption, and where the crosses go.

The map colours one output over a plane of inputs on a scale that spans the targets, so an output
far past its target (an identity output of 7 for a target of 1) takes the scale's end colour, the
target's own: the colours alone cannot say which samples are wrong. The map therefore marks them,
with the truth table's judgement (``Snapshot.correct``, ``core.accuracy``'s rule; the test set's
by the same rule), and its caption says how to read both. While practice asks for a sample's
prediction the colours (their colour at the sample is ŷ) and the crosses are hidden, as
``core.hidden`` decides, and the caption says so in one line. Views render these; nothing here
draws.
"""

from __future__ import annotations

import numpy as np

from .accuracy import WRONG_MARK
from .activations import get_activation, reach
from .hidden import NOTE, Hidden
from .numbers import fmt
from .snapshot import Snapshot
from .surface import Plane

Array = np.ndarray

WRONG = ("a cross marks each sample the network gets wrong (an output, as shown, 0.5 or more from its "
         f"target: {WRONG_MARK} in the table).")
SIDES = ("on the left and right", "above and below")  # where a widened plane goes on: beyond x, beyond y


def plane_hidden(snap: Snapshot, output: int, hidden: Hidden) -> bool:
    """True if the map of output ``output`` (0-based) must not colour the plane (nor its curve
    be drawn, for one input): its colour at the walk's sample gives an asked ŷ away."""
    return hidden.hides_map(snap.unit_names[-1][output])


def caption(snap: Snapshot, plane: Plane, output: int, lo: float, hi: float, hidden: Hidden = Hidden()) -> str:
    """The caption of the map of output ``output`` (0-based) over ``plane``, coloured from ``lo``
    (orange) to ``hi`` (blue): what the colours are (an end the output can pass is said to
    saturate: "0 or below"), that a widened plane reaches beyond the data, and what the dots,
    crosses and diamonds are. While practice ``hidden`` hides the colours (:func:`plane_hidden`)
    or the crosses (:func:`wrong_points`) it says so instead, in one line."""
    names, out = snap.unit_names[0], snap.unit_names[-1][output]
    act = get_activation(snap.activations[-1]).label
    colours, crosses = plane_hidden(snap, output, hidden), hidden.prediction
    when = f"{NOTE} on sample {hidden.sample}"
    wrong = f"the crosses on wrong samples are {when}, like the table's ok." if crosses else WRONG
    if colours:
        what = "line" if plane.y_input is None else "colours"
        text = (f"The {what} of {out} {'and the crosses on wrong samples ' if crosses else ''}are {when}. "
                + ("The dots are the samples' targets." if plane.y_input is None
                   else "The dots are the samples, coloured by target."))
        if not crosses:
            text += f" {WRONG[0].upper()}{WRONG[1:]}"
    elif plane.y_input is None:
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


def wrong_points(snap: Snapshot, plane: Plane, output: int, hidden: Hidden = Hidden()) -> tuple[Array, Array]:
    """(x, y) of the samples the network gets wrong, training samples first, then test samples,
    where the map draws their dots: (input on x, input on y), or (input, target of ``output``)
    on a line (one input). None while practice asks for a sample's prediction (``hidden.prediction``:
    like the truth table's "?" and the accuracy's, which hide it; a cross on the others only
    would tell it by its absence)."""
    if hidden.prediction:
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

"""Stuck patterns: wrong samples whose loss stopped falling while others are fitted (from the
per-sample history, :mod:`.sample_history`). Used by :func:`.diagnostics.diagnose`.

The evidence grows with the run (:func:`window`): a 2-3-1 sigmoid XOR run can creep along a
plateau for thousands of epochs and then solve (seed 28 of the sigmoid example: loss of (1, 1)
fell 0.5% from epoch 2296 to 2496, 7% from 1248, solved at 3129), so the last 200 epochs of a
2,500-epoch run say nothing. A sample already right is never stuck, and the wrong samples together
must have stopped falling (one can rise while another falls on the way out of a plateau).

What the finding claims is what was measured, never how the run will end. Even over half the run
the numbers cannot tell a plateau that is left later from one that is not: seed 98 of the sigmoid
example and seeds 60, 142 and 166 look alike at 10,000 epochs (two outputs within 0.001 of 0.5,
mean loss 0.0627, mean gradient 0.00012, a negative Hessian eigenvalue: not a local minimum at
these weights), yet 98 solves at 17,065 and the others are still there at 200,000; with the tanh
example four of the eight runs that look like this at 10,000 epochs solve later.
``tests/benchmarks/verdicts.py`` measures it. So the title says "barely improved in N epochs".
A target outside the output unit's range is the exception: no weights reach it, which is proven,
so that finding says the sample cannot reach it.

Why a sample stays stuck is checked, not assumed: gradient descent follows the mean of the
samples' gradients, so a stuck sample whose own gradient is much larger than the mean gradient
is being pulled back by the others (their gradients cancel its own). That is what the finding
says, with both numbers; a stuck sample whose own gradient is not much larger than the mean is
not held back by the others, and the finding says that instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .network import ForwardPass
from .naming import and_list, epoch_number
from .numbers import fmt

Array = np.ndarray

STUCK_EPOCHS = 200  # the shortest window over which a sample's loss must have stopped falling
STUCK_CHANGE = 0.01  # the wrong samples' losses together fell by less than this fraction over the window
STUCK_LOSS = 0.01  # a loss below this counts as fitted, not stuck
STUCK_RATIO = 10.0  # and the stuck loss is at least this many times the best-fitted sample's
CANCEL_RATIO = 10.0  # own gradient this many times the mean gradient: the others cancel it
# what an output unit can produce (closed: sigmoid and tanh approach their ends); no entry: any value
REACH = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, float("inf"))}


def window(end: int) -> int:
    """Epochs over which a run that has trained ``end`` epochs must have stopped improving: the
    second half of the run, at least STUCK_EPOCHS."""
    return max(STUCK_EPOCHS, int(end) // 2)


@dataclass(frozen=True)
class Stuck:
    """One stuck sample: its losses after epochs ``since`` and ``end``, and the
    norm of its own gradient and of the mean gradient over all samples (current weights)."""

    sample: int
    then: float
    now: float
    own_gradient: float
    mean_gradient: float
    since: int  # the earlier epoch: end − window(end), or the last exactly kept before it


def stuck_samples(sample_history, fwd: ForwardPass, deltas: list[Array] | Callable[[], list[Array]],
                  n_samples: int, right: Array) -> list[Stuck]:
    """Wrong samples (``right`` is each sample's verdict as the truth table shows it) whose loss
    is at least STUCK_LOSS and at least STUCK_RATIO times the lowest sample loss, when those
    samples' losses together fell by less than STUCK_CHANGE over the last ``window(end)`` epochs;
    of them, the ones whose own loss fell by less than that; worst first. Empty unless the history
    tracks every sample over that window and some sample is not stuck (a whole network stuck is
    the plateau finding's). ``deltas``: every sample's, per layer, or a function that computes
    them, called only when some sample is stuck."""
    h = sample_history
    if h.width != n_samples or h.end - window(h.end) <= h.start:
        return []
    since = h.exact_at_or_before(h.end - window(h.end))  # a longer window where only buckets are kept
    if since <= h.start:
        return []
    now, then = h.at(h.end), h.at(since)
    if not (np.all(np.isfinite(now)) and np.all(np.isfinite(then))):
        return []
    poor = ~np.asarray(right, dtype=bool) & (now >= STUCK_LOSS) & (now >= STUCK_RATIO * now.min())
    if not np.any(poor) or np.all(poor) or then[poor].sum() - now[poor].sum() >= STUCK_CHANGE * then[poor].sum():
        return []
    stuck = poor & (then - now < STUCK_CHANGE * then)
    if not np.any(stuck):
        return []
    if callable(deltas):
        deltas = deltas()
    # per-sample gradient dL_j/dW[j', i] = δ_j' · z_i for that sample; the mean over samples is
    # what an epoch of full-batch descent follows
    own = np.sqrt(sum(np.sum(d ** 2, axis=1) * np.sum(fwd.source(l) ** 2, axis=1) for l, d in enumerate(deltas)))
    mean = float(np.sqrt(sum(np.sum((d.T @ fwd.source(l) / n_samples) ** 2) for l, d in enumerate(deltas))))
    order = sorted(np.flatnonzero(stuck), key=lambda j: -now[j])
    return [Stuck(int(j), float(then[j]), float(now[j]), float(own[j]), mean, since) for j in order]


def describe_sample(inputs: Array, targets: Array, j: int, p: int = 4) -> str:
    """'sample 2 (x = (1, 0), target 1)'."""
    x = ", ".join(fmt(v, p) for v in inputs[j])
    y = ", ".join(fmt(v, p) for v in targets[j])
    return f"sample {j} (x = ({x}), target {y if targets.shape[1] == 1 else '(' + y + ')'})"


def explain(stuck: list[Stuck], inputs: Array, targets: Array, end_epoch: int, sample_losses: Array,
            output: str = "", output_label: str = "") -> tuple[str, str]:
    """The finding's title and explanation (every number quoted is one the plots show); ``output``
    names the output activation (its range decides whether a target can be reached at all)."""
    names = and_list(s.sample for s in stuck)
    one = len(stuck) == 1
    low, high = REACH.get(output, (-np.inf, np.inf))
    beyond = [st for st in stuck if np.any((targets[st.sample] < low) | (targets[st.sample] > high))]
    start = stuck[0].since
    if beyond:  # out of reach is proven; anything else is only what the last epochs showed
        out = and_list(s.sample for s in beyond)
        title = f"Sample{'' if len(beyond) == 1 else 's'} {out} cannot reach {'its target' if len(beyond) == 1 else 'their targets'}"
    else:
        title = f"Sample{'' if one else 's'} {names} barely improved in {epoch_number(end_epoch - start)} epochs"
    lines = [f"{describe_sample(inputs, targets, s.sample)}: loss {fmt(s.then, 4)} after epoch "
             f"{epoch_number(start)}, {fmt(s.now, 4)} after epoch {epoch_number(end_epoch)}" for s in stuck]
    best = int(np.argmin(sample_losses))
    share = sum(s.now for s in stuck) / float(np.sum(sample_losses))
    half = " (half the run)" if end_epoch - start == end_epoch // 2 else ""
    text = (f"{'This wrong sample has' if one else 'These wrong samples have'} barely improved: over the "
            f"last {epoch_number(end_epoch - start)} epochs{half} {'its loss' if one else 'each loss'} fell by less than "
            f"{STUCK_CHANGE:.0%}: " + "; ".join(lines) +
            f". The best-fitted one, sample {best}, has a loss of {fmt(float(sample_losses[best]), 4)}; "
            f"{'this one makes' if one else 'these make'} up {share:.1%} of the mean loss. ")
    worst = stuck[0]
    if beyond:  # no weights fit it: neither a gradient nor another seed is the reason
        j = beyond[0].sample
        near = ", ".join(fmt(v, 4) for v in np.clip(targets[j], low, high))
        span = f"{fmt(low, 4)} to {fmt(high, 4)}" if np.isfinite(high) else f"{fmt(low, 4)} or more"
        text += (f"Sample {j}'s target lies outside what the {output_label or output} output unit can produce "
                 f"({span}): no weights reach it, the output can at best come to {near}. Change the target, "
                 "or choose an output activation that reaches it (identity reaches any value).")
    elif worst.own_gradient >= CANCEL_RATIO * worst.mean_gradient:
        text += (f"Sample {worst.sample}'s own gradient (its length over all weights) is {fmt(worst.own_gradient, 4)}, "
                 f"but the mean gradient over all samples only {fmt(worst.mean_gradient, 6)}: the other samples pull the "
                 "weights the opposite way and cancel it, so each epoch moves the weights very little. This is a "
                 "plateau, and these numbers cannot tell how the run ends: some runs creep along such a plateau for "
                 "tens of thousands of epochs and then fit every sample, others are still on it after 200,000. "
                 "Train longer to find out, or re-initialize with other random weights (another seed is often "
                 "quicker), or add a hidden unit.")
    else:
        text += (f"Sample {worst.sample}'s own gradient is small as well (length {fmt(worst.own_gradient, 6)}, less "
                 f"than {CANCEL_RATIO:g} times the mean gradient's {fmt(worst.mean_gradient, 6)}), so the other samples "
                 "are not what holds it back: its own pull on the weights is weak, as when the units it passes "
                 "through sit where their slope is almost 0 (see the saturation findings). Re-initialize with "
                 "smaller weights.")
    return title, text

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

Why a sample stays stuck is checked, not assumed: the mean gradient is the mean of the samples'
gradients, sample j's share of it is its own gradient ÷ n, so when that share is much larger than
the mean gradient the other samples' gradients cancel it. That is what the finding says, with the
numbers; a stuck sample whose share is not much larger than the mean is not held back by the
others, and the finding says that instead.

What the cancelling does to the weights depends on the batch mode, so the finding measures it
(:func:`epoch_move`: one epoch of updates from the current weights, as training takes them).
Full batch: an epoch is one update of α times the mean gradient (plus a regularization term),
small when the gradients cancel. Mini-batch and online: each update follows its own batch's mean
gradient (one sample's, online), and those need not cancel: on seed 41 of the sigmoid example in
mini-batches of 3, shuffled, after 2,500 epochs, α·|mean gradient| is 0.0017 but the next epoch's
two updates are 0.085 and 0.26 long, and the stuck sample's loss rose over the run's second half.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import reach
from .findings import NEVER_FITS, Finding, Kind
from .network import ForwardPass, gradient_length, mean_gradients
from .naming import and_list, count, epoch_number
from .numbers import DEFAULT_PRECISION, apart, fmt, percent, significant
from .stuck_epoch import EpochMove

Array = np.ndarray

STUCK_EPOCHS = 200  # the shortest window over which a sample's loss must have stopped falling
STUCK_CHANGE = 0.01  # the wrong samples' losses together fell by less than this fraction over the window
STUCK_LOSS = 0.01  # a loss below this counts as fitted, not stuck
STUCK_RATIO = 10.0  # and the stuck loss is at least this many times the best-fitted sample's
# a sample's share of the mean gradient (own ÷ n) at least this many times the mean gradient: the
# others cancel most of it (|mean| ≤ 40% of its share). On 4 samples, own ≥ 10 × mean as before; on
# 16 a sample pulling alone (own ÷ 16 = mean) is no longer said to be cancelled
CANCEL_RATIO = 2.5
TINY_STEP = 1e-6  # an update of α × the mean gradient shorter than this barely moves the weights
PULL = 1e-3  # a sample's own gradient at least this long is a pull, not saturation (3e−6 in a saturated net)
BIG_STEP = 1.0  # an update this long (over all weights) moves a weight by up to 1: no timid step
LISTED = 4  # an epoch of at most this many updates lists each; more are summed up
STILL_STUCK = 200_000  # seeds 60, 142 and 166 of the sigmoid example are still on their plateau then
# Numbers in the finding's text: every measured one (losses, gradient and update lengths) by
# numbers.significant, at least this many significant digits, so that a sentence dividing or
# comparing them checks on what it shows; the data as the truth table writes them (fmt); the
# learning rate as the findings write a setting (fmt, 6 decimals); shares by numbers.percent;
# epochs and counts grouped (naming.epoch_number, naming.count).
DIGITS = 4
RATE_DECIMALS = 6


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
    # (each sample's deltas scaled by their largest first: squares of 1e−174 were 0, see gradient_length)
    scale = np.max([np.max(np.abs(d), axis=1) for d in deltas], axis=0)
    unit = np.where(scale > 0, scale, 1.0)[:, None]
    with np.errstate(invalid="ignore"):
        own = scale * np.sqrt(sum(np.sum((d / unit) ** 2, axis=1) * np.sum(fwd.source(l) ** 2, axis=1)
                                  for l, d in enumerate(deltas)))
    mean = gradient_length(mean_gradients(fwd, deltas))
    order = sorted(np.flatnonzero(stuck), key=lambda j: -now[j])
    return [Stuck(int(j), float(then[j]), float(now[j]), float(own[j]), mean, since) for j in order]


def describe_sample(inputs: Array, targets: Array, j: int, p: int = 4) -> str:
    """'sample 2 (x = (1, 0), target 1)'."""
    x = ", ".join(fmt(v, p) for v in inputs[j])
    y = ", ".join(fmt(v, p) for v in targets[j])
    return f"sample {j} (x = ({x}), target {y if targets.shape[1] == 1 else '(' + y + ')'})"


def _progress(stuck: list[Stuck]) -> str:
    """'fell', 'not fell' or 'mixed': whether every stuck sample's loss fell a little, none fell
    (it rose, or stayed), or some did (the rule, then − now < 1% of then, catches all three)."""
    fell = [s.now < s.then for s in stuck]
    return "fell" if all(fell) else "mixed" if any(fell) else "not fell"


def _n(x: float) -> str:
    """A measured number as the finding writes it: '0.1772', '0.000232', '3.112e−6'."""
    return significant(x, DIGITS)


def _values(xs: tuple[float, ...]) -> str:
    """'0.08477 and 0.2583'."""
    return and_list(_n(x) for x in xs)


def _moves(worst: Stuck, move: EpochMove) -> str:
    """What an epoch from the current weights does, by batch mode (measured by :func:`epoch_move`)."""
    j, n, rate = worst.sample, move.n_samples, fmt(move.learning_rate, RATE_DECIMALS)
    along = move.learning_rate * worst.mean_gradient  # one update of α × the mean gradient
    if move.batch >= n:  # full batch: the epoch's one update is α × the mean gradient (+ α × the regularizer's)
        times = (f"times the mean gradient plus the {move.regularized} term's gradient" if move.regularized
                 else "times the mean gradient")
        return (f"In full-batch training an epoch is one update, the learning rate ({rate}) {times}: from these "
                f"weights it moves them by {_n(move.net)}, where sample {j}'s "
                f"share alone would move them by {_n(move.learning_rate * worst.own_gradient / n)}. ")
    last = n % move.batch
    batches = f"batches of {count(move.batch, 'sample')}" + (f", the last of {count(last, 'sample')}" if last else "")
    kind = ("In online training each update follows one sample's gradient alone" if move.batch == 1 else
            f"In mini-batch training each update follows the mean gradient of its own batch alone ({batches})")
    order = f" (in epoch {epoch_number(move.shuffled_epoch)}'s shuffled order)" if move.shuffled_epoch else ""
    u = len(move.updates)
    if u <= LISTED:
        lengths = f"{count(u, 'update')}, {_values(move.updates)} long"
        path = f"goes from {_n(move.losses[0])} to " + ", then ".join(_n(x) for x in move.losses[1:])
    else:
        lengths = f"{count(u, 'update')}, {_n(min(move.updates))} to {_n(max(move.updates))} long"
        path = (f"goes from {_n(move.losses[0])} to {_n(move.losses[-1])}, between "
                f"{_n(min(move.losses))} and {_n(max(move.losses))} on the way")
    return (f"{kind}, not the mean over all {count(n, 'sample')}: an epoch from these weights{order} takes {lengths}, "
            f"where one update of the learning rate times the mean gradient would be {_n(along)} long. The epoch "
            f"ends {_n(move.net)} from where it began ({_n(sum(move.updates))} if its updates all went one "
            f"way), and sample {j}'s loss {path}. ")


def _plateau(beside: tuple[Finding, ...], mean: tuple[float, float] | None, one: bool) -> str:
    """What the plateau means and what to do: how it ends is unknown, unless a finding names hidden
    units that are identical: they stay so however long it trains, and an added unit does not
    help (under a constant initialization it is identical too); only new weights do. ``mean``: the
    samples' mean loss after the window's first and last epochs; a mean that still fell by
    STUCK_CHANGE or more is said so, not called a plateau (the symmetric preset's fell 16 %)."""
    falling = mean is not None and mean[0] - mean[1] >= STUCK_CHANGE * mean[0]
    where = (f"The samples' mean loss still fell over these epochs, from {_n(mean[0])} to {_n(mean[1])}, as the "
             "others were fitted better" if falling else "These weights sit on a plateau of the mean loss")
    but = "but" if falling else "and"
    if any(f.kind in NEVER_FITS for f in beside):
        return (f"{where}, {but} no weights of this network fit every sample (see that finding): training longer "
                "does not help.")
    groups = [and_list(f.units) for f in beside if f.kind == Kind.SYMMETRIC]
    if groups:
        single = len(groups) == 1
        return (f"{where}, {but} units {groups[0]} are identical"
                + "".join(f", and so are {g}" for g in groups[1:]) +
                f" (see {'that finding' if single else 'those findings'}): they stay identical however long it "
                f"trains, so the network learns as if {'they were one unit' if single else 'each group were one unit'}. "
                "Re-initialize with random weights to break the symmetry.")
    if falling:
        unknown = (f": these numbers cannot tell whether {'this sample follows' if one else 'these follow'}. Some "
                   "runs go on like this for tens of thousands of epochs and then fit every sample, others still "
                   f"have a sample this far off after {epoch_number(STILL_STUCK)}")
    else:
        unknown = (", and these numbers cannot tell how the run ends: some runs creep along such a plateau for tens "
                   f"of thousands of epochs and then fit every sample, others are still on it after "
                   f"{epoch_number(STILL_STUCK)}")
    return (f"{where}{unknown}. Train longer to find out, or re-initialize with other random weights (another seed "
            "is often quicker), or add a hidden unit.")


# where an output activation's slope is exactly 0, and what gets a sample off it
_FLAT_OUTPUT = {
    "sigmoid": ("a sigmoid so saturated, |a| above about 745, that its slope e^−|a|/(1 + e^−|a|)² is smaller "
                "than the smallest number the computer's arithmetic holds",
                "Re-initialize with smaller weights, or switch to the cross-entropy loss, whose "
                "output delta ŷ − y does not vanish there."),
    "tanh": ("a tanh so saturated, |a| above about 373, that its slope 1/cosh²(a) is smaller than the smallest "
             "number the computer's arithmetic holds", "Re-initialize with smaller weights."),
    "relu": ("a ReLU at or below 0", "Re-initialize the weights, or choose an output activation that is not flat "
             "there (identity, or leaky ReLU)."),
}


def _beyond_reach(stuck: list[Stuck], targets: Array, output: str) -> list[Stuck]:
    """The stuck samples whose target the output activation cannot produce."""
    low, high = reach(output)
    return [s for s in stuck if np.any((targets[s.sample] < low) | (targets[s.sample] > high))]


def reason(stuck: list[Stuck], targets: Array, output: str, move: EpochMove | None) -> str:
    """Why explain() says they are stuck, in its order: "beyond" (a target out of reach), "flat" (no
    gradient: the output unit is flat), "cancelled" (by the other samples), "rate" (a pull there, in
    steps of α × the mean gradient under TINY_STEP: α = 1e−7 on the deep example), "overshoot" (a
    pull there, updates of BIG_STEP or more, and an epoch from these weights leaves the sample's loss
    no lower or its updates undo one another: the tanh example online or in pairs at α = 20), else
    "weak"."""
    worst = stuck[0]
    if _beyond_reach(stuck, targets, output):
        return "beyond"
    if worst.own_gradient == 0:  # nothing to cancel (0 ≥ 2.5 × 0 held): its output delta is 0
        return "flat"
    if worst.own_gradient / len(targets) >= CANCEL_RATIO * worst.mean_gradient:  # its share of the mean
        return "cancelled"
    if move is not None and move.learning_rate * worst.mean_gradient < TINY_STEP and worst.own_gradient >= PULL:
        return "rate"
    if (move is not None and worst.own_gradient >= PULL and max(move.updates, default=0.0) >= BIG_STEP
            and (move.losses[-1] >= move.losses[0] or move.net < sum(move.updates) / 2)):
        return "overshoot"  # long updates that leave its loss no lower, or undo one another
    return "weak"


def held_by_the_rate(stuck: list[Stuck], targets: Array, output: str, move: EpochMove | None) -> str | None:
    """"raise" or "lower" when explain() puts it down to the learning rate, too small or too large
    (re-initializing is no remedy then), else None."""
    why = reason(stuck, targets, output, move)
    return "raise" if why == "rate" else "lower" if why == "overshoot" else None


def explain(stuck: list[Stuck], inputs: Array, targets: Array, end_epoch: int, sample_losses: Array,
            output: str = "", output_label: str = "", move: EpochMove | None = None,
            beside: tuple[Finding, ...] = (), precision: int = DEFAULT_PRECISION,
            mean_then: float | None = None) -> tuple[str, str]:
    """The finding's title and explanation (every number quoted is one the plots show, or
    ``move``'s: an epoch from the current weights, for the worst stuck sample, which says how the
    batch mode turns the gradients into weight changes); ``output`` names the output activation
    (its range decides whether a target can be reached at all); ``beside``: the other findings about
    these weights (the text points to saturated or identical units only when a finding names them);
    ``precision``: the window's decimals, which the samples' inputs, targets and losses are quoted
    with (at least DIGITS significant digits for the losses, which the text compares); ``mean_then``:
    the samples' mean loss after the window's first epoch (None: not known, not compared)."""
    names = and_list(s.sample for s in stuck)
    one = len(stuck) == 1
    n = len(inputs)
    low, high = reach(output)
    beyond = _beyond_reach(stuck, targets, output)
    why = reason(stuck, targets, output, move)
    start = stuck[0].since
    progress = _progress(stuck)
    span_words = f"in {epoch_number(end_epoch - start)} epochs"
    if beyond:  # out of reach is proven; anything else is only what the last epochs showed
        out = and_list(s.sample for s in beyond)
        title = f"Sample{'' if len(beyond) == 1 else 's'} {out} cannot reach {'its target' if len(beyond) == 1 else 'their targets'}"
    else:
        how = {"fell": "barely improved", "not fell": "did not improve", "mixed": "improved little or not at all"}
        title = f"Sample{'' if one else 's'} {names} {how[progress]} {span_words}"
    # then and now with the digits that tell them apart: 'its loss rose' over '0.5, 0.5' is no proof
    digits = max(DIGITS, precision)  # no fewer than the truth table's loss column shows
    pairs = [apart(s.then, s.now, digits) for s in stuck]
    lines = [f"{describe_sample(inputs, targets, s.sample, precision)}: loss {then} after epoch "
             f"{epoch_number(start)}, {now} after epoch {epoch_number(end_epoch)}" for s, (then, now) in zip(stuck, pairs)]
    best = int(np.argmin(sample_losses))
    share = sum(s.now for s in stuck) / float(np.sum(sample_losses))
    half = " (half the run)" if end_epoch - start == end_epoch // 2 else ""
    if progress == "fell":
        verdict, change = "barely improved", f"{'its loss' if one else 'each loss'} fell by less than {percent(STUCK_CHANGE)}"
    elif progress == "not fell":
        rose = all(s.now > s.then for s in stuck)
        verdict = "not improved"
        change = (("its loss rose" if rose else "its loss did not fall") if one else
                  "each loss rose" if rose else "none of their losses fell")
    else:
        verdict, change = "improved little or not at all", f"no loss fell by {percent(STUCK_CHANGE)} or more"
    text = (f"{'This wrong sample has' if one else 'These wrong samples have'} {verdict}: over the "
            f"last {epoch_number(end_epoch - start)} epochs{half} {change}: " + "; ".join(lines) +
            f". The best-fitted one, sample {best}, has a loss of {significant(sample_losses[best], digits)}; "
            f"{'this one makes' if one else 'these make'} up {percent(share, 1)} of the mean loss. ")
    worst = stuck[0]
    own_share = worst.own_gradient / n  # its term in the mean gradient, (1/n)·Σ_j dL_j/dW
    saturation = sum(f.kind in (Kind.SATURATED, Kind.SATURATED_OUTPUT) for f in beside)
    see = f" (see the saturation finding{'' if saturation == 1 else 's'})" if saturation else ""
    if why == "beyond":  # no weights fit it: neither a gradient nor another seed is the reason
        def nearest(j: int) -> str:
            return ", ".join(fmt(v, 4) for v in np.clip(targets[j], low, high))
        span = f"{fmt(low, 4)} to {fmt(high, 4)}" if np.isfinite(high) else f"{fmt(low, 4)} or more"
        unit = f"what the {output_label or output} output unit can produce ({span})"
        if len(beyond) == 1:
            j = beyond[0].sample
            text += (f"Sample {j}'s target lies outside {unit}: no weights reach it, the output can at best come "
                     f"to {nearest(j)}. Change the target, or choose an output activation that reaches it "
                     "(identity reaches any value).")
        else:  # each one named, as the title names them all
            text += (f"The targets of samples {and_list(s.sample for s in beyond)} lie outside {unit}: no weights "
                     f"reach them, the output can at best come to "
                     f"{and_list(f'{nearest(s.sample)} for sample {s.sample}' for s in beyond)}. Change the targets, "
                     "or choose an output activation that reaches them (identity reaches any value).")
    elif why == "flat":
        # a wrong output's delta (ŷ − y)·f'(a) is 0 only where f'(a) is: the output unit is flat there
        also = f", and so is the mean gradient over the {count(n, 'sample')}" if worst.mean_gradient == 0 else ""
        flat, fix = _FLAT_OUTPUT.get(output, ("flat there", "Re-initialize the weights."))
        slope = "the output unit's slope f'(a) is" if targets.shape[1] == 1 else "its wrong outputs' slopes f'(a) are"
        text += (f"Sample {worst.sample}'s own gradient is 0{also}: it is wrong, yet its output delta is 0, because "
                 f"{slope} 0 there ({flat}), so no gradient flows back from it at all and "
                 f"there is nothing for the other samples to cancel{see}. {fix}")
    elif why == "cancelled":
        text += (f"Sample {worst.sample}'s own gradient (its length over all weights) is {_n(worst.own_gradient)}, "
                 f"so its share of the mean gradient over the {count(n, 'sample')} is {_n(own_share)}, yet the mean "
                 f"gradient is only {_n(worst.mean_gradient)}: the other samples pull the weights the opposite way "
                 "and cancel it. " + (_moves(worst, move) if move is not None else "") +
                 _plateau(beside, None if mean_then is None else (mean_then, float(np.mean(sample_losses))), one))
    elif why == "rate":  # a gradient of 0.33 was called "weak" and re-initializing advised
        text += (f"Sample {worst.sample}'s own gradient is {_n(worst.own_gradient)} long and the mean gradient over "
                 f"the {count(n, 'sample')} {_n(worst.mean_gradient)}: the pull is there, but the learning rate "
                 f"({fmt(move.learning_rate, RATE_DECIMALS)}) times the mean gradient is only "
                 f"{_n(move.learning_rate * worst.mean_gradient)}, so the weights barely move. Raise the "
                 "learning rate.")
    elif why == "overshoot":  # a gradient of 2 at α = 20 was called a weak pull
        u, first, last = len(move.updates), _n(move.losses[0]), _n(move.losses[-1])
        ends = f"leaves its loss at {first}" if first == last else f"takes its loss from {first} to {last}"
        way = (f" (between {_n(min(move.losses))} and {_n(max(move.losses))} on the way)" if u > 1 else "")
        text += (f"Sample {worst.sample}'s own gradient is {_n(worst.own_gradient)} long: the pull is there, and "
                 f"the steps are not small: an epoch from these weights takes {count(u, 'update')}, up to "
                 f"{_n(max(move.updates))} long, ends {_n(move.net)} from where it began and {ends}{way}. Updates "
                 f"this long, the learning rate ({fmt(move.learning_rate, RATE_DECIMALS)}) times the gradient, jump "
                 "past the weights that would fit it. Lower the learning rate.")
    else:
        text += (f"Sample {worst.sample}'s own gradient is {_n(worst.own_gradient)} long, so its share of the "
                 f"mean gradient over the {count(n, 'sample')} is {_n(own_share)}, less than {fmt(CANCEL_RATIO)} times "
                 f"the mean gradient's {_n(worst.mean_gradient)}: the other samples do not cancel most of it, so they "
                 "are not what holds it back: its own pull on the weights is weak, as when the units it passes "
                 f"through sit where their slope is almost 0{see}. Re-initialize with smaller weights.")
    return title, text

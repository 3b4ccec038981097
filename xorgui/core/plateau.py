"""The plateau finding: a loss flat to a millionth of itself over 200 epochs with a poor fit, and
which of its look-alikes the numbers point to (a rate too small for the gradient, a penalty that
holds the weights, next to no gradient at all). ``diagnostics.diagnose`` decides when it is said."""

from __future__ import annotations

import math

import numpy as np

from .capacity import LEARNED_LOSS
from .findings import Finding, Kind, Remedy, Severity
from .naming import epoch_number
from .network import ForwardPass, gradient_length, mean_gradients
from .numbers import apart, fmt, percent, significant
from .regularizers import get_regularizer
from .training import Trainer
from .update import regularization_terms

Array = np.ndarray

PLATEAU_EPOCHS = 200  # epochs over which a plateau is judged
NO_GRADIENT = 1e-8  # a mean gradient shorter than this is no gradient a larger rate could follow
PLATEAU_CHANGE = 1e-6  # relative change of loss that counts as no progress
SLOW_CHANGE = 0.01  # a loss that falls by less than this share of itself over PLATEAU_EPOCHS is slow ...
SLOW_STEP = 1e-4  # ... when an epoch's updates together move the weights by less than this (k·α·|∇J|) ...
SLOPE = 1e-3  # ... though the gradient has at least this length: a rate too small for the gradient
ABOVE_START = 2.0  # a flat loss more than this many times the run's first one was stepped up there


def mean_gradient_length(trainer: Trainer, fwd: ForwardPass) -> float:
    """|∇J|: the length of the mean loss's gradient over every weight (the data's, no penalty)."""
    with np.errstate(all="ignore"):
        return gradient_length(mean_gradients(fwd, trainer.network.deltas(fwd, trainer.data.targets, trainer.loss)))


def rate_too_small(trainer: Trainer, length: float) -> bool:
    """A clear slope (|∇J| ≥ SLOPE), an epoch's updates far too short for it (all of them together
    under SLOW_STEP: online, an epoch makes as many updates as samples) and no penalty holding the
    weights: the learning rate is what keeps the loss from falling."""
    step = trainer.config.learning_rate * length * trainer.updates_per_epoch
    return length >= SLOPE and step < SLOW_STEP and not penalty_pulls(trainer)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= PLATEAU_CHANGE * max(abs(b), 1e-12)


def since_set(trainer: Trainer) -> tuple[int, float | None]:
    """The epoch of the last marked change that set the weights (an edit, a loaded example, a new
    shape; settings and data leave them), and the mean loss right after it; (0, the starting loss)
    if none did. Measured from the run's start, the jump of an edit was blamed on the rate (V00 :=
    40 at epoch 50: four times the start, at α = 2, whose steps only ever lowered the loss)."""
    for m in reversed(trainer.markers):
        if m.sets_weights:
            return m.epoch, m.loss
    return 0, trainer.history.start


def unmoved_since_set(trainer: Trainer, now: float) -> str:
    """Why training did not put the weights where they are, in words ('' if it may have): no update
    since they were set, or a mean loss (``now``: the current one) that no epoch since has changed by
    a millionth of itself, nor a change of setting or data (saturated from there on, a tiny gradient
    moved the weights by 1e−10 in 100 epochs)."""
    epoch, loss = since_set(trainer)
    when = "epoch 0" if epoch == 0 else f"the change at epoch {epoch_number(epoch)}"
    if trainer.epoch == epoch and trainer.cursor == 0:
        return "No update has been made yet" if epoch == 0 else f"No update has been made since {when}"
    if loss is None or not math.isfinite(loss):
        return ""
    if all(_same(v, loss) for v in [now, *trainer.history.after(epoch).tolist()]):
        return f"Training has not moved the loss since {when} (it is {significant(now, 4)} still)"
    return ""


def penalty_pulls(trainer: Trainer) -> bool:
    """True if a penalty moves some weight: λ·R'(W) is not 0 everywhere (bias weights have none)."""
    return any(np.any(r) for r in regularization_terms(trainer.config, trainer.network.weights))


def plateau(trainer: Trainer, fwd: ForwardPass, right: Array, precision: int) -> list[Finding]:
    """A flat loss with a poor fit; the loss reads as the loss read-out writes it (``precision``).
    Among the look-alikes it names a learning rate too small for the gradient, with both numbers:
    which of the causes it is, the other findings tell (a verdict from these two alone was wrong
    beside a penalty, saturated units or a rate just changed)."""
    h = trainer.history.values
    if len(h) < PLATEAU_EPOCHS or np.all(right):
        return []  # every sample right: a flat loss is the fit done, not a poor one
    old, new = float(h[-PLATEAU_EPOCHS]), float(h[-1])
    last = trainer.epoch  # h[-1]'s (the lottery's report keeps only the last losses: not len(history))
    if new < LEARNED_LOSS or not (math.isfinite(old) and math.isfinite(new)):
        return []
    flat = _same(new, old)
    if flat or 0 < old - new <= SLOW_CHANGE * abs(old):  # flat, or falling slowly (a rise is not slow progress)
        rate = trainer.config.learning_rate
        length = mean_gradient_length(trainer, fwd)
        if rate_too_small(trainer, length):
            return [_too_small_a_rate(old, new, last, rate, length, trainer.updates_per_epoch, precision)]
        if not flat:
            return []
        numbers = (("loss", new), ("epochs", PLATEAU_EPOCHS), ("from epoch", last - PLATEAU_EPOCHS + 1),
                   ("learning rate", rate), ("mean gradient length", length))
        where = (f"Between epoch {epoch_number(last - PLATEAU_EPOCHS + 1)} and epoch {epoch_number(last)} the loss "
                 f"changed by less than a millionth of itself (it is {fmt(new, precision)} now), and the fit is poor.")
        set_at, start = since_set(trainer)
        if start is not None and math.isfinite(start) and new > ABOVE_START * start and not penalty_pulls(trainer):
            # small steps only ever lower the loss: stuck well above where it began, it was stepped up there
            began = "the run started at" if set_at == 0 else f"it had after the change at epoch {epoch_number(set_at)}"
            return [Finding(
                Kind.PLATEAU, Severity.WARNING, "The loss stopped far above where it started",
                f"{where} It is {fmt(new / start, 1)} times the {fmt(start, precision)} {began}: "
                f"updates too large (α = {fmt(rate, 6)}) stepped the weights past the minimum to where they stall, "
                "and small steps would only have lowered the loss. Lower the learning rate and re-initialize.",
                numbers=numbers + (("starting loss", start),), remedies=(Remedy.LOWER_RATE, Remedy.RANDOMIZE))]
        # L2 at λ = 0.01 holds the sigmoid example at weights 0, outputs 0.5 (loss 0.125) however long it trains
        config, reg = trainer.config, get_regularizer(trainer.config.regularization)
        # a penalty that moves nothing (every weight it pulls already 0) is no cause and no cure
        penalty = (f"the {reg.title} penalty (λ = {fmt(config.regularization_rate, 6)})"
                   if penalty_pulls(trainer) else None)
        if length <= NO_GRADIENT:
            # next to no gradient (outputs saturated exactly, a dead ReLU output, a stationary point:
            # 1e−11 at α = 1000): more epochs or a larger rate hardly move the weights
            g = significant(length, 4)
            hardly = "hardly" if length else "cannot"  # a gradient of exactly 0 moves nothing at any rate
            moved = (f"the data {'hardly moves' if length else 'does not move'} the weights, only {penalty} does, "
                     "pulling them towards 0" if penalty else
                     f"an update moves the weights by α·{g} = {significant(rate * length, 4)} in all: training longer "
                     f"or a larger learning rate {hardly} {'move' if not length else 'moves'} them")
            pulled = f"{penalty} having pulled the weights to where the data's gradient vanishes, " if penalty else ""
            # L2 at λ = 0.01 on the sigmoid example: λ = 0.001 or none from these weights, or new weights at
            # λ = 0.01 (20 seeds), all end at 0.125 again; both together reach ~0.02 (7 seeds of 10)
            cure = ("check the other findings. If it is the penalty, lower λ and re-initialize together: with no "
                    "gradient from the data a lighter penalty alone leaves the weights where they are, and new "
                    "weights at this λ may be pulled back here." if penalty else
                    "check the other findings, or re-initialize with random weights.")
            text = (f"{where} The mean gradient of the loss has a length of {g}: {moved}. Saturated or dead units, "
                    f"{pulled}or a point where the gradient is exactly 0 hold them: {cure}")
            if penalty:
                return [Finding(Kind.PLATEAU, Severity.INFO, "The loss has stopped falling", text, numbers=numbers,
                                remedies=(Remedy.LOWER_PENALTY, Remedy.RANDOMIZE))]
        else:
            slow = (f"a learning rate too small for the gradient (here α = {fmt(rate, 6)}, and the mean gradient of "
                    f"the loss has a length of {significant(length, 4)}), ")
            pull = f"{penalty} holding the weights where its pull towards 0 balances the data's, " if penalty else ""
            # L2 at λ = 0.01 on the sigmoid example, gradient 5.9e−7: new weights at that λ (10 seeds) all end
            # at 0.125 again; λ ÷ 10 with new weights solves 3 of 5
            cure = ("or, if it is the penalty, lower λ and re-initialize together: new weights at this λ may be "
                    "pulled back here." if penalty else "or re-initialize with random weights.")
            # the window's ends: the losses after its first and last epochs (the loss plot's points)
            text = (f"{where} A symmetric or linear network, saturated units, {slow}{pull}a plateau that the weights "
                    f"may still leave after many more epochs, or a local minimum all look like this: check the other "
                    f"findings, train longer, raise the learning rate if it is tiny, {cure}")
            if penalty:
                return [Finding(Kind.PLATEAU, Severity.INFO, "The loss has stopped falling", text, numbers=numbers,
                                remedies=(Remedy.LOWER_PENALTY, Remedy.RANDOMIZE))]
        return [Finding(Kind.PLATEAU, Severity.INFO, "The loss has stopped falling", text, numbers=numbers,
                        remedies=(Remedy.RANDOMIZE,))]
    return []


def _too_small_a_rate(old: float, new: float, last: int, rate: float, length: float, updates: int,
                      precision: int) -> Finding:
    """The loss barely falls because an epoch's updates are tiny beside the gradient they follow."""
    first = epoch_number(last - PLATEAU_EPOCHS + 1)
    g = significant(length, 4)
    step = apart(rate * length * updates, SLOW_STEP, 4)[0]  # shown below 0.0001, as the rule has it
    moves = (f"an update moves the weights by α·{g} = {step} in all" if updates == 1 else
             f"an epoch's {updates:,} updates move the weights by about {updates:,}·α·{g} = {step} in all")
    fell = (f"changed by less than a millionth of itself (it is {fmt(new, precision)} now)"
            if abs(old - new) <= PLATEAU_CHANGE * abs(old) else
            "fell from {} to {}, by {} of itself".format(*apart(old, new, precision), percent((old - new) / old, 2)))
    return Finding(
        Kind.PLATEAU, Severity.WARNING, "The learning rate is too small",
        f"Between epoch {first} and epoch {epoch_number(last)} the loss {fell}, and the fit is poor. The mean "
        f"gradient of the loss has a length of {g}, a clear slope, but at α = {fmt(rate, 6)} {moves}: the steps "
        "are far too short for the slope, and at this pace training takes a very long time. Raise the learning "
        "rate, ten times at a time, watching the loss (a rate too large makes it grow or swing).",
        numbers=(("loss", new), ("epochs", PLATEAU_EPOCHS), ("from epoch", last - PLATEAU_EPOCHS + 1),
                 ("learning rate", rate), ("mean gradient length", length)),
        remedies=(Remedy.RAISE_RATE,))

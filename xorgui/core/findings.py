"""What a diagnosis is made of: a :class:`Finding` (kind, severity, units, numbers, remedies) and
the one-click remedies a finding offers. ``diagnostics.py`` makes findings; views and the CLI
format them; the controller applies remedies (gui/remedies.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from .hidden import NOTE, Hidden
from .config import MAX_LEARNING_RATE
from .naming import some_of

if TYPE_CHECKING:
    from .training import Trainer
    from numpy import ndarray as Array

NO_FINDINGS = "No problems found in the weights, the data or the recent losses."  # what was checked, not a forecast


def no_findings_text(correct: "Array", epoch: int = 1, where: str = "window", hidden: Hidden = Hidden()) -> str:
    """What the Why? tab (``where`` "window") and ``xorgui diagnose`` ("cli") say when no rule
    fired: what was checked, and, while samples are still wrong (``correct``: the snapshot's
    right/wrong verdicts), that the checks have not found why (not that there is no problem: a
    plateau is named only once its samples barely improve over half the run). Before the first
    epoch (``epoch`` 0) there are no losses to check yet. While practice asks for a prediction
    (``hidden``) how many samples are wrong is not said: with the table's others it gives it away."""
    if hidden.prediction:
        checked = "the weights or the data" if epoch == 0 else "the weights, the data or the recent losses"
        return f"No problems found in {checked}; how many samples are wrong is {NOTE}."
    total = int(correct.size)
    wrong = total - int(correct.sum())
    counted = some_of(wrong, total, "training sample")
    if epoch == 0:
        state = "every training sample is right already" if wrong == 0 else f"{counted} wrong"
        then = ("train, and the checks will watch the losses too" if where == "window"
                else "train it (xorgui train) and diagnose again: the checks will watch the losses too")
        return f"Not trained yet: no problems found in the weights or the data; {state}. To learn more, {then}."
    if wrong == 0:
        return NO_FINDINGS
    then = "watch the Per sample tab" if where == "window" else "train on (xorgui train) and diagnose again"
    return (f"{NO_FINDINGS} Still, {counted} wrong, and none of the checks "
            f"has found why yet: {'train on, and ' if where == 'window' else ''}{then}.")


RATE_DIVISOR = 10  # the "lower the learning rate" remedy divides by this ...
LOWEST_REMEDY_RATE = 1e-5  # ... but never goes below this


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Kind(StrEnum):
    """What a finding is about (stable ids, used by tests and views)."""

    NON_FINITE = "non_finite"
    DIVERGED = "diverged"
    UNSTABLE = "unstable"  # the loss swings up and down, above where it started: too large a rate
    LINEAR = "linear"
    LINEAR_HIDDEN = "linear_hidden"
    SYMMETRIC = "symmetric"
    SATURATED_OUTPUT = "saturated_output"
    SATURATED = "saturated"
    DEAD_RELU = "dead_relu"
    PLATEAU = "plateau"
    STUCK_SAMPLE = "stuck_sample"
    UNREACHABLE_TARGET = "unreachable_target"
    NO_HIDDEN = "no_hidden"
    ONE_UNIT = "one_unit"  # every hidden layer one unit wide, on targets no flat boundary separates


# findings that say no weights of this network get every sample right: training longer never helps
NEVER_FITS = frozenset({Kind.NO_HIDDEN, Kind.ONE_UNIT})


# findings that quote every sample's prediction or loss now (hidden while ŷ is asked) ...
QUOTES_PREDICTIONS = frozenset({Kind.SATURATED_OUTPUT, Kind.STUCK_SAMPLE, Kind.PLATEAU, Kind.UNSTABLE})
# ... and those that say what the units they name output for every sample (hidden while one of
# those units' a or z is asked)
QUOTES_UNIT_OUTPUTS = frozenset({Kind.DEAD_RELU, Kind.SATURATED, Kind.SATURATED_OUTPUT})


def hides_finding(hidden: Hidden, kind: Kind, units: tuple[str, ...] = ()) -> bool:
    """True if a finding of ``kind`` about ``units`` gives away a value ``hidden`` hides."""
    return hidden.hides_finding(kind in QUOTES_PREDICTIONS, kind in QUOTES_UNIT_OUTPUTS, units)


class Remedy(StrEnum):
    """One-click remedies; the controller knows how to apply each (stable ids)."""

    SIGMOID_HIDDEN = "sigmoid_hidden"
    LEAKY_RELU = "leaky_relu"
    RANDOMIZE = "randomize"
    XAVIER = "xavier"
    LOWER_RATE = "lower_rate"
    RAISE_RATE = "raise_rate"
    UNDO = "undo"
    CROSS_ENTROPY = "cross_entropy"
    IDENTITY_OUTPUT = "identity_output"
    ADD_HIDDEN = "add_hidden"
    ADD_UNIT = "add_unit"  # a unit more in the first hidden layer
    LOWER_PENALTY = "lower_penalty"  # λ ÷ RATE_DIVISOR and new random weights, as one change


REMEDY_LABELS: dict[Remedy, str] = {
    Remedy.SIGMOID_HIDDEN: "Use sigmoid hidden units",
    Remedy.LEAKY_RELU: "Use leaky ReLU",
    Remedy.RANDOMIZE: "Randomize the weights",
    Remedy.XAVIER: "Re-initialize (Xavier)",
    Remedy.LOWER_RATE: f"Lower the learning rate ÷{RATE_DIVISOR}",
    Remedy.RAISE_RATE: f"Raise the learning rate ×{RATE_DIVISOR}",
    Remedy.UNDO: "Undo to before the divergence",
    Remedy.CROSS_ENTROPY: "Use the cross-entropy loss",
    Remedy.IDENTITY_OUTPUT: "Use an identity output unit",
    Remedy.ADD_HIDDEN: "Add a hidden layer",
    Remedy.ADD_UNIT: "Add a hidden unit",
    Remedy.LOWER_PENALTY: f"Lower λ ÷{RATE_DIVISOR} and re-initialize",
}


def lowered_rate(rate: float) -> float:
    """The learning rate the LOWER_RATE remedy sets: ``rate ÷ RATE_DIVISOR``, at least
    ``LOWEST_REMEDY_RATE``."""
    return max(rate / RATE_DIVISOR, LOWEST_REMEDY_RATE)


def raised_rate(rate: float) -> float:
    """The learning rate the RAISE_RATE remedy sets: ``rate × RATE_DIVISOR``, at most the largest
    rate a session takes."""
    return min(rate * RATE_DIVISOR, MAX_LEARNING_RATE)


@dataclass(frozen=True)
class Finding:
    """One diagnosis. ``units`` names the units concerned; ``numbers`` holds the quantities the
    explanation quotes, as (name, value) pairs; ``remedies`` are offered in this order."""

    kind: Kind
    severity: Severity
    title: str
    explanation: str
    units: tuple[str, ...] = ()
    numbers: tuple[tuple[str, float], ...] = ()
    remedies: tuple[Remedy, ...] = ()
    samples: tuple[int, ...] = ()  # the samples concerned (a stuck pattern), by index


def remedy_changes(remedy: Remedy, trainer: "Trainer") -> bool:
    """Whether ``remedy`` would change this session as its label says: a button that would
    change nothing (sigmoid hidden units with no hidden layer, a rate already at the floor) is
    not offered."""
    net, config = trainer.network, trainer.config
    hidden = net.activation_names[:-1]
    return {
        Remedy.SIGMOID_HIDDEN: bool(hidden) and any(a != "sigmoid" for a in hidden),
        Remedy.LEAKY_RELU: bool(hidden) and any(a != "leaky_relu" for a in hidden),
        Remedy.LOWER_RATE: lowered_rate(config.learning_rate) < config.learning_rate,
        Remedy.RAISE_RATE: raised_rate(config.learning_rate) > config.learning_rate,
        Remedy.CROSS_ENTROPY: config.loss != "cross_entropy",
        Remedy.IDENTITY_OUTPUT: net.activation_names[-1] != "identity",
    }.get(remedy, True)


HIDDEN_TITLE = NOTE[0].upper() + NOTE[1:]


def shown_findings(findings: tuple[Finding, ...], hidden: Hidden) -> tuple[Finding, ...]:
    """``findings`` as the Why? tab shows them while practice questions are open: one that would
    give an asked value away (:func:`hides_finding`) keeps its kind and severity but says only
    that it is hidden, with no numbers and no remedies (applying one would change the network
    under the question)."""
    return tuple(replace(f, title=HIDDEN_TITLE, explanation="A finding that quotes a value you are asked for.",
                         units=(), numbers=(), remedies=(), samples=())
                 if hides_finding(hidden, f.kind, f.units) else f for f in findings)

"""Findings about what the network's shape can represent at all, whatever its weights: no hidden
layer, linear units, hidden layers of one unit. Each names data that such a network can never
fit (XOR), with the least it can do, and the change that lifts the limit."""

from __future__ import annotations

import math

import numpy as np

from .findings import NEVER_FITS, Finding, Kind, Remedy, Severity
from .linearity import best_linear_fit, best_linear_loss, inseparable, is_xor, separable
from .numbers import fmt
from .training import Trainer

Array = np.ndarray

LEARNED_LOSS = 1e-3  # below this a flat loss is convergence, not a plateau
XOR_FLOOR = 0.125  # the best a line (or σ of one) does on XOR: 0.5 for every sample, ½·(½)² each


def _best_line(data, precision: int) -> tuple[float, str] | None:
    """The lowest mean loss a linear function of the inputs reaches on ``data``, and the sentence
    saying so (with the loss read-out's decimals, which a converged run shows it at; XOR's is exact);
    None when that is (nearly) 0: the targets are a linear function, nothing wrong."""
    if is_xor(data):
        return XOR_FLOOR, ("No linear function fits XOR: the best one predicts 0.5 for every sample, where the "
                       "mean of ½(ŷ − y)² is 0.125. ")
    best = best_linear_loss(data)
    if best < LEARNED_LOSS:
        return None
    half = "½(ŷ − y)²" if data.n_outputs == 1 else "½·Σ(ŷ − y)² (summed over the outputs)"
    return best, ("The best linear function for these samples (the least-squares fit) reaches a mean of "
                  f"{half} of {fmt(best, precision)}; no weights of this network do better. ")


def linear(trainer: Trainer, precision: int) -> list[Finding]:
    line = _best_line(trainer.data, precision)
    if line is None:
        return []
    best, fit = line
    text = ("Every activation is the identity, so the whole network computes one linear function of "
            f"its inputs, however many layers it has. {fit}Use sigmoid, tanh or ReLU hidden units.")
    return [Finding(Kind.LINEAR, Severity.WARNING, "The network is linear", text,
                    numbers=(("best mean loss", best),), remedies=(Remedy.SIGMOID_HIDDEN,))]


def at_the_linear_floor(finding: Finding, loss: float, trainer: Trainer) -> bool:
    """A linear network's squared loss at the least any linear function reaches (the finding's
    "best mean loss"): no plateau advice beside it (3-input parity at 0.125 was told to train
    longer or raise the rate)."""
    # within a thousandth: a mini-batch run sways about the floor (0.12500046 at α = 0.05, batches of 2)
    return (finding.kind is Kind.LINEAR and trainer.config.loss == "squared"
            and loss <= dict(finding.numbers)["best mean loss"] * (1 + 1e-3))


def explains_a_flat_loss(finding: Finding, loss: float, trainer: Trainer) -> bool:
    """Whether ``finding`` is why the loss is flat, so that no plateau advice goes beside it: a
    network that never fits, a linear one at its floor, or linear hidden layers on XOR at theirs
    (every prediction 0.5: 0.125, the best such a network does there; new weights end there too)."""
    floor = _xor_floor(trainer) if finding.kind is Kind.LINEAR_HIDDEN else None
    return (finding.kind in NEVER_FITS or at_the_linear_floor(finding, loss, trainer)
            or (floor is not None and loss <= floor * (1 + 1e-3)))  # within a thousandth, as the linear floor


def _xor_floor(trainer: Trainer) -> float | None:
    """The least loss σ(one line) reaches on XOR, every prediction 0.5: ½·0.5² = 0.125 squared (a
    sigmoid or tanh output), ln 2 cross-entropy; None for other data or outputs (not worked out)."""
    if not is_xor(trainer.data):
        return None
    if trainer.config.loss == "cross_entropy":
        return math.log(2)
    return XOR_FLOOR if trainer.network.activation_names[-1] in ("sigmoid", "tanh") else None


def linear_hidden(trainer: Trainer) -> Finding:
    output = trainer.network.activations[-1]
    out = output.label
    logistic = " This is logistic regression's model." if output.name == "sigmoid" else ""
    return Finding(
        Kind.LINEAR_HIDDEN, Severity.WARNING, "The hidden layers are linear",
        f"Every hidden unit is the identity, so the network computes {out}(one linear function of "
        f"the inputs).{logistic} " + (
            "Its prediction crosses 0.5 along one straight line in the input plane, and no straight "
            "line separates XOR's 1s from its 0s: at best 3 of the 4 samples are right. "
            if is_xor(trainer.data) else
            "Each output changes along one direction of the inputs only, so it can fit only targets "
            "that one flat boundary (a straight line for two inputs) separates. ") +
        "Use sigmoid, tanh or ReLU hidden units.",
        remedies=(Remedy.SIGMOID_HIDDEN,))


def one_unit(trainer: Trainer) -> list[Finding]:
    """Every hidden layer has one unit: the output is a function of one weighted sum t = w·x + b
    that only rises or only falls with t (each activation does), so each output crosses 0.5 on
    one flat boundary, whatever the weights. On two-valued targets (0/1, −1/1) that none separates
    (proven: :func:`linearity.inseparable`), no run fits."""
    data, layers = trainer.data, trainer.network.layers
    if any(n != 1 for n in layers[1:-1]) or not inseparable(data):
        return []
    one, which = ("The hidden layer has", "the hidden layer") if len(layers) == 3 else \
        ("Every hidden layer has", "the first hidden layer")
    return [Finding(
        Kind.ONE_UNIT, Severity.WARNING, "One hidden unit cannot fit these samples",
        f"{one} one unit, so the network computes a function of one weighted sum of the inputs "
        "(w·x + b) that only rises or only falls with it: its prediction crosses 0.5 along one " + (
            "straight line in the input plane, and no straight line separates XOR's 1s from its 0s: at best "
            "3 of the 4 samples are right, however long it trains. " if is_xor(data) else
            "flat boundary across the inputs, and none separates these samples by target: some stay "
            "wrong however long it trains. ") +
        f"Give {which} more units (two are enough for XOR): the button adds one, as the Network tab and "
        f"the + under the layer on the diagram do.{_identical_new_unit(trainer)}",
        remedies=(Remedy.ADD_UNIT,))]


def no_hidden(trainer: Trainer, loss: float, right: Array, precision: int) -> list[Finding]:
    """No hidden layer. Under a linear output ŷ = w·x + b is one linear function of the inputs;
    under a squashing one, on 0/1 targets not fitted yet, ŷ = f(w·x + b) is 0.5 on one straight
    line (w·x + b = 0), whatever the weights."""
    data, net = trainer.data, trainer.network
    if net.activations[-1].linear:
        return _no_hidden_linear(trainer, right, precision)
    if not np.all((data.targets == 0) | (data.targets == 1)) or loss < LEARNED_LOSS:
        return []
    if not inseparable(data):  # proven: XOR, or a certificate that no line separates the targets
        return []  # AND, OR, … (and a line of tiny margin the search has not found): this network may fit them
    xor = ("XOR's four samples cannot be: no line has (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) "
           "on the other, so no weights fit them. " if is_xor(data) else "")
    line = ("one straight line across the input plane" if data.n_inputs == 2 else
            "one flat boundary across the inputs (a point, a line, a plane, …)")
    return [Finding(
        Kind.NO_HIDDEN, Severity.WARNING, "No hidden layer",
        f"{_each_output(data)} sees the inputs directly: ŷ = {net.activations[-1].label}(w·x + b), which crosses 0.5 "
        f"(where a prediction turns from 0 to 1) on {line}. Samples that no such boundary separates by "
        f"target are never all right. {xor}Add a hidden layer (the Network tab, "
        f"or the + between two layers on the diagram).{_identical_new_units(trainer)}",
        numbers=(("loss", loss),), remedies=(Remedy.ADD_HIDDEN,))]


def _no_hidden_linear(trainer: Trainer, right: Array, precision: int) -> list[Finding]:
    data, line = trainer.data, _best_line(trainer.data, precision)
    if line is None:
        return []
    best, fit = line
    if (np.all((data.targets == 0) | (data.targets == 1)) and separable(data)
            and (np.all(right) or np.all(np.abs(best_linear_fit(data) - data.targets) < 0.5))):
        # AND, OR, …: a line separates the targets, and the samples are right (or the best linear
        # function, which training approaches, gets them right): the network does its job, and the
        # least-squares loss above 0 is no fault (0/1 targets are never exactly linear)
        return []
    return [Finding(
        Kind.NO_HIDDEN, Severity.WARNING, "No hidden layer",
        f"{_each_output(data)} sees the inputs directly and is the {trainer.network.activations[-1].label}: "
        f"ŷ = w·x + b, one linear function of the inputs. {fit}Add a hidden layer of sigmoid, tanh "
        "or ReLU units: the button adds a layer of sigmoid units. The Network tab and the + on the "
        "diagram add a layer of identity units here (like the output), which leaves the network "
        f"linear: choose its activation in the Network tab.{_identical_new_units(trainer)}",
        numbers=(("best mean loss", best),), remedies=(Remedy.ADD_HIDDEN,))]


def _each_output(data) -> str:
    return "The output unit" if data.n_outputs == 1 else "Each output unit"


def _identical_new_unit(trainer: Trainer) -> str:
    """Under constant initialization an added unit's weights are the constant: the same as an
    untrained unit's, which it would then match for good (the symmetric finding offers Randomize)."""
    if trainer.init.method != "constant":
        return ""
    return (f" Under constant initialization ({trainer.init.draws()}) the new unit starts with the same weights as "
            "a unit not trained yet, and the two would stay identical: after adding it, randomize the weights "
            "(this tab then offers Randomize), then train.")


def _identical_new_units(trainer: Trainer) -> str:
    """Under constant initialization every new weight is the same value: the units of an added
    layer start identical and would stay so (the symmetric finding then offers Randomize)."""
    if trainer.init.method != "constant":
        return ""
    return (f" Under constant initialization ({trainer.init.draws()}) the new layer's "
            "units start with the same weights and would stay identical: after adding it, randomize "
            "the weights (this tab then offers Randomize), then train.")

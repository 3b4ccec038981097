"""The diagnostics' one-click remedies and the article's demos, as tables keyed by enums.

A remedy is a ``core.diagnostics.Remedy``; a demo key is an erratum's key in
``core.errata``. Each entry is one controller command (or a short list of them), so a remedy
or a demo is undoable like anything the user does by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Callable

import numpy as np

from ..core.diagnostics import Remedy, lowered_rate
from ..core.findings import RATE_DIVISOR, raised_rate
from ..core.naming import epoch_number
from ..core.numbers import as_set
from ..core.presets import LINEAR_EPOCHS, SYMMETRY_EPOCHS, make_preset
from .result import OK, Result, refused

if TYPE_CHECKING:
    from ..core.lesson import Walk
    from .controller import Controller


def new_seed() -> int:
    return int(np.random.default_rng().integers(0, 1_000_000))


def _add_hidden(c: "Controller") -> Result:
    """A hidden layer after the input; under a linear output, of sigmoid units (a linear hidden
    layer would leave the network linear)."""
    output = c.trainer.network.activations[-1]
    return c.add_layer(1, activation="sigmoid" if output.linear else None)


def _lower_penalty(c: "Controller") -> Result:
    """λ ÷ RATE_DIVISOR and new random weights, as one undoable change: a penalty that pulled the
    weights to where the data's gradient vanishes is left by neither alone (plateau.py)."""
    t = c.trainer
    rate = t.config.regularization_rate / RATE_DIVISOR
    init = t.init.randomized(new_seed())  # as Randomize makes them

    def lower_and_reinitialize() -> None:
        t.set_config(replace(t.config, regularization_rate=rate))
        t.reinitialize(init)
    return c.change(f"Regularization λ {as_set(rate)} and new weights", lower_and_reinitialize, resets_history=True)


REMEDIES: dict[Remedy, Callable[["Controller"], Result]] = {
    Remedy.SIGMOID_HIDDEN: lambda c: c.set_hidden_activation("sigmoid"),
    Remedy.LEAKY_RELU: lambda c: c.set_hidden_activation("leaky_relu"),
    Remedy.RANDOMIZE: lambda c: c.randomize_weights(),
    Remedy.XAVIER: lambda c: c.set_initialization(replace(c.trainer.init, method="xavier", seed=new_seed())),
    Remedy.LOWER_RATE: lambda c: c.set_learning_rate(lowered_rate(c.trainer.config.learning_rate)),
    Remedy.RAISE_RATE: lambda c: c.set_learning_rate(raised_rate(c.trainer.config.learning_rate)),
    Remedy.CROSS_ENTROPY: lambda c: c.set_loss("cross_entropy"),
    Remedy.IDENTITY_OUTPUT: lambda c: c.set_activation(-1, "identity"),
    Remedy.ADD_HIDDEN: _add_hidden,
    Remedy.ADD_UNIT: lambda c: c.add_unit(1),
    Remedy.LOWER_PENALTY: _lower_penalty,
    Remedy.UNDO: lambda c: c.undo_divergence(),  # to the last finite state before it, as many Undos would
}


class Demo(StrEnum):
    SIGN = "sign"
    ZERO_INPUTS = "zero_inputs"
    BIAS_DELTA = "bias_delta"
    PREDICTION = "prediction"
    NEGATIVE_COST = "negative_cost"
    LINEAR = "linear"
    SYMMETRY = "symmetry"


@dataclass(frozen=True)
class DemoPlan:
    """Load ``preset`` (as one undoable change), then either step phase by phase until the
    phase ``stop`` = (kind, layer) is shown (None: the whole sample) and point the board at the
    equations named in ``marks`` (the erratum's numbers), or train ``epochs``."""

    preset: str
    title: str
    stop: tuple[str, int] | None = None
    marks: tuple[str, ...] = ()
    epochs: int = 0
    shows_findings: bool = False  # the point is made by the Why? tab: the window shows it

    @property
    def walks(self) -> bool:
        return self.epochs == 0


DEMOS: dict[Demo, DemoPlan] = {
    # the whole step: the delta's sign, the updates it gives and the prediction after them
    Demo.SIGN: DemoPlan("article", "the article's example", marks=("ŷ_new", "L_new", "V00", "W10", "δ_D0")),
    Demo.ZERO_INPUTS: DemoPlan("article", "the article's example", stop=("update", 0), marks=("∂L/∂W11", "W11")),
    # the hidden deltas: δ_Z1 … δ_Z3 and none for Z0 (the phase's note says why)
    Demo.BIAS_DELTA: DemoPlan("article", "the article's example", stop=("delta", 1)),
    Demo.PREDICTION: DemoPlan("article", "the article's example", stop=("forward", 2), marks=("ŷ",)),  # ŷ = z_D0 = 4
    Demo.NEGATIVE_COST: DemoPlan("article", "the article's example", stop=("loss", 2), marks=("y − ŷ", "L")),
    Demo.LINEAR: DemoPlan("seed", "the seed example", epochs=LINEAR_EPOCHS, shows_findings=True),
    Demo.SYMMETRY: DemoPlan("symmetric", "the symmetric sigmoid example", epochs=SYMMETRY_EPOCHS,
                            shows_findings=True),
}


def apply(c: "Controller", remedy: str) -> Result:
    if remedy not in REMEDIES:
        return refused(f"unknown remedy {remedy!r}")
    return REMEDIES[Remedy(remedy)](c)


def run_demo(c: "Controller", key: str) -> Result:
    if key not in DEMOS:
        return refused(f"unknown demo {key!r}")
    plan = DEMOS[Demo(key)]
    result = c.load_example(make_preset(plan.preset), f"Load {plan.title}")
    if not result:
        return result
    if plan.walks:
        def more(walk: "Walk") -> bool:
            current = walk.current
            return not (walk.finished or (plan.stop and (current.kind, current.layer) == plan.stop))
        c.walks.run_without_practice(more)
        c.walks.mark(plan.marks)
        return OK
    return c.change(f"Train {epoch_number(plan.epochs)} epochs", lambda: c.trainer.run_epochs(plan.epochs))

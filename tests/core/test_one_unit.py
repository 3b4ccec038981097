"""A network whose hidden layers each have one unit computes a function of one weighted sum of the
inputs that only rises or only falls with it (every activation is monotone), so its 0.5 level is
one flat boundary: on targets that no line separates (XOR) no weights fit, and the findings, the
lottery and the stuck-sample text say so instead of "train longer". One wider layer after the
narrow one can bend back (2-1-3-1 solves XOR): not flagged."""

import itertools

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.diagnostics import diagnose
from xorgui.core.lottery import LotterySpec
from xorgui.core.lottery_report import run_lottery

XOR = Dataset(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float), np.array([[0], [1], [1], [0]], float))
AND = Dataset(XOR.inputs, np.array([[0], [0], [0], [1]], float))


def trainer(layers, acts, data=XOR, seed=1, lr=2.0):
    init = Initialization("uniform", seed=seed)
    return Trainer(Network(list(layers), list(acts), init.make(list(layers))), data, TrainingConfig(learning_rate=lr), init)


def kinds(t):
    return [f.kind for f in diagnose(t)]


@pytest.mark.parametrize("layers, acts", [((2, 1, 1), ("sigmoid", "sigmoid")), ((2, 1, 1), ("tanh", "sigmoid")),
                                          ((2, 1, 1, 1), ("relu", "leaky_relu", "sigmoid")),
                                          ((2, 1, 1), ("leaky_relu", "identity"))])
def test_one_unit_layers_on_xor_are_named_before_and_after_training(layers, acts):
    t = trainer(layers, acts)
    assert kinds(t)[:1] == ["one_unit"]  # before a single epoch: it is the shape, not the run
    t.run_epochs(3000)
    found = diagnose(t)
    one = next(f for f in found if f.kind == "one_unit")
    assert "at best 3 of the 4 samples are right, however long it trains" in one.explanation
    assert all("Train longer" not in f.explanation for f in found)


def test_the_claim_holds_no_line_gets_all_four_xor_samples_right():
    # the finding's argument: the prediction is monotone in one t = w·x + b, so the samples it calls 1
    # are those on one side of a line; check every split of XOR a line can make gets one wrong
    x = XOR.inputs
    for w in itertools.product(np.linspace(-2, 2, 21), repeat=3):
        t = w[0] + x @ np.array(w[1:])
        for side in (t > 0, t < 0):
            assert not np.array_equal(side, XOR.targets[:, 0] == 1)


def test_a_lottery_of_one_unit_networks_lists_every_run_under_one_hidden_unit():
    result = run_lottery(LotterySpec.of(trainer((2, 1, 1), ("sigmoid", "sigmoid")), 20, 2000))
    assert result.by_diagnosis() == [("one_unit", 20)]
    text = result.render_text()
    assert "Solved: 0 of 20" in text and "One hidden unit" in text and "Not solved yet" not in text


@pytest.mark.parametrize("layers, acts, data", [((2, 1, 1), ("sigmoid", "sigmoid"), AND),  # a line separates AND
                                                ((2, 1, 3, 1), ("tanh", "tanh", "sigmoid"), XOR),  # can bend back
                                                ((2, 2, 1), ("sigmoid", "sigmoid"), XOR)])
def test_networks_that_can_fit_the_samples_are_not_flagged(layers, acts, data):
    assert "one_unit" not in kinds(trainer(layers, acts, data))


def test_a_one_unit_then_three_unit_network_does_solve_xor():
    t = trainer((2, 1, 3, 1), ("tanh", "tanh", "sigmoid"), lr=0.5, seed=8)
    t.run_epochs(3000)
    assert np.all(np.abs(t.forward().output - XOR.targets) < 0.5)

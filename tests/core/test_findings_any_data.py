"""The linear-network findings say what is true of the data at hand, not only of XOR."""

import gc
import itertools

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer
from xorgui.core.diagnostics import Kind, best_linear_loss, diagnose

PARITY = [list(b) for b in itertools.product((0, 1), repeat=3)]
INIT = Initialization("uniform", seed=2)


def finding(trainer, kind):
    return next((f for f in diagnose(trainer) if f.kind == kind), None)


def test_the_least_squares_floor_is_the_best_any_linear_network_reaches():
    # AND: the least-squares fit of (0, 0, 0, 1) on [1, x1, x2] predicts −¼, ¼, ¼, ¾: every
    # residual is ±¼, so the mean of ½(ŷ − y)² is ½·1/16 = 0.03125
    and_data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [0], [0], [1]])
    assert abs(best_linear_loss(and_data) - 0.03125) < 1e-15
    t = Trainer(Network([2, 3, 1], ["identity", "identity"], INIT.make([2, 3, 1])), and_data)
    t.run_epochs(3000)
    assert t.history.last() >= 0.03125 - 1e-12  # training a linear network gets no lower
    assert abs(t.history.last() - 0.03125) < 1e-6  # and it gets there
    f = finding(t, Kind.LINEAR)
    assert "XOR" not in f.explanation and "of 0.0312" in f.explanation
    assert dict(f.numbers)["best mean loss"] == best_linear_loss(and_data)


def test_parity_on_a_3_4_2_1_network_is_judged_on_its_own_data():
    parity = Dataset(PARITY, [[sum(b) % 2] for b in PARITY])
    t = Trainer(Network([3, 4, 2, 1], ["identity"] * 3, INIT.make([3, 4, 2, 1])), parity)
    f = finding(t, Kind.LINEAR)
    assert "XOR" not in f.explanation and "0.125" in f.explanation  # every sample 0.5 away at best
    hidden = Trainer(Network([3, 4, 1], ["identity", "sigmoid"], INIT.make([3, 4, 1])), parity)
    text = finding(hidden, Kind.LINEAR_HIDDEN).explanation
    assert "XOR" not in text and "3 of the 4" not in text and "flat boundary" in text


def test_targets_a_line_fits_raise_no_linear_finding():
    line = Dataset([[0], [1], [2]], [[1], [3], [5]])
    t = Trainer(Network([1, 2, 1], ["identity"] * 2, INIT.make([1, 2, 1])), line)
    assert finding(t, Kind.LINEAR) is None
    assert best_linear_loss(line) < 1e-20
    assert np.isfinite(t.current_loss())


AND_TARGETS = [[0], [0], [0], [1]]
NOT_A_LINE = ([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]], [[0], [1], [1], [0], [0]])  # XOR and its centre


def no_hidden(trainer):
    return finding(trainer, Kind.NO_HIDDEN) is not None


def test_a_network_without_a_hidden_layer_is_judged_on_the_data_it_has_now():
    from xorgui.core.datasets import DataSource

    net = Network([2, 1], ["sigmoid"], [np.array([[0.1, 0.2, -0.3]])])
    t = Trainer(net, Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], AND_TARGETS))
    assert not no_hidden(t)  # a line separates AND's 1 from its 0s
    t.set_data(Dataset(*NOT_A_LINE), None, DataSource())
    assert no_hidden(t)  # no line puts XOR's centre with (0, 0) and (1, 1)
    t.set_data(Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], AND_TARGETS), None, DataSource())
    assert not no_hidden(t)


def test_data_sets_made_and_dropped_one_after_another_are_each_judged_on_their_own():
    # a data set that is gone may leave its address to the next one: its answer must not stay
    net = Network([2, 1], ["sigmoid"], [np.array([[0.1, 0.2, -0.3]])])
    for i in range(20):
        data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], AND_TARGETS) if i % 2 else Dataset(*NOT_A_LINE)
        assert no_hidden(Trainer(net.copy(), data)) == (i % 2 == 0)
        del data
        gc.collect()  # the trainer and its data go now, not at some later collection

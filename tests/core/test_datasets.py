"""The data library: every entry's shape, rows and ranges, reproducible seeds, and the split."""

import re

import numpy as np
import pytest

from xorgui.core import Dataset, Network, TrainingConfig, Trainer
from xorgui.core.datasets import LIBRARY, DataSource, build, identify, split
from xorgui.core.evaluation import evaluate, evaluate_test_set
from xorgui.core.losses import get_loss

TABLES = {
    # name: (inputs, targets) written out by hand
    "and": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [0], [0], [1]]),
    "or": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [1]]),
    "nand": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[1], [1], [1], [0]]),
    "nor": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[1], [0], [0], [0]]),
    "xor": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]),
    "xnor": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[1], [0], [0], [1]]),
    "parity3": ([[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]],
                [[0], [1], [1], [0], [1], [0], [0], [1]]),
    # (sum, carry)
    "half_adder": ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0, 0], [1, 0], [1, 0], [0, 1]]),
}
POINT_SETS = ["circle", "gaussians", "spiral", "xor_quadrants"]


def test_the_library_holds_exactly_the_issues_sets():
    assert set(LIBRARY) == set(TABLES) | set(POINT_SETS) | {"sine"}


@pytest.mark.parametrize("name", TABLES)
def test_truth_tables_are_the_hand_written_rows(name):
    train, test = build(DataSource(name))
    inputs, targets = TABLES[name]
    assert train.inputs.tolist() == inputs and train.targets.tolist() == targets and test is None
    assert (LIBRARY[name].n_inputs, LIBRARY[name].n_outputs) == (len(inputs[0]), len(targets[0]))


def test_xor_entry_is_the_articles_data():
    train, _ = build(DataSource("xor"))
    assert np.array_equal(train.inputs, Dataset.xor().inputs) and np.array_equal(train.targets, Dataset.xor().targets)


@pytest.mark.parametrize("name", POINT_SETS)
@pytest.mark.parametrize("size", [4, 7, 200, 10_000])
def test_point_sets_have_the_asked_size_two_inputs_and_balanced_0_1_targets(name, size):
    train, test = build(DataSource(name, {"size": size, "noise": 0.1, "seed": 5}))
    assert test is None and train.inputs.shape == (size, 2) and train.targets.shape == (size, 1)
    assert set(np.unique(train.targets)) == {0.0, 1.0}
    assert int(train.targets.sum()) == size // 2  # class 1 is half, rounded down
    assert np.all(np.abs(train.inputs) < 3)  # about [-1, 1], plus the jitter


def test_without_noise_the_labels_follow_the_sets_geometry():
    x, y = build(DataSource("circle", {"size": 400}))[0].inputs, build(DataSource("circle", {"size": 400}))[0].targets
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all(r[y[:, 0] == 1] <= 0.5) and np.all((r[y[:, 0] == 0] >= 0.7) & (r[y[:, 0] == 0] <= 1.0))
    q = build(DataSource("xor_quadrants", {"size": 400}))[0]
    differ = np.sign(q.inputs[:, 0]) != np.sign(q.inputs[:, 1])
    assert np.array_equal(differ, q.targets[:, 0] == 1)
    assert np.all(np.abs(q.inputs) >= 0.1) and np.all(np.abs(q.inputs) <= 1.0)
    g = build(DataSource("gaussians", {"size": 2000}))[0]
    ones = g.targets[:, 0] == 1
    assert np.allclose(g.inputs[ones].mean(axis=0), [0.5, 0.5], atol=0.03)
    assert np.allclose(g.inputs[~ones].mean(axis=0), [-0.5, -0.5], atol=0.03)
    assert np.allclose(g.inputs[ones].std(axis=0), 0.2, atol=0.02)


def test_spiral_arms_are_half_a_turn_apart():
    s = build(DataSource("spiral", {"size": 100}))[0]
    ones, zeros = s.inputs[s.targets[:, 0] == 1], s.inputs[s.targets[:, 0] == 0]
    # without noise the arm of 0s is the arm of 1s turned by π: (x, y) -> (−x, −y)
    assert np.allclose(np.sort(ones, axis=0), np.sort(-zeros, axis=0))
    assert np.hypot(*s.inputs.T).max() < 0.96


def test_noise_is_jitter_of_that_standard_deviation():
    clean = build(DataSource("spiral", {"size": 4000, "seed": 3}))[0]
    noisy = build(DataSource("spiral", {"size": 4000, "seed": 3, "noise": 0.2}))[0]
    # the same points in the same order, moved by N(0, 0.2²) in each coordinate
    assert np.array_equal(clean.targets, noisy.targets)
    assert np.std(noisy.inputs - clean.inputs) == pytest.approx(0.2, rel=0.05)


def test_sine_is_one_input_one_target_sin_pi_x():
    s = build(DataSource("sine", {"size": 50, "noise": 0}))[0]
    assert s.inputs.shape == (50, 1) and s.targets.shape == (50, 1)
    assert np.all(np.abs(s.inputs) <= 1)
    assert np.allclose(s.targets, np.sin(np.pi * s.inputs), atol=1e-15)
    assert DataSource("sine").params == {"size": 100, "noise": 0.1, "seed": 0}


@pytest.mark.parametrize("name", [*POINT_SETS, "sine"])
def test_seeds_reproduce_and_differ(name):
    a = build(DataSource(name, {"seed": 7, "noise": 0.1}, 0.25, 2))
    b = build(DataSource(name, {"seed": 7, "noise": 0.1}, 0.25, 2))
    c = build(DataSource(name, {"seed": 8, "noise": 0.1}, 0.25, 2))
    for x, y in zip(a, b):
        assert np.array_equal(x.inputs, y.inputs) and np.array_equal(x.targets, y.targets)
    assert not np.array_equal(a[0].inputs, c[0].inputs)


def test_split_keeps_rows_in_order_and_is_set_by_its_seed():
    data = Dataset([[i] for i in range(10)], [[i % 2] for i in range(10)])
    train, test = split(data, 0.3, 11)
    assert len(train) == 7 and len(test) == 3
    rows = sorted(train.inputs[:, 0].tolist() + test.inputs[:, 0].tolist())
    assert rows == list(range(10))  # every sample on exactly one side
    assert train.inputs[:, 0].tolist() == sorted(train.inputs[:, 0].tolist())
    assert np.array_equal(test.targets[:, 0], test.inputs[:, 0] % 2)  # rows keep their targets
    assert test.inputs[:, 0].tolist() == sorted(np.random.default_rng(11).permutation(10)[:3].tolist())
    assert split(data, 0.3, 12)[1].inputs.tolist() != test.inputs.tolist()
    assert split(data, 0.0, 11) == (data, None)


def test_split_keeps_one_sample_on_each_side():
    two = Dataset([[0], [1]], [[0], [1]])
    assert [len(d) for d in split(two, 0.01, 0)] == [1, 1]
    assert [len(d) for d in split(two, 0.9, 0)] == [1, 1]
    with pytest.raises(ValueError, match="at least 2 samples"):
        split(Dataset([[0]], [[0]]), 0.5, 0)


def test_library_sizes_include_the_test_set():
    train, test = build(DataSource("circle", {"size": 200}, 0.2, 0))
    assert (len(train), len(test)) == (160, 40)


@pytest.mark.parametrize("params, fraction, seed, message", [
    ({"size": 3}, 0, 0, "size must be from 4 to 10000"),
    ({"size": 10_001}, 0, 0, "size must be from 4 to 10000"),
    ({"size": 20.5}, 0, 0, "size must be a whole number"),
    ({"noise": -0.1}, 0, 0, "noise must be from 0 to 1"),
    ({"noise": float("nan")}, 0, 0, "noise must be a number"),
    # the whole range, in the window's notation (Python's :g wrote 9.22337e+18, below the real limit)
    ({"seed": -1}, 0, 0, "seed must be from 0 to 2^63 − 1, got −1"),
    ({"size": 1e9}, 0, 0, "size must be from 4 to 10000, got 1e9"),
    ({"colour": 1}, 0, 0, "circle has no parameter 'colour' (its parameters: size, noise, seed)"),
    ({}, 0.95, 0, "test fraction must be from 0 to 0.9"),
    ({}, 0.2, -3, "split seed must be a whole number"),
])
def test_bad_parameters_are_refused_with_the_range(params, fraction, seed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        DataSource("circle", params, fraction, seed)


def test_unknown_dataset_names_the_choices():
    with pytest.raises(ValueError, match="unknown dataset 'moons'; choose one of and, or"):
        DataSource("moons")
    with pytest.raises(ValueError, match="has no parameter 'size'"):
        DataSource("xor", {"size": 4})


def test_title_says_what_and_how_it_was_split():
    assert DataSource("xor").title == "XOR"
    assert DataSource("circle", {"noise": 0.1}, 0.2, 3).title == \
        "Circle (size 200, noise 0.1, seed 0), 20% kept for testing (split seed 3)"
    assert DataSource().title == "Your own rows"


def test_identify_names_a_truth_table_only_when_every_row_matches():
    assert identify(Dataset.xor()).name == "xor"
    assert identify(Dataset(*TABLES["half_adder"])).name == "half_adder"
    assert identify(Dataset([[0, 0], [0, 1], [1, 0]], [[0], [1], [1]])).name == "rows"
    assert identify(Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0.5]])).name == "rows"


def test_test_loss_and_accuracy_of_a_known_network():
    # one identity unit computing y = x: predictions 0, 0.2, 0.6, 1 on targets 0, 0, 1, 1
    net = Network([1, 1], ["identity"], [np.array([[0.0, 1.0]])])
    data = Dataset([[0.0], [0.2], [0.6], [1.0]], [[0], [0], [1], [1]])
    ev = evaluate(net, data, get_loss("squared"))
    # ½·(0 + 0.04 + 0.16 + 0)/4 = 0.025; 0.6 is 0.4 from 1: right; all four right
    assert ev.loss == pytest.approx(0.025, abs=1e-15)
    assert (ev.right, ev.samples, ev.accuracy) == (4, 4, 1.0)
    wrong = evaluate(net, Dataset([[0.5], [0.4]], [[0], [1]]), get_loss("squared"))
    assert (wrong.right, wrong.accuracy) == (0, 0.0)  # 0.5 is 0.5 from 0; 0.4 is 0.6 from 1


def test_trainer_test_set_is_measured_not_trained_on():
    train, test = build(DataSource("circle", {"size": 40}, 0.25, 1))
    net = Network([2, 3, 1], ["tanh", "sigmoid"], [np.full((3, 3), 0.1), np.full((1, 4), 0.1)])
    t = Trainer(net, train, TrainingConfig(learning_rate=0.5), test_data=test,
                source=DataSource("circle", {"size": 40}, 0.25, 1))
    before = evaluate_test_set(t)
    assert before.samples == 10 and before.loss == evaluate(t.network, test, t.loss).loss
    t.run_epochs(3)
    assert len(t.history) == 3 and t.history.last() == pytest.approx(t.current_loss())  # training set's loss
    assert evaluate_test_set(t).loss != before.loss
    assert evaluate_test_set(Trainer(net, train)) is None


def test_trainer_refuses_a_test_set_of_another_shape_or_out_of_range_for_the_loss():
    net = Network([2, 1], ["sigmoid"], [np.zeros((1, 3))])
    with pytest.raises(ValueError, match="test set has 1 inputs"):
        Trainer(net, Dataset.xor(), test_data=Dataset([[0]], [[0]]))
    with pytest.raises(ValueError, match="targets between 0 and 1"):
        Trainer(net, Dataset.xor(), TrainingConfig(loss="cross_entropy"), test_data=Dataset([[0, 0]], [[2]]))


def test_a_data_change_is_undone_with_its_test_set_and_source():
    t = Trainer(Network([2, 1], ["sigmoid"], [np.zeros((1, 3))]), Dataset.xor(), source=DataSource("xor"))
    before = t.capture()
    train, test = build(DataSource("gaussians", {"size": 20}, 0.5, 0))
    t.set_data(train, test, DataSource("gaussians", {"size": 20}, 0.5, 0))
    assert len(t.data) == 10 and len(t.test_data) == 10 and t.source.name == "gaussians"
    after = t.capture()
    t.restore(before)
    assert np.array_equal(t.data.inputs, Dataset.xor().inputs) and t.test_data is None and t.source.name == "xor"
    assert t.next_sample == 0 and len(t.batch_samples()) == 4
    t.restore(after)
    assert len(t.data) == 10 and t.source.test_fraction == 0.5

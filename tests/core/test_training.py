"""Trainer state: epochs, history, batching, shuffling, cursor; initialization; settings."""

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.presets import PRESETS, make_preset
from xorgui.core.training import History


def fresh(preset="sigmoid", **config):
    t = make_preset(preset)
    if config:
        base = t.config.to_dict()
        base.update(config)
        t.set_config(TrainingConfig(**base))
    return t


def weights_equal(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


# -- history and epochs ------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [None, 1, 2, 3, 4, 10])
def test_history_length_equals_epochs(batch):
    t = fresh(batch_size=batch)
    t.run_epochs(7)
    assert t.epoch == 7 and len(t.history) == 7
    t.run_epochs(5)
    assert t.epoch == 12 and len(t.history) == 12
    t.run_epochs(0)
    t.run_epochs(-3)
    assert t.epoch == 12 and len(t.history) == 12
    assert t.history.last() == t.history.values[-1]
    np.testing.assert_allclose(t.history.last(), t.current_loss(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("batch", [None, 1, 3])
def test_every_history_entry_is_the_mean_loss_after_that_epoch(batch):
    t = fresh(batch_size=batch)
    ref = fresh(batch_size=batch)
    t.run_epochs(25)
    expected = []
    for _ in range(25):
        ref.run_epochs(1)
        # the mean data loss over all samples, computed independently
        out = ref.network.forward(ref.data.inputs).output
        expected.append(float(np.mean(0.5 * np.sum((out - ref.data.targets) ** 2, axis=1))))
    np.testing.assert_allclose(t.history.values, expected, rtol=1e-12, atol=1e-15)


def test_history_values_are_read_only_and_grow_past_the_buffer():
    h = History([1.0, 2.0])
    for i in range(3000):
        h.append(float(i))
    assert len(h) == 3002
    assert h.values[:3].tolist() == [1.0, 2.0, 0.0]
    assert h.last() == 2999.0
    with pytest.raises(ValueError):
        h.values[0] = 5.0
    h.truncate(2)
    assert h.values.tolist() == [1.0, 2.0]
    assert History().last() is None
    t = fresh()
    t.run_epochs(2500)
    assert len(t.history) == 2500 and np.all(np.isfinite(t.history.values))


def test_loss_decreases_for_a_small_learning_rate_full_batch():
    t = fresh(learning_rate=0.1)
    before = t.current_loss()
    t.run_epochs(50)
    h = t.history.values
    assert h[0] < before
    assert np.all(np.diff(h) < 0)


def test_seed_converges_to_the_best_linear_fit():
    """A linear network can at best predict 0.5 for every XOR sample: loss ½·¼ = 0.125."""
    t = make_preset("seed")
    t.run_epochs(3000)
    out = t.forward().output
    np.testing.assert_allclose(out, 0.5, atol=1e-9)
    assert t.history.last() == pytest.approx(0.125, abs=1e-12)


# -- batch modes --------------------------------------------------------------------------------
def test_batch_modes():
    assert TrainingConfig().batch_mode(4) == "full batch"
    assert TrainingConfig(batch_size=1).batch_mode(4) == "online"
    assert TrainingConfig(batch_size=2).batch_mode(4) == "mini-batch of 2"
    assert TrainingConfig(batch_size=4).batch_mode(4) == "full batch"
    assert TrainingConfig(batch_size=9).batch_mode(4) == "full batch"
    assert TrainingConfig(batch_size=9).effective_batch(4) == 4


def test_minibatch_updates_happen_at_chunk_ends_including_a_partial_last_chunk():
    data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]], [[0], [1], [1], [0], [0.5]])
    net = make_preset("sigmoid").network
    t = Trainer(net, data, TrainingConfig(learning_rate=0.5, batch_size=2))
    results = [t.step_sample() for _ in range(5)]
    assert [r.sample for r in results] == [0, 1, 2, 3, 4]
    assert [r.updated for r in results] == [False, True, False, True, True]
    assert [r.epoch_finished for r in results] == [False] * 4 + [True]
    assert t.epoch == 1 and t.cursor == 0 and len(t.history) == 1


@pytest.mark.parametrize("n,k", [(5, 2), (5, 3), (5, 4), (7, 3), (6, 4), (8, 3)])
@pytest.mark.parametrize("shuffle", [False, True])
def test_minibatch_run_epochs_with_partial_last_chunk_equals_sample_steps(n, k, shuffle):
    rng = np.random.default_rng(n * 10 + k)
    data = Dataset(rng.uniform(-1, 1, (n, 2)), rng.uniform(0, 1, (n, 1)))
    config = TrainingConfig(learning_rate=0.8, batch_size=k, shuffle=shuffle, shuffle_seed=n)
    fast = Trainer(make_preset("sigmoid").network, data, config)
    slow = Trainer(make_preset("sigmoid").network, data, config)
    fast.run_epochs(3)
    updates = [slow.step_sample().updated for _ in range(3 * n)]
    assert sum(updates) == 3 * -(-n // k)  # ⌈n/k⌉ updates per epoch, the last one partial
    for a, b in zip(fast.network.weights, slow.network.weights):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(fast.history.values, slow.history.values, rtol=1e-13, atol=1e-15)
    # and the partial chunk is the mean over its own samples only (not padded to k)
    last = list(range(n - n % k, n))
    assert 0 < len(last) < k
    ref = Trainer(make_preset("sigmoid").network, data, TrainingConfig(learning_rate=0.8, batch_size=k))
    while ref.cursor < last[0]:
        ref.step_sample()
    w = ref.network.copy_weights()
    mean = [sum(ref.trace(i).gradients[l] for i in last) / len(last) for l in range(2)]
    for _ in last:
        ref.step_sample()
    for l in range(2):
        np.testing.assert_allclose(ref.network.weights[l], w[l] - 0.8 * mean[l], rtol=1e-13, atol=1e-15)


def test_minibatch_update_uses_the_mean_of_its_chunk():
    t = fresh(batch_size=3, learning_rate=0.7)
    w0 = t.network.copy_weights()
    traces = [t.trace(i) for i in range(3)]
    r = [t.step_sample() for _ in range(3)]
    assert [x.updated for x in r] == [False, False, True]
    for l, w in enumerate(w0):
        mean = (traces[0].gradients[l] + traces[1].gradients[l] + traces[2].gradients[l]) / 3
        np.testing.assert_allclose(t.network.weights[l], w - 0.7 * mean, rtol=1e-14, atol=1e-15)
    # the last, partial chunk (sample 3 alone) is its own update
    w1 = t.network.copy_weights()
    tr3 = t.trace(3)
    last = t.step_sample()
    assert last.updated and last.epoch_finished
    for l, w in enumerate(w1):
        np.testing.assert_allclose(t.network.weights[l], w - 0.7 * tr3.gradients[l], rtol=1e-14, atol=1e-15)


def test_online_step_changes_weights_before_the_next_sample():
    t = fresh(batch_size=1)
    w0 = t.network.copy_weights()
    t.step_sample()
    assert not weights_equal(w0, t.network.weights)
    assert t.pending_samples == 0


def test_full_batch_accumulates_until_the_epoch_ends():
    t = fresh()
    w0 = t.network.copy_weights()
    for i in range(3):
        r = t.step_sample()
        assert not r.updated and not r.epoch_finished
        assert t.pending_samples == i + 1
        assert weights_equal(w0, t.network.weights)
    r = t.step_sample()
    assert r.updated and r.epoch_finished and t.pending_samples == 0
    ref = fresh()
    ref.run_epochs(1)
    for a, b in zip(ref.network.weights, t.network.weights):
        np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-15)


# -- shuffling ----------------------------------------------------------------------------------
def sample_order(t, epochs):
    return [t.step_sample().sample for _ in range(epochs * len(t.data))]


def test_shuffle_is_reproducible_for_the_same_seed():
    a = fresh(batch_size=1, shuffle=True, shuffle_seed=42)
    b = fresh(batch_size=1, shuffle=True, shuffle_seed=42)
    oa, ob = sample_order(a, 6), sample_order(b, 6)
    assert oa == ob
    assert weights_equal(a.network.weights, b.network.weights)
    epochs = [oa[i:i + 4] for i in range(0, 24, 4)]
    assert all(sorted(e) == [0, 1, 2, 3] for e in epochs)  # every epoch is a permutation
    assert len({tuple(e) for e in epochs}) > 1  # and not the same one every epoch
    assert epochs != [[0, 1, 2, 3]] * 6
    # run_epochs follows the same order
    c = fresh(batch_size=1, shuffle=True, shuffle_seed=42)
    c.run_epochs(6)
    for x, y in zip(a.network.weights, c.network.weights):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-14)


def test_shuffle_depends_on_the_seed():
    orders = {s: sample_order(fresh(batch_size=1, shuffle=True, shuffle_seed=s), 5) for s in (1, 2)}
    assert orders[1] != orders[2]
    unshuffled = sample_order(fresh(batch_size=1), 3)
    assert unshuffled == [0, 1, 2, 3] * 3


def test_full_batch_ignores_shuffle():
    a = fresh(shuffle=True, shuffle_seed=7)
    b = fresh()
    a.run_epochs(10)
    b.run_epochs(10)
    for x, y in zip(a.network.weights, b.network.weights):
        np.testing.assert_allclose(x, y, rtol=1e-14, atol=1e-15)


# -- cursor: mixing sample steps and epochs ------------------------------------------------------
@pytest.mark.parametrize("batch,shuffle", [(1, False), (2, True), (None, False), (3, True)])
def test_run_epochs_from_mid_epoch_first_finishes_the_epoch(batch, shuffle):
    t = fresh(batch_size=batch, shuffle=shuffle, shuffle_seed=5)
    ref = fresh(batch_size=batch, shuffle=shuffle, shuffle_seed=5)
    t.step_sample()
    t.step_sample()
    assert t.cursor == 2 and t.epoch == 0
    t.run_epochs(3)
    assert t.epoch == 3 and t.cursor == 0 and len(t.history) == 3
    for _ in range(4):
        ref.step_sample()
    assert ref.epoch == 1
    ref.run_epochs(2)
    for x, y in zip(t.network.weights, ref.network.weights):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(t.history.values, ref.history.values, rtol=1e-12, atol=1e-15)


def test_run_one_epoch_from_mid_epoch_only_finishes_it():
    t = fresh(batch_size=1)
    t.step_sample()
    t.run_epochs(1)
    assert t.epoch == 1 and t.cursor == 0


def test_changing_batching_restarts_the_cursor():
    t = fresh(batch_size=1)
    t.step_sample()
    assert t.cursor == 1
    t.set_config(TrainingConfig(learning_rate=2.0, batch_size=1))  # same batching: cursor kept
    assert t.cursor == 1
    t.set_config(TrainingConfig(learning_rate=2.0, batch_size=2))
    assert t.cursor == 0 and t.pending_samples == 0


# -- initialization ------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["uniform", "normal", "xavier", "he"])
def test_same_seed_same_weights_different_seed_different(method):
    layers = [2, 4, 3, 1]
    a = Initialization(method, seed=11).make(layers)
    b = Initialization(method, seed=11).make(layers)
    c = Initialization(method, seed=12).make(layers)
    assert [w.shape for w in a] == [(4, 3), (3, 5), (1, 4)]
    assert all(w.dtype == np.float64 for w in a)
    assert weights_equal(a, b)
    assert all(not np.array_equal(x, y) for x, y in zip(a, c))


def test_constant_initialization():
    w = Initialization("constant", 0.25).make([2, 3, 1])
    assert [x.tolist() for x in w] == [[[0.25] * 3] * 3, [[0.25] * 4]]
    assert all(np.all(x == 1.0) for x in Initialization().make([3, 2]))


def test_uniform_and_normal_scale():
    w = np.concatenate([x.ravel() for x in Initialization("uniform", scale=0.5, seed=3).make([64, 64, 64])])
    assert np.all(np.abs(w) <= 0.5) and np.abs(w).max() > 0.49
    assert w.std() == pytest.approx(0.5 / np.sqrt(3), rel=0.05)
    w = np.concatenate([x.ravel() for x in Initialization("normal", scale=2.0, seed=3).make([64, 64, 64])])
    assert w.std() == pytest.approx(2.0, rel=0.05)
    assert abs(w.mean()) < 0.1


def test_xavier_and_he_scales():
    # xavier: U(±√(6/(fan_in + fan_out))), fan_in counting the bias unit
    w = Initialization("xavier", seed=4).make([2, 3, 1])
    assert np.all(np.abs(w[0]) <= np.sqrt(6 / (3 + 3)))
    assert np.all(np.abs(w[1]) <= np.sqrt(6 / (4 + 1)))
    big = Initialization("xavier", seed=4).make([64, 64, 10])
    assert np.all(np.abs(big[0]) <= np.sqrt(6 / (65 + 64)))
    assert big[0].std() == pytest.approx(np.sqrt(2 / (65 + 64)), rel=0.05)
    assert np.abs(big[0]).max() > 0.95 * np.sqrt(6 / (65 + 64))
    # he: N(0, 2/fan_in)
    he = Initialization("he", seed=4).make([64, 64, 64])
    assert he[0].std() == pytest.approx(np.sqrt(2 / 65), rel=0.05)
    assert he[1].std() == pytest.approx(np.sqrt(2 / 65), rel=0.05)
    small = Initialization("he", seed=4).make([2, 64, 1])
    assert small[0].std() == pytest.approx(np.sqrt(2 / 3), rel=0.15)


@pytest.mark.parametrize("kwargs", [
    dict(method="zeros"), dict(value=float("nan")), dict(scale=-1.0), dict(scale=float("inf")),
    dict(seed=-1), dict(seed=2**63), dict(seed=True), dict(seed=1.5), dict(value=True),
])
def test_bad_initialization(kwargs):
    with pytest.raises(ValueError):
        Initialization(**kwargs)


def test_reinitialize_restarts_epoch_and_history():
    t = fresh()
    w0 = t.network.copy_weights()
    t.run_epochs(10)
    t.step_sample()
    t.reinitialize()
    assert t.epoch == 0 and len(t.history) == 0 and t.cursor == 0
    assert weights_equal(w0, t.network.weights)  # the run's own (seeded) init
    t.reinitialize(Initialization("constant", 0.5))
    assert all(np.all(w == 0.5) for w in t.network.weights)
    assert t.init.method == "constant"


# -- settings ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [
    dict(learning_rate=0), dict(learning_rate=-0.1), dict(learning_rate=1000.1),
    dict(learning_rate=float("nan")), dict(learning_rate=float("inf")), dict(learning_rate=True),
    dict(learning_rate="0.1"), dict(loss="hinge"), dict(batch_size=0), dict(batch_size=-2),
    dict(batch_size=1.0), dict(batch_size=True), dict(regularization="l3"),
    dict(regularization_rate=-1.0), dict(regularization_rate=float("nan")), dict(shuffle=1),
    dict(shuffle_seed=-1), dict(shuffle_seed=2**63),
])
def test_bad_training_config(kwargs):
    with pytest.raises(ValueError):
        TrainingConfig(**kwargs)


def test_good_training_config_limits():
    TrainingConfig(learning_rate=1000)
    TrainingConfig(learning_rate=1e-8, batch_size=1, regularization="l1", regularization_rate=0.0)


def test_network_validation():
    with pytest.raises(ValueError, match="activations"):
        Network([2, 3, 1], ["sigmoid"], [np.ones((3, 3)), np.ones((1, 4))])
    with pytest.raises(ValueError, match="unknown activation"):
        Network([2, 1], ["softmax"], [np.ones((1, 3))])
    with pytest.raises(ValueError, match=r"weights\[1\]"):
        Network([2, 3, 1], ["sigmoid", "sigmoid"], [np.ones((3, 3)), np.ones((1, 3))])
    # a network holds what training produced, nan included, so that a diverged run stays
    # restorable; values a user types are checked by Trainer.set_weight (test_set_weight)
    assert np.isnan(Network([2, 1], ["sigmoid"], [np.array([[1.0, np.nan, 0.0]])]).weights[0][0, 1])
    for layers in ([2], [2, 0, 1], [2, 65, 1], [2] * 11, [2, True, 1], [2, 1.5, 1]):
        with pytest.raises(ValueError):
            Network(layers, ["identity"] * max(1, len(layers) - 1), [])


def test_network_copies_its_weights():
    w = [np.ones((3, 3)), np.ones((1, 4))]
    net = Network([2, 3, 1], ["identity", "identity"], w)
    w[0][0, 0] = 9.0
    assert net.weights[0][0, 0] == 1.0
    copy = net.copy()
    copy.weights[0][0, 0] = 7.0
    assert net.weights[0][0, 0] == 1.0


def test_dataset_validation():
    assert Dataset.xor().inputs.shape == (4, 2)
    for inputs, targets in [([[0, 0]], [[0], [1]]), ([], []), ([[np.inf, 0]], [[0]]), ([0, 1], [0, 1])]:
        with pytest.raises(ValueError):
            Dataset(inputs, targets)
    net = make_preset("seed").network
    with pytest.raises(ValueError, match="inputs"):
        Trainer(net, Dataset([[0, 0, 0]], [[0]]))
    with pytest.raises(ValueError, match="outputs"):
        Trainer(net, Dataset([[0, 0]], [[0, 1]]))


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_valid_and_fresh(name):
    a, b = make_preset(name), make_preset(name)
    assert a.name == name
    assert weights_equal(a.network.weights, b.network.weights)
    a.run_epochs(3)
    assert not weights_equal(a.network.weights, b.network.weights)  # no shared arrays
    assert b.epoch == 0
    with pytest.raises(ValueError, match="unknown preset"):
        make_preset("nope")


# -- undo support: capture / restore ---------------------------------------------------------------
@pytest.mark.parametrize("batch,shuffle", [(None, False), (1, True), (3, True)])
def test_capture_and_restore_mid_epoch_replays_identically(batch, shuffle):
    t = fresh(batch_size=batch, shuffle=shuffle, shuffle_seed=3)
    t.run_epochs(4)
    t.step_sample()
    t.step_sample()
    state = t.capture()
    t.run_epochs(3)
    first = ([w.copy() for w in t.network.weights], t.history.values.copy(), t.epoch)
    t.restore(state)
    assert t.epoch == 4 and t.cursor == 2 and len(t.history) == 4
    t.run_epochs(3)
    assert weights_equal(first[0], t.network.weights)
    assert np.array_equal(first[1], t.history.values) and t.epoch == first[2]


def test_restore_with_history_tail_redoes_epochs():
    t = fresh()
    t.run_epochs(5)
    before = t.capture()
    t.run_epochs(10)
    after = t.capture(history_base=5)  # the 10 epochs this action produced
    values = t.history.values.copy()
    t.restore(before)  # undo
    assert len(t.history) == 5 and t.epoch == 5
    t.restore(after)  # redo
    assert np.array_equal(t.history.values, values) and t.epoch == 15


def test_restore_across_a_change_of_shape():
    t = fresh()
    state = t.capture()
    t.set_network(Network([2, 2, 1], ["tanh", "sigmoid"], Initialization("uniform", seed=2).make([2, 2, 1])))
    t.restore(state)
    assert t.network.layers == [2, 3, 1] and t.network.activation_names == ["sigmoid", "sigmoid"]
    assert weights_equal(t.network.weights, make_preset("sigmoid").network.weights)


def test_set_weight():
    t = fresh()
    t.set_weight(1, 0, 3, -2.5)
    assert t.network.weights[1][0, 3] == -2.5
    for args in [(1, 1, 0, 1.0), (0, 0, 3, 1.0), (0, 0, 0, float("nan")), (0, 0, 0, float("inf"))]:
        with pytest.raises(ValueError):
            t.set_weight(*args)

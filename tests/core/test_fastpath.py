"""The numpy fast path (whole epochs, preallocated buffers) against stepping sample by sample
(tests/core/test_scalarpath.py holds the scalar path for tiny problems to both).

Both must give the same bits, not merely close numbers: the fast path is only an
optimisation of the plain path (Network.forward/deltas/gradients and update.descend), so
any difference in weights or history is a bug in one of them.
"""

import numpy as np
import pytest

from xorgui.core import LOSSES, REGULARIZERS, Dataset, Network, Trainer, TrainingConfig
from xorgui.core.walkthrough_render import step_phases

N_SAMPLES = 7  # with k = 3 the last mini-batch is partial (3 + 3 + 1)
BATCHES = {"full batch": None, "online": 1, "mini-batch of 2": 2, "mini-batch of 3": 3}


def problem(loss: str, regularization: str, batch, shuffle: bool = False):
    """A 3-4-2 tanh/sigmoid network on 7 random samples (targets in [0, 1] for every loss)."""
    rng = np.random.default_rng(11)
    layers = [3, 4, 2]
    weights = [rng.uniform(-1.5, 1.5, (layers[l + 1], 1 + layers[l])) for l in range(2)]
    data = Dataset(rng.uniform(-2, 2, (N_SAMPLES, 3)), rng.uniform(0, 1, (N_SAMPLES, 2)))
    config = TrainingConfig(learning_rate=0.7, loss=loss, batch_size=batch, regularization=regularization,
                            regularization_rate=0.0 if regularization == "none" else 0.03,
                            shuffle=shuffle, shuffle_seed=5)
    return lambda: Trainer(Network(layers, ["tanh", "sigmoid"], weights), data, config)


def stepped(make, epochs: int) -> Trainer:
    t = make()
    while t.epoch < epochs:
        t.step_sample()
    return t


@pytest.mark.parametrize("regularization", sorted(REGULARIZERS))
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("mode", sorted(BATCHES))
def test_fast_path_equals_stepping_bit_for_bit(mode, loss, regularization):
    make = problem(loss, regularization, BATCHES[mode], shuffle=BATCHES[mode] not in (None, 1))
    assert make().config.batch_mode(N_SAMPLES) == mode
    fast = make()
    fast.run_epochs(6, engine="numpy")
    slow = stepped(make, 6)
    for a, b in zip(fast.network.weights, slow.network.weights):
        assert np.array_equal(a, b)
    assert np.array_equal(fast.history.values, slow.history.values)
    assert len(fast.history) == 6
    # the run moved the weights: equal because both computed the same, not because neither ran
    assert not np.array_equal(fast.network.weights[0], make().network.weights[0])


@pytest.mark.parametrize("mode", sorted(BATCHES))
def test_fast_path_from_mid_epoch_equals_stepping_bit_for_bit(mode):
    make = problem("squared", "l2", BATCHES[mode], shuffle=True)
    fast = make()
    for _ in range(3):
        fast.step_sample()
    fast.run_epochs(4, engine="numpy")  # finishes the stepped epoch, then 3 whole ones
    slow = stepped(make, 4)
    for a, b in zip(fast.network.weights, slow.network.weights):
        assert np.array_equal(a, b)
    assert np.array_equal(fast.history.values, slow.history.values)


@pytest.mark.parametrize("mode", sorted(BATCHES))
def test_stretches_of_samples_equal_stepping_bit_for_bit(mode):
    # the twin window's slices of a long epoch: stretches that start and end mid-batch, stop at
    # the end of an epoch and go on in the next, each the same numbers as stepping that many
    make = problem("cross_entropy", "l2", BATCHES[mode], shuffle=True)
    fast, slow = make(), make()
    for count in [2, 4, 1, 5, 7, 3, 9, 2]:
        fast.run_samples(count)
        for _ in range(min(count, N_SAMPLES - slow.cursor)):
            slow.step_sample()
        assert (fast.epoch, fast.cursor, fast.pending_samples) == (slow.epoch, slow.cursor, slow.pending_samples)
        for a, b in zip(fast.network.weights, slow.network.weights):
            assert np.array_equal(a, b)
        assert all(np.array_equal(a, b) for a, b in zip(fast.accumulated(), slow.accumulated()))
    assert (fast.epoch, fast.cursor) == (3, 2) and np.array_equal(fast.history.values, slow.history.values)
    assert not np.array_equal(fast.network.weights[0], make().network.weights[0])


@pytest.mark.parametrize("mode", sorted(BATCHES))
def test_walk_shows_the_weights_the_step_produces_bit_for_bit(mode):
    """The walkthrough's update (online, or the mean of a completed batch) is the trainer's own."""
    t = problem("cross_entropy", "l1", BATCHES[mode])()
    checked = 0
    for _ in range(N_SAMPLES):
        sample, trace, batch, phases = step_phases(t)
        result = t.step_sample(trace)
        if batch is None:
            expected = trace.weights_after
        elif batch.complete:
            expected = batch.weights_after
        else:
            assert not result.updated
            continue
        assert result.updated
        assert all(np.array_equal(a, b) for a, b in zip(expected, t.network.weights))
        shown = [eq.value for ph in phases if ph.kind == "update" for eq in ph.equations if eq.kind == "weight"]
        assert np.array_equal(shown, np.concatenate([w.ravel() for w in t.network.weights]))
        checked += 1
    assert checked == {None: 1, 1: N_SAMPLES, 2: 4, 3: 3}[BATCHES[mode]]


def test_the_history_is_the_loss_the_snapshot_shows_bit_for_bit():
    from xorgui.core.snapshot import describe
    t = problem("squared", "none", None)()
    t.run_epochs(3)
    assert describe(t).loss == t.history.last() == t.current_loss()

"""Each sample's loss per epoch: the engine's own numbers, bounded like the mean, undoable."""

import numpy as np
import pytest

from xorgui.core import Dataset, Network, Trainer
from xorgui.core.history import EXACT_EPOCHS
from xorgui.core.presets import make_preset
from xorgui.core.sample_history import MAX_TRACKED, SampleHistory


def per_sample_now(t):
    """½·Σ(ŷ − y)² per sample from a plain forward pass (the sigmoid preset's squared loss)."""
    out = t.network.forward(t.data.inputs).output
    return 0.5 * np.sum((out - t.data.targets) ** 2, axis=1)


@pytest.mark.parametrize("engine", ["numpy", "scalar"])
@pytest.mark.parametrize("batch", [None, 1, 3])
def test_every_epoch_records_each_samples_loss_after_it(batch, engine):
    t, ref = make_preset("sigmoid"), make_preset("sigmoid")
    for tr in (t, ref):
        if batch:
            tr.set_config(tr.config.__class__(**{**tr.config.to_dict(), "batch_size": batch}))
    t.run_epochs(30, engine=engine)  # a fast path
    for _ in range(4):        # and sample steps finishing epoch 31
        t.step_sample()
    expected = []
    for _ in range(31):
        ref.run_epochs(1)
        expected.append(per_sample_now(ref))
    got = np.array([t.sample_history.at(e) for e in range(1, 32)])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    # the mean of the four is the mean loss the history holds
    np.testing.assert_allclose(got.mean(axis=1), t.history.values, rtol=1e-12)


def test_undo_and_redo_bring_the_per_sample_losses_back():
    t = make_preset("sigmoid")
    t.run_epochs(10)
    before = t.capture()
    t.run_epochs(5)
    after = t.capture(history_base=10)
    last = t.sample_history.last()
    t.restore(before)
    assert len(t.sample_history) == 10
    t.restore(after)
    assert len(t.sample_history) == 15 and np.array_equal(t.sample_history.last(), last)
    reset_before = t.capture(history_base=0)
    t.reinitialize()
    assert len(t.sample_history) == 0
    t.restore(reset_before)
    assert np.array_equal(t.sample_history.last(), last)


def test_an_opened_session_records_from_its_epoch_on():
    old = make_preset("sigmoid")
    old.run_epochs(7)
    t = Trainer(old.network.copy(), old.data, old.config, old.init, epoch=7, history=old.history.values)
    t.run_epochs(3)
    assert t.sample_history.start == 7 and t.sample_history.end == 10
    np.testing.assert_allclose(t.sample_history.at(10).mean(), t.history.last(), rtol=1e-12)


def test_bounded_like_the_mean_loss_and_only_for_truth_table_sizes():
    h = SampleHistory(4)
    h.extend_constant(0.25, 4 * EXACT_EPOCHS)
    assert all(track.decimated for track in h.tracks) and len(h) == 4 * EXACT_EPOCHS
    n = MAX_TRACKED + 1
    big = Trainer(Network([1, 2, 1], ["sigmoid", "sigmoid"], [np.ones((2, 2)), np.ones((1, 3))]),
                  Dataset(np.arange(n).reshape(-1, 1) / n, np.zeros((n, 1))))
    big.run_epochs(2)
    assert big.sample_history.width == 0 and len(big.history) == 2


def test_new_data_starts_its_own_per_sample_record_and_undo_brings_the_old_one_back():
    from xorgui.core.datasets import DataSource

    t = make_preset("sigmoid")
    t.run_epochs(10)
    old = t.sample_history.last()
    before = t.capture()
    parity_ish = Dataset([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]], [[0], [1], [1], [0], [1]])
    t.set_data(parity_ish, None, DataSource())
    after = t.capture()
    assert t.sample_history.width == 5 and t.sample_history.start == 10 and len(t.sample_history) == 0
    t.run_epochs(3)
    assert t.sample_history.end == 13 and t.sample_history.last().shape == (5,)
    t.restore(before)
    assert t.sample_history.width == 4 and np.array_equal(t.sample_history.last(), old)
    t.run_epochs(2)  # the old data's record goes on
    assert t.sample_history.end == 12
    t.restore(after)
    assert t.sample_history.width == 5 and len(t.sample_history) == 0


def test_a_ranking_puts_the_worst_sample_first_and_a_loss_that_is_not_finite_before_all():
    from xorgui.core.sample_curves import Ranking
    r = Ranking(np.array([0.2, np.nan, 0.9, 0.2, 0.05]))
    assert r.order.tolist() == [1, 2, 0, 3, 4]  # ties keep the samples' order
    assert np.array_equal(r.losses, [np.nan, 0.9, 0.2, 0.2, 0.05], equal_nan=True)
    x, y = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]), np.array([[1.0], [0.0], [1.0], [0.0], [1.0]])
    assert r.at_rank(1, x, y) == "rank 2 of 5: sample 2: (2) → 1, loss 0.9"

"""Each sample's loss at the epoch its per-sample record starts from (epoch 0 for a new run): the
first point of its line on the Per sample tab, as the mean loss curve starts at epoch 0."""

import json

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core import sessionfile as sf


def fresh():
    init = Initialization("uniform", seed=7)
    return Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), Dataset.xor(),
                   TrainingConfig(learning_rate=2.0), init)


def test_training_keeps_each_samples_loss_at_epoch_0():
    t = fresh()
    before = t.sample_losses()
    assert np.array_equal(t.sample_start_losses, before)  # before any epoch: the current weights'
    t.run_epochs(3)
    assert np.array_equal(t.sample_history.origin, before)
    assert np.array_equal(t.sample_start_losses, before)
    assert np.isclose(before.mean(), t.history.start)  # the mean of them is the mean loss's epoch 0


def test_a_stepped_first_epoch_keeps_them_too():
    t = fresh()
    before = t.sample_losses()
    t.step_sample()
    assert np.array_equal(t.sample_start_losses, before)  # not the weights after one update


def test_reinitializing_forgets_them_and_undo_brings_them_back():
    t = fresh()
    before = t.sample_losses()
    t.run_epochs(2)
    state = t.capture(0)
    t.reinitialize(Initialization("uniform", seed=8))
    assert t.sample_history.origin is None
    assert np.array_equal(t.sample_start_losses, t.sample_losses())  # the new weights', live
    t.restore(state)
    assert np.array_equal(t.sample_history.origin, before)


def test_undo_to_before_training_shows_the_current_weights_again():
    t = fresh()
    state = t.capture(0)
    t.run_epochs(2)
    t.restore(state)
    assert t.sample_history.origin is None and len(t.sample_history) == 0
    assert np.array_equal(t.sample_start_losses, t.sample_losses())


def test_they_survive_save_and_reopen():
    t = fresh()
    before = t.sample_losses()
    t.run_epochs(5)
    back = sf.loads(sf.dumps(t))
    assert np.array_equal(back.sample_history.origin, before)


def test_a_file_without_them_still_opens_its_lines_starting_after_the_first_epoch():
    t = fresh()
    t.run_epochs(5)
    doc = json.loads(sf.dumps(t))
    for track in doc["sample_history"]["tracks"]:
        assert "start" in track
        del track["start"]  # as files written before it was recorded
    back = sf.loads(json.dumps(doc))
    assert back.sample_history.origin is None and back.sample_start_losses is None
    assert np.array_equal(back.sample_history.at(5), t.sample_history.at(5))


def test_a_track_start_that_is_not_a_number_is_refused_by_name():
    t = fresh()
    t.run_epochs(2)
    doc = json.loads(sf.dumps(t))
    doc["sample_history"]["tracks"][1]["start"] = "big"
    try:
        sf.loads(json.dumps(doc))
    except sf.SessionError as e:
        assert "sample_history.tracks[1].start" in str(e)
    else:
        raise AssertionError("accepted")


def test_a_partly_stepped_first_epoch_keeps_them_in_the_file():
    t = fresh()
    before = t.sample_losses()
    t.step_sample()
    t.step_sample()
    back = sf.loads(sf.dumps(t))
    assert len(back.sample_history) == 0 and np.array_equal(back.sample_history.origin, before)
    assert np.array_equal(back.sample_start_losses, before)  # not the weights after two updates
    back.step_sample(), back.step_sample()  # the epoch ends: one point after them
    t.step_sample(), t.step_sample()
    assert np.array_equal(back.sample_history.at(1), t.sample_history.at(1))


def test_nothing_is_written_before_training():
    assert "sample_history" not in json.loads(sf.dumps(fresh()))

"""Undo's foundation: Trainer.capture() then restore() gives back exactly the state a user saw.

Each test builds the expected state independently (a twin trainer that never went further), so
a restore that forgets a field (the markers, the half-accumulated batch, the epoch order …) fails.
"""

import numpy as np
import pytest

from xorgui.core import Network, TrainingConfig
from xorgui.core.presets import make_preset


def state_of(t):
    """Everything a user can see or that changes what the next step does."""
    return {
        "layers": list(t.network.layers),
        "activations": list(t.network.activation_names),
        "weights": [w.tolist() for w in t.network.weights],
        "config": t.config,
        "init": t.init,
        "epoch": t.epoch,
        "cursor": t.cursor,
        "next_sample": t.next_sample,
        "pending": t.pending_samples,
        "accumulated": [a.tolist() for a in t.accumulated()],
        "markers": [(m.epoch, m.label) for m in t.markers],
        "history": t.history.values.tolist(),
    }


def minibatch_sigmoid():
    """Mini-batches of 3 over XOR's 4 samples, shuffled: the epoch order matters."""
    t = make_preset("sigmoid")
    t.set_config(TrainingConfig(learning_rate=0.7, batch_size=3, shuffle=True, shuffle_seed=11))
    return t


def walk_to_the_capture_point(t):
    t.run_epochs(3)
    t.add_marker("rate changed")
    t.step_sample()  # one sample of a batch of three: accumulated, not applied
    t.add_marker("W10 edited")


def test_restore_returns_every_field_after_training_edits_and_a_new_shape():
    t, twin = minibatch_sigmoid(), minibatch_sigmoid()
    walk_to_the_capture_point(t)
    walk_to_the_capture_point(twin)
    state = t.capture()
    expected = state_of(twin)
    assert expected["pending"] == 1 and len(expected["markers"]) == 2  # the capture point is mid-batch

    t.run_epochs(5)
    t.add_marker("later edit")
    t.set_weight(1, 0, 2, -3.5)
    t.set_network(Network([2, 4, 1], ["tanh", "sigmoid"], make_preset("deep").init.make([2, 4, 1])))
    t.set_config(TrainingConfig(learning_rate=0.1))
    t.run_epochs(2)
    assert state_of(t) != expected

    t.restore(state)
    assert state_of(t) == expected
    # and it goes on exactly as the twin does: the batch in progress, the shuffled order
    for _ in range(6):
        a, b = t.step_sample(), twin.step_sample()
        assert (a.sample, a.updated) == (b.sample, b.updated)
    t.run_epochs(4)
    twin.run_epochs(4)
    assert state_of(t) == state_of(twin)


def test_restore_drops_the_markers_added_after_the_capture_and_keeps_the_earlier_ones():
    t = make_preset("seed")
    t.run_epochs(2)
    t.add_marker("first")
    state = t.capture()
    t.add_marker("second")
    t.run_epochs(1)
    t.add_marker("third")
    t.restore(state)
    assert [(m.epoch, m.label) for m in t.markers] == [(2, "first")]
    t.add_marker("after undo")  # the restored list is the trainer's own, not the state's
    assert [m.label for m in state.markers] == ["first"]


def test_a_reinitialized_trainer_gets_its_markers_back_on_restore():
    t = make_preset("sigmoid")
    t.run_epochs(4)
    t.add_marker("edit")
    state = t.capture(history_base=0)  # what undo keeps before a change that resets the history
    t.reinitialize()  # epoch, history and markers restart
    assert t.markers == [] and t.epoch == 0 and len(t.history) == 0
    t.restore(state)
    assert [(m.epoch, m.label) for m in t.markers] == [(4, "edit")]
    assert t.epoch == 4 and len(t.history) == 4


@pytest.mark.parametrize("base", [0, 2, 5])
def test_history_is_restored_as_a_diff_from_its_base(base):
    t = make_preset("sigmoid")
    t.run_epochs(5)
    full = t.history.values.copy()
    state = t.capture(history_base=base)  # keeps entries base..5 in the state
    assert state.history_tail.tolist() == full[base:].tolist()
    t.history.truncate(base)  # an undo cut the history back to the base ...
    t.run_epochs(3)  # ... and other epochs were trained from there
    t.restore(state)
    assert t.history.values.tolist() == full.tolist()


def test_capture_with_no_base_keeps_no_history_and_restore_cuts_back_to_it():
    t = make_preset("sigmoid")
    t.run_epochs(3)
    before = t.history.values.copy()
    state = t.capture()  # an ordinary action's "before": nothing of the history is copied
    assert len(state.history_tail) == 0 and state.history_base == 3
    t.run_epochs(4)
    t.restore(state)
    assert t.history.values.tolist() == before.tolist()


def test_the_state_is_a_copy_not_a_view_of_the_live_trainer():
    t = minibatch_sigmoid()
    t.step_sample()
    state = t.capture(history_base=0)
    saved = ([w.copy() for w in state.weights], [a.copy() for a in state.accumulated], state.order.copy())
    t.run_epochs(3)  # changes weights, the accumulation and the order in place where it can
    t.set_weight(0, 0, 0, 42.0)
    assert all(np.array_equal(a, b) for a, b in zip(state.weights, saved[0]))
    assert all(np.array_equal(a, b) for a, b in zip(state.accumulated, saved[1]))
    assert np.array_equal(state.order, saved[2])
    t.restore(state)
    t.step_sample()  # training after a restore must not write into the state either
    t.run_epochs(1)
    assert all(np.array_equal(a, b) for a, b in zip(state.weights, saved[0]))
    assert all(np.array_equal(a, b) for a, b in zip(state.accumulated, saved[1]))


@pytest.mark.parametrize("layers, activations", [
    ([2, 3, 1], ["tanh", "sigmoid"]),  # the activations change, the shape stays
    ([2, 5, 1], ["sigmoid", "sigmoid"]),  # the shape changes, the activations stay
])
def test_restore_rebuilds_the_network_after_a_change_of_shape_or_activations(layers, activations):
    t = make_preset("sigmoid")
    t.run_epochs(2)
    state, expected = t.capture(), state_of(t)
    t.set_network(Network(layers, activations, make_preset("deep").init.make(layers)))
    t.restore(state)
    assert state_of(t) == expected
    out = t.forward().output  # and it computes with the restored activations
    twin = make_preset("sigmoid")
    twin.run_epochs(2)
    assert np.array_equal(out, twin.forward().output)


def test_set_weight_reaches_every_weight_bias_included_and_refuses_with_a_reason():
    t = make_preset("sigmoid")
    t.set_weight(0, 2, 0, 0.5)  # W30: Z3's bias weight, column 0
    t.set_weight(1, 0, 3, -2.0)  # V03: from Z3 to D0, the last column
    assert t.network.weights[0][2, 0] == 0.5 and t.network.weights[1][0, 3] == -2.0
    before = [w.copy() for w in t.network.weights]
    for layer, row, col in [(0, 3, 0), (0, -1, 0), (0, 0, 3), (1, 0, 4), (1, 1, 0), (1, 0, -1)]:
        with pytest.raises(ValueError, match=f"^no weight at layer {layer}, row {row}, column {col}$"):
            t.set_weight(layer, row, col, 1.0)
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="^a weight must be a finite number$"):
            t.set_weight(0, 0, 0, bad)
    assert all(np.array_equal(a, b) for a, b in zip(t.network.weights, before))


def test_reinitialize_starts_a_fresh_run_from_the_same_or_a_new_initialization():
    t = make_preset("sigmoid")
    first = [w.copy() for w in t.network.weights]
    t.run_epochs(5)
    t.add_marker("edit")
    t.step_sample()
    t.reinitialize()
    assert [w.tolist() for w in t.network.weights] == [w.tolist() for w in first]
    assert (t.epoch, len(t.history), t.markers, t.cursor, t.pending_samples) == (0, 0, [], 0, 0)
    t.add_marker("after")  # the markers are a list again, not a shared or missing one
    assert [m.label for m in t.markers] == ["after"]


def test_running_zero_or_fewer_epochs_leaves_a_stepped_epoch_alone():
    t = make_preset("sigmoid")
    t.step_sample()
    before = state_of(t)
    t.run_epochs(0)
    t.run_epochs(-2)
    assert state_of(t) == before  # not even the stepped epoch is finished

"""Controller behaviours a mutation run found unpinned, checked through its commands and the
Snapshot / walk it publishes (the numbers are derived here independently)."""

import numpy as np
import pytest
from PySide6.QtGui import QUndoCommand

from xorgui.core import Initialization
from xorgui.core.errata import LINEAR_EPOCHS, SYMMETRY_EPOCHS
from xorgui.core.presets import make_preset


def weights(controller):
    return [w.copy() for w in controller.snapshot.weights]


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def walk_to_the_end(controller):
    """F8 until the walk's step is taken (the seed session: one online step of sample 0)."""
    while controller.walk is None or not controller.walk.applied:
        assert controller.step_phase()


# -- stepping back over a walk ---------------------------------------------------------------
def test_stepping_back_over_the_last_phase_undoes_the_step_exactly(controller):
    controller.set_batch_size(1)
    before = weights(controller)
    walk_to_the_end(controller)
    after = weights(controller)
    assert after[0][0, 0] == pytest.approx(0.6) and not same(after, before)  # the article's W10
    phases = controller.walk.revealed
    assert controller.step_phase_back()
    assert same(weights(controller), before)  # the step is undone ...
    assert controller.walk.revealed == phases - 1 and not controller.walk.applied  # ... the walk stays
    walk_to_the_end(controller)  # and stepping forward again takes the same step
    assert same(weights(controller), after)


def test_a_later_change_drops_the_walk_so_stepping_back_cannot_undo_it(controller):
    controller.set_batch_size(1)
    walk_to_the_end(controller)
    stepped = weights(controller)
    assert controller.set_learning_rate(0.25)  # a later change: the walk's numbers are stale
    assert controller.walk is None
    result = controller.step_phase_back()
    assert not result
    assert same(weights(controller), stepped)  # the step stays taken
    assert controller.snapshot.config.learning_rate == 0.25  # and the later change is not lost
    assert controller.snapshot.cursor == 1


def test_stepping_back_never_undoes_an_entry_pushed_after_the_step(controller):
    # Whatever lands on the undo stack after the walk's step (here a command of another part
    # of the window that keeps the walk), stepping back must not undo it in the step's place.
    controller.set_batch_size(1)
    walk_to_the_end(controller)
    stepped, index = weights(controller), controller.undo_stack.index()
    controller.undo_stack.push(QUndoCommand("another part of the window"))
    result = controller.step_phase_back()
    assert not result and "Undo" in result.reason
    assert controller.undo_stack.index() == index + 1 and same(weights(controller), stepped)
    assert controller.walk.applied and controller.walk.finished


def test_stepping_back_is_refused_after_undo_and_redo_moved_the_stack(controller):
    controller.set_batch_size(1)
    walk_to_the_end(controller)
    stepped = weights(controller)
    controller.edit_weight(1, 0, 0, "2")
    controller.undo()  # back to right after the step, but the walk was dropped by the edit
    assert same(weights(controller), stepped)
    assert not controller.step_phase_back()
    assert same(weights(controller), stepped)


# -- remedies ----------------------------------------------------------------------------------
def test_xavier_remedy_makes_xavier_weights_from_the_seed_it_shows(controller):
    controller.new_session("sigmoid")
    controller.step_epoch()
    assert controller.apply_remedy("xavier")
    snap = controller.snapshot
    init = snap.init
    assert init.method == "xavier" and snap.epoch == 0 and snap.history_length == 0
    # the weights are the ones that initialization makes: reproducible from what is shown
    expected = Initialization("xavier", init.value, init.scale, init.seed).make(list(snap.layers))
    assert same(list(snap.weights), expected)
    # U(±√(6/(fan_in + fan_out))), the bias counted in fan_in: 2-3-1 → ±√(6/6) and ±√(6/5)
    assert np.all(np.abs(snap.weights[0]) <= 1.0) and np.all(np.abs(snap.weights[1]) <= np.sqrt(6 / 5))
    assert snap.activations == ("sigmoid", "sigmoid")  # only the weights changed
    assert controller.undo()
    assert controller.snapshot.init.method == "uniform" and controller.snapshot.epoch == 1


def test_leaky_relu_remedy_changes_the_hidden_units_only_and_keeps_the_weights(controller):
    controller.new_session("deep")  # two hidden layers
    before = weights(controller)
    assert controller.apply_remedy("sigmoid_hidden")
    assert controller.snapshot.activations == ("sigmoid", "sigmoid", "sigmoid")
    assert controller.apply_remedy("leaky_relu")
    assert controller.snapshot.activations == ("leaky_relu", "leaky_relu", "sigmoid")
    assert same(weights(controller), before)
    # the network computes leaky ReLU now: a hidden unit with a negative sum passes 0.01·a
    z = controller.snapshot.z[0]
    a = controller.snapshot.a[0]
    np.testing.assert_allclose(z, np.where(a > 0, a, 0.01 * a), rtol=0, atol=0)


def test_lower_rate_remedy_divides_by_ten(controller):
    controller.set_learning_rate(0.3)
    assert controller.apply_remedy("lower_rate")
    assert controller.snapshot.config.learning_rate == pytest.approx(0.03)


# -- the article's demos ---------------------------------------------------------------------
def article_state():
    t = make_preset("article")
    return [w.copy() for w in t.network.weights], t.config


@pytest.mark.parametrize("demo, stop", [("zero_inputs", ("update", 0)), ("bias_delta", ("delta", 1)),
                                        ("prediction", ("forward", 2))])
def test_walk_demos_load_the_article_example_and_show_its_numbers(controller, demo, stop):
    controller.new_session("deep")
    assert controller.run_demo(demo)
    snap = controller.snapshot
    w, config = article_state()
    assert snap.layers == (2, 3, 1) and same(list(snap.weights), w)  # not trained yet: all ones
    assert snap.config == config and snap.batch_mode == "online"
    walk = controller.walk
    assert walk.sample == 0 and (walk.current.kind, walk.current.layer) == stop
    # the walk is about the article's sample (0, 0) → 0: ŷ = 4, δ_D0 = ŷ − y = 4
    assert float(walk.trace.output[0]) == 4.0 and float(walk.trace.deltas[-1][0]) == 4.0
    # finishing the walk takes the article's step: W10 = 1 − 0.1·1·4 = 0.6, W11 = 1 − 0.1·0·4 = 1
    walk_to_the_end(controller)
    after = controller.snapshot.weights
    assert after[0][:, 0] == pytest.approx([0.6] * 3) and np.all(after[0][:, 1:] == 1.0)
    assert after[1] == pytest.approx(np.full((1, 4), 0.6))


def test_sign_demo_walks_the_whole_sample_and_takes_the_step(controller):
    assert controller.run_demo("sign")
    walk = controller.walk
    assert walk.finished and walk.applied
    assert controller.snapshot.weights[0][0, 0] == pytest.approx(0.6)
    assert controller.snapshot.cursor == 1


def test_linear_demo_trains_the_seed_example_to_the_best_linear_fit(controller):
    assert controller.run_demo("linear")
    snap = controller.snapshot
    reference = make_preset("seed")
    reference.run_epochs(LINEAR_EPOCHS)  # the same training, done here on the core
    assert snap.epoch == LINEAR_EPOCHS and snap.history_length == LINEAR_EPOCHS
    assert same(list(snap.weights), reference.network.weights)
    assert snap.loss == pytest.approx(0.125, abs=1e-3)  # ½·¼: a line predicts 0.5 at best
    assert controller.undo()  # the training is its own undo step, after loading the example
    assert controller.snapshot.epoch == 0 and same(list(controller.snapshot.weights),
                                                   make_preset("seed").network.weights)


def test_symmetry_demo_trains_the_symmetric_example_and_the_units_stay_identical(controller):
    assert controller.run_demo("symmetry")
    snap = controller.snapshot
    reference = make_preset("symmetric")
    reference.run_epochs(SYMMETRY_EPOCHS)
    assert snap.epoch == SYMMETRY_EPOCHS and same(list(snap.weights), reference.network.weights)
    hidden = snap.weights[0]
    assert np.all(hidden == hidden[0])  # every hidden unit still has the same weights
    assert "symmetric" in [f.kind for f in snap.findings]


# -- what the window shows after a demo ------------------------------------------------------
def click_demo(window, key):
    from xorgui.gui.errata_view import ErrataView
    window.show_errata()
    window.errata_dialog.findChild(ErrataView).demo_buttons[key].click()


@pytest.mark.parametrize("demo", ["linear", "symmetry"])
def test_a_training_demo_shows_why_and_the_loss(window, controller, demo):
    window.tabs.setCurrentIndex(0)
    click_demo(window, demo)
    assert window.tabs.currentWidget() is window.diagnostics  # the finding is the point
    assert window.bottom_tabs.currentIndex() == 0  # the loss plot, where the training shows
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("Why? (")
    window.errata_dialog.close()


@pytest.mark.parametrize("demo", ["sign", "zero_inputs", "bias_delta", "prediction"])
def test_a_walk_demo_shows_the_walkthrough_and_leaves_the_side_tab_alone(window, controller, demo):
    window.tabs.setCurrentIndex(0)
    first = window.tabs.currentWidget()
    click_demo(window, demo)
    assert window.bottom_tabs.currentWidget() is window.walkthrough
    assert window.tabs.currentWidget() is first
    window.errata_dialog.close()


def test_the_sine_under_a_sigmoid_output_says_its_targets_are_out_of_reach_and_the_remedy_fixes_it(controller):
    from xorgui.core.datasets import DataSource
    from xorgui.core.diagnostics import Kind, Remedy
    controller.new_session("sigmoid")
    assert controller.set_library_data(DataSource("sine"))
    [finding] = [f for f in controller.snapshot.findings if f.kind == Kind.UNREACHABLE_TARGET]
    y = controller.trainer.data.targets
    floor = float(np.mean(0.5 * np.sum((np.clip(y, 0, 1) - y) ** 2, axis=1)))
    assert dict(finding.numbers) == {"samples outside": float(np.sum(np.any((y < 0) | (y > 1), axis=1))),
                                     "loss floor": floor}
    weights = [w.copy() for w in controller.trainer.network.weights]
    assert finding.remedies == (Remedy.IDENTITY_OUTPUT,) and controller.apply_remedy(Remedy.IDENTITY_OUTPUT)
    assert controller.trainer.network.activation_names[-1] == "identity"
    assert all(np.array_equal(a, b) for a, b in zip(weights, controller.trainer.network.weights))
    assert not [f for f in controller.snapshot.findings if f.kind == Kind.UNREACHABLE_TARGET]


def test_removing_the_only_hidden_layer_is_explained_and_the_remedy_puts_one_back(controller):
    from xorgui.core.diagnostics import Kind, Remedy
    controller.new_session("sigmoid")
    assert controller.remove_layer(1)
    assert controller.trainer.network.layers == [2, 1]
    [finding] = [f for f in controller.snapshot.findings if f.kind == Kind.NO_HIDDEN]
    assert "XOR's four samples cannot be: no line has (0, 1) and (1, 0) on one side" in finding.explanation
    assert finding.remedies == (Remedy.ADD_HIDDEN,) and controller.apply_remedy(Remedy.ADD_HIDDEN)
    assert len(controller.trainer.network.layers) == 3
    assert not [f for f in controller.snapshot.findings if f.kind == Kind.NO_HIDDEN]


def test_undo_entries_and_refusals_name_values_in_the_windows_notation(controller, messages):
    # Python's :g named them: "Set W11 to 1e+06" beside a diagram showing 1000000, "Learning rate
    # 1e-05", and "learning rate must be from 1e-08 to 1000" on the status bar
    assert controller.edit_weight(0, 1, 1, "1e6")
    assert controller.undo_stack.undoText() == f"Set {controller.weight_name(0, 1, 1)} to 1000000"
    assert controller.set_learning_rate(1e-5)
    assert controller.undo_stack.undoText() == "Learning rate 0.00001"
    assert controller.trainer.markers[-1].label == "Learning rate 0.00001"  # the loss plot's marker
    assert controller.edit_data_value(0, 0, "0.333333333")
    assert controller.undo_stack.undoText() == "Set X1 of sample 0 to 0.333333"
    assert not controller.set_learning_rate(1e9)
    assert messages[-1][1].endswith("learning rate must be from 1e−8 to 1000")


def test_each_marker_says_whether_its_change_set_the_weights_and_the_loss_after_it(controller):
    """The Why? tab measures a stalled run from the last change that set the weights: an edit or a
    loaded example does, a setting or new data does not (new data took for new weights cleared a
    learning rate that had thrown the outputs onto a flat end; a maintainer's review)."""
    from xorgui.core.datasets import DataSource

    controller.step_epoch()
    assert controller.set_learning_rate(0.25)
    assert controller.set_library_data(DataSource("and"))
    assert controller.edit_weight(1, 0, 0, "3")
    assert controller.add_unit(1)
    marks = controller.trainer.markers
    assert [m.sets_weights for m in marks] == [False, False, True, True]
    assert marks[-1].loss == controller.trainer.current_loss()  # right after the last change
    assert marks[0].loss == controller.trainer.history.at([1])[0]  # a rate leaves the loss where it was

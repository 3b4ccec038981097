"""Experiments ▸ Twin run: the session is the left twin; what the window shows after each click."""

from PySide6.QtCore import Qt

from xorgui.core.presets import make_preset


def open_twin(window):
    menu = next(a for a in window.menuBar().actions() if a.text() == "E&xperiments").menu()
    next(a for a in menu.actions() if a.text() == "&Twin run…").trigger()
    dialog = window.twin_dialog
    assert dialog.isVisible()
    return dialog


def make(qtbot, dialog, key, value):
    dialog.key_box.setCurrentText(key)
    dialog.value_edit.setText(value)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)


def test_a_twin_with_another_learning_rate_shows_the_first_difference_after_one_step(qtbot, window, controller):
    dialog = open_twin(window)
    assert not dialog.step_button.isEnabled()
    assert dialog.value_edit.text() == "0.1"  # the article's α, offered to change
    make(qtbot, dialog, "learning_rate", "0.5")
    assert dialog.change_label.text() == "Left: the session.  Right: the same with learning_rate = 0.5."
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "First difference: W10 after sample 0 of epoch 1: 0.6 vs −1"
    assert dialog.pair.text().splitlines() == ["left:  W10 = 0.6  (after sample 0 of epoch 1)",
                                               "right: W10 = −1  (after sample 0 of epoch 1)"]
    # the main window's session is the left twin: it took the step, as one undoable change
    assert controller.trainer.network.weights[0][0, 0] == 1 - 0.1 * 4
    assert controller.undo_stack.undoText() == "Twin step sample 0"


def test_train_runs_both_and_draws_both_curves(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "activations", "sigmoid,identity")
    dialog.epochs_box.setValue(20)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.epoch == 20 and len(controller.history) == 20
    assert dialog.status.text().startswith("First difference: z_Z1 in the forward pass of sample 0 of epoch 1")
    alone = make_preset("article")
    alone.run_epochs(20)
    left_x, left_y = dialog.left_curve.getData()
    assert len(left_x) == len(dialog.right_curve.getData()[0]) == 20
    assert abs(left_y[-1] - alone.current_loss()) < 1e-12
    assert dialog.losses.text().startswith("After epoch 20: loss left ")


def test_a_bad_value_is_refused_and_the_session_left_alone(qtbot, window, controller, messages):
    dialog = open_twin(window)
    make(qtbot, dialog, "batch_size", "0")
    assert messages[-1] == ("error", "No twin: batch size must be a whole number of at least 1, or full batch")
    assert controller.twin is None and not dialog.step_button.isEnabled()


def test_an_undo_in_the_main_window_ends_the_pair(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "W21", "0.5")
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "First difference: W21 before sample 0 of epoch 1: 1 vs 0.5"
    controller.undo()
    assert dialog.status.text().startswith("The session changed outside this window")
    assert not dialog.step_button.isEnabled() and dialog.pair.text() == ""
    assert not controller.twin_step()


def test_one_train_press_is_capped_by_its_work_so_the_window_never_freezes(qtbot, window, controller, messages):
    from xorgui.core.datasets import DataSource
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    # XOR's 2-3-1: 13 weights × 4 samples an epoch: 3,000,000 // 52 epochs a press
    assert dialog.epochs_box.maximum() == 57_692
    assert controller.set_library_data(DataSource("spiral", {"size": 1000}))
    assert controller.set_layer_units(1, 16)
    make(qtbot, dialog, "learning_rate", "0.5")
    per_epoch = 1000 * (3 * 16 + 17 * 1)  # samples × weights
    assert dialog.epochs_box.maximum() == 3_000_000 // per_epoch == 46
    assert not controller.twin_step(47)
    assert messages[-1] == ("error", "Train 1 to 46 epochs at once for this network and data "
                                     "(about a second's work); train again to go on.")
    assert controller.trainer.epoch == 0

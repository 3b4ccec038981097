"""A cold review's repro: learning rate 50 on the default session, F7 (epoch 1's loss is ∞), then F7
again and again. The window said "diverged at epoch 6", the Why? card too, and its Undo remedy
landed on a NaN epoch; F7 went on adding NaN epochs. The divergence is epoch 1's, the remedy goes
back to before it, and nothing trains a network whose loss is not finite."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core.divergence import NOT_FINITE
from xorgui.gui.diagnostics_panel import FindingCard

# a press of F7 paused nothing: the message does not say "and was paused", as it does after a run
DIVERGED_AT_1 = ("Training diverged at epoch 1 (loss ∞). Undo goes back to epoch 0, before it; "
                 "then lower the learning rate.")


def _state(controller):
    """What a press could change: epoch, cursor, history, weights, the undo stack."""
    t = controller.trainer
    return (t.epoch, t.cursor, controller.history.tolist(), [w.tolist() for w in t.network.weights],
            controller.undo_stack.index(), controller.undo_stack.count())


def _same(a, b):
    return np.array_equal(np.array(a[2]), np.array(b[2]), equal_nan=True) and a[:2] == b[:2] and a[4:] == b[4:] \
        and all(np.array_equal(np.array(x), np.array(y), equal_nan=True) for x, y in zip(a[3], b[3]))


def _finite(controller):
    t = controller.trainer
    return math.isfinite(t.current_loss()) and all(np.isfinite(w).all() for w in t.network.weights)


def test_rate_50_and_f7_again_and_again_names_epoch_1_and_the_remedy_goes_back_before_it(qtbot, window, controller):
    assert controller.set_learning_rate(50)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert controller.trainer.epoch == 1 and controller.history[-1] == math.inf
    bar = window.statusBar()
    assert bar.currentMessage() == "⚠ " + DIVERGED_AT_1
    pressed = _state(controller)
    for _ in range(5):  # F7 again: nothing happens, the menu item and the buttons say why
        qtbot.keyClick(window, Qt.Key.Key_F7)
    assert _same(_state(controller), pressed)
    assert bar.currentMessage() == "⚠ " + DIVERGED_AT_1
    why = window.diagnostics
    kind, title, buttons = why.cards()[0]
    assert (kind, title) == ("non_finite", "The loss is not a finite number")
    layout = why.scroll.widget().layout()  # the cards as shown, top to bottom
    card = next(w for w in (layout.itemAt(i).widget() for i in range(layout.count())) if isinstance(w, FindingCard))
    assert card.explanation.text().startswith("Training diverged at epoch 1, and by now")
    assert buttons[0] == "Undo to before the divergence"
    qtbot.mouseClick(why.remedy_buttons["non_finite", "undo"], Qt.MouseButton.LeftButton)
    assert controller.trainer.epoch == 0 and controller.trainer.cursor == 0 and _finite(controller)
    assert controller.trainer.current_loss() == pytest.approx(23.5)
    assert bar.currentMessage() == ("Back to epoch 0, before the divergence at epoch 1: lower the learning rate "
                                    "before training again.")
    assert not {"non_finite", "diverged"} & {c[0] for c in why.cards()}


def test_f7_on_a_network_whose_loss_is_not_finite_is_refused_and_changes_nothing(window, controller, messages):
    controller.set_learning_rate(50)
    assert not controller.step_epoch()  # the epoch is taken; it diverged: says so
    before = _state(controller)
    for press in (controller.step_epoch, controller.step_sample, controller.start, controller.step_phase):
        result = press()
        assert not result and result.reason == NOT_FINITE
        assert messages[-1] == ("error", NOT_FINITE)
        assert _same(_state(controller), before) and not controller.is_training
    panel = window.panel
    for control in (panel.step_button, panel.epoch_button, panel.train_button, window.walkthrough.step_button,
                    window.step_action, window.epoch_action, window.train_action, window.phase_action):
        assert not control.isEnabled() and control.toolTip() == NOT_FINITE
    assert window.epoch_action.statusTip() == NOT_FINITE
    assert controller.undo()  # back to a finite network: everything is offered again, with its own tips
    assert panel.epoch_button.isEnabled() and panel.epoch_button.toolTip() == "Train to the end of the current epoch (F7)"
    assert window.epoch_action.isEnabled() and window.epoch_action.statusTip() == "To the end of the epoch"
    assert window.train_action.isEnabled() and panel.train_button.isEnabled()
    assert window.walkthrough.step_button.isEnabled()
    assert window.walkthrough.step_button.toolTip() == "Compute the next phase of this sample (F8)"


def test_nan_epochs_already_recorded_name_the_first_and_the_remedy_lands_on_finite_weights(controller, messages):
    # what F7 used to do: epochs 2 to 5 NaN after epoch 1's ∞, one undo entry each (as a saved
    # session may still hold them)
    controller.set_learning_rate(50)
    for e in range(1, 7):
        assert controller.change(f"Epoch {e}", lambda: controller.trainer.run_epochs(1))
    assert controller.history[0] == math.inf and np.isnan(controller.history[1:]).all()
    assert controller.snapshot.findings[0].explanation.startswith("Training diverged at epoch 1, and by now")
    assert controller.check_divergence()
    assert messages[-1] == ("error", "Training diverged at epoch 1 (loss ∞). Undo to before the "
                                     "divergence (Why? tab) goes back to epoch 0; then lower the learning rate.")
    assert controller.apply_remedy("undo")
    assert controller.trainer.epoch == 0 and _finite(controller) and len(controller.history) == 0
    assert controller.undo_stack.index() == 1  # the rate change stays; each Redo takes one epoch back
    assert controller.redo() and controller.trainer.epoch == 1


def test_a_growing_divergence_pressed_on_keeps_its_first_epoch(controller, messages):
    # seed at α = 0.5, full batch: 23.5 → 1.78e3 → 3.35e9 (epoch 2: the rule fires) → … → ∞ at 6
    controller.set_batch_size(None)
    controller.set_learning_rate(0.5)
    controller.step_epoch()
    assert not controller.step_epoch()
    assert messages[-1][1] == ("Training diverged at epoch 2 (loss 3.352e9). Undo goes back to "
                               "epoch 1, before it; then lower the learning rate.")
    while controller.step_epoch().reason != NOT_FINITE:  # the loss is finite: F7 may go on, to ∞
        assert "diverged at epoch 2 (loss 3.352e9)" in messages[-1][1] and "Why? tab" in messages[-1][1]
    assert controller.trainer.epoch == 6
    assert controller.snapshot.findings[0].explanation.startswith(
        "Training diverged at epoch 2, and by now the loss, outputs or weights have overflowed")
    assert controller.apply_remedy("undo")
    assert controller.trainer.epoch == 1 and controller.history.tolist() == pytest.approx([1780.9], rel=1e-4)


def test_the_remedy_publishes_once_however_many_entries_it_undoes(controller):
    controller.set_learning_rate(50)
    for e in range(1, 7):
        controller.change(f"Epoch {e}", lambda: controller.trainer.run_epochs(1))
    snaps, curves = [], []
    controller.snapshot_changed.connect(snaps.append)
    controller.history_changed.connect(curves.append)
    assert controller.apply_remedy("undo") and controller.trainer.epoch == 0
    assert len(snaps) == 1 and len(curves) == 1 and snaps[0].cannot_train == ""

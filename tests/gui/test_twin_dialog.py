"""Experiments ▸ Twin run: the session is the left twin; what the window shows after each click."""

import pytest
from PySide6.QtCore import Qt

from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset


def open_twin(window):
    menu = next(a for a in window.menuBar().actions() if a.text() == "E&xperiments").menu()
    next(a for a in menu.actions() if a.text() == "&Twin run…").trigger()
    dialog = window.twin_dialog
    assert dialog.isVisible()
    return dialog


def make(qtbot, dialog, key, value, side="right"):
    dialog.side_box.setCurrentIndex(dialog.side_box.findData(side))
    dialog.key_box.setCurrentText(key)
    dialog.value_edit.setText(value)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)


def train(qtbot, dialog, controller, epochs):
    """Train the pair ``epochs`` epochs with the dialog's button, to the end."""
    dialog.epochs_box.setValue(epochs)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)


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
    train(qtbot, dialog, controller, 20)
    assert controller.trainer.epoch == 20 and len(controller.history) == 20
    assert dialog.status.text().startswith("First difference: z_Z1 in the forward pass of sample 0 of epoch 1")
    alone = make_preset("article")
    alone.run_epochs(20)
    left_x, left_y = dialog.left_curve.getData()
    # each curve from its start (epoch 0, the article's 23.5) through every epoch trained
    assert list(left_x) == list(dialog.right_curve.getData()[0]) == list(range(21))
    other = make_preset("article")
    other.set_network(type(other.network)(other.network.layers, ["sigmoid", "identity"], other.network.weights))
    assert left_y[0] == 23.5 and dialog.right_curve.getData()[1][0] == other.current_loss()  # 4.88: another net
    assert abs(left_y[-1] - alone.current_loss()) < 1e-12
    assert dialog.losses.text().startswith("Epoch 20 · mean loss with the current weights: left ")


def test_a_bad_value_is_refused_and_the_session_left_alone(qtbot, window, controller, messages):
    dialog = open_twin(window)
    make(qtbot, dialog, "batch_size", "0")
    refused = "No twin: batch size must be a whole number of at least 1, or full batch"
    assert messages[-1] == ("error", refused)
    assert controller.twin is None and not dialog.step_button.isEnabled()
    # said in the window too, under the value (the main window's status bar may be behind it)
    assert dialog.refusal.isVisible() and dialog.refusal.text() == refused
    make(qtbot, dialog, "learning_rate", "2000")  # in the window's numbers: a true minus, no '1e+03'
    assert dialog.refusal.text() == "No twin: “2000” is out of range: use a value from −1000 to 1000"
    make(qtbot, dialog, "regularization_rate", "0.1")  # without a regularizer: changes no number
    assert not dialog.refusal.isVisible() and controller.twin is not None
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "No difference yet in 1 sample stepped."  # not '1 samples'


def test_enter_in_the_value_box_makes_the_twin_once_and_the_box_keeps_what_was_typed(qtbot, window, controller):
    # Enter made the twin twice (the value box's returnPressed and the dialog's default button): in
    # the left twin the second pair was made from the session already changed, two identical twins
    # ("No difference: the twins are the same run") and two undo entries; in the epochs box it made one
    dialog = open_twin(window)
    dialog.side_box.setCurrentIndex(dialog.side_box.findData("left"))
    dialog.key_box.setCurrentText("learning_rate")
    dialog.value_edit.setText("1/2")
    qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)
    assert (controller.twin.left.config.learning_rate, controller.twin.right.config.learning_rate) == (0.5, 0.1)
    assert dialog.status.text() == "No difference yet: step or train both."
    assert [controller.undo_stack.text(i) for i in range(controller.undo_stack.count())] == [
        "Twin: left learning_rate = 1/2"]
    qtbot.keyClick(dialog.epochs_box, Qt.Key.Key_Return)
    assert controller.undo_stack.count() == 1 and controller.twin.left.epoch == 0
    # what the learner typed stays, to change a little for the next twin: through the Train, and
    # when the session changes outside the window and the pair ends
    assert dialog.value_edit.text() == "1/2"
    train(qtbot, dialog, controller, 5)
    controller.undo()
    assert dialog.status.text().startswith("The session changed outside this window")
    assert dialog.value_edit.text() == "1/2" and dialog.key_box.currentText() == "learning_rate"


def test_an_undo_in_the_main_window_ends_the_pair(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "W21", "0.5")
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    assert dialog.status.text() == "First difference: W21 before sample 0 of epoch 1: 1 vs 0.5"
    controller.undo()
    assert dialog.status.text().startswith("The session changed outside this window")
    assert not dialog.step_button.isEnabled() and dialog.pair.text() == ""
    assert not controller.twin_step()


def test_a_closed_twin_window_shows_what_happened_meanwhile_when_opened_again(qtbot, window, controller,
                                                                              monkeypatch):
    # closed, it draws nothing at each change of the main window; opened again, the present
    dialog = open_twin(window)
    make(qtbot, dialog, "W21", "0.5")
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    dialog.close()
    drawn = []
    monkeypatch.setattr(dialog, "render", lambda view, render=dialog.render: (drawn.append(view), render(view)))
    controller.undo()
    assert controller.edit_weight(0, 0, 0, "0.3")
    assert drawn == []
    assert open_twin(window) is dialog
    assert len(drawn) == 1
    assert dialog.status.text().startswith("The session changed outside this window")
    assert not dialog.step_button.isEnabled() and dialog.pair.text() == ""


def test_the_weights_side_by_side_after_a_step(qtbot, window, controller):
    # from all-ones weights on (0, 0) → 0, every weight fed by the bias or a hidden unit becomes
    # 1 − 4α: 0.6 at α = 0.1 (left), −1 at α = 0.5 (right); the weights from X1, X2 stay 1
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    assert dialog.weights.highlighted() == []  # identical weights before the first step
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    rows = {r[0]: r[1:] for r in dialog.weights.shown_rows()}
    moved = ["W10", "W20", "W30", "V00", "V01", "V02", "V03"]
    assert len(rows) == 13 and dialog.weights.highlighted() == moved
    assert all(rows[n] == ["0.6", "−1", "−1.6"] for n in moved)
    assert rows["W21"] == ["1", "1", "0"]
    controller.set_precision(8)  # the session's precision: 1 − 0.4 is 0.6 to the last bit shown
    assert dict((r[0], r[1:]) for r in dialog.weights.shown_rows())["V03"] == ["0.6", "−1", "−1.6"]


def test_the_change_can_go_into_the_left_twin_the_session(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5", side="left")
    assert dialog.change_label.text() == ("Left: the session, changed to learning_rate = 0.5.  "
                                          "Right: the session as it was.")
    assert controller.trainer.config.learning_rate == 0.5  # the session took it, undoably
    assert controller.undo_stack.undoText() == "Twin: left learning_rate = 0.5"
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "First difference: W10 after sample 0 of epoch 1: −1 vs 0.6"
    assert dict((r[0], r[1:]) for r in dialog.weights.shown_rows())["W10"] == ["−1", "0.6", "1.6"]


def test_a_refused_left_change_changes_nothing(qtbot, window, controller, messages):
    dialog = open_twin(window)
    make(qtbot, dialog, "batch_size", "zero", side="left")
    assert messages[-1] == ("error", "No twin: batch_size must be a whole number, not 'zero'")
    assert controller.twin is None and controller.trainer.config.batch_size == 1
    assert not controller.undo_stack.canUndo()


def test_train_runs_in_slices_with_progress_and_cancel_keeps_a_consistent_pair(qtbot, window, controller):
    from xorgui.core.twin import TwinRun, make_twin
    from xorgui.core.twin_change import twin_with
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.05")
    dialog.epochs_box.setValue(100_000)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert controller.twin_running and dialog.cancel_button.isVisible() and not dialog.train_button.isEnabled()
    qtbot.waitUntil(lambda: controller.twin.left.epoch > 50)  # the event loop runs between slices
    assert dialog.progress.isVisible() and dialog.progress.maximum() == 100_000
    for sample in (1, 2, 3, 0, 1, 2):  # the main window redraws meanwhile: the pair is still in step
        qtbot.wait(15)
        assert controller.select_sample(sample)
        assert dialog.status.text().startswith("First difference: W10 after sample 0")
    assert dialog.progress.format().startswith("Training both twins: epoch ")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    left, right = controller.twin.left, controller.twin.right
    done = left.epoch
    assert not controller.twin_running and 0 < done < 100_000
    assert (right.epoch, right.cursor, len(right.history)) == (done, left.cursor, len(left.history)) == (done, 0, done)
    assert controller.undo_stack.undoText() == f"Twin train 100,000 epochs (cancelled after {done:,} of 100,000 epochs)"
    assert dialog.train_button.isEnabled() and not dialog.progress.isVisible()
    assert dialog.losses.text().startswith(f"Epoch {done:,} · mean loss with the current weights: left ")
    # the same numbers as one blocking run of as many epochs
    session = make_twin(controller.trainer)  # a fresh copy to start the reference from epoch 0
    controller.undo()
    assert controller.trainer.epoch == 0
    ref = TwinRun(make_twin(controller.trainer), twin_with(controller.trainer, "learning_rate", "0.05"))
    ref.run_epochs(done)
    assert [w.tobytes() for w in session.network.weights] == [w.tobytes() for w in ref.left.network.weights]
    assert [w.tobytes() for w in right.network.weights] == [w.tobytes() for w in ref.right.network.weights]


def test_an_edit_in_the_main_window_during_a_train_stops_it_first(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.3")  # 0.5 diverges at epoch 3
    dialog.epochs_box.setValue(100_000)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.twin.left.epoch > 10)
    assert controller.edit_weight(0, 0, 0, "2")
    assert not controller.twin_running
    assert controller.undo_stack.undoText() == "Set W10 to 2"
    assert dialog.status.text().startswith("The session changed outside this window")
    assert dialog.weights.rowCount() == 0 and not dialog.train_button.isEnabled()
    controller.undo()  # back to where the Train stopped: that was one entry of its own
    assert controller.undo_stack.undoText().startswith("Twin train 100,000 epochs (stopped after ")


def test_a_twin_that_diverges_stops_both_there_and_says_which(qtbot, window, controller):
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)  # 100 epochs asked
    qtbot.waitUntil(lambda: not controller.twin_running)
    left, right = controller.twin.left, controller.twin.right
    # the rule of the main window fired at epoch 3 (1.95e+114 > 1000 × 1.75): both stop after it
    assert (left.epoch, left.cursor, right.epoch, right.cursor) == (3, 0, 3, 0)
    assert dialog.status.text() == ("The right twin diverged at epoch 3 (loss 1.946e114): both twins stopped there. "
                                    "First difference: W10 after sample 0 of epoch 1: 0.6 vs −1")
    assert dialog.losses.text() == ("Epoch 3 · mean loss with the current weights: "
                                    "left 0.3331, right 1.946e114 (diverged)")
    assert controller.undo_stack.undoText() == ("Twin train 100 epochs; "
                                                "the right twin diverged at epoch 3 (loss 1.946e114)")
    # a log axis so the left curve is not flat on 0 under 1e+114, and the divergence marked
    assert dialog.log_box.isChecked()
    assert dialog.diverged_line.isVisible() and dialog.diverged_line.value() == 3
    assert dialog.diverged_line.label.format == "right twin diverged at epoch 3 (loss 1.946e114)"
    x, y = dialog.right_curve.getData()
    assert list(x) == [0, 1, 2, 3] and abs(10 ** y[-1] / 1.9463725436637e114 - 1) < 1e-9
    assert abs(10 ** dialog.left_curve.getData()[1][-1] - left.current_loss()) < 1e-12
    assert dialog.weights.shown_rows()[0] == ["W10", "0.365", "2.987e28", "2.987e28"]
    dialog.log_box.setChecked(False)  # linear again, as on the main loss plot
    assert not dialog.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert dialog.right_curve.yData[-1] == right.current_loss()  # (drawn clipped to the view)

    # stopped there: the pair goes no further (on from there the right twin's loss is NaN at once,
    # and a second "diverged at epoch 4" would contradict the first)
    assert not any(b.isEnabled() for b in (dialog.step_button, dialog.epoch_button, dialog.train_button))
    stopped = "The right twin diverged at epoch 3 (loss 1.946e114): both twins stopped there."
    for press in (controller.twin_step, controller.twin_epoch, lambda: controller.twin_train(5)):
        result = press()
        assert not result and result.reason == stopped + " Make a new twin to compare again."
    assert (left.epoch, right.epoch) == (3, 3) and dialog.status.text().startswith(stopped)
    make(qtbot, dialog, "learning_rate", "0.1")  # a new twin goes on
    assert dialog.step_button.isEnabled() and not dialog.status.text().startswith("The right twin")


def test_a_step_sample_that_ends_the_epoch_of_a_divergence_stops_the_pair_there(qtbot, window, controller):
    # the learner's case: the left twin (the session) at α = 1, stepped sample by sample; the
    # 4th step ends epoch 1, where the left twin's loss jumps from 23.5 to 5.166e64
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "1", side="left")
    for _ in range(3):
        qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert not dialog.status.text().startswith("The left twin") and dialog.step_button.isEnabled()
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert fmt(controller.trainer.current_loss()) == "5.166e64"
    stopped = "The left twin diverged at epoch 1 (loss 5.166e64): both twins stopped there."
    assert dialog.status.text().startswith(stopped + " First difference: ")
    assert dialog.losses.text() == ("Epoch 1 · mean loss with the current weights: "
                                    "left 5.166e64 (diverged), right 0.6837")  # one number, written one way
    assert not dialog.step_button.isEnabled() and not dialog.train_button.isEnabled()
    assert not controller.twin_step() and not controller.twin_train(3)  # the learner's 5th, 6th press and a Train
    assert (controller.trainer.epoch, controller.trainer.cursor) == (1, 0) and dialog.status.text().startswith(stopped)
    assert controller.undo_stack.undoText() == "Twin step sample 3"


def test_after_one_step_the_loss_line_and_plot_say_what_the_main_window_says(qtbot, window, controller):
    from xorgui.gui.lossplot import LossPlot
    main_plot = LossPlot(controller)
    qtbot.addWidget(main_plot)
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    # one sample of four into epoch 1: the losses are those of the weights now, not "after epoch 0"
    assert dialog.losses.text() == ("Epoch 0 (+1 of 4 samples) · mean loss with the current weights: "
                                    "left 5.3752, right 3.5")
    assert main_plot.readout.text() == "epoch 0 (+1 of 4 samples) · mean loss 5.3752"
    # epoch 0 is the loss of the weights each run started from (the article's, 23.5, for both),
    # as the main loss plot draws its own; the current weights are a point of their own there
    assert main_plot.start_point() == (0, 23.5) and main_plot.now_point() == (0.25, 5.3752)
    x, y = dialog.starts.getData()
    assert list(x) == [0, 0] and list(y) == [23.5, 23.5]
    assert dialog.plot.getPlotItem().getAxis("bottom").range[0] <= 0 <= 1 <= dialog.plot.getPlotItem().getAxis("bottom").range[1]
    assert not dialog.diverged_line.isVisible() and not dialog.log_box.isChecked()
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)  # the rest of epoch 1
    qtbot.waitUntil(lambda: not controller.twin_running)
    assert dialog.losses.text().startswith("Epoch 1 · mean loss with the current weights: left ")
    assert list(dialog.starts.getData()[1]) == [23.5, 23.5]  # the starting losses stay
    assert list(dialog.left_curve.getData()[0]) == [0, 1]  # the start joined to epoch 1


def _colours_around(plot, x, y, half=9):
    """The set of colours (#rrggbb) painted in a square of 2·half pixels around the point (x, y)."""
    from PySide6.QtCore import QPointF
    vb = plot.getPlotItem().getViewBox()
    centre = plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    image = plot.grab().toImage()
    ratio = image.devicePixelRatio()
    return {image.pixelColor(int((centre.x() + dx) * ratio), int((centre.y() + dy) * ratio)).name()
            for dx in range(-half, half + 1) for dy in range(-half, half + 1)}


def test_both_twins_epoch_0_points_show_when_they_start_from_the_same_loss(qtbot, window, controller):
    # a changed rate starts both twins from the same weights: the left's point must not vanish under the right's
    from xorgui.gui.twin_dialog import COLORS
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    start = controller.twin.left.start_loss
    assert controller.twin.right.start_loss == start
    seen = _colours_around(dialog.plot, 0.0, start)
    assert COLORS["left"] in seen and COLORS["right"] in seen


def _points(item):
    x, y = item.getData()
    return [] if x is None else list(zip(x.tolist(), y.tolist()))


def test_a_twin_made_mid_run_starts_where_it_was_made_after_the_run_both_share(qtbot, window, controller):
    # the learner's case: a session trained to epoch 5, then a twin with W10 = 3 on the right.
    # Epochs 0-5 are the session's run, drawn once; both twins start at epoch 5, each at the loss
    # of its own weights there (not at the session's epoch 0, weights the right twin never had)
    for _ in range(5):
        controller.step_epoch()
    session = list(zip(range(6), [23.5, *controller.trainer.history.values]))
    dialog = open_twin(window)
    make(qtbot, dialog, "W10", "3")
    left, right = controller.twin.left.current_loss(), controller.twin.right.current_loss()
    assert dialog.losses.text() == f"Epoch 5 · mean loss with the current weights: left {fmt(left)}, right {fmt(right)}"
    assert _points(dialog.shared_curve) == session
    assert _points(dialog.left_curve) == [(5, left)] and _points(dialog.right_curve) == [(5, right)]
    assert _points(dialog.starts) == [(5, left), (5, right)]
    assert dialog.split_line.isVisible() and dialog.split_line.value() == 5
    assert [label.text for _, label in dialog.legend.items] == [
        "left: the session", "right: the twin", "both: the session before the twin", "twin made at epoch 5"]
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    after = (controller.twin.left.history.last(), controller.twin.right.history.last())
    assert _points(dialog.left_curve) == [(5, left), (6, after[0])]
    assert _points(dialog.right_curve) == [(5, right), (6, after[1])]
    assert _points(dialog.shared_curve) == session  # the shared run stays as it was
    # the epoch axis is the twins': their 1 epoch and a quarter of that of the 5 shared before
    low, high = dialog.plot.getViewBox().viewRange()[0]
    assert 4.5 < low < 4.75 and 6 < high < 6.25


def test_a_twin_made_at_epoch_0_shares_nothing_and_its_one_epoch_is_drawn(qtbot, window, controller):
    # α = 1 on the right: the right twin diverges in its first epoch. Its one loss is joined to its
    # start, or a one-point line would draw nothing
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "1")
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    assert dialog.status.text().startswith("The right twin diverged at epoch 1 (loss 5.166e64): both twins stopped there.")
    assert _points(dialog.shared_curve) == [] and not dialog.split_line.isVisible()
    assert [label.text for _, label in dialog.legend.items] == ["left: the session", "right: the twin"]
    x, y = dialog.right_curve.getData()  # on the log axis the divergence turned on
    assert list(x) == [0, 1] and 10 ** y[0] == pytest.approx(23.5) and 10 ** y[1] == pytest.approx(5.166357141573132e64)
    assert list(dialog.left_curve.getData()[0]) == [0, 1]


def test_where_both_twins_have_the_same_losses_both_lines_show(qtbot, window, controller):
    # a shuffle seed without shuffling changes nothing: both curves are the same line, and the
    # right's (drawn last) must not hide the left's
    from xorgui.gui.twin_dialog import COLORS
    dialog = open_twin(window)
    make(qtbot, dialog, "shuffle_seed", "3")
    train(qtbot, dialog, controller, 40)
    x, y = dialog.left_curve.getData()
    assert list(y) == list(dialog.right_curve.getData()[1])
    seen = _colours_around(dialog.plot, x[30], y[30], half=4)
    assert COLORS["left"] in seen and COLORS["right"] in seen


def test_a_twin_made_late_in_a_run_has_no_negative_losses_on_its_axis(qtbot, window, controller):
    # made at epoch 3,000: all the plot holds is a flat stub of the shared run and the two start
    # points; auto-range alone centred them on a span from about −0.4 to 0.5
    controller.change("Train 3,000 epochs", lambda: controller.trainer.run_epochs(3000))
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    low, high = dialog.plot.getViewBox().viewRange()[1]
    assert low >= 0 and high >= max(loss for _, loss in _points(dialog.starts))


def test_a_pair_stopped_by_divergence_says_no_difference_without_yet(qtbot, window, controller):
    # at α = 100 both twins reach ∞ at epoch 1 with a change that has not mattered in 4 samples:
    # the pair steps no further, so "no difference yet" promised a difference that can never come
    controller.set_learning_rate(100)
    dialog = open_twin(window)
    make(qtbot, dialog, "shuffle_seed", "7")
    for _ in range(4):
        qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().endswith("both twins stopped there. No difference in the 4 samples stepped.")
    assert "yet" not in dialog.status.text()


def test_the_first_difference_has_at_least_the_digits_of_the_weights_table(qtbot, window, controller):
    # at eight decimals it said 0.0315151 beside a table's 0.03151511: six significant digits
    controller.new_session("sigmoid")
    assert controller.set_precision(8)
    dialog = open_twin(window)
    make(qtbot, dialog, "learning_rate", "0.5")
    train(qtbot, dialog, controller, 1)
    assert dialog.weights.shown_rows()[0][:3] == ["W10", "0.03151511", "0.02561121"]
    assert dialog.status.text() == "First difference: W10 after sample 3 of epoch 1: 0.031515106 vs 0.025611213"


def test_a_twin_with_another_loss_says_the_two_losses_do_not_compare(qtbot, window, controller):
    controller.load_example(make_preset("tanh"), "Tanh + cross-entropy")
    dialog = open_twin(window)
    make(qtbot, dialog, "loss", "squared")
    train(qtbot, dialog, controller, 5)
    assert dialog.losses.text().endswith(". The left twin's loss is the cross-entropy, the right's the squared error: "
                                         "the two curves measure different things.")


def test_the_pair_is_described_anew_only_when_a_twin_command_or_its_standing_with_the_session_changes(
        qtbot, window, controller):
    # the dialog is told, not asking at every frame of the main window: each description of the
    # pair costs both twins' losses and curves
    dialog = open_twin(window)
    seen = []
    controller.twin_changed.connect(lambda view: seen.append(view.status))
    make(qtbot, dialog, "W21", "0.5")
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    # made, then stepped: one description each, never "changed outside" on the way
    assert seen == ["No difference yet: step or train both.",
                    "First difference: W21 before sample 0 of epoch 1: 1 vs 0.5"]
    for _ in range(3):  # the main window trains on: the pair is out of step once, then unchanged
        assert controller.step_epoch()
    assert len(seen) == 3 and seen[-1].startswith("The session changed outside this window")
    assert dialog.status.text() == seen[-1]
    assert controller.set_precision(6)  # other decimals: described again, in them
    assert len(seen) == 4 and dialog.status.text() == seen[-1]

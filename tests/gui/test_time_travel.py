"""Time travel in the window (issue 13): the timeline under the loss plot shows an earlier
epoch everywhere, read-only; Resume from here branches as one undoable change; Compare shows
two epochs' weights side by side. The oracle is a fresh run of the preset to that epoch."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset


@pytest.fixture
def trained(window, controller):
    """The sigmoid preset trained 1,500 epochs as one undoable change."""
    controller.replace_session(make_preset("sigmoid"))
    assert controller.change("Train 1500 epochs", lambda: controller.trainer.run_epochs(1500))
    return window


def fresh(epochs):
    t = make_preset("sigmoid")
    t.run_epochs(epochs)
    return t


def same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def test_dragging_the_timeline_shows_the_network_of_that_epoch_everywhere(trained, controller, read_weight):
    bar = trained.timeline_bar
    assert bar.label.text() == "now: epoch 1,500" and not bar.resume_button.isEnabled()
    bar.slider.setValue(400)  # 1,500 epochs: one slider step an epoch
    want = fresh(400)
    assert bar.label.text() == "viewing epoch 400 of 1,500"
    assert bar.resume_button.isEnabled() and bar.now_button.isEnabled()
    snap = controller.snapshot
    assert snap.epoch == 400 and same(snap.weights, want.network.weights)
    p = snap.precision
    assert read_weight(trained.weights_table, 0, 1, 2) == fmt(want.network.weights[0][1, 2], p)
    predictions = want.network.forward(want.data.inputs).output[:, 0]
    ycol = [trained.truth_table.horizontalHeaderItem(c).text() for c in range(trained.truth_table.columnCount())].index("ŷ")
    assert [trained.truth_table.item(r, ycol).text() for r in range(4)] == [fmt(v, p) for v in predictions]
    assert "400" in trained.panel.epoch_label.text()
    assert controller.trainer.epoch == 1500  # the present is untouched


def test_the_past_is_read_only(trained, controller):
    trained.timeline_bar.slider.setValue(400)
    entries = controller.undo_stack.count()
    result = controller.edit_weight(0, 0, 0, "5")
    assert not result and result.reason.startswith("Viewing epoch 400 of 1,500, which is read-only")
    assert not controller.start() and not controller.step_epoch()
    assert controller.snapshot.weights[0][0, 0] == fresh(400).network.weights[0][0, 0]
    assert controller.undo_stack.count() == entries and controller.trainer.epoch == 1500


READ_ONLY = "Viewing epoch 400 of 1,500, which is read-only: press Back to now, or Resume from here to go on from it."


def test_while_the_past_is_shown_the_controls_that_change_the_run_are_disabled_with_the_reason(trained):
    panel = trained.panel
    changers = (panel.step_button, panel.epoch_button, panel.train_button, panel.learning_rate,
                panel.reset_button, panel.randomize_button, trained.walkthrough.step_button)
    actions = (trained.train_action, trained.step_action, trained.epoch_action, trained.phase_action,
               trained.phase_back_action)
    own = [w.toolTip() for w in changers]
    trained.timeline_bar.slider.setValue(400)
    assert not any(w.isEnabled() for w in changers) and not any(a.isEnabled() for a in actions)
    assert all(w.toolTip() == READ_ONLY for w in changers) and all(a.toolTip() == READ_ONLY for a in actions)
    assert trained.walkthrough.text() == READ_ONLY  # not "Press Step phase", which is disabled
    trained.timeline_bar.now_button.click()
    assert all(w.isEnabled() for w in changers) and all(a.isEnabled() for a in actions[:4])
    assert [w.toolTip() for w in changers] == own
    assert trained.walkthrough.text().startswith("Press Step phase (F8)")


def test_back_to_now_brings_back_the_tips_of_now_not_those_the_window_opened_with(trained, controller):
    box = trained.panel.hidden_act
    assert controller.remove_layer(1)  # no hidden layer now: the box says why it does not apply
    assert controller.change("Train 500 epochs", lambda: controller.trainer.run_epochs(500))
    now_tip = box.toolTip()
    assert "no hidden layer" in now_tip
    controller.travel.view_epoch(controller.trainer.epoch - 100)
    assert box.toolTip().startswith("Viewing epoch")
    trained.timeline_bar.now_button.click()
    assert box.toolTip() == now_tip


def test_while_the_past_is_shown_phase_back_says_why_it_is_disabled(trained, controller):
    back = trained.walkthrough.back_button
    assert controller.step_phase() and back.isEnabled()
    trained.timeline_bar.slider.setValue(400)
    assert not back.isEnabled() and back.toolTip() == READ_ONLY
    trained.timeline_bar.now_button.click()
    assert back.toolTip() == "Hide the last phase; over the last phase, undo the step"  # (the walk was dropped)


def test_step_phase_while_viewing_changes_nothing_and_says_why(trained, controller, messages):
    trained.timeline_bar.slider.setValue(400)
    entries, shown = controller.undo_stack.count(), controller.snapshot.weights
    result = controller.step_phase()
    assert not result and result.reason == READ_ONLY and messages[-1] == ("error", READ_ONLY)
    assert controller.walk is None and controller.undo_stack.count() == entries
    assert same(controller.snapshot.weights, shown) and controller.trainer.epoch == 1500
    assert not controller.step_sample() and controller.trainer.epoch == 1500


def test_at_now_a_refused_phase_is_a_hint_in_the_past_an_error(trained, controller, messages):
    assert not controller.step_phase_back()  # no walk yet: nothing to go back to
    assert messages[-1] == ("info", "No phase to go back to.")
    trained.timeline_bar.slider.setValue(400)
    assert not controller.step_phase_back() and messages[-1] == ("error", READ_ONLY)


def test_after_back_to_now_stepping_and_training_work(trained, controller):
    trained.timeline_bar.slider.setValue(400)
    assert not controller.step_phase()
    assert trained.statusBar().currentMessage() == "⚠ " + READ_ONLY
    trained.timeline_bar.now_button.click()
    assert trained.statusBar().currentMessage() == ""  # the refusal no longer holds
    entries = controller.undo_stack.count()
    while controller.walk is None or not controller.walk.finished:  # the last phase takes the step
        assert controller.step_phase()
    assert controller.undo_stack.count() == entries + 1 and controller.snapshot.cursor == 1
    assert trained.panel.epoch_button.isEnabled()
    trained.panel.epoch_button.click()
    assert controller.trainer.epoch == 1501


def test_back_to_now_and_undo_show_the_present(trained, controller):
    bar = trained.timeline_bar
    bar.slider.setValue(100)
    bar.now_button.click()
    assert controller.snapshot.epoch == 1500 and bar.label.text() == "now: epoch 1,500"
    assert bar.slider.value() == bar.slider.maximum()
    bar.slider.setValue(100)
    assert controller.undo()  # undo acts on the present: back to now, then undo the training
    assert controller.snapshot.epoch == 0 and bar.label.text() == "now: epoch 0"
    assert not bar.slider.isEnabled()


def test_resume_from_here_branches_and_undo_brings_the_run_back(trained, controller):
    bar = trained.timeline_bar
    before = [w.copy() for w in controller.trainer.network.weights]
    bar.slider.setValue(400)
    bar.resume_button.click()
    want = fresh(400)
    assert controller.trainer.epoch == 400 and len(controller.history) == 400
    assert same(controller.trainer.network.weights, want.network.weights)
    assert np.array_equal(controller.history, want.history.values)
    assert bar.label.text() == "now: epoch 400"
    assert controller.undo_stack.undoText() == "Resume from epoch 400"
    assert controller.edit_weight(0, 0, 0, "0.5")  # the present again: editable
    assert controller.undo() and controller.undo()
    assert controller.trainer.epoch == 1500 and same(controller.trainer.network.weights, before)
    assert len(controller.history) == 1500


def test_compare_two_epochs_side_by_side(trained, controller):
    bar = trained.timeline_bar
    bar.slider.setValue(700)
    bar.compare_button.click()
    dialog = bar.compare_dialog
    assert dialog.isVisible() and (dialog.first_box.value(), dialog.second_box.value()) == (0, 700)
    a, b = fresh(0).network.weights[0], fresh(700).network.weights[0]
    p = controller.precision
    assert dialog.shown_rows()[1] == ["W11", fmt(a[0, 1], p), fmt(b[0, 1], p), fmt(b[0, 1] - a[0, 1], p)]
    dialog.second_box.setValue(1500)
    assert dialog.shown_rows()[1][2] == fmt(controller.trainer.network.weights[0][0, 1], p)
    assert len(dialog.table.highlighted()) == 13  # every weight moved between epochs 0 and 1,500
    dialog.second_box.setValue(0)
    assert dialog.table.highlighted() == []  # an epoch against itself: nothing moved
    dialog.second_box.setValue(700)
    assert controller.set_precision(8)  # the open table follows at once (it kept 4 decimals)
    assert dialog.shown_rows()[1] == ["W11", fmt(a[0, 1], 8), fmt(b[0, 1], 8), fmt(b[0, 1] - a[0, 1], 8)]
    dialog.close()


def test_a_new_session_shows_its_present(trained, controller):
    trained.timeline_bar.slider.setValue(400)
    controller.new_session()
    assert controller.travel.past is None and trained.timeline_bar.label.text() == "now: epoch 0"


def test_resume_from_before_a_row_was_added_then_undo_and_redo(trained, controller, qtbot):
    """The path the random-action test found: a row added, more training, the timeline dragged
    back before the row, Resume from here. The resumed run trains on the 4 rows it had then,
    with 4 per-sample tracks; undo and redo pass through both data sizes without an error."""
    assert controller.add_sample()
    assert controller.change("Train 100 epochs", lambda: controller.trainer.run_epochs(100))
    assert len(controller.trainer.data) == 5
    bar = trained.timeline_bar
    with qtbot.captureExceptions() as exceptions:
        bar.slider.setValue(bar.slider.minimum() + 400 * (bar.slider.maximum() - bar.slider.minimum()) // 1600)
        epoch = controller.snapshot.epoch
        assert epoch < 1500
        bar.resume_button.click()
        assert controller.trainer.epoch == epoch and len(controller.trainer.data) == 4
        assert controller.sample_curves.labels and len(controller.sample_curves.labels) == 4
        assert controller.change("Train 10 epochs", lambda: controller.trainer.run_epochs(10))
        for _ in range(2):
            assert controller.undo()
        assert len(controller.trainer.data) == 5 and controller.trainer.epoch == 1600
        for _ in range(2):
            assert controller.redo()
        assert len(controller.trainer.data) == 4 and controller.trainer.epoch == epoch + 10
    assert not exceptions


def test_a_reopened_session_shows_its_markers_at_every_epoch_of_the_timeline(trained, controller, tmp_path):
    """Save with markers, reopen, train on: dragging back to the epochs since the file was opened
    shows the same markers on the loss plot as before saving (the file's first moment has them)."""
    assert controller.set_learning_rate(0.5)  # a marker at epoch 1,500
    assert controller.change("Train 10 epochs", lambda: controller.trainer.run_epochs(10))
    plot = trained.plot
    before = plot.marker_points()
    assert [round(x) for x, _, _ in before] == [1500]
    path = tmp_path / "marked.json"
    assert controller.save_file(path)
    assert controller.open_file(path)
    assert plot.marker_points() == before
    assert controller.change("Train 10 epochs", lambda: controller.trainer.run_epochs(10))
    bar = trained.timeline_bar
    for epoch in (1510, 1515):  # the opened epoch, and one replayed from it (1,509 and 1,525 are kept)
        bar.slider.setValue(epoch - controller.travel.view().first)
        assert bar.label.text() == f"viewing epoch {epoch:,} of 1,520"
        assert controller.snapshot.markers == tuple(controller.trainer.markers)
        assert plot.marker_points() == before


def test_the_loss_plot_marks_the_epoch_the_timeline_shows_until_back_at_now(trained, controller):
    plot, bar = trained.plot, trained.timeline_bar
    assert plot.viewed_line.epoch() is None  # now: no line
    bar.slider.setValue(0)
    assert plot.viewed_line.epoch() == 0 and plot.viewed_line.item.label.toPlainText() == "viewing 0"
    highlight = plot.palette().color(QPalette.ColorRole.Highlight)  # made now, in the palette's colour
    assert plot.viewed_line.item.pen.color() == highlight and plot.viewed_line.item.pen.style() == Qt.PenStyle.DashLine
    bar.slider.setValue(400)
    assert plot.viewed_line.epoch() == 400
    assert plot.viewed_line.item.label.toPlainText() == "viewing 400"
    assert len(plot.curve_data()[0]) == 1500  # the whole run stays drawn, the line shows where the window is
    bar.slider.setValue(1234)
    assert plot.viewed_line.epoch() == 1234
    bar.now_button.click()
    assert plot.viewed_line.epoch() is None
    bar.slider.setValue(20)
    assert controller.travel.resume_here()  # epoch 20 becomes now: nothing is viewed
    assert plot.viewed_line.epoch() is None
    controller.undo_stack.undo()
    assert plot.viewed_line.epoch() is None and controller.trainer.epoch == 1500


def test_every_command_that_would_change_the_past_gives_the_one_refusal(trained, controller):
    # one place says it (TimeTravel.refusal); a change, Train, Step phase and back, and the twins all give it
    assert controller.travel.refusal() is None
    assert controller.make_twin("learning_rate", "0.5")
    trained.timeline_bar.slider.setValue(400)
    no = controller.travel.refusal()
    assert not no and no.reason == READ_ONLY
    answers = [controller.change("Train 1 epoch", lambda: controller.trainer.run_epochs(1)), controller.start(),
               controller.step_phase(), controller.step_phase_back(), controller.twin_step()]
    assert [(bool(r), r.reason) for r in answers] == [(False, READ_ONLY)] * 5
    trained.timeline_bar.now_button.click()
    assert controller.travel.refusal() is None


def test_a_session_opened_at_epoch_200_shows_its_handle_at_now(window, controller, tmp_path):
    # no earlier epoch is kept: the disabled handle sat at the left end beside "now: epoch 200"
    from xorgui.core import sessionfile

    trained = make_preset("deep")
    trained.run_epochs(200)
    sessionfile.save(trained, tmp_path / "deep200.json")
    assert controller.open_file(tmp_path / "deep200.json")
    bar = window.timeline_bar
    assert bar.label.text() == "now: epoch 200" and not bar.slider.isEnabled()
    assert bar.slider.value() == bar.slider.maximum() > bar.slider.minimum()
    assert "No earlier epoch" in bar.label.toolTip() and "No earlier epoch" in bar.slider.toolTip()
    controller.step_epoch()
    assert bar.slider.isEnabled() and bar.slider.value() == bar.slider.maximum()
    assert bar.label.toolTip() == "Drag the slider to look back" and bar.slider.toolTip().startswith("Drag to show")

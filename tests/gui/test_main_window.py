"""The assembled window: menus, shortcuts, files, prompts and settings, as a user meets them."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from xorgui.core import sessionfile
from xorgui.core.numbers import fmt
from xorgui.gui.errata_view import ErrataView
from xorgui.gui.main_window import MainWindow


def test_opens_on_the_article_example(window, controller):
    assert window.windowTitle().startswith("article")
    assert window.diagram.nodes[(2, 0)].value_text() == "4"
    assert window.truth_table.item(0, window.truth_table.columnCount() - 1).text() == "8"
    assert not window.isWindowModified()


def test_shortcuts_step_and_run_an_epoch(qtbot, window, controller):
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert controller.trainer.cursor == 1
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert controller.trainer.epoch == 1
    qtbot.waitUntil(lambda: len(window.plot.curve_data()[1]) == 1, timeout=30_000)  # redraws are throttled
    assert window.isWindowModified()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert controller.trainer.epoch == 0 and controller.trainer.cursor == 1


@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)], ids=["Ctrl+Shift+Z", "Ctrl+Y"])
def test_both_redo_keys_the_shortcuts_list_redo_on_every_platform(qtbot, window, controller, key, modifiers):
    # the platform's own Redo keys differ (Ctrl+Y first here, offscreen, as on Windows): both redo
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert controller.trainer.cursor == 0
    qtbot.keyClick(window, key, modifiers)
    assert controller.trainer.cursor == 1


def test_every_undo_key_of_the_platform_undoes(qtbot, window, controller):
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
    assert keys and window.undo_action.shortcuts() == keys
    for key in keys:
        qtbot.keyClick(window, Qt.Key.Key_F6)
        assert controller.trainer.cursor == 1
        combination = key[0]
        qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())
        assert controller.trainer.cursor == 0, key.toString()


def test_closing_while_training_asks_about_the_run_it_would_lose(qtbot, window, controller, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    controller.start()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 5, timeout=30_000)
    assert not window.close()  # a fresh session, only trained: it had closed without asking
    assert asked == ["The session has changes that are not saved. Save them?"]
    assert not controller.is_training and controller.trainer.epoch > 5


def test_train_shortcut_starts_and_pauses(qtbot, window, controller):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert controller.is_training
    qtbot.waitUntil(lambda: controller.trainer.epoch > 5, timeout=30_000)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not controller.is_training


def test_undo_redo_restore_exact_weights(window, controller):
    controller.set_hidden_activation("sigmoid")
    controller.randomize_weights()
    start = [w.copy() for w in controller.trainer.network.weights]
    controller.edit_weight(0, 1, 2, "1/3")
    controller.step_epoch()
    after = [w.copy() for w in controller.trainer.network.weights]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert all(np.array_equal(a, b) for a, b in zip(start, controller.trainer.network.weights))
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert all(np.array_equal(a, b) for a, b in zip(after, controller.trainer.network.weights))


def test_save_then_open_gives_the_same_session(window, controller, tmp_path):
    controller.set_hidden_activation("tanh")
    controller.edit_weight(1, 0, 2, "-0.25")
    controller.step_epoch()
    path = tmp_path / "lesson.json"
    assert controller.save_file(path)
    saved = sessionfile.to_dict(controller.trainer)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("lesson.json")
    controller.new_session()
    assert window.open_path(str(path))
    assert sessionfile.to_dict(controller.trainer) == saved
    assert window.diagram.labels[(1, 0, 2)].text() == fmt(controller.trainer.network.weights[1][0, 2], 4)
    window.recent_menu.aboutToShow.emit()  # File ▸ Open Recent lists it, full path in the tooltip
    assert (path.name, str(path.resolve())) in [(a.text(), a.toolTip()) for a in window.recent_menu.actions()]


def test_a_session_saved_mid_batch_reopens_at_the_same_step(window, controller, tmp_path):
    """Batches of 2, three samples stepped: the reopened window's next Step is sample 3 with one
    gradient waiting, as before saving (not sample 0 of a replayed epoch)."""
    controller.set_batch_size(2)
    for _ in range(3):
        controller.step_sample()
    before = window.panel.progress_label.text()
    assert before == ("mini-batch of 2: next Step uses sample 3 (3 of 4 done this epoch, 1 gradient waiting for "
                      "the update)")
    assert controller.save_file(tmp_path / "mid.json")
    controller.new_session()
    assert window.open_path(str(tmp_path / "mid.json"))
    assert window.panel.progress_label.text() == before


def test_a_corrupt_file_is_refused_and_the_session_kept(qtbot, window, controller, tmp_path):
    controller.edit_weight(0, 0, 0, "2")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "xorgui-session", "version": 1, "network": {"layers": "x"}}))
    assert not window.open_path(str(bad))
    assert controller.trainer.network.weights[0][0, 0] == 2.0
    assert "network.layers" in window.last_message[1]
    box = qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None) or window.findChild(QMessageBox)
    assert "network.layers" in box.text()
    box.close()


def test_close_with_unsaved_changes_asks(monkeypatch, window, controller):
    controller.edit_weight(0, 0, 0, "2")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(answer))
    assert not window.close()  # cancelled: the window stays, nothing lost
    assert asked and window.isVisible()
    assert controller.trainer.network.weights[0][0, 0] == 2.0
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    assert window.close()


def test_precision_menu_changes_every_number(window, controller):
    controller.set_hidden_activation("sigmoid")
    window.precision_actions[6].trigger()
    assert controller.precision == 6
    assert window.diagram.nodes[(1, 1)].value_text() == "0.731059"
    window.precision_actions[2].trigger()
    assert window.diagram.nodes[(1, 1)].value_text() == "0.73"
    cells = [window.truth_table.item(0, c).text() for c in range(window.truth_table.columnCount())]
    assert fmt(controller.snapshot.predictions[0, 0], 2) in cells


def test_exports(window, controller, tmp_path):
    controller.step_epoch()
    controller.step_epoch()
    assert window.diagram.render_png(str(tmp_path / "d.png"))
    assert (tmp_path / "d.png").stat().st_size > 1000
    assert window.diagram.render_svg(str(tmp_path / "d.svg"))
    assert "<svg" in (tmp_path / "d.svg").read_text()
    assert controller.export_history_csv(tmp_path / "loss.csv")
    lines = (tmp_path / "loss.csv").read_text().splitlines()
    assert lines[0] == "epoch,loss,kind" and len(lines) == 4
    assert lines[1] == "0,23.5,exact"  # the loss of the weights the run started from
    epoch, loss, kind = lines[3].split(",")
    assert (epoch, float(loss), kind) == ("2", controller.history[1], "exact")


def test_settings_remember_precision_and_layout(qtbot, controller, settings):
    first = MainWindow(controller, settings)
    first.precision_actions[7].trigger()
    first.details_action.setChecked(True)
    assert first.close()  # precision is a view setting: nothing to save, no prompt
    first.deleteLater()  # before the fixture's controller is (tests/gui/conftest.py)
    second = MainWindow(controller, settings)
    qtbot.addWidget(second)
    assert controller.precision == 7 and second.precision_actions[7].isChecked()
    assert second.details_action.isChecked()


def test_a_remembered_log_axis_waits_for_the_plot_and_is_on_in_it(qtbot, controller, settings):
    settings.setValue("log_y", True)
    window = MainWindow(controller, settings)
    qtbot.addWidget(window)
    assert window.log_action.isChecked()
    # the Loss tab still holds its placeholder: pyqtgraph waits for the first paint (or for asking)
    assert type(window.bottom_tabs.widget(0)).__name__ != "LossPlot"
    assert window.plot.log_y() and window.plot.log_box.isChecked()
    window.log_action.trigger()  # the menu still switches it
    assert not window.plot.log_y()


@pytest.mark.parametrize("key, value", [
    ("precision", "abc"), ("precision", ""), ("precision", "1e400"), ("precision", [1, 2]),
    ("precision", float("inf")), ("precision", -1), ("precision", 9),
    ("geometry", "garbage"), ("split_main", 12), ("split_right", "x"), ("recent", b"abc"), ("recent", [3, None]),
])
def test_a_damaged_settings_file_opens_the_window_with_defaults(qtbot, controller, settings, tmp_path, key, value):
    # the settings file is the user's to edit: every start raised on these before
    fresh = MainWindow(controller, QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    settings.setValue(key, value)
    settings.sync()
    window = MainWindow(controller, settings)
    qtbot.addWidget(window)
    for w in (fresh, window):
        w.show()
        qtbot.waitExposed(w)
    assert controller.precision == 4 and window.precision_actions[4].isChecked()
    window.fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == ["(none yet)"]
    assert window.size() == fresh.size()
    assert [window.main.sizes(), window.right.sizes()] == [fresh.main.sizes(), fresh.right.sizes()]


def test_divergence_pauses_training_and_says_so(qtbot, window, controller):
    controller.set_learning_rate(10)
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=30_000)
    level, text = window.last_message
    assert level == "error" and "diverged" in text
    assert "⚠" in window.statusBar().currentMessage()
    controller.undo()  # the run is one entry: back to finite weights
    assert np.isfinite(controller.snapshot.loss)


def test_saving_a_diverged_session_says_why_and_keeps_the_window(monkeypatch, qtbot, window, controller, tmp_path):
    controller.set_learning_rate(1000)
    controller.change("Diverge", lambda: controller.trainer.run_epochs(40))
    assert not controller.save_file(tmp_path / "x.json")  # no exception
    assert "not finite" in window.last_message[1]
    assert not (tmp_path / "x.json").exists()
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "x"), "")))
    controller.set_learning_rate(0.5)  # something unsaved
    assert not window.close()  # the save failed: the window stays open, the undo history with it
    assert controller.undo_stack.count() > 0 and not (tmp_path / "x.json").exists()


def test_changing_shape_with_a_selected_weight(window, controller):
    window.diagram.select_weight(0, 0, 1)
    controller.new_session("deep")  # 2-4-4-1: the diagram rebuilds
    assert len(window.diagram.labels) == 3 * 4 + 5 * 4 + 5 * 1  # (inputs + bias) × units per layer
    controller.new_session("seed")
    assert len(window.diagram.labels) == 13


def test_a_refused_change_during_training_keeps_the_run_undoable(qtbot, window, controller):
    controller.new_session("sigmoid")
    controller.start()
    # generous timeouts: a loaded machine trains slowly; waitUntil returns as soon as it holds
    qtbot.waitUntil(lambda: controller.trainer.epoch > 200, timeout=60_000)
    controller.set_loss("cross_entropy")
    assert not controller.set_activation(-1, "relu")  # refused: cross-entropy needs sigmoid
    refused_at = controller.trainer.epoch
    qtbot.waitUntil(lambda: controller.trainer.epoch > refused_at + 200, timeout=60_000)  # the run went on
    controller.pause()
    epoch, history = controller.trainer.epoch, len(controller.history)
    assert history == epoch
    while controller.undo_stack.canUndo():
        controller.undo()
    assert controller.trainer.epoch == 0 and len(controller.history) == 0
    while controller.undo_stack.canRedo():
        controller.redo()
    assert controller.trainer.epoch == epoch and len(controller.history) == epoch


def test_f8_steps_phases_and_shows_the_walkthrough(qtbot, window, controller):
    controller.set_batch_size(1)
    assert window.bottom_tabs.currentIndex() == 0  # the loss plot
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.bottom_tabs.currentWidget() is window.walkthrough
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1" in window.walkthrough.text()
    for _ in range(7):  # to the check after the update, where the step is taken
        qtbot.keyClick(window, Qt.Key.Key_F8)
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(0.6)
    qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert controller.trainer.network.weights[0][0, 0] == 1.0


def test_findings_count_on_the_tab(window, controller):
    assert window.tabs.tabText(window.tabs.indexOf(window.diagnostics)) == "Why? (2)"  # linear, symmetric
    controller.apply_remedy("randomize")
    controller.apply_remedy("sigmoid_hidden")
    assert window.tabs.tabText(window.tabs.indexOf(window.diagnostics)) == "Why?"


def test_errata_demo_keeps_the_users_session_undoable(qtbot, window, controller):
    controller.new_session("deep")
    controller.edit_weight(0, 0, 0, "0.25")
    window.show_errata()
    view = window.errata_dialog.findChild(ErrataView)
    view.demo_buttons["sign"].click()
    assert controller.trainer.network.layers == [2, 3, 1]
    assert controller.walk is not None and controller.walk.finished
    assert window.bottom_tabs.currentWidget() is window.walkthrough
    while controller.trainer.network.layers != [2, 4, 4, 1]:
        controller.undo()
    assert controller.trainer.network.weights[0][0, 0] == 0.25  # nothing the user made is lost
    window.errata_dialog.close()


def test_the_negative_cost_demo_stops_at_the_loss(window, controller):
    # the cost is in the loss phase: the button stops there, before any update
    window.show_errata()
    view = window.errata_dialog.findChild(ErrataView)
    view.demo_buttons["negative_cost"].click()
    assert controller.walk is not None and controller.walk.current.title == "Output error and loss"
    assert controller.trainer.network.weights[0][0, 0] == 1.0
    assert "logistic_cost" not in view.demo_buttons  # no demo, no button
    window.errata_dialog.close()


def test_epochs_are_written_one_way_across_the_window(window, controller):
    assert controller.run_demo("linear")  # trains the seed example for 3,000 epochs
    assert window.panel.epoch_label.text() == "Epoch <b>3,000</b>"
    assert window.timeline_bar.label.text() == "now: epoch 3,000"
    assert window.plot.readout.text().startswith("epoch 3,000 · mean loss ")
    assert controller.undo_stack.undoText() == "Train 3,000 epochs"  # the Edit menu's Undo entry


def test_counts_of_samples_and_epochs_are_grouped_in_the_run_panel_and_messages(qtbot, new_controller, tmp_path):
    # a data set of 10,000 samples: the run panel counts them as the loss plot's header does
    import numpy as np

    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    from xorgui.gui.panel import ControlPanel

    rng = np.random.default_rng(0)
    init = Initialization("xavier", seed=2)
    x = rng.uniform(-1, 1, (10_000, 2))
    c = new_controller(Trainer(Network([2, 2, 1], ["tanh", "sigmoid"], init.make([2, 2, 1])),
                               Dataset(x, (x[:, :1] > 0).astype(float)), TrainingConfig(learning_rate=0.1), init))
    panel = ControlPanel(c)
    qtbot.addWidget(panel)
    assert c.change("Train 1,200 epochs", lambda: c.trainer.run_samples(1_200))
    assert panel.progress_label.text() == ("full batch: next Step uses sample 1200 (1,200 of 10,000 done this "
                                           "epoch, 1,200 gradients waiting for the update)")


def test_the_loss_export_message_groups_its_epochs(controller, messages, tmp_path):
    assert controller.change("Train 1,500 epochs", lambda: controller.trainer.run_epochs(1_500))
    assert controller.export_history_csv(tmp_path / "losses.csv")
    assert messages[-1] == ("info", "Exported 1,500 epochs to losses.csv")

"""Experiments ▸ Initialization lottery: what the window shows after Start, Cancel and Open."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core import Dataset, Initialization, Trainer
from xorgui.core.lottery import LotterySpec
from xorgui.core.lottery_report import LABELS, run_lottery
from xorgui.core.presets import make_preset


def open_lottery(window):
    menu = next(a for a in window.menuBar().actions() if a.text() == "E&xperiments").menu()
    next(a for a in menu.actions() if a.text() == "Initialization &lottery…").trigger()
    dialog = window.lottery_dialog
    assert dialog.isVisible()
    return dialog


def run_to_the_end(qtbot, dialog, runs, epochs):
    dialog.runs_box.setValue(runs)
    dialog.epochs_box.setValue(epochs)
    dialog.start_button.click()
    assert dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)


@pytest.fixture
def relu_session(controller):
    """2-3-1 ReLU hidden units, sigmoid output, He weights, α = 0.5: runs solve, die or stall."""
    t = make_preset("sigmoid")
    t.set_network(type(t.network)([2, 3, 1], ["relu", "sigmoid"], Initialization("he").make([2, 3, 1])))
    t.init = Initialization("he", seed=0)
    t.set_config(type(t.config)(learning_rate=0.5))
    controller.replace_session(t)
    return t


def test_a_finished_lottery_shows_what_the_core_computed(qtbot, window, controller, relu_session):
    dialog = open_lottery(window)
    assert dialog.method_box.currentText() == "he" and dialog.seed_box.value() == 0
    assert "2-3-1 ReLU/sigmoid" in dialog.setup_label.text()
    run_to_the_end(qtbot, dialog, 20, 300)
    expected = run_lottery(LotterySpec.of(relu_session, 20, 300, precision=controller.precision))
    solved = len(expected.solved)
    assert dialog.headline.text() == f"{solved} of 20 runs solved ({100 * solved / 20:.1f}%)"
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert "Done: 20 runs (seeds 0–19), 300 epochs each." == dialog.status.text()
    shown = {dialog.failures.item(r, 0).text(): dialog.failures.item(r, 1).text()
             for r in range(dialog.failures.rowCount())}
    assert shown == {LABELS[k]: str(n) for k, n in expected.by_diagnosis()}
    assert "Dead ReLU units" in shown
    assert dialog.epochs_hist.counts.sum() == solved
    assert dialog.loss_hist.counts.sum() == 20
    assert dialog.proxy.rowCount() == 20
    # a diagnosis clicked lists only its runs
    dead_row = next(r for r in range(dialog.failures.rowCount()) if dialog.failures.item(r, 0).text() == "Dead ReLU units")
    dialog.failures.selectRow(dead_row)
    assert dialog.proxy.rowCount() == dict(expected.by_diagnosis())["dead"]
    assert {dialog.proxy.index(r, 4).data() for r in range(dialog.proxy.rowCount())} == {"Dead ReLU units"}


def test_final_losses_read_as_the_window_writes_numbers(qtbot, window, controller):
    # a linear 2-3-1 at α = 1: most runs overflow within 10 epochs (NaN, one ∞), two do not
    t = make_preset("sigmoid")
    t.set_network(type(t.network)([2, 3, 1], ["identity", "identity"], Initialization("he").make([2, 3, 1])))
    t.init = Initialization("he", seed=0)
    t.set_config(type(t.config)(learning_rate=1.0))
    controller.replace_session(t)
    dialog = open_lottery(window)
    run_to_the_end(qtbot, dialog, 10, 10)
    shown = {int(dialog.proxy.index(r, 0).data()): dialog.proxy.index(r, 3).data() for r in range(10)}
    assert shown == {0: "NaN", 1: "0.125", 2: "0.273", 3: "NaN", 4: "∞", 5: "NaN", 6: "NaN", 7: "NaN",
                     8: "NaN", 9: "NaN"}  # Python's "nan" and "inf" before


def test_a_run_opens_in_the_main_window_with_its_seed_and_undo_brings_the_session_back(
        qtbot, window, controller, relu_session):
    before = [w.copy() for w in controller.trainer.network.weights]
    dialog = open_lottery(window)
    run_to_the_end(qtbot, dialog, 10, 50)
    dialog.runs_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    dialog.runs_view.selectRow(0)  # seed 9
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert "seed 9" in dialog.open_status.text()
    t = controller.trainer
    assert t.init == Initialization("he", seed=9) and t.epoch == 0
    for a, b in zip(t.network.weights, Initialization("he", seed=9).make([2, 3, 1])):
        assert np.array_equal(a, b)
    assert controller.snapshot.weights[0][0, 0] == t.network.weights[0][0, 0]  # the window shows it
    assert window.undo_action.text() == "&Undo Open lottery run (seed 9)"
    window.undo_action.trigger()
    for a, b in zip(controller.trainer.network.weights, before):
        assert np.array_equal(a, b)


def test_cancel_stops_the_lottery_and_says_where(qtbot, window, controller):
    controller.replace_session(make_preset("sigmoid"))
    dialog = open_lottery(window)
    dialog.runs_box.setValue(2000)
    dialog.epochs_box.setValue(1_000_000)
    dialog.start_button.click()
    assert dialog.status.text().startswith("Drawing the initial weights: ")  # 2,000 seeds: a few ticks
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Training: epoch ") and dialog.progress.value() > 0,
                    timeout=30_000)
    dialog.cancel_button.click()
    assert not dialog.runner.running and dialog.result is None
    assert dialog.status.text().startswith("Cancelled at epoch ") and "of 1,000,000" in dialog.status.text()
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.proxy.rowCount() == 0


def test_a_constant_session_is_offered_a_random_initialization(window, controller):
    dialog = open_lottery(window)  # the default session: the article's constant weights
    assert controller.trainer.init.method == "constant"
    assert [dialog.method_box.itemText(i) for i in range(dialog.method_box.count())] == \
        ["uniform", "normal", "xavier", "he"]
    assert dialog.method_box.currentText() == "xavier" and not dialog.scale_box.isEnabled()


def test_opening_a_run_after_the_data_changed_is_refused(qtbot, window, controller, relu_session):
    dialog = open_lottery(window)
    run_to_the_end(qtbot, dialog, 10, 5)
    t = make_preset("sigmoid")
    other = Trainer(t.network.copy(), Dataset([[0, 0], [1, 1]], [[0], [1]]), t.config, t.init)  # other data
    controller.replace_session(other)
    dialog.runs_view.selectRow(0)
    dialog.open_button.click()
    assert dialog.open_status.text() == "The session's data changed since this lottery ran: run it again."
    assert controller.trainer is other and controller.trainer.epoch == 0


def test_closing_the_window_stops_a_running_lottery(qtbot, window, controller):
    controller.replace_session(make_preset("sigmoid"))
    dialog = open_lottery(window)
    dialog.epochs_box.setValue(1_000_000)
    dialog.start_button.click()
    assert dialog.runner.running
    qtbot.waitUntil(lambda: dialog.runner.lottery.epoch > 0)
    dialog.close()
    assert not dialog.runner.running and dialog.runner.lottery is None  # nothing trains behind a closed window
    # reopened, it says the run was cancelled and can start another (Start stayed disabled, for good)
    again = open_lottery(window)
    assert again is dialog and dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.status.text().startswith("Cancelled at epoch ")
    assert dialog.status.text().endswith(" of 1,000,000. No results: press Start to run the lottery again.")
    dialog.runs_box.setValue(10)
    dialog.epochs_box.setValue(20)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.epochs == 20)


def test_escape_closes_the_lottery_window_and_cancels_its_run(qtbot, window, controller):
    controller.replace_session(make_preset("sigmoid"))
    dialog = open_lottery(window)
    dialog.epochs_box.setValue(1_000_000)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.runner.lottery.epoch > 0)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not dialog.runner.running  # it trained on, hidden
    assert dialog.status.text().startswith("Cancelled at epoch ")


def test_when_no_run_solves_the_empty_histogram_says_so(qtbot, window, controller):
    controller.replace_session(make_preset("seed"))  # linear: no weights fit XOR
    dialog = open_lottery(window)
    run_to_the_end(qtbot, dialog, 10, 50)
    assert dialog.headline.text() == "0 of 10 runs solved (0.0%)"
    hist = dialog.epochs_hist
    assert hist.note.isVisible() and not hist.plot_widget.isVisible()
    assert hist.note.text() == ("No run solved XOR within 50 epochs: none ended with every sample right "
                                "(each prediction, rounded to 4 decimals, less than 0.5 from its target).")
    assert dialog.loss_hist.plot_widget.isVisible() and not dialog.loss_hist.note.isVisible()
    controller.replace_session(make_preset("sigmoid"))  # α = 2 from seed 1 learns XOR: some runs solve
    run_to_the_end(qtbot, dialog, 10, 2000)
    assert dialog.result.solved
    assert hist.plot_widget.isVisible() and not hist.note.isVisible()


def test_setup_line_says_which_initialization_the_runs_use(window, controller, relu_session):
    dialog = open_lottery(window)
    setup = ("Each run: 2-3-1 ReLU/sigmoid, squared error loss, full batch, learning rate 0.5, {init}. "
             "Runs use {relation}; they differ only in their seeds, {seeds}.")
    assert dialog.setup_label.text() == setup.format(
        init="random initialization (He normal)", relation="the session's network, settings and initialization", seeds="0–999")
    dialog.method_box.setCurrentText("uniform")  # the line follows the choices before Start
    dialog.scale_box.setValue(0.5)
    dialog.seed_box.setValue(7)
    dialog.runs_box.setValue(20)
    assert dialog.setup_label.text() == setup.format(
        init="random initialization (uniform in ±0.5)", seeds="7–26",
        relation="the session's network and settings, but not its initialization, which is random initialization "
                 "(He normal)")


def test_setup_line_of_a_constant_session_says_the_lottery_draws_at_random(window, controller):
    controller.replace_session(make_preset("article"))  # constant 1, as the article
    dialog = open_lottery(window)
    dialog.take_session_defaults()
    assert dialog.method_box.currentText() == "xavier"
    assert dialog.setup_label.text() == (
        "Each run: 2-3-1 identity/identity, squared error loss, online, learning rate 0.1, random initialization "
        "(Xavier/Glorot uniform). Runs use the session's network and settings, but not its initialization: the session's "
        "constant initialization (every weight 1) would give "
        "every run the same weights, so the lottery draws them at random; they differ only in their seeds, "
        "0–999.")


def test_a_run_cannot_be_opened_while_the_window_shows_an_earlier_epoch(qtbot, window, controller):
    controller.replace_session(make_preset("sigmoid"))
    assert controller.change("Train 100", lambda: controller.trainer.run_epochs(100))
    dialog = open_lottery(window)
    run_to_the_end(qtbot, dialog, 10, 5)
    dialog.runs_view.selectRow(0)
    assert dialog.open_button.isEnabled()
    controller.travel.view_epoch(50)
    reason = "Viewing epoch 50 of 100, which is read-only: press Back to now, or Resume from here to go on from it."
    assert not dialog.open_button.isEnabled() and dialog.open_button.toolTip() == reason
    controller.travel.back_to_now()
    assert dialog.open_button.isEnabled() and dialog.open_button.toolTip() != reason
    dialog.runs_view.clearSelection()
    assert not dialog.open_button.isEnabled()  # nothing selected: nothing to open

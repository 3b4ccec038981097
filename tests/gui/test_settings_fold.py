"""The settings folded into a line: on a small screen the tabs under the truth table had ~80 px
(three lines of the first Why? card at 1024×700)."""

from PySide6.QtCore import QSettings, Qt

from xorgui.gui import window_state
from xorgui.gui.main_window import MainWindow


def test_folding_shows_the_settings_in_a_line_and_gives_the_room_to_the_tabs(qtbot, window, controller):
    panel = window.panel
    assert not panel.settings_folded and panel.learning_rate.isVisible() and not panel.settings_summary.isVisible()
    tabs_before = window.tabs.height()
    qtbot.mouseClick(panel.fold_button, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert panel.settings_folded and not panel.learning_rate.isVisible() and panel.settings_summary.isVisible()
    assert panel.settings_summary.text() == ("α = 0.1 · identity → identity · squared error · online · "
                                             "constant 1 (the article)")
    assert window.tabs.height() > tabs_before + 150  # the form's height, now the tabs'
    assert controller.set_learning_rate(0.5) and controller.set_regularization("l2", 0.01)
    assert panel.settings_summary.text() == ("α = 0.5 · identity → identity · squared error · online · "
                                             "constant 1 (the article) · L2, λ = 0.01")
    panel.fold_button.click()
    qtbot.wait(10)
    assert not panel.settings_folded and panel.learning_rate.isVisible()
    assert panel.height() >= panel.sizeHint().height()  # every control unclipped again, taken from the tabs
    assert window.tabs.height() < tabs_before + 150


def test_the_fold_is_remembered_and_a_small_screen_starts_folded(qtbot, controller, settings, tmp_path, monkeypatch):
    first = MainWindow(controller, settings)
    first.show()
    assert not first.panel.settings_folded  # the test screen is 800 px tall: not small
    first.panel.fold_settings(True)
    window_state.save(first)
    first.hide()
    again = MainWindow(controller, settings)
    assert again.panel.settings_folded
    monkeypatch.setattr(window_state, "FOLD_BELOW_HEIGHT", 10_000)  # every screen small, a first start
    fresh = MainWindow(controller, QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    assert fresh.panel.settings_folded
    for w in (first, again, fresh):
        w.deleteLater()


def test_while_an_earlier_epoch_is_shown_the_settings_fold_but_do_not_change(qtbot, window, controller):
    for _ in range(3):
        assert controller.step_epoch()
    controller.travel.view_epoch(1)
    panel = window.panel
    assert not panel.learning_rate.isEnabled()  # the past is read-only
    assert panel.fold_button.isEnabled()
    panel.fold_button.click()
    assert panel.settings_folded and panel.fold_button.isEnabled() and panel.fold_button.text() == "Show ▾"


def test_reopened_folded_the_panel_is_as_tall_as_the_fold_needs(qtbot, controller, settings):
    # the panel kept its unfolded height over ~220 px of blank space ([451, 70, 190])
    first = MainWindow(controller, settings)
    first.resize(1400, 860)
    first.show()
    qtbot.waitExposed(first)
    first.panel.fold_button.click()
    folded = first.right.sizes()
    window_state.save(first)
    first.hide()
    again = MainWindow(controller, settings)
    again.resize(1400, 860)
    again.show()
    qtbot.waitExposed(again)
    assert again.panel.settings_folded
    assert abs(again.right.sizes()[0] - again.panel.sizeHint().height()) <= 2
    assert abs(again.right.sizes()[0] - folded[0]) <= 2
    for w in (first, again):
        w.hide()
        w.deleteLater()


def test_the_summary_writes_the_rate_as_the_box_does(window, controller):
    assert controller.set_learning_rate(0.0000123)
    window.panel.fold_settings(True)
    assert window.panel.settings_summary.text().startswith("α = 0.0000123 · ")  # fmt(…, 6) wrote 0.000012


def test_a_truth_table_height_the_learner_chose_is_kept_when_the_settings_fold(qtbot, window):
    top, table, tabs = window.right.sizes()
    # the learner drags the handle under the truth table up, to give the tabs 30 px more
    window.right.moveSplitter(top + table - 30, 2)
    top, chosen, tabs = window.right.sizes()
    assert chosen < table - 20
    window.panel.fold_button.click()
    qtbot.wait(10)
    folded_top, folded_table, folded_tabs = window.right.sizes()
    assert folded_table == chosen  # it was reset to every row's height
    assert folded_tabs == tabs + top - folded_top  # what the fold frees goes to the tabs
    window.panel.fold_button.click()
    qtbot.wait(10)
    assert window.right.sizes()[1] == chosen

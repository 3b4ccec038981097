"""The window's layout holds still while a learner steps, trains and practises (issue 10)."""

import pytest
from PySide6.QtCore import QPoint

from xorgui.gui.panel import ControlPanel
from xorgui.gui.runner import SPEEDS
from xorgui.gui.walkpanel import WalkthroughPanel


@pytest.fixture
def window_size():
    return (1024, 700)


def _settle(qtbot):
    qtbot.wait(1)  # let the layouts run


@pytest.mark.parametrize("size", [(1024, 700), (1400, 860)])
def test_the_diagram_keeps_its_width_while_gradients_wait(qtbot, window, controller, size):
    controller.new_session("seed")  # full batch: after a sample, gradients wait for the update
    window.resize(*size)
    _settle(qtbot)
    before = (window.right.width(), window.diagram.width())
    for _ in range(8):  # past the first sample's update phase: "1 gradient waiting"
        controller.step_phase()
        _settle(qtbot)
        assert (window.right.width(), window.diagram.width()) == before
    assert "1 gradient waiting" in window.panel.progress_label.text()
    controller.step_sample()
    _settle(qtbot)
    assert "2 gradients waiting" in window.panel.progress_label.text()
    assert (window.right.width(), window.diagram.width()) == before


def test_progress_line_counts_gradients_in_words(controller, qtbot):
    panel = ControlPanel(controller)
    qtbot.addWidget(panel)
    controller.new_session("seed")
    controller.step_sample()
    assert "1 gradient waiting for the update" in panel.progress_label.text()
    controller.step_sample()
    assert "2 gradients waiting for the update" in panel.progress_label.text()
    assert "(s)" not in panel.progress_label.text()


def test_a_slow_speed_leaves_the_run_buttons_alone(shown, qtbot, controller):
    panel = shown(ControlPanel(controller), 440, 600)
    buttons = (panel.step_button, panel.epoch_button, panel.train_button)
    panel.speed.setValue(SPEEDS.index(None))
    _settle(qtbot)
    before = [b.geometry() for b in buttons] + [panel.width()]
    panel.speed.setValue(0)  # "0.25 epochs/s (sample by sample)", the longest text
    _settle(qtbot)
    assert "sample by sample" in panel.speed_label.text()
    assert [b.geometry() for b in buttons] + [panel.width()] == before
    # the whole text is shown, not cut
    assert panel.speed_label.width() >= panel.speed_label.fontMetrics().horizontalAdvance(panel.speed_label.text())


def test_the_practice_checkbox_stays_put_when_the_score_appears(shown, qtbot, controller):
    panel = shown(WalkthroughPanel(controller), 520, 500)
    _settle(qtbot)
    where = panel.practice_box.mapTo(panel, QPoint(0, 0))
    panel.practice_box.click()
    _settle(qtbot)
    assert panel.score_label.isVisible() and panel.score_label.text().startswith("Score")
    assert panel.practice_box.mapTo(panel, QPoint(0, 0)) == where


def test_the_truth_table_shows_every_number_whole_at_every_precision(qtbot, window, controller):
    controller.new_session("sigmoid")
    controller.set_learning_rate(2.0)
    controller.trainer.run_epochs(3000)  # small losses: 0.000737863465 at 12 decimals
    table = window.truth_table
    style = table.style()
    margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)  # the cell's text margins
    for precision in range(2, 13):
        controller.set_precision(precision)
        _settle(qtbot)
        cut = [(table.item(r, c).text(), table.columnWidth(c))
               for r in range(table.rowCount()) for c in range(table.columnCount())
               if table.fontMetrics().horizontalAdvance(table.item(r, c).text()) + margin > table.columnWidth(c)]
        assert cut == [], f"at {precision} decimals"
        assert table.horizontalScrollBar().maximum() == 0  # and all of it in view at 1024x700

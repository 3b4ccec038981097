"""The twin window's plot when a twin diverges: a loss axis labelled as the main loss plot's."""

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from xorgui.core.numbers import parse_number
from xorgui.gui.twin_dialog import show_twin


def diverge(qtbot, window, controller, rate, side="right"):
    """The twin dialog after a twin with ``rate`` on ``side`` trained until it diverged."""
    dialog = show_twin(window)  # what Experiments ▸ Twin run… calls
    dialog.side_box.setCurrentIndex(dialog.side_box.findData(side))
    dialog.key_box.setCurrentText("learning_rate")
    dialog.value_edit.setText(rate)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    assert dialog.diverged_line.isVisible()
    return dialog


def tick_labels(plot):
    """The loss axis's labels as drawn (pyqtgraph leaves out those that would overlap)."""
    axis = plot.getPlotItem().getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


def test_the_log_loss_axis_reads_as_the_main_loss_plot_in_the_windows_numbers(qtbot, window, controller):
    from xorgui.gui.lossplot import LossPlot
    dialog = diverge(qtbot, window, controller, "100")
    twin = tick_labels(dialog.plot)
    # 0.6 … 0.9, 1, 2 … 9, 10, 20 …: one notation, not pyqtgraph's '9', '10¹', '2·10¹'
    assert {"0.6", "1", "9", "10", "20"} <= set(twin)
    assert all(parse_number(text, math.inf) > 0 for text in twin)
    main = LossPlot(controller)
    qtbot.addWidget(main)
    main.set_log_y(True)
    axis, main_axis = (p.getPlotItem().getAxis("left") for p in (dialog.plot, main.plot_widget))
    for spacing, values in axis.tickValues(*axis.range, axis.height()):  # the same ticks, the same words
        assert main_axis.tickStrings(values, 1.0, spacing) == axis.tickStrings(values, 1.0, spacing)
    # whatever the range: decades as the window writes those losses (fmt), never '10¹⁰⁰'
    assert axis.tickStrings([-10, -2, 0, 1, math.log10(20), 20, 100], 1.0, 1.0) == [
        "1e−10", "0.01", "1", "10", "20", "1e20", "1e100"]


def test_a_linear_loss_axis_writes_huge_losses_as_the_window_does(qtbot, window, controller):
    dialog = diverge(qtbot, window, controller, "0.5")
    dialog.log_box.setChecked(False)  # huge losses on a linear axis: '5e13', not '5e+13'
    labels = tick_labels(dialog.plot)
    assert any("e" in text for text in labels) and not any("+" in text for text in labels)
    assert all(parse_number(text, math.inf) >= 0 for text in labels)

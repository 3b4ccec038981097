"""The twin window's plot when a twin diverges: where its curve leaves the plot, in the main
window's words, and a loss axis labelled as the main loss plot's."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter

from xorgui.core.numbers import parse_number
from xorgui.gui.twin_dialog import COLORS, show_twin


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


def data(item, log_y):
    """(epochs, losses) of a plot item, its losses unlogged on a log axis."""
    x, y = item.getData()
    if x is None:
        return [], []
    return list(x), list(10 ** np.asarray(y) if log_y else y)


def colours_at(plot, x, y_shown, half=2):
    """The colours (#rrggbb) painted around a point of the view (``y_shown``: log10 on a log axis)."""
    vb = plot.getPlotItem().getViewBox()
    centre = plot.mapFromScene(vb.mapViewToScene(QPointF(x, y_shown)))
    image = plot.grab().toImage()
    ratio = image.devicePixelRatio()
    return {image.pixelColor(int((centre.x() + dx) * ratio), int((centre.y() + dy) * ratio)).name()
            for dx in range(-half, half + 1) for dy in range(-half, half + 1)}


def test_a_twin_whose_loss_overflows_leaves_the_plot_at_the_top_where_it_diverged(qtbot, window, controller):
    # α = 100: the right twin's loss after epoch 1 is ∞. Its curve is its one drawable point, the
    # start (a line through one point draws nothing); nothing showed where it went
    dialog = diverge(qtbot, window, controller, "100")
    assert controller.twin.right.history.values.tolist() == [math.inf]
    assert dialog.diverged_line.label.format == "right twin diverged at epoch 1 (loss ∞)"
    vb = dialog.plot.getViewBox()
    for log_y in (True, False):
        dialog.log_box.setChecked(log_y)
        high, pixel = vb.viewRange()[1][1], vb.viewPixelSize()[1]
        (mx,), (my,) = data(dialog.marks.marks["right"], log_y)
        shown = math.log10(my) if log_y else my
        assert mx == 1 and 0 < high - shown < 20 * pixel  # a triangle just under the top, at epoch 1
        assert data(dialog.marks.exits["right"], log_y) == ([0, 1], [pytest.approx(23.5), my])  # from the start
        assert COLORS["right"] in colours_at(dialog.plot, 1, shown)
        # the curves leave it room: it is above every loss drawn, the left twin's start (23.5) too
        assert my > 1.1 * 23.5
        assert data(dialog.marks.marks["left"], log_y) == ([], [])
    dialog.plot.setYRange(0, 10, padding=0)  # zoomed in: the triangle stays at the top
    (my,) = data(dialog.marks.marks["right"], False)[1]
    assert 9 < my < 10


def test_a_divergence_to_a_finite_loss_is_marked_on_its_curve_in_the_main_windows_words(qtbot, window, controller):
    dialog = diverge(qtbot, window, controller, "0.5")  # loss 1.946e114 at epoch 3
    divergence = controller.twin_view().divergence
    assert dialog.diverged_line.label.format == "right twin " + divergence.right.summary() == \
        "right twin diverged at epoch 3 (loss 1.946e114)"
    assert data(dialog.marks.marks["right"], True) == ([3], [pytest.approx(1.9463725436637e114)])
    assert data(dialog.marks.exits["right"], True) == ([], [])  # the curve itself reaches it
    assert COLORS["right"] in colours_at(dialog.plot, 3, math.log10(1.9463725436637e114))
    controller.set_precision(6)  # the window's decimals, as in the status line
    assert dialog.diverged_line.label.format == "right twin diverged at epoch 3 (loss 1.94637e114)"


def test_when_both_twins_diverge_the_label_names_each(qtbot, window, controller):
    dialog = show_twin(window)
    for side, key, value in (("left", "learning_rate", "100"),  # the session now trains at α = 100
                             ("right", "shuffle_seed", "3")):  # a change that changes nothing: both diverge
        dialog.side_box.setCurrentIndex(dialog.side_box.findData(side))
        dialog.key_box.setCurrentText(key)
        dialog.value_edit.setText(value)
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.twin_running)
    assert dialog.diverged_line.label.format == ("left twin diverged at epoch 1 (loss ∞)\n"
                                                 "right twin diverged at epoch 1 (loss ∞)")
    assert [data(dialog.marks.marks[side], True)[0] for side in COLORS] == [[1], [1]]
    # at the same place: the left's larger triangle shows around the right's
    top = math.log10(data(dialog.marks.marks["right"], True)[1][0])
    assert {COLORS["left"], COLORS["right"]} <= colours_at(dialog.plot, 1, top, half=8)


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
    main_axis.set_ceiling(axis.ceiling)  # the twin's band above its highest loss is unlabelled (∞ there)
    for spacing, values in axis.tickValues(*axis.range, axis.height()):  # the same ticks, the same words
        assert main_axis.tickStrings(values, 1.0, spacing) == axis.tickStrings(values, 1.0, spacing)
    # whatever the range: decades as the window writes those losses (fmt), never '10¹⁰⁰'
    axis.set_ceiling(None)  # the notation itself, without the unlabelled band above the curves
    assert axis.tickStrings([-10, -2, 0, 1, math.log10(20), 20, 100], 1.0, 1.0) == [
        "1e−10", "0.01", "1", "10", "20", "1e20", "1e100"]


def test_a_linear_loss_axis_writes_huge_losses_as_the_window_does(qtbot, window, controller):
    dialog = diverge(qtbot, window, controller, "0.5")
    dialog.log_box.setChecked(False)  # huge losses on a linear axis: '5e13', not '5e+13'
    labels = tick_labels(dialog.plot)
    assert any("e" in text for text in labels) and not any("+" in text for text in labels)
    assert all(parse_number(text, math.inf) >= 0 for text in labels)


def test_a_linear_loss_axis_reaches_a_huge_finite_loss_and_its_mark(qtbot, window, controller):
    # pyqtgraph cuts a curve to a million times the view before auto-range reads it: the axis
    # stopped near 1.5e14, the loss of 1.946e114 and its triangle far above the top
    dialog = diverge(qtbot, window, controller, "0.5")
    dialog.log_box.setChecked(False)
    low, high = dialog.plot.getViewBox().viewRange()[1]
    assert low == 0 and 1.9463725436637e114 < high < 2.1e114
    assert COLORS["right"] in colours_at(dialog.plot, 3, 1.9463725436637e114)


def labelled_ticks(plot):
    """The loss axis's tick values (as the view plots them: log10 on a log axis) that carry a label."""
    axis = plot.getPlotItem().getAxis("left")
    low, high = plot.getViewBox().viewRange()[1]
    shown = []
    for spacing, values in axis.tickValues(low, high, axis.height()):
        shown += [v for v, text in zip(values, axis.tickStrings(values, axis.autoSIPrefixScale, spacing)) if text]
    return shown


@pytest.mark.parametrize("log_y", [True, False])
def test_no_tick_label_lies_in_the_band_where_an_infinite_loss_is_marked(qtbot, window, controller, log_y):
    # α = 100: the right twin's loss is ∞, its triangle at the top of the plot, dashed from 23.5. A
    # label level with it ('70' on the log axis) read as a finite rise to about 70
    dialog = diverge(qtbot, window, controller, "100")
    dialog.log_box.setChecked(log_y)
    _, (top,) = dialog.marks.marks["right"].getData()
    top_shown = top  # as the view plots it: log10 on a log axis
    shown = labelled_ticks(dialog.plot)
    assert shown and max(shown) < top_shown
    highest = math.log10(23.5) if log_y else 23.5  # the highest loss drawn: the pair's start
    assert max(shown) <= highest + 1e-9 and all(v <= highest + 1e-9 for v in shown)
    assert len(tick_labels(dialog.plot)) >= 2  # the axis still reads below it

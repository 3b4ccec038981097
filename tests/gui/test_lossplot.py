"""The loss plot shows the controller's history, its markers and a hover read-out."""

import warnings

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette

from xorgui.core.numbers import fmt
from xorgui.gui.lossplot import LossPlot


@pytest.fixture
def plot(controller, shown):
    return shown(LossPlot(controller))


def shows_history(plot, controller) -> bool:
    x, y = plot.curve_data()
    return len(x) == len(controller.history)


def test_plot_gets_one_point_per_epoch(plot, controller, qtbot):
    for _ in range(5):
        controller.step_epoch()
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    x, y = plot.curve_data()
    assert x.tolist() == [1, 2, 3, 4, 5]
    assert np.array_equal(y, controller.history)
    assert len(controller.history) == 5


def test_plot_follows_training(plot, controller, qtbot):
    controller.start()
    qtbot.waitUntil(lambda: len(controller.history) > 50)
    controller.pause()
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    x, y = plot.curve_data()
    assert np.array_equal(x, np.arange(1, len(controller.history) + 1))
    assert np.array_equal(y, controller.history)


def test_the_plot_shows_the_history_it_is_handed(plot, controller):
    controller.trainer.history.extend([0.5, 0.25, 0.125])
    controller.history_changed.emit(controller.history)
    x, y = plot.curve_data()  # at once: the plot has no clock of its own
    assert x.tolist() == [1, 2, 3] and y.tolist() == [0.5, 0.25, 0.125]
    assert plot.readout.text() == "epoch 3 · loss 0.125"


def test_log_scale_with_zero_and_infinite_losses(plot, controller, qtbot):
    controller.trainer.history.extend([1.0, 0.0, np.inf, np.nan, -1.0, 0.5])
    controller.history_changed.emit(controller.history)
    plot.refresh()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot.set_log_y(True)
        plot.grab()  # paint: downsampling, autorange and drawing run here
        assert plot.log_y() and plot.log_box.isChecked()
        assert plot.plot_widget.getPlotItem().getAxis("left").logMode
        _, shown = plot.curve.getData()
        assert np.count_nonzero(np.isfinite(shown)) == 2  # only 1.0 and 0.5 have a logarithm
        with qtbot.waitSignal(plot.log_y_changed, check_params_cb=lambda on: on is False):
            plot.log_box.setChecked(False)  # the checkbox is the same switch (a menu can follow it)
        plot.grab()
        assert not plot.log_y()
        _, shown = plot.curve.getData()
        assert np.count_nonzero(np.isfinite(shown)) == 4  # inf and nan are not drawn


def test_markers_at_edits_and_setting_changes(plot, controller, qtbot):
    assert plot.marker_points() == []
    for _ in range(3):
        controller.step_epoch()
    assert controller.edit_weight(0, 1, 1, "0.5")
    h = controller.history
    assert plot.marker_points() == [(3.0, h[2], "W21 edited")]
    controller.step_epoch()
    controller.step_epoch()
    assert controller.set_learning_rate(0.5)
    h = controller.history
    assert plot.marker_points() == [(3.0, h[2], "W21 edited"), (5.0, h[4], "Learning rate 0.5")]
    plot.set_log_y(True)
    assert [p[1] for p in plot.marker_points()] == pytest.approx([np.log10(h[2]), np.log10(h[4])])


def test_marker_before_any_epoch_sits_on_the_current_loss(plot, controller):
    controller.set_learning_rate(0.01)
    assert plot.marker_points() == [(0.0, controller.snapshot.loss, "Learning rate 0.01")]


def test_hover_reads_out_the_nearest_epoch(plot, controller, qtbot):
    for _ in range(10):
        controller.step_epoch()
    plot.refresh()
    plot.grab()  # lay out and autorange the view
    h = controller.history
    assert plot.readout.text() == f"epoch 10 · loss {fmt(h[9], 4)}"
    vb = plot.plot_widget.getPlotItem().getViewBox()
    over_epoch_4 = plot.plot_widget.mapFromScene(vb.mapViewToScene(QPointF(4.2, float(h[3]))))
    qtbot.mouseMove(plot.plot_widget.viewport(), over_epoch_4)  # a real mouse move event
    expected = f"epoch 4 · loss {fmt(h[3], 4)}"
    qtbot.waitUntil(lambda: plot.readout.text() == expected)
    controller.set_precision(7)
    assert plot.readout.text() == f"epoch 4 · loss {fmt(h[3], 7)}"


def test_a_million_epochs(plot, controller, qtbot):
    controller.trainer.history.extend(np.linspace(1, 0.01, 1_000_000))
    controller.history_changed.emit(controller.history)
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    x, y = plot.curve_data()
    assert x[-1] == 1_000_000 and y[-1] == pytest.approx(0.01)
    plot.grab()
    shown_x, _ = plot.curve.getData()
    assert 0 < len(shown_x) < 20_000  # downsampled to the screen, not a million segments
    plot.set_log_y(True)
    plot.grab()
    assert plot.readout.text() == "epoch 1000000 · loss 0.01"


def test_background_follows_the_palette(plot, qtbot):
    dark = QPalette(plot.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    plot.setPalette(dark)
    assert plot.plot_widget.backgroundBrush().color() == QColor("#202020")
    assert plot.plot_widget.getPlotItem().getAxis("left").textPen().color() == QColor("#e0e0e0")


def test_export_png(plot, tmp_path):
    path = tmp_path / "loss.png"
    assert plot.export_png(str(path))
    assert path.stat().st_size > 0

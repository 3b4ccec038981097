"""Training frames stay cheap: the plot's axes move in steps, read-outs relay out nothing, and a
frame never overwrites a setting being typed."""

import math

import pytest
from PySide6.QtCore import QEvent, QObject

from xorgui.core.presets import make_preset
from xorgui.gui.lossplot import LossPlot
from xorgui.gui.plots import round_up
from xorgui.gui.panel import ControlPanel


@pytest.mark.parametrize("value, rounded", [(5, 5), (10.01, 11), (99.5, 100), (1_048_577, 1_100_000),
                                            (0.2391, 0.24), (1e-5, 1e-5), (7.01e-7, 7.1e-7)])
def test_round_up_keeps_two_significant_digits(value, rounded):
    assert round_up(value) == pytest.approx(rounded, rel=1e-12) and round_up(value) >= value


def view_range(plot):
    return plot.plot_widget.getPlotItem().getViewBox().viewRange()


def test_the_axes_stay_put_while_the_curve_moves_inside_them(controller, shown):
    controller.replace_session(make_preset("sigmoid"))
    plot = shown(LossPlot(controller), 900, 300)
    controller.trainer.run_epochs(2010)
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()
    before = view_range(plot)
    (x0, x1), (y0, y1) = before
    history = controller.history
    assert x0 <= 1 and 2010 <= x1 < 1.2 * 2010  # the whole run, no more than a fifth to spare
    assert y0 <= 0 <= history.min() and history.max() <= y1  # linear axis from 0: losses are >= 0
    controller.trainer.run_epochs(50)  # a frame's worth: 2060 still rounds up to 2100
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()
    assert view_range(plot) == before
    controller.trainer.run_epochs(100)  # 2160: past 2100, the axis grows by one step
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()
    (_, x1), (_, y1) = view_range(plot)
    assert 2160 <= x1 < 1.2 * 2160 and y1 == before[1][1]


def test_log_axis_spans_whole_decades(controller, shown):
    controller.replace_session(make_preset("sigmoid"))
    plot = shown(LossPlot(controller), 900, 300)
    controller.trainer.run_epochs(3000)
    controller.history_changed.emit(controller.loss_curve)
    plot.set_log_y(True)
    plot.grab()
    _, (low, high) = view_range(plot)
    history = controller.history
    assert low <= math.floor(math.log10(history.min())) and math.ceil(math.log10(history.max())) <= high


class LayoutRequests(QObject):
    """Counts the layout requests that reach the watched widget."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_training_frame_relays_out_neither_the_panel_nor_the_plot(controller, shown, qtbot):
    panel = shown(ControlPanel(controller))
    plot = shown(LossPlot(controller))
    for _ in range(3):  # the first frames may still settle the layout
        controller.step_epoch()
        qtbot.wait(1)
    watched = [LayoutRequests(panel), LayoutRequests(plot)]
    for _ in range(3):
        controller.step_epoch()  # new epoch, loss, accuracy and progress texts
        qtbot.wait(1)
    assert "Epoch <b>6</b>" in panel.epoch_label.text() and plot.readout.text().startswith("epoch 6 ")
    assert [w.count for w in watched] == [0, 0]


def test_a_frame_does_not_overwrite_a_setting_being_typed(controller, shown):
    panel = shown(ControlPanel(controller))
    panel.learning_rate.lineEdit().setText("0.7")  # typing, not yet committed
    controller.step_epoch()  # the run moves on: epoch, loss and weights change
    assert "Epoch <b>1</b>" in panel.epoch_label.text()
    assert panel.learning_rate.lineEdit().text() == "0.7"

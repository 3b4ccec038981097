"""Training frames stay cheap: the plot's axes move in rare steps, read-outs relay out nothing, and a
frame never overwrites a setting being typed."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject

from xorgui.core.presets import make_preset
from xorgui.gui.lossplot import LossPlot
from xorgui.gui.plots import nice_ceil
from xorgui.gui.panel import ControlPanel


@pytest.mark.parametrize("value, nice", [(5, 5), (10.01, 12), (2010, 2500), (2500, 2500), (2501, 3000),
                                         (99.5, 100), (1_048_577, 1_200_000), (0.2391, 0.25), (1e-5, 1e-5),
                                         (7.01e-7, 8e-7), (3.3e15, 4e15)])
def test_nice_ceil_rounds_up_to_a_nice_value(value, nice):
    assert nice_ceil(value) == pytest.approx(nice, rel=1e-12) and nice_ceil(value) >= value


def view_range(plot):
    return plot.plot_widget.getPlotItem().getViewBox().viewRange()


def train(controller, plot, epochs):
    """What a training frame does: ``epochs`` more, the history handed over, the plot painted."""
    controller.trainer.run_epochs(epochs)
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()


def test_the_axes_stay_put_while_the_curve_moves_inside_them(controller, shown):
    controller.replace_session(make_preset("sigmoid"))
    plot = shown(LossPlot(controller), 900, 300)
    train(controller, plot, 2010)
    before = view_range(plot)
    (x0, x1), (y0, y1) = before
    history = controller.history
    assert x0 <= 0 and 2010 <= x1 < 1.4 * 2010  # the whole run, with headroom: up to 2,500
    assert y0 <= 0 <= history.min() and history.max() <= y1  # linear axis from 0: losses are >= 0
    for _ in range(9):  # frames of 50 epochs, to 2,460: the curve grows inside the axes
        train(controller, plot, 50)
        assert view_range(plot) == before
    train(controller, plot, 100)  # 2,560: past 2,500, the axis grows by one step, to 3,000
    (_, x1), (_, y1) = view_range(plot)
    assert 2560 <= x1 < 1.4 * 2560 and y1 == before[1][1]


def test_the_axes_move_rarely_and_always_hold_the_whole_curve(controller, shown):
    controller.replace_session(make_preset("sigmoid"))
    plot = shown(LossPlot(controller), 900, 300)
    history = controller.trainer.history

    def grow(epochs):  # a frame's worth of losses (made up: training 910,000 epochs takes seconds)
        start = len(history) + 1
        history.extend(0.25 / np.sqrt(np.arange(start, start + epochs) / 1000.0 + 1.0))
        controller.history_changed.emit(controller.loss_curve)
        plot.grab()
    grow(10_000)
    ranges = []
    for _ in range(90):  # frames of 10,000 epochs, from 20,000 to 910,000
        grow(10_000)
        (x0, x1), (y0, y1) = view_range(plot)
        x, y = plot.curve_data()
        assert x0 <= 0 and x[-1] == len(history) <= x1
        assert y0 <= 0 and y.max() <= y1
        ranges.append(((x0, x1), (y0, y1)))
    moves = sum(a != b for a, b in zip(ranges, ranges[1:]))
    # once per nice value passed (25k, 30k, 40k, ... 1M: 16); two-digit rounding moved them on
    # nearly every frame here (21k, 22k, ...)
    assert moves <= 16


def noisy(first, last, seed=1):
    """Losses of epochs ``first`` to ``last``: falling, with noise a pixel column's envelope shows."""
    e = np.arange(first, last + 1, dtype=np.float64)
    return 1 / np.sqrt(e) * (1 + 0.2 * np.random.default_rng(seed).random(len(e)))


def hand_over(controller, plot):
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()


def drawn(plot):
    x, y = plot.curve.getData()
    return x.copy(), y.copy()


def test_a_curve_grown_frame_by_frame_is_drawn_as_if_drawn_at_once(controller, shown):
    plot = shown(LossPlot(controller), 900, 300)
    history = controller.trainer.history
    for k in range(12):  # frames of 25,000 epochs: the columns drawn are kept, new epochs added
        history.extend(noisy(k * 25_000 + 1, (k + 1) * 25_000 + 17 * k, seed=k))
        hand_over(controller, plot)
    x, y = drawn(plot)
    assert 0 < len(x) < 5_000  # a few points per pixel column, not 300,000
    losses = controller.history
    assert y.max() == losses.max() and y.min() == losses.min()  # the envelope's extremes are the data's
    fresh = shown(LossPlot(controller), 900, 300)
    fresh.grab()
    fx, fy = drawn(fresh)
    assert np.array_equal(x, fx) and np.array_equal(y, fy)
    assert x.max() > len(losses) - len(losses) / 900  # the last, part-filled column is drawn too


def test_after_an_undo_the_curve_drawn_is_the_new_history_not_the_old_one(controller, shown):
    plot = shown(LossPlot(controller), 900, 300)
    history = controller.trainer.history
    history.extend(noisy(1, 200_000))
    hand_over(controller, plot)
    before = drawn(plot)
    history.truncate(100_000)  # what an undo does (History.restore_since): cut back, then
    history.extend(np.r_[noisy(100_001, 150_000, seed=2), 3.0, noisy(150_002, 200_000, seed=3)])  # another run
    hand_over(controller, plot)
    x, y = drawn(plot)
    assert y.max() == 3.0 and not np.array_equal(y, before[1])  # the new run's spike, at its epoch
    assert abs(x[np.argmax(y)] - 150_001) <= 200_000 / 900
    fresh = shown(LossPlot(controller), 900, 300)
    fresh.grab()
    assert all(np.array_equal(a, b) for a, b in zip((x, y), drawn(fresh)))


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


def test_a_training_frame_leaves_the_items_that_did_not_change_alone(controller, shown):
    plot = shown(LossPlot(controller), 900, 300)
    assert controller.edit_weight(0, 1, 1, "0.5")  # a marker at epoch 0
    train(controller, plot, 20)
    touched = []
    for item in (plot.bridge, plot.markers.item, plot.points.start_item):
        item.sigPlotChanged.connect(lambda *_, item=item: touched.append(item))
    for _ in range(3):  # the curve grows; epoch 0, the segment to epoch 1 and the marker stay
        train(controller, plot, 20)
    assert touched == []
    x, y = plot.drawn_curve()
    assert x[:2].tolist() == [0, 1] and y[0] == controller.trainer.history.start


def test_items_with_nothing_to_draw_are_hidden_and_shown_again_with_something(controller, shown):
    plot = shown(LossPlot(controller), 900, 300)
    train(controller, plot, 20)
    # no marker, no hover, no mid-epoch point: nothing of them to paint on every frame
    assert not plot.markers.item.isVisible() and not plot.hover_item.isVisible()
    assert not plot.points.now_item.isVisible() and plot.points.start_item.isVisible()
    assert controller.set_learning_rate(0.3)
    assert controller.step_sample()  # a marker, and the weights one sample into epoch 21
    plot.grab()
    assert plot.markers.item.isVisible() and plot.marker_points()[0][2] == "Learning rate 0.3"
    assert plot.points.now_item.isVisible() and plot.now_point()[0] == pytest.approx(20.25)

"""While practice asks for ŷ, the Loss tab draws nothing at the current weights' mean loss: with the
truth table's other three losses it gives the asked sample's loss, hence ŷ (the maintainer review:
hovering the curve's last epoch drew a dot at exactly that height, 0.157 on a zoomed log axis)."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from xorgui.core.numbers import fmt
from xorgui.gui.lossplot import LossPlot


@pytest.fixture
def plot(controller, shown):
    return shown(LossPlot(controller))


def hover(plot, qtbot, epoch, expected):
    """Move the real mouse over ``epoch`` and wait for the read-out ``expected``."""
    plot.grab()  # lay out and auto-range the view
    vb = plot.plot_widget.getPlotItem().getViewBox()
    y = float(np.mean(vb.viewRange()[1]))
    qtbot.mouseMove(plot.plot_widget.viewport(), plot.plot_widget.mapFromScene(vb.mapViewToScene(QPointF(epoch, y))))
    qtbot.waitUntil(lambda: plot.readout.text() == expected)


def finish_walk(controller):
    while not controller.walk.finished:
        while controller.walk.question is not None:
            controller.reveal_answer()
        if not controller.walk.finished:
            assert controller.step_phase()


def test_the_curve_stops_before_the_current_weights_and_their_epoch_shows_no_dot(plot, controller, qtbot):
    for _ in range(5):
        assert controller.step_epoch()
    h = list(controller.history)
    controller.set_practice(True)
    assert controller.step_phase()  # the walk on sample 0 asks for ŷ: epoch 5's loss is the weights' now
    assert controller.walk.sample == 0 and controller.trainer.cursor == 0
    x, y = plot.drawn_curve()
    assert x.tolist() == [0, 1, 2, 3, 4] and y[1:].tolist() == h[:4]
    assert plot.readout.text() == "epoch 5 · mean loss ?"
    hover(plot, qtbot, 5, "epoch 5 · mean loss ?")
    assert not plot.hover_item.isVisible()  # a dot at that height would read the hidden loss
    hover(plot, qtbot, 3, f"epoch 3 · mean loss {fmt(h[2], controller.precision)}")
    assert plot.hover_item.isVisible()  # older weights give nothing away
    hover(plot, qtbot, 5, "epoch 5 · mean loss ?")
    assert not plot.hover_item.isVisible()

    finish_walk(controller)  # the step is taken: the curve is whole again
    x, y = plot.drawn_curve()
    assert x.tolist() == [0, 1, 2, 3, 4, 5] and y[1:].tolist() == h


def test_a_marker_at_the_current_weights_epoch_is_not_drawn(plot, controller):
    for _ in range(3):
        assert controller.step_epoch()
    assert controller.set_learning_rate(0.5)  # a marker at epoch 3, on the current weights' loss
    assert [p[0] for p in plot.marker_points()] == [3.0]
    controller.set_practice(True)
    assert controller.step_phase()
    assert plot.marker_points() == []
    finish_walk(controller)
    assert [p[0] for p in plot.marker_points()] == [3.0]


def test_before_training_the_epoch_0_point_is_the_current_weights_and_is_not_drawn(plot, controller):
    assert plot.start_point() == (0.0, 23.5)
    controller.set_practice(True)
    assert controller.step_phase()
    assert plot.start_point() is None
    assert plot.readout.text() == "epoch 0 · mean loss ?"


def test_mid_epoch_the_current_weights_point_is_not_drawn_but_the_epochs_are(plot, controller):
    for _ in range(2):
        assert controller.step_epoch()
    assert controller.step_sample()  # one sample into epoch 3: the walk will be on sample 1
    assert plot.now_point() is not None
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.sample == 1
    assert plot.now_point() is None
    assert plot.drawn_curve()[0].tolist() == [0, 1, 2]  # losses of older weights
    assert plot.readout.text().endswith("mean loss ?")


def test_the_loss_and_per_sample_tabs_only_ask_core_hidden(window, controller, monkeypatch, qtbot):
    """core.hidden is the one place that decides what practice hides: change its answers and the
    views follow (they re-derived them from ``Hidden.sample`` and the cursor before)."""
    from xorgui.core.hidden import Hidden

    for _ in range(3):
        assert controller.step_epoch()
    monkeypatch.setattr(Hidden, "hides_sample_line", lambda self, j: self.prediction and j == 2)
    monkeypatch.setattr(Hidden, "hides_mean_loss", lambda self, epoch, cursor, at_epoch, at_cursor=0:
                        self.prediction and at_epoch == 1)
    controller.set_practice(True)
    assert controller.step_phase() and controller.walk.sample == 0
    samples = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(samples)
    assert samples.shown_lines() == [0, 1, 3]
    assert samples.readout.text().startswith("after epoch 3: 0: ") and " 2: ? " in samples.readout.text()
    losses = window.plot
    window.bottom_tabs.setCurrentWidget(losses)
    h = controller.history
    assert losses.readout.text() == f"epoch 3 · mean loss {fmt(h[2], controller.precision)}"
    hover(losses, qtbot, 1, "epoch 1 · mean loss ?")
    assert not losses.hover_item.isVisible()

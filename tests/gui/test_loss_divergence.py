"""The main loss plot when training diverges: where the curve leaves the plot, in the status
line's words, marked as the twin window marks it (gui/twin_marks.py), and a huge finite loss kept
inside the loss axis."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette

from xorgui.core.numbers import fmt

LOG_AND_LINEAR = (False, True)


@pytest.fixture
def plot(window):
    """The main window's Loss tab, shown."""
    plot = window.plot
    window.bottom_tabs.setCurrentWidget(plot)
    return plot


def set_log_y(plot, log_y):
    """The log-y box set, and the plot painted as the user sees it (the axes fit at the paint)."""
    plot.log_box.setChecked(log_y)
    plot.plot_widget.grab()


def inside_axis(plot, loss, log_y):
    """Whether the loss axis, as shown, reaches ``loss`` (its top a finite number)."""
    low, high = plot.plot_widget.getPlotItem().getViewBox().viewRange()[1]
    return math.isfinite(high) and low <= (math.log10(loss) if log_y else loss) <= high


def pixels_below_top(plot, loss, log_y):
    vb = plot.plot_widget.getPlotItem().getViewBox()
    high, pixel = vb.viewRange()[1][1], vb.viewPixelSize()[1]
    return (high - (math.log10(loss) if log_y else loss)) / pixel


def colours_at(plot, x, loss, log_y, half=2):
    """The colours (#rrggbb) painted around a point of the plot, given as (epoch, loss)."""
    vb = plot.plot_widget.getPlotItem().getViewBox()
    centre = plot.plot_widget.mapFromScene(vb.mapViewToScene(QPointF(x, math.log10(loss) if log_y else loss)))
    image = plot.plot_widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return {image.pixelColor(int((centre.x() + dx) * ratio), int((centre.y() + dy) * ratio)).name()
            for dx in range(-half, half + 1) for dy in range(-half, half + 1)}


def curve_colour(plot):
    return plot.curve.opts["pen"].color().name()


def diverge_to_infinity(controller):
    """The default session at α = 50, one Epoch (F7): the loss after epoch 1 is ∞."""
    controller.set_learning_rate(50)
    controller.step_epoch()
    assert controller.history.tolist() == [math.inf]


def test_a_loss_that_overflows_leaves_the_plot_at_the_top_where_it_diverged(plot, controller):
    # before: the plot showed the epoch-0 point and nothing else; the curve simply stopped
    diverge_to_infinity(controller)
    marks = plot.divergence
    assert marks.label() == "diverged at epoch 1 (loss ∞)"  # the status line's words
    assert marks.line_epoch() == 1
    for log_y in LOG_AND_LINEAR:
        set_log_y(plot, log_y)
        x, top = marks.triangle("loss")
        assert x == 1 and 0 < pixels_below_top(plot, top, log_y) < 20  # just under the top, at epoch 1
        assert marks.exit("loss") == ((0, pytest.approx(23.5)), (1, top))  # dashed from the last loss drawn
        assert top > 1.1 * 23.5  # room above every loss drawn: it is seen to leave upwards
        assert curve_colour(plot) in colours_at(plot, 1, top, log_y)  # painted, in the curve's colour


def test_marks_made_at_the_first_divergence_take_the_palette_set_before(plot, controller):
    """The marks are made when the run first diverges (most runs never do): on a dark palette set
    earlier they are drawn in its colours, not the light ones."""
    dark = QPalette(plot.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    plot.setPalette(dark)
    diverge_to_infinity(controller)
    assert curve_colour(plot) == "#5aa9e6"  # the dark palette's curve
    x, top = plot.divergence.triangle("loss")
    assert curve_colour(plot) in colours_at(plot, x, top, False)  # the triangle, painted in it
    assert plot.divergence.line.label.fill.color().name() == "#202020"  # the label on the dark ground


def test_the_mark_stays_where_the_run_first_diverged(plot, controller):
    controller.set_learning_rate(0.5)  # the article's example, online: 1.75, 140, 1.946e114, then NaN
    for _ in range(4):  # the weights stay finite to epoch 3, so a fourth Epoch is still allowed
        controller.step_epoch()
    assert np.isnan(controller.history[3])
    assert plot.readout.text().endswith("mean loss NaN")
    assert plot.divergence.label() == "diverged at epoch 3 (loss 1.946e114)"
    assert plot.divergence.triangle("loss")[0] == 3


def test_an_epoch_on_a_network_whose_loss_is_infinite_is_refused_and_the_mark_stays(plot, controller):
    diverge_to_infinity(controller)
    assert not controller.step_epoch()  # refused: the loss is not finite
    assert controller.history.tolist() == [math.inf]
    assert plot.divergence.label() == "diverged at epoch 1 (loss ∞)"
    assert plot.divergence.triangle("loss")[0] == 1


def test_a_divergence_to_a_huge_finite_loss_is_marked_on_the_curve_inside_the_axis(plot, controller):
    controller.set_learning_rate(0.5)  # the article's example, online: 1.75, 140, 1.946e114
    for _ in range(3):
        controller.step_epoch()
    loss = controller.history[2]
    assert loss == pytest.approx(1.9463725436637e114)
    for log_y in LOG_AND_LINEAR:
        set_log_y(plot, log_y)
        # pyqtgraph cut the plot's frame to a million times the view before its auto-range read
        # it: the linear axis stopped near 1e8, the curve a vertical line off the top
        assert inside_axis(plot, loss, log_y)
    assert plot.divergence.label() == "diverged at epoch 3 (loss 1.946e114)"
    for log_y in LOG_AND_LINEAR:
        set_log_y(plot, log_y)
        assert plot.divergence.triangle("loss") == (3, loss)  # on the curve
        assert plot.divergence.exit("loss") is None  # the curve itself reaches it
    controller.set_precision(6)  # the window's decimals, as in the status line
    assert plot.divergence.label() == "diverged at epoch 3 (loss 1.94637e114)"


def diverge_to(controller, loss):
    """A history of 0.5 then ``loss`` after epochs 1 and 2, shown."""
    controller.trainer.history.extend([0.5, loss])
    controller.trainer.epoch = 2  # as if trained: the history's epochs are the trainer's
    controller.history_changed.emit(controller.loss_curve)


def test_a_loss_near_the_largest_double_is_inside_the_axis_when_the_axis_can_reach_it(plot, controller):
    # the axis top was rounded up past the largest double: ∞ on a linear axis (the view stayed
    # where it was), an OverflowError on a log axis
    diverge_to(controller, 1e300)
    for log_y in (True, False, True):
        set_log_y(plot, log_y)
        assert inside_axis(plot, 1e300, log_y)
    assert plot.divergence.triangle("loss") == (2, 1e300)


@pytest.mark.parametrize("loss", [1.7e308, np.finfo(float).max])
def test_a_finite_loss_beyond_the_axis_leaves_the_plot_at_the_top_as_infinity_does(plot, controller, loss):
    # pyqtgraph's axes end at 1e307 (10^308.2 on a log axis): the loss is drawn as ∞ is
    diverge_to(controller, loss)
    assert plot.divergence.label() == f"diverged at epoch 2 (loss {fmt(loss)})"
    for log_y in (True, False, True):
        set_log_y(plot, log_y)
        x, top = plot.divergence.triangle("loss")
        assert x == 2 and 0 < pixels_below_top(plot, top, log_y) < 20
        assert plot.divergence.exit("loss") == ((1, 0.5), (2, top))


def test_a_long_run_that_diverges_is_marked_at_its_last_epoch(plot, controller):
    controller.set_learning_rate(0.1)
    assert controller.change("Train 3000 epochs", lambda: controller.trainer.run_epochs(3000))
    controller.set_learning_rate(1000)
    controller.step_epoch()
    assert controller.history[-1] == math.inf and len(controller.history) == 3001
    last = controller.history[-2]
    assert plot.divergence.label() == "diverged at epoch 3,001 (loss ∞)"
    for log_y in LOG_AND_LINEAR:
        set_log_y(plot, log_y)
        x, top = plot.divergence.triangle("loss")
        assert x == 3001 and 0 < pixels_below_top(plot, top, log_y) < 20
        assert plot.divergence.exit("loss") == ((3000, last), (3001, top))
        assert curve_colour(plot) in colours_at(plot, 3001, top, log_y)


def test_undo_takes_the_mark_away_and_redo_brings_it_back(plot, controller):
    diverge_to_infinity(controller)
    assert controller.undo()  # to epoch 0, before the divergence
    assert plot.divergence.label() is None and plot.divergence.triangle("loss") is None
    assert plot.divergence.exit("loss") is None
    assert controller.redo()
    assert plot.divergence.label() == "diverged at epoch 1 (loss ∞)"


def test_viewing_an_earlier_epoch_keeps_the_mark_on_the_run_shown(plot, controller):
    controller.set_learning_rate(0.1)
    assert controller.change("Train 20 epochs", lambda: controller.trainer.run_epochs(20))
    controller.set_learning_rate(1000)
    controller.step_epoch()
    assert controller.travel.view_epoch(10)
    assert plot.viewed_line.epoch() == 10
    assert plot.divergence.label() == "diverged at epoch 21 (loss ∞)"  # the curve is still the whole run
    assert plot.divergence.triangle("loss")[0] == 21
    assert controller.travel.back_to_now()
    assert plot.divergence.triangle("loss")[0] == 21


def test_no_mark_while_training_goes_well(plot, controller):
    for _ in range(3):
        controller.step_epoch()
    assert plot.divergence.label() is None and plot.divergence.triangle("loss") is None


def test_the_exit_starts_at_the_last_loss_the_axis_draws_before_the_divergence():
    from xorgui.gui.twin_marks import last_drawn

    x, y = [0, 1, 2, 3, 4, 5], [23.5, 2.0, 0.0, np.nan, math.inf, 7.0]
    assert last_drawn(x, y, 4, log_y=False) == (2, 0.0)  # 0 is drawn on a linear axis
    assert last_drawn(x, y, 4, log_y=True) == (1, 2.0)  # not on a log axis
    assert last_drawn(x, y, 1, log_y=True) == (0, 23.5)  # before the divergence only, not after
    assert last_drawn(x, [math.inf, 1e308, 2e307, math.nan, 1, 1], 3, log_y=False) is None  # past the axis's 1e307
    assert last_drawn(np.arange(1000), np.r_[1.0, np.full(999, np.nan)], 999, log_y=True) == (0, 1.0)  # far back


@pytest.mark.parametrize("log_y", LOG_AND_LINEAR)
def test_no_tick_label_lies_in_the_band_where_an_infinite_loss_is_marked(plot, controller, log_y):
    # as on the twin plot: a label level with the ∞ triangle would read as a finite loss there
    diverge_to_infinity(controller)
    set_log_y(plot, log_y)
    axis = plot.plot_widget.getPlotItem().getAxis("left")
    low, high = plot.plot_widget.getViewBox().viewRange()[1]
    labelled = [v for spacing, values in axis.tickValues(low, high, axis.height())
                for v, text in zip(values, axis.tickStrings(values, axis.autoSIPrefixScale, spacing)) if text]
    highest = math.log10(23.5) if log_y else 23.5  # the highest loss drawn: epoch 0's
    assert labelled and max(labelled) <= highest + 1e-9
    assert len(labelled) >= 2  # the axis still reads below it


def test_the_label_of_an_early_divergence_in_a_long_run_is_on_the_side_with_room(plot, controller):
    # the sigmoid example with an identity output at α = 1000: epoch 1 already diverged (loss 4288566.5664)
    # and the run went on to epoch 50; the label, always left of its line, showed "564)" at the plot's edge
    assert controller.new_session("sigmoid") and controller.set_activation(1, "identity")
    controller.set_learning_rate(1000)
    assert controller.change("Train 50 epochs", lambda: controller.trainer.run_epochs(50))
    assert plot.divergence.label() == "diverged at epoch 1 (loss 4288566.5664)"
    plot.plot_widget.grab()  # laid out and painted, as shown
    label = plot.divergence.line.label
    box = plot.plot_widget.getPlotItem().getViewBox()
    shown, room = label.mapRectToScene(label.boundingRect()), box.mapRectToScene(box.boundingRect())
    assert room.contains(shown) and shown.left() >= box.mapViewToScene(QPointF(1, 0)).x() - 0.5  # right of the line

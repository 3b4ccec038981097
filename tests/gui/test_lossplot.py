"""The loss plot shows the controller's history, its markers and a hover read-out."""

import gc
import warnings
import weakref

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette

from xorgui.core.losscurve import LossCurve
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.gui import files
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
    controller.history_changed.emit(controller.loss_curve)
    x, y = plot.curve_data()  # at once: the plot has no clock of its own
    assert x.tolist() == [1, 2, 3] and y.tolist() == [0.5, 0.25, 0.125]


def test_log_scale_with_zero_and_infinite_losses(plot, controller, qtbot):
    controller.trainer.history.extend([1.0, 0.0, np.inf, np.nan, -1.0, 0.5])
    controller.history_changed.emit(controller.loss_curve)
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


def test_a_marker_at_epoch_0_stays_on_the_epoch_0_dot_after_training(plot, controller):
    # it was drawn at epoch 1's loss once an epoch was trained: off the curve, above the dot
    start = controller.snapshot.loss
    controller.set_learning_rate(0.01)
    for _ in range(3):
        controller.step_epoch()
    assert controller.history[0] != start
    assert plot.marker_points() == [(0.0, start, "Learning rate 0.01")]


def test_hover_reads_out_the_nearest_epoch(plot, controller, qtbot):
    for _ in range(10):
        controller.step_epoch()
    plot.refresh()
    plot.grab()  # lay out and autorange the view
    h = controller.history
    assert plot.readout.text() == f"epoch 10 · mean loss {fmt(h[9], 4)}"
    vb = plot.plot_widget.getPlotItem().getViewBox()
    over_epoch_4 = plot.plot_widget.mapFromScene(vb.mapViewToScene(QPointF(4.2, float(h[3]))))
    qtbot.mouseMove(plot.plot_widget.viewport(), over_epoch_4)  # a real mouse move event
    expected = f"epoch 4 · mean loss {fmt(h[3], 4)}"
    qtbot.waitUntil(lambda: plot.readout.text() == expected)
    controller.set_precision(7)
    assert plot.readout.text() == f"epoch 4 · mean loss {fmt(h[3], 7)}"
    over_epoch_0 = plot.plot_widget.mapFromScene(vb.mapViewToScene(QPointF(0.2, 23.5)))
    qtbot.mouseMove(plot.plot_widget.viewport(), over_epoch_0)  # the starting weights' point
    qtbot.waitUntil(lambda: plot.readout.text() == "epoch 0 · mean loss 23.5")


def test_a_million_epochs(plot, controller, qtbot):
    controller.trainer.history.extend(np.linspace(1, 0.01, 1_000_000))
    controller.history_changed.emit(controller.loss_curve)
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    x, y = plot.curve_data()
    assert x[-1] == 1_000_000 and y[-1] == pytest.approx(0.01)
    plot.grab()
    shown_x, _ = plot.curve.getData()
    assert 0 < len(shown_x) < 20_000  # downsampled to the screen, not a million segments
    plot.set_log_y(True)
    plot.grab()
    low, high = plot.plot_widget.getPlotItem().getViewBox().viewRange()[1]
    assert low <= -2 <= 0 <= high  # log10 of 0.01 and of 1: the whole curve in view


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


def test_a_new_session_fits_the_axes_to_its_history(plot, controller, qtbot, tmp_path):
    controller.trainer.history.extend(np.linspace(50, 1, 300))
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()
    vb = plot.plot_widget.getPlotItem().getViewBox()
    vb.setRange(xRange=(100, 200), yRange=(10, 20))  # the learner zoomed into the old run
    plot.grab()
    controller.new_session("seed")
    for _ in range(5):
        controller.step_epoch()
    plot.grab()
    (x0, x1), (y0, y1) = vb.viewRange()
    h = controller.history
    assert len(h) == 5
    assert x0 <= 0 and 5 <= x1 < 20  # the five new epochs fill the width, after epoch 0
    assert controller.loss_curve.start == 23.5  # the seed's starting loss, the first point
    assert y0 <= h.min() and 23.5 <= y1 < 30


def test_the_header_and_the_run_panel_show_the_same_mean_loss(plot, controller, qtbot):
    from xorgui.gui.panel import ControlPanel

    panel = ControlPanel(controller)
    qtbot.addWidget(panel)
    for _ in range(5):
        controller.step_epoch()
    loss = fmt(controller.snapshot.loss, 4)
    assert plot.readout.text() == f"epoch 5 · mean loss {loss}"
    assert f"Mean loss <b>{loss}</b>" in panel.loss_label.text()
    controller.step_sample()  # online (the article): the weights move mid-epoch
    now = fmt(controller.snapshot.loss, 4)
    assert now != loss  # the curve's last point (after epoch 5) is no longer the current loss
    assert plot.readout.text() == f"epoch 5 (+1 of 4 samples) · mean loss {now}"
    assert f"Mean loss <b>{now}</b>" in panel.loss_label.text()


@pytest.mark.parametrize("ticks, texts", [
    ([0, 20_000, 40_000, 60_000, 80_000, 100_000], ["0", "20k", "40k", "60k", "80k", "100k"]),
    ([0, 500_000, 1_000_000, 1_500_000], ["0", "0.5M", "1M", "1.5M"]),
    ([0, 2000, 4000, 6000], ["0", "2000", "4000", "6000"]),
])
def test_epoch_ticks_share_one_format(plot, ticks, texts):
    axis = plot.plot_widget.getPlotItem().getAxis("bottom")
    assert axis.tickStrings(ticks, 1.0, ticks[1] - ticks[0]) == texts


BEYOND = (1 << 20) + 5_000  # past the 2^20 epochs kept one by one
MARKED = 300_010  # inside a bucket of the envelope, not at its end


def losses(first: int, last: int) -> np.ndarray:
    """A falling, wiggling loss for epochs first..last: no two neighbours equal."""
    e = np.arange(first, last + 1, dtype=np.float64)
    return 1.0 / np.sqrt(e) + 1e-4 * np.sin(e)


@pytest.fixture
def long_run(controller):
    """A trainer whose history passed 2^20 epochs, with a marker at MARKED (no real training)."""
    t = controller.trainer
    t.history.extend(losses(1, MARKED))
    t.epoch = MARKED
    t.add_marker("learning rate changed")
    t.history.extend(losses(MARKED + 1, BEYOND))
    t.epoch = BEYOND
    assert t.history.decimated and len(t.history) == BEYOND
    controller.set_precision(6)  # republishes the snapshot (markers) …
    controller.history_changed.emit(controller.loss_curve)  # … and the history
    return controller


def test_after_two_to_the_twenty_epochs_the_curve_ends_at_the_real_epoch(plot, long_run):
    x, y = plot.curve_data()
    assert x[0] == 1 and y[0] == losses(1, 1)[0]
    assert x[-1] == BEYOND and y[-1] == losses(BEYOND, BEYOND)[0]  # the exact last loss
    assert np.all(np.diff(x) >= 0) and len(x) < 200_000  # bounded, not a point per epoch
    assert plot.readout.text().startswith(f"epoch {BEYOND:,} ")
    plot.grab()
    (x0, x1), _ = plot.plot_widget.getPlotItem().getViewBox().viewRange()
    assert x0 <= 1 and BEYOND <= x1 < 1.4 * BEYOND  # up to the next nice value (1.2M), and padding


def test_a_marker_sits_at_its_epoch_and_exact_loss_after_decimation(plot, long_run):
    [(x, y, label)] = plot.marker_points()
    assert (x, label) == (MARKED, "learning rate changed")
    assert y == losses(MARKED, MARKED)[0]


def test_csv_export_after_decimation_covers_every_epoch(long_run, tmp_path):
    path = tmp_path / "loss.csv"
    assert long_run.export_history_csv(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith(f"# {BEYOND} epochs") and lines[1] == "epoch,loss,kind"
    rows = [line.split(",") for line in lines[2:]]
    epochs = np.array([int(r[0]) for r in rows])
    kinds = {r[2] for r in rows}
    assert kinds == {"exact", "min", "max", "last"}
    assert epochs[0] == 1 and np.all(np.diff(epochs) >= 0)
    assert rows[-1] == [str(BEYOND), repr(float(losses(BEYOND, BEYOND)[0])), "exact"]
    for r in rows[:3] + rows[-3:]:  # exact rows hold the loss of exactly that epoch
        assert float(r[1]) == losses(int(r[0]), int(r[0]))[0]
    last = [r for r in rows if r[2] == "last"][5]  # a bucket's last row is exact too
    assert float(last[1]) == losses(int(last[0]), int(last[0]))[0]


def test_before_the_first_epoch_the_plot_shows_the_initial_loss_at_epoch_0(plot, controller, qtbot):
    # the default session: mean loss 23.5 (the read-out says so; the plot used to be an empty 0..1)
    assert controller.snapshot.loss == 23.5
    assert plot.start_point() == (0.0, 23.5) and plot.now_point() is None
    view = plot.plot_widget.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: view.viewRange()[1][1] >= 23.5)  # the axis holds the point
    assert view.viewRange()[0][0] <= 0
    controller.edit_weight(1, 0, 0, "0")  # a new weight before any training: the start follows it
    assert plot.start_point() == (0.0, controller.snapshot.loss) != (0.0, 23.5)
    plot.set_log_y(True)
    assert plot.start_point() == pytest.approx((0.0, np.log10(controller.snapshot.loss)))


def test_the_starting_loss_stays_the_first_point_and_mid_epoch_weights_have_their_own(plot, controller, qtbot,
                                                                                     tmp_path):
    # the article's session, online: ½·4² = 8, ½·3² … mean 23.5 before any update; one step on
    # (0, 0) gives W10 = V00 = … = 0.6 and a mean loss of 5.3752 over the four samples
    controller.step_sample()
    assert plot.start_point() == (0.0, 23.5)  # the weights the run started from: it does not move
    assert plot.now_point() == (0.25, 5.3752)  # the current weights, 1 of 4 samples into epoch 1
    assert plot.readout.text() == "epoch 0 (+1 of 4 samples) · mean loss 5.3752"
    for _ in range(3):
        controller.step_sample()
    controller.step_epoch()
    controller.step_epoch()
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    x, y = plot.curve_data()
    assert list(x) == [1, 2, 3] and plot.start_point() == (0.0, 23.5) and plot.now_point() is None
    plot.grab()
    (x0, x1), (y0, y1) = plot.plot_widget.getPlotItem().getViewBox().viewRange()
    assert x0 <= 0 < 3 <= x1 and y1 >= 23.5  # epoch 0 is on the axis, with its tick
    path = tmp_path / "loss.csv"
    assert controller.export_history_csv(path)
    rows = [line.split(",") for line in path.read_text().splitlines()[1:]]
    assert rows[0] == ["0", "23.5", "exact"] and [r[0] for r in rows] == ["0", "1", "2", "3"]
    assert [float(r[1]) for r in rows[1:]] == list(y)


def test_the_starting_loss_survives_undo_redo_and_a_saved_file(plot, controller, qtbot, tmp_path):
    controller.set_learning_rate(0.5)  # the learner's α = 0.5 run starts at 23.5 too
    controller.step_epoch()
    assert plot.start_point() == (0.0, 23.5)
    assert controller.reset_weights()  # another run: back to epoch 0
    controller.step_sample()
    assert plot.start_point() == (0.0, 23.5)  # the reset weights are the article's again
    assert controller.undo() and controller.undo()  # the step, then the reset
    assert plot.start_point() == (0.0, 23.5) and len(controller.history) == 1
    path = tmp_path / "s.json"
    assert controller.save_file(path)
    assert controller.open_file(path)
    assert controller.loss_curve.start == 23.5 and plot.start_point() == (0.0, 23.5)


def test_one_trained_epoch_is_a_line_from_the_epoch_0_dot(plot, controller, qtbot):
    # the article's session: header "epoch 1 · mean loss 0.6837"; the line must join 23.5 at
    # epoch 0 to 0.6837 at epoch 1, not be a lone invisible point at epoch 1
    controller.step_epoch()
    qtbot.waitUntil(lambda: shows_history(plot, controller))
    assert plot.readout.text() == "epoch 1 · mean loss 0.6837"
    x, y = plot.drawn_curve()
    assert list(x) == [0, 1] and y[0] == 23.5 and y[1] == pytest.approx(0.683729, abs=1e-6)
    assert plot.start_point() == (0.0, 23.5)
    controller.step_epoch()
    x, y = plot.drawn_curve()
    assert list(x) == [0, 1, 2] and list(y[1:]) == list(controller.history)
    plot.set_log_y(True)  # the log axis draws the same line, in log10
    assert plot.drawn_curve()[0].tolist() == [0, 1, 2]


def test_a_lone_epoch_without_a_starting_loss_is_drawn_as_a_dot(plot, controller):
    controller.trainer.history.extend([0.5])
    plot.show_history(LossCurve.of(controller.trainer.history, None))  # epoch 0's loss unknown
    assert plot.drawn_curve()[0].tolist() == [1] and plot.curve_symbol() == "o"
    controller.trainer.history.extend([0.25])
    plot.show_history(LossCurve.of(controller.trainer.history, None))
    assert plot.curve_symbol() is None  # two points are a line: no dots along it


def y_range(plot):
    plot.grab()  # paint: the auto-range is applied
    return plot.plot_widget.getPlotItem().getViewBox().viewRange()[1]


def test_an_undo_behind_another_tab_shows_the_whole_curve_when_the_loss_tab_is_back(window, controller, qtbot):
    controller.replace_session(make_preset("sigmoid"))
    plot, tabs = window.plot, window.bottom_tabs
    tabs.setCurrentWidget(plot)
    history = controller.trainer.history
    run_a = np.linspace(0.3, 0.01, 6000)
    run_a[1000:1050] = 2.0  # a burst, as a too-high learning rate gives
    controller.change("Train 6000 epochs", lambda: history.extend(run_a))
    assert 2.0 <= y_range(plot)[1] < 2.7
    # Resume from here at epoch 100, then a smooth run: the axis shrinks to it
    controller.change("Resume from epoch 100", lambda: history.truncate(100), resets_history=True)
    controller.change("Train 3000 epochs", lambda: history.extend(np.linspace(0.29, 0.01, 3000)))
    assert y_range(plot)[1] < 0.5
    tabs.setCurrentWidget(window.sample_plot)
    qtbot.waitUntil(lambda: not plot.isVisible())
    assert controller.undo() and controller.undo()  # run A again, 6,000 epochs with the burst
    assert len(controller.history) == 6000
    tabs.setCurrentWidget(plot)
    qtbot.waitUntil(plot.isVisible)
    low, high = y_range(plot)
    assert low <= 0 and 2.0 <= high < 2.7  # the burst is in view, not cut off at run B's 0.3


def test_opening_a_longer_session_with_other_losses_fits_the_axis_and_markers_to_them(plot, controller,
                                                                                     tmp_path):
    controller.replace_session(make_preset("sigmoid"))
    for _ in range(30):
        controller.step_epoch()
    assert controller.edit_weight(0, 1, 1, "0.5")  # a marker at epoch 30
    controller.trainer.run_epochs(970)
    controller.history_changed.emit(controller.loss_curve)
    assert y_range(plot)[1] < 1
    other = make_preset("sigmoid")  # another run, longer, that started with a burst
    other.history.extend(np.r_[np.full(50, 3.0), np.linspace(0.3, 0.01, 4950)])
    other.epoch = 5000
    other.markers = list(controller.trainer.markers)  # a marker at the same epoch, named the same
    path = tmp_path / "other.xorgui"
    assert files.save(other, path)
    assert controller.open_file(path)
    low, high = y_range(plot)
    assert len(controller.history) == 5000 and low <= 0 and 3.0 <= high < 4
    [(epoch, y, _)] = plot.marker_points()
    assert (epoch, y) == (30, 3.0)  # on the opened curve, not where the old one was


def test_once_decimated_the_plot_no_longer_holds_the_every_epoch_curve(plot, controller):
    """Before 2^20 epochs the curve is a view on the history's 8 MiB buffer of every epoch, which
    decimation leaves behind: the plot must not keep it (and the buffer) alive."""
    history = controller.trainer.history
    history.extend(losses(1, 600_000))
    curve = controller.loss_curve
    controller.history_changed.emit(curve)
    plot.grab()  # drawn in columns of many epochs, kept for the next frames
    every_epoch = weakref.ref(curve)
    del curve
    history.extend(losses(600_001, BEYOND))
    controller.history_changed.emit(controller.loss_curve)
    plot.grab()
    gc.collect()
    assert every_epoch() is None

"""The per-sample plot: each sample's recorded losses, the stuck ones drawn thick, exact read-out."""

import numpy as np
import pyqtgraph as pg

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.numbers import fmt
from xorgui.core.surface import compute


def stuck_trainer():
    init = Initialization("uniform", seed=7)  # 2-2-1 at α = 2: (1, 0) and (1, 1) stay near 0.5
    # (stuck by epoch 6000: their losses fell by less than 1% over the second half of the run)
    return Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), Dataset.xor(),
                   TrainingConfig(learning_rate=2.0), init)


def test_each_samples_losses_are_drawn_and_the_stuck_ones_stand_out(window, controller):
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    trainer = stuck_trainer()
    origin = trainer.sample_losses()
    trainer.run_epochs(6000)
    controller.replace_session(trainer)
    history = trainer.sample_history
    assert len(plot.lines) == 4
    losses = np.array([history.at(e) for e in range(1, 6001)])  # epoch by sample
    for j in range(4):
        x, y = plot.line_data(j)
        assert np.array_equal(x, np.arange(0, 6001))  # from epoch 0, as the mean loss curve
        assert y[0] == origin[j] and np.array_equal(y[1:], losses[:, j])
    assert sorted(plot.stuck_lines()) == [2, 3]  # as the finding names them
    last = history.at(6000)
    assert plot.readout.text() == "after epoch 6,000: " + " · ".join(
        f"{j}: {fmt(v, controller.precision)}" for j, v in enumerate(last))


def test_a_hidden_plot_is_brought_up_to_date_when_shown(window, controller):
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentIndex(0)  # the mean loss plot in front
    assert controller.step_epoch()
    assert list(plot.line_data(0)[0]) == [0.0]  # epoch 1 not drawn while hidden (epoch 0 was at start)
    window.bottom_tabs.setCurrentWidget(plot)
    x, y = plot.line_data(0)
    assert list(x) == [0.0, 1.0] and y[1] == controller.trainer.sample_history.at(1)[0]


def test_each_samples_losses_survive_save_and_reopen(window, controller, tmp_path):
    """A saved session keeps every sample's losses: reopened, the lines start at epoch 0 with the
    same numbers and the stuck samples are still drawn thick (the finding needs their history)."""
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    trainer = stuck_trainer()
    trainer.run_epochs(4000)  # written exactly (up to 4096 epochs); sample 2 alone is stuck by then
    controller.replace_session(trainer)
    assert sorted(plot.stuck_lines()) == [2]
    before = [plot.line_data(j) for j in range(4)]
    path = tmp_path / "stuck.json"
    assert controller.save_file(path)
    controller.new_session()
    assert controller.open_file(path)
    for j in range(4):
        x, y = plot.line_data(j)
        assert np.array_equal(x, before[j][0]) and np.array_equal(y, before[j][1])
    assert sorted(plot.stuck_lines()) == [2]


def test_data_of_many_samples_shows_each_ones_loss_now_worst_first_and_says_why(window, controller):
    """No per-epoch lines are kept past 16 samples: the tab is not left empty, it ranks the
    samples by their loss at the current epoch, names the worst, and follows training."""
    from xorgui.core.datasets import DataSource, build
    from xorgui.core.sample_curves import sample_label
    spiral, _ = build(DataSource("spiral", {"size": 40}))
    init = Initialization("xavier", seed=3)
    trainer = Trainer(Network([2, 8, 1], ["tanh", "sigmoid"], init.make([2, 8, 1])), spiral,
                      TrainingConfig(learning_rate=0.5), init)
    trainer.run_epochs(20)
    controller.replace_session(trainer)
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert plot.lines == [] and plot.profile.isVisible()
    x, y = plot.profile.getData()
    losses = controller.snapshot.sample_losses
    assert x.tolist() == list(range(1, 41)) and np.array_equal(y, np.sort(losses)[::-1])
    worst = np.argsort(-losses)[:2]
    p = controller.precision
    assert plot.readout.text() == (
        "40 samples are too many for a line each (up to 16): each one's loss after epoch 20, worst first. "
        "Worst: " + " · ".join(
            f"{sample_label(spiral.inputs, spiral.targets, int(j), p)}: {fmt(float(losses[j]), p)}" for j in worst))
    assert plot.plot_widget.getPlotItem().getAxis("bottom").labelText == "samples, worst first"
    assert controller.step_epoch()  # training moves the profile along
    x, y = plot.profile.getData()
    assert np.array_equal(y, np.sort(controller.snapshot.sample_losses)[::-1])
    assert "after epoch 21" in plot.readout.text()
    controller.replace_session(stuck_trainer())  # four samples: lines again
    assert not plot.profile.isVisible() and len(plot.lines) == 4
    assert plot.plot_widget.getPlotItem().getAxis("bottom").labelText == "epoch"


def test_practice_hides_the_ranking_while_it_asks_for_a_prediction(window, controller):
    """Each sample's loss now would give away the prediction a practice question asks for."""
    n = 40
    data = Dataset(np.linspace(-1, 1, n).reshape(-1, 1), np.zeros((n, 1)))
    init = Initialization("uniform", seed=1)
    controller.replace_session(Trainer(Network([1, 3, 1], ["tanh", "sigmoid"], init.make([1, 3, 1])), data,
                                       TrainingConfig(learning_rate=0.5), init))
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert len(plot.profile.getData()[1]) == n
    controller.set_practice(True)
    assert controller.step_phase()  # the walk on sample 0 will ask for ŷ (the walkthrough comes to the front)
    window.bottom_tabs.setCurrentWidget(plot)
    assert plot.readout.text() == ("Each sample's loss now is hidden while practice asks for sample 0's "
                                   "prediction: it would give the answer away.")
    assert plot.profile.getData()[1] is None or len(plot.profile.getData()[1]) == 0
    while not controller.walk.finished:
        while controller.walk.question is not None:
            controller.reveal_answer()
        if not controller.walk.finished:
            assert controller.step_phase()
    window.bottom_tabs.setCurrentWidget(plot)
    assert len(plot.profile.getData()[1]) == n and "too many for a line each" in plot.readout.text()


def test_practice_hides_the_asked_samples_loss_in_the_read_out(window, controller):
    """After an epoch the read-out's last losses are the current weights' losses: sample 0's
    would give away the ŷ a practice question on sample 0 asks for."""
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_epoch()
    assert plot.readout.text().startswith("after epoch 1: 0: ")
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.sample == 0
    text = plot.readout.text()
    assert text.startswith("after epoch 1: 0: ? · 1: ") and "?" not in text.split("·", 1)[1]


def test_stuck_samples_are_drawn_thick_when_the_tab_is_shown_after_the_run_arrived(window, controller):
    # a stuck run opened while the Loss tab was in front: the README's stuck-sample picture showed thin lines
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentIndex(0)
    trainer = stuck_trainer()
    trainer.run_epochs(6000)
    controller.replace_session(trainer)
    window.bottom_tabs.setCurrentWidget(plot)
    assert sorted(plot.stuck_lines()) == [2, 3]


def test_after_one_epoch_each_line_runs_from_epoch_0_to_epoch_1(window, controller):
    """The learner review: after one epoch the tab was blank (a line through one point draws
    nothing) and epoch 0 was missing; the default session's losses at epoch 0 are 8, 18, 18, 50
    (their mean, 23.5, is the Loss tab's epoch-0 point)."""
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_epoch()
    after = controller.trainer.sample_history.at(1)
    for j, start in enumerate((8.0, 18.0, 18.0, 50.0)):
        x, y = plot.line_data(j)
        assert list(x) == [0.0, 1.0] and list(y) == [start, after[j]]
    assert plot.shown_lines() == [0, 1, 2, 3]
    assert plot.readout.text() == "after epoch 1: " + " · ".join(
        f"{j}: {fmt(v, controller.precision)}" for j, v in enumerate(after))


def test_the_read_out_follows_a_change_of_decimals_at_once(window, controller):
    # it kept the old decimals until the mouse moved or training went on (0.1253 beside a truth
    # table's 0.12534657)
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_epoch()
    after = controller.trainer.sample_history.at(1)
    for decimals in (8, 2):
        assert controller.set_precision(decimals)
        assert plot.readout.text() == "after epoch 1: " + " · ".join(
            f"{j}: {fmt(v, decimals)}" for j, v in enumerate(after))


def test_before_any_epoch_each_samples_loss_at_epoch_0_is_a_dot_and_follows_edits(window, controller):
    """Nothing trained: each sample's loss of the current weights at epoch 0, as the Loss tab's
    epoch-0 point, a dot (one point, no line); the placeholder is for nothing to draw only."""
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert plot.readout.text() == "at epoch 0: 0: 8 · 1: 18 · 2: 18 · 3: 50"
    assert "once an epoch has been trained" not in plot.readout.text()
    for j, start in enumerate((8.0, 18.0, 18.0, 50.0)):
        x, y = plot.line_data(j)
        assert list(x) == [0.0] and list(y) == [start]
        assert plot.lines[j].opts["symbol"] == "o"
        # in the sample's own colour, as its legend swatch and line
        assert pg.mkBrush(plot.lines[j].opts["symbolBrush"]).color() == plot.lines[j].opts["pen"].color()
    # samples 1 and 2 both start at 18: sample 1's dot is a ring around sample 2's, drawn over it
    assert [plot.lines[j].opts["symbolSize"] for j in range(4)] == [7, 12, 7, 7]
    assert controller.edit_weight(0, 0, 0, "0")  # an edit before training moves epoch 0
    assert list(plot.line_data(0)[1]) == [float(controller.trainer.sample_losses()[0])]
    assert controller.step_epoch()
    assert plot.lines[0].opts["symbol"] is None  # a line now


def test_practice_hides_the_asked_samples_line_from_epoch_0_on(window, controller):
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.sample == 0
    assert plot.shown_lines() == [1, 2, 3]
    assert plot.readout.text().startswith("at epoch 0: 0: ? · 1: 18")


def test_hovering_epoch_0_reads_each_samples_starting_loss(window, controller, qtbot):
    from PySide6.QtCore import QPointF

    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_epoch()
    vb = plot.plot_widget.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: vb.viewRange()[0][0] <= 0 <= vb.viewRange()[0][1] and vb.viewRange()[1][1] > 10)
    plot._on_mouse_moved((vb.mapViewToScene(QPointF(0.0, 10.0)),))
    assert plot.readout.text() == "at epoch 0: 0: 8 · 1: 18 · 2: 18 · 3: 50"


def test_a_tab_first_shown_during_a_practice_walk_hides_the_asked_samples_line(window, controller):
    """The Per sample tab is made when first shown: made while a walk asks for sample 0's ŷ, it
    drew sample 0's line (its end is that sample's loss now) until the next walk change."""
    assert controller.step_epoch()
    controller.set_practice(True)
    assert controller.step_phase() and controller.walk.sample == 0
    plot = window.plot and window.sample_plot  # made now
    window.bottom_tabs.setCurrentWidget(plot)
    assert plot.shown_lines() == [1, 2, 3]
    assert plot.readout.text().startswith("after epoch 1: 0: ? · 1: ")


def test_the_tab_chosen_after_a_run_shows_every_epoch_of_it_and_so_does_the_boundarys(window, controller, qtbot):
    # both views are built when their tab is first chosen: what they show must be the session now
    for _ in range(3):
        assert controller.step_epoch()
    titles = [window.bottom_tabs.tabText(i) for i in range(window.bottom_tabs.count())]
    assert titles == ["Loss", "Walkthrough", "Decision boundary", "Per sample"]
    window.bottom_tabs.setCurrentIndex(3)
    plot = window.bottom_tabs.currentWidget()
    assert plot is window.sample_plot and window.bottom_tabs.tabText(3) == "Per sample"
    x, y = plot.line_data(0)
    assert list(x) == [0.0, 1.0, 2.0, 3.0] and y[0] == 8.0 and y[3] == controller.trainer.sample_history.at(3)[0]
    assert window.bottom_tabs.tabToolTip(3) == "Each sample's loss per epoch: which sample lags behind"
    window.bottom_tabs.setCurrentIndex(2)
    boundary = window.bottom_tabs.currentWidget()
    assert boundary is window.boundary and window.bottom_tabs.tabText(2) == "Decision boundary"
    snap = controller.snapshot
    network = Network(list(snap.layers), list(snap.activations), list(snap.weights))
    expected = compute(network, controller.surfaces.plane()).output[:, :, 0]  # the map after epoch 3
    np.testing.assert_array_equal(boundary.shown_image(), expected)


def test_in_the_middle_of_an_epoch_the_read_out_gives_the_losses_now_as_the_truth_table(window, controller):
    # after two Step sample on the article's example it read "at epoch 0: 0: 8 · 1: 18 · 2: 18 · 3: 50"
    # beside a truth table at 0.1966 · 0.0106 · 0.028 · 1.541
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_sample() and controller.step_sample()
    now = controller.trainer.sample_losses()
    assert plot.readout.text() == "at epoch 0 (+2 of 4 samples): " + " · ".join(
        f"{j}: {fmt(v, 4)}" for j, v in enumerate(now))
    assert [window.truth_table.item(j, 5).text() for j in range(4)] == [fmt(v, 4) for v in now]
    for _ in range(2):
        assert controller.step_sample()  # the epoch done: its losses, after epoch 1
    assert plot.readout.text().startswith("after epoch 1: ")


def test_a_ranking_of_other_data_is_dropped_not_read(qtbot, window, controller):
    """200 samples ranked on the tab, then XOR while another tab was shown, then a step: the read-out
    read rank 177 of 4 samples (an IndexError in a slot, which pytest-qt fails the test on)."""
    from xorgui.core.datasets import DataSource

    plot = window.plot and window.sample_plot
    assert controller.set_library_data(DataSource("circle"))
    window.bottom_tabs.setCurrentWidget(plot)
    qtbot.wait(20)
    assert plot.ranking is not None
    window.bottom_tabs.setCurrentIndex(0)
    assert controller.set_library_data(DataSource("xor"))
    assert controller.step_sample()
    qtbot.wait(20)
    window.bottom_tabs.setCurrentWidget(plot)
    qtbot.wait(20)
    assert plot.ranking is None and plot.readout.text().startswith("at epoch 0 (+1 of 4 samples): ")

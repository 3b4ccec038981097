"""The controller/view contract: commands return their Result, the controller publishes only
real changes (at most one frame per tick), and views learn everything from what they are handed."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from xorgui.core.diagnostics import Remedy
from xorgui.core.errata import LINEAR_EPOCHS, errata
from xorgui.core.history import EXACT_EPOCHS, TAIL_EPOCHS
from xorgui.core.lesson import LessonView
from xorgui.core.presets import make_preset
from xorgui.core.sample_history import SampleHistory
from xorgui.gui.diagram import DiagramView
from xorgui.gui.remedies import DEMOS, REMEDIES, Demo
from xorgui.gui.runner import SLOW_MOTION


def recorder(signal):
    seen = []
    signal.connect(lambda *args: seen.append(args))
    return seen


# -- publish only on a real change -----------------------------------------------------------
def test_no_snapshot_when_nothing_changes(controller):
    snaps = recorder(controller.snapshot_changed)
    cfg = controller.snapshot.config
    assert controller.set_learning_rate(cfg.learning_rate)
    assert controller.set_batch_size(cfg.batch_size)
    assert controller.set_hidden_activation(controller.snapshot.activations[0])
    assert controller.select_sample(controller.selected)
    assert controller.set_precision(controller.precision)
    assert controller.edit_weight(0, 0, 0, repr(float(controller.snapshot.weights[0][0, 0])))
    assert controller.set_practice(controller.practice)
    assert controller.pause()
    assert snaps == []


def test_an_undo_hands_over_the_loss_history_only_when_it_changed(controller):
    trained = make_preset("sigmoid")
    trained.run_epochs(300)
    controller.replace_session(trained)
    history = recorder(controller.history_changed)
    assert controller.edit_weight(0, 0, 0, "0.25")
    assert controller.undo() and controller.redo()  # the edit: the history stays as it was
    assert history == []
    assert controller.step_epoch()
    history.clear()
    assert controller.undo()  # the epoch: 301 losses back to 300, redrawn
    assert [len(curve.y) for (curve,) in history] == [300]
    assert controller.redo()
    assert [len(curve.y) for (curve,) in history] == [300, 301]


def test_an_undone_edit_leaves_a_decimated_history_as_the_plot_shows_it(controller):
    # past 2^20 epochs the history keeps an envelope and an exact tail of up to 2 * TAIL_EPOCHS
    # epochs: undoing an edit trimmed that tail behind the plot's back (the plot is not redrawn)
    t = make_preset("sigmoid")
    losses = np.linspace(0.3, 0.1, EXACT_EPOCHS + TAIL_EPOCHS)
    t.history.extend(losses[:EXACT_EPOCHS])
    for i in range(EXACT_EPOCHS, len(losses), 5000):  # in chunks, as training adds them
        t.history.extend(losses[i:i + 5000])
    t.epoch = len(losses)
    t.sample_history = SampleHistory(len(t.data), start=t.epoch)  # recorded from here on
    controller.replace_session(t)
    shown = controller.loss_curve
    history = recorder(controller.history_changed)
    assert controller.edit_weight(0, 0, 0, "0.25") and controller.undo()
    assert history == []
    now = controller.loss_curve
    assert np.array_equal(now.x, shown.x) and np.array_equal(now.y, shown.y)
    assert now.at([len(losses) - 80_000]) == shown.at([len(losses) - 80_000]) == losses[-80_001]


def test_slow_motion_publishes_once_per_sample_stepped(qtbot, controller):
    # 2 epochs/s, the fastest slow motion, on 4 samples: a sample every 125 ms, about four ticks
    # apart. Ticks in between move nothing and publish nothing (it used to be a snapshot every
    # 16 ms whatever happened).
    snaps = recorder(controller.snapshot_changed)
    frames = recorder(controller.runner.frame)
    assert SLOW_MOTION == 2 and controller.set_speed(2)
    before = controller.trainer.epoch * 4 + controller.trainer.cursor
    controller.start()
    qtbot.wait(600)
    controller.pause()
    moved = controller.trainer.epoch * 4 + controller.trainer.cursor - before
    assert moved >= 2  # it ran in slow motion
    assert len(frames) <= moved  # a frame only when a sample was stepped
    assert len(snaps) <= len(frames) + 1  # + the one pause owes when it stops between frames


def test_full_speed_publishes_per_frame_not_per_epoch(qtbot, controller):
    controller.new_session("sigmoid")  # learns steadily: nothing stops the run
    snaps, history = recorder(controller.snapshot_changed), recorder(controller.history_changed)
    frames = recorder(controller.runner.frame)
    controller.set_speed(None)
    controller.start()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 2000, timeout=10_000)
    controller.pause()
    assert len(snaps) <= len(frames) + 1 and len(history) <= len(frames) + 1
    assert len(snaps) < controller.trainer.epoch / 20
    assert snaps[-1][0].epoch == controller.trainer.epoch  # the last frame is where it stopped
    assert history[-1][0].epochs == controller.trainer.epoch


def test_full_speed_trains_to_the_headless_engines_weights(qtbot, controller):
    # the runner cuts the run into chunks of whatever size fills its time budget: the weights
    # where it stopped are those of the same epochs trained in one call, bit for bit
    controller.new_session("sigmoid")
    controller.set_speed(None)
    controller.start()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 50_000, timeout=20_000)
    controller.pause()
    headless = make_preset("sigmoid")
    headless.run_epochs(controller.trainer.epoch)
    for ours, theirs in zip(controller.trainer.network.weights, headless.network.weights):
        assert np.array_equal(ours, theirs)
    # the scalar engine's losses, recomputed by numpy where a call ends: equal to ~1e-15
    np.testing.assert_allclose(controller.history, headless.history.values, rtol=1e-12, atol=0)


def test_history_is_handed_over_read_only(controller):
    history = recorder(controller.history_changed)
    controller.step_epoch()
    (curve,), = history
    assert curve.x.tolist() == [1] and curve.y.tolist() == [controller.trainer.history.last()]
    with pytest.raises(ValueError):
        curve.y[0] = 0.0
    with pytest.raises(ValueError):
        curve.x[0] = 2.0


# -- commands return their result --------------------------------------------------------------
def test_commands_say_why_they_refused(controller, tmp_path):
    bad = controller.edit_weight(0, 0, 0, "abc")
    assert not bad and bad.reason.startswith("W10 not changed")
    controller.new_session("sigmoid")
    assert controller.set_loss("cross_entropy")
    refused = controller.set_activation(-1, "relu")  # cross-entropy needs a sigmoid output
    assert not refused and "sigmoid" in refused.reason
    assert not controller.open_file(tmp_path / "missing.json")
    assert "missing.json" in controller.open_file(tmp_path / "missing.json").reason
    assert not controller.save_file()  # no file name yet
    assert not controller.apply_remedy("no_such_remedy")
    assert not controller.run_demo("no_such_demo")
    assert not controller.new_session("no_such_preset")
    assert controller.step_phase() and controller.step_phase_back()
    assert "No phase" in controller.step_phase_back().reason


def test_a_weight_too_small_to_represent_is_refused_not_set_to_0(controller):
    count = controller.undo_stack.count()
    result = controller.edit_weight(0, 0, 0, "1e-400")
    assert not result and result.reason == (
        "W10 not changed: “1e-400” is too small to represent: numbers nearer to 0 than about 2.2e−308 lose "
        "digits or become 0 in the computer's arithmetic (type 0 for zero)")
    assert controller.trainer.network.weights[0][0, 0] == 1 and controller.undo_stack.count() == count


def test_the_diagram_editor_shows_the_reason_of_the_refusal(qtbot, controller, shown):
    view = shown(DiagramView(controller), 900, 600)
    editor = view.open_editor(0, 0, 0)
    editor.clear()
    qtbot.keyClicks(editor, "1e400")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor() is editor
    assert editor.toolTip() == controller.edit_weight(0, 0, 0, "1e400").reason
    assert controller.snapshot.weights[0][0, 0] == 1.0


# -- views are handed what they show -------------------------------------------------------
def test_walk_changed_carries_a_frozen_lesson_view(controller):
    lessons = recorder(controller.walk_changed)
    controller.set_practice(True)
    controller.step_phase()
    view = lessons[-1][0]
    assert isinstance(view, LessonView) and view.practice and view.walk.revealed == 1
    assert view.walk.question.target == "a_Z1" and view.walk.shown[0] == 0
    assert "Z1" in view.highlight[0] and "W10" in view.highlight[1]
    controller.answer(repr(float(view.walk.question.value)))
    assert view.walk.shown[0] == 0 and lessons[-1][0].walk.shown[0] == 1  # the old view never moves
    assert str(lessons[-1][0].score) == "1 of 1 right"


def test_rendering_the_walk_does_not_change_it(controller, shown):
    from xorgui.gui.walkpanel import WalkthroughPanel
    panel = shown(WalkthroughPanel(controller), 520, 600)
    controller.set_practice(True)
    controller.step_phase()
    before = controller.walk
    for _ in range(3):
        panel.show_walk()
        panel.zoom(1)
    assert controller.walk == before


# -- remedies and demos --------------------------------------------------------------------
def test_every_offered_remedy_and_demo_has_an_entry():
    assert set(REMEDIES) == set(Remedy)
    assert {e.demo for e in errata()} - {None} == set(Demo) == set(DEMOS)  # every erratum's demo, each used


def test_xavier_and_leaky_relu_remedies(controller):
    controller.new_session("sigmoid")
    assert controller.apply_remedy("xavier")
    assert controller.snapshot.init.method == "xavier" and controller.snapshot.epoch == 0
    assert controller.apply_remedy("leaky_relu")
    assert controller.snapshot.activations[:-1] == ("leaky_relu",)
    rate = controller.snapshot.config.learning_rate
    assert controller.apply_remedy("lower_rate")
    assert controller.snapshot.config.learning_rate == pytest.approx(rate / 10)
    assert controller.apply_remedy("undo")
    assert controller.snapshot.config.learning_rate == pytest.approx(rate)


@pytest.mark.parametrize("demo, phase", [("zero_inputs", ("update", 0)), ("bias_delta", ("delta", 1))])
def test_walk_demos_stop_at_their_phase(controller, demo, phase):
    assert controller.run_demo(demo)
    walk = controller.walk
    assert (walk.current.kind, walk.current.layer) == phase and not walk.finished
    assert controller.trainer.epoch == 0 and controller.trainer.cursor == 0  # not applied yet


def test_linear_demo_trains_the_seed_example(controller):
    assert controller.run_demo("linear")
    snap = controller.snapshot
    assert snap.epoch == LINEAR_EPOCHS and set(snap.activations) == {"identity"}
    assert "linear" in [f.kind for f in snap.findings]


# -- the window's wiring ---------------------------------------------------------------------
def test_file_new_after_discard_starts_a_new_session(monkeypatch, window, controller):
    controller.edit_weight(0, 0, 0, "2")
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    new = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&New")
    new.trigger()  # triggered(bool) used to reach new_session as the preset: "unknown preset False"
    assert controller.snapshot.weights[0][0, 0] == 1.0
    assert not controller.dirty and controller.undo_stack.count() == 0


def test_the_walk_highlights_the_diagram_through_the_wiring(window, controller):
    controller.step_phase()
    links = {link.name: link for link in window.diagram.links.values()}
    assert not links["W10"].dimmed and links["V01"].dimmed
    controller.step_phase_back()
    assert not any(link.dimmed for link in links.values())


def test_a_demo_that_makes_its_point_in_why_shows_that_tab(window, controller, qtbot):
    window.show_errata()
    from xorgui.gui.errata_view import ErrataView
    view = window.errata_dialog.findChild(ErrataView)
    view.demo_buttons["sign"].click()
    assert window.tabs.currentWidget() is window.weights_table
    view.demo_buttons["linear"].click()
    assert window.tabs.currentWidget() is window.diagnostics
    window.errata_dialog.close()


def test_stepping_back_over_the_step_keeps_showing_the_walk(controller):
    controller.new_session("article")  # online: the last phase updates the weights
    while not (controller.walk and controller.walk.finished):
        controller.step_phase()
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(0.6)
    lessons = recorder(controller.walk_changed)
    assert controller.step_phase_back()
    assert controller.trainer.network.weights[0][0, 0] == 1.0  # the step is undone
    assert [view.walk is not None for (view,) in lessons] == [True]  # no flash of "no walk"
    assert not lessons[-1][0].walk.finished and not lessons[-1][0].walk.applied


def test_no_phase_back_over_the_step_after_later_changes(controller):
    controller.new_session("article")
    while not (controller.walk and controller.walk.finished):
        controller.step_phase()
    assert controller.set_learning_rate(0.5)  # a later change: drops the walk
    assert controller.walk is None and not controller.step_phase_back()
    assert controller.snapshot.config.learning_rate == 0.5
    while not (controller.walk and controller.walk.finished):
        controller.step_phase()
    weights = controller.snapshot.weights
    controller.undo_stack.push(QUndoCommand("an entry the walk did not see"))
    refusal = controller.step_phase_back()  # undoing now would undo that entry, not the step
    assert not refusal and "use Undo" in refusal.reason
    assert all((a == b).all() for a, b in zip(weights, controller.snapshot.weights))


def test_full_speed_paces_by_a_clock_fine_enough_for_its_chunks():
    """Chunks of FAST_BUDGET (10 ms) are sized from the clock that times them. This thread's
    CPU time does, except on Windows, where it advances in ~15.6 ms ticks: a 10 ms chunk would
    read 0 or 15.6 ms and its size would swing; there the wall clock paces."""
    import time

    from xorgui.gui.runner import pacing_clock

    assert pacing_clock("win32") is time.perf_counter
    assert pacing_clock("linux") is time.thread_time
    assert pacing_clock("darwin") is time.thread_time


def _long_epochs(size=10_000):
    """An online session whose epoch (10,000 samples through 2-16-16-16-1) takes about half a
    second: far longer than a tick of the window may hold it."""
    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    rng = np.random.default_rng(0)
    layers, init = [2, 16, 16, 16, 1], Initialization("xavier", seed=1)
    data = Dataset(rng.uniform(-1, 1, (size, 2)), (rng.uniform(0, 1, (size, 1)) > 0.5).astype(float))
    return Trainer(Network(layers, ["tanh", "tanh", "tanh", "sigmoid"], init.make(layers)), data,
                   TrainingConfig(learning_rate=0.1, batch_size=1), init)


@pytest.mark.parametrize("speed", [None, 100])
def test_a_run_whose_epoch_is_too_long_for_a_tick_trains_stretches_of_it(qtbot, new_controller, speed):
    """Train on such a session held the window for the first chunk's 64 epochs (38 s) at full speed, and
    ~2 s a tick at 100 epochs/s: a tick now trains a stretch of samples, and the epoch goes on where it
    stopped, bit for bit as stepping each sample."""
    c = new_controller(_long_epochs())
    c.set_speed(speed)
    c.start()
    qtbot.waitUntil(lambda: c.trainer.cursor > 16)  # past the first stretch, which measures
    c.pause()
    assert c.trainer.epoch == 0 and 16 < c.trainer.cursor < 10_000
    stepped = _long_epochs()
    for _ in range(c.trainer.cursor):  # the Step button's path, one sample at a time
        stepped.step_sample()
    assert all(np.array_equal(a, b) for a, b in zip(c.trainer.network.weights, stepped.network.weights))



def test_stretches_keep_whole_mini_batches_and_a_full_batch_trains_whole_epochs(qtbot, new_controller):
    """A stretch of a mini-batch epoch ends at a batch's end (samples past it are stepped one by one);
    a full batch is one numpy update over every sample, which stretches would have stepped one by one."""
    from dataclasses import replace
    minibatch = _long_epochs()
    minibatch.set_config(replace(minibatch.config, batch_size=3))
    c = new_controller(minibatch)
    c.set_speed(None)
    c.start()
    qtbot.waitUntil(lambda: c.trainer.cursor > 16)
    c.pause()
    assert c.trainer.epoch == 0 and c.trainer.cursor % 3 == 0
    full = _long_epochs()
    full.set_config(replace(full.config, batch_size=None))
    c = new_controller(full)
    c.set_speed(None)
    c.start()
    qtbot.waitUntil(lambda: c.trainer.epoch >= 3)
    c.pause()
    assert c.trainer.cursor == 0


def test_data_imported_during_a_run_is_trained_in_stretches_not_in_the_chunk_xor_had_grown(qtbot, controller):
    """An edit while training starts the run's sizing again: XOR's chunk of ~1,450 epochs, kept for
    10,000 imported rows, held the window 22 s in one tick (a maintainer's review)."""
    from xorgui.core import Dataset
    controller.set_speed(None)
    controller.start()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 5_000, timeout=10_000)  # chunks of hundreds by now
    rng = np.random.default_rng(0)
    rows = Dataset(rng.uniform(-1, 1, (10_000, 2)), (rng.uniform(0, 1, (10_000, 1)) > 0.5).astype(float))
    assert controller.import_data(rows, None, "rows.csv") and controller.is_training
    epoch = controller.trainer.epoch
    qtbot.waitUntil(lambda: controller.trainer.cursor > 0 or controller.trainer.epoch > epoch, timeout=10_000)
    controller.pause()
    assert controller.trainer.epoch <= epoch + 1  # a stretch, or a first epoch: not a chunk of them


def test_undo_after_an_edit_mid_stretch_and_a_divergence_returns_to_the_edit(qtbot, new_controller):
    """A run in stretches, an output weight set to 1000 mid-epoch, the epoch diverges: the one Undo
    the status bar offers returns to the edit (it went back to the epoch's start, before the edit)."""
    from dataclasses import replace

    from xorgui.core import Network
    t = _long_epochs(2_000)  # ~0.1 s an epoch: still trained in stretches, and it ends sooner
    t.network = Network([2, 16, 16, 16, 1], ["tanh", "tanh", "tanh", "identity"], t.network.weights)
    t.set_config(replace(t.config, learning_rate=1e-6))  # too small to take the 1000 back in an epoch
    c = new_controller(t)
    c.set_speed(None)
    c.start()
    qtbot.waitUntil(lambda: c.trainer.cursor > 500)
    assert c.edit_weight(3, 0, 0, "1000")
    edited = (c.trainer.epoch, c.trainer.cursor)
    qtbot.waitUntil(lambda: not c.is_training, timeout=30_000)  # the divergence stops it
    assert c.divergence() is not None
    c.undo()
    assert (c.trainer.epoch, c.trainer.cursor) == edited and c.trainer.network.weights[3][0, 0] == 1000.0

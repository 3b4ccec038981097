"""The control panel: what a click or a typed value does, and what a refusal looks like."""

import pytest
from PySide6.QtCore import Qt

from xorgui.core.training import MAX_LEARNING_RATE, MIN_LEARNING_RATE
from xorgui.gui.panel import ControlPanel
from xorgui.gui.rate_box import LearningRateBox, _next_rate


@pytest.fixture
def panel(qtbot, controller):
    p = ControlPanel(controller)
    qtbot.addWidget(p)
    p.show()
    return p


def test_readouts_show_the_seed_session(panel):
    assert "Epoch <b>0</b>" in panel.epoch_label.text()
    # hidden a = 1 + X1 + X2, D0 = 1 + 3a: predictions 4, 7, 7, 10 for targets 0, 1, 1, 0;
    # mean of ½(4−0)², ½(7−1)², ½(7−1)², ½(10−0)² = (8 + 18 + 18 + 50) / 4
    assert "Mean loss <b>23.5</b>" in panel.loss_label.text()
    assert "Accuracy <b>0%</b>" in panel.accuracy_label.text()
    assert "next Step uses sample 0" in panel.progress_label.text()


def test_step_button_advances_the_sample_and_epoch_button_the_epoch(qtbot, panel, controller):
    controller.new_session("seed")  # full batch
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.cursor == 1
    assert "next Step uses sample 1" in panel.progress_label.text()
    assert "1 gradient waiting" in panel.progress_label.text()  # full batch: no update yet
    qtbot.mouseClick(panel.epoch_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.epoch == 1
    assert "Epoch <b>1</b>" in panel.epoch_label.text()


def test_typed_learning_rate_reaches_the_model(qtbot, panel, controller):
    box = panel.learning_rate
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0,05")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert controller.trainer.config.learning_rate == pytest.approx(0.05)
    controller.undo()
    assert controller.trainer.config.learning_rate == 0.1
    assert box.text() == "0.1"


def test_learning_rate_steps_along_1_2_5():
    assert _next_rate(0.1, up=True) == pytest.approx(0.2)
    assert _next_rate(0.2, up=True) == pytest.approx(0.5)
    assert _next_rate(0.5, up=True) == pytest.approx(1.0)
    assert _next_rate(0.1, up=False) == pytest.approx(0.05)
    assert _next_rate(0.03, up=True) == pytest.approx(0.05)


def test_learning_rate_steps_stop_at_the_range_ends(qtbot):
    # many steps at once (PageUp, an accelerated arrow held down) once climbed the ladder past
    # 1e308 and raised OverflowError in the slot: found by the random-action test
    box = LearningRateBox()
    qtbot.addWidget(box)
    box.stepBy(1000)
    assert box.value() == MAX_LEARNING_RATE
    box.stepBy(-1000)
    assert box.value() == MIN_LEARNING_RATE
    box.stepBy(1)
    assert box.value() == pytest.approx(2 * MIN_LEARNING_RATE)


def test_learning_rate_box_refuses_garbage(qtbot):
    box = LearningRateBox()
    qtbot.addWidget(box)
    state, _, _ = box.validate("abc", 3)
    assert state.name == "Intermediate"
    state, _, _ = box.validate("1/8", 3)
    assert state.name == "Acceptable"
    assert box.valueFromText("1/8") == 0.125


def test_refused_combination_is_explained_and_the_combo_snaps_back(panel, controller, messages):
    index = panel.loss.findData("cross_entropy")
    panel.loss.setCurrentIndex(index)  # identity output: the core refuses cross-entropy
    assert controller.trainer.config.loss == "squared"
    assert panel.loss.currentData() == "squared"
    level, text = messages[-1]
    assert level == "error" and "sigmoid" in text


def test_activation_change_is_applied_and_allows_cross_entropy(panel, controller):
    panel.output_act.setCurrentText("sigmoid")
    assert controller.trainer.network.activation_names == ["identity", "sigmoid"]
    panel.loss.setCurrentIndex(panel.loss.findData("cross_entropy"))
    assert controller.trainer.config.loss == "cross_entropy"
    panel.hidden_act.setCurrentText("tanh")
    assert controller.trainer.network.activation_names == ["tanh", "sigmoid"]


def test_batch_mode_choices(panel, controller):
    panel.batch_mode.setCurrentText("online")
    assert controller.trainer.config.batch_size == 1
    panel.batch_mode.setCurrentText("mini-batch")
    assert controller.trainer.config.batch_size == 2
    assert panel.batch_size.isEnabled()
    panel.batch_size.setValue(3)
    assert controller.trainer.config.batch_size == 3
    panel.batch_mode.setCurrentText("full batch")
    assert controller.trainer.config.batch_size is None
    assert not panel.batch_size.isEnabled()


def test_initialization_seed_is_visible_and_reproducible(panel, controller):
    panel.init_method.setCurrentIndex(panel.init_method.findData("uniform"))
    assert panel.seed.isEnabled()
    first = [w.copy() for w in controller.trainer.network.weights]
    panel.seed.setValue(7)
    seven = [w.copy() for w in controller.trainer.network.weights]
    assert any((a != b).any() for a, b in zip(first, seven))
    controller.step_epoch()
    panel.reset_button.click()  # back to seed 7's weights exactly, epoch 0
    assert controller.trainer.epoch == 0
    assert all((a == b).all() for a, b in zip(seven, controller.trainer.network.weights))


def test_a_seed_beyond_the_box_is_kept_when_the_method_changes(panel, controller):
    """A file's seed of 5,000,000 showed as 999,999, and choosing another method used 999,999."""
    from xorgui.core.init import Initialization

    assert controller.set_initialization(Initialization("uniform", seed=2**40))
    assert panel.seed.value() == panel.seed.maximum() == 2**31 - 1
    assert "this session's seed is 1,099,511,627,776, more than the box shows" in panel.seed.toolTip()
    panel.init_method.setCurrentIndex(panel.init_method.findData("normal"))
    assert controller.trainer.init == Initialization("normal", seed=2**40)
    panel.seed.setValue(12)  # the learner's own choice is taken
    assert controller.trainer.init.seed == 12 and "more than the box shows" not in panel.seed.toolTip()


def test_a_seed_in_the_millions_is_shown_and_its_neighbours_can_be_chosen(panel, controller):
    """The box held 999,999 at most: a seed of 5,000,000 showed as 999,999, which then could not be
    chosen (the box already said it)."""
    from xorgui.core.init import Initialization

    assert controller.set_initialization(Initialization("uniform", seed=5_000_000))
    assert panel.seed.value() == 5_000_000 and "more than the box shows" not in panel.seed.toolTip()
    panel.seed.setValue(999_999)
    assert controller.trainer.init.seed == 999_999


def test_the_methods_are_labelled_with_this_sessions_value_and_scale(panel, controller):
    """A file's uniform weights in ±0.25 were labelled "random uniform ±1", and a constant 0.5
    "constant 1 (the article)", in the box and in the folded settings line."""
    from xorgui.core.init import Initialization

    assert [panel.init_method.itemText(i) for i in range(panel.init_method.count())] == [
        "constant 1 (the article)", "random uniform ±1", "random normal σ = 1", "Xavier (Glorot)", "He"]
    assert controller.set_initialization(Initialization("uniform", value=0.5, scale=0.25, seed=3))
    assert [panel.init_method.itemText(i) for i in range(panel.init_method.count())] == [
        "constant 0.5", "random uniform ±0.25", "random normal σ = 0.25", "Xavier (Glorot)", "He"]
    assert panel.init_method.currentText() == "random uniform ±0.25"
    assert panel.settings_summary.text().endswith(" · random uniform ±0.25, seed 3")
    panel.init_method.setCurrentIndex(panel.init_method.findData("normal"))  # the label said what is drawn
    assert controller.trainer.init == Initialization("normal", value=0.5, scale=0.25, seed=3)


def test_randomize_shows_its_new_seed(panel, controller):
    panel.randomize_button.click()
    assert controller.trainer.init.method == "uniform"
    assert panel.seed.value() == controller.trainer.init.seed
    assert panel.init_method.currentData() == "uniform"


def test_train_then_pause(qtbot, panel, controller):
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert controller.is_training and panel.train_button.text() == "Pause"
    assert not panel.step_button.isEnabled()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 10, timeout=30_000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert not controller.is_training and panel.train_button.text() == "Train"
    epoch = controller.trainer.epoch
    qtbot.wait(100)
    assert controller.trainer.epoch == epoch  # really stopped
    assert f"Epoch <b>{epoch}</b>" in panel.epoch_label.text()
    controller.undo()  # the whole run is one undo entry
    assert controller.trainer.epoch == 0


def test_speed_slider_sets_slow_motion(panel, controller):
    panel.speed.setValue(0)
    assert controller.speed == 0.25
    assert "sample by sample" in panel.speed_label.text()
    panel.speed.setValue(panel.speed.maximum())
    assert controller.speed is None


def test_typing_a_rate_is_not_overwritten_by_training(qtbot, panel, controller):
    controller.start()
    box = panel.learning_rate
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.05")
    qtbot.wait(200)  # several training ticks render the panel
    assert box.lineEdit().text() == "0.05"
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    controller.pause()
    assert controller.trainer.config.learning_rate == pytest.approx(0.05)


def test_regularization_controls(panel, controller):
    panel.regularization.setCurrentIndex(panel.regularization.findData("l2"))
    assert controller.trainer.config.regularization == "l2"
    assert controller.trainer.config.regularization_rate == pytest.approx(0.001)
    panel.regularization_rate.setValue(0.01)
    assert controller.trainer.config.regularization_rate == pytest.approx(0.01)
    panel.regularization.setCurrentIndex(panel.regularization.findData("none"))
    assert controller.trainer.config.regularization == "none"
    assert not panel.regularization_rate.isEnabled()


def test_a_session_rate_outside_the_usual_range_is_shown_as_it_is(panel, controller):
    controller.set_learning_rate(100.0)
    assert panel.learning_rate.value() == 100.0 and panel.learning_rate.text() == "100"


def test_a_small_rate_reads_in_the_windows_notation(panel, controller):
    # two presses of the remedy "lower the learning rate ÷10" from 0.001 showed Python's "1e-05"
    controller.set_learning_rate(1e-5)
    assert panel.learning_rate.value() == 1e-5 and panel.learning_rate.text() == "0.00001"
    controller.set_learning_rate(1e-8)
    assert panel.learning_rate.value() == 1e-8 and panel.learning_rate.text() == "1e−8"


def test_without_a_hidden_layer_the_hidden_activation_says_why_it_does_not_apply(qtbot, panel, controller):
    assert controller.remove_layer(1)  # 2-3-1 → 2-1: the inputs feed the output directly
    box = panel.hidden_act
    assert not box.isEnabled()
    assert box.currentText() == "none: no hidden layer"
    assert "no hidden layer" in box.toolTip() and "+ layer in the Network tab" in box.toolTip()
    assert controller.add_layer(1)  # a hidden layer again: the box is a choice once more
    assert box.isEnabled() and box.currentData() == controller.snapshot.activations[0]
    assert "no hidden layer" not in box.toolTip()


def test_the_train_button_shows_whether_training_runs_even_when_a_slot_pauses_it_at_the_start(qtbot, controller):
    # a slot connected before the panel pauses training as it starts: the signals reach the panel
    # as "stopped" then "started", and the panel must still show what the controller is doing
    controller.training_changed.connect(lambda running: running and controller.pause())
    p = ControlPanel(controller)
    qtbot.addWidget(p)
    p.show()
    assert controller.start() and not controller.is_training
    assert p.train_button.text() == "Train" and not p.train_button.isChecked()
    assert p.step_button.isEnabled() and p.epoch_button.isEnabled()


def test_the_run_line_groups_the_batch_size_by_thousands_as_the_sample_counts(qtbot, new_controller):
    # "mini-batch of 2000: ... (1 of 3,000 done this epoch)" mixed two ways of writing a count
    import numpy as np
    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    rng = np.random.default_rng(0)
    init = Initialization("xavier", seed=1)
    data = Dataset(rng.uniform(-1, 1, (3_000, 2)), (rng.uniform(0, 1, (3_000, 1)) > 0.5).astype(float))
    c = new_controller(Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), data,
                               TrainingConfig(batch_size=2_000), init))
    p = ControlPanel(c)
    qtbot.addWidget(p)
    c.step_sample()
    assert p.progress_label.text().startswith(
        "mini-batch of 2,000: next Step uses sample 1 (1 of 3,000 done this epoch, 1 gradient waiting")

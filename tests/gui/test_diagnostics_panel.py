"""The diagnostics panel shows the core's findings live, and each remedy button works."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.core.lottery import LotterySpec
from xorgui.gui.diagnostics_panel import NO_PROBLEMS, DiagnosticsPanel, FindingCard, severity_color


@pytest.fixture
def panel(controller, shown):
    return shown(DiagnosticsPanel(controller), 420, 500)


def codes(panel):
    return [code for code, _, _ in panel.cards()]


def shown_cards(panel):
    """The finding cards in the panel's list, top to bottom."""
    layout = panel.scroll.widget().layout()
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in widgets if isinstance(w, FindingCard)]


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def diverged(controller, panel, qtbot):
    """The seed network trained at learning rate 10 until the controller pauses it."""
    controller.set_learning_rate(10)
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=30_000)
    return controller


def test_seed_session_is_linear_and_symmetric(panel):
    assert panel.cards() == [
        ("linear", "The network is linear", ["Use sigmoid hidden units"]),
        ("symmetric", "Units Z1, Z2 and Z3 are identical", ["Randomize the weights"]),
    ]
    assert set(panel.remedy_buttons) == {("linear", "sigmoid_hidden"), ("symmetric", "randomize")}
    assert not panel.empty_label.isVisible()
    assert all(b.isVisible() for b in panel.remedy_buttons.values())


def test_sigmoid_remedy_makes_the_network_nonlinear(panel, controller, qtbot):
    click(qtbot, panel.remedy_buttons["linear", "sigmoid_hidden"])
    assert controller.trainer.network.activation_names[:-1] == ["sigmoid"]
    assert "linear" not in codes(panel)
    assert "symmetric" in codes(panel)  # the weights are still all equal


def test_randomize_remedy_breaks_the_symmetry(panel, controller, qtbot):
    click(qtbot, panel.remedy_buttons["symmetric", "randomize"])
    assert controller.trainer.init.method != "constant"
    assert "symmetric" not in codes(panel)
    assert "linear" in codes(panel)


def test_divergence_is_shown_and_undo_removes_it(panel, messages, diverged, qtbot):
    assert any(level == "error" and "diverged" in text for level, text in messages)
    found = [c for c in panel.cards() if c[0] in ("diverged", "non_finite")]
    assert len(found) == 1 and panel.cards()[0] == found[0]  # errors come first
    code, _, buttons = found[0]
    assert buttons == ["Undo to before the divergence", "Lower the learning rate ÷10"]
    click(qtbot, panel.remedy_buttons[code, "undo"])
    assert math.isfinite(diverged.snapshot.loss) and math.isfinite(diverged.trainer.current_loss())
    assert not {"diverged", "non_finite"} & set(codes(panel))
    assert codes(panel) == ["linear", "symmetric"]


def test_lower_rate_remedy_divides_the_rate_by_ten(panel, diverged, qtbot):
    code = codes(panel)[0]
    assert code in ("diverged", "non_finite")
    click(qtbot, panel.remedy_buttons[code, "lower_rate"])
    assert diverged.trainer.config.learning_rate == pytest.approx(1.0)


def test_error_card_is_red_and_warnings_amber(panel, diverged):
    error_card, warning_card = shown_cards(panel)[:2]
    red = severity_color("error", panel.palette()).name()
    amber = severity_color("warning", panel.palette()).name()
    assert red != amber
    assert red in error_card.styleSheet() and amber not in error_card.styleSheet()
    assert amber in warning_card.styleSheet()
    assert not error_card.icon.pixmap().isNull()


def test_a_learned_sigmoid_network_has_no_problems(panel, controller):
    trainer = make_preset("sigmoid")
    trainer.run_epochs(3000)
    controller.replace_session(trainer)
    assert panel.cards() == [] and panel.remedy_buttons == {}
    assert panel.empty_label.isVisible() and panel.empty_label.text() == NO_PROBLEMS


def test_no_finding_is_not_a_promise_that_the_run_will_learn(panel, controller):
    # seed 60 of the sigmoid example has no finding at epoch 0 and is still unsolved at 200,000
    # epochs (tests/benchmarks/verdicts.py): the panel says what it checked, nothing more
    controller.replace_session(LotterySpec.of(make_preset("sigmoid"), 10, 1).trainer(60))
    assert panel.cards() == []
    assert panel.empty_label.text() == (  # nothing trained: no losses were checked yet
        "Not trained yet: no problems found in the weights or the data; 2 of 4 training samples are wrong. "
        "To learn more, train, and the checks will watch the losses too.")


def test_the_no_problems_line_follows_the_samples_shown_wrong(panel, controller):
    # 2-2-1 sigmoid, α 2, seed 7 (a learner's case): at epoch 2,880 samples 2 and 3 have sat wrong
    # since epoch ~1,500 and no rule has fired yet; the panel must not read as if all were well
    from dataclasses import replace

    from xorgui.core import Dataset, Network, Trainer

    preset = make_preset("sigmoid")
    init = replace(preset.init, seed=7)
    trainer = Trainer(Network([2, 2, 1], [a.name for a in preset.network.activations], init.make([2, 2, 1])),
                      Dataset.xor(), preset.config, init)
    trainer.run_epochs(2880)
    controller.replace_session(trainer)
    assert panel.cards() == [] and panel.empty_label.isVisible()
    assert panel.empty_label.text().endswith(
        "Still, 2 of 4 training samples are wrong, and none of the checks has found why yet: "
        "train on, and watch the Per sample tab.")
    solved = make_preset("sigmoid")
    solved.run_epochs(3000)
    controller.replace_session(solved)
    assert panel.empty_label.text() == NO_PROBLEMS

def test_cards_are_kept_while_the_findings_stay_the_same(panel, controller):
    before = shown_cards(panel)
    controller.select_sample(2)  # a new snapshot, the same findings
    controller.set_precision(6)
    assert controller.snapshot.selected == 2
    after = shown_cards(panel)
    assert len(after) == len(before) and all(a is b for a, b in zip(after, before))
    controller.set_hidden_activation("tanh")
    assert shown_cards(panel)[0] is not before[0]


def test_fits_a_narrow_column_without_sideways_scrolling(panel, diverged, qtbot):
    scroll = panel.scroll
    panel.resize(420, 300)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)  # two cards overflow 300 px
    assert scroll.horizontalScrollBar().maximum() == 0
    assert scroll.widget().width() <= scroll.viewport().width()
    for card in shown_cards(panel):
        label = card.explanation
        assert card.geometry().right() < scroll.viewport().width()
        assert label.height() >= label.heightForWidth(label.width())  # every line shown
        for _, button in card.buttons:
            assert button.geometry().right() <= card.width()


def test_saturated_output_offers_cross_entropy_and_it_works(panel, controller, qtbot):
    controller.replace_session(make_preset("sigmoid"))
    controller.set_learning_rate(1000)
    controller.change("Train 20 epochs", lambda: controller.trainer.run_epochs(20))  # every output thrown to 1
    kind, title, buttons = next(c for c in panel.cards() if c[0] == "saturated_output")
    assert title == "Saturated output: D0"
    assert buttons == ["Use the cross-entropy loss", "Lower the learning rate ÷10", "Re-initialize (Xavier)"]
    click(qtbot, panel.remedy_buttons["saturated_output", "cross_entropy"])
    assert controller.trainer.config.loss == "cross_entropy"
    assert "saturated_output" not in codes(panel)


def test_nan_weights_show_no_identical_units_card(panel, controller):
    controller.set_learning_rate(1000)
    controller.change("Diverge", lambda: controller.trainer.run_epochs(40))  # past inf, to NaN
    assert np.isnan(controller.trainer.network.weights[0]).all()
    assert codes(panel) == ["non_finite", "linear"]


def test_the_divergence_is_told_with_the_decimals_the_window_shows(panel, messages, controller, qtbot):
    assert controller.set_precision(6)
    controller.set_batch_size(None)
    controller.set_learning_rate(0.5)
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=10000)
    assert controller.snapshot.loss == pytest.approx(3.352234e9, rel=1e-6)
    assert fmt(controller.snapshot.loss, 6) == "3.35223e9"  # as the loss read-out writes it
    assert messages[-1][1].startswith("Training diverged at epoch 2 (loss 3.35223e9) and was paused.")
    card = shown_cards(panel)[0]
    assert card.title.text() == "Training diverged at epoch 2"
    assert card.explanation.text().startswith("At epoch 2 the mean loss reached 3.35223e9, more than 1000 times")


def test_the_window_stops_at_the_epoch_the_rule_fired(panel, messages, controller, qtbot):
    # seed at α = 0.5, full batch: 23.5 → 1.78e3 → 3.35e9 (more than 1000 × 23.5) → … → NaN at 6
    controller.set_batch_size(None)
    controller.set_learning_rate(0.5)
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=10000)
    assert controller.trainer.epoch == 2 and len(controller.history) == 2
    assert controller.history[-1] == pytest.approx(3.35e9, rel=1e-2)  # the spike is the last point
    assert messages[-1] == ("error", "Training diverged at epoch 2 (loss 3.352e9) and was paused. "
                                     "Undo goes back to epoch 1, before it; then lower the learning rate.")
    kind, title, buttons = panel.cards()[0]
    assert (kind, title) == ("diverged", "Training diverged at epoch 2")
    controller.undo()  # one Undo: the epoch before the divergence, not the start of the run
    assert controller.trainer.epoch == 1 and list(controller.history) == pytest.approx([1780.9], rel=1e-4)
    assert "diverged" not in codes(panel)
    controller.redo()
    assert controller.trainer.epoch == 2 and codes(panel)[0] == "diverged"
    controller.undo()
    controller.undo()  # and the run's first part
    assert controller.trainer.epoch == 0 and len(controller.history) == 0
    controller.redo()
    assert controller.trainer.epoch == 1 and len(controller.history) == 1


def test_a_first_epoch_jump_is_caught_against_the_starting_loss(panel, messages, controller, qtbot):
    controller.set_batch_size(None)
    controller.set_learning_rate(1000)  # 23.5 → 1.1e17 in one epoch
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=10000)
    assert controller.trainer.epoch == 1
    assert "diverged at epoch 1 (loss 1.118e17)" in messages[-1][1]
    assert panel.cards()[0][1] == "Training diverged at epoch 1"
    controller.undo()
    assert controller.trainer.epoch == 0 and codes(panel) == ["linear", "symmetric"]


def test_slow_motion_stops_at_the_epoch_too(panel, messages, controller, qtbot):
    controller.set_batch_size(None)
    controller.set_learning_rate(0.5)
    controller.set_speed(2)  # one sample at a time
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=20000)
    assert controller.trainer.epoch == 2 and controller.trainer.cursor == 0
    assert "diverged at epoch 2" in messages[-1][1]
    controller.undo()
    assert controller.trainer.epoch == 1 and controller.trainer.cursor == 0


def test_a_new_session_forgets_the_last_runs_divergence(panel, controller, qtbot):
    controller.set_batch_size(None)
    controller.set_learning_rate(1000)
    controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=10000)
    controller.new_session("seed")
    assert "diverged" not in codes(panel)


def test_an_epoch_press_is_watched_like_a_run(panel, messages, controller):
    controller.set_batch_size(None)
    controller.set_learning_rate(1000)
    assert not controller.step_epoch()  # 23.5 → 1.1e17: refused to go on, and says why
    assert controller.trainer.epoch == 1
    assert "diverged at epoch 1 (loss 1.118e17)" in messages[-1][1]
    assert panel.cards()[0][1] == "Training diverged at epoch 1"
    controller.undo()
    assert "diverged" not in codes(panel)


def test_sample_steps_are_watched_too(panel, messages, controller):
    controller.set_batch_size(1)
    controller.set_learning_rate(1000)
    for _ in range(4):  # one online epoch: the loss explodes within it
        controller.step_sample()
    assert controller.trainer.epoch == 1
    assert "diverged at epoch 1" in messages[-1][1]


def test_a_finding_that_gives_an_open_practice_question_away_says_only_that_it_is_hidden(panel, controller):
    # ReLU units that output 0 for every sample: the card would answer z_Z1 … z_Z3 (and a_D0)
    from xorgui.core import Dataset, Network, Trainer
    from xorgui.core.findings import HIDDEN_TITLE
    weights = [np.array([[-1.0, -1, -1], [-2, -1, -2], [-3, -2, -1]]), np.array([[0.1, 0.2, 0.3, 0.4]])]
    controller.replace_session(Trainer(Network([2, 3, 1], ["relu", "identity"], weights), Dataset.xor()))
    assert ("dead_relu", "Dead ReLU units: Z1, Z2, Z3", ["Use leaky ReLU", "Randomize the weights"]) in panel.cards()
    controller.set_practice(True)
    assert controller.step_phase() and controller.walk.question.target == "a_Z1"
    assert ("dead_relu", HIDDEN_TITLE, []) in panel.cards()
    while controller.walk.question is not None:  # the hidden layer's sums and activations answered
        controller.answer(repr(float(controller.walk.question.value)))
    assert ("dead_relu", "Dead ReLU units: Z1, Z2, Z3", ["Use leaky ReLU", "Randomize the weights"]) in panel.cards()

"""Every remedy button the Why? tab offers changes what its label says; none is a no-op."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core import Dataset, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource
from xorgui.core.diagnostics import LOWEST_REMEDY_RATE, Remedy
from xorgui.core.presets import make_preset
from xorgui.gui.diagnostics_panel import DiagnosticsPanel


def relu_dead():
    w_in = np.array([[-10.0, 0.5, 0.5], [0.1, 1.0, -1.0], [-5.0, -1.0, -2.0]])  # Z1, Z3 dead on XOR
    return Trainer(Network([2, 3, 1], ["relu", "sigmoid"], [w_in, np.array([[0.0, 1.0, -1.0, 0.5]])]),
                   Dataset.xor(), TrainingConfig(learning_rate=0.5))


def saturated(rate=0.5):
    w_in = np.array([[20.0, 1.0, 1.0], [0.1, 1.0, -1.0], [-30.0, 2.0, 2.0]])  # Z1, Z3 saturated
    w_out = np.array([[40.0, 1.0, 1.0, 1.0]])  # and the output: a ≥ 38 for every sample
    return Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], [w_in, w_out]), Dataset.xor(),
                   TrainingConfig(learning_rate=rate))


def too_slow():
    from dataclasses import replace

    t = make_preset("sigmoid")
    t.config = replace(t.config, learning_rate=1e-4)
    t.run_epochs(400)
    return t


def hiddenless(preset):
    def make(controller):
        controller.load_example(make_preset(preset), "Load")
        assert controller.remove_layer(1)  # the Network tab's ✕ on the only hidden layer
    return make


def held_by_l2():
    from dataclasses import replace

    t = make_preset("sigmoid")  # λ = 0.01 pulls every weight to 0: outputs 0.5, no gradient from the data
    t.config = replace(t.config, regularization="l2", regularization_rate=0.01)
    t.run_epochs(2000)
    return t


def sine_under_sigmoid(controller):
    controller.load_example(make_preset("sigmoid"), "Load")
    assert controller.set_library_data(DataSource("sine"))


SESSIONS = {
    "seed": lambda c: c.load_example(make_preset("seed"), "Load"),
    "article without hidden layer": hiddenless("article"),
    "sigmoid without hidden layer": hiddenless("sigmoid"),
    "dead ReLUs": lambda c: c.load_example(relu_dead(), "Load"),
    "saturated": lambda c: c.load_example(saturated(), "Load") and c.step_epoch(),  # trained: the rate may be why
    "saturated before any update": lambda c: c.load_example(saturated(), "Load"),
    "a rate too small": lambda c: c.load_example(too_slow(), "Load"),
    "sine under a sigmoid output": sine_under_sigmoid,
    "an L2 penalty holding the weights at 0": lambda c: c.load_example(held_by_l2(), "Load"),
}


def said_now(controller):
    """Every finding's title and explanation, as the Why? tab shows them."""
    return [(f.title, f.explanation) for f in controller.snapshot.findings]


def state(trainer):
    net = trainer.network
    return dict(layers=list(net.layers), acts=net.activation_names, weights=[w.copy() for w in net.weights],
                rate=trainer.config.learning_rate, loss=trainer.config.loss, init=trainer.init.method,
                penalty=(trainer.config.regularization, trainer.config.regularization_rate), epoch=trainer.epoch)


def does_what_it_says(remedy, before, after):
    """What each button's label promises, judged on the session before and after the click."""
    changed_weights = len(before["weights"]) != len(after["weights"]) or any(
        a.shape != b.shape or not np.array_equal(a, b) for a, b in zip(before["weights"], after["weights"]))
    return {
        Remedy.SIGMOID_HIDDEN: after["acts"][:-1] and set(after["acts"][:-1]) == {"sigmoid"} != set(before["acts"][:-1]),
        Remedy.LEAKY_RELU: after["acts"][:-1] and set(after["acts"][:-1]) == {"leaky_relu"} != set(before["acts"][:-1]),
        Remedy.RANDOMIZE: changed_weights,
        Remedy.XAVIER: after["init"] == "xavier" and changed_weights,
        Remedy.LOWER_RATE: after["rate"] == pytest.approx(before["rate"] / 10),
        Remedy.RAISE_RATE: after["rate"] == pytest.approx(before["rate"] * 10),
        Remedy.CROSS_ENTROPY: before["loss"] != after["loss"] == "cross_entropy",
        Remedy.IDENTITY_OUTPUT: before["acts"][-1] != after["acts"][-1] == "identity",
        # a hidden layer, and one that is not linear: a linear one would leave a linear network linear
        Remedy.ADD_HIDDEN: len(after["layers"]) == len(before["layers"]) + 1 and after["acts"][0] != "identity",
        Remedy.LOWER_PENALTY: (after["penalty"] == (before["penalty"][0], pytest.approx(before["penalty"][1] / 10))
                               and changed_weights and after["epoch"] == 0),
    }[remedy]


@pytest.mark.parametrize("session", list(SESSIONS))
def test_every_offered_remedy_changes_what_its_label_says(session, controller, shown, qtbot, monkeypatch):
    # the remedies draw a fresh random seed; about one in 25 re-made the dead ReLU session's Z1 and Z3
    # dead again, and the Why? tab then rightly said the same: the test picks the seed
    from xorgui.gui import remedies
    monkeypatch.setattr(remedies, "new_seed", lambda: 1)
    panel = shown(DiagnosticsPanel(controller), 420, 600)
    SESSIONS[session](controller)
    offered = list(panel.remedy_buttons)
    assert offered, panel.cards()
    for kind, remedy in offered:
        before = state(controller.trainer)
        said = said_now(controller)
        qtbot.mouseClick(panel.remedy_buttons[kind, remedy], Qt.MouseButton.LeftButton)
        after = state(controller.trainer)
        assert does_what_it_says(Remedy(remedy), before, after), (session, kind, remedy, before, after)
        assert said_now(controller) != said  # and the Why? tab says something else now
        assert controller.undo()  # back to the session, for the next button


def test_no_hidden_layer_under_an_identity_output_says_so_and_its_button_adds_a_sigmoid_layer(controller, shown,
                                                                                               qtbot):
    # the learner's path: the article's session, the Network tab's ✕ on its only hidden layer
    panel = shown(DiagnosticsPanel(controller), 420, 600)
    assert controller.remove_layer(1)
    assert controller.trainer.network.layers == [2, 1]
    [(kind, title, buttons)] = [c for c in panel.cards() if c[0] == "no_hidden"]
    assert title == "No hidden layer" and buttons == ["Add a hidden layer"]
    assert "linear" not in [c[0] for c in panel.cards()]  # not "use sigmoid hidden units": there are none
    explanation = next(f.explanation for f in controller.snapshot.findings if f.kind == "no_hidden")
    assert "sees the inputs directly and is the identity: ŷ = w·x + b" in explanation
    assert "No linear function fits XOR" in explanation and "Add a hidden layer of sigmoid" in explanation
    qtbot.mouseClick(panel.remedy_buttons["no_hidden", "add_hidden"], Qt.MouseButton.LeftButton)
    assert controller.trainer.network.layers == [2, 2, 1]
    assert controller.trainer.network.activation_names == ["sigmoid", "identity"]
    assert "no_hidden" not in [c[0] for c in panel.cards()]


def test_a_rate_already_at_the_floor_is_not_offered_lowering(controller, shown):
    from dataclasses import replace

    panel = shown(DiagnosticsPanel(controller), 420, 600)
    thrown = make_preset("sigmoid")  # α = 300 throws every output onto a flat end: Lower is offered
    thrown.config = replace(thrown.config, learning_rate=300)
    thrown.run_epochs(100)
    controller.load_example(thrown, "Load")
    assert controller.step_epoch()
    assert ("saturated_output", "lower_rate") in panel.remedy_buttons
    controller.load_example(saturated(LOWEST_REMEDY_RATE), "Load")
    assert controller.step_epoch()
    assert ("saturated_output", "lower_rate") not in panel.remedy_buttons
    assert ("saturated_output", "cross_entropy") in panel.remedy_buttons  # the others still are


def test_undo_remedy_with_nothing_to_undo_says_so(controller, messages):
    assert not controller.apply_remedy(Remedy.UNDO)
    assert messages[-1][1] == "Nothing to undo."


def test_one_hidden_unit_says_so_and_its_button_adds_a_second_unit(controller, shown, qtbot):
    # the learner's path: the sigmoid example, two − presses on its hidden layer
    panel = shown(DiagnosticsPanel(controller), 420, 600)
    controller.load_example(make_preset("sigmoid"), "Load")
    assert controller.remove_unit(1) and controller.remove_unit(1)
    [(kind, title, buttons)] = [c for c in panel.cards() if c[0] == "one_unit"]
    assert title == "One hidden unit cannot fit these samples" and buttons == ["Add a hidden unit"]
    qtbot.mouseClick(panel.remedy_buttons["one_unit", "add_unit"], Qt.MouseButton.LeftButton)
    assert controller.trainer.network.layers == [2, 2, 1]
    assert "one_unit" not in [c[0] for c in panel.cards()]
    # two units fit XOR, as the finding says
    assert controller.change("Train", lambda: controller.trainer.run_epochs(3000))
    assert controller.snapshot.correct.all()

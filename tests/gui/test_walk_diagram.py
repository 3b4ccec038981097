"""During every phase of a walk, the diagram shows the numbers that phase's formulas use.

The gradients and updates are computed from the forward pass before the update: while they are
on the board, the units show those values and the links the weights before the update. Only the
check after the update (its own, last phase) shows the forward pass through the new weights.
"""

import pytest

from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.gui.diagram import DiagramView


@pytest.fixture
def diagram(shown, controller):
    return shown(DiagramView(controller), 900, 500)


def on_diagram(diagram) -> tuple[dict[str, str], dict[str, str]]:
    """(unit name → value shown, weight name → label shown) as a learner reads them."""
    units = {node.name: node.value_text() for node in diagram.nodes.values()}
    weights = {label.name: label.text() for label in diagram.labels.values()}
    return units, weights


def used_by_the_formulas(walk, p: int) -> tuple[dict[str, str], dict[str, str]]:
    """The values the walk's formulas are computed from: the forward pass before the update."""
    trace = walk.trace
    units = {f"X{i + 1}": fmt(v, p) for i, v in enumerate(trace.inputs)}
    for l, zs in enumerate(trace.z):
        names = ["Z1", "Z2", "Z3"] if l == 0 else ["D0"]
        units.update({n: fmt(v, p) for n, v in zip(names, zs)})
    names = [["W10", "W11", "W12", "W20", "W21", "W22", "W30", "W31", "W32"], ["V00", "V01", "V02", "V03"]]
    weights = {n: fmt(v, p) for l, w in enumerate(trace.weights_before) for n, v in zip(names[l], w.ravel())}
    return units, weights


def walk_one_sample(controller, diagram):
    """Step through one sample; after each phase check the diagram against the board."""
    p = controller.precision
    titles = []
    while True:
        assert controller.step_phase()
        walk = controller.walk
        phase = walk.current
        titles.append(phase.title)
        units, weights = on_diagram(diagram)
        if phase.kind == "after":
            # the board's own new numbers: the updated weights, and the sample's new prediction
            new = {eq.target: eq.value for ph in walk.phases for eq in ph.equations if eq.kind == "weight"}
            if new:
                assert weights == {n: fmt(v, p) for n, v in new.items()}, phase.title
            for eq in phase.equations:
                if eq.target == "ŷ_new":
                    assert units["D0"] == fmt(eq.value, p)
        else:
            expected_units, expected_weights = used_by_the_formulas(walk, p)
            assert {n: units[n] for n in expected_units} == expected_units, phase.title
            assert weights == expected_weights, phase.title
        if walk.finished:
            return titles


def test_the_articles_update_phases_show_the_values_they_use(controller, diagram):
    titles = walk_one_sample(controller, diagram)
    assert titles[-2:] == ["Gradients and updates: V weights", "After the update"]
    # the learner's case: ∂L/∂V01 = z_Z1·δ_D0 = 1·4 while Z1 shows 1 and D0 shows 4
    units, weights = on_diagram(diagram)
    assert units["D0"] == "1.68" and units["Z1"] == "0.6" and weights["V01"] == "0.6"
    controller.step_phase_back()
    assert controller.walk.current.title == "Gradients and updates: V weights"
    assert "∂L/∂V01 = z_Z1·δ_D0 = 1·4 = 4" in controller.walk.current.lines(controller.precision)
    units, weights = on_diagram(diagram)
    assert (units["Z1"], units["D0"], weights["V01"]) == ("1", "4", "1")


def test_a_full_batch_walk_shows_the_values_each_phase_uses(controller, diagram):
    controller.replace_session(make_preset("seed"))  # full batch: the update comes after the 4th sample
    for sample in range(4):
        titles = walk_one_sample(controller, diagram)
        assert controller.walk.sample == sample
    assert titles[-3:] == ["Update with the mean gradient: W weights", "Update with the mean gradient: V weights",
                           "After the update"]


def test_a_mini_batch_walk_shows_the_values_each_phase_uses(controller, diagram):
    controller.replace_session(make_preset("seed"))
    controller.set_batch_size(3)  # a batch of 3, then one of 1 (an online-looking update)
    for _ in range(4):
        walk_one_sample(controller, diagram)

"""Architecture commands: one undo entry per change, surviving weights kept, refusals explained."""

import numpy as np

from xorgui.core import Initialization
from xorgui.core.network import MAX_LAYERS, MAX_UNITS


def weights(controller):
    return [w.copy() for w in controller.snapshot.weights]


def test_adding_a_unit_is_one_undo_entry_and_keeps_the_weights(controller):
    controller.set_initialization(Initialization("uniform", seed=11))
    before = weights(controller)
    rebuilt = []
    controller.session_replaced.connect(lambda: rebuilt.append(True))
    depth = controller.undo_stack.count()
    assert controller.add_unit(1)
    assert controller.snapshot.layers == (2, 4, 1)
    assert controller.undo_stack.count() == depth + 1
    assert controller.undo_stack.undoText() == "Add a unit to the hidden layer"
    assert rebuilt == [True]  # views rebuild for the new shape
    after = controller.snapshot.weights
    assert np.array_equal(after[0][:3], before[0]) and np.array_equal(after[1][:, :4], before[1])
    # the new unit's weights are fresh uniform(seed 11) draws: none repeats a weight on screen
    fresh = np.concatenate([after[0][3], after[1][:, 4]])
    assert not np.isin(fresh, np.concatenate([w.ravel() for w in before])).any()
    assert np.all(np.abs(fresh) <= 1.0)
    assert controller.undo()
    assert controller.snapshot.layers == (2, 3, 1)
    assert all(np.array_equal(a, b) for a, b in zip(controller.snapshot.weights, before))
    assert controller.redo()
    assert controller.snapshot.layers == (2, 4, 1)
    assert np.array_equal(controller.snapshot.weights[0][3], after[0][3])  # the same numbers again


def test_layers_come_and_go_and_training_follows_any_shape(controller):
    controller.new_session("sigmoid")
    assert controller.add_layer(2) and controller.snapshot.layers == (2, 3, 3, 1)
    assert controller.remove_unit(2) and controller.remove_unit(2)
    assert controller.snapshot.layers == (2, 3, 1, 1)
    assert controller.step_epoch() and controller.step_sample()
    assert np.isfinite(controller.snapshot.loss)
    assert controller.remove_layer(1) and controller.snapshot.layers == (2, 1, 1)
    assert controller.remove_layer(1) and controller.snapshot.layers == (2, 1)
    for _ in range(4):  # the two removals, the sample and the epoch
        controller.undo()
    assert controller.snapshot.layers == (2, 3, 1, 1)
    controller.undo(), controller.undo()
    assert controller.snapshot.layers == (2, 3, 3, 1)


def test_refusals_say_why_and_change_nothing(controller, messages):
    depth = controller.undo_stack.count()
    result = controller.add_unit(0)
    assert not result and "input column" in result.reason
    assert not controller.remove_layer(2)
    controller.set_layer_units(1, MAX_UNITS)
    full = controller.add_unit(1)
    assert not full and f"at most {MAX_UNITS} units" in full.reason
    for _ in range(MAX_LAYERS - 3):
        assert controller.add_layer(1)
    deep = controller.add_layer(1)
    assert not deep and f"at most {MAX_LAYERS} layers" in deep.reason
    assert len(controller.snapshot.layers) == MAX_LAYERS
    assert controller.undo_stack.count() == depth + 1 + MAX_LAYERS - 3
    assert messages[-1] == ("error", deep.reason)


def test_a_new_unit_of_the_articles_network_starts_like_its_neighbours(controller):
    # the article's session initializes every weight to 1: a new unit gets 1s too, and the
    # diagnostics say it is identical to the others
    assert controller.add_unit(1)
    assert np.all(controller.snapshot.weights[0] == 1.0)
    assert any("Units Z1, Z2, Z3 and Z4 are identical" in f.title for f in controller.snapshot.findings)


def test_the_diagrams_buttons_change_the_shape_and_disabled_ones_say_why(controller, shown, qtbot):
    from PySide6.QtCore import QPoint, Qt

    from xorgui.gui.diagram import DiagramView

    view = shown(DiagramView(controller), 900, 600)

    def click(action, layer):
        button = view.controls[(action, layer)]
        point = view.mapFromScene(button.scenePos())
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y()))

    click("add_unit", 1)
    assert controller.snapshot.layers == (2, 4, 1) and len(view.nodes) == 2 + 1 + 4 + 1 + 1
    click("add_layer", 2)  # between the hidden layer and the output
    assert controller.snapshot.layers == (2, 4, 4, 1)
    click("remove_layer", 1)
    assert controller.snapshot.layers == (2, 4, 1)
    depth = controller.undo_stack.count()
    disabled = view.controls[("add_unit", 0)]
    assert not disabled.enabled and "input column" in disabled.toolTip()
    click("add_unit", 0)
    assert controller.snapshot.layers == (2, 4, 1) and controller.undo_stack.count() == depth
    assert not view.press_control("remove_unit", 2)  # the output follows the data's targets


def test_the_sigmoid_example_grows_without_copying_any_weight_on_screen(controller):
    # a learner saw Z4's incoming weights equal V00, V01, V02 and new bias weights equal V03:
    # numbers a teacher reads as the symmetry the app warns about
    controller.new_session("sigmoid")
    seen = np.concatenate([w.ravel() for w in controller.snapshot.weights])
    assert controller.add_unit(1)
    z4 = np.concatenate([controller.snapshot.weights[0][3], controller.snapshot.weights[1][:, 4]])
    assert not np.isin(z4, seen).any()
    seen = np.concatenate([w.ravel() for w in controller.snapshot.weights])
    assert controller.add_layer(1)
    layer = controller.snapshot.weights[0]  # all new: into the new first hidden layer
    assert not np.isin(layer, seen).any()
    everything = np.concatenate([w.ravel() for w in controller.snapshot.weights])
    assert len(np.unique(everything)) == everything.size  # no two weights on the diagram alike

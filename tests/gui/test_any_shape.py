"""The window follows any shape: walkthrough, practice, tables and diagnostics on 3-4-2-1
(3 inputs, 3-input parity) and on 2-1-1, changed through the architecture commands."""

import itertools

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig

PARITY = [list(bits) for bits in itertools.product((0, 1), repeat=3)]


def parity_trainer():
    init = Initialization("uniform", seed=4)
    return Trainer(Network([3, 4, 2, 1], ["tanh", "sigmoid", "sigmoid"], init.make([3, 4, 2, 1])),
                   Dataset(PARITY, [[sum(b) % 2] for b in PARITY]), TrainingConfig(learning_rate=0.5), init)


def walk_one_sample(controller):
    """Step phases through one whole sample, answering every practice question by Reveal."""
    sample = controller.trainer.next_sample
    for _ in range(200):
        assert controller.step_phase()
        while controller.walk.question is not None:
            assert controller.reveal_answer()
        if controller.walk.applied:
            return sample
    raise AssertionError("the walk never applied its step")


@pytest.mark.parametrize("shape", ["3-4-2-1", "2-1-1"])
def test_walkthrough_practice_tables_and_diagnostics_follow_the_shape(window, controller, shape, read_weight):
    if shape == "3-4-2-1":
        controller.replace_session(parity_trainer())
    else:
        controller.new_session("sigmoid")
        assert controller.set_layer_units(1, 1) and controller.snapshot.layers == (2, 1, 1)
    layers = controller.snapshot.layers
    assert read_weight(window.weights_table, len(layers) - 2, 0, layers[-2])  # the last weight is shown
    assert window.truth_table.rowCount() == len(controller.trainer.data)
    assert controller.set_batch_size(1)  # online: the walk's step updates the weights
    controller.set_practice(True)
    before = [w.copy() for w in controller.trainer.network.weights]
    walk_one_sample(controller)
    assert any(not np.array_equal(a, b) for a, b in zip(before, controller.trainer.network.weights))
    controller.set_practice(False)
    text = window.walkthrough.text() if hasattr(window.walkthrough, "text") else ""
    assert "nan" not in text.lower()
    assert controller.step_epoch()
    for finding in controller.snapshot.findings:
        assert finding.title and finding.explanation
    # every unit of the shape is on the diagram, every weight has a label
    assert len(window.diagram.labels) == sum((a + 1) * b for a, b in zip(layers, layers[1:]))

"""The "Add a hidden layer" remedy under constant initialization (the article's every weight 1)
gives a layer of identical units. The Why? tab says so before the click, names the cause after it
and offers Randomize; that path, then training, solves XOR."""

import pytest
from PySide6.QtCore import Qt

from xorgui.gui import remedies
from xorgui.gui.diagnostics_panel import DiagnosticsPanel


def explanation(controller, kind):
    return next(f.explanation for f in controller.snapshot.findings if f.kind == kind)


def test_add_hidden_then_randomize_then_train_solves_xor(controller, shown, qtbot, monkeypatch):
    panel = shown(DiagnosticsPanel(controller), 420, 600)
    assert controller.remove_layer(1)  # the article's session without its hidden layer: 2-1, all weights 1
    said = explanation(controller, "no_hidden")
    assert "Under constant initialization (every weight 1) the new layer's units start with the same " \
           "weights and would stay identical: after adding it, randomize the weights" in said
    assert "adds one of sigmoid units" not in said and "the button adds a layer of sigmoid units" in said
    # the + on the diagram adds a layer like the output, identity here: the text says so
    assert "The Network tab and the + on the diagram add a layer of identity units here" in said

    qtbot.mouseClick(panel.remedy_buttons["no_hidden", "add_hidden"], Qt.MouseButton.LeftButton)
    assert controller.trainer.network.layers == [2, 2, 1]
    kinds = [c[0] for c in panel.cards()]
    assert "no_hidden" not in kinds and "symmetric" in kinds
    said = explanation(controller, "symmetric")
    assert "Constant initialization (every weight 1) gives every unit of a layer the same weights, " \
           "in any layer added later too" in said
    assert ("symmetric", "randomize") in panel.remedy_buttons

    monkeypatch.setattr(remedies, "new_seed", lambda: 1)  # the seed Randomize draws, fixed for the test
    qtbot.mouseClick(panel.remedy_buttons["symmetric", "randomize"], Qt.MouseButton.LeftButton)
    assert "symmetric" not in [c[0] for c in panel.cards()]
    assert controller.change("Train 3000 epochs", lambda: controller.trainer.run_epochs(3000))
    assert controller.snapshot.correct.all()
    assert not controller.snapshot.findings


@pytest.mark.parametrize("method", ["uniform"])
def test_random_initialization_reads_no_constant_note(controller, method):
    from dataclasses import replace
    assert controller.set_initialization(replace(controller.trainer.init, method=method, seed=3))
    assert controller.remove_layer(1)
    assert "constant initialization" not in explanation(controller, "no_hidden").lower()

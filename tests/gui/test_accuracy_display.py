"""What the truth table and the accuracy read-out say agrees with the numbers they show."""

import numpy as np
import pytest

from xorgui.core import Dataset, Network, Trainer
from xorgui.core.accuracy import RULE
from xorgui.gui.panel import ControlPanel
from xorgui.gui.tables import WRONG_MARK, TruthTable


@pytest.fixture
def half(controller):
    """ŷ = 0.5, 0.5 − 1e-15, 0.5 + 1e-15, 0.5 for XOR's samples: every one shows as 0.5."""
    w = [np.array([[0.0, 1.0, -1.0]]), np.array([[0.5, 1e-15]])]
    controller.replace_session(Trainer(Network([2, 1, 1], ["identity", "identity"], w), Dataset.xor()))
    return controller


def test_predictions_shown_as_0_5_are_all_wrong(shown, half):
    table = shown(TruthTable(half), 600, 220)
    out = half.trainer.forward().output.ravel()
    assert out[1] < 0.5 < out[2]  # they differ in the 16th digit only
    ok = table.columnCount() - 2
    assert [table.item(r, ok).text() for r in range(4)] == [WRONG_MARK] * 4
    assert [table.item(r, ok - 1).text() for r in range(4)] == ["0.5"] * 4
    assert table.item(1, ok).toolTip() == RULE


def test_the_accuracy_tooltip_states_the_rule(shown, half):
    panel = shown(ControlPanel(half), 420, 600)
    assert "0%" in panel.accuracy_label.text()
    assert RULE in panel.accuracy_label.toolTip()

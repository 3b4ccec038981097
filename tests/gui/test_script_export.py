"""File ▸ Export ▸ Python script asks how many epochs the script trains: a typed count is
written into the script, which then prints the engine's numbers; a bad count is refused in
the dialog, which stays open, and nothing is written."""

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog

from xorgui.core import naming
from xorgui.core.export_script import fresh
from xorgui.core.presets import make_preset
from xorgui.gui.script_export_dialog import ScriptExportDialog


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def printed(path, run_python) -> dict[str, float]:
    rows = [line.rsplit(" ", 1) for line in run_python(path).splitlines() if line and not line.startswith("#")]
    return {name: float(value) for name, value in rows}


@pytest.fixture
def exporting(monkeypatch, window, controller, tmp_path):
    """File ▸ Export ▸ Python script… with mine.py chosen: the epochs dialog it opens."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "mine"), "")))
    action = next(a for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
                  for a in m.actions() if a.text() == "Python &script (numpy)…")
    action.trigger()
    dialog = window.script_dialog
    assert isinstance(dialog, ScriptExportDialog) and dialog.isVisible()
    assert dialog.epochs_edit.text() == "100"
    return dialog


def test_the_script_trains_the_epochs_typed_and_prints_the_engines_numbers(exporting, controller, messages,
                                                                          tmp_path, qtbot, run_python):
    controller.replace_session(make_preset("sigmoid"))  # sigmoid units, full batch: numbers that move
    assert controller.change("Train 40 epochs", lambda: controller.trainer.run_epochs(40))
    qtbot.keyClicks(exporting.epochs_edit, "250")  # replaces the selected 100
    exporting.export_button.click()
    assert not exporting.isVisible()
    assert messages[-1] == ("info", "Exported mine.py: the walkthrough's step and 250 epochs in numpy "
                                    "(run it with: python mine.py)")
    out = printed(tmp_path / "mine.py", run_python)
    engine = fresh(controller.trainer)  # as the saved session reopens: epoch 40, no history
    engine.run_epochs(250)
    assert engine.epoch == 290 and len(engine.history) == 250
    losses = {k: v for k, v in out.items() if k.startswith("J after epoch")}
    assert list(losses) == [f"J after epoch {40 + e} =" for e in range(25, 251, 25)]  # every tenth of the run
    assert all(close(losses[f"J after epoch {40 + e} ="], engine.history.values[e - 1]) for e in range(25, 251, 25))
    names = [n for layer in naming.weight_names(engine.network.layers) for row in layer for n in row]
    weights = np.concatenate([w.ravel() for w in engine.network.weights])
    assert all(close(out[f"{n} ="], w) for n, w in zip(names, weights))
    assert controller.trainer.epoch == 40  # exporting trains nothing in the window


@pytest.mark.parametrize("typed, reason", [
    ("", "Type how many epochs the script trains: a whole number from 0 to 1,000,000."),
    ("2.5", "'2.5' is not a whole number of epochs: type one from 0 to 1,000,000."),
    ("ten", "'ten' is not a whole number of epochs: type one from 0 to 1,000,000."),
    ("-3", "-3 epochs: the script cannot train a negative number of epochs; type one from 0 to 1,000,000."),
    ("2,000,000", "2,000,000 epochs is too many: at most 1,000,000 (the script trains in plain numpy, "
                  "and a million epochs of XOR already take minutes)."),
])
def test_a_bad_epoch_count_is_refused_in_the_dialog_and_nothing_is_written(exporting, messages, tmp_path, qtbot,
                                                                           typed, reason):
    exporting.epochs_edit.setText(typed)
    exporting.export_button.click()
    assert exporting.isVisible() and exporting.error.text() == reason
    assert messages[-1] == ("error", reason)
    assert not (tmp_path / "mine.py").exists()
    qtbot.keyClicks(exporting.epochs_edit, "x")  # typing again clears the old reason
    assert exporting.error.text() == ""
    exporting.epochs_edit.setText("1,000")  # thousands separators are fine
    exporting.export_button.click()
    assert not exporting.isVisible() and "EPOCHS = 1000\n" in (tmp_path / "mine.py").read_text(encoding="utf-8")

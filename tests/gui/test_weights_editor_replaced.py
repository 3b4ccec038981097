"""An edit open in the weights table when the session is replaced (issue 10).

Tab commits a cell and opens the next one's editor, so an editor can be open when File ▸ New
or File ▸ Open replaces the session. The edit belongs to the old session: it is dropped, the
grids show the new session, and nothing of the old shape is rendered into them (that raised
inside Qt's closeEditor and crashed the long random-action run).
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from xorgui.core import sessionfile
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset


def file_action(window, text):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == text)


def open_editor_after_tab(window, qtbot, layer, row, col, text):
    """Type ``text`` into a cell and press Tab: the value is committed and the next cell's
    editor opens (and stays open)."""
    weights = window.weights_table
    window.tabs.setCurrentWidget(weights)
    table = weights.tables[layer]
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = weights.editor(layer)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    return weights.editor(layer)


@pytest.mark.parametrize("how", ["new", "open"])
def test_an_open_editor_of_a_bigger_network_is_dropped_by_new_or_open(window, controller, qtbot, monkeypatch,
                                                                      tmp_path, how, read_weight):
    small = tmp_path / "small.json"
    sessionfile.save(make_preset("sigmoid"), small)  # 2-3-1
    controller.replace_session(make_preset("deep"))  # 2-4-4-1: W2 has 4 rows
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor = open_editor_after_tab(window, qtbot, 1, 2, 0, "0.5")
    assert controller.trainer.network.weights[1][2, 0] == 0.5
    assert editor is not None and window.weights_table.editor(1) is editor  # at row 2, column 1
    qtbot.keyClicks(editor, "7")
    if how == "new":
        file_action(window, "&New").trigger()
    else:
        window.open_path(str(small))
    weights = window.weights_table
    assert weights.editor(1) is None
    assert [t.rowCount() for t in weights.tables] == [3, 1]
    snap = controller.snapshot
    assert read_weight(weights, 1, 0, 1) == fmt(snap.weights[1][0, 1], snap.precision)
    assert not controller.undo_stack.canUndo() and not controller.dirty


def test_an_open_editor_of_the_same_shape_is_dropped_and_never_commits(window, controller, qtbot, monkeypatch, read_weight):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor = open_editor_after_tab(window, qtbot, 0, 0, 0, "2")  # the article's 2-3-1: W11 := 2
    qtbot.keyClicks(editor, "9")  # into W12's editor, not committed
    file_action(window, "&New").trigger()
    weights = window.weights_table
    assert weights.editor(0) is None
    assert controller.trainer.network.weights[0][0, 1] == 1.0  # the new session's, untouched
    assert read_weight(weights, 0, 0, 0) == "1" and read_weight(weights, 0, 0, 1) == "1"
    assert not controller.undo_stack.canUndo()

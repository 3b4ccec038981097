"""Editing the data in the truth table: an input or target cell opens an editor with its full
value and commits through ``controller.edit_data_value`` (one undo entry; a refusal keeps the old
value and says why on the status bar); the table's context menu adds and removes samples."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QTableWidget

from .time_travel import ReadOnlyWhileViewing

EDIT_TIP = "Enter commits, Escape cancels. Accepts 0.5, .5, -1e-3, 0,5 and 1/3"


class DataDelegate(QStyledItemDelegate):
    """The truth table's editor for inputs and targets (other columns are not editable)."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        editor.setToolTip(EDIT_TIP)
        return editor

    def setEditorData(self, editor, index):
        # Qt calls this again whenever the cell's text changes (training): keep what is typed
        if editor.property("loaded"):
            return
        editor.setProperty("loaded", True)
        value = self.value(index.row(), index.column())
        editor.setText(repr(value) if value is not None else "")
        editor.selectAll()

    def setModelData(self, editor, model, index):
        if editor.isModified():  # the controller publishes the result; the cell is never written here
            self.controller.edit_data_value(index.row(), index.column(), editor.text())

    def value(self, row: int, col: int) -> float | None:
        """The full-precision value behind a cell (inputs, then targets), None elsewhere."""
        snap = self.controller.snapshot
        if not 0 <= row < len(snap.inputs):
            return None
        n_in = snap.inputs.shape[1]
        if col < n_in:
            return float(snap.inputs[row, col])
        if col < n_in + snap.targets.shape[1]:
            return float(snap.targets[row, col - n_in])
        return None


def add_row_actions(table: QTableWidget, controller) -> tuple[QAction, QAction]:
    """Right-click on a row: add a copy of it after it, or remove it."""
    add = QAction("Add a sample after this one", table)
    add.setToolTip("A copy of this sample right after it; then edit its values")
    add.triggered.connect(lambda: controller.add_sample(controller.snapshot.selected))
    remove = QAction("Remove this sample", table)
    remove.triggered.connect(lambda: controller.remove_sample(controller.snapshot.selected))
    table.addAction(add)
    table.addAction(remove)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    # they change the run: disabled while an earlier epoch is shown, the reason as their tips
    ReadOnlyWhileViewing(controller.travel, (add, remove), parent=table)
    return add, remove

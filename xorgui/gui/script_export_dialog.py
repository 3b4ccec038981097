"""File ▸ Export ▸ Python script, second step: how many epochs the script trains after the step.

The file is chosen first; this dialog takes the epoch count as typed and forwards it with the
path to ``controller.export_reproduction``, which parses it (``core.export_script.parse_epochs``)
and writes the file, or refuses with a sentence that the dialog shows while it stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.export_script import DEFAULT_EPOCHS, MAX_EPOCHS

ERROR_STYLE = "QLabel { color: #c92a2a; }"


class ScriptExportDialog(QDialog):
    """Epochs: [100]  (0 to 1,000,000) · Export / Cancel."""

    def __init__(self, controller, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.path = Path(path)
        self.setWindowTitle("Export a Python script")
        about = QLabel(f"{self.path.name} prints the walkthrough's step, every number unrounded, "
                       "then trains from the same weights and prints the mean loss and the weights.")
        about.setWordWrap(True)
        self.epochs_edit = QLineEdit(str(DEFAULT_EPOCHS))
        self.epochs_edit.setToolTip(f"A whole number from 0 to {MAX_EPOCHS:,}: the script's EPOCHS, "
                                    "which you can also change in the file")
        self.epochs_edit.selectAll()
        row = QHBoxLayout()
        row.addWidget(QLabel("Epochs to train:"))
        row.addWidget(self.epochs_edit, 1)
        row.addWidget(QLabel(f"(0 to {MAX_EPOCHS:,})"))
        self.error = QLabel()  # why the typed number was refused; empty otherwise
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        self.epochs_edit.textEdited.connect(lambda _: self.error.clear())
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, layout.heightForWidth(460))  # the wrapped lines' height at that width

    def export(self) -> None:
        result = self.controller.export_reproduction(self.path, epochs=self.epochs_edit.text())
        if result:
            self.accept()
        else:
            self.error.setText(result.reason)  # stays open: correct the number, or Cancel
            self.resize(self.width(), max(self.height(), self.layout().heightForWidth(self.width())))
            self.epochs_edit.setFocus()

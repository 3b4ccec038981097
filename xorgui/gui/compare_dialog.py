"""Compare two epochs: every weight at epoch A and at epoch B, and how much it moved.

The numbers come from ``controller.travel.compare`` (the network rebuilt at each epoch by
``core.timetravel``); the dialog only lays them out at the window's precision.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from .weight_diff_table import WeightDiffTable

INT_MAX = 2**31 - 1


class CompareDialog(QDialog):
    """Weight | epoch A | epoch B | B − A, for two epochs of this run."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Compare two epochs")
        self.first_box, self.second_box = QSpinBox(), QSpinBox()
        for box in (self.first_box, self.second_box):
            box.setGroupSeparatorShown(True)
            box.setKeyboardTracking(False)  # compare when the number is typed, not at each digit
            box.valueChanged.connect(self.refresh)
        form = QFormLayout()
        form.addRow("Epoch A:", self.first_box)
        form.addRow("Epoch B:", self.second_box)
        self.table = WeightDiffTable()  # the weights that moved between A and B highlighted
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(460, 420)
        self._precision = controller.precision  # the decimals the table was last laid out at
        controller.snapshot_changed.connect(self._follow_decimals)

    def start(self, first: int, now: int, shown: int) -> None:
        """Open on epochs ``first`` and ``shown`` (the slider's), each choosable up to ``now``."""
        for box in (self.first_box, self.second_box):
            box.blockSignals(True)
            box.setRange(first, min(now, INT_MAX))
            box.blockSignals(False)
        self.first_box.blockSignals(True)
        self.first_box.setValue(first)
        self.first_box.blockSignals(False)
        self.second_box.blockSignals(True)
        self.second_box.setValue(min(shown, INT_MAX))
        self.second_box.blockSignals(False)
        self.refresh()
        self.show()
        self.raise_()

    def refresh(self, *_) -> None:
        a, b = self.first_box.value(), self.second_box.value()
        result, rows = self.controller.travel.compare(a, b)
        self.status.setText("" if result else result.reason)
        self._precision = self.controller.precision
        self.table.show_rows(rows, (f"epoch {a:,}", f"epoch {b:,}", "B − A"), self._precision)

    def _follow_decimals(self, snapshot) -> None:
        """A new number of decimals (View ▸ Decimals) lays the open table out again at once."""
        if self.isVisible() and snapshot.precision != self._precision:
            self.refresh()

    def shown_rows(self) -> list[list[str]]:
        """The table as the user reads it (for tests)."""
        return self.table.shown_rows()

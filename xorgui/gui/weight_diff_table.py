"""A table of two networks' weights by diagram name: weight | first | second | second − first, the
rows whose values differ highlighted. Time travel's Compare (two epochs) and the twin run (left
and right twin) both show their ``core.weight_diff.WeightRow`` lists here. Items are updated in
place, so a twin run can refresh it while it trains."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ..core.numbers import fmt
from ..core.weight_diff import WeightRow

MISSING = "—"  # the other network has no such weight (a different shape)
DIFFERS = QBrush(QColor("#fff2b3"))  # a soft yellow behind the rows that differ


class WeightDiffTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def show_rows(self, rows: list[WeightRow], headers: tuple[str, str, str], precision: int) -> None:
        """``rows`` at ``precision`` decimals under ``headers`` (first, second, change)."""
        self.setHorizontalHeaderLabels(["weight", *headers])
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.name] + [MISSING if v is None else fmt(v, precision) for v in (row.first, row.second, row.change)]
            brush = DIFFERS if row.differs else QBrush()
            for c, text in enumerate(cells):
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.setItem(r, c, item)
                if item.text() != text:
                    item.setText(text)
                item.setBackground(brush)

    def shown_rows(self) -> list[list[str]]:
        """The table as the user reads it (for tests)."""
        return [[self.item(r, c).text() for c in range(4)] for r in range(self.rowCount())]

    def highlighted(self) -> list[str]:
        """The names of the rows shown as differing (for tests)."""
        return [self.item(r, 0).text() for r in range(self.rowCount())
                if self.item(r, 0).background() == DIFFERS]

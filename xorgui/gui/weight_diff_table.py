"""A table of two networks' weights by diagram name: weight | first | second | second − first, the
rows whose values differ highlighted. Time travel's Compare (two epochs) and the twin run (left
and right twin) both show their ``core.weight_diff.WeightRow`` lists here. Items are updated in
place, so a twin run can refresh it while it trains."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem, QWidget

from ..core.numbers import fmt
from ..core.weight_diff import WeightRow

MISSING = "—"  # the other network has no such weight (a different shape)
DIFFERS = QBrush(QColor("#fff2b3"))  # a soft yellow behind the rows that differ


class WeightDiffTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # columns as wide as their longest text (measured here, not by Qt over every row on every
        # update), and the table asks for no more than that width
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        self._longest: list[str] = []
        self._shown: list[tuple] = []  # what each row shows: (texts, differs)

    def show_rows(self, rows: list[WeightRow], headers: tuple[str, str, str], precision: int) -> None:
        """``rows`` at ``precision`` decimals under ``headers`` (first, second, change)."""
        labels = ["weight", *headers]
        self.setHorizontalHeaderLabels(labels)
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
        texts = [(row.name, *(MISSING if v is None else fmt(v, precision) for v in (row.first, row.second, row.change)))
                 for row in rows]
        shown = self._shown
        del shown[len(rows):]
        for r, (row, cells) in enumerate(zip(rows, texts)):
            now = (cells, row.differs)
            if r < len(shown) and shown[r] == now:
                continue  # each changed item repaints: touch only those
            brush = DIFFERS if row.differs else QBrush()
            for c, text in enumerate(cells):
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.setItem(r, c, item)
                item.setText(text)
                item.setBackground(brush)
            if r < len(shown):
                shown[r] = now
            else:
                shown.append(now)
        self._fit([max(column, key=len) for column in zip(labels, *texts)])

    def _fit(self, longest: list[str]) -> None:
        if longest == self._longest:
            return
        self._longest = longest
        metrics = self.fontMetrics()
        for c, text in enumerate(longest):
            self.setColumnWidth(c, metrics.horizontalAdvance(text) + 24)  # the cell's margins

    def shown_rows(self) -> list[list[str]]:
        """The table as the user reads it (for tests)."""
        return [[self.item(r, c).text() for c in range(4)] for r in range(self.rowCount())]

    def highlighted(self) -> list[str]:
        """The names of the rows shown as differing (for tests)."""
        return [self.item(r, 0).text() for r in range(self.rowCount())
                if self.item(r, 0).background() == DIFFERS]

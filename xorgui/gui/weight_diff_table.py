"""A table of two networks' weights by diagram name: weight | first | second | second − first, the
rows whose values differ highlighted. Time travel's Compare (two epochs) and the twin run (left
and right twin) both show their ``core.weight_diff.WeightRow`` lists here. Items are updated in
place, so a twin run can refresh it while it trains."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
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
        # columns at least as wide as their longest text (measured here, not by Qt over every row
        # on every update), the spare width shared between them so that they fill the table
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # asks for its columns' needed width (the twin window's plot takes the rest; not the
        # spread widths, which would ask for ever more) but grows to fill a dialog of its own
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._longest: list[str] = []
        self._needed: list[int] = []  # each column's width for its longest text
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
        self._needed = [metrics.horizontalAdvance(text) + 24 for text in longest]  # + the cell's margins
        self.updateGeometry()
        self._spread()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._needed:
            bar = self.verticalScrollBar().sizeHint().width()
            hint.setWidth(sum(self._needed) + 2 * self.frameWidth() + bar)
        return hint

    def _spread(self) -> None:
        """Each column its text's width plus an equal share of the width to spare."""
        if not self._needed:
            return
        spare = max(self.viewport().width() - sum(self._needed), 0)
        share = spare // len(self._needed)
        for c, needed in enumerate(self._needed):  # the last takes the pixels the division left
            self.setColumnWidth(c, needed + share + (spare - share * len(self._needed) if c == 3 else 0))

    def resizeEvent(self, event) -> None:  # the viewport's: a vertical scroll bar coming counts
        super().resizeEvent(event)
        self._spread()

    def shown_rows(self) -> list[list[str]]:
        """The table as the user reads it (for tests)."""
        return [[self.item(r, c).text() for c in range(4)] for r in range(self.rowCount())]

    def highlighted(self) -> list[str]:
        """The names of the rows shown as differing (for tests)."""
        return [self.item(r, 0).text() for r in range(self.rowCount())
                if self.item(r, 0).background() == DIFFERS]

"""The article's worked example beside the engine: what the article printed, what is true, and why.

The rows come from :func:`xorgui.core.errata.errata`, computed once when the view is built
(the engine trains a few small networks for it, about half a second); this view only formats
their fields. A row with a demo has a "Show me" button that asks the controller to set the
claim up in the main window (``controller.run_demo``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QPushButton, QStyledItemDelegate, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.errata import Erratum, errata
from ..core.errata_render import intro, is_claim_only, value_line
from .time_travel import ReadOnlyWhileViewing

HEADERS = ("What the article does", "Article", "xorgui (computed now)", "Why", "")
CLAIM, ARTICLE, XORGUI, WHY, DEMO = range(5)
# Share of the width left after the button column, per text column (claim, article, xorgui, why).
COLUMN_SHARES = (0.19, 0.20, 0.24, 0.37)
PAD = 6  # pixels of space around a cell's text
INTRO = intro("when this view opened") + " “Show me” sets a case up in the main window so you can check it yourself."


class _PaddedDelegate(QStyledItemDelegate):
    """Word-wrapped, top-aligned cells with a little space around the text."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        option.textElideMode = Qt.TextElideMode.ElideNone

    def sizeHint(self, option, index) -> QSize:
        option.rect.setWidth(max(1, option.rect.width() - 2 * PAD))
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * PAD, hint.height() + 2 * PAD)

    def paint(self, painter, option, index) -> None:
        option.rect.adjust(PAD, PAD, -PAD, -PAD)
        super().paint(painter, option, index)


class ErrataTable(QTableWidget):
    """The errata, one per row; the text columns share the width, rows grow to fit their text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setItemDelegate(_PaddedDelegate(self))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # ten tall rows rarely fit: a scroll bar that comes and goes would re-wrap every row
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setStyleSheet(f"QHeaderView::section {{ padding-left: {PAD}px; }}")  # line up with the text
        self._fitted_width = -1

    def fit(self) -> None:
        """Share the viewport's width among the columns, then size each row to its content."""
        width = self.viewport().width()
        if width == self._fitted_width:
            return
        self._fitted_width = width
        buttons = max((self.cellWidget(r, DEMO).sizeHint().width() for r in range(self.rowCount())
                       if self.cellWidget(r, DEMO) is not None), default=0)
        self.setColumnWidth(DEMO, buttons)
        rest = max(0, width - buttons)
        for column, share in enumerate(COLUMN_SHARES):
            self.setColumnWidth(column, int(rest * share))
        self.resizeRowsToContents()

    def refit(self) -> None:
        self._fitted_width = -1
        self.fit()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize:  # also when the vertical scroll bar comes or goes
            self.fit()
        return super().viewportEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.refit()


class ErrataView(QWidget):
    """The article's published numbers beside xorgui's, with a "Show me" demo per row.

    ``rows`` holds the :class:`Erratum` shown in each table row (in order); ``demo_buttons``
    maps the key of each erratum that has a demo to its "Show me" button.
    """

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("The article's worked example: errata")
        self.rows: tuple[Erratum, ...] = errata()
        self.demo_buttons: dict[str, QPushButton] = {}

        self.intro = QLabel(INTRO)
        self.intro.setWordWrap(True)
        self.table = ErrataTable()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)

        number_font = QFont(self.font())
        number_font.setBold(True)
        number_font.setPointSizeF(number_font.pointSizeF() * 1.08)
        remark_font = QFont(self.font())
        remark_font.setItalic(True)
        self.table.setRowCount(len(self.rows))
        for r, erratum in enumerate(self.rows):
            self.table.setItem(r, CLAIM, QTableWidgetItem(erratum.claim))
            self.table.setItem(r, WHY, QTableWidgetItem(erratum.why))
            for column, values in ((ARTICLE, erratum.article), (XORGUI, erratum.xorgui)):
                item = QTableWidgetItem("\n".join(value_line(v) for v in values))
                item.setFont(remark_font if is_claim_only(values) else number_font)
                self.table.setItem(r, column, item)
            if erratum.demo is not None:
                self.table.setCellWidget(r, DEMO, self._demo_cell(erratum))
        # a demo changes the session: disabled while an earlier epoch is shown, the reason its tip
        ReadOnlyWhileViewing(controller.travel, self.demo_buttons.values(), parent=self)
        self.resize(900, 520)

    def _demo_cell(self, erratum: Erratum) -> QWidget:
        button = QPushButton("Show me")
        button.setToolTip("Set this up in the main window")
        button.clicked.connect(lambda: self.controller.run_demo(erratum.demo))
        self.demo_buttons[erratum.key] = button
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(PAD, PAD, PAD, PAD)
        box.addWidget(button)
        box.addStretch(1)
        return cell

    def sizeHint(self) -> QSize:
        return QSize(900, 520)

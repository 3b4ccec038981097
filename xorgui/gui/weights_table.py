"""The weights table: every weight layer's matrix as an editable grid, bias column first.

It renders the :class:`Snapshot` carried by ``controller.snapshot_changed`` and forwards what
the user types into a cell to ``controller.edit_weight``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHeaderView, QLabel, QLineEdit, QScrollArea, QSizePolicy,
    QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core import naming
from ..core.numbers import fmt
from ..core.snapshot import Snapshot
from .shown import behind
from .tables import NUMBER_ALIGN, fit_height, row_height


class _WeightDelegate(QStyledItemDelegate):
    """Edits one weight layer's cells: the editor opens with the full-precision value and
    commits through ``controller.edit_weight``."""

    def __init__(self, owner: "WeightsTable", layer: int, parent=None):
        super().__init__(parent)
        self.owner, self.layer = owner, layer
        self.editing: QPersistentModelIndex | None = None
        self.editor: QLineEdit | None = None

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(NUMBER_ALIGN)
        editor.setFrame(False)
        editor.setToolTip("Enter commits, Escape cancels, Tab moves on. "
                          "Accepts 0.5, .5, -1e-3, 0,5 and 1/3")
        self.editing, self.editor = QPersistentModelIndex(index), editor
        return editor

    def setEditorData(self, editor, index):
        # Qt calls this again whenever the cell's data changes; the text being typed is kept.
        if editor.property("loaded"):
            return
        editor.setProperty("loaded", True)
        value = self.owner.shown_value(self.layer, index.row(), index.column())
        editor.setText(repr(value) if value is not None else index.data())
        editor.selectAll()

    def setModelData(self, editor, model, index):
        if not editor.isModified():
            return  # opened and closed without typing: the weight stays what training made it
        self.owner.controller.edit_weight(self.layer, index.row(), index.column(), editor.text())

    def destroyEditor(self, editor, index):
        if editor is self.editor:
            self.editing, self.editor = None, None
        super().destroyEditor(editor, index)
        if index.isValid():
            self.owner.editor_closed(self.layer, index.row(), index.column())

    def is_editing(self, row: int, col: int) -> bool:
        return (self.editing is not None and self.editing.isValid()
                and self.editing.row() == row and self.editing.column() == col)

    def cancel(self) -> None:
        """Close the open editor without committing."""
        if self.editor is not None:
            self.closeEditor.emit(self.editor, QStyledItemDelegate.EndEditHint.RevertModelCache)


class WeightsTable(QWidget):
    """Every weight layer's matrix as an editable grid, bias column first.

    ``tables[l]`` shows ``snapshot.weights[l]``: rows are the units it feeds, columns the
    units it reads (bias first), each cell's tooltip is the weight's name (``W21: X1 → Z2``).
    """

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.tables: list[QTableWidget] = []
        self.captions: list[QLabel] = []
        self.delegates: list[_WeightDelegate] = []
        self._layers: tuple | None = None
        self._snap: Snapshot | None = None  # rendered last
        self._widths_for: int | None = None  # the precision the column widths were made for
        self._shown: list[list[list[str | None]]] = []  # [layer][row][col]: the text each cell shows
        self._stale = False  # a snapshot came while the grid was behind another tab

        self._inner = QWidget()
        self._stack = QVBoxLayout(self._inner)
        self._stack.setContentsMargins(0, 4, 0, 4)  # grids line up with the truth table
        self._stack.setSpacing(4)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the stack scrolls up and down only: a grid too wide for the panel (17 columns into
        # one output) scrolls sideways on its own, so the narrow ones beside it stay whole
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._inner)
        self.scroll_area = scroll
        # only the cells in view are rendered: scrolling brings others into view, and so does a
        # taller panel (the grids have a fixed height: only the scroll area's viewport grows, and
        # at the top the bar's value does not change)
        scroll.verticalScrollBar().valueChanged.connect(self._render_in_view)
        scroll.viewport().installEventFilter(self)
        # the grids laid out anew (a new unit's column): cells come into view while no viewport of
        # theirs is resized (the new column stayed blank until the next change)
        self._inner.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        controller.snapshot_changed.connect(self.render)
        controller.session_replaced.connect(self._on_session_replaced)
        self.render(controller.snapshot)

    # -- structure ------------------------------------------------------------------------
    def _on_session_replaced(self) -> None:
        # an edit in progress belongs to the old session: drop it; the grids are rebuilt by
        # the next render if the shape changed
        for delegate in self.delegates:
            delegate.cancel()

    def _build(self, snap: Snapshot) -> None:
        for delegate in self.delegates:
            delegate.cancel()
        while self._stack.count():
            child = self._stack.takeAt(0).widget()
            if child is not None:
                # hidden now: deleteLater waits for the event loop, and until then the old grids and
                # captions would still paint under the new ones (a 2-3-1's "Z0 Z1 Z2" header behind
                # a 2-8-8-1's first caption)
                child.hide()
                child.deleteLater()
        self.tables, self.captions, self.delegates = [], [], []
        layers = list(snap.layers)
        bold = QFont(self.font())
        bold.setBold(True)
        for l, w in enumerate(snap.weights):
            prefix = naming.weight_prefix(layers, l).rstrip("_")
            src, dst = naming.layer_prefix(layers, l).rstrip("_"), naming.layer_prefix(layers, l + 1).rstrip("_")
            caption = QLabel(f"{prefix}: {src} → {dst}   ({naming.layer_title(layers, l)} → "
                             f"{naming.layer_title(layers, l + 1)})")
            caption.setFont(bold)
            caption.setContentsMargins(4, 2, 0, 0)
            caption.setToolTip(f"Weights from the {naming.layer_title(layers, l)} layer (columns, bias first) "
                               f"into the {naming.layer_title(layers, l + 1)} layer (rows)")
            table = self._make_table(snap, l, w.shape)
            self._stack.addWidget(caption)
            self._stack.addWidget(table)
            self.captions.append(caption)
            self.tables.append(table)
        self._stack.addStretch(1)
        self._shown = [[[None] * w.shape[1] for _ in range(w.shape[0])] for w in snap.weights]
        self._layers = snap.layers
        self._widths_for = None

    def _make_table(self, snap: Snapshot, l: int, shape: tuple[int, int]) -> QTableWidget:
        rows, cols = shape
        table = QTableWidget(rows, cols)
        table.setObjectName(f"weights{l}")
        delegate = _WeightDelegate(self, l, table)
        table.setItemDelegate(delegate)
        self.delegates.append(delegate)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # the sideways bar comes and goes with the panel's width: the grid's height follows
        table.horizontalScrollBar().rangeChanged.connect(lambda *_: table.setFixedHeight(fit_height(table)))
        table.horizontalScrollBar().valueChanged.connect(self._render_in_view)
        table.viewport().installEventFilter(self)  # resized or shown: other cells come into view
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        vheader = table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(row_height(table))
        vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        longest = max((n for names in snap.unit_names[1:] for n in names), key=len)
        vheader.setFixedWidth(table.fontMetrics().horizontalAdvance(longest) + 20)  # columns line up across grids
        k = 1 if snap.has_bias(l + 1) else 0
        sources, targets = snap.unit_names[l], snap.unit_names[l + 1][k:k + rows]
        for c, name in enumerate(sources):
            item = QTableWidgetItem(name)
            item.setToolTip(f"from {name}" + (" (bias, always 1)" if c == 0 else ""))
            table.setHorizontalHeaderItem(c, item)
        for r, name in enumerate(targets):
            item = QTableWidgetItem(name)
            item.setToolTip(f"into {name}")
            table.setVerticalHeaderItem(r, item)
            for c, src in enumerate(sources):
                cell = QTableWidgetItem()
                cell.setTextAlignment(NUMBER_ALIGN)
                cell.setToolTip(f"{snap.weight_names[l][r][c]}: {src} → {name}")
                table.setItem(r, c, cell)
        table.setFixedHeight(fit_height(table))
        return table

    # -- rendering ------------------------------------------------------------------------
    def render(self, snap: Snapshot) -> None:
        """Show ``snap``'s weights: the cells in view (16-16-16 has 544, a few rows of which
        show), the others when they come into view; a cell whose editor is open is left alone.
        Behind another tab the grid is drawn when it is shown."""
        self._snap = snap
        self._stale = behind(self)
        if self._stale:
            return
        if snap.layers != self._layers or len(self.tables) != len(snap.weights):
            self._build(snap)
        if snap.precision != self._widths_for:
            self._fit_widths(snap.precision)
        self._render_in_view()

    def _render_in_view(self) -> None:
        snap = self._snap
        if snap is None or self._stale or snap.layers != self._layers or len(self.tables) != len(snap.weights):
            return
        for l, w in enumerate(snap.weights):
            rows, cols = self._in_view(l)
            delegate, shown, p = self.delegates[l], self._shown[l], snap.precision
            for r in rows:
                for c, value in zip(cols, w[r, cols.start:cols.stop].tolist()):
                    # only cells whose text changed touch Qt (a frame's cells mostly keep theirs)
                    text = fmt(value, p)
                    if shown[r][c] != text and not delegate.is_editing(r, c):
                        self._set_cell(l, r, c, text)

    def _in_view(self, l: int) -> tuple[range, range]:
        """The rows and columns of grid ``l`` on screen; all of them while this table is not
        on screen (built, not shown yet)."""
        table = self.tables[l]
        if not self.isVisible():
            return range(table.rowCount()), range(table.columnCount())
        rect = table.viewport().visibleRegion().boundingRect()
        if rect.isEmpty():
            return range(0), range(0)
        top, bottom = table.rowAt(rect.top()), table.rowAt(rect.bottom())
        left, right = table.columnAt(rect.left()), table.columnAt(rect.right())
        return (range(max(top, 0), table.rowCount() if bottom < 0 else bottom + 1),
                range(max(left, 0), table.columnCount() if right < 0 else right + 1))

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self._render_in_view()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self._snap is not None:
            self.render(self._snap)

    def editor_closed(self, layer: int, row: int, col: int) -> None:
        """Committed, refused or cancelled: the cell, skipped while it was edited, shows the
        snapshot rendered last (the grids were built for it; a new shape rebuilds them anyway)."""
        snap = self._snap
        if snap is not None and snap.layers == self._layers and layer < len(self.tables):
            self._render_cell(snap, layer, row, col)

    def _fit_widths(self, precision: int) -> None:
        """Columns at least as wide as a number like −0.1234 at ``precision`` decimals."""
        for table in self.tables:
            metrics = table.fontMetrics()
            section = metrics.horizontalAdvance("−0." + "0" * precision) + 10
            table.horizontalHeader().setMinimumSectionSize(section)
        self._widths_for = precision

    def _render_cell(self, snap: Snapshot, l: int, r: int, c: int) -> None:
        self._set_cell(l, r, c, fmt(float(snap.weights[l][r, c]), snap.precision))

    def _set_cell(self, l: int, r: int, c: int, text: str) -> None:
        self.tables[l].item(r, c).setText(text)
        self._shown[l][r][c] = text

    def shown_value(self, layer: int, row: int, col: int) -> float | None:
        """The full-precision weight behind a cell (what its editor opens with)."""
        snap = self._snap
        if snap is None or snap.layers != self._layers or layer >= len(snap.weights):
            return None
        return float(snap.weights[layer][row, col])

    def cell_text(self, layer: int, row: int, col: int) -> str:
        """What the cell for ``weights[layer][row, col]`` shows now (a cell out of view may show
        an older number, or nothing, until it is brought into view)."""
        return self.tables[layer].item(row, col).text()

    def editor(self, layer: int) -> QLineEdit | None:
        """The editor open in layer ``layer``'s grid, if any."""
        return self.delegates[layer].editor

"""The truth table (one row per sample) and the weights table (one editable grid per layer).

Both render the :class:`Snapshot` carried by ``controller.snapshot_changed`` and forward
what the user does (select a sample, type a weight) to the controller.
"""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHeaderView, QLabel, QLineEdit, QScrollArea, QSizePolicy,
    QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core import accuracy, naming
from ..core.numbers import fmt
from ..core.practice import Hidden
from ..core.snapshot import Snapshot
from .data_editor import DataDelegate, add_row_actions

NUMBER_ALIGN = Qt.AlignmentFlag.AlignCenter  # stretched columns: centred under their headers
MAX_UNSCROLLED_ROWS = 16
QWIDGETSIZE_MAX = (1 << 24) - 1
NEXT_MARK = "▶"
NEXT_TIP = "next Step uses this sample"
OK_MARK, WRONG_MARK = "✔", "✘"
SHOWN_ROLE = Qt.ItemDataRole.UserRole + 1  # "value@precision" a weight cell shows
OK_COLOR, WRONG_COLOR = QColor("#2f9e44"), QColor("#d9480f")
HIDDEN_VALUE = "?"  # in place of a value an open practice question asks for
HIDDEN_TIP = "Hidden while practice asks you for this sample's prediction"


def _row_height(widget: QWidget) -> int:
    return widget.fontMetrics().height() + 10


def _set_text(item: QTableWidgetItem, text: str) -> None:
    if item.text() != text:  # an unchanged cell is not repainted
        item.setText(text)


def _fit_height(table: QTableWidget) -> int:
    """Height that shows every row and the header (and the sideways scroll bar, if the grid
    is wider than its room) without a vertical scroll bar."""
    h = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    h += sum(table.rowHeight(r) for r in range(table.rowCount()))
    bar = table.horizontalScrollBar()
    if bar.maximum() > bar.minimum() and table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        h += bar.sizeHint().height()
    return h


class TruthTable(QTableWidget):
    """Inputs, targets, predictions, per-sample loss and ``ok`` for every sample.

    Clicking a row selects that sample (``controller.select_sample``); the row of
    ``snapshot.selected`` is shown selected and the vertical header marks the sample the next
    Step uses (``▶``). Samples are numbered from 0, as everywhere in the program.
    """

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._shape: tuple | None = None
        self._next: int | None = None
        # inputs and targets are editable (gui/data_editor.py), through the controller
        self.setItemDelegate(DataDelegate(controller, self))
        self.add_action, self.remove_action = add_row_actions(self, controller)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip("Click a row to show that sample in the diagram; double-click an input or a "
                        "target to edit it, right-click to add or remove a sample")
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        vheader = self.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(_row_height(self))
        vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        vheader.setHighlightSections(True)
        vheader.setMinimumWidth(self.fontMetrics().horizontalAdvance(f"{NEXT_MARK} 00") + 16)
        self._hidden = Hidden()  # the sample whose ŷ, ok and loss an open practice question hides
        self._snap: Snapshot | None = None
        self.itemSelectionChanged.connect(self._on_selection_changed)
        # a long table renders the rows in view: scrolling shows others
        self.verticalScrollBar().valueChanged.connect(lambda _: self._snap is not None and self.render(self._snap))
        controller.snapshot_changed.connect(self.render)
        controller.walk_changed.connect(self.show_lesson)
        self.render(controller.snapshot)

    # -- layout -------------------------------------------------------------------------
    @staticmethod
    def column_titles(snap: Snapshot) -> list[str]:
        """X1, X2, …, the target(s), the prediction(s), ``ok`` and ``loss``."""
        inputs = list(snap.unit_names[0][1:])
        outputs = snap.unit_names[-1]
        if len(outputs) == 1:
            return inputs + ["y", "ŷ", "ok", "loss"]
        return inputs + [f"y({o})" for o in outputs] + [f"ŷ({o})" for o in outputs] + ["ok", "loss"]

    def _build(self, snap: Snapshot) -> None:
        n, n_in, n_out = len(snap.inputs), len(snap.unit_names[0]) - 1, len(snap.unit_names[-1])
        titles = self.column_titles(snap)
        self.clear()
        self.setRowCount(n)
        self.setColumnCount(len(titles))
        outputs = snap.unit_names[-1]
        tips = ([f"input {x}" for x in snap.unit_names[0][1:]]
                + [f"target for output {o}" for o in outputs]
                + [f"prediction: the output {o} for this sample" for o in outputs]
                + [f"{OK_MARK} when every rounded prediction equals its target",
                   "loss of this sample with the current weights"])
        for c, (title, tip) in enumerate(zip(titles, tips)):
            item = QTableWidgetItem(title)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(c, item)
        self._shape = (n, n_in, n_out, snap.unit_names[0], snap.unit_names[-1])
        for r in range(n if n <= MAX_UNSCROLLED_ROWS else 0):  # a long table makes rows when shown
            self._make_row(r)
        # predictions and losses take the width their numbers need at any precision (never
        # "9.498e…"); the inputs, targets and ok share what is left. Measuring costs a pass over
        # every row at each change: a long table shares its width evenly instead.
        header = self.horizontalHeader()
        for c, title in enumerate(titles):
            measured = (title.startswith("ŷ") or title == "loss") and n <= MAX_UNSCROLLED_ROWS
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents if measured
                                        else QHeaderView.ResizeMode.Stretch)
        self._next = None
        # a few samples: never taller than its rows, so a splitter gives the spare room to others
        self.setMaximumHeight(_fit_height(self) + 2 if n <= MAX_UNSCROLLED_ROWS else QWIDGETSIZE_MAX)
        self.updateGeometry()

    def _make_row(self, r: int) -> None:
        n_in, n_out = self._shape[1], self._shape[2]
        self.setVerticalHeaderItem(r, QTableWidgetItem(str(r)))
        for c in range(self.columnCount()):
            item = QTableWidgetItem()
            editable = Qt.ItemFlag.ItemIsEditable if c < n_in + n_out else Qt.ItemFlag.NoItemFlags
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | editable)
            item.setTextAlignment(NUMBER_ALIGN)
            if c == n_in + 2 * n_out:  # ok
                item.setFont(self._bold)
            self.setItem(r, c, item)

    def _shown_rows(self, n: int) -> range:
        """Every row of a short table; of a long one (up to 10,000 samples) the rows in view,
        so that a frame costs the same for 20 samples or 10,000."""
        if n <= MAX_UNSCROLLED_ROWS:
            return range(n)
        top = max(0, self.rowAt(0))
        bottom = self.rowAt(self.viewport().height() - 1)
        last = top + 100 if bottom < 0 else bottom  # below the last row, or not laid out yet
        return range(top, min(n, last + 2))

    # -- rendering ------------------------------------------------------------------------
    def show_lesson(self, lesson) -> None:
        """While practice asks for a sample's prediction, its ŷ, ok and loss show "?"."""
        if lesson.hidden != self._hidden:
            self._hidden = lesson.hidden
            if self._snap is not None:
                self.render(self._snap)

    def render(self, snap: Snapshot) -> None:
        self._snap = snap
        shape = (len(snap.inputs), len(snap.unit_names[0]) - 1, len(snap.unit_names[-1]),
                 snap.unit_names[0], snap.unit_names[-1])
        with QSignalBlocker(self):  # showing the selected sample must not select it again
            self._render(snap, shape)

    def _render(self, snap: Snapshot, shape: tuple) -> None:
        if shape != self._shape:
            self._build(snap)
        p = snap.precision
        n_in, n_out = shape[1], shape[2]
        ok_col = n_in + 2 * n_out
        correct = snap.correct
        rows = self._shown_rows(shape[0])
        for r in rows:
            if self.item(r, 0) is None:
                self._make_row(r)
            values = list(snap.inputs[r]) + list(snap.targets[r]) + list(snap.predictions[r])
            for c, v in enumerate(values):
                _set_text(self.item(r, c), fmt(v, p))
            ok = self.item(r, ok_col)
            if self._hidden.hides_prediction(r):  # each of these would give ŷ away
                for c in [*range(n_in + n_out, ok_col), ok_col, ok_col + 1]:
                    _set_text(self.item(r, c), HIDDEN_VALUE)
                ok.setToolTip(HIDDEN_TIP)
                continue
            if ok.text() != (OK_MARK if correct[r] else WRONG_MARK):
                ok.setText(OK_MARK if correct[r] else WRONG_MARK)
                ok.setForeground(OK_COLOR if correct[r] else WRONG_COLOR)
                ok.setToolTip(accuracy.RULE)
            _set_text(self.item(r, ok_col + 1), fmt(snap.sample_losses[r], p))
        if snap.next_sample != self._next or shape[0] > MAX_UNSCROLLED_ROWS:
            for r in rows:
                head = self.verticalHeaderItem(r)
                head.setText(f"{NEXT_MARK} {r}" if r == snap.next_sample else str(r))
                head.setToolTip(NEXT_TIP if r == snap.next_sample else f"sample {r}")
            self._next = snap.next_sample
        if self.currentRow() != snap.selected or not self.selectionModel().isRowSelected(snap.selected):
            self.selectRow(snap.selected)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._snap is not None and self._shape and self._shape[0] > MAX_UNSCROLLED_ROWS:
            self.render(self._snap)  # rows that came into view

    def _on_selection_changed(self) -> None:
        rows = self.selectionModel().selectedRows()
        if rows:
            self.controller.select_sample(rows[0].row())
        else:  # a click outside the rows must not leave the shown sample unmarked
            self.render(self.controller.snapshot)

    def sizeHint(self):
        hint = super().sizeHint()
        if self.rowCount() <= MAX_UNSCROLLED_ROWS:
            hint.setHeight(_fit_height(self))
        else:  # summing 10,000 row heights on every layout pass cost half a second a frame
            hint.setHeight(self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                           + MAX_UNSCROLLED_ROWS * self.verticalHeader().defaultSectionSize())
        return hint


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
        value = index.data(Qt.ItemDataRole.UserRole)
        editor.setText(repr(float(value)) if value is not None else index.data())
        editor.selectAll()

    def setModelData(self, editor, model, index):
        if not editor.isModified():
            return  # opened and closed without typing: the weight stays what training made it
        self.owner.controller.edit_weight(self.layer, index.row(), index.column(), editor.text())

    def destroyEditor(self, editor, index):
        if editor is self.editor:
            self.editing, self.editor = None, None
        super().destroyEditor(editor, index)
        # committed, refused or cancelled: the cell, skipped while it was edited, shows the model
        if index.isValid() and self.layer < len(self.owner.tables):
            self.owner._render_cell(self.owner.controller.snapshot, self.layer, index.row(), index.column())

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
        self._widths_for: int | None = None  # the precision the column widths were made for

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
        table.horizontalScrollBar().rangeChanged.connect(lambda *_: table.setFixedHeight(_fit_height(table)))
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        vheader = table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(_row_height(table))
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
        table.setFixedHeight(_fit_height(table))
        return table

    # -- rendering ------------------------------------------------------------------------
    def render(self, snap: Snapshot) -> None:
        """Show ``snap``'s weights; a cell whose editor is open is left alone."""
        if snap.layers != self._layers or len(self.tables) != len(snap.weights):
            self._build(snap)
        if snap.precision != self._widths_for:
            self._fit_widths(snap.precision)
        for l, w in enumerate(snap.weights):
            delegate = self.delegates[l]
            for r in range(w.shape[0]):
                for c in range(w.shape[1]):
                    if not delegate.is_editing(r, c):
                        self._render_cell(snap, l, r, c)

    def _fit_widths(self, precision: int) -> None:
        """Columns at least as wide as a number like −0.1234 at ``precision`` decimals."""
        for table in self.tables:
            metrics = table.fontMetrics()
            section = metrics.horizontalAdvance("−0." + "0" * precision) + 10
            table.horizontalHeader().setMinimumSectionSize(section)
        self._widths_for = precision

    def _render_cell(self, snap: Snapshot, l: int, r: int, c: int) -> None:
        value = float(snap.weights[l][r, c])
        item = self.tables[l].item(r, c)
        shown = f"{value!r}@{snap.precision}"
        if item.data(SHOWN_ROLE) != shown:
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setData(SHOWN_ROLE, shown)
            _set_text(item, fmt(value, snap.precision))

    def cell_text(self, layer: int, row: int, col: int) -> str:
        """What the cell for ``weights[layer][row, col]`` shows."""
        return self.tables[layer].item(row, col).text()

    def editor(self, layer: int) -> QLineEdit | None:
        """The editor open in layer ``layer``'s grid, if any."""
        return self.delegates[layer].editor

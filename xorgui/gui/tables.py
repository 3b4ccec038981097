"""The truth table (one row per sample), and what it shares with the weights table
(``gui/weights_table.py``): cell alignment, row height, fitting a grid's height.

It renders the :class:`Snapshot` carried by ``controller.snapshot_changed`` and forwards what
the user does (select a sample, edit the data) to the controller.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableWidget, QTableWidgetItem, QWidget

from ..core import accuracy
from ..core.accuracy import OK_MARK, WRONG_MARK
from ..core.activations import reach
from ..core.numbers import fmt
from ..core.hidden import Hidden
from ..core.snapshot import Snapshot
from .data_editor import DataDelegate, add_row_actions

NUMBER_ALIGN = Qt.AlignmentFlag.AlignCenter  # stretched columns: centred under their headers
MAX_UNSCROLLED_ROWS = 16
QWIDGETSIZE_MAX = (1 << 24) - 1
NEXT_MARK = "▶"
NEXT_TIP = "next Step uses this sample"
OK_COLOR, WRONG_COLOR = QColor("#2f9e44"), QColor("#d9480f")
HIDDEN_VALUE = "?"  # in place of a value an open practice question asks for
HIDDEN_TIP = "Hidden while practice asks you for this sample's prediction"


def row_height(widget: QWidget) -> int:
    return widget.fontMetrics().height() + 10


def set_text(item: QTableWidgetItem, text: str) -> None:
    if item.text() != text:  # an unchanged cell is not repainted
        item.setText(text)


def widest_texts(columns: np.ndarray, precision: int, whole: bool = True) -> list[list[str]]:
    """For each column of ``columns`` (rows × columns), texts at least as wide as any ``fmt`` gives
    a value of its range at ``precision``, for the caller to measure in its font: a long table's
    column takes the widest, from a few passes over the array instead of a text per row.
    ``whole``: columns of whole numbers get their own narrower texts (skipped when redone each frame)."""
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(columns)
        lows = np.where(finite, columns, np.inf).min(axis=0, initial=np.inf)
        highs = np.where(finite, columns, -np.inf).max(axis=0, initial=-np.inf)
        smallest = np.where(finite & (columns != 0), np.abs(columns), np.inf).min(axis=0, initial=np.inf)
        integral = (np.all(~finite | (columns == np.round(columns)), axis=0) if whole
                    else np.zeros(columns.shape[1], dtype=bool))
    return [range_texts(lo, hi, precision, tiny < 10.0 ** -precision, not is_whole)
            for lo, hi, tiny, is_whole in zip(lows.tolist(), highs.tolist(), smallest.tolist(), integral.tolist())]


def range_texts(lo: float, hi: float, precision: int, tiny: bool = True, fraction: bool = True) -> list[str]:
    """Texts as wide as the widest ``fmt`` gives a value between ``lo`` and ``hi`` (``tiny``: some
    nearer to 0 than the precision shows, written "−1.234e−5"; ``fraction``: not whole numbers)."""
    if lo > hi:
        return ["NaN", "−∞"]  # no finite value
    sign = "−" if lo < 0 else ""
    texts = [fmt(lo, precision), fmt(hi, precision)]  # whole numbers, and the large ones in e-notation
    if tiny:
        texts.append(sign + "8." + "8" * max(precision - 1, 1) + "e−88")
    if fraction:  # "−0.9945": the digits before the point (fmt writes at most 9), and every decimal
        texts.append(sign + "8" * len(str(int(min(max(abs(lo), abs(hi), 1.0), 999_999_999)))) + "." + "8" * precision)
    return texts


def fit_height(table: QTableWidget) -> int:
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
        vheader.setDefaultSectionSize(row_height(self))
        vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        vheader.setHighlightSections(True)
        vheader.setMinimumWidth(self.fontMetrics().horizontalAdvance(f"{NEXT_MARK} 00") + 16)
        self._hidden = Hidden()  # the sample whose ŷ, ok and loss an open practice question hides
        self._snap: Snapshot | None = None
        self._widths_for = None
        self.itemSelectionChanged.connect(self._on_selection_changed)
        # a long table renders the rows and columns in view: scrolling shows others
        self.verticalScrollBar().valueChanged.connect(lambda _: self._snap is not None and self.render(self._snap))
        self.horizontalScrollBar().valueChanged.connect(lambda _: self._snap is not None and self.render(self._snap))
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
        # a stretched column never narrower than its title: at 1024×700 the half adder's "y(D0)" read
        # "/(D0" beside predictions like 1.76655e−64 (a scroll bar then takes the overflow)
        stretched = [t for t in titles if not (t.startswith("ŷ") or t == "loss")]
        margins = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 2
        header.setMinimumSectionSize(max(self.fontMetrics().horizontalAdvance(t) for t in stretched) + margins)
        for c, title in enumerate(titles):
            measured = (title.startswith("ŷ") or title == "loss") and n <= MAX_UNSCROLLED_ROWS
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents if measured
                                        else QHeaderView.ResizeMode.Stretch if n <= MAX_UNSCROLLED_ROWS
                                        else QHeaderView.ResizeMode.Interactive)
        self._widths_for = None  # what a long table's column widths were fitted to
        self._next = None
        # a few samples: never taller than its rows, so a splitter gives the spare room to others
        self.setMaximumHeight(fit_height(self) + 2 if n <= MAX_UNSCROLLED_ROWS else QWIDGETSIZE_MAX)
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

    def _fit_columns(self, snap: Snapshot, n_in: int, n_out: int) -> None:
        """A long table's columns as wide as their numbers can be (shared evenly, 16 inputs and 16
        outputs left "0…" in every cell), from ranges, not from 10,000 texts: the data's; the
        predictions' from the output's reach (sigmoid, tanh) or, unbounded, from their values, as the
        losses', which are only ever widened as training changes them."""
        p, (low, high) = snap.precision, reach(snap.activations[-1])
        bounded = bool(np.isfinite(low) and np.isfinite(high))
        moving = [snap.sample_losses[:, None]] + ([] if bounded else [snap.predictions])
        grown = [texts for block in moving for texts in widest_texts(block, p, whole=False)]
        loss_texts, prediction_texts = grown[0], grown[1:]
        key = (p, id(snap.inputs), id(snap.targets), snap.activations[-1], self.viewport().width())
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        titles = [self.horizontalHeaderItem(c).text() for c in range(n_in + 2 * n_out + 2)]
        width = lambda c, texts: max(metrics.horizontalAdvance(t) for t in [titles[c], *texts]) + 14  # noqa: E731
        loss = n_in + 2 * n_out + 1
        if key != self._widths_for:
            self._widths_for = key
            data = widest_texts(np.hstack([snap.inputs, snap.targets]), p)
            predictions = [range_texts(low, high, p, low <= 0 <= high)] * n_out if bounded else prediction_texts
            widths = [width(c, texts) for c, texts in enumerate([*data, *predictions, [OK_MARK], loss_texts])]
            spare = max(0, self.viewport().width() - sum(widths)) // len(widths)  # few columns fill the width
            for c, w in enumerate(widths):
                header.resizeSection(c, w + spare)
            return
        for c, texts in [(loss, loss_texts), *((n_in + n_out + o, t) for o, t in enumerate(prediction_texts))]:
            if width(c, texts) > header.sectionSize(c):
                header.resizeSection(c, width(c, texts))

    def _shown_rows(self, n: int) -> range:
        """Every row of a short table; of a long one (up to 10,000 samples) the rows in view,
        so that a frame costs the same for 20 samples or 10,000."""
        if n <= MAX_UNSCROLLED_ROWS:
            return range(n)
        top = max(0, self.rowAt(0))
        bottom = self.rowAt(self.viewport().height() - 1)
        last = top + 100 if bottom < 0 else bottom  # below the last row, or not laid out yet
        return range(top, min(n, last + 2))

    def _shown_columns(self, n: int, columns: int) -> range:
        """Every column of a short table; of a long one the columns in view (16 inputs and 16
        outputs make 50 columns, of which a dozen show)."""
        if n <= MAX_UNSCROLLED_ROWS:
            return range(columns)
        left = max(0, self.columnAt(0))
        right = self.columnAt(self.viewport().width() - 1)
        return range(left, columns if right < 0 else min(columns, right + 1))

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
        if shape[0] > MAX_UNSCROLLED_ROWS:
            self._fit_columns(snap, n_in, n_out)
        rows, cols = self._shown_rows(shape[0]), self._shown_columns(shape[0], ok_col + 2)
        numbers = range(cols.start, min(cols.stop, ok_col))  # inputs, targets, predictions
        for r in rows:
            if self.item(r, 0) is None:
                self._make_row(r)
            values = np.concatenate((snap.inputs[r], snap.targets[r], snap.predictions[r])).tolist()
            for c in numbers:
                set_text(self.item(r, c), fmt(values[c], p))
            ok = self.item(r, ok_col) if ok_col in cols else None
            if self._hidden.hides_prediction(r):  # each of these would give ŷ away
                for c in [*range(n_in + n_out, ok_col), ok_col, ok_col + 1]:
                    if c in cols:
                        set_text(self.item(r, c), HIDDEN_VALUE)
                if ok is not None:
                    ok.setToolTip(HIDDEN_TIP)
                continue
            if ok is not None and ok.text() != (OK_MARK if correct[r] else WRONG_MARK):
                ok.setText(OK_MARK if correct[r] else WRONG_MARK)
                ok.setForeground(OK_COLOR if correct[r] else WRONG_COLOR)
                ok.setToolTip(accuracy.RULE)
            if ok_col + 1 in cols:
                set_text(self.item(r, ok_col + 1), fmt(snap.sample_losses[r], p))
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
            hint.setHeight(fit_height(self))
        else:  # summing 10,000 row heights on every layout pass cost half a second a frame
            hint.setHeight(self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                           + MAX_UNSCROLLED_ROWS * self.verticalHeader().defaultSectionSize())
        return hint

"""The lottery window's parts: a histogram plot and the table model of the runs.

Both only render the :class:`~xorgui.core.lottery_report.LotteryResult` they are given.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.lottery_report import LABELS, LotteryResult, RunOutcome
from ..core.numbers import significant
from .plots import plot_widget

SORT_ROLE = Qt.ItemDataRole.UserRole  # the number a column sorts by


class _PowerAxis(pg.AxisItem):
    """An axis over log10(x) labelled with x itself at the powers of ten: 0.001, 0.01, 0.1."""

    def tickStrings(self, values, scale, spacing):
        return [f"{10.0 ** round(v):g}" if abs(v - round(v)) < 1e-9 else "" for v in values]


class Histogram(QWidget):
    """Bars over bins: ``show(edges, counts)``; ``log_x`` labels a log10 axis with powers of ten."""

    def __init__(self, x_label: str, log_x: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        axis = {"bottom": _PowerAxis("bottom")} if log_x else {}
        self.plot_widget = plot_widget(self, axisItems=axis)
        self.plot_widget.setMinimumSize(220, 150)
        item = self.plot_widget.getPlotItem()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.setLabel("bottom", x_label)
        item.setLabel("left", "runs")
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        item.addItem(self.bars)
        self.note = QLabel(self)  # instead of an empty plot: why it is empty
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setMinimumSize(220, 150)
        self.note.setFrameShape(QLabel.Shape.StyledPanel)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)
        layout.addWidget(self.note)
        self.edges, self.counts = np.zeros(0), np.zeros(0, dtype=np.int64)
        self._apply_palette()

    def show_bins(self, edges: np.ndarray, counts: np.ndarray, empty: str = "") -> None:
        """Draw the bars; ``empty``: a sentence shown instead of the plot when no run is counted."""
        self.edges, self.counts = np.asarray(edges, float), np.asarray(counts)
        explained = bool(empty) and not self.counts.sum()
        self.note.setText(empty if explained else "")
        self.note.setVisible(explained)
        self.plot_widget.setVisible(not explained)
        self.bars.setOpts(x0=self.edges[:-1], x1=self.edges[1:], height=self.counts)
        item = self.plot_widget.getPlotItem()
        if self.edges.size:
            item.setXRange(self.edges[0], self.edges[-1], padding=0.02)
        item.setYRange(0, max(1, int(self.counts.max(initial=0))), padding=0.05)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._apply_palette()

    def _apply_palette(self) -> None:
        pal = self.palette()
        bg, fg = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        dark = bg.lightnessF() < 0.5
        self.plot_widget.setBackground(bg)
        item = self.plot_widget.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
            axis.setStyle(tickFont=self.font())
            axis.label.setFont(self.font())
        fill = QColor("#5aa9e6" if dark else "#1f5fa8")
        self.bars.setOpts(brush=pg.mkBrush(fill), pen=pg.mkPen(bg, width=1))


COLUMNS = ("Seed", "Solved", "Epochs to solve", "Final loss", "Diagnosis")


class RunsModel(QAbstractTableModel):
    """One row per run of a result; sorts by the numbers (SORT_ROLE), shows them formatted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.runs: tuple[RunOutcome, ...] = ()

    def show_result(self, result: LotteryResult | None) -> None:
        self.beginResetModel()
        self.runs = result.runs if result else ()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        run, col = self.runs[index.row()], index.column()
        if role == SORT_ROLE:
            loss = run.final_loss if math.isfinite(run.final_loss) else math.inf
            return (run.seed, int(run.solved), run.epochs_to_solve if run.solved else math.inf, loss,
                    LABELS.get(run.diagnosis, run.diagnosis))[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(run.seed), "yes" if run.solved else "no",
                    f"{run.epochs_to_solve:,}" if run.solved else "—", significant(run.final_loss),
                    LABELS.get(run.diagnosis, run.diagnosis))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def seed(self, row: int) -> int:
        return self.runs[row].seed

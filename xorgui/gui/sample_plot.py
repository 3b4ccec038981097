"""The per-pattern plot: each sample's loss per epoch, so a stuck pattern stands out.

It draws the SampleCurves that ``samples_changed`` carries, only while it is on screen (a
hidden tab costs nothing), and draws the samples a "stuck" finding names (``Finding.samples``)
with thick lines. Hovering reads every sample's loss at that epoch. Data of more samples than
lines can tell apart has no per-epoch record: the plot then shows each sample's loss now (the
snapshot's), worst first, and says so.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSizePolicy, QVBoxLayout, QWidget)

from ..core.diagnostics import Kind
from ..core.hidden import NOTE, Hidden
from ..core.naming import epoch_place
from ..core.numbers import fmt
from ..core.sample_curves import Ranking, SampleCurves
from ..core.sample_history import MAX_TRACKED
from ..core.snapshot import Snapshot
from .lossplot import HOVER_RATE
from .plots import EpochAxis, LossAxis, plot_widget
from .viewed_epoch import ViewedEpochLine
from ..core.naming import epoch_number

DOT_PX, RING_PX = 7, 5  # a sample's epoch-0 dot, and how much larger it is per later dot on it


def _swatch(color: QColor, thick: bool) -> QIcon:
    """A short stroke of a line's colour (thicker for a stuck sample's) for the legend."""
    pixmap = QPixmap(22, 10)
    pixmap.fill(QColor(0, 0, 0, 0))
    height = 5 if thick else 2
    painter = QPainter(pixmap)
    painter.fillRect(0, (10 - height) // 2, 22, height, color)
    painter.end()
    return QIcon(pixmap)


class SamplePlot(QWidget):
    """One line per sample; ``lines[j]`` is sample ``j``'s curve item; ``legend`` names them
    beside the plot, where it hides no curve."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._samples: SampleCurves = controller.sample_curves
        self._snapshot: Snapshot = controller.snapshot
        self._stale = True  # handed new curves while hidden
        self._hover: int | None = None  # the epoch (or, ranked, the rank) under the mouse
        self.lines: list[pg.PlotDataItem] = []
        self.ranking: Ranking | None = None  # what the profile shows (data of many samples)
        self._hidden = Hidden()  # what practice hides (core.hidden): a sample's loss now, its line
        self.readout = QLabel(self)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setWordWrap(True)
        # the wrapped lines keep their height: the plot, not the text, gives way when room is short
        self.readout.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.log_box = QCheckBox("log y", self)
        self.log_box.setToolTip("Logarithmic loss axis: a fitted sample's loss keeps falling towards 0")
        self.log_box.toggled.connect(lambda on: self.plot_widget.getPlotItem().setLogMode(False, on))
        self.plot_widget = plot_widget(self, axisItems={"bottom": EpochAxis("bottom"), "left": LossAxis("left")})
        self.plot_widget.setMinimumSize(200, 80)
        item = self.plot_widget.getPlotItem()
        item.setMenuEnabled(False, True)
        item.getViewBox().setLimits(xMin=-1, minXRange=4)
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "sample loss")  # short: the axis is ~100 px tall at 1024×700
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)
        self.profile = item.plot()  # many samples: each one's loss now, worst first
        self.profile.setPen(pg.mkPen(self.palette().color(QPalette.ColorRole.Highlight), width=2))
        self.profile.hide()
        self.viewed_line = ViewedEpochLine(item, controller.travel)  # the epoch the timeline shows, as on Loss
        self.viewed_line.set_color(self.palette().color(QPalette.ColorRole.Highlight))
        self._read_at: int | None = None  # the viewed epoch the read-out was last written for
        self.legend = QListWidget(self)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend.setFrameShape(QListWidget.Shape.NoFrame)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.legend.setMinimumHeight(40)
        self._legend_w = 0  # its longest entry's width
        self.legend.hide()
        self._proxy = pg.SignalProxy(self.plot_widget.scene().sigMouseMoved, rateLimit=HOVER_RATE,
                                     slot=self._on_mouse_moved)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.readout, 1)
        top.addWidget(self.log_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.plot_widget, 1)
        body.addWidget(self.legend)
        layout.addLayout(body, 1)
        pal = self.palette()
        self.plot_widget.setBackground(pal.color(QPalette.ColorRole.Base))
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pal.color(QPalette.ColorRole.Text))
            axis.setTextPen(pal.color(QPalette.ColorRole.Text))
        controller.samples_changed.connect(self.show_samples)
        controller.snapshot_changed.connect(self._on_snapshot)
        controller.walk_changed.connect(self.show_lesson)
        self._restyle = False  # the stuck samples changed while hidden
        self.refresh()
        self.show_lesson(controller.lesson)  # made while a walk is open (a lazy tab): hide what it asks

    # -- what the controller hands over ------------------------------------------------------
    def show_samples(self, samples: SampleCurves) -> None:
        self._samples, self._stale = samples, True
        if not samples.ranked:  # other data (4 samples after 200): a ranking of the old ones is no more
            self.ranking, self._hover = None, None
        if self.isVisible():
            self.refresh()

    def _on_snapshot(self, snap: Snapshot) -> None:
        old, self._snapshot = self._snapshot, snap
        if self._stuck(snap) != self._stuck(old):
            if self.isVisible():
                self._style_lines()
            else:
                self._restyle = True  # restyled when shown (a session opened behind another tab)
        if self._samples.ranked:  # the ranking is drawn (and read out) when shown, of the data then
            if self.isVisible():
                self._draw_ranking()
        elif (snap.precision != old.precision or snap.read_only or self._read_at is not None
              or snap.cursor or old.cursor):
            # its losses at the decimals the truth table now shows, of the epoch the timeline shows, or
            # now in the middle of an epoch
            self._update_readout()

    def show_lesson(self, lesson) -> None:
        """Practice hides what ``lesson.hidden`` says: a sample's line and loss now
        (``Hidden.hides_sample_line``: the read-out's "?"), for data of many samples the whole
        ranking (``Hidden.hides_sample_losses``): they would give the asked ŷ away."""
        if lesson.hidden != self._hidden:
            self._hidden, self.ranking = lesson.hidden, None
            self._show_lines()
            if not self._samples.ranked:
                self._update_readout()
                return
            if self.isVisible():
                self._draw_ranking()
            else:
                self._stale = True  # the walkthrough tab is in front now: redrawn when shown

    def _fit_legend(self) -> None:
        """As wide as its longest entry, at most 2/5 of the pane (longer entries end in "…")."""
        self.legend.setFixedWidth(max(0, min(self._legend_w, self.width() * 2 // 5)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if self._restyle:
            self._style_lines()

    @staticmethod
    def _stuck(snap: Snapshot) -> tuple[int, ...]:
        return tuple(j for f in snap.findings if f.kind == Kind.STUCK_SAMPLE for j in f.samples)

    # -- drawing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Put the curves last handed over into the lines (one per sample)."""
        self._stale = False
        s, item = self._samples, self.plot_widget.getPlotItem()
        names = [f"sample {label}" for label in s.labels]
        if names != self.legend_names():
            for line in self.lines:
                item.removeItem(line)
            self.legend.clear()
            self.lines = []
            for name in names:
                self.legend.addItem(QListWidgetItem(name))
                line = item.plot()
                line.setDownsampling(auto=True, method="peak")
                line.setClipToView(True)
                self.lines.append(line)
            self._style_lines()
            self._legend_w = self.legend.sizeHintForColumn(0) + 2 * self.legend.frameWidth() + 6
            self._fit_legend()
        self.legend.setVisible(bool(names))
        curves = s.curves if s.labels else ()
        data = []
        for curve in curves:
            x, y = curve.x, curve.y
            if curve.start is not None:  # the loss at epoch ``start``: the line's first point
                x, y = np.concatenate(([0.0], x)), np.concatenate(([curve.start], y))
            data.append((x, y))
        dots = [(float(x[0]), float(y[0])) if len(x) == 1 else None for x, y in data]
        for j, (line, (x, y)) in enumerate(zip(self.lines, data)):
            # one point: a dot, larger by a ring for each later sample's dot at the same place,
            # drawn over it (the article's samples 1 and 2 start at 18: one dot hid the other)
            under = sum(dot == dots[j] for dot in dots[j + 1:]) if dots[j] else 0
            line.setData(x, y, symbol="o" if dots[j] else None, symbolSize=DOT_PX + RING_PX * under)
            line.setPos(s.start, 0)
        self._show_lines()
        if s.ranked != (self.ranking is not None):
            self._hover = None  # an epoch and a rank are different things
        item.setLabel("bottom", "samples, worst first" if s.ranked else "epoch")
        self.profile.setVisible(s.ranked)
        if s.ranked:
            self._draw_ranking()
        else:
            self.ranking = None
            self._update_readout()

    def _draw_ranking(self) -> None:
        """Each sample's loss in the latest snapshot, worst first (data of many samples)."""
        if self._hidden.hides_sample_losses:
            self.ranking = None
            self.profile.setData([], [])
            self.readout.setText(f"Each sample's loss now is hidden while practice asks for sample "
                                 f"{self._hidden.sample}'s prediction: it would give the answer away.")
            return
        losses = self._snapshot.sample_losses
        if self.ranking is not None and len(self.ranking.order) == len(losses) and np.array_equal(
                self.ranking.losses, losses[self.ranking.order], equal_nan=True):
            return  # the same losses: a new selection or precision
        self.ranking = Ranking(losses)
        self.profile.setData(np.arange(1, len(losses) + 1, dtype=np.float64), self.ranking.losses,
                             connect="finite")
        self._update_readout()

    def _show_lines(self) -> None:
        """Every sample's line but the one practice asks the prediction of: its end is its loss now."""
        for j, line in enumerate(self.lines):
            line.setVisible(not self._hidden.hides_sample_line(j))

    def shown_lines(self) -> list[int]:
        """The samples whose lines are drawn."""
        return [j for j, line in enumerate(self.lines) if line.isVisible()]

    def _style_lines(self) -> None:
        self._restyle = False
        stuck = set(self._stuck(self._snapshot))
        n = max(len(self.lines), 1)
        for j, line in enumerate(self.lines):
            color = pg.intColor(j, hues=max(n, 4), values=1, maxValue=220, sat=200)
            line.setPen(pg.mkPen(color, width=4 if j in stuck else 1.5))
            line.setSymbolBrush(color)  # an epoch-0 dot in the sample's colour (they were all pyqtgraph's navy)
            line.setSymbolPen(color)
            line.setZValue(1 if j in stuck else 0)
            self.legend.item(j).setIcon(_swatch(color, j in stuck))

    def legend_names(self) -> list[str]:
        """The legend's entries, one per line, in order."""
        return [self.legend.item(j).text() for j in range(self.legend.count())]

    def line_data(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, losses) as given to sample ``j``'s line, epochs absolute."""
        x, y = self.lines[j].getOriginalDataset()
        return (np.empty(0), np.empty(0)) if x is None else (x + self._samples.start, y)

    def stuck_lines(self) -> list[int]:
        """The samples drawn thick: those a stuck finding names."""
        return [j for j, line in enumerate(self.lines) if line.opts["pen"].widthF() > 2]

    def _on_mouse_moved(self, args) -> None:
        vb = self.plot_widget.getPlotItem().getViewBox()
        s = self._samples
        if self.ranking is not None and vb.sceneBoundingRect().contains(args[0]):
            x = round(vb.mapSceneToView(args[0]).x())
            self._hover = int(min(max(x, 1), len(self.ranking.order))) - 1  # the rank, 0 = worst
        elif s.why_empty or s.last < s.first or not vb.sceneBoundingRect().contains(args[0]):
            self._hover = None
        else:
            x = round(vb.mapSceneToView(args[0]).x())
            self._hover = int(min(max(x, s.first), s.last))
        self._update_readout()

    def _update_readout(self) -> None:
        s, snap = self._samples, self._snapshot
        if s.ranked and self.ranking is None:
            return  # hidden for practice: _draw_ranking said so
        if self.ranking is not None:
            r, p = self.ranking, snap.precision
            self.readout.setText(r.at_rank(self._hover, snap.inputs, snap.targets, p) if self._hover is not None
                                 else r.text(snap.inputs, snap.targets, epoch_place(snap.epoch, snap.cursor, len(snap.inputs)),
                                        MAX_TRACKED, p))
            return
        if s.why_empty:
            self.readout.setText(s.why_empty)
            return
        epoch = self._hover if self._hover is not None else s.last
        p = self._snapshot.precision
        values = s.at(epoch).tolist()
        self._read_at = snap.epoch if snap.read_only else None  # an earlier epoch shown: read again at now
        # part of an epoch stepped: the losses now, as the truth table and the Loss tab have them (it
        # read the last epoch's, 8 · 18 · 18 · 50, beside a table at 0.1966 · 0.0106 · 0.028 · 1.541)
        mid = self._hover is None and bool(snap.cursor)
        if self._hover is None and (self._read_at is not None or mid):  # the truth table's losses there
            epoch, values = snap.epoch, snap.sample_losses.tolist()
        # practice asking for a sample's prediction: its loss after the last epoch is its loss now
        hides = [self._hidden.hides_sample_line(j) for j in range(len(values))]
        hidden = "".join(f" (sample {j}'s line is {NOTE})" for j, h in enumerate(hides) if h)
        when = (f"at epoch {epoch_place(snap.epoch, snap.cursor, len(values))}" if mid
                else f"at epoch {epoch_number(epoch)}" if epoch == 0 else f"after epoch {epoch_number(epoch)}")
        self.readout.setText(f"{when}: " + " · ".join(
            f"{j}: {'?' if h else fmt(v, p)}" for j, (v, h) in enumerate(zip(values, hides))) + hidden)

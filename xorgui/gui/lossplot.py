"""The loss plot: mean loss per epoch, log-y toggle, hover read-out, markers, the timeline's epoch,
and where the run diverged (twin_marks.py, as on the twin plot).

The curve is created once and shows the LossCurve that ``history_changed`` carries (every
epoch, or after 2^20 epochs the bounded envelope of ``History.curve``: x is then not 1..N).
The plot has no clock of its own: the controller publishes at most one frame per tick (see
``gui/runner.py``), and the curve downsamples to the screen and clips to the view.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.hidden import Hidden
from ..core.losscurve import LossCurve
from ..core.snapshot import Snapshot
from .readout import Readout
from .loss_readout import readout_text
from .shown import behind
from .loss_frame import LossFrame
from .loss_line import LossLine
from .loss_markers import LossMarkers, display_y
from .loss_points import LossPoints
from .testloss import TestLossItem
from .twin_marks import DivergenceMarks
from .viewed_epoch import ViewedEpochLine
from .plots import EpochAxis, LossAxis, plot_widget

HOVER_RATE = 30  # hover read-outs a second
LINE_COLORS = ("#1f5fa8", "#5aa9e6")  # the curve's blue, on light and on dark backgrounds

class LossPlot(QWidget):
    """Mean loss per epoch (``history_changed``); markers for ``snapshot.markers``."""

    log_y_changed = Signal(bool)  # the log-y checkbox or set_log_y switched the axis

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._log_y = False
        self._stale = False  # a history came while the plot was behind another tab
        self._markers: tuple = ()
        self._hover_epoch: int | None = None
        self._hover_key: tuple | None = None
        self._shown = 0  # epochs in the curve
        self._curve: LossCurve = controller.loss_curve  # read-only, as handed over
        self._drawn: LossCurve = self._curve  # its epochs whose loss practice does not hide
        self._snapshot: Snapshot = controller.snapshot
        self._hover_dot: tuple[int, float] | None = None
        self._hidden = Hidden()  # what practice hides (core.hidden): the current weights' mean loss

        self.readout = QLabel(self)
        self.readout.setToolTip("Epoch and mean loss under the mouse (the last epoch otherwise)")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_box = QCheckBox("log y", self)
        self.log_box.setToolTip("Logarithmic loss axis: shows progress when the loss is already small")
        self.log_box.toggled.connect(self.set_log_y)

        self.plot_widget = plot_widget(self, axisItems={"bottom": EpochAxis("bottom"), "left": LossAxis("left")})
        self.plot_widget.setMinimumSize(200, 120)
        item = self.plot_widget.getPlotItem()
        item.setMenuEnabled(False, True)  # keep the ViewBox menu; log y is our checkbox
        item.getViewBox().setLimits(xMin=-1, minXRange=4)  # epochs start at 1; a few are legible
        item.setXRange(0, 10, padding=0)  # the empty plot shows epochs, not 0..1
        item.enableAutoRange()
        # no grid: pyqtgraph's translucent grid costs ~13 ms a paint here, more than the curve,
        # and would take that from training; the hover read-out gives exact values instead
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "mean loss")
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)  # no "(x0.001)": learners read raw losses
        # auto-range fits the invisible frame below, not the curve, markers and hover dot: their
        # padding in pixels would nudge the range (and repaint the axes) on every frame
        self.line = LossLine(item)  # the curve, reduced to its envelope per pixel column
        self.curve = self.line.item
        self.bridge = pg.PlotDataItem()  # epoch 0 to epoch 1 (see _update_bridge)
        self._bridge_ends: tuple = ()
        item.addItem(self.bridge, ignoreBounds=True)
        self.markers = LossMarkers(item)  # where the learner changed something
        self.hover_item = pg.ScatterPlotItem(size=8, symbol="o")
        self.hover_item.hide()  # shown with a dot in it: an empty scatter item costs a paint
        self.hover_item.setZValue(11)
        item.addItem(self.hover_item, ignoreBounds=True)
        self.points = LossPoints(item)  # epoch 0, and mid-epoch the current weights
        # the test loss (with a train/test split) and where the run diverged (as the twin plot
        # marks it): made when first needed, as most sessions need neither (see ``test``)
        self._test: TestLossItem | None = None
        self._divergence: DivergenceMarks | None = None
        self._divergence_key: tuple | None = None
        self.viewed_line = ViewedEpochLine(item, controller.travel)  # the epoch the timeline shows
        # two invisible corner points: the axes move in steps, not on every frame (a moved axis
        # repaints the whole plot)
        self.frame = LossFrame(item)

        self._mouse_proxy = pg.SignalProxy(self.plot_widget.scene().sigMouseMoved, rateLimit=HOVER_RATE,
                                           slot=self._on_mouse_moved)

        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        # the read-out changes every frame while training: held so that it relays out nothing
        top.addWidget(Readout(self.readout, ("epoch 9,999,999 (+99 of 100 samples) · mean loss -0.00000000"
                                               " · test -0.00000000",)), 1)
        top.addWidget(self.log_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)

        self.plot_widget.installEventFilter(self)
        self._apply_palette()
        controller.history_changed.connect(self.show_history)
        controller.session_replaced.connect(self._fit_new_session)
        controller.snapshot_changed.connect(self._on_snapshot_changed)
        controller.test_curve_changed.connect(self._show_test_curve)
        controller.walk_changed.connect(self.show_lesson)
        self.show_lesson(controller.lesson)  # made while a walk is open: hide what it asks
        self._show_test_curve(controller.test_curve)
        self.refresh()
        self._on_snapshot_changed(self._snapshot)

    # -- public --------------------------------------------------------------------
    @property
    def test(self) -> TestLossItem:
        """The test curve and its legend. Made when a session first has a test set, or when
        asked for: a plot pays for each item it holds, when built and whenever its range moves."""
        if self._test is None:
            self._test = TestLossItem(self.plot_widget.getPlotItem(), self.curve)
            self._color_extras()
        return self._test

    @property
    def divergence(self) -> DivergenceMarks:
        """The divergence line, triangle and exit; made at the first divergence or when asked for."""
        if self._divergence is None:
            self._divergence = DivergenceMarks(self.plot_widget.getPlotItem(), {"loss": LINE_COLORS[0]})
            self._color_extras()
        return self._divergence

    def log_y(self) -> bool:
        return self._log_y

    def set_log_y(self, on: bool) -> None:
        """Linear or logarithmic loss axis. Losses <= 0 and non-finite ones are not drawn."""
        on = bool(on)
        if on == self._log_y:
            return
        self._log_y = on
        self.log_box.blockSignals(True)
        self.log_box.setChecked(on)
        self.log_box.blockSignals(False)
        self.plot_widget.getPlotItem().setLogMode(False, on)
        self._hover_key = None  # the markers key on the axis themselves
        self._update_points()  # drawn again in the new scale
        self._update_frame()
        self._update_markers()
        self._update_divergence()
        self._update_hover()
        self.log_y_changed.emit(on)

    def show_history(self, curve: LossCurve) -> None:
        """Show ``curve`` (what ``history_changed`` carries); behind another tab, when shown."""
        self._curve = curve
        self._stale = behind(self)
        if not self._stale:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Put the history last handed over into the curve."""
        curve = self._drawn = self._cut(self._curve)
        self._shown = self._curve.epochs  # hovered to the last, which may read "?"
        n = curve.epochs
        # a line through one point draws nothing: a lone epoch (no epoch 0 to join) gets a symbol
        lone = n == 1 and not self._joins(curve)
        if lone != (self.curve.opts["symbol"] is not None):
            self.curve.setSymbol("o" if lone else None)
        self.line.show(curve, draw=False)
        self._update_bridge()
        self._update_points()
        self._update_frame()
        # let the ViewBox apply its auto-range now: left to the paint, the range changes during
        # the paint and the whole plot (axes included) is painted a second time; the line is
        # reduced to the pixel columns of the range it will be painted in
        self.plot_widget.scene().prepareForPaint()
        self.line.redraw()
        self._update_markers()
        self._update_divergence()
        self._update_hover()

    def _cut(self, curve: LossCurve) -> LossCurve:
        """``curve`` without its last epoch when that is the current weights' loss, which
        practice hides (``Hidden.hides_mean_loss``): with the truth table's other losses the
        curve's end would read the asked ŷ. Hover shows "?" there."""
        snap, n = self._snapshot, curve.epochs
        if n and self._hidden.hides_mean_loss(snap.epoch, snap.cursor, n):
            return curve.until(n - 1)
        return curve

    @staticmethod
    def _joins(curve: LossCurve) -> bool:
        return bool(curve.epochs) and curve.start is not None and math.isfinite(curve.start)

    def _update_bridge(self) -> None:
        """The segment from epoch 0 (the starting loss) to epoch 1: the curve begins at the
        epoch-0 dot, and a single trained epoch is a visible line."""
        curve = self._drawn
        ends = (float(curve.start), float(curve.y[0])) if self._joins(curve) else ()
        if ends == self._bridge_ends:
            return  # setData would queue an auto-range and repaint for the same two points
        self._bridge_ends = ends
        self.bridge.setData([0.0, 1.0][:len(ends)], list(ends))

    def drawn_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, losses) of the whole line the learner sees: from epoch 0 when the starting
        loss is known (the segment to epoch 1), then the curve."""
        x, y = self.curve_data()
        bx, by = self.bridge.getOriginalDataset()
        if bx is not None and len(bx):
            return np.r_[bx[:1], x], np.r_[by[:1], y]
        return x, y

    def curve_symbol(self) -> str | None:
        """The symbol drawn at the curve's points (only for a lone point), None for a bare line."""
        return self.curve.opts["symbol"]

    def _update_frame(self) -> None:
        test = self._test.bounds() if self._test is not None else None
        self.frame.fit(self._drawn, self._log_y, test, self.points.bounds())

    def _update_divergence(self) -> None:
        """Where the run first diverged (``LossCurve.divergence``), marked as on the twin plot."""
        d, curve, precision = self._curve.divergence, self._curve, self._snapshot.precision
        key = (d, curve.lineage or curve, curve.start, self._log_y, precision) if d else None
        if key != self._divergence_key:  # only on a change: the exit reads the curve back
            self._divergence_key = key
            if d is None and self._divergence is None:
                return  # never diverged: nothing to mark or to clear
            self.divergence.show({"loss": d} if d else {}, {"loss": self.drawn_curve()}, self._log_y, precision)

    def _fit_new_session(self) -> None:
        """Another session: fit the axes to its history (a zoom into the old one means nothing)."""
        item = self.plot_widget.getPlotItem()
        item.enableAutoRange()
        self._hover_epoch = None
        self.refresh()

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, losses) as given to the curve, before any downsampling."""
        return self.line.data()

    def marker_points(self) -> list[tuple[float, float, str]]:
        """(epoch, plotted y, label) of every marker drawn (y is log10 in log mode)."""
        return self.markers.points()

    def export_png(self, path: str) -> bool:
        return self.plot_widget.grab().save(str(path), "PNG")

    # -- markers -------------------------------------------------------------------------
    def _on_snapshot_changed(self, snap: Snapshot) -> None:
        self._snapshot = snap
        if self._cut(self._curve) is not self._drawn:  # practice hides another epoch now
            self.refresh()
        if snap.markers is not self._markers and snap.markers != self._markers:
            self._markers = snap.markers
            self._update_markers()
        elif self._markers:
            self._update_markers()  # which of them practice hides follows the weights (keyed: cheap)
        if self._update_points():
            self._update_frame()
        self._update_divergence()  # at the window's decimals
        self._update_hover()

    def _show_test_curve(self, curve) -> None:
        if self._test is None and curve.measured_on is None and not len(curve):
            return  # no test set yet: nothing to draw or to clear
        self.test.show(curve)
        self._update_frame()

    def _update_points(self) -> bool:
        """Epoch 0 and the current weights' point (LossPoints); True if either changed."""
        return self.points.show(self._snapshot, self._log_y, self._hidden)

    def start_point(self) -> tuple[float, float] | None:
        """(epoch, plotted y) of the epoch-0 point, None when not drawn (y is log10 in log mode)."""
        return self.points.start_point()

    def now_point(self) -> tuple[float, float] | None:
        """(x, plotted y) of the current weights mid-epoch (epoch + samples stepped / n), else None."""
        return self.points.now_point()

    def _update_markers(self) -> None:
        self.markers.show(self._markers, self._curve, self._snapshot, self._log_y, self._hidden)

    def show_lesson(self, lesson) -> None:
        """Practice hides what ``lesson.hidden`` says (``Hidden.hides_mean_loss``): the current
        weights' mean loss reads "?" and is drawn nowhere (curve, points, markers, hover dot)."""
        if lesson.hidden != self._hidden:
            self._hidden = lesson.hidden
            self._hover_key = None
            self.markers.forget()
            self.refresh()

    # -- hover -----------------------------------------------------------------------------
    def _on_mouse_moved(self, args) -> None:
        pos = args[0]
        vb = self.plot_widget.getPlotItem().getViewBox()
        n = self._shown
        first = 0 if self.points.start is not None else 1  # epoch 0 reads the starting loss
        if n < first or not vb.sceneBoundingRect().contains(pos):
            self._hover_epoch = None
        else:
            x = vb.mapSceneToView(pos).x()
            self._hover_epoch = int(min(max(round(x), first), n))
        self._update_hover()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.plot_widget and event.type() == QEvent.Type.Leave:
            self._hover_epoch = None
            self._update_hover()
        return super().eventFilter(watched, event)

    def _update_hover(self) -> None:
        """The read-out and the hover dot; untouched (no repaint) when nothing changed."""
        curve = self._curve
        n = min(self._shown, curve.epochs)
        if self._hover_epoch is not None and self._hover_epoch > n:
            self._hover_epoch = None
        hover = self._hover_epoch
        epoch = n if hover is None else hover
        if epoch:
            loss = float(curve.at([epoch])[0])
        else:  # epoch 0: the loss of the weights the run started from
            loss = self.points.start if hover == 0 else None
        snap = self._snapshot
        key = (self._hover_epoch, epoch, loss, self._log_y, snap.precision, snap.epoch, snap.cursor, snap.loss,
               snap.test)
        if key == self._hover_key:
            return
        self._hover_key = key
        self.readout.setText(readout_text(snap, self._hover_epoch, loss, self._hidden))
        # no dot where the read-out says "?": its height is the hidden loss
        hides = hover is not None and self._hidden.hides_mean_loss(snap.epoch, snap.cursor, hover)
        y = display_y(np.array([loss if hover is not None and loss is not None and not hides else np.nan]), self._log_y)
        dot = (epoch, float(y[0])) if np.isfinite(y[0]) else None
        if dot == self._hover_dot:
            return  # touching the item would repaint the whole plot (axes included)
        self._hover_dot = dot
        if dot:
            self.hover_item.setData(x=[dot[0]], y=[dot[1]])
        else:
            self.hover_item.setData([])
        self.hover_item.setVisible(dot is not None)

    # -- palette ---------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)

    def _colors(self) -> tuple[QColor, QColor, bool]:
        """The palette's (base, text) and whether it is dark."""
        pal = self.palette()
        bg = pal.color(QPalette.ColorRole.Base)
        return bg, pal.color(QPalette.ColorRole.Text), bg.lightnessF() < 0.5

    def _apply_palette(self) -> None:
        bg, fg, dark = self._colors()
        self.plot_widget.setBackground(bg)
        item = self.plot_widget.getPlotItem()
        font = self.font()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        line = QColor(LINE_COLORS[dark])
        self.curve.setPen(pg.mkPen(line, width=2))
        self.bridge.setPen(pg.mkPen(line, width=2))
        self.curve.setSymbolPen(pg.mkPen(line, width=1.5))
        self.curve.setSymbolBrush(pg.mkBrush(line))
        self.curve.setSymbolSize(7)
        self.hover_item.setPen(pg.mkPen(fg, width=1.5))
        self.hover_item.setBrush(pg.mkBrush(bg))
        self.points.set_colors(line, bg)
        self.viewed_line.set_color(self.palette().color(QPalette.ColorRole.Highlight))
        self._color_extras()

    def _color_extras(self) -> None:
        """The palette's colours on the items made when first needed, as far as they are made."""
        bg, fg, dark = self._colors()
        if self._divergence is not None:
            self._divergence.set_colors({"loss": QColor(LINE_COLORS[dark])}, QColor(bg.red(), bg.green(), bg.blue(), 210))
        if self._test is not None:
            self._test.set_colors(dark, fg)

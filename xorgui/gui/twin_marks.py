"""Where a twin diverged, on the twin window's plot.

The pair stops at the epoch a twin diverges (core/twin_watch.py); its curve runs to the last loss
the axis can draw. At that epoch a dashed vertical line carries the main window's words for each
twin that diverged ('right twin diverged at epoch 3 (loss 1.946e114)', Divergence.summary at the
window's decimals), and a triangle in the twin's colour marks the loss there: on the curve when
the axis can draw it, else (∞, NaN) at the top of the plot, dashed from the last loss it could
draw, so that the curve is seen to leave the plot upwards. The triangle stays at the top when the
view is zoomed or panned.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

LABEL_FILL = pg.mkBrush(255, 255, 255, 210)  # the legend's pale ground: a curve under the words stays faint
BOTH_COLOR = "#333333"  # the label's colour when both twins diverged at that epoch
TOP_GAP = 13  # pixels from the top of the plot to the centre of a triangle there
# as the curves and start points: the left twin's wider, the right's drawn over it, so that two
# twins that left the plot together (a change that changed nothing) both show
MARK_SIZES = {"left": 18, "right": 11}
EXIT_WIDTHS = {"left": 3.5, "right": 1.5}


def _drawable(y: float, log_y: bool) -> bool:
    return math.isfinite(y) and (y > 0 or not log_y)


class DivergenceMarks:
    """The divergence line and, per twin, a dashed exit and a triangle on ``plot`` (a PlotWidget)."""

    def __init__(self, plot: pg.PlotWidget, colors: dict[str, str]):
        self.plot = plot
        self.line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen("#555555", width=1, style=Qt.PenStyle.DashLine), label="",
            labelOpts={"position": 0.5, "anchors": [(1, 0.5), (1, 0.5)], "fill": LABEL_FILL})
        plot.addItem(self.line)
        self.line.hide()
        self.exits, self.marks = {}, {}
        for side, color in colors.items():
            # ignoreBounds: the auto-range fits the curves, not the top of the view these follow
            dashed = pg.mkPen(color, width=EXIT_WIDTHS[side], style=Qt.PenStyle.DashLine)
            self.exits[side] = pg.PlotDataItem([], [], pen=dashed)
            self.marks[side] = pg.PlotDataItem([], [], pen=None, symbol="t1", symbolSize=MARK_SIZES[side],
                                               symbolPen=pg.mkPen(color), symbolBrush=pg.mkBrush(color))
            plot.addItem(self.exits[side], ignoreBounds=True)
            plot.addItem(self.marks[side], ignoreBounds=True)
        self._off_top: dict[str, tuple[float, float, float]] = {}  # side: (last drawn x, its loss, epoch)
        self._log_y = False
        plot.getViewBox().sigYRangeChanged.connect(lambda *_: self._place_off_top())

    @staticmethod
    def leaves_plot(divergence, log_y: bool) -> bool:
        """Whether a twin of ``divergence`` (a TwinDivergence or None) diverged to a loss the
        axis cannot draw: its triangle then goes at the top of the plot."""
        return divergence is not None and any(not _drawable(d.loss, log_y) for _, d in divergence.found())

    def show(self, divergence, curves, log_y: bool, precision: int, colors: dict[str, str]) -> None:
        """Mark ``divergence`` (a TwinDivergence, or None: nothing) of the twins whose (epochs,
        losses) are ``curves`` (left first), as drawn on a log (``log_y``) or linear axis."""
        self._log_y, self._off_top = log_y, {}
        found = dict(divergence.found()) if divergence is not None else {}
        self.line.setVisible(bool(found))
        if found:
            self.line.setValue(divergence.epoch)
            self.line.label.setFormat("\n".join(f"{side} twin {d.summary(precision)}" for side, d in found.items()))
            self.line.label.setColor(colors[next(iter(found))] if len(found) == 1 else BOTH_COLOR)
        for side, (x, y) in zip(colors, curves):
            d = found.get(side)
            self.exits[side].setData([], [])
            if d is None:
                self.marks[side].setData([], [])
            elif _drawable(d.loss, log_y):
                self.marks[side].setData([d.epoch], [d.loss])
            else:
                drawn = [(float(a), float(b)) for a, b in zip(x, y) if _drawable(float(b), log_y)]
                self._off_top[side] = (*(drawn[-1] if drawn else (math.nan, math.nan)), float(d.epoch))
        self._place_off_top()

    def _place_off_top(self) -> None:
        """The triangles of losses the axis cannot draw, just under the top of the view as it is
        now, each dashed from its twin's last drawn loss."""
        if not self._off_top:
            return
        vb = self.plot.getViewBox()
        high = vb.viewRange()[1][1] - TOP_GAP * vb.viewPixelSize()[1]
        top = 10.0 ** min(high, 308.0) if self._log_y else high
        for side, (x0, y0, epoch) in self._off_top.items():
            self.marks[side].setData([epoch], [top])
            self.exits[side].setData(*([[x0, epoch], [y0, top]] if np.isfinite(y0) else [[], []]))

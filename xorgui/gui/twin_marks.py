"""Where a run diverged, on a loss plot: the main window's Loss tab and the twin window's plot.

Each curve runs to the last loss the axis can draw. At the epoch a run diverged
(``core.divergence``: the main plot's first, the twin pair's stop) a dashed vertical line carries
the main window's words for each run that diverged there ('diverged at epoch 1 (loss ∞)',
'right twin diverged at epoch 3 (loss 1.946e114)': Divergence.summary at the window's decimals),
and a triangle in the curve's colour marks the loss there: on the curve when the axis can draw it,
else (∞, NaN) at the top of the plot, dashed from the last loss drawn before that epoch, so that
the curve is seen to leave the plot upwards. The triangle stays at the top when the view is zoomed
or panned. The plot leaves ``HEADROOM`` above its curves for it (``leaves_plot``), and its loss
axis reaches the highest loss it can draw (``axis_top``). pyqtgraph's axes end at 1e307 (linear)
and 10^308.2 (log): a finite loss beyond is drawn as ∞ is, its triangle at the top.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

LABEL_FILL = pg.mkBrush(255, 255, 255, 210)  # a pale ground: a curve under the words stays faint
BOTH_COLOR = "#333333"  # the label's colour when several runs diverged at that epoch
TOP_GAP = 13  # pixels from the top of the plot to the centre of a triangle there
HEADROOM = 0.25  # of the loss axis, added above the curves when a loss left the plot (∞, NaN)
# the highest a loss axis goes: pyqtgraph's ViewBox limits (its arithmetic overflows beyond)
LARGEST, LOG_LARGEST = 1e307, 308.2  # linear; log (of 10^308.2, the axis's top in its log10 units)
MARK_SIZE, EXIT_WIDTH = 11, 1.5  # a lone curve's triangle and dashed exit
# the twin plot's, as its curves and start points: the left twin's wider, the right's drawn over
# it, so that two twins that left the plot together (a change that changed nothing) both show
TWIN_SIZES = {"left": 18, "right": 11}
TWIN_WIDTHS = {"left": 3.5, "right": 1.5}


def _drawable(y: float, log_y: bool) -> bool:
    """Whether a loss axis can show ``y``: finite, at most its top; positive on a log axis."""
    if log_y:
        return math.isfinite(y) and y > 0 and math.log10(y) <= LOG_LARGEST
    return math.isfinite(y) and abs(y) <= LARGEST


def leaves_plot(found: dict, log_y: bool) -> bool:
    """Whether a run in ``found`` (key: its Divergence) diverged to a loss a (log) axis cannot
    draw: its triangle then goes at the top of the plot, with ``HEADROOM`` above the curves."""
    return any(not _drawable(d.loss, log_y) for d in found.values())


def axis_top(value: float, log_y: bool = False) -> float:
    """``value`` (a loss; on a log axis its log10) as the top of a loss axis: at most the highest
    it can go (rounding a loss near the largest double up, or adding room above it, overflowed to
    ∞, and pyqtgraph refuses a range past its limits: the axis stayed where it was)."""
    return min(value, LOG_LARGEST if log_y else LARGEST)


def last_drawn(x, y, before: float, log_y: bool) -> tuple[float, float] | None:
    """(epoch, loss) of the last point of a curve (``x`` increasing) before epoch ``before``
    that a (log) axis can draw, None if there is none. Reads back from ``before``: one pass."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    end = int(np.searchsorted(x, before))
    step = 64
    while end > 0:  # a few points back from the divergence, as a rule
        start = max(0, end - step)
        part = y[start:end]
        with np.errstate(invalid="ignore", divide="ignore"):
            # NaN and ±∞ fail either test; 0 and below have no place on a log axis
            ok = ((part > 0) & (np.log10(part) <= LOG_LARGEST)) if log_y else (np.abs(part) <= LARGEST)
        hits = np.flatnonzero(ok)
        if hits.size:
            i = start + int(hits[-1])
            return float(x[i]), float(y[i])
        end, step = start, step * 4
    return None


class DivergenceMarks:
    """The divergence line and, per curve (``colors``: key to colour), a dashed exit and a
    triangle on ``plot`` (a PlotWidget or PlotItem). ``names``: how the label names each curve's
    run ('right twin ' before 'diverged …'; none for a lone curve)."""

    def __init__(self, plot, colors: dict[str, str], names: dict[str, str] | None = None,
                 sizes: dict[str, int] | None = None, widths: dict[str, float] | None = None):
        self.plot = plot
        self.names = names or {key: "" for key in colors}
        self.line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen("#555555", width=1, style=Qt.PenStyle.DashLine), label="",
            labelOpts={"position": 0.5, "anchors": [(1, 0.5), (1, 0.5)], "fill": LABEL_FILL})
        self.line.setZValue(8)  # under the curves' points and the hover dot
        plot.addItem(self.line, ignoreBounds=True)
        self.line.hide()
        self.exits, self.marks = {}, {}
        for key in colors:
            # ignoreBounds: the auto-range fits the curves, not the top of the view these follow
            self.exits[key] = pg.PlotDataItem([], [])
            self.marks[key] = pg.PlotDataItem([], [], pen=None, symbol="t1",
                                              symbolSize=(sizes or {}).get(key, MARK_SIZE))
            for item in (self.exits[key], self.marks[key]):
                item.setZValue(10)
                plot.addItem(item, ignoreBounds=True)
        self._widths = widths or {}
        self._found: dict = {}  # key: Divergence, as last shown
        self.colors: dict[str, str] = {}
        self.set_colors(colors)
        self._off_top: dict[str, tuple[float, float, float]] = {}  # key: (last drawn x, its loss, epoch)
        self._log_y = False
        plot.getViewBox().sigYRangeChanged.connect(lambda *_: self._place_off_top())
        plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._place_label())

    def set_colors(self, colors: dict, fill=LABEL_FILL) -> None:
        """Each curve's colour (a QColor or '#rrggbb'), and the label's ground (``fill``)."""
        self.colors.update(colors)
        for key, color in colors.items():
            dashed = pg.mkPen(color, width=self._widths.get(key, EXIT_WIDTH), style=Qt.PenStyle.DashLine)
            self.exits[key].setPen(dashed)
            self.marks[key].setSymbolPen(pg.mkPen(color))
            self.marks[key].setSymbolBrush(pg.mkBrush(color))
        self.line.label.fill = pg.mkBrush(fill)
        self._color_label()

    def _color_label(self) -> None:
        found = self._found
        self.line.label.setColor(self.colors[next(iter(found))] if len(found) == 1 else BOTH_COLOR)

    def show(self, found: dict, curves: dict, log_y: bool, precision: int) -> None:
        """Mark ``found`` (key: its Divergence; all at one epoch; empty: nothing) of the curves
        ``curves`` (key: (epochs, losses), epochs increasing), as drawn on a log (``log_y``) or
        linear axis, the losses at ``precision`` decimals."""
        self._log_y, self._off_top, self._found = log_y, {}, dict(found)
        self.line.setVisible(bool(found))
        if found:
            self.line.setValue(next(iter(found.values())).epoch)
            self.line.label.setFormat("\n".join(f"{self.names[key]}{d.summary(precision)}" for key, d in found.items()))
            self._color_label()
        self._place_label()
        for key in self.marks:
            d = found.get(key)
            self.exits[key].setData([], [])
            if d is None:
                self.marks[key].setData([], [])
            elif _drawable(d.loss, log_y):
                self.marks[key].setData([d.epoch], [d.loss])
            else:
                drawn = last_drawn(*curves[key], d.epoch, log_y)
                self._off_top[key] = (*(drawn or (math.nan, math.nan)), float(d.epoch))
        self._place_off_top()

    def _place_label(self) -> None:
        """The label on the side of the line with more of the view: always left of it, an early
        divergence in a long run showed "564)" of "diverged at epoch 1 (loss 4288566.5664)"."""
        if not self.line.isVisible():
            return
        low, high = self.plot.getViewBox().viewRange()[0]
        side = (1, 0.5) if self.line.value() - low >= (high - low) / 2 else (0, 0.5)  # anchor: its right or left end
        if self.line.label.anchors[0] != side:
            self.line.label.anchors = [side, side]
            self.line.label.updatePosition()

    def _place_off_top(self) -> None:
        """The triangles of losses the axis cannot draw, just under the top of the view as it is
        now, each dashed from its curve's last drawn loss."""
        if not self._off_top:
            return
        vb = self.plot.getViewBox()
        high = vb.viewRange()[1][1] - TOP_GAP * vb.viewPixelSize()[1]
        top = 10.0 ** axis_top(high, self._log_y) if self._log_y else axis_top(high)
        for key, (x0, y0, epoch) in self._off_top.items():
            self.marks[key].setData([epoch], [top])
            self.exits[key].setData(*([[x0, epoch], [y0, top]] if np.isfinite(y0) else [[], []]))

    # -- what is shown, in data coordinates (losses unlogged on a log axis) ----------------------
    def label(self) -> str | None:
        """The line's words, None when no divergence is marked."""
        return self.line.label.format if self.line.isVisible() else None

    def line_epoch(self) -> float | None:
        return self.line.value() if self.line.isVisible() else None

    def triangle(self, key: str) -> tuple[float, float] | None:
        """(epoch, loss) of the curve's triangle, None when it has none."""
        points = _points(self.marks[key])
        return points[0] if points else None

    def exit(self, key: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """((epoch, loss) of the last loss drawn, (epoch, loss) of the triangle) of the dashed
        exit, None when it has none."""
        points = _points(self.exits[key])
        return tuple(points) if points else None


def _points(item: pg.PlotDataItem) -> list[tuple[float, float]]:
    x, y = item.getOriginalDataset()
    if x is None or not len(x):
        return []
    return [(float(a), float(b)) for a, b in zip(x, y)]

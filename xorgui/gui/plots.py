"""The one place every pyqtgraph plot of the app is made, so that all share the same margins,
and the epoch and loss axes the loss, per-sample and twin plots share."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from ..core.numbers import fmt, significant


def tick_room() -> int:
    """Pixels above and to the right of the axes: a tick label is centred on its tick, so the top
    tick's upper half (and the last bottom label's right half) would fall outside the widget."""
    return QFontMetrics(QApplication.font()).height() // 2 + 2


def plot_widget(parent=None, **kwargs) -> pg.PlotWidget:
    """A ``pg.PlotWidget`` whose outermost tick labels are not clipped (see :func:`tick_room`)."""
    widget = pg.PlotWidget(parent=parent, **kwargs)
    room = tick_room()
    widget.getPlotItem().layout.setContentsMargins(1, room, room, 1)
    return widget


def epoch_label(value: float, top: float | None = None) -> str:
    """Tick text for an epoch on an axis whose largest tick is ``top`` (default: ``value``):
    one unit for the whole axis, chosen by ``top``: 500, 9000; 20k, 80k, 100k; 0.5M, 1M, 2.5M
    (no "1e+06", never 80000 beside 100k)."""
    v = abs(value if top is None else top)
    if value == 0:
        text = "0"
    elif v >= 1e6:
        text = f"{value / 1e6:.3g}M"
    elif v >= 1e4:
        text = f"{value / 1e3:.4g}k"
    else:
        text = f"{value:.6g}"
    return text.replace("-", "−")


# an axis that grows to the next of these (times a power of ten) keeps 20-33% headroom: the
# data grows that much before the axis moves again, about ten times a decade
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(value: float) -> float:
    """The least of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= ``value``
    > 0: 2010 → 2500, 2500 → 2500, 0.2391 → 0.25, 7.01e-7 → 8e-7. Ticks divide all of them evenly."""
    e = math.floor(math.log10(value))
    scale = 10.0 ** abs(e)  # an exact power of ten: divide or multiply by it, never by 10**-k
    for step in NICE_STEPS:
        nice = step * scale if e >= 0 else step / scale
        if nice >= value * (1 - 1e-12):
            return max(nice, value)
    return value  # not reached: log10 rounding at most puts value just above 10 * scale


class EpochAxis(pg.AxisItem):
    """Whole epochs only: no tick at 0.5 epochs, however far one zooms in."""

    def tickValues(self, minVal, maxVal, size):
        levels = [(sp, vals) for sp, vals in super().tickValues(minVal, maxVal, size) if sp >= 1]
        if not levels:
            levels = [(1, list(range(math.ceil(minVal), math.floor(maxVal) + 1)))]
        return levels

    def tickStrings(self, values, scale, spacing):
        top = max((abs(v * scale) for v in values), default=0.0)
        return [epoch_label(v * scale, top) for v in values]


class LossAxis(pg.AxisItem):
    """A loss axis labelled as the app writes numbers (core.numbers.fmt), linear or log: the
    labels read as the losses beside them ('1.946e114', '20'). pyqtgraph's own log labels mixed
    two notations on one axis ('9', '10¹', '2·10¹') and its linear ones wrote Python's '1e+114'.

    ``ceiling`` (a loss, None: none): no tick above it is labelled. A plot that marks a loss of ∞
    or NaN at its top sets it to the highest loss it draws, so that the band above, where the
    mark sits, reads as no number: a label there ('70') made the rise to ∞ look like one to 70."""

    ceiling: float | None = None

    def set_ceiling(self, ceiling: float | None) -> None:
        if ceiling != self.ceiling:
            self.ceiling = ceiling
            self.picture = None  # pyqtgraph's cached drawing of the ticks
            self.update()

    def tickStrings(self, values, scale, spacing):
        if self.logMode:  # the values are log10 of the losses: ticks at d·10^k, 4 decimals hold them
            texts = [fmt(10.0 ** v * scale) if v < 308 else f"1e{round(v)}" for v in values]
        else:  # pyqtgraph's fixed-point labels ('0.5') kept; its '%g' ones ('1.5e+114') in the app's notation
            texts = [significant(v * scale, 6) if "e" in text else text
                     for v, text in zip(values, super().tickStrings(values, scale, spacing))]
        if self.ceiling is None:
            return texts
        top = math.log10(self.ceiling) if self.logMode and self.ceiling > 0 else self.ceiling
        return ["" if v * (1 if self.logMode else scale) > top * (1 + 1e-9) + 1e-12 else text
                for v, text in zip(values, texts)]

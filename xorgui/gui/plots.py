"""The one place every pyqtgraph plot of the app is made, so that all share the same margins."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication


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

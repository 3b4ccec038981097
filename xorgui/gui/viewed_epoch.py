"""The loss plot's line at the epoch the timeline shows: where on the curve the window is.

It renders the :class:`~xorgui.gui.time_travel.TimelineView` that ``controller.travel`` publishes
(``changed``; ``view()`` once, when built): a vertical line at ``viewing``, none at now. The line
is made the first time the window shows a past epoch: most sessions never do, and a plot pays
for every item it holds (built, and moved at every change of its range).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .time_travel import TimelineView, TimeTravel


class ViewedEpochLine:
    """A dashed vertical line with its epoch, on ``plot_item``; hidden while the window shows now."""

    def __init__(self, plot_item: pg.PlotItem, travel: TimeTravel):
        self._plot_item = plot_item
        self.item: pg.InfiniteLine | None = None  # made when first shown
        self._color: QColor | None = None
        travel.changed.connect(self.show)
        self.show(travel.view())

    def show(self, view: TimelineView) -> None:
        if view.viewing is None:
            if self.item is not None:
                self.item.hide()
            return
        item = self._made()
        item.show()
        item.setValue(view.viewing)
        item.label.valueChanged()  # a hidden line's label did not follow its value

    def epoch(self) -> int | None:
        """The epoch the line marks, None when it is not drawn."""
        return round(self.item.value()) if self.item is not None and self.item.isVisible() else None

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        if self.item is not None:
            self._paint()

    def _made(self) -> pg.InfiniteLine:
        if self.item is None:
            self.item = pg.InfiniteLine(angle=90, movable=False, label="viewing {value:,.0f}",
                                        labelOpts={"position": 0.92, "anchors": [(0, 0.5), (0, 0.5)]})
            self.item.setZValue(8)  # under the markers and the hover dot
            self._plot_item.addItem(self.item, ignoreBounds=True)  # the axes fit the curve, not the line
            if self._color is not None:
                self._paint()
        return self.item

    def _paint(self) -> None:
        self.item.setPen(pg.mkPen(self._color, width=1.5, style=Qt.PenStyle.DashLine))
        self.item.label.setColor(self._color)

"""The loss plot's line at the epoch the timeline shows: where on the curve the window is.

It renders the :class:`~xorgui.gui.time_travel.TimelineView` that ``controller.travel`` publishes
(``changed``; ``view()`` once, when built): a vertical line at ``viewing``, none at now.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .time_travel import TimelineView, TimeTravel


class ViewedEpochLine:
    """A dashed vertical line with its epoch, on ``plot_item``; hidden while the window shows now."""

    def __init__(self, plot_item: pg.PlotItem, travel: TimeTravel):
        self.item = pg.InfiniteLine(angle=90, movable=False, label="viewing {value:,.0f}",
                                    labelOpts={"position": 0.92, "anchors": [(0, 0.5), (0, 0.5)]})
        self.item.setZValue(8)  # under the markers and the hover dot
        plot_item.addItem(self.item, ignoreBounds=True)  # the axes fit the curve, not the line
        travel.changed.connect(self.show)
        self.show(travel.view())

    def show(self, view: TimelineView) -> None:
        if view.viewing is None:
            self.item.hide()
            return
        self.item.show()
        self.item.setValue(view.viewing)
        self.item.label.valueChanged()  # a hidden line's label did not follow its value

    def epoch(self) -> int | None:
        """The epoch the line marks, None when it is not drawn."""
        return round(self.item.value()) if self.item.isVisible() else None

    def set_color(self, color: QColor) -> None:
        self.item.setPen(pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
        self.item.label.setColor(color)

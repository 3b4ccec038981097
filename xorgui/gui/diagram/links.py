"""The diagram's links: one graphics item draws them all.

Each link was its own QGraphicsLineItem: for the 544 links of 16-16-16 the scene's work per
item (its bounds, the painter's state, a call into Python for each virtual) cost more than
drawing the line. :class:`LinkLayer` draws every link in the order the items were stacked (the
highlighted ones last, over the rest), one ``drawLines`` call per run of links that share a pen,
and finds the link under the mouse for its tooltip. A :class:`LinkItem` is what the scene keeps
per weight: its line, pen, opacity and stacking, read by the layer when it paints.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from .layout import WeightKey
from .style import MAX_LINK_PX, Z_LINK, Z_LINK_HIGH

HIT_SLACK_PX = 2.0  # the mouse is on a link this close to its stroke


class LinkItem:
    """A link from a source unit to a target unit; the pen shows the weight. Read its state
    with the Qt-like getters; the scene sets it, and the layer redraws."""

    __slots__ = ("key", "name", "dimmed", "style", "_layer", "_line", "_pen", "_opacity", "_z")

    def __init__(self, layer: "LinkLayer", key: WeightKey, name: str):
        self.key, self.name = key, name
        self.dimmed = False
        self.style: tuple | None = None  # (sign, width, highlighted) last drawn
        self._layer = layer
        self._line = QLineF()
        self._pen = QPen(Qt.PenStyle.NoPen)
        self._opacity, self._z = 1.0, Z_LINK

    def line(self) -> QLineF:
        return QLineF(self._line)

    def pen(self) -> QPen:
        return QPen(self._pen)

    def opacity(self) -> float:
        return self._opacity

    def setLine(self, x0: float, y0: float, x1: float, y1: float) -> None:
        line = QLineF(x0, y0, x1, y1)
        if line != self._line:
            self._line = line
            self._layer.changed(geometry=True)

    def setPen(self, pen: QPen) -> None:
        """``pen`` is kept, not copied: links of one style share it, and the layer draws a run
        of links sharing a pen with one call."""
        if pen is not self._pen:
            self._pen = pen
            self._layer.changed()

    def setOpacity(self, opacity: float) -> None:
        if opacity != self._opacity:
            self._opacity = opacity
            self._layer.changed()

    def setZValue(self, z: float) -> None:
        if z != self._z:
            self._z = z
            self._layer.changed()


class LinkLayer(QGraphicsItem):
    """Every link of the network, under the units. Its tooltip is the name of the link under
    the mouse (the topmost drawn there)."""

    def __init__(self):
        super().__init__()
        self.links: list[LinkItem] = []  # in stacking order, as added
        self._runs: list[tuple[float, QPen, list[QLineF]]] | None = None  # what paint draws
        self._hits: tuple[np.ndarray, np.ndarray, list[LinkItem]] | None = None
        self._rect = QRectF()
        self._scale = 1.0  # the view's: pens are cosmetic (as wide on screen at any zoom)
        self.setZValue(Z_LINK)
        self.setAcceptHoverEvents(True)  # for the tooltip
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # a press goes to what is under it

    def add(self, key: WeightKey, name: str) -> LinkItem:
        link = LinkItem(self, key, name)
        self.links.append(link)
        self.changed(geometry=True)
        return link

    def set_view_scale(self, scale: float) -> None:
        """The view shows the scene at ``scale``: the bounds leave room for the widest pen there
        (and no more: what a frame repaints is the bounds of what changed)."""
        if scale > 0 and scale != self._scale:
            self._scale = scale
            self.changed(geometry=True)

    def changed(self, geometry: bool = False) -> None:
        """A link's line, pen, opacity or stacking changed: drawn anew at the next paint."""
        self._runs, self._hits = None, None
        if geometry:
            self.prepareGeometryChange()
            self._rect = QRectF()
        self.update()

    def _order(self) -> list[LinkItem]:
        """The links in drawing order: as stacked, the highlighted ones over the rest."""
        return [link for link in self.links if link._z < Z_LINK_HIGH] + \
               [link for link in self.links if link._z >= Z_LINK_HIGH]

    def _make_runs(self) -> list[tuple[float, QPen, list[QLineF]]]:
        runs: list[tuple[float, QPen, list[QLineF]]] = []
        for link in self._order():
            if runs and runs[-1][1] is link._pen and runs[-1][0] == link._opacity:
                runs[-1][2].append(link._line)
            else:
                runs.append((link._opacity, link._pen, [link._line]))
        return runs

    def boundingRect(self) -> QRectF:
        if self._rect.isNull() and self.links:
            xs = [x for link in self.links for x in (link._line.x1(), link._line.x2())]
            ys = [y for link in self.links for y in (link._line.y1(), link._line.y2())]
            pad = (MAX_LINK_PX / 2 + 1) / self._scale
            self._rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-pad, -pad, pad, pad)
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._runs is None:
            self._runs = self._make_runs()
        base = painter.opacity()
        for opacity, pen, lines in self._runs:
            painter.setOpacity(base * opacity)
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.setOpacity(base)

    # -- the link under the mouse ---------------------------------------------------------------
    def link_at(self, pos: QPointF) -> LinkItem | None:
        """The topmost link drawn at scene point ``pos`` at the view's scale (pens are as wide
        on screen at any scale), or None."""
        if self._hits is None:
            order = [link for link in self._order() if link._pen.style() != Qt.PenStyle.NoPen]
            ends = np.array([(k._line.x1(), k._line.y1(), k._line.x2(), k._line.y2()) for k in order],
                            dtype=float).reshape(-1, 4)
            widths = np.array([k._pen.widthF() for k in order], dtype=float)
            self._hits = (ends, widths, order)
        ends, widths, order = self._hits
        if not order:
            return None
        p0, d = ends[:, :2], ends[:, 2:] - ends[:, :2]
        point = np.array([pos.x(), pos.y()])
        length2 = np.einsum("ij,ij->i", d, d)
        with np.errstate(all="ignore"):
            t = np.clip(np.einsum("ij,ij->i", point - p0, d) / length2, 0.0, 1.0)
        t = np.where(length2 > 0, t, 0.0)
        distance = np.hypot(*(p0 + t[:, None] * d - point).T) * self._scale  # on screen
        hit = np.flatnonzero(distance <= widths / 2 + HIT_SLACK_PX)
        return order[hit[-1]] if hit.size else None

    def hoverMoveEvent(self, event) -> None:
        link = self.link_at(event.scenePos())
        self.setToolTip(link.name if link is not None else "")
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.setToolTip("")
        super().hoverLeaveEvent(event)

"""The diagram's scene: one item per unit, link and weight, kept in dicts keyed like the core's
arrays and updated in place; rebuilt only when the network's shape changes.

Keys: nodes ``(layer, index)`` where ``index`` indexes ``snapshot.unit_names[layer]`` (the bias
unit is index 0 in every layer but the output); weights ``(l, row, col)`` as in
``snapshot.weights[l][row, col]`` (column 0 is the bias unit of layer ``l``).
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsScene

from ...core import naming
from ...core.numbers import fmt
from ...core.snapshot import Snapshot
from .items import LinkItem, NodeItem, NodeKey, TextBox, WeightKey, WeightLabel
from .layout import place_labels
from .style import (DIM_OPACITY, MAX_LINK_PX, MIN_LINK_PX, PAD_X, Z_CAPTION, Z_LINK, Z_LINK_HIGH, Colors,
                    Metrics, font, mix)


class DiagramScene(QGraphicsScene):
    """The items drawn for the latest snapshot. Read ``nodes``, ``links``, ``labels``,
    ``details`` and ``titles``; change them only through the methods here."""

    def __init__(self, colors: Colors, parent=None):
        super().__init__(parent)
        self.nodes: dict[NodeKey, NodeItem] = {}
        self.links: dict[WeightKey, LinkItem] = {}
        self.labels: dict[WeightKey, WeightLabel] = {}
        self.details: dict[NodeKey, TextBox] = {}
        self.titles: dict[int, TextBox] = {}
        self.order: list[WeightKey] = []  # the weights in Tab order
        self.layers: tuple[int, ...] | None = None
        self.snapshot: Snapshot | None = None
        self.metrics: Metrics | None = None
        self.show_details = False
        self.colors = colors
        self.highlighted: tuple[set[str], set[str]] = (set(), set())
        self._layout_key: tuple | None = None
        self._pens: dict[tuple, tuple[QPen, QPen]] = {}

    # -- building ------------------------------------------------------------------------------
    def rebuild(self, snap: Snapshot, base: QFont) -> None:
        """New items for ``snap``'s shape (the old ones are deleted)."""
        # forget the items before the scene deletes them: clear() emits selectionChanged
        self.nodes.clear(), self.links.clear(), self.labels.clear(), self.details.clear(), self.titles.clear()
        with QSignalBlocker(self):
            self.clear()
        self.layers = snap.layers
        self._layout_key = None
        m = Metrics.for_shape(snap.layers, snap.precision, self.show_details, base)
        for layer, names in enumerate(snap.unit_names):
            for index, name in enumerate(names):
                bias = snap.has_bias(layer) and index == 0
                node = NodeItem((layer, index), name, bias, font(base, m.name_px, bold=True),
                                font(base, m.value_px))
                self.addItem(node)
                self.nodes[(layer, index)] = node
                if layer > 0 and not bias:
                    caption = TextBox(font(base, m.detail_px))
                    caption.setZValue(Z_CAPTION)
                    caption.setVisible(self.show_details)
                    self.addItem(caption)
                    self.details[(layer, index)] = caption
            title = TextBox(font(base, m.title_px))
            self.addItem(title)
            self.titles[layer] = title
        for l, w in enumerate(snap.weights):
            for row in range(w.shape[0]):
                for col in range(w.shape[1]):
                    key = (l, row, col)
                    name = snap.weight_names[l][row][col]
                    link = LinkItem(key, name)
                    self.addItem(link)
                    label = WeightLabel(key, name, font(base, m.label_px))
                    source = snap.unit_names[l][col]
                    target = self.nodes[target_key(snap.layers, l, row)].name
                    label.setToolTip(f"{name}: {source} → {target}\nDouble-click or Enter to edit; "
                                     "↑/↓ or the wheel to nudge (Shift: finer)")
                    self.addItem(label)
                    self.links[key], self.labels[key] = link, label
        self.order = sorted(self.labels)

    def set_show_details(self, show: bool) -> None:
        self.show_details = show
        for item in self.details.values():
            item.setVisible(show)

    def relayout(self, base: QFont, force: bool = False) -> bool:
        """Position everything for the current precision and details toggle (items are kept).
        True if anything moved."""
        snap = self.snapshot
        widest = max((label.text() for label in self.labels.values()), key=len, default="")
        key = (snap.precision, self.show_details)
        if not force and key == self._layout_key:
            # labels wider than planned for (large weights): plan again, at most as often as they grow
            fm = QFontMetricsF(next(iter(self.labels.values())).font()) if self.labels else None
            if fm is None or fm.horizontalAdvance(widest) + 2 * PAD_X <= self.metrics.label_w * 1.15:
                return False
        self._layout_key = key
        m = Metrics.for_shape(snap.layers, snap.precision, self.show_details, base, widest)
        self.metrics = m
        layers = snap.layers
        positions: dict[NodeKey, QPointF] = {}
        tops = []
        for layer, n in enumerate(layers):
            first = 1 if snap.has_bias(layer) else 0
            for i in range(n):
                positions[(layer, first + i)] = QPointF(layer * m.layer_gap, (i - (n - 1) / 2) * m.unit_gap)
            tops.append(-(n - 1) / 2 * m.unit_gap)
        bias_y = min(tops) - (2 * m.radius + (24 if m.radius < 40 else 30))
        bottom = max((n - 1) / 2 * m.unit_gap for n in layers) + m.radius + m.detail_h
        for layer in range(len(layers) - 1):
            positions[(layer, 0)] = QPointF(layer * m.layer_gap, bias_y)
        obstacles = []
        for key, node in self.nodes.items():
            p = positions[key]
            node.setPos(p)
            node.set_radius(m.radius)
            r = m.radius + 4
            obstacles.append((p.x() - r, p.y() - r, p.x() + r, p.y() + r))
        for key, caption in self.details.items():
            p = positions[key]
            caption.setPos(p.x(), p.y() + m.radius + 3 + m.detail_h / 2)
            if self.show_details:
                obstacles.append((p.x() - m.radius * 1.3, p.y() + m.radius,
                                  p.x() + m.radius * 1.3, p.y() + m.radius + m.detail_h + 4))
        title_y = bottom + 8 + m.title_px
        for layer, title in self.titles.items():
            title.setPos(layer * m.layer_gap, title_y)
        for (l, row, col), link in self.links.items():
            a, b = positions[(l, col)], positions[target_key(layers, l, row)]
            link.setLine(a.x(), a.y(), b.x(), b.y())
        obstacles = np.array(obstacles, dtype=float)
        for l in range(len(layers) - 1):
            keys = [k for k in self.order if k[0] == l]
            segs = np.array([[*_xy(positions[(l, c)]), *_xy(positions[target_key(layers, l, r)])]
                             for _, r, c in keys])
            sizes = np.tile([m.label_w, m.label_h], (len(keys), 1))
            ts = place_labels(segs, sizes, obstacles)
            for key, seg, t in zip(keys, segs, ts):
                self.labels[key].setPos(seg[0] + t * (seg[2] - seg[0]), seg[1] + t * (seg[3] - seg[1]))
        self._update_titles()
        rect = QRectF()
        for item in self.items():
            if item.parentItem() is None:
                rect = rect.united(item.sceneBoundingRect())
        self.setSceneRect(rect.adjusted(-16, -12, 16, 12))  # a small margin all round
        return True

    # -- updating ------------------------------------------------------------------------------
    def update_values(self, snap: Snapshot) -> None:
        p, s = snap.precision, snap.selected
        for (layer, index), node in self.nodes.items():
            if node.bias:
                node.set_value(fmt(1.0, p))
                node.setToolTip(f"{node.name}: bias unit, always 1")
                continue
            if layer == 0:
                z = snap.inputs[s, index - 1]
                node.set_value(fmt(z, p))
                node.setToolTip(f"{node.name} = {fmt(z, p)}\ninput of sample {s}")
                continue
            j = index - 1 if snap.has_bias(layer) else index
            a, z, d = (fmt(v[layer - 1][s, j], p) for v in (snap.a, snap.z, snap.deltas))
            node.set_value(z)
            node.setToolTip(f"{node.name}, sample {s}\na = {a}  (weighted sum)\nz = {z}  (activation)\n"
                            f"δ = {d}  (dL/da)")
            self.details[(layer, index)].setText(f"a = {a}\nδ = {d}")
        for (l, row, col), label in self.labels.items():
            w = float(snap.weights[l][row, col])
            label.setText(fmt(w, p))
        self._update_titles()

    def _update_titles(self) -> None:
        snap = self.snapshot
        layers = list(snap.layers)
        for layer, title in self.titles.items():
            text = naming.layer_title(layers, layer)
            if layer > 0:
                text += f" · {snap.activations[layer - 1].replace('_', ' ')}"
            if layer == len(layers) - 1:
                target = ", ".join(fmt(t, snap.precision) for t in snap.targets[snap.selected])
                text += f"\ntarget {target}"
            title.setText(text)

    def update_styles(self) -> None:
        """Colours of everything, for a new palette, highlight or shape; then the links' pens."""
        c = self.colors
        units, weights = self.highlighted
        active = bool(units or weights)
        self._pens.clear()
        for key, node in self.nodes.items():
            on = node.name in units
            # dimmed by colour, not opacity: a node stays opaque over the links behind it
            node.dimmed = active and not on
            fade = (lambda color: mix(c.base, color, DIM_OPACITY)) if node.dimmed else (lambda color: color)
            fill = c.bias_fill if node.bias else c.input_fill if key[0] == 0 else c.node_fill
            node.setBrush(mix(c.base, fill, 0.4) if node.dimmed else fill)
            pen = QPen(c.highlight if on else fade(c.node_border), 5 if on else 2)
            pen.setCosmetic(True)
            if node.bias:
                pen.setStyle(Qt.PenStyle.DashLine if not on else Qt.PenStyle.SolidLine)
            node.setPen(pen)
            node.name_item.setBrush(fade(c.text))
            node.value_item.setBrush(fade(c.muted if node.bias else c.text))
            caption = self.details.get(key)
            if caption is not None:
                caption.set_style(c.base, QPen(Qt.PenStyle.NoPen), fade(c.muted))
        selected = QPen(c.text, 3)
        selected.setCosmetic(True)
        for key, link in self.links.items():
            on = link.name in weights
            link.dimmed = active and not on
            link.setZValue(Z_LINK_HIGH if on else Z_LINK)
            link.setOpacity(DIM_OPACITY if link.dimmed else 1.0)
            label = self.labels[key]
            label.dimmed = link.dimmed
            label.setOpacity(link.opacity())
            label.selected_pen = selected
            link.style = None
        for title in self.titles.values():
            title.set_style(None, QPen(Qt.PenStyle.NoPen), c.muted)
        if self.snapshot is not None:
            self.update_link_styles(self.snapshot)

    def update_link_styles(self, snap: Snapshot) -> None:
        """Sign as colour, magnitude as width (relative to the largest |w|); only what changed."""
        c, weights = self.colors, self.highlighted[1]
        finite = [np.abs(w[np.isfinite(w)]) for w in snap.weights]
        largest = max((float(a.max()) for a in finite if a.size), default=0.0)
        scale = (MAX_LINK_PX - MIN_LINK_PX) / largest if largest > 0 else 0.0
        for key, link in self.links.items():
            w = float(snap.weights[key[0]][key[1], key[2]])
            if math.isfinite(w):
                style = (int(np.sign(w)), round(MIN_LINK_PX + abs(w) * scale, 2), link.name in weights)
            else:  # a diverged run: drawn grey and thick, its label says ∞ or NaN
                style = (0, MAX_LINK_PX, link.name in weights)
            if style == link.style:
                continue
            link.style = style
            pens = self._pens.get(style)
            if pens is None:
                sign, width, on = style
                color = c.positive if sign > 0 else c.negative if sign < 0 else c.zero
                pen = QPen(color, width)
                pen.setCosmetic(True)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                border = QPen(c.highlight if on else color, 3 if on else 1.5)
                border.setCosmetic(True)
                pens = self._pens[style] = (pen, border)
            link.setPen(pens[0])
            self.labels[key].set_style(c.base, pens[1], c.text)


    @contextmanager
    def everything_shown(self):
        """Node texts hidden at the view's zoom are shown for an export."""
        hidden = [item for node in self.nodes.values() for item in (node.name_item, node.value_item)
                  if not item.isVisible()]
        for item in hidden:
            item.setVisible(True)
        try:
            yield
        finally:
            for item in hidden:
                item.setVisible(False)


def target_key(layers: tuple[int, ...], l: int, row: int) -> NodeKey:
    """The node that weight row ``row`` of layer ``l`` feeds (hidden layers have a bias at 0)."""
    return (l + 1, row if l + 1 == len(layers) - 1 else row + 1)


def _xy(p: QPointF) -> tuple[float, float]:
    return p.x(), p.y()

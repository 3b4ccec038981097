"""The diagram's scene: one item per unit and weight label, one per link kept by the item that
draws all links, kept in dicts keyed like the core's arrays and updated in place; rebuilt only
when the network's shape changes.

Keys: nodes ``(layer, index)`` where ``index`` indexes ``snapshot.unit_names[layer]`` (the bias
unit is index 0 in every layer but the output); weights ``(l, row, col)`` as in
``snapshot.weights[l][row, col]`` (column 0 is the bias unit of layer ``l``).
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsScene

from ...core import naming
from ...core.activations import get_activation
from ...core.numbers import fmt
from ...core.hidden import NOTE, Hidden
from ...core.snapshot import Snapshot
from . import controls
from .items import LabelNumbers, NodeItem, NodeKey, TextBox, WeightKey, WeightLabel
from .links import LinkItem, LinkLayer
from .layout import PAD_X, Layout, TextMetrics, layout, target_of
from ..theme import mix
from .style import DIM_OPACITY, MAX_LINK_PX, MIN_LINK_PX, Z_CAPTION, Z_LINK, Z_LINK_HIGH, Colors, font

MAX_TITLE_TARGETS = 4  # the output's title lists the targets of up to this many outputs


HIDDEN_VALUE = "?"  # in place of a value an open practice question asks for


class DiagramScene(QGraphicsScene):
    """The items drawn for the latest snapshot. Read ``nodes``, ``links``, ``labels``,
    ``details`` and ``titles``; change them only through the methods here."""

    def __init__(self, colors: Colors, parent=None):
        super().__init__(parent)
        # No spatial index: every unit and link is on screen and painted in every frame, so an
        # index saves nothing, while keeping one costs each changed pen (its width moves the
        # link's bounds) ~40 µs in a BSP tree built before the layout placed the items
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.nodes: dict[NodeKey, NodeItem] = {}
        self.links: dict[WeightKey, LinkItem] = {}
        self.link_layer: LinkLayer | None = None
        self.labels: dict[WeightKey, WeightLabel] = {}
        self.numbers = LabelNumbers()  # what the labels show
        self.details: dict[NodeKey, TextBox] = {}
        self.titles: dict[int, TextBox] = {}
        self.controls: dict[tuple[str, int], controls.ControlButton] = {}  # the architecture buttons
        self.order: list[WeightKey] = []  # the weights in Tab order
        self.weight_keys: dict[str, WeightKey] = {}  # by name
        self.node_links: dict[NodeKey, list[WeightKey]] = {}  # the links into and out of a unit
        self.layers: tuple[int, ...] | None = None
        self.snapshot: Snapshot | None = None
        self.layout: Layout | None = None
        self.show_details = False
        self.colors = colors
        self.highlighted: tuple[set[str], set[str]] = (set(), set())
        self.asked: frozenset[str] = frozenset()  # weights an open practice question reads: labels placed first
        self.hidden = Hidden()  # values still asked by practice questions: not shown
        self._maps: tuple[dict | None, tuple[str, str | None]] = (None, ("", None))  # the last set_unit_maps
        self._planned: tuple | None = None  # what the layout was made for
        self._pens: dict[tuple, tuple[QPen, QPen]] = {}
        # what the last titles and text metrics were computed for: a training frame changes
        # neither, and measuring every text again took a fifth of the diagram's frame
        self._titles_for: tuple | None = None
        self._metrics: tuple[tuple, TextMetrics] | None = None

    # -- building ------------------------------------------------------------------------------
    def rebuild(self, snap: Snapshot, base: QFont) -> None:
        """New items for ``snap``'s shape (the old ones are deleted); fonts and places follow
        from :meth:`relayout`."""
        # forget the items before the scene deletes them: clear() emits selectionChanged
        self.nodes.clear(), self.links.clear(), self.labels.clear(), self.details.clear(), self.titles.clear()
        self.controls.clear()
        self.link_layer = None
        with QSignalBlocker(self):
            self.clear()
        self.layers = snap.layers
        self.layout, self._planned = None, None
        self.numbers = LabelNumbers()
        self._titles_for = self._metrics = None
        for layer, names in enumerate(snap.unit_names):
            for index, name in enumerate(names):
                bias = snap.has_bias(layer) and index == 0
                node = NodeItem((layer, index), name, bias)
                self.addItem(node)
                self.nodes[(layer, index)] = node
                if layer > 0 and not bias:
                    caption = TextBox(base)
                    caption.setZValue(Z_CAPTION)
                    caption.setVisible(self.show_details)
                    self.addItem(caption)
                    self.details[(layer, index)] = caption
            title = TextBox(base)
            self.addItem(title)
            self.titles[layer] = title
        self.controls = controls.build(self, list(snap.layers), base)
        self.node_links = {key: [] for key in self.nodes}
        layer = self.link_layer = LinkLayer()  # every link, drawn by one item
        self.addItem(layer)
        for l, w in enumerate(snap.weights):
            for row in range(w.shape[0]):
                for col in range(w.shape[1]):
                    key = (l, row, col)
                    name = snap.weight_names[l][row][col]
                    link = layer.add(key, name)
                    label = WeightLabel(key, name, base, self.numbers)
                    source, target = (l, col), target_of(snap.layers, l, row)
                    label.setToolTip(f"{name}: {snap.unit_names[l][col]} → {self.nodes[target].name}\n"
                                     "Double-click or Enter to edit; ↑/↓ or the wheel to nudge (Shift: finer)")
                    self.addItem(label)
                    self.links[key], self.labels[key] = link, label
                    self.weight_keys[name] = key
                    self.node_links[source].append(key)
                    self.node_links[target].append(key)
        self.order = sorted(self.labels)

    def set_unit_maps(self, maps: dict | None, axes: tuple[str, str | None] = ("", None)) -> None:
        """Draw inside every hidden and output unit its map (``maps[(layer, j)] = (image, lo, hi)``
        as ``gui.heatmap.unit_images`` makes them, over the plane of inputs ``axes``); None: none.
        A unit whose map would give an open practice question away (``self.hidden``) gets none,
        and its tooltip says so."""
        self._maps = (maps, axes)
        self.draw_unit_maps()

    def draw_unit_maps(self) -> None:
        """The maps last set, drawn again as ``self.hidden`` allows."""
        maps, axes = self._maps
        last = len(self.layers or ()) - 1
        p = self.snapshot.precision if self.snapshot is not None else 4
        across = f"{axes[0]} across" + (f", {axes[1]} up" if axes[1] else "")
        for (layer, index), node in self.nodes.items():
            if layer == 0 or node.bias:
                continue
            entry = maps.get((layer, index - 1 if layer < last else index)) if maps else None
            if entry and self.hidden.hides_map(node.name):
                node.map.set_image(None)
                node.map.caption = f"\nIts map is {NOTE}"
                continue
            node.map.set_image(entry[0] if entry else None)
            node.map.caption = (f"\nThe colours: {node.name} for every input on the plane ({across}): "
                                f"orange {fmt(entry[1], p)}, blue {fmt(entry[2], p)}" if entry else "")

    def set_show_details(self, show: bool) -> None:
        self.show_details = show
        for item in self.details.values():
            item.setVisible(show)

    def relayout(self, base: QFont, width: float, height: float, force: bool = False) -> bool:
        """Place everything for a ``width`` × ``height`` pane (items are kept): again only if
        the size, precision, details or titles changed. True if done.

        Never for a number's text: labels and captions keep the width of the widest fraction
        the precision gives (``−0.1235``), and a wider text (``−3.142e−5``, ``−12.3456``) is
        drawn condensed in it, so that a weight crossing zero in training moves nothing
        (laying out 2-16-16-1 or 16-16-16 again took 76–92 ms, and some 30 shown labels jumped)."""
        snap = self.snapshot
        text = self._text_metrics(base)
        key = (round(width), round(height), snap.precision, self.show_details)
        if not force and self._planned is not None and self._planned[0] == key:
            planned: TextMetrics = self._planned[1]
            if (text.title_em <= planned.title_em * 1.05 and text.end_title_em <= planned.end_title_em * 1.05
                    and text.title_lines <= planned.title_lines):
                return False
        self._planned = (key, text)
        lay = self.layout = layout(snap.layers, width, height, text, self.show_details)
        name_font, value_font = font(base, lay.name_px, bold=True), font(base, lay.value_px)
        for key, node in self.nodes.items():
            node.setPos(*lay.nodes[key])
            node.set_geometry(lay.shape, lay.node_w, lay.node_h, name_font, value_font)
        detail_font = font(base, lay.detail_px)
        for key, caption in self.details.items():
            caption.set_font(detail_font, lay.detail_size[0] - 2 * PAD_X)
            if key in lay.details:
                caption.setPos(*lay.details[key])
        title_font = font(base, lay.title_px)
        for layer, title in self.titles.items():
            title.set_font(title_font)
            title.setPos(*lay.titles[layer])
        controls.place(self.controls, lay, title_font)
        label_font, label_w = font(base, lay.label_px), lay.label_size[0] - 2 * PAD_X
        for (l, row, col), link in self.links.items():
            (x0, y0), (x1, y1) = lay.nodes[(l, col)], lay.nodes[target_of(snap.layers, l, row)]
            link.setLine(x0, y0, x1, y1)
            label = self.labels[(l, row, col)]
            label.set_font(label_font, label_w)
            label.setPos(*lay.labels[(l, row, col)])
        self.setSceneRect(QRectF(0, 0, lay.width, lay.height))
        return True

    def _text_metrics(self, base: QFont) -> TextMetrics:
        """How wide the texts are, in ems of the fonts they are drawn with: the unit names and
        titles shown, and for every number the widest fraction at the display precision."""
        snap, em = self.snapshot, 100
        number = fmt(-0.123456789, snap.precision)  # every number's room: a wider one is condensed
        names = max((n.name for n in self.nodes.values()), key=len, default="X0")
        lines = [line for title in self.titles.values() for line in title.text().split("\n")]
        key = (base.key(), names, tuple(lines), number)
        if self._metrics is not None and self._metrics[0] == key:
            return self._metrics[1]
        plain, bold = QFontMetricsF(font(base, em)), QFontMetricsF(font(base, em, bold=True))
        number_em = plain.horizontalAdvance(number) / em
        metrics = TextMetrics(name_em=bold.horizontalAdvance(names) / em, value_em=number_em, label_em=number_em,
                              title_em=max(plain.horizontalAdvance(line) for line in lines) / em,
                              end_title_em=max(plain.horizontalAdvance(line) for layer in (0, len(self.titles) - 1)
                                               for line in self.titles[layer].text().split("\n")) / em,
                              line_em=plain.height() / em,
                              title_lines=max(title.text().count("\n") + 1 for title in self.titles.values()))
        self._metrics = (key, metrics)
        return metrics

    def highlighted_keys(self) -> frozenset[WeightKey]:
        """The highlighted weights, by key."""
        return self._keys(self.highlighted[1])

    def asked_keys(self) -> frozenset[WeightKey]:
        """The weights an open practice question reads, by key."""
        return self._keys(self.asked)

    def _keys(self, names) -> frozenset[WeightKey]:
        return frozenset(self.weight_keys[name] for name in names if name in self.weight_keys)

    def show_labels(self, shown: dict[WeightKey, tuple[float, float]]) -> None:
        """Show exactly these weight labels, centred there (see :func:`layout.visible_labels`)."""
        for key, label in self.labels.items():
            place = shown.get(key)
            if place is not None and (label.x(), label.y()) != place:
                label.setPos(*place)
            if label.isVisible() != (place is not None):
                label.setVisible(place is not None)

    # -- updating ------------------------------------------------------------------------------
    def update_values(self, snap: Snapshot) -> None:
        """Every unit's value, its a and δ, and every weight, for the selected sample; a value
        that an open practice question asks for (``self.hidden``) shows as "?"."""
        p, s, hidden = snap.precision, snap.selected, self.hidden
        for (layer, index), node in self.nodes.items():
            if node.bias:
                node.set_value(fmt(1.0, p))
                node.set_tip(f"{node.name}: bias unit, always 1")
                continue
            if layer == 0:
                z = snap.inputs[s, index - 1]
                node.set_value(fmt(z, p))
                node.set_tip(f"{node.name} = {fmt(z, p)}\ninput of sample {s}")
                continue
            j = index - 1 if snap.has_bias(layer) else index
            a, z, d = (HIDDEN_VALUE if hidden.hides(s, node.name, what) else fmt(v, p)
                       for v, what in ((snap.a[layer - 1][s, j], "a"), (snap.z[layer - 1][s, j], "z"),
                                       (snap.deltas[layer - 1][j], "δ")))
            node.set_value(z)
            target = f"\ntarget {fmt(snap.targets[s, j], p)}" if layer == len(snap.layers) - 1 else ""
            node.set_tip(f"{node.name}, sample {s}\na = {a}  (weighted sum)\nz = {z}  (activation)\n"
                         f"δ = {d}  (dL/da){target}{node.map.caption}")
            self.details[(layer, index)].setText(f"a = {a}\nδ = {d}")
        self.numbers.set([w.tolist() for w in snap.weights], p)  # formats the labels on screen
        self._update_titles()

    def _update_titles(self) -> None:
        snap = self.snapshot
        shown_for = (snap.layers, snap.activations, snap.precision, tuple(snap.targets[snap.selected]))
        if shown_for == self._titles_for:
            return
        self._titles_for = shown_for
        layers = list(snap.layers)
        for layer, title in self.titles.items():
            text = naming.layer_title(layers, layer)
            if layer > 0:
                text += f" · {get_activation(snap.activations[layer - 1]).label}"
            if layer == len(layers) - 1:
                targets = snap.targets[snap.selected]
                # many outputs: a line of targets would be wider than the diagram
                text += (f"\ntarget {', '.join(fmt(t, snap.precision) for t in targets)}" if len(targets) <= MAX_TITLE_TARGETS
                         else "\ntargets: in each unit's tooltip")
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
        for button in self.controls.values():
            button.style(c)
        if self.snapshot is not None:
            self.update_link_styles(self.snapshot)

    def update_link_styles(self, snap: Snapshot) -> None:
        """Sign as colour, magnitude as width (relative to the largest |w|); only what changed."""
        c, weights = self.colors, self.highlighted[1]
        magnitudes = [np.abs(w[np.isfinite(w)]) for w in snap.weights]
        largest = max((float(a.max()) for a in magnitudes if a.size), default=0.0)
        scale = (MAX_LINK_PX - MIN_LINK_PX) / largest if largest > 0 else 0.0
        with np.errstate(all="ignore"):  # per layer at once: the same sums as one by one
            finite = [np.isfinite(w).tolist() for w in snap.weights]
            signs = [np.sign(w).tolist() for w in snap.weights]
            widths = [(MIN_LINK_PX + np.abs(w) * scale).tolist() for w in snap.weights]
        for key, link in self.links.items():
            l, row, col = key
            if finite[l][row][col]:
                width = widths[l][row][col]
                # to a tenth of a pixel (no visible difference): a weight that moved a little
                # keeps its pen, and a new pen costs the link layer its draw runs and a repaint
                style = (int(signs[l][row][col]), round(width, 1), link.name in weights)
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
                # flat: a link ends at unit centres, under the opaque units, so a cap never
                # shows; round caps made Qt stroke every wide antialiased line as a path
                # (repainting 544 links took ~0.2 s, flat ~0.04 s)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                border = QPen(c.highlight if on else color, 3 if on else 1.5)
                border.setCosmetic(True)
                pens = self._pens[style] = (pen, border)
            link.setPen(pens[0])
            self.labels[key].set_style(c.base, pens[1], c.text)


    @contextmanager
    def exported(self, shown: dict[WeightKey, tuple[float, float]]):
        """Drawn as the fitted view: every unit's texts, and the labels ``shown`` there, which
        scale with the picture instead of keeping their size on screen."""
        hidden = [item for node in self.nodes.values() for item in (node.name_item, node.value_item)
                  if not item.isVisible()] + [title for title in self.titles.values() if not title.isVisible()]
        hidden += [c for c in self.details.values() if self.show_details and not c.isVisible()]
        buttons = [button for button in self.controls.values() if button.isVisible()]
        for button in buttons:  # the picture shows the network, not the editor
            button.setVisible(False)
        before = {key: (label.x(), label.y()) for key, label in self.labels.items() if label.isVisible()}
        flag = WeightLabel.GraphicsItemFlag.ItemIgnoresTransformations
        for item in hidden:
            item.setVisible(True)
        for label in self.labels.values():
            label.setFlag(flag, False)
        self.show_labels(shown)
        try:
            yield
        finally:
            for item in hidden:
                item.setVisible(False)
            for button in buttons:
                button.setVisible(True)
            for label in self.labels.values():
                label.setFlag(flag, True)
            self.show_labels(before)

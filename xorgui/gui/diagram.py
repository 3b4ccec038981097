"""The network diagram: every unit and weight of the network, live, with in-place editing.

:class:`DiagramView` draws the :class:`~xorgui.core.snapshot.Snapshot` that the controller
publishes. Items are created once per network shape and kept in dicts keyed like the core's
arrays; an ordinary update only changes texts, colours and pen widths. Edits are forwarded to
the controller (``edit_weight``, ``nudge_weight``); the view never writes into the model.

Keys: nodes ``(layer, index)`` where ``index`` indexes ``snapshot.unit_names[layer]`` (the bias
unit is index 0 in every layer but the output); weights ``(l, row, col)`` as in
``snapshot.weights[l][row, col]`` (column 0 is the bias unit of layer ``l``).
"""

from __future__ import annotations

import math
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QImage, QKeySequence, QPainter,
                           QPainterPath, QPalette, QPen)
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem, QGraphicsScene,
                               QGraphicsSimpleTextItem, QGraphicsView, QLineEdit, QToolTip, QWidget)

from ..core import naming
from ..core.numbers import fmt
from ..core.snapshot import Snapshot

NodeKey = tuple[int, int]
WeightKey = tuple[int, int, int]

DIM_OPACITY = 0.18  # what is not highlighted fades to this
NUDGE, FINE_NUDGE = 0.1, 0.01
MIN_LINK_PX, MAX_LINK_PX = 1.0, 8.0
MIN_LEGIBLE_PX = 5.0  # weight labels smaller than this on screen are not painted at all
ZOOM_STEP = 1.25
ASPECT = 1.45  # width / height the layout aims for (a typical diagram pane)
MAX_ZOOM = 12.0  # times the fitted scale
ERROR_RED = "#d32f2f"
Z_LINK, Z_LINK_HIGH, Z_NODE, Z_CAPTION, Z_LABEL, Z_LABEL_SELECTED = 0, 1, 2, 3, 4, 5


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


@dataclass
class Colors:
    """The diagram's colours, derived from a palette so that light and dark themes both work."""

    base: QColor
    text: QColor
    muted: QColor
    node_fill: QColor
    input_fill: QColor
    bias_fill: QColor
    node_border: QColor
    positive: QColor
    negative: QColor
    zero: QColor
    highlight: QColor

    @classmethod
    def from_palette(cls, pal: QPalette) -> "Colors":
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        dark = base.lightnessF() < 0.5
        return cls(
            base=base, text=text, muted=_mix(base, text, 0.62),
            node_fill=_mix(base, text, 0.04), input_fill=_mix(base, text, 0.09),
            bias_fill=_mix(base, text, 0.17), node_border=_mix(base, text, 0.72),
            # blue / orange-red: distinguishable for the common colour blindnesses, and contrasting
            # with the background in either theme
            positive=QColor("#64b0ff" if dark else "#1c64c8"),
            negative=QColor("#ff8a57" if dark else "#d2460f"),
            zero=_mix(base, text, 0.4),
            highlight=QColor("#ffd54a" if dark else "#e0a100"),
        )


@dataclass(frozen=True)
class Metrics:
    """Sizes in scene units for one network shape and display precision."""

    name_px: int
    value_px: int
    label_px: int
    detail_px: int
    title_px: int
    radius: float  # node radius
    unit_gap: float  # vertical distance between unit centres
    layer_gap: float  # horizontal distance between layer centres
    label_w: float  # widest expected weight label (used to place labels)
    label_h: float
    detail_h: float  # height of the a/δ caption under a node (0 when hidden)

    @classmethod
    def for_shape(cls, layers: tuple[int, ...], precision: int, details: bool, font: QFont,
                  widest_label: str = "") -> "Metrics":
        links = max((layers[l] + 1) * layers[l + 1] for l in range(len(layers) - 1))
        units = max(n + (i < len(layers) - 1) for i, n in enumerate(layers))
        dense = links > 24 or units > 6
        name_px, value_px, label_px, detail_px, title_px = (13, 15, 13, 12, 15) if dense else (22, 28, 26, 20, 20)
        sample = fmt(-0.123456789, precision)
        value_w = _font_metrics(font, value_px).horizontalAdvance(sample)
        radius = max(26.0 if dense else 40.0, value_w / 2 + 9)
        lfm = _font_metrics(font, label_px)
        label_w = max(lfm.horizontalAdvance(sample), lfm.horizontalAdvance(widest_label)) + 2 * TextBox.PAD_X
        label_h = lfm.height() + 2 * TextBox.PAD_Y
        detail_h = 2 * _font_metrics(font, detail_px).height() + 2 * TextBox.PAD_Y + 4 if details else 0.0
        unit_gap = 2 * radius + (22 if dense else 44) + detail_h
        if dense:
            layer_gap = min(max(4.4 * radius + 2.2 * label_w, 280 + 3.0 * links), 3.2 * radius + 5.0 * label_w)
        else:
            layer_gap = max(3.0 * radius + 1.8 * label_w, 300 + 3.0 * links)
            # use the width of a typical 3:2 view: more room for the labels at no cost in scale
            n = max(layers)
            height = (n - 1) * unit_gap + 3.9 * radius + 62 + detail_h + 2.2 * title_px
            wide = (ASPECT * height - 2 * radius) / (len(layers) - 1)
            layer_gap = min(max(layer_gap, wide), 1.35 * layer_gap)
        return cls(name_px, value_px, label_px, detail_px, title_px, radius, unit_gap, layer_gap,
                   label_w, label_h, detail_h)


def _font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def _font_metrics(base: QFont, px: int) -> QFontMetricsF:
    return QFontMetricsF(_font(base, px))


# -- items ------------------------------------------------------------------------------------

class TextBox(QGraphicsItem):
    """Text centred on the item's position, on an opaque rounded background."""

    PAD_X, PAD_Y, RADIUS = 7.0, 2.0, 7.0

    def __init__(self, font: QFont, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self._font = QFont(font)
        self._fm = QFontMetricsF(self._font)
        self._text = ""
        self._rect = QRectF()
        self._text_rect = QRectF()
        self.fill: QBrush = QBrush(Qt.BrushStyle.NoBrush)
        self.border = QPen(Qt.PenStyle.NoPen)
        self.text_color = QColor(Qt.GlobalColor.black)
        self.hide_when_tiny = False

    def text(self) -> str:
        return self._text

    def font(self) -> QFont:
        return QFont(self._font)

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        lines = text.split("\n")
        w = math.ceil(max(self._fm.horizontalAdvance(line) for line in lines))
        h = self._fm.height() * len(lines)
        rect = QRectF(-w / 2 - self.PAD_X, -h / 2 - self.PAD_Y, w + 2 * self.PAD_X, h + 2 * self.PAD_Y)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self._text_rect = QRectF(-w / 2, -h / 2, w, h)
        self.update()

    def set_style(self, fill: QColor | None, border: QPen, text_color: QColor) -> None:
        self.fill = QBrush(fill) if fill is not None else QBrush(Qt.BrushStyle.NoBrush)
        self.border = border
        self.text_color = text_color
        self.update()

    def box(self) -> QRectF:
        """The background rectangle in item coordinates."""
        return QRectF(self._rect)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-3, -3, 3, 3)  # room for a selection border of up to 4 px

    def _pen(self, option) -> QPen:
        return self.border

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.hide_when_tiny:
            lod = option.levelOfDetailFromTransform(painter.worldTransform())
            if lod * self._font.pixelSize() < MIN_LEGIBLE_PX:
                return
        painter.setPen(self._pen(option))
        painter.setBrush(self.fill)
        painter.drawRoundedRect(self._rect, self.RADIUS, self.RADIUS)
        painter.setFont(self._font)
        painter.setPen(self.text_color)
        painter.drawText(self._text_rect, Qt.AlignmentFlag.AlignCenter, self._text)


class WeightLabel(TextBox):
    """The number on a link: selectable, focusable; the view opens its editor."""

    def __init__(self, key: WeightKey, name: str, font: QFont):
        super().__init__(font)
        self.key = key
        self.name = name
        self.selected_pen = QPen()
        self.dimmed = False
        self.hide_when_tiny = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_LABEL)

    def _pen(self, option) -> QPen:
        return self.selected_pen if self.isSelected() else self.border


class LinkItem(QGraphicsLineItem):
    """A link from a source unit to a target unit; the pen shows the weight."""

    def __init__(self, key: WeightKey, name: str):
        super().__init__()
        self.key, self.name = key, name
        self.dimmed = False
        self.style: tuple | None = None  # (sign, width, highlighted) last drawn
        self.setToolTip(name)
        self.setZValue(Z_LINK)


class NodeItem(QGraphicsPathItem):
    """A unit: a circle (a rounded square for a bias unit) with its name and value inside."""

    def __init__(self, key: NodeKey, name: str, bias: bool, name_font: QFont, value_font: QFont):
        super().__init__()
        self.key, self.name, self.bias = key, name, bias
        self.name_item = QGraphicsSimpleTextItem(name, self)
        self.name_item.setFont(name_font)
        self.value_item = QGraphicsSimpleTextItem("", self)
        self.value_item.setFont(value_font)
        self.radius = 0.0
        self.dimmed = False  # drawn faded by highlight()
        self.setZValue(Z_NODE)

    def value_text(self) -> str:
        return self.value_item.text()

    def set_radius(self, radius: float) -> None:
        self.radius = radius
        path = QPainterPath()
        if self.bias:
            side = 1.72 * radius
            path.addRoundedRect(QRectF(-side / 2, -side / 2, side, side), 12, 12)
        else:
            path.addEllipse(QPointF(0, 0), radius, radius)
        self.setPath(path)
        self._centre(self.name_item, -0.36 * radius)
        self._centre(self.value_item, 0.30 * radius)

    def set_value(self, text: str) -> None:
        if text != self.value_item.text():
            self.value_item.setText(text)
            self._centre(self.value_item, 0.30 * self.radius)

    def _centre(self, item: QGraphicsSimpleTextItem, y: float) -> None:
        """Centre ``item`` at (0, y), shrinking it if it is wider than the node."""
        rect = item.boundingRect()
        room = 1.7 * self.radius
        scale = min(1.0, room / rect.width()) if rect.width() > 0 else 1.0
        item.setScale(scale)
        item.setPos(-rect.width() * scale / 2, y - rect.height() * scale / 2)


class WeightEditor(QLineEdit):
    """The in-place editor. ``commit_requested(step)``: 0 = stay, +1 next weight, −1 previous."""

    commit_requested = Signal(int)
    cancel_requested = Signal()

    def __init__(self, key: WeightKey, parent: QWidget):
        super().__init__(parent)
        self.key = key
        self.error = ""
        self.textEdited.connect(lambda _text: self.set_error(""))

    def set_error(self, message: str) -> None:
        self.error = message
        self.setToolTip(message)
        self.setStyleSheet(f"QLineEdit {{ border: 2px solid {ERROR_RED}; border-radius: 3px; }}" if message else "")
        if message:
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)

    def event(self, event: QEvent) -> bool:
        # Tab must reach us before QWidget's focus chain takes it
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.commit_requested.emit(-1 if back else 1)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit_requested.emit(0)
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
        else:
            super().keyPressEvent(event)


# -- layout ------------------------------------------------------------------------------------

def place_labels(segments: np.ndarray, sizes: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """Where along each link its label goes, as a fraction ``t`` from source to target.

    ``segments`` is ``(n, 4)`` (x0, y0, x1, y1), ``sizes`` ``(n, 2)`` label width and height,
    ``obstacles`` ``(m, 4)`` rectangles (left, top, right, bottom) labels should avoid. Greedy:
    each label takes the candidate position that overlaps least with labels already placed,
    with obstacles, and with other links, preferring positions staggered by target row.
    """
    n = len(segments)
    ts = np.linspace(0.14, 0.86, 37)
    placed = np.empty((0, 4))
    x0, y0, x1, y1 = segments.T
    # links into the same target converge: stagger their preferred positions by target
    targets = {(a, b): i for i, (a, b) in enumerate(sorted({(round(x), round(y)) for x, y in zip(x1, y1)}))}
    n_targets = max(len(targets), 1)
    result = np.empty(n)
    order = sorted(range(n), key=lambda i: (abs(y1[i] - y0[i]), i))  # flat links first: least room
    for i in order:
        w, h = sizes[i] + 12.0  # a little air between boxes
        cx = x0[i] + ts * (x1[i] - x0[i])
        cy = y0[i] + ts * (y1[i] - y0[i])
        boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
        area = w * h
        cost = 10.0 * _overlap(boxes, placed).sum(axis=1) / area
        cost += 10.0 * _overlap(boxes, obstacles).sum(axis=1) / area
        others = np.arange(n) != i
        dist = _distance_to_segments(cx, cy, segments[others])
        cost += 0.35 * (dist < h * 0.55).sum(axis=1)
        rank = targets[(round(x1[i]), round(y1[i]))]
        pref = 0.5 if n_targets == 1 else 0.3 + 0.4 * rank / (n_targets - 1)
        cost += 3.0 * (ts - pref) ** 2
        best = int(np.argmin(cost))
        result[i] = ts[best]
        placed = np.vstack([placed, boxes[best]])
    return result


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Overlap areas, ``(len(boxes), len(others))``."""
    if len(others) == 0:
        return np.zeros((len(boxes), 1))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _distance_to_segments(px: np.ndarray, py: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Distances from points ``(k,)`` to segments ``(m, 4)``: ``(k, m)``."""
    if len(segs) == 0:
        return np.full((len(px), 1), np.inf)
    ax, ay, bx, by = (segs[:, j][None, :] for j in range(4))
    dx, dy = bx - ax, by - ay
    length2 = np.maximum(dx * dx + dy * dy, 1e-9)
    t = np.clip(((px[:, None] - ax) * dx + (py[:, None] - ay) * dy) / length2, 0, 1)
    return np.hypot(px[:, None] - (ax + t * dx), py[:, None] - (ay + t * dy))


# -- the view ----------------------------------------------------------------------------------

class DiagramView(QGraphicsView):
    """The live network diagram.

    Signals: ``weight_selected(l, row, col)`` when a weight label becomes selected.
    Attributes ``nodes``, ``links``, ``labels`` map keys to the items drawn (read them, do not
    change them).
    """

    weight_selected = Signal(int, int, int)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nodes: dict[NodeKey, NodeItem] = {}
        self.links: dict[WeightKey, LinkItem] = {}
        self.labels: dict[WeightKey, WeightLabel] = {}
        self.details: dict[NodeKey, TextBox] = {}
        self.titles: dict[int, TextBox] = {}
        self._order: list[WeightKey] = []
        self._layers: tuple[int, ...] | None = None
        self._snapshot: Snapshot | None = None
        self._metrics: Metrics | None = None
        self._layout_key: tuple | None = None
        self._show_details = False
        self._zoomed = False
        self._highlight: tuple[set[str], set[str]] = (set(), set())
        self._editor: WeightEditor | None = None
        self._last_selected: WeightKey | None = None
        self._wheel_rest = 0
        self._pens: dict[tuple, tuple[QPen, QPen]] = {}
        self.colors = Colors.from_palette(self.palette())
        # Not a bound method: deleting the view deletes selected items, whose selectionChanged
        # would otherwise call into the half-destroyed view (a crash in PySide6 6.12).
        self._scene.selectionChanged.connect(partial(_selection_changed, weakref.ref(self)))
        controller.snapshot_changed.connect(self.show_snapshot)
        controller.session_replaced.connect(self._on_session_replaced)
        self.show_snapshot(controller.snapshot)

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # -- public commands ---------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render ``snapshot``: in place, unless the layer sizes differ from those drawn."""
        rebuilt = snapshot.layers != self._layers
        if rebuilt:
            self._rebuild(snapshot)
        self._snapshot = snapshot
        self._update_values(snapshot)
        self._relayout_if_needed(force=rebuilt)
        if rebuilt:
            self._update_styles()
            self.reset_zoom()
        else:
            self._update_link_styles(snapshot)

    def set_show_details(self, show: bool) -> None:
        """Also show the weighted sum ``a`` and ``δ`` under every hidden and output unit."""
        if show == self._show_details:
            return
        self._show_details = show
        for item in self.details.values():
            item.setVisible(show)
        if self._snapshot is not None:
            self._relayout_if_needed()

    def show_details(self) -> bool:
        return self._show_details

    def highlight(self, units: set[str], weights: set[str]) -> None:
        """Emphasise the named units and weights and dim everything else; empty sets clear it."""
        self._highlight = (set(units), set(weights))
        self._update_styles()

    def select_weight(self, l: int, row: int, col: int) -> None:
        """Select one weight label (and give it the keyboard focus)."""
        label = self.labels[(l, row, col)]
        self._scene.clearSelection()
        label.setSelected(True)
        label.setFocus()
        if self._zoomed:
            self.ensureVisible(label)

    def selected_weight(self) -> WeightKey | None:
        for item in self._scene.selectedItems():
            if isinstance(item, WeightLabel):
                return item.key
        return None

    def open_editor(self, l: int, row: int, col: int) -> WeightEditor:
        """Open the in-place editor on a weight (closing any other without committing)."""
        key = (l, row, col)
        if self._editor is not None:
            if self._editor.key == key:
                return self._editor
            self.close_editor()
        self.select_weight(*key)
        editor = WeightEditor(key, self.viewport())
        editor.setText(repr(float(self._snapshot.weights[l][row, col])))
        editor.setToolTip("")
        editor.setPlaceholderText(self._snapshot.weight_names[l][row][col])
        editor.commit_requested.connect(self.commit_editor)
        editor.cancel_requested.connect(self.close_editor)
        self._editor = editor
        self._place_editor()
        editor.show()
        editor.selectAll()
        editor.setFocus()
        return editor

    def editor(self) -> WeightEditor | None:
        """The open in-place editor, if any."""
        return self._editor

    def commit_editor(self, step: int = 0) -> bool:
        """Send the editor's text to the controller. Refused: the editor stays open, marked red,
        with the reason as its tooltip. Accepted: it closes, or moves ``step`` weights on."""
        editor = self._editor
        if editor is None:
            return True
        errors: list[str] = []

        def collect(text: str, level: str) -> None:
            if level == "error":
                errors.append(text)
        self.controller.message.connect(collect)
        try:
            ok = self.controller.edit_weight(*editor.key, editor.text())
        finally:
            self.controller.message.disconnect(collect)
        if not ok:
            editor.set_error(errors[-1] if errors else "Not accepted")
            editor.setFocus()
            return False
        key = editor.key
        self.close_editor()
        if step:
            i = self._order.index(key)
            self.open_editor(*self._order[(i + step) % len(self._order)])
        return True

    def close_editor(self) -> None:
        """Close the editor without committing."""
        editor, self._editor = self._editor, None
        if editor is None:
            return
        had_focus = editor.hasFocus()
        editor.hide()
        editor.deleteLater()
        QToolTip.hideText()
        if had_focus:
            self.setFocus()

    def nudge_selected(self, delta: float) -> bool:
        """Add ``delta`` to the selected weight, if one is selected."""
        key = self.selected_weight()
        return key is not None and self.controller.nudge_weight(*key, delta)

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def reset_zoom(self) -> None:
        """Fit the whole diagram in the view again, and keep fitting it on resize."""
        self._zoomed = False
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self._fit()

    def is_zoomed(self) -> bool:
        return self._zoomed

    def render_png(self, path: str | Path) -> bool:
        """Save the diagram as a PNG at twice the scene's size. False if it could not be written."""
        try:
            source = self._scene.sceneRect()
            image = QImage((source.size() * 2).toSize(), QImage.Format.Format_ARGB32)
            image.fill(self.colors.base)
            painter = QPainter(image)
            try:
                painter.setRenderHints(self.renderHints())
                with self._everything_shown():
                    self._scene.render(painter, QRectF(image.rect()), source)
            finally:
                painter.end()
            return image.save(str(path), "PNG")
        except Exception:  # noqa: BLE001 - an export must never take the window down
            return False

    def render_svg(self, path: str | Path) -> bool:
        """Save the diagram as SVG. False if it could not be written."""
        try:
            from PySide6.QtSvg import QSvgGenerator
            source = self._scene.sceneRect()
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(source.size().toSize())
            generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
            generator.setTitle("xorgui network diagram")
            painter = QPainter()
            if not painter.begin(generator):
                return False
            try:
                painter.setRenderHints(self.renderHints())
                painter.fillRect(QRectF(0, 0, source.width(), source.height()), self.colors.base)
                with self._everything_shown():
                    self._scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
            finally:
                painter.end()
            return Path(path).is_file() and Path(path).stat().st_size > 0
        except Exception:  # noqa: BLE001
            return False

    @contextmanager
    def _everything_shown(self):
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

    # -- building ------------------------------------------------------------------------------
    def _on_session_replaced(self) -> None:
        # The new snapshot follows; show_snapshot rebuilds if its layer sizes differ.
        self.close_editor()

    def _rebuild(self, snap: Snapshot) -> None:
        self.close_editor()
        # forget the items before the scene deletes them: clear() emits selectionChanged
        self.nodes.clear(), self.links.clear(), self.labels.clear(), self.details.clear(), self.titles.clear()
        with QSignalBlocker(self._scene):
            self._scene.clear()
        self._layers = snap.layers
        self._last_selected = None
        self._layout_key = None
        m = Metrics.for_shape(snap.layers, snap.precision, self._show_details, self.font())
        base = self.font()
        for layer, names in enumerate(snap.unit_names):
            for index, name in enumerate(names):
                bias = snap.has_bias(layer) and index == 0
                node = NodeItem((layer, index), name, bias, _font(base, m.name_px, bold=True),
                                _font(base, m.value_px))
                self._scene.addItem(node)
                self.nodes[(layer, index)] = node
                if layer > 0 and not bias:
                    caption = TextBox(_font(base, m.detail_px))
                    caption.setZValue(Z_CAPTION)
                    caption.setVisible(self._show_details)
                    self._scene.addItem(caption)
                    self.details[(layer, index)] = caption
            title = TextBox(_font(base, m.title_px))
            self._scene.addItem(title)
            self.titles[layer] = title
        for l, w in enumerate(snap.weights):
            for row in range(w.shape[0]):
                for col in range(w.shape[1]):
                    key = (l, row, col)
                    name = snap.weight_names[l][row][col]
                    link = LinkItem(key, name)
                    self._scene.addItem(link)
                    label = WeightLabel(key, name, _font(base, m.label_px))
                    source = snap.unit_names[l][col]
                    target = self.nodes[self._target_key(snap.layers, l, row)].name
                    label.setToolTip(f"{name}: {source} → {target}\nDouble-click or Enter to edit; "
                                     "↑/↓ or the wheel to nudge (Shift: finer)")
                    self._scene.addItem(label)
                    self.links[key], self.labels[key] = link, label
        self._order = sorted(self.labels)

    def _target_key(self, snap_layers: tuple[int, ...], l: int, row: int) -> NodeKey:
        return (l + 1, row if l + 1 == len(snap_layers) - 1 else row + 1)

    def _relayout_if_needed(self, force: bool = False) -> None:
        """Position everything for the current precision and details toggle (items are kept)."""
        snap = self._snapshot
        widest = max((label.text() for label in self.labels.values()), key=len, default="")
        key = (snap.precision, self._show_details)
        if not force and key == self._layout_key:
            # labels wider than planned for (large weights): plan again, at most as often as they grow
            fm = QFontMetricsF(next(iter(self.labels.values())).font()) if self.labels else None
            if fm is None or fm.horizontalAdvance(widest) + 2 * TextBox.PAD_X <= self._metrics.label_w * 1.15:
                return
        self._layout_key = key
        m = Metrics.for_shape(snap.layers, snap.precision, self._show_details, self.font(), widest)
        self._metrics = m
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
            if self._show_details:
                obstacles.append((p.x() - m.radius * 1.3, p.y() + m.radius,
                                  p.x() + m.radius * 1.3, p.y() + m.radius + m.detail_h + 4))
        title_y = bottom + 8 + m.title_px
        for layer, title in self.titles.items():
            title.setPos(layer * m.layer_gap, title_y)
        for (l, row, col), link in self.links.items():
            a, b = positions[(l, col)], positions[self._target_key(layers, l, row)]
            link.setLine(a.x(), a.y(), b.x(), b.y())
        obstacles = np.array(obstacles, dtype=float)
        for l in range(len(layers) - 1):
            keys = [k for k in self._order if k[0] == l]
            segs = np.array([[*_xy(positions[(l, c)]), *_xy(positions[self._target_key(layers, l, r)])]
                             for _, r, c in keys])
            sizes = np.tile([m.label_w, m.label_h], (len(keys), 1))
            ts = place_labels(segs, sizes, obstacles)
            for key, seg, t in zip(keys, segs, ts):
                self.labels[key].setPos(seg[0] + t * (seg[2] - seg[0]), seg[1] + t * (seg[3] - seg[1]))
        self._update_titles()
        rect = QRectF()
        for item in self._scene.items():
            if item.parentItem() is None:
                rect = rect.united(item.sceneBoundingRect())
        self._scene.setSceneRect(rect.adjusted(-16, -12, 16, 12))  # a small margin all round
        if not self._zoomed:
            self._fit()
        self._place_editor()

    # -- updating ------------------------------------------------------------------------------
    def _update_values(self, snap: Snapshot) -> None:
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
        snap = self._snapshot
        layers = list(snap.layers)
        for layer, title in self.titles.items():
            text = naming.layer_title(layers, layer)
            if layer > 0:
                text += f" · {snap.activations[layer - 1].replace('_', ' ')}"
            if layer == len(layers) - 1:
                target = ", ".join(fmt(t, snap.precision) for t in snap.targets[snap.selected])
                text += f"\ntarget {target}"
            title.setText(text)

    def _update_styles(self) -> None:
        """Colours of everything, for a new palette, highlight or shape; then the links' pens."""
        c = self.colors
        units, weights = self._highlight
        active = bool(units or weights)
        self._pens.clear()
        for key, node in self.nodes.items():
            on = node.name in units
            # dimmed by colour, not opacity: a node stays opaque over the links behind it
            node.dimmed = active and not on
            fade = (lambda color: _mix(c.base, color, DIM_OPACITY)) if node.dimmed else (lambda color: color)
            fill = c.bias_fill if node.bias else c.input_fill if key[0] == 0 else c.node_fill
            node.setBrush(_mix(c.base, fill, 0.4) if node.dimmed else fill)
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
        if self._snapshot is not None:
            self._update_link_styles(self._snapshot)

    def _update_link_styles(self, snap: Snapshot) -> None:
        """Sign as colour, magnitude as width (relative to the largest |w|); only what changed."""
        c, weights = self.colors, self._highlight[1]
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

    def _on_selection_changed(self) -> None:
        # the selected label is raised above its neighbours so that its border is never hidden
        for label in self.labels.values():
            label.setZValue(Z_LABEL_SELECTED if label.isSelected() else Z_LABEL)
        key = self.selected_weight()
        if key is not None and key != self._last_selected:
            self._last_selected = key
            self.weight_selected.emit(*key)
        elif key is None:
            self._last_selected = None

    # -- view geometry -------------------------------------------------------------------------
    def _fit(self) -> None:
        if not self._scene.sceneRect().isEmpty():
            self.fitInView(self._scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._view_scale_changed()

    def _view_scale_changed(self) -> None:
        """Node texts too small to read are left out (a dense shape seen whole); the editor follows."""
        if self._metrics is not None:
            legible = self.transform().m11() * self._metrics.name_px >= MIN_LEGIBLE_PX
            for node in self.nodes.values():
                node.name_item.setVisible(legible)
                node.value_item.setVisible(legible)
        self._place_editor()

    def _fit_scale(self) -> float:
        rect, view = self._scene.sceneRect(), self.viewport().rect()
        if rect.isEmpty() or view.isEmpty():
            return 1.0
        return min(view.width() / rect.width(), view.height() / rect.height())

    def _zoom(self, factor: float) -> None:
        current = self.transform().m11()
        fit = self._fit_scale()
        target = min(max(current * factor, fit * 0.5), fit * MAX_ZOOM)
        if abs(target - current) < 1e-9:
            return
        self.scale(target / current, target / current)
        self._zoomed = True
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._view_scale_changed()

    def _place_editor(self) -> None:
        editor = self._editor
        if editor is None:
            return
        label = self.labels.get(editor.key)
        if label is None:
            return
        rect = self.mapFromScene(label.sceneBoundingRect()).boundingRect()
        px = max(14, round(label.font().pixelSize() * self.transform().m11()))
        font = QFont(self.font())
        font.setPixelSize(min(px, 40))
        editor.setFont(font)
        fm = QFontMetricsF(font)
        width = max(rect.width() + 16, fm.horizontalAdvance(editor.text()) + 40, fm.horizontalAdvance("−0.0000") + 40)
        height = fm.height() + 12
        editor.setGeometry(QRect(round(rect.center().x() - width / 2), round(rect.center().y() - height / 2),
                                 round(width), round(height)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._zoomed:
            self._fit()
        self._place_editor()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._zoomed:
            self._fit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.colors = Colors.from_palette(self.palette())
            self._update_styles()
        super().changeEvent(event)

    # -- input ---------------------------------------------------------------------------------
    def _label_at(self, pos) -> WeightLabel | None:
        for item in self.items(pos):
            if isinstance(item, WeightLabel):
                return item
        return None

    def mouseDoubleClickEvent(self, event) -> None:
        label = self._label_at(event.position().toPoint())
        if label is not None:
            self.open_editor(*label.key)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mousePressEvent(self, event) -> None:
        if self._editor is not None and not self.commit_editor():
            event.accept()  # keep the refused text on screen until it is fixed or Escaped
            return
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:
        mods = event.modifiers()
        delta = event.angleDelta().y() or event.angleDelta().x()  # Shift may turn the wheel sideways
        if mods & Qt.KeyboardModifier.ControlModifier:
            if delta:
                self._zoom(ZOOM_STEP ** (delta / 120))
            event.accept()
            return
        label = self._label_at(event.position().toPoint())
        if label is not None and label.isSelected():
            self._wheel_rest += delta
            steps = int(self._wheel_rest / 120)
            self._wheel_rest -= steps * 120
            if steps:
                step = FINE_NUDGE if mods & Qt.KeyboardModifier.ShiftModifier else NUDGE
                self.controller.nudge_weight(*label.key, steps * step)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        selected = self.selected_weight()
        if event.matches(QKeySequence.StandardKey.ZoomIn) or key == Qt.Key.Key_Plus or (ctrl and key == Qt.Key.Key_Equal):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0 and ctrl:
            self.reset_zoom()
        elif selected is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.open_editor(*selected)
        elif selected is not None and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = FINE_NUDGE if mods & Qt.KeyboardModifier.ShiftModifier else NUDGE
            self.nudge_selected(step if key == Qt.Key.Key_Up else -step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def _xy(p: QPointF) -> tuple[float, float]:
    return p.x(), p.y()


def _selection_changed(view_ref: "weakref.ref[DiagramView]") -> None:
    view = view_ref()
    if view is not None:
        view._on_selection_changed()

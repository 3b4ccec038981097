"""The items the diagram is made of: units, weight labels, text boxes, the editor (the links: ``links``)."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSimpleTextItem, QLineEdit, QToolTip, QWidget

from ...core.numbers import fmt
from .layout import PAD_X, PAD_Y, NodeKey, WeightKey  # text boxes are padded as the layout plans for
from .style import ERROR_RED, Z_LABEL, Z_NODE

# looked up once: itemChange runs for every move, show and parent change of every text box, and a
# big network has hundreds of them
_VISIBLE_CHANGE = QGraphicsItem.GraphicsItemChange.ItemVisibleChange
_NO_BRUSH, _NO_PEN, _BLACK = Qt.BrushStyle.NoBrush, Qt.PenStyle.NoPen, Qt.GlobalColor.black


class TextBox(QGraphicsItem):
    """Text centred on the item's position, on an opaque rounded background; text wider than
    the width it was given (:meth:`set_font`) is drawn condensed to fit it."""

    RADIUS = 7.0

    def __init__(self, font: QFont, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self._font = QFont(font)
        self._fm = QFontMetricsF(self._font)
        self._text = ""
        self._measured = True  # the box fits the text (a hidden box measures when shown)
        self._rect = QRectF()
        self._text_rect = QRectF()
        self._max_w: float | None = None  # the widest text drawn at full width
        self._squeezes: list[float] = [1.0]  # each line's horizontal scale, condensed to fit ``_max_w``
        self.fill: QBrush = QBrush(_NO_BRUSH)
        self.border = QPen(_NO_PEN)
        self.text_color = QColor(_BLACK)

    def text(self) -> str:
        return self._text

    def font(self) -> QFont:
        return QFont(self._font)

    def set_font(self, font: QFont, max_width: float | None = None) -> None:
        """Draw in ``font``; a text wider than ``max_width`` (pixels, padding aside) is condensed
        to that width, so that the box never outgrows the room the layout kept for it."""
        if font == self._font and max_width == self._max_w:
            return
        self._font, self._max_w = QFont(font), max_width
        self._fm = QFontMetricsF(self._font)
        text, self._text = self._text, None
        self.setText(text)

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        if not self.isVisible():  # measured when shown: most weight labels of a big network are hidden
            self._measured = False
            return
        self._measure()

    def _measure(self) -> None:
        self._measured = True
        text = self._text
        lines = text.split("\n")
        advances = [self._fm.horizontalAdvance(line) for line in lines]
        w = math.ceil(max(advances))
        # whole pixels, as a box is wide: the layout's gap between labels takes the rounding
        limit = math.ceil(self._max_w) if self._max_w is not None else w
        w = min(w, limit)
        # each line on its own: a long δ condenses itself, not the a above it
        self._squeezes = [min(1.0, limit / advance) if advance > 0 else 1.0 for advance in advances]
        h = self._fm.height() * len(lines)
        rect = QRectF(-w / 2 - PAD_X, -h / 2 - PAD_Y, w + 2 * PAD_X, h + 2 * PAD_Y)
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
        if not self._measured:
            self._measure()
        return QRectF(self._rect)

    def itemChange(self, change, value):
        if not self._measured and change == _VISIBLE_CHANGE and value:
            self._measure()  # before it shows: the box fits the text it was given while hidden
        return super().itemChange(change, value)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-3, -3, 3, 3)  # room for a selection border of up to 4 px

    def _pen(self, option) -> QPen:
        return self.border

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(self._pen(option))
        painter.setBrush(self.fill)
        painter.drawRoundedRect(self._rect, self.RADIUS, self.RADIUS)
        painter.setFont(self._font)
        painter.setPen(self.text_color)
        if all(squeeze == 1.0 for squeeze in self._squeezes):
            painter.drawText(self._text_rect, Qt.AlignmentFlag.AlignCenter, self._text)
            return
        r, line_h = self._text_rect, self._fm.height()
        for i, (line, squeeze) in enumerate(zip(self._text.split("\n"), self._squeezes)):
            painter.save()
            painter.scale(squeeze, 1.0)  # a line wider than the room is condensed into it
            painter.drawText(QRectF(r.x() / squeeze, r.y() + i * line_h, r.width() / squeeze, line_h),
                             Qt.AlignmentFlag.AlignCenter, line)
            painter.restore()


class LabelNumbers:
    """The weights the labels show, shared by all of them: set once per snapshot, which
    refreshes the labels on screen; a hidden label formats its own when it shows or is read.
    Most of a big network's labels are hidden: formatting all 544 every frame was a millisecond
    of it."""

    def __init__(self):
        self.weights: list | None = None  # snapshot.weights as nested lists
        self.precision = 4
        self.version = 0
        self.shown: dict[WeightKey, WeightLabel] = {}  # the labels visible now

    def set(self, weights: list, precision: int) -> None:
        self.weights, self.precision = weights, precision
        self.version += 1
        for label in list(self.shown.values()):
            label.refresh()


class WeightLabel(TextBox):
    """The number on a link: selectable, focusable; the view opens its editor. It keeps its
    size on screen at any zoom (the layout decides from which zoom it is shown)."""

    def __init__(self, key: WeightKey, name: str, font: QFont, numbers: "LabelNumbers"):
        super().__init__(font)
        self.key = key
        self.name = name
        self.selected_pen = QPen()
        self.dimmed = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(Z_LABEL)
        self._numbers = numbers
        self._version = -1  # of the numbers last formatted
        numbers.shown[key] = self  # an item is created visible

    def refresh(self) -> None:
        """Show the weight the shared numbers hold now, if not shown yet."""
        numbers = self._numbers
        if self._version != numbers.version and numbers.weights is not None:
            self._version = numbers.version
            l, row, col = self.key
            self.setText(fmt(numbers.weights[l][row][col], numbers.precision))

    def text(self) -> str:
        self.refresh()
        return super().text()

    def box(self) -> QRectF:
        self.refresh()
        return super().box()

    def itemChange(self, change, value):
        if change == _VISIBLE_CHANGE:
            if value:
                self.refresh()  # still hidden: measured as it shows (TextBox.itemChange)
                self._numbers.shown[self.key] = self
            else:
                self._numbers.shown.pop(self.key, None)
        return super().itemChange(change, value)

    def _pen(self, option) -> QPen:
        return self.selected_pen if self.isSelected() else self.border


PLATE_ALPHA = 170  # of 255: the map shows faintly through the band behind the unit's texts


class UnitMap(QGraphicsItem):
    """What a unit computes over the input plane, drawn inside the unit under its name and value.
    The image is made when a surface is published; painting only draws it."""

    INSET = 1.5  # keeps the unit's border visible around the map

    def __init__(self, parent: QGraphicsItem):
        super().__init__(parent)
        self.image: QImage | None = None
        self.caption = ""  # what the colours mean, for the unit's tooltip
        self._clip = QPainterPath()
        self._rect = QRectF()
        self._area = QPainterPath()  # the square the image is drawn on, within the outline
        self._brush = QBrush()
        self.plate = QRectF()  # behind the name and value: a pale band that keeps them legible
        self.setZValue(-1)  # under the name and value (siblings at 0), over the unit's fill
        self.setVisible(False)

    def set_outline(self, path: QPainterPath) -> None:
        self.prepareGeometryChange()
        self._clip = path
        self._rect = path.boundingRect()
        self._make_brush()

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self._make_brush()
        self.setVisible(image is not None)
        self.update()

    def square(self) -> QRectF:
        """Where the map is drawn: the largest square centred in the unit (a circle's bounding
        square; the middle of a pill), so that the plane is never stretched."""
        r = self._rect
        side = min(r.width(), r.height())
        return QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side)

    def _make_brush(self) -> None:
        if self.image is None or self.image.isNull() or self._rect.isEmpty():
            return
        self._brush = QBrush(self.image)
        r, image = self.square(), self.image
        self._brush.setTransform(QTransform.fromTranslate(r.x(), r.y()).scale(r.width() / image.width(),
                                                                               r.height() / image.height()))
        self._area = QPainterPath()
        self._area.addRect(r)
        self._area = self._area.intersected(self._clip)

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.image is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._brush)  # the image on the square, inside the outline
        painter.drawPath(self._area)
        fill = QColor(self.parentItem().brush().color())
        fill.setAlpha(PLATE_ALPHA)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.plate, 4, 4)
        painter.restore()


class NodeItem(QGraphicsPathItem):
    """A unit with its name and value: a circle, or for dense networks a pill with the name over
    the value ("pill") or beside it ("row"); a bias unit has square corners."""

    def __init__(self, key: NodeKey, name: str, bias: bool):
        super().__init__()
        self.key, self.name, self.bias = key, name, bias
        self.name_item = QGraphicsSimpleTextItem(name, self)
        self.value_item = QGraphicsSimpleTextItem("", self)
        self.map = UnitMap(self)  # shown only with the unit maps on
        self.shape_kind, self.size = "circle", (0.0, 0.0)
        self.dimmed = False  # drawn faded by highlight()
        self._tip: str | None = None
        self.setZValue(Z_NODE)

    def value_text(self) -> str:
        return self.value_item.text()

    def set_geometry(self, kind: str, width: float, height: float, name_font: QFont, value_font: QFont) -> None:
        """The unit's outline (``kind`` as in the layout) and its fonts."""
        self.shape_kind, self.size = kind, (width, height)
        self.name_item.setFont(name_font)
        self.value_item.setFont(value_font)
        path = QPainterPath()
        rect = QRectF(-width / 2, -height / 2, width, height)
        if self.bias:
            side = 0.86 * min(width, height) if kind == "circle" else 0
            rect = QRectF(-side / 2, -side / 2, side, side) if side else rect
            path.addRoundedRect(rect, 0.14 * rect.height(), 0.14 * rect.height())
        elif kind == "circle":
            path.addEllipse(rect)
        else:
            path.addRoundedRect(rect, height / 2, height / 2)
        self.setPath(path)  # QGraphicsPathItem calls prepareGeometryChange itself
        inner = QPainterPath()
        inset = rect.adjusted(UnitMap.INSET, UnitMap.INSET, -UnitMap.INSET, -UnitMap.INSET)
        if kind == "circle":
            inner.addEllipse(inset)
        else:
            inner.addRoundedRect(inset, inset.height() / 2, inset.height() / 2)
        self.map.set_outline(inner)
        self._place_texts()

    def set_tip(self, text: str) -> None:
        """The tooltip; setting it only when it changed (a frame keeps most of them)."""
        if text != self._tip:
            self._tip = text
            self.setToolTip(text)

    def set_value(self, text: str) -> None:
        if text != self.value_item.text():
            self.value_item.setText(text)
            self._place_texts()

    def _place_texts(self) -> None:
        """Name over value (centred), or side by side; shrunk if wider than the unit."""
        self._lay_out_texts()
        texts = self.name_item.mapRectToParent(self.name_item.boundingRect()).united(
            self.value_item.mapRectToParent(self.value_item.boundingRect()))
        self.map.plate = texts.adjusted(-4, -1, 4, 1)

    def _lay_out_texts(self) -> None:
        """A value wider than the layout planned for (``−1.963e−5``) is condensed, its height
        kept, like a weight label's; a name wider than the unit (never planned so) is shrunk."""
        width, height = self.size
        name, value = self.name_item.boundingRect(), self.value_item.boundingRect()
        if self.shape_kind == "row":
            gap, room = 0.5 * value.height(), width - 10
            squeeze = (room - name.width() - gap) / value.width() if value.width() > 0 else 1.0
            if squeeze >= 0.5:  # the name at full size, the value condensed if need be
                squeeze = min(1.0, squeeze)
                left = -(name.width() + gap + value.width() * squeeze) / 2
                self._put(self.name_item, 1.0, 1.0, left, -name.height() / 2)
                self._put(self.value_item, squeeze, 1.0, left + name.width() + gap, -value.height() / 2)
                return
            total = name.width() + gap + value.width()
            scale = room / total
            left = -total * scale / 2
            self._put(self.name_item, scale, scale, left, -name.height() * scale / 2)
            self._put(self.value_item, scale, scale, left + (total - value.width()) * scale, -value.height() * scale / 2)
            return
        room = (0.85 if self.shape_kind == "circle" else 1.0) * width - 10
        gap = 1.0  # keeps the underscore of Z1_2 off the value's digits
        top = -(name.height() + gap + value.height()) / 2
        scale = min(1.0, room / name.width()) if name.width() > 0 else 1.0
        self._put(self.name_item, scale, scale, -name.width() * scale / 2, top + name.height() * (1 - scale) / 2)
        squeeze = min(1.0, room / value.width()) if value.width() > 0 else 1.0
        self._put(self.value_item, squeeze, 1.0, -value.width() * squeeze / 2, top + name.height() + gap)

    @staticmethod
    def _put(item: QGraphicsSimpleTextItem, sx: float, sy: float, x: float, y: float) -> None:
        item.setTransform(QTransform.fromScale(sx, sy))
        item.setPos(x, y)


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


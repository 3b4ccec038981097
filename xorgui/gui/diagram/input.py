"""What the mouse and the keys do on the diagram: open the editor, nudge, zoom, hover.

A mixin for :class:`~xorgui.gui.diagram.view.DiagramView`, kept apart so that the view module
stays about rendering; every handler forwards to a view command or the controller.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from PySide6.QtWidgets import QToolTip

from ..result import Result, refused
from .controls import ControlButton
from .items import NodeItem, WeightLabel
from .style import FINE_NUDGE, NUDGE, ZOOM_STEP


class DiagramInput:
    """Event handlers; the class they are mixed into is a QGraphicsView."""

    def _label_at(self, pos) -> WeightLabel | None:
        for item in self.items(pos):
            if isinstance(item, WeightLabel):
                return item
        return None

    def press_control(self, action: str, layer: int) -> Result:
        """An architecture button was clicked: the controller command of that name on ``layer``
        (a disabled button's tooltip says why it would be refused)."""
        c = self.controller
        commands = {"add_unit": c.add_unit, "remove_unit": c.remove_unit, "add_layer": c.add_layer,
                    "remove_layer": c.remove_layer}
        button = self.controls.get((action, layer))
        if button is not None and not button.enabled:
            return refused(button.reason)
        return commands[action](layer)

    def mouseMoveEvent(self, event) -> None:
        # a hovered unit's labels stay until another unit is hovered or the mouse leaves the
        # diagram, so that the mouse can follow a link to its label and click it
        for item in self.items(event.position().toPoint()):
            item = item.parentItem() or item  # a unit's name or value
            if isinstance(item, NodeItem):
                self.set_hovered_unit(item.key)
                break
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self.set_hovered_unit(None)
        super().leaveEvent(event)

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
        button = next((i for i in self.items(event.position().toPoint()) if isinstance(i, ControlButton)), None)
        if button is not None and event.button() == Qt.MouseButton.LeftButton:
            result = self.press_control(button.action, button.layer)
            if not result:  # say why where the user looks (a disabled button, the cap)
                QToolTip.showText(event.globalPosition().toPoint(), result.reason, self)
            event.accept()
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

"""The diagram's in-place weight editor: open it on a weight label, send its text to the
controller, keep it over its label while the view scrolls or resizes. A refused edit keeps the
editor open, marked red, with the reason as its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QToolTip

from ..result import OK, Result
from .items import WeightEditor


class DiagramEditing:
    """Mixed into DiagramView, which provides the scene, ``labels``, ``select_weight``, the
    controller and ``_editor`` (the open editor or None)."""

    def open_editor(self, l: int, row: int, col: int) -> WeightEditor:
        """Open the in-place editor on a weight (closing any other without committing)."""
        key = (l, row, col)
        if self._editor is not None:
            if self._editor.key == key:
                return self._editor
            self.close_editor()
        self.select_weight(*key)
        editor = WeightEditor(key, self.viewport())
        editor.setText(repr(float(self._scene.snapshot.weights[l][row, col])))
        editor.setToolTip("")
        editor.setPlaceholderText(self._scene.snapshot.weight_names[l][row][col])
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

    def commit_editor(self, step: int = 0) -> Result:
        """Send the editor's text to the controller. Refused: the editor stays open, marked red,
        with the reason as its tooltip. Accepted: it closes, or moves ``step`` weights on."""
        editor = self._editor
        if editor is None:
            return OK
        result = self.controller.edit_weight(*editor.key, editor.text())
        if not result:
            editor.set_error(result.reason)
            editor.setFocus()
            return result
        key = editor.key
        self.close_editor()
        if step:
            order = self._scene.order
            i = order.index(key)
            self.open_editor(*order[(i + step) % len(order)])
        return result

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

    def _place_editor(self) -> None:
        editor = self._editor
        if editor is None:
            return
        label = self.labels.get(editor.key)
        if label is None:
            return
        centre = self.mapFromScene(label.scenePos())  # the label keeps its size on screen
        rect = label.box().translated(centre.x(), centre.y())
        px = max(14, label.font().pixelSize())
        font = QFont(self.font())
        font.setPixelSize(min(px, 40))
        editor.setFont(font)
        fm = QFontMetricsF(font)
        width = max(rect.width() + 16, fm.horizontalAdvance(editor.text()) + 40, fm.horizontalAdvance("−0.0000") + 40)
        height = fm.height() + 12
        editor.setGeometry(QRect(round(rect.center().x() - width / 2), round(rect.center().y() - height / 2),
                                 round(width), round(height)))

"""The live network diagram: renders the controller's snapshots and forwards what the user does.

Edits go to the controller (``edit_weight``, ``nudge_weight``), whose result says whether they
were accepted and, if not, why; the view never writes into the model.
"""

from __future__ import annotations

import weakref
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from ...core.snapshot import Snapshot
from . import export
from .items import NodeItem, LinkItem, TextBox, WeightEditor, WeightKey, WeightLabel, NodeKey
from .scene import DiagramScene
from .style import FINE_NUDGE, MAX_ZOOM, MIN_LEGIBLE_PX, NUDGE, Z_LABEL, Z_LABEL_SELECTED, ZOOM_STEP, Colors


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
        self._scene = DiagramScene(Colors.from_palette(self.palette()), self)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._zoomed = False
        self._editor: WeightEditor | None = None
        self._last_selected: WeightKey | None = None
        self._wheel_rest = 0
        # Not a bound method: deleting the view deletes selected items, whose selectionChanged
        # would otherwise call into the half-destroyed view (a crash in PySide6 6.12).
        self._scene.selectionChanged.connect(partial(_selection_changed, weakref.ref(self)))
        controller.snapshot_changed.connect(self.show_snapshot)
        controller.session_replaced.connect(self._on_session_replaced)
        self.show_snapshot(controller.snapshot)

    # the items drawn, by key (read them, do not change them)
    @property
    def nodes(self) -> dict[NodeKey, NodeItem]:
        return self._scene.nodes

    @property
    def links(self) -> dict[WeightKey, LinkItem]:
        return self._scene.links

    @property
    def labels(self) -> dict[WeightKey, WeightLabel]:
        return self._scene.labels

    @property
    def details(self) -> dict[NodeKey, TextBox]:
        return self._scene.details

    @property
    def titles(self) -> dict[int, TextBox]:
        return self._scene.titles

    @property
    def colors(self) -> Colors:
        return self._scene.colors

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # -- public commands ---------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render ``snapshot``: in place, unless the layer sizes differ from those drawn."""
        scene = self._scene
        rebuilt = snapshot.layers != scene.layers
        if rebuilt:
            self.close_editor()
            self._last_selected = None
            scene.rebuild(snapshot, self.font())
        scene.snapshot = snapshot
        scene.update_values(snapshot)
        self._relayout(force=rebuilt)
        if rebuilt:
            scene.update_styles()
            self.reset_zoom()
        else:
            scene.update_link_styles(snapshot)

    def set_show_details(self, show: bool) -> None:
        """Also show the weighted sum ``a`` and ``δ`` under every hidden and output unit."""
        if show == self._scene.show_details:
            return
        self._scene.set_show_details(show)
        if self._scene.snapshot is not None:
            self._relayout()

    def show_details(self) -> bool:
        return self._scene.show_details

    def highlight(self, units: set[str], weights: set[str]) -> None:
        """Emphasise the named units and weights and dim everything else; empty sets clear it."""
        self._scene.highlighted = (set(units), set(weights))
        self._scene.update_styles()

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
            order = self._scene.order
            i = order.index(key)
            self.open_editor(*order[(i + step) % len(order)])
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
        return export.render_png(self._scene, path, self.colors.base, self.renderHints())

    def render_svg(self, path: str | Path) -> bool:
        """Save the diagram as SVG. False if it could not be written."""
        return export.render_svg(self._scene, path, self.colors.base, self.renderHints())

    # -- building ------------------------------------------------------------------------------
    def _on_session_replaced(self) -> None:
        # The new snapshot follows; show_snapshot rebuilds if its layer sizes differ.
        self.close_editor()

    def _relayout(self, force: bool = False) -> None:
        if self._scene.relayout(self.font(), force):
            if not self._zoomed:
                self._fit()
            self._place_editor()

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
        if self._scene.metrics is not None:
            legible = self.transform().m11() * self._scene.metrics.name_px >= MIN_LEGIBLE_PX
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
            self._scene.colors = Colors.from_palette(self.palette())
            self._scene.update_styles()
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



def _selection_changed(view_ref: "weakref.ref[DiagramView]") -> None:
    view = view_ref()
    if view is not None:
        view._on_selection_changed()

"""The live network diagram: renders the controller's snapshots and forwards what the user does.

Edits go to the controller (``edit_weight``, ``nudge_weight``), whose result says whether they
were accepted and, if not, why; the view never writes into the model.
"""

from __future__ import annotations

import weakref
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from ...core.snapshot import Snapshot
from ..result import Result, refused
from .editing import DiagramEditing
from .hint import ZoomHint
from .input import DiagramInput
from .maps import DiagramMaps
from .items import NodeItem, NodeKey, TextBox, WeightEditor, WeightKey, WeightLabel
from .links import LinkItem
from .layout import MIN_LEGIBLE_PX, visible_labels
from .scene import DiagramScene
from .style import MAX_ZOOM, MIN_BUTTON_PX, Z_LABEL, Z_LABEL_SELECTED, ZOOM_STEP, Colors

RELAYOUT_DELAY_MS = 120  # after the last resize: a big network takes a moment to lay out


class DiagramView(DiagramInput, DiagramEditing, DiagramMaps, QGraphicsView):
    """The live network diagram.

    Signals: ``weight_selected(l, row, col)`` when a weight label becomes selected.
    Attributes ``nodes``, ``links``, ``labels`` map keys to the items drawn (read them, do not
    change them).

    The fitted view is laid out for the pane's size at scale 1 (the layout picks the largest
    legible text that fits); a network too big for that is shown whole, scaled down, its texts
    too small to read hidden until one zooms in. Zooming scales the units; the
    weight labels keep their size on screen, so zooming in reveals more of them. When labels
    are dense, hovering a unit shows the labels of its links, and a highlighted phase shows
    its own; the selected label always shows.
    """

    weight_selected = Signal(int, int, int)
    maps_note_changed = Signal(str)  # why the unit maps are not drawn ("" when they are, or are off)

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
        self.viewport().setMouseTracking(True)  # hovering a unit shows its links' labels
        self._zoomed = False
        self._pane: tuple[int, int] | None = None  # the size the layout was made for
        self._hover: frozenset[WeightKey] = frozenset()  # labels of the unit under the mouse
        self._relayout_timer = QTimer(self, singleShot=True, interval=RELAYOUT_DELAY_MS)
        self._relayout_timer.timeout.connect(self.reset_zoom)
        self._editor: WeightEditor | None = None
        self._last_selected: WeightKey | None = None
        self._wheel_rest = 0
        # Not a bound method: deleting the view deletes selected items, whose selectionChanged
        # would otherwise call into the half-destroyed view (a crash in PySide6 6.12); see
        # _selection_changed for the guard.
        self._scene.selectionChanged.connect(partial(_selection_changed, weakref.ref(self)))
        self._show_maps = False
        self._read_only = ""  # why the architecture buttons are off: an earlier epoch is shown
        self._maps_note = ""
        self.zoom_hint = ZoomHint(self)  # shown while the units are too small to read
        controller.snapshot_changed.connect(self.show_snapshot)
        controller.session_replaced.connect(self._on_session_replaced)
        controller.surfaces.surface_changed.connect(self._on_surface)
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
    def controls(self) -> dict:
        """The architecture buttons by (action, layer) (see ``diagram.controls``)."""
        return self._scene.controls

    @property
    def colors(self) -> Colors:
        return self._scene.colors

    def shown_weights(self) -> set[WeightKey]:
        """The weights whose labels are on screen now (none of them overlapping)."""
        return {key for key, label in self.labels.items() if label.isVisible()}

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
            self._hover = frozenset()
            scene.rebuild(snapshot, self.font())
        scene.snapshot = snapshot
        scene.update_values(snapshot)
        self._relayout(force=rebuilt)
        read_only = snapshot.read_only  # an earlier epoch shown: the architecture buttons are off
        if rebuilt or read_only != self._read_only:
            restyle = rebuilt or bool(read_only) != bool(self._read_only)  # faded in the past, or back
            self._read_only = read_only
            for button in self.controls.values():
                button.set_read_only(read_only)  # its tip: the reason, which names the epoch shown
                if restyle:
                    button.style(scene.colors)
        if rebuilt:
            scene.update_styles()
            self.reset_zoom()
            self._on_surface(self.controller.surfaces.surface)  # the new units' maps
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

    def set_hidden(self, hidden) -> None:
        """Show "?" for the unit values open practice questions ask for, and no map in the units
        whose map would show them (a core ``Hidden``)."""
        if hidden == self._scene.hidden:
            return
        self._scene.hidden = hidden
        self._scene.draw_unit_maps()
        if self._scene.snapshot is not None:
            self._scene.update_values(self._scene.snapshot)

    def highlight(self, units: set[str], weights: set[str], asked: frozenset[str] = frozenset()) -> None:
        """Emphasise the named units and weights and dim everything else; empty sets clear it.
        The labels of ``asked`` (the weights an open practice question reads) are placed first."""
        self._scene.highlighted = (set(units), set(weights))
        self._scene.asked = frozenset(asked)
        self._scene.update_styles()
        self._update_labels()

    def select_weight(self, l: int, row: int, col: int) -> None:
        """Select one weight label (and give it the keyboard focus)."""
        label = self.labels[(l, row, col)]
        self._scene.clearSelection()
        label.setVisible(True)  # a selected label always shows (and Qt selects only visible items)
        label.setSelected(True)
        label.setFocus()
        if self._zoomed:
            self.ensureVisible(label)

    def selected_weight(self) -> WeightKey | None:
        for item in self._scene.selectedItems():
            if isinstance(item, WeightLabel):
                return item.key
        return None

    def nudge_selected(self, delta: float) -> Result:
        """Add ``delta`` to the selected weight, if one is selected."""
        key = self.selected_weight()
        return refused("no weight is selected") if key is None else self.controller.nudge_weight(*key, delta)

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def reset_zoom(self) -> None:
        """Lay the diagram out for the view's size again, and keep doing so on resize."""
        self._relayout_timer.stop()
        self._zoomed = False
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self._no_scroll_bars()  # before measuring the pane: the fitted view has none
        if not self.isVisible():  # laid out when shown, for the size it gets then (showEvent)
            self._pane = None
            return
        self._pane = self._pane_size()
        if self._scene.snapshot is not None:
            self._scene.relayout(self.font(), *self._pane)
        self._fit()

    def is_zoomed(self) -> bool:
        return self._zoomed

    def is_laid_out(self) -> bool:
        """False while a resize it has received waits for the size to settle before the diagram is
        laid out for it (RELAYOUT_DELAY_MS). True zoomed in (the layout stays as it is) and hidden
        (laid out when shown, for the size it has then)."""
        return self._zoomed or not self.isVisible() or self._pane == self._pane_size()

    def render_png(self, path: str | Path) -> bool:
        """Save the fitted diagram as a PNG at twice the scene's size. False if it could not be written."""
        from . import export  # File ▸ Export only: not needed to start

        return export.render_png(self._scene, path, self.colors.base, self.renderHints(), self._export_labels())

    def render_svg(self, path: str | Path) -> bool:
        """Save the fitted diagram as SVG. False if it could not be written."""
        from . import export

        return export.render_svg(self._scene, path, self.colors.base, self.renderHints(), self._export_labels())

    def _export_labels(self) -> dict[WeightKey, tuple[float, float]]:
        """What the fitted view shows, hover aside."""
        if self._scene.layout is None:
            return {}
        return visible_labels(self._scene.layout, 1.0, self._scene.highlighted_keys(), asked=self._scene.asked_keys())

    # -- building ------------------------------------------------------------------------------
    def _on_session_replaced(self) -> None:
        # The new snapshot follows; show_snapshot rebuilds if its layer sizes differ.
        self.close_editor()

    def _pane_size(self) -> tuple[int, int]:
        size = self.viewport().size() if self.isVisible() else self.sizeHint()
        return max(size.width(), 200), max(size.height(), 150)

    def _relayout(self, force: bool = False) -> None:
        """Lay out again if the snapshot needs it (precision, details, wider texts). Not shown
        yet: when shown (placing 544 labels for a guessed size, then again for the real one,
        took a quarter of a second each for 16-16-16)."""
        if not self.isVisible():
            self._pane = None
            return
        if self._pane is None:
            self._pane = self._pane_size()
        if self._scene.relayout(self.font(), *self._pane, force=force):
            if not self._zoomed:
                self._fit()
            self._view_scale_changed()

    def _on_selection_changed(self) -> None:
        # the selected label is raised above its neighbours so that its border is never hidden
        for label in self.labels.values():
            label.setZValue(Z_LABEL_SELECTED if label.isSelected() else Z_LABEL)
        self._update_labels()
        key = self.selected_weight()
        if key is not None and key != self._last_selected:
            self._last_selected = key
            self.weight_selected.emit(*key)
        elif key is None:
            self._last_selected = None

    # -- view geometry -------------------------------------------------------------------------
    def _fit(self) -> None:
        """The whole network, no scroll bars (they would take the room the layout counted on):
        scale 1 if the layout fits the pane, else scaled down to its ``zoom`` (the output on
        screen from the start; zooming in brings back the texts too small to read)."""
        self.resetTransform()
        self._no_scroll_bars()
        lay = self._scene.layout
        if lay is not None:
            self.scale(lay.zoom, lay.zoom)
            self.centerOn(lay.width / 2, lay.height / 2)
        self._view_scale_changed()

    def _no_scroll_bars(self) -> None:
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _view_scale_changed(self) -> None:
        """Texts too small to read (unit names and values, titles, captions) and buttons too
        small to hit are left out (zoomed out, or a big network shown whole); labels and editor follow."""
        lay = self._scene.layout
        if self._scene.link_layer is not None:
            self._scene.link_layer.set_view_scale(self.transform().m11())
        if lay is not None:
            scale = self.transform().m11()
            legible = scale * lay.name_px >= MIN_LEGIBLE_PX
            for node in self.nodes.values():
                node.name_item.setVisible(legible)
                node.value_item.setVisible(legible)
            for title in self.titles.values():  # where the hint goes while the units cannot be read
                title.setVisible(legible and scale * lay.title_px >= MIN_LEGIBLE_PX)
            for caption in self.details.values():
                caption.setVisible(self._scene.show_details and scale * lay.detail_px >= MIN_LEGIBLE_PX)
            for button in self.controls.values():  # too small to read or hit: zoom in for them
                button.setVisible(legible and scale * lay.control_side >= MIN_BUTTON_PX)
            self.zoom_hint.setVisible(not legible)
            self.zoom_hint.place()
            if self._show_maps and bool(self.maps_note()) != bool(self._maps_note):
                self._redraw_maps()
        self._update_labels()
        self._place_editor()

    def _update_labels(self) -> None:
        lay = self._scene.layout
        if lay is None:
            return
        forced = tuple(k for k in (self.selected_weight(), self._editor.key if self._editor else None) if k)
        focus = self._hover | self._scene.highlighted_keys()
        self._scene.show_labels(visible_labels(lay, self.transform().m11(), focus, forced, self._scene.asked_keys()))

    def hovered_links(self) -> frozenset[WeightKey]:
        """The links whose labels are shown for the unit under the mouse."""
        return self._hover

    def set_hovered_unit(self, key: NodeKey | None) -> None:
        """Show the labels of the links into and out of this unit (None: of no unit)."""
        hover = frozenset(self._scene.node_links.get(key, ())) if key is not None else frozenset()
        if hover != self._hover:
            self._hover = hover
            self._update_labels()

    def _zoom(self, factor: float) -> None:
        current = self.transform().m11()
        rect, view = self._scene.sceneRect(), self.viewport().rect()
        whole = min(view.width() / rect.width(), view.height() / rect.height()) if not rect.isEmpty() else 1.0
        most = max(MAX_ZOOM, self._scene.layout.full_zoom if self._scene.layout else 0)  # every label shows
        target = min(max(current * factor, min(0.5, whole)), most)
        if abs(target - current) < 1e-9:
            return
        self.scale(target / current, target / current)
        self._zoomed = True
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._relayout_timer.stop()
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._view_scale_changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.zoom_hint.place()
        if not self._zoomed and self._pane != self._pane_size():
            self._relayout_timer.start()  # once the size settles
        self._place_editor()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._zoomed and self._pane != self._pane_size():
            self.reset_zoom()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._scene.colors = Colors.from_palette(self.palette())
            self._scene.update_styles()
        super().changeEvent(event)



def _selection_changed(view_ref: "weakref.ref[DiagramView]") -> None:
    # The scene is the view's child, so Qt destroys it after the view's own C++ part: its
    # teardown deselects a selected label and emits selectionChanged while the Python view
    # (kept by whoever holds it) still exists over deleted items. A view whose C++ part is
    # gone, or going, has nothing to show.
    view = view_ref()
    if view is not None and shiboken6.isValid(view):
        view._on_selection_changed()

"""The diagram's unit maps: what every hidden and output unit computes over the input plane,
drawn inside it while the toggle is on and the units are large enough on screen to read them;
otherwise none, with a note saying why (``maps_note_changed``)."""

from __future__ import annotations

from .style import MIN_MAP_PX


class DiagramMaps:
    """Mixed into DiagramView, which provides the scene, the controller, ``maps_note_changed``
    and ``_show_maps`` / ``_maps_note`` (set in its ``__init__``)."""

    def set_show_maps(self, show: bool) -> None:
        """Draw inside every hidden and output unit what it computes over the input plane (the
        decision-boundary view's plane), updated with every published frame."""
        if show == self._show_maps:
            return
        self._show_maps = show
        self._redraw_maps()

    MAPS_TOO_SMALL = "The units are too small here for a legible map inside them: zoom in (Ctrl+=) to see the maps"

    def maps_note(self) -> str:
        """Why the maps are not drawn though they are on (units too small on screen), else ""."""
        lay = self._scene.layout
        if not self._show_maps or lay is None:
            return ""
        small = min(lay.node_w, lay.node_h) * self.transform().m11() < MIN_MAP_PX
        return self.MAPS_TOO_SMALL if small else ""

    def _redraw_maps(self) -> None:
        """Maps drawn, or none with a note, as the zoom and the toggle allow."""
        note = self.maps_note()
        if note != self._maps_note:
            self._maps_note = note
            self.maps_note_changed.emit(note)
        # the surfaces are computed for the diagram only while it draws them (computed now if
        # out of date); units too small for a map need none
        self.controller.surfaces.set_shown("diagram", self._show_maps and not note)
        if self._show_maps and not note:
            self._on_surface(self.controller.surfaces.surface)
        else:
            self._scene.set_unit_maps(None)

    def show_maps(self) -> bool:
        return self._show_maps

    def _on_surface(self, surface) -> None:
        if not self._show_maps or self._maps_note:
            return
        if surface is None or surface.layers != self._scene.layers:
            self._scene.set_unit_maps(None)  # another shape: its surface follows
            return
        names = self._scene.snapshot.unit_names[0]
        axes = (names[surface.plane.x_input + 1],
                names[surface.plane.y_input + 1] if surface.plane.y_input is not None else None)
        from .. import heatmap  # with the first maps (they are off at start): it loads core.surface

        self._scene.set_unit_maps(heatmap.unit_images(surface, self._scene.snapshot.targets), axes)

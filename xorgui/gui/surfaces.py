"""The heatmaps' values, computed from the controller's published snapshots while a view shows them.

The decision-boundary view and the diagram's per-unit maps draw one :class:`~xorgui.core.surface.Surface`
over one plane. This feed computes it when a snapshot is published (at the runner's frame rate,
never per epoch), only while at least one of them is on screen, and only when the weights or the
plane changed; it holds which inputs span the plane and what the others are fixed at.
``core.surface`` is imported when a map is first computed: no map is drawn at start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..core.network import Network
from ..core.snapshot import Snapshot
from .result import OK, Result, refused

if TYPE_CHECKING:
    from ..core.surface import Plane, Surface


class SurfaceFeed(QObject):
    """``surface_changed(Surface)``: new heatmap values (new weights, data or plane)."""

    surface_changed = Signal(object)

    def __init__(self, controller):
        super().__init__(controller)
        self._controller = controller
        self._viewers: set[str] = set()
        self._axes = (0, 1)  # inputs on the x and y axes
        self._fixed: dict[int, float] = {}  # inputs held at a chosen value (others: the data's mean)
        self._proportions: dict[str, float] = {}  # viewer: the width / height its plane is drawn at
        self._n_inputs = controller.snapshot.layers[0]  # the network the choices above are for
        self.surface: Surface | None = None
        self._made_of: tuple | None = None  # (weights, plane) of self.surface
        controller.snapshot_changed.connect(self._on_snapshot)

    # -- what the views ask for ----------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True while some view shows the maps (only then are they computed)."""
        return bool(self._viewers)

    def set_shown(self, viewer: str, shown: bool) -> None:
        """``viewer`` (a name) starts or stops showing the maps; they are computed for the
        latest snapshot at once if they are out of date (and again for the views still showing
        them when one stops, if the plane they see changes)."""
        if shown:
            self._viewers.add(viewer)
            self._refresh(self._controller.snapshot)
        elif viewer in self._viewers:
            self._viewers.discard(viewer)
            if self._viewers:  # those left may see the plane otherwise (widened: set_proportions)
                self._refresh(self._controller.snapshot)

    def set_proportions(self, viewer: str, proportions: float | None) -> None:
        """``viewer`` draws the plane at one scale on both axes in an area of these proportions
        (width / height; None: at the data's own): while it shows the maps the plane is widened
        to them (more of it around the data, at the same grid spacing). Views that draw only the
        data's plane (the diagram's units) never ask: they draw ``Surface.around_data()``, the
        same values over the data."""
        if proportions is None:
            changed = self._proportions.pop(viewer, None) is not None
        else:
            proportions = round(float(proportions), 2)  # a resize by a pixel computes nothing new
            changed = self._proportions.get(viewer) != proportions
            self._proportions[viewer] = proportions
        if changed and viewer in self._viewers:
            self._refresh(self._controller.snapshot)

    @property
    def n_inputs(self) -> int:
        """The inputs of the latest snapshot's network."""
        return self._n_inputs

    @property
    def axes(self) -> tuple[int, int | None]:
        """The inputs on the x and y axes (0-based); y is None for a one-input network."""
        return (self._axes[0], self._axes[1] if self.n_inputs > 1 else None)

    def choose_axis(self, axis: int, input_index: int) -> Result:
        """Put input ``input_index`` on axis 0 (x) or 1 (y); if it was on the other axis, the
        two swap."""
        n = self.n_inputs
        if axis not in (0, 1) or (axis == 1 and n < 2):
            return refused("This network has one input: the plane is a line.")
        if not 0 <= input_index < n:
            return refused(f"Choose an input from 1 to {n}.")
        axes = list(self._axes)
        if axes[1 - axis] == input_index:
            axes[1 - axis] = axes[axis]
        axes[axis] = input_index
        self._axes = (axes[0], axes[1])
        self._refresh(self._controller.snapshot)
        return OK

    def set_fixed(self, input_index: int, value: float) -> Result:
        """Hold input ``input_index`` at ``value`` wherever it is on no axis."""
        if not 0 <= input_index < self.n_inputs:
            return refused(f"Choose an input from 1 to {self.n_inputs}.")
        if not np.isfinite(value):
            return refused("An input is held at a finite number.")
        self._fixed[input_index] = float(value)
        self._refresh(self._controller.snapshot)
        return OK

    def plane(self, snap: Snapshot | None = None) -> Plane:
        """The plane the maps span for ``snap`` (default: the latest): it covers the data, widened
        to the proportions asked for by the views showing it (``set_proportions``; not widened
        when they ask for different ones)."""
        from ..core.surface import plane_for, resolution_for, widened

        snap = snap or self._controller.snapshot
        x_input, y_input = self.axes
        means = snap.inputs.mean(axis=0)  # of the training set: what the network learnt from
        fixed = tuple(self._fixed.get(i, float(m)) for i, m in enumerate(means))
        shown = snap.inputs if snap.test_inputs is None else np.vstack([snap.inputs, snap.test_inputs])
        plane = plane_for(shown, x_input, y_input, fixed, resolution_for(snap.layers))
        asked = {self._proportions[viewer] for viewer in self._viewers if viewer in self._proportions}
        return widened(plane, asked.pop()) if len(asked) == 1 else plane

    # -- computing -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: Snapshot) -> None:
        if snap.layers[0] != self._n_inputs:  # another network: its inputs mean other things
            self._n_inputs, self._axes, self._fixed = snap.layers[0], (0, 1), {}
        if self._viewers:
            self._refresh(snap)

    def _refresh(self, snap: Snapshot) -> None:
        plane = self.plane(snap)
        made = self._made_of
        if (made is not None and made[1] == plane and len(made[0]) == len(snap.weights)
                and all(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(made[0], snap.weights))):
            return  # the same maps: a new selection or precision changes nothing here
        from ..core.surface import compute

        network = Network(list(snap.layers), list(snap.activations), list(snap.weights))
        self.surface = compute(network, plane)
        self._made_of = (snap.weights, plane)
        self.surface_changed.emit(self.surface)

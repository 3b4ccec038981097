"""The controller's architecture commands: add or remove hidden layers and units. Each is one
undoable ``change``; the core's :mod:`~xorgui.core.reshape` keeps every surviving weight and
takes new ones from the session's initialization (method, value/scale, seed)."""

from __future__ import annotations

from typing import Callable

from ..core import reshape
from ..core.reshape import ShapeChange
from .result import OK, Result, refused


class ShapeCommands:
    """Mixed into the Controller, which provides ``trainer``, ``change`` and ``_tell``."""

    def add_unit(self, layer: int) -> Result:
        """One more unit at the end of hidden layer ``layer`` (1 = the first hidden layer)."""
        return self._reshape(lambda layers, acts: reshape.add_unit(layers, acts, layer))

    def remove_unit(self, layer: int, unit: int | None = None) -> Result:
        """Remove unit ``unit`` (0-based, default the last) of hidden layer ``layer``."""
        return self._reshape(lambda layers, acts: reshape.remove_unit(layers, acts, layer, unit))

    def set_layer_units(self, layer: int, units: int) -> Result:
        """Hidden layer ``layer`` with ``units`` units (the first ones keep their weights)."""
        layers = self.trainer.network.layers
        if 0 <= layer < len(layers) and units == layers[layer]:
            return OK
        if layer in (0, len(layers) - 1):
            return self._tell(refused(reshape.why_not(layers, "add_unit", layer)))
        return self._reshape(lambda layers, acts: reshape.resize_layer(
            layers, acts, layer, units, text=f"{units} unit{'s' if units != 1 else ''} in "
                                             f"{reshape.layer_words(layers, layer)}"))

    def add_layer(self, at: int, activation: str | None = None) -> Result:
        """A new hidden layer at position ``at`` (1: after the input; ``len(layers) - 1``: before
        the output), as big as its nearest hidden neighbour, with ``activation`` (default: its
        neighbour's)."""
        return self._reshape(lambda layers, acts: reshape.add_layer(layers, acts, at, activation=activation))

    def remove_layer(self, layer: int) -> Result:
        """Remove hidden layer ``layer``; its neighbours are joined by new weights."""
        return self._reshape(lambda layers, acts: reshape.remove_layer(layers, acts, layer))

    def _reshape(self, build: Callable[[list[int], list[str]], ShapeChange]) -> Result:
        net = self.trainer.network
        try:
            change = build(list(net.layers), net.activation_names)
        except ValueError as exc:
            return self._tell(refused(str(exc)))
        return self.change(change.text, lambda: self.trainer.set_network(
            reshape.reshaped(self.trainer.network, change, self.trainer.init)), marker=change.text)

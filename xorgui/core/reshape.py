"""Changing a network's shape while keeping every weight that still has a place.

A :class:`ShapeChange` is the new shape plus, for each new unit, the old unit it continues
(``None`` for a new one). A weight survives when its target unit and its source unit (or the
source layer's bias) both continue units that an old weight connected: it keeps its value
exactly. Every other weight is a fresh draw from the initialization's distribution for the new
shape (:func:`change_key`): a stream of the same seed keyed by the change and the weights it
starts from, so no new weight repeats an existing one (a unit created as a copy of another would
stay its twin: the symmetry the app warns about), yet the same change of the same network with
the same :class:`~.init.Initialization` (method, value/scale, seed) always gives the same numbers.

The builders (:func:`add_unit`, :func:`remove_unit`, :func:`resize_layer`, :func:`add_layer`,
:func:`remove_layer`) refuse a shape outside the cap with a ValueError a user can read;
:func:`why_not` says in advance why a control would be refused, so the window can disable it
and say why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from .init import Initialization
from .naming import layer_title
from .network import MAX_LAYERS, MAX_UNITS, Network

Array = np.ndarray

CAP_REASON = ("every weight stays on screen and legible, and each step stays quick to "
              "follow by hand")


@dataclass(frozen=True)
class ShapeChange:
    """A new shape and where its units come from.

    ``layers``: the new unit counts (input … output). ``layer_from[k]``: the old layer that new
    layer ``k`` continues, or None for a new layer. ``unit_from[k][j]``: the old unit (0-based,
    bias not counted) that new unit ``j`` of layer ``k`` continues, or None for a new unit.
    ``activations``: one per weight layer of the new shape. ``text``: the change as a user reads
    it in the Edit menu's undo entry ("Add a unit to hidden layer 1").
    """

    layers: tuple[int, ...]
    layer_from: tuple[int | None, ...]
    unit_from: tuple[tuple[int | None, ...], ...]
    activations: tuple[str, ...]
    text: str


RESHAPE_STREAM = 1  # first word of a shape change's key: its streams never meet other keyed uses


def change_key(change: ShapeChange, weights: list[Array]) -> tuple[int, ...]:
    """The spawn key of a shape change's new weights: ``RESHAPE_STREAM`` and 8 words of the
    SHA-256 of the new shape, where its units come from and the old weights' bytes. The same
    change of the same weights gives the same key; any other change or weights, another key."""
    h = hashlib.sha256(repr((change.layers, change.layer_from, change.unit_from)).encode())
    for w in weights:
        h.update(repr(w.shape).encode())
        h.update(np.ascontiguousarray(w, dtype=np.float64).tobytes())
    return (RESHAPE_STREAM,) + tuple(int.from_bytes(h.digest()[i:i + 4], "little") for i in range(0, 32, 4))


def reshape_weights(change: ShapeChange, weights: list[Array], init: Initialization) -> list[Array]:
    """The weights of the new shape: ``(layers[l+1], 1 + layers[l])`` float64 matrices.

    ``W_new[l][j, i]`` is the old weight from the old unit behind source ``i`` (column 0: the
    bias of the old source layer) to the old unit behind target ``j`` when both exist and the old
    layers are consecutive; otherwise ``init.make(change.layers, change_key(change, weights))[l][j, i]``:
    a fresh draw, not the number a new session of this shape would start with (that one lines up
    with the old weights' stream and would copy them).
    """
    new = init.make(list(change.layers), change_key(change, weights))
    for l in range(len(new)):
        src, tgt = change.layer_from[l], change.layer_from[l + 1]
        if src is None or tgt is None or tgt != src + 1:
            continue  # no old weight matrix joined these two layers
        old = weights[src]
        rows = [(j, o) for j, o in enumerate(change.unit_from[l + 1]) if o is not None]
        # column 0 is the bias of the source layer: it survives with its target unit
        cols = [(0, 0)] + [(1 + i, 1 + o) for i, o in enumerate(change.unit_from[l]) if o is not None]
        if rows:
            new_r, old_r = zip(*rows)
            new_c, old_c = zip(*cols)
            new[l][np.ix_(new_r, new_c)] = old[np.ix_(old_r, old_c)]
    return new


def reshaped(network: Network, change: ShapeChange, init: Initialization) -> Network:
    """A new network of the change's shape and activations (see :func:`reshape_weights`)."""
    return Network(list(change.layers), list(change.activations),
                   reshape_weights(change, network.weights, init))


# -- the builders ------------------------------------------------------------------------------
def _identity(layers: list[int]) -> tuple[tuple[int | None, ...], tuple[tuple[int | None, ...], ...]]:
    return tuple(range(len(layers))), tuple(tuple(range(n)) for n in layers)


def _check_layer(layers: list[int], layer: int) -> None:
    if not 0 <= layer < len(layers):
        raise ValueError(f"there is no layer {layer}: the network has layers 0 to {len(layers) - 1}")


def layer_words(layers: list[int], layer: int) -> str:
    """'the input layer', 'the hidden layer', 'hidden layer 2', 'the output layer'."""
    title = layer_title(layers, layer)
    return f"hidden layer {title.split()[1]}" if " " in title else f"the {title} layer"


def describe(layers: list[int], action: str, layer: int) -> str:
    """What ``action`` on ``layer`` does, as its button's tooltip says it (the diagram's and the
    Network tab's alike): "Add a unit to hidden layer 1", "Remove hidden layer 2 (its neighbours
    are joined by new weights)", "Add a hidden layer between the input layer and hidden layer 1"."""
    words = layer_words(layers, layer)
    if action == "remove_unit":
        return f"Remove the last unit of {words}"
    if action == "add_unit":
        return f"Add a unit to {words}"
    if action == "remove_layer":
        return f"Remove {words} (its neighbours are joined by new weights)"
    return f"Add a hidden layer between {layer_words(layers, layer - 1)} and {words}"


def why_not(layers: list[int], action: str, layer: int = 0) -> str | None:
    """Why ``action`` ('add_unit', 'remove_unit', 'add_layer', 'remove_layer') on ``layer`` would
    be refused, as a sentence a user reads next to the disabled control; None if it is allowed.
    The input and output layers follow the data, so their units are not edited here."""
    last = len(layers) - 1
    if action in ("add_unit", "remove_unit"):
        if layer == 0:
            return "The input layer has one unit per input column of the data; change the data to change it."
        if layer == last:
            return "The output layer has one unit per target column of the data; change the data to change it."
        if action == "add_unit" and layers[layer] >= MAX_UNITS:
            return f"A layer holds at most {MAX_UNITS} units, so that {CAP_REASON}."
        if action == "remove_unit" and layers[layer] <= 1:
            return "A hidden layer needs at least one unit; remove the layer instead."
        return None
    if action == "add_layer":
        if len(layers) >= MAX_LAYERS:
            return (f"A network has at most {MAX_LAYERS} layers ({MAX_LAYERS - 2} hidden), so that "
                    f"{CAP_REASON}.")
        return None
    if action == "remove_layer":
        if not 0 < layer < last:
            return "Only hidden layers can be removed."
        return None
    raise ValueError(f"unknown shape action {action!r}")


def _refuse(layers: list[int], action: str, layer: int) -> None:
    reason = why_not(layers, action, layer)
    if reason:
        raise ValueError(reason)


def add_unit(layers: list[int], activations: list[str], layer: int) -> ShapeChange:
    """One more unit at the end of hidden layer ``layer`` (existing units keep their names)."""
    _check_layer(layers, layer)
    _refuse(layers, "add_unit", layer)
    return resize_layer(layers, activations, layer, layers[layer] + 1,
                        text=f"Add a unit to {layer_words(layers, layer)}")


def remove_unit(layers: list[int], activations: list[str], layer: int, unit: int | None = None) -> ShapeChange:
    """Remove unit ``unit`` (0-based, default the last) of hidden layer ``layer``; the units
    after it move up one place, keeping their weights."""
    _check_layer(layers, layer)
    _refuse(layers, "remove_unit", layer)
    unit = layers[layer] - 1 if unit is None else unit
    if not 0 <= unit < layers[layer]:
        raise ValueError(f"There is no unit {unit + 1} in {layer_words(layers, layer)}.")
    layer_from, unit_from = _identity(layers)
    kept = tuple(j for j in range(layers[layer]) if j != unit)
    new_layers = list(layers)
    new_layers[layer] -= 1
    unit_from = unit_from[:layer] + (kept,) + unit_from[layer + 1:]
    return ShapeChange(tuple(new_layers), layer_from, unit_from, tuple(activations),
                       f"Remove a unit from {layer_words(layers, layer)}")


def resize_layer(layers: list[int], activations: list[str], layer: int, units: int,
                 text: str | None = None) -> ShapeChange:
    """Layer ``layer`` with ``units`` units: the first ``min(units, old)`` keep their weights,
    the rest are removed or new. Any layer, input and output included (for new data)."""
    _check_layer(layers, layer)
    new_layers = list(layers)
    new_layers[layer] = int(units)
    _check_cap(new_layers)
    layer_from, unit_from = _identity(layers)
    kept = tuple(j if j < layers[layer] else None for j in range(units))
    unit_from = unit_from[:layer] + (kept,) + unit_from[layer + 1:]
    return ShapeChange(tuple(new_layers), layer_from, unit_from, tuple(activations),
                       text or f"{units} units in {layer_words(layers, layer)}")


def add_layer(layers: list[int], activations: list[str], at: int, units: int | None = None,
              activation: str | None = None) -> ShapeChange:
    """A new hidden layer at position ``at`` (1 = right after the input, ``len(layers) - 1`` =
    right before the output). It gets ``units`` units (default: as many as the nearest hidden
    layer, else 2) and ``activation`` (default: the nearest hidden layer's, else the output's).
    Weights into and out of the new layer are new; all others keep their values."""
    if not 1 <= at <= len(layers) - 1:
        raise ValueError(f"a hidden layer goes between the input and the output (position 1 to {len(layers) - 1})")
    _refuse(layers, "add_layer", at)
    hidden = range(1, len(layers) - 1)
    nearest = min(hidden, key=lambda k: (abs(k - at + 0.5), k), default=None)
    units = units if units is not None else (layers[nearest] if nearest is not None else 2)
    # weight layer k-1 feeds layer k: the new layer's activation sits at index at-1
    activation = activation or activations[nearest - 1 if nearest is not None else -1]
    new_layers = list(layers[:at]) + [int(units)] + list(layers[at:])
    _check_cap(new_layers)
    layer_from, unit_from = _identity(layers)
    return ShapeChange(tuple(new_layers), layer_from[:at] + (None,) + layer_from[at:],
                       unit_from[:at] + ((None,) * units,) + unit_from[at:],
                       tuple(activations[:at - 1]) + (activation,) + tuple(activations[at - 1:]),
                       f"Add a hidden layer of {units} unit{'s' if units != 1 else ''}")


def remove_layer(layers: list[int], activations: list[str], layer: int) -> ShapeChange:
    """Remove hidden layer ``layer``: the layers either side are joined by new weights."""
    _check_layer(layers, layer)
    _refuse(layers, "remove_layer", layer)
    layer_from, unit_from = _identity(layers)
    name = layer_words(layers, layer)
    return ShapeChange(tuple(layers[:layer]) + tuple(layers[layer + 1:]),
                       layer_from[:layer] + layer_from[layer + 1:], unit_from[:layer] + unit_from[layer + 1:],
                       tuple(activations[:layer - 1]) + tuple(activations[layer:]),
                       f"Remove {name}")


def _check_cap(layers: list[int]) -> None:
    if len(layers) > MAX_LAYERS:
        raise ValueError(f"A network has at most {MAX_LAYERS} layers, so that {CAP_REASON}.")
    if any(n > MAX_UNITS for n in layers):
        raise ValueError(f"A layer holds at most {MAX_UNITS} units, so that {CAP_REASON}.")
    if any(n < 1 for n in layers):
        raise ValueError("Every layer needs at least one unit.")


def new_weights_text(init: Initialization) -> str:
    """Where a shape change's new weights come from, as a user reads it (the seed included):
    "random, uniform in ±1, seed 7" or "every weight 1 (constant initialization)"."""
    if init.method == "constant":
        return f"{init.draws()} (constant initialization)"
    return f"random, {init.draws()}, seed {init.seed}"

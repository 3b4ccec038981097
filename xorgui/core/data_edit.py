"""Changes to a session's data: a value, a row added or removed, and the network fitted to new data.

Datasets are immutable: each function returns a new one (or a new network) and raises
ValueError with a sentence a user can read when the change is not possible.
"""

from __future__ import annotations

import math

import numpy as np

from .data import MAX_SAMPLES, MAX_VALUE, Dataset
from .init import Initialization
from .network import MAX_UNITS, Network
from .numbers import fmt
from .reshape import CAP_REASON, ShapeChange, reshaped


def column_name(data: Dataset, col: int) -> str:
    """Column ``col`` counted over the inputs, then the targets: "X1", … then "y" or "y(D0)", …"""
    if col < data.n_inputs:
        return f"X{col + 1}"
    j = col - data.n_inputs
    return "y" if data.n_outputs == 1 else f"y(D{j})"


def with_value(data: Dataset, row: int, col: int, value: float) -> Dataset:
    """``data`` with sample ``row``'s column ``col`` (inputs first, then targets) set to ``value``."""
    if not (0 <= row < len(data) and 0 <= col < data.n_inputs + data.n_outputs):
        raise ValueError(f"there is no value at sample {row}, column {col}")
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise ValueError(f"a value must be a number between −{fmt(MAX_VALUE)} and {fmt(MAX_VALUE)}")
    x, y = data.inputs.copy(), data.targets.copy()
    if col < data.n_inputs:
        x[row, col] = value
    else:
        y[row, col - data.n_inputs] = value
    return Dataset(x, y)


def with_row(data: Dataset, after: int | None = None) -> Dataset:
    """``data`` with a copy of sample ``after`` (default the last) inserted after it: a new
    sample starts as a neighbour the user then edits."""
    if len(data) >= MAX_SAMPLES:
        raise ValueError(f"a session holds at most {MAX_SAMPLES:,} samples")
    row = len(data) - 1 if after is None else after
    if not 0 <= row < len(data):
        raise ValueError(f"there is no sample {row}")
    at = row + 1
    return Dataset(np.insert(data.inputs, at, data.inputs[row], axis=0),
                   np.insert(data.targets, at, data.targets[row], axis=0))


def without_row(data: Dataset, row: int) -> Dataset:
    """``data`` without sample ``row`` (the samples after it move up one place)."""
    if len(data) <= 1:
        raise ValueError("the data needs at least one sample")
    if not 0 <= row < len(data):
        raise ValueError(f"there is no sample {row}")
    return Dataset(np.delete(data.inputs, row, axis=0), np.delete(data.targets, row, axis=0))


def fit_network(network: Network, init: Initialization, n_inputs: int, n_outputs: int) -> Network:
    """``network`` with ``n_inputs`` input units and ``n_outputs`` output units (itself if it has
    them already). The first inputs and outputs keep their weights; new weights are fresh
    draws of ``init``, as for any shape change (core/reshape.py). ValueError beyond the
    cap (16 units a layer)."""
    layers = list(network.layers)
    if (layers[0], layers[-1]) == (n_inputs, n_outputs):
        return network
    new = [n_inputs] + layers[1:-1] + [n_outputs]
    keep = lambda old, n: tuple(j if j < old else None for j in range(n))  # noqa: E731
    unit_from = (keep(layers[0], n_inputs),) + tuple(tuple(range(n)) for n in layers[1:-1]) \
        + (keep(layers[-1], n_outputs),)
    if max(n_inputs, n_outputs) > MAX_UNITS:
        raise ValueError(f"the data has {n_inputs} input and {n_outputs} target columns, but a layer holds at "
                         f"most {MAX_UNITS} units, so that {CAP_REASON}")
    change = ShapeChange(tuple(new), tuple(range(len(layers))), unit_from, tuple(network.activation_names),
                         f"{n_inputs} inputs and {n_outputs} outputs")
    return reshaped(network, change, init)

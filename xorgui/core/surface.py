"""What the network computes over a plane of inputs: the decision-boundary map and each unit's map.

A :class:`Plane` puts one input on the x axis and (for networks with two or more inputs) another
on the y axis, holds every other input at a fixed value, and spans each axis with
``resolution`` evenly spaced points. :func:`compute` runs the engine's own forward pass
(``Network.forward``) on all grid points at once, so every pixel is the value the network gives
for that input (to rounding: a batch may sum its products in another order than one sample).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .activations import REACH
from .network import Network

Array = np.ndarray

RESOLUTION = 100  # grid points per axis: 100 × 100 = 10,000 forward passes, a few ms
MIN_RESOLUTION = 48
UNIT_BUDGET = RESOLUTION**2 * 8  # unit activations per map: bigger networks get a coarser grid
MARGIN = 0.25  # the plane reaches this fraction of the data's span beyond it on every side
ONE_SCALE = 10.0  # axes whose spans differ less than this are drawn at one scale (see widened)
WIDEST = 4.0  # a widened plane is at most this many times wider than tall (or taller than wide)
# Rows per forward pass. OpenBLAS hands larger products to its threads, which on a busy machine
# made the 100 × 100 grid ~30 times slower (14 ms against 0.5 ms a product); blocks this small
# stay on the calling thread (rows · 17 · 16 < 2^18, its threading threshold, for any shape).
CHUNK = 512
BOUNDED = {name: ends for name, ends in REACH.items() if all(map(math.isfinite, ends))}  # a fixed range


@dataclass(frozen=True)
class Plane:
    """Which inputs span the plane, over which ranges, and what the others are held at.

    ``y_input`` is None for a line (one-input networks). ``fixed[i]`` is the value of input
    ``i`` when it is on no axis (ignored for the axis inputs). ``x_range`` and ``y_range`` are
    the data's plane (:func:`plane_for`), spanned by ``resolution`` points per axis; a
    :func:`widened` plane goes on ``beyond[0]`` grid points further on the left and on the right
    of ``x_range``, and ``beyond[1]`` below and above ``y_range``, at the same spacing, so that
    the data's grid is part of its grid point for point (``around_data``, ``inner``)."""

    x_input: int
    y_input: int | None
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    fixed: tuple[float, ...]
    resolution: int = RESOLUTION
    beyond: tuple[int, int] = (0, 0)

    @property
    def xs(self) -> Array:
        """The x coordinates of the grid columns, ascending: ``(resolution + 2·beyond[0],)``."""
        return _axis(self.x_range, self.resolution, self.beyond[0])

    @property
    def ys(self) -> Array:
        """The y coordinates of the grid rows, ascending: ``(resolution + 2·beyond[1],)``, or
        ``(1,)`` for a line."""
        if self.y_input is None:
            return np.zeros(1)
        return _axis(self.y_range, self.resolution, self.beyond[1])

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) of the grid: rows follow y, columns follow x."""
        return (len(self.ys), self.resolution + 2 * self.beyond[0])

    @property
    def extent(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((x from, x to), (y from, y to)): the first and last grid points on each axis (the
        data's ranges unless widened)."""
        xs, ys = self.xs, self.ys
        return (float(xs[0]), float(xs[-1])), ((float(ys[0]), float(ys[-1])) if self.y_input is not None
                                               else self.y_range)

    def around_data(self) -> Plane:
        """The data's plane this one was widened from (itself when it was not)."""
        return self if self.beyond == (0, 0) else replace(self, beyond=(0, 0))

    @property
    def inner(self) -> tuple[slice, slice]:
        """(rows, columns) of this grid that are ``around_data()``'s grid, the same points."""
        bx, by = self.beyond
        rows = slice(by, by + self.resolution) if self.y_input is not None else slice(0, 1)
        return rows, slice(bx, bx + self.resolution)

    def points(self) -> Array:
        """Every grid point as a network input, ``(rows·columns, n_inputs)``, row by row:
        point ``r·columns + c`` has input ``x_input`` = ``xs[c]`` and ``y_input`` = ``ys[r]``."""
        rows, cols = self.shape
        x = np.empty((rows * cols, len(self.fixed)))
        x[:] = self.fixed
        x[:, self.x_input] = np.tile(self.xs, rows)
        if self.y_input is not None:
            x[:, self.y_input] = np.repeat(self.ys, cols)
        return x


def _axis(span: tuple[float, float], n: int, beyond: int) -> Array:
    """``n`` points evenly from ``span[0]`` to ``span[1]`` (as ``np.linspace``), with ``beyond``
    more at the same spacing before and after them."""
    inner = np.linspace(*span, n)
    if not beyond:
        return inner
    step = (span[1] - span[0]) / (n - 1)
    out = np.empty(n + 2 * beyond)
    out[beyond:beyond + n] = inner
    out[:beyond] = span[0] - step * np.arange(beyond, 0, -1)
    out[beyond + n:] = span[1] + step * np.arange(1, beyond + 1)
    return out


def resolution_for(layers: list[int] | tuple[int, ...]) -> int:
    """Grid points per axis for a network: RESOLUTION while it has at most 8 non-input units,
    then fewer, so that a map costs about the same (UNIT_BUDGET activations), never below
    MIN_RESOLUTION: 2-3-1 gets 100, 2-8-8-1 gets 68."""
    units = sum(layers[1:])
    return max(MIN_RESOLUTION, min(RESOLUTION, int(math.sqrt(UNIT_BUDGET / units))))


def plane_for(inputs: Array, x_input: int = 0, y_input: int | None = 1, fixed: tuple[float, ...] | None = None,
              resolution: int = RESOLUTION) -> Plane:
    """The plane that shows the data ``inputs`` ``(n, n_inputs)``: each axis spans its input's
    values plus MARGIN of their span on both sides (±1 around a constant input). Inputs on no
    axis are held at ``fixed`` (default: their mean over the data). ``y_input`` is ignored
    (None) for a one-input network."""
    x = np.asarray(inputs, dtype=np.float64)
    n_in = x.shape[1]
    if not 0 <= x_input < n_in:
        raise ValueError(f"the x axis needs an input from 1 to {n_in}")
    if n_in == 1:
        y_input = None
    elif y_input is None or not 0 <= y_input < n_in or y_input == x_input:
        raise ValueError("the y axis needs another input than the x axis")
    if fixed is None:
        fixed = tuple(float(v) for v in x.mean(axis=0))
    elif len(fixed) != n_in:
        raise ValueError(f"need a value for each of the {n_in} inputs")
    return Plane(x_input, y_input, _span(x[:, x_input]),
                 _span(x[:, y_input]) if y_input is not None else (0.0, 0.0),
                 tuple(float(v) for v in fixed), int(resolution))


def widened(plane: Plane, proportions: float) -> Plane:
    """``plane`` (a data's plane) going on beyond the data along one axis, about its centre, so
    that (x span) / (y span) is about ``proportions`` (a view's data area, width / height, drawn
    at one scale on both axes; clipped to WIDEST or 1/WIDEST): the data stay in the middle and
    the rest shows more of the plane. The grid goes on at the same spacing (``Plane.beyond``), so
    over the data it is the data's plane's grid, point for point, and a widened map costs its
    width over the data's: at most WIDEST times. A line (one input), a plane already of those
    proportions, or one whose spans differ ONE_SCALE times or more (inputs in other units: not
    drawn at one scale) is not widened."""
    plane = plane.around_data()
    (x0, x1), (y0, y1) = plane.x_range, plane.y_range
    sx, sy = x1 - x0, y1 - y0
    if (plane.y_input is None or not (proportions > 0 and sx > 0 and sy > 0)
            or max(sx, sy) >= ONE_SCALE * min(sx, sy)):
        return plane
    proportions = min(max(proportions, 1 / WIDEST), WIDEST)
    cells = plane.resolution - 1
    bx = max(0, round((sy * proportions - sx) / (2 * sx / cells)))  # grid steps added on each side
    by = max(0, round((sx / proportions - sy) / (2 * sy / cells)))
    return plane if bx == by == 0 else replace(plane, beyond=(bx, by))


def _span(values: Array) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    pad = MARGIN * (hi - lo) if hi > lo else 1.0
    return (lo - pad, hi + pad)


@dataclass(frozen=True)
class Surface:
    """The activations of every non-input unit over a plane's grid.

    ``z[l]`` is ``(rows, columns, layers[l + 1])``: ``z[l][r, c, j]`` is unit ``j`` of layer
    ``l + 1`` for the input at grid row ``r`` (y = ``plane.ys[r]``) and column ``c``
    (x = ``plane.xs[c]``), as ``Network.forward`` computes it."""

    plane: Plane
    layers: tuple[int, ...]
    activations: tuple[str, ...]
    z: tuple[Array, ...]

    @property
    def output(self) -> Array:
        """The output layer's values over the grid, ``(rows, columns, n_outputs)``."""
        return self.z[-1]

    def unit(self, layer: int, j: int) -> Array:
        """Unit ``j`` (0-based, bias excluded) of ``layer`` (1 = first hidden) over the grid, ``(rows, columns)``."""
        return self.z[layer - 1][:, :, j]

    def around_data(self) -> Surface:
        """The part of this surface over the data's plane (``plane.around_data()``): the same
        values, not computed again (views into ``z``)."""
        if self.plane.beyond == (0, 0):
            return self
        rows, cols = self.plane.inner
        return Surface(self.plane.around_data(), self.layers, self.activations, tuple(v[rows, cols] for v in self.z))


def compute(network: Network, plane: Plane) -> Surface:
    """Every unit's activation over ``plane``'s grid, from one forward pass of all its points.

    Non-finite weights give non-finite values (shown as such), never an exception."""
    rows, cols = plane.shape
    if len(plane.fixed) != network.layers[0]:
        raise ValueError(f"the plane has {len(plane.fixed)} inputs, the network {network.layers[0]}")
    points = plane.points()
    with np.errstate(all="ignore"):
        parts = [network.forward(points[i:i + CHUNK]).z for i in range(0, len(points), CHUNK)]
    z = tuple(np.concatenate([p[l] for p in parts]).reshape(rows, cols, -1) for l in range(len(parts[0])))
    for v in z:
        v.flags.writeable = False
    return Surface(plane, tuple(network.layers), tuple(network.activation_names), z)


def value_range(activation: str, values: Array, also: Array | None = None) -> tuple[float, float]:
    """The range a colour scale for a unit with ``activation`` spans: the activation's own range
    when it has one (sigmoid 0..1, tanh −1..1), else the finite ``values`` (and ``also``, e.g.
    the targets) from smallest to largest; ±1 around a single value, (0, 1) when none is finite."""
    if activation in BOUNDED:
        return BOUNDED[activation]
    pool = np.asarray(values, dtype=np.float64).ravel()
    if also is not None:
        pool = np.concatenate([pool, np.asarray(also, dtype=np.float64).ravel()])
    pool = pool[np.isfinite(pool)]
    if not pool.size:
        return (0.0, 1.0)
    lo, hi = float(pool.min()), float(pool.max())
    return (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)


def output_range(activation: str, targets: Array, values: Array | None = None) -> tuple[float, float]:
    """The colour scale of an output unit and of the targets drawn on it: the span of the task.

    For an activation with a fixed range, the targets' own smallest to largest value when they lie
    inside that range and differ (a tanh output on 0/1 targets: 0..1, so that both classes take the
    scale's two end colours and an output at or below 0 reads as class 0), else the activation's
    range. Otherwise as :func:`value_range` over ``values`` (default: the targets) and the targets."""
    t = np.asarray(targets, dtype=np.float64).ravel()
    t = t[np.isfinite(t)]
    if activation in BOUNDED:
        lo, hi = BOUNDED[activation]
        if t.size and lo <= t.min() < t.max() <= hi:
            return (float(t.min()), float(t.max()))
        return (lo, hi)
    return value_range(activation, t if values is None else values, also=t)

"""The loss plot's training curve: one pyqtgraph line fed at most a few points per pixel column.

A run at full speed has up to 2^20 points before its history is decimated. pyqtgraph's own
peak downsampling re-reads every point on each ``setData`` (bounds, finiteness, min and max per
column), and again whenever the view moves: ~8 ms a frame at a million epochs, most of a
frame. Here the curve is reduced to each pixel column's largest and smallest loss (its peak
envelope: every spike a screen can show), and while the history only grows (the same
``LossCurve.lineage``, the same columns) the columns already complete are kept: a frame reads
only the epochs trained since the last one. ``peaks`` is the reduction itself (pure numpy).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ..core.losscurve import LossCurve

FALLBACK_WIDTH = 1000  # pixel columns assumed before the view has a size


def peaks(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns of points ``(x, y)`` reduced to (x, [max, min]) pairs, as pyqtgraph's peak mode
    draws them: ``x`` is each column's position, ``y`` has shape (columns, ds). NaN in a column
    makes both NaN (the line breaks there, as it does through a NaN epoch)."""
    return np.repeat(x, 2), np.stack([y.max(axis=1), y.min(axis=1)], axis=1).ravel()


class LossLine:
    """The curve item; ``show(curve)`` draws a LossCurve, ``data()`` is what it was given."""

    def __init__(self, plot_item: pg.PlotItem):
        self.item = pg.PlotDataItem()
        plot_item.addItem(self.item, ignoreBounds=True)
        self.item.setClipToView(True)  # zoomed into a decimated curve: only the points in view
        self._vb = plot_item.getViewBox()
        self._curve: LossCurve | None = None
        self._drawn: tuple | None = None  # (curve, column size, first and last column) drawn
        # complete columns of ``_cache_curve`` (``_cache_ds`` epochs each, from epoch 1)
        self._cache_curve: LossCurve | None = None
        self._cache_ds = 0
        self._cache_x = np.empty(0)
        self._cache_y = np.empty((0, 2))
        self._vb.sigXRangeChanged.connect(self.redraw)
        self._vb.sigResized.connect(self.redraw)

    def show(self, curve: LossCurve, draw: bool = True) -> None:
        """Draw ``curve``; ``draw`` False: at the next ``redraw`` or change of the view (say,
        once the view's auto-range has been applied: the columns depend on it)."""
        self._curve = curve
        if draw:
            self.redraw()

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, losses) of the curve last shown, before any reduction."""
        if self._curve is None:
            return np.empty(0), np.empty(0)
        return self._curve.x, self._curve.y

    def redraw(self, *_) -> None:
        """Hand pyqtgraph the columns of the current view, unless they are drawn already."""
        curve = self._curve
        if curve is None:
            return
        (x0, x1), width = self._vb.viewRange()[0], self._vb.width()
        n = len(curve.x)
        if width <= 0:
            width = FALLBACK_WIDTH
        if curve.decimated:  # irregular epochs: points per column, as pyqtgraph counts them
            ds = max(1, int(n * max(0.0, min(1.0, (x1 - x0) / curve.epochs)) / width))
        else:  # epochs per pixel column
            ds = max(1, int((x1 - x0) / width))
        if ds < 2 or curve.decimated:  # every point, or up to a few 10^5 reduced whole
            key = (curve, ds)
            if key != self._drawn:
                self._drawn = key
                self.item.setData(*((curve.x, curve.y) if ds < 2 else
                                    self._reduce(curve.x, curve.y, 0, n // ds, ds, n)))
            return
        # epochs 1..n: column k holds epochs k*ds+1 .. (k+1)*ds; the visible ones, one to spare
        complete = n // ds
        first = max(0, min(complete, math.floor((x0 - 1) / ds) - 1))
        last = max(first, min(complete, math.ceil((x1 - 1) / ds) + 1))
        key = (curve, ds, first, last)
        if key != self._drawn:
            self._drawn = key
            self.item.setData(*self._columns(curve, ds, first, last, n))

    def _columns(self, curve: LossCurve, ds: int, first: int, last: int, n: int):
        """Columns ``first`` to ``last`` (complete ones) and the part-filled column after them."""
        if first == 0:  # the whole curve in view, as while training: keep the complete columns
            if not (curve.grew_from(self._cache_curve) and ds == self._cache_ds):
                self._cache_ds, self._cache_x, self._cache_y = ds, np.empty(0), np.empty((0, 2))
            done = len(self._cache_x)
            if last > done:
                x, y = self._reduce(curve.x, curve.y, done, last, ds, n, tail=False)
                self._cache_x = np.concatenate([self._cache_x, x[::2]])
                self._cache_y = np.concatenate([self._cache_y, y.reshape(-1, 2)])
            self._cache_curve = curve
            x, y = np.repeat(self._cache_x[:last], 2), self._cache_y[:last].ravel()
            if last == n // ds and last * ds < n:  # the part-filled last column
                tx, ty = self._reduce(curve.x, curve.y, last, last, ds, n)
                x, y = np.concatenate([x, tx]), np.concatenate([y, ty])
            return x, y
        return self._reduce(curve.x, curve.y, first, last, ds, n, tail=last == n // ds)

    @staticmethod
    def _reduce(x: np.ndarray, y: np.ndarray, first: int, last: int, ds: int, n: int, tail: bool = True):
        """Points ``first*ds`` to ``last*ds`` as (max, min) pairs of ``ds`` points, each pair
        at its column's middle point; with ``tail``, the points after them (fewer than ``ds``)
        as one more pair at their middle."""
        lo, hi = first * ds, last * ds
        cx, cy = peaks(x[lo + ds // 2:hi:ds], y[lo:hi].reshape(-1, ds))
        if tail and hi < n:
            rest = y[hi:n]
            cx = np.concatenate([cx, np.repeat(x[hi + (n - hi) // 2], 2)])
            cy = np.concatenate([cy, [rest.max(), rest.min()]])
        return cx, cy

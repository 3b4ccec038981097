"""The loss plot's training curve: one pyqtgraph line fed at most a few points per pixel column.

A run at full speed has up to 2^20 points before its history is decimated. pyqtgraph's own
peak downsampling re-reads every point on each ``setData`` (bounds, finiteness, min and max per
column), and again whenever the view moves: ~8 ms a frame at a million epochs, most of a
frame. Here the curve is reduced to columns of a power of two epochs, half a pixel to a pixel
wide, each drawn as its largest and smallest loss (the peak envelope: every spike a screen can
show). While the history only grows (the same ``LossCurve.lineage``) the complete columns are
kept: a frame reads only the epochs trained since the last one, and when the axis grows past
twice the epochs per pixel, neighbouring columns merge (the max of maxes, the min of mins)
instead of the whole curve being read again. ``peaks`` is the reduction itself (pure numpy).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ..core.losscurve import LossCurve

FALLBACK_WIDTH = 1000  # pixel columns assumed before the view has a size


def peaks(y: np.ndarray) -> np.ndarray:
    """Columns of losses, shape (columns, size), as (max, min) per column, shape (columns, 2).
    NaN in a column makes both NaN (the line breaks there, as it does through a NaN epoch)."""
    return np.stack([y.max(axis=1), y.min(axis=1)], axis=1)


def column_size(epochs_per_pixel: float) -> int:
    """The largest power of two <= ``epochs_per_pixel`` (1 when that is below 2)."""
    return 1 << max(0, math.floor(math.log2(epochs_per_pixel))) if epochs_per_pixel >= 2 else 1


class LossLine:
    """The curve item; ``show(curve)`` draws a LossCurve, ``data()`` is what it was given."""

    def __init__(self, plot_item: pg.PlotItem):
        self.item = pg.PlotDataItem()
        plot_item.addItem(self.item, ignoreBounds=True)
        self.item.setClipToView(True)  # zoomed into a decimated curve: only the points in view
        self._vb = plot_item.getViewBox()
        self._curve: LossCurve | None = None
        self._drawn: tuple | None = None  # (curve, column size, first and last column) drawn
        self._forget_kept()
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
        if curve.decimated:  # a few 10^5 points of irregular epochs: reduced whole, by points
            if self._kept_curve is not None:  # no later curve grows from it: let its 8 MiB buffer go
                self._forget_kept()
            ds = max(1, int(n * max(0.0, min(1.0, (x1 - x0) / curve.epochs)) / width))
            key = (curve, ds)
            if key != self._drawn:
                self._drawn = key
                if ds < 2:
                    self.item.setData(curve.x, curve.y)
                else:
                    k = n // ds
                    x, y = curve.x[ds // 2:k * ds:ds], peaks(curve.y[:k * ds].reshape(k, ds))
                    if k * ds < n:  # the points after the last whole column
                        x, y = np.r_[x, curve.x[(k * ds + n) // 2]], np.r_[y, peaks(curve.y[None, k * ds:])]
                    self.item.setData(np.repeat(x, 2), y.ravel())
            return
        ds = column_size((x1 - x0) / width)
        if ds == 1:
            key = (curve, 1)
            if key != self._drawn:
                self._drawn = key
                self.item.setData(curve.x, curve.y)
            return
        # epochs 1..n: column k holds epochs k*ds+1 .. (k+1)*ds; the visible ones, one to spare
        complete = n // ds
        first = max(0, min(complete, math.floor((x0 - 1) / ds) - 1))
        last = max(first, min(complete, math.ceil((x1 - 1) / ds) + 1))
        key = (curve, ds, first, last)
        if key == self._drawn:
            return
        self._drawn = key
        y = self._kept(curve, ds, last)[first:last] if first == 0 else peaks(
            curve.y[first * ds:last * ds].reshape(-1, ds))
        x = np.arange(first, last) * ds + (ds // 2 + 1)  # each column at its middle epoch
        if last == complete and last * ds < n:  # the epochs after the last whole column
            x, y = np.r_[x, (last * ds + 1 + n) // 2], np.r_[y, peaks(curve.y[None, last * ds:n])]
        self.item.setData(np.repeat(x.astype(np.float64), 2), y.ravel())

    def _forget_kept(self) -> None:
        # whole columns of ``_kept_curve``, ``_kept_ds`` epochs each from epoch 1, as (max, min)
        self._kept_curve: LossCurve | None = None
        self._kept_ds = 1
        self._kept_y = np.empty((0, 2))

    def _kept(self, curve: LossCurve, ds: int, last: int) -> np.ndarray:
        """Columns 0 to ``last`` (whole ones) of ``curve``, as (max, min): those kept from
        earlier frames (merged to ``ds`` if they were narrower), the rest read now."""
        kept, size = self._kept_y, self._kept_ds
        if not curve.grew_from(self._kept_curve) or size > ds:
            kept, size = np.empty((0, 2)), ds
        if size < ds:  # the axis grew: merge neighbours, whole groups of ds / size only
            group = ds // size
            whole = len(kept) // group * group
            grouped = kept[:whole].reshape(-1, group, 2)
            kept, size = np.stack([grouped[:, :, 0].max(axis=1), grouped[:, :, 1].min(axis=1)], axis=1), ds
        if last > len(kept):
            kept = np.concatenate([kept, peaks(curve.y[len(kept) * ds:last * ds].reshape(-1, ds))])
        self._kept_curve, self._kept_ds, self._kept_y = curve, size, kept
        return kept

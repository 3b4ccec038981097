"""The loss plot's frame: two invisible points at rounded corners around everything it draws.

The ViewBox's auto-range fits these two points, not the curve, markers and hover dot (whose
padding in pixels would nudge the range, and repaint the axes, on every frame). The corners move
only when the data leaves them, then with 20-33% headroom (``nice_ceil``): the axes move in
steps. The curve's finite min and max are kept from frame to frame while it only grows (the same
``LossCurve.lineage``): a frame reads only the epochs trained since the last one.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ..core.losscurve import LossCurve
from .plots import nice_ceil
from .twin_marks import HEADROOM, LARGEST, axis_top, leaves_plot


class LossFrame:
    """The invisible corner points on ``plot_item``; ``fit`` places them around what is drawn."""

    def __init__(self, plot_item: pg.PlotItem):
        self.item = pg.PlotDataItem(pen=pg.mkPen(None))
        # it paints nothing: no cut of its points to a million times the view, which pyqtgraph
        # makes before the auto-range reads them (a loss of 1.9e114 was fitted as about 1e8)
        self.item.setDynamicRangeLimit(None)
        plot_item.addItem(self.item)
        self._axis = plot_item.getAxis("left")  # a LossAxis: no labels where ∞ is marked
        self._key: tuple | None = None
        self._bounds: tuple = (None, math.inf, -math.inf)  # the curve read, its finite min and max

    def fit(self, curve: LossCurve, log_y: bool, test: tuple[float, float] | None,
            points: tuple[float, float, float] | None) -> None:
        """Place the corners: x to ``nice_ceil(epochs)``; y from 0 (losses are >= 0; else a
        rounded minimum) to ``nice_ceil`` of the maximum, in log mode to whole decades. ``test``:
        the test curve's (min, max) if drawn; ``points``: (largest x, min, max) of the epoch-0 and
        current-weights points if drawn (``LossPoints.bounds``). When the run diverged to a loss
        the axis cannot draw (∞, NaN), ``HEADROOM`` more above it: its triangle goes at the top
        (twin_marks.py). The top is at most what the axis can reach (``axis_top``)."""
        y = curve.y
        previous, low, high = self._bounds
        seen = previous.epochs if curve.grew_from(previous) else 0
        if not seen:  # not the points read before, grown (another lineage, decimated): from the start
            low, high = math.inf, -math.inf
        new = y[seen:][np.isfinite(y[seen:])]
        if new.size:
            low, high = min(low, float(new.min())), max(high, float(new.max()))
        self._bounds = (curve, low, high)
        if test is not None:  # the test curve is drawn too: the frame holds it
            low, high = min(low, test[0]), max(high, test[1])
        if points is not None:  # epoch 0 and the current weights are drawn: the frame holds them
            low, high = min(low, points[1]), max(high, points[2])
        room = HEADROOM if curve.divergence and leaves_plot({"": curve.divergence}, log_y) else 0.0
        # the band above the highest loss drawn, where ∞ or NaN is marked, has no labels (as the twin plot)
        self._axis.set_ceiling(high if room and math.isfinite(high) else None)
        if not math.isfinite(high):
            key = None
        elif log_y:
            positive = y[y > 0] if low <= 0 else None  # zeros are not drawn on a log axis
            least = low if positive is None else (float(positive.min()) if positive.size else None)
            if least is None:
                key = None
            else:
                decades = math.log10(least), math.log10(high)
                top = math.ceil(decades[1] + room * (decades[1] - math.floor(decades[0])))
                key = (10.0 ** math.floor(decades[0]), 10.0 ** axis_top(top, log_y=True))
        else:
            span = high - min(low, 0.0)
            top = nice_ceil(min(high + room * span, LARGEST)) if high > 0 else room * span
            key = (0.0 if low >= 0 else -nice_ceil(-low), axis_top(top))
        span = max(curve.epochs, math.ceil(points[0]) if points else 0)
        key = key and (span and nice_ceil(span), *key)
        if key == self._key:
            return
        self._key = key
        if key:
            # from epoch 0 (the point of the starting weights); nothing trained: epochs 0 to 10
            self.item.setData([0, key[0] or 10], [key[1], key[2]])
        else:
            self.item.setData([], [])

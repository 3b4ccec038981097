"""The loss plot's markers: an orange triangle on the curve at each epoch where the learner edited
a weight or changed a setting (``Snapshot.markers``), with what changed in its tooltip.

A marker sits at the loss after its epoch (exact: marked epochs are pinned in the history), an
epoch-0 marker on the epoch-0 dot. One at the current weights' epoch is left out while practice
hides their mean loss (``Hidden.hides_mean_loss``): its height would give the asked ŷ away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg

from ..core.hidden import Hidden
from ..core.naming import epoch_number

if TYPE_CHECKING:
    from ..core.losscurve import LossCurve
    from ..core.snapshot import Snapshot

MARKER_COLOR = "#e8870e"  # orange: readable on light and dark backgrounds


def display_y(values: np.ndarray, log_y: bool) -> np.ndarray:
    """``values`` as the loss plot draws them: log10 in log mode; NaN where not drawable."""
    y = np.asarray(values, dtype=np.float64)
    with np.errstate(all="ignore"):
        y = np.log10(y) if log_y else y.copy()
    y[~np.isfinite(y)] = np.nan
    return y


class LossMarkers:
    """The markers on ``plot_item``, placed anew only when they, the curve's lineage or the
    axis changed."""

    def __init__(self, plot_item: pg.PlotItem):
        self.item = pg.ScatterPlotItem(
            size=11, symbol="t1", pen=pg.mkPen(MARKER_COLOR, width=1.5), brush=pg.mkBrush(MARKER_COLOR),
            hoverable=True, hoverSize=14, tip=lambda x, y, data: f"epoch {epoch_number(round(x))}: {data}")
        self.item.setZValue(10)
        plot_item.addItem(self.item, ignoreBounds=True)
        self._key: tuple | None = None

    def forget(self) -> None:
        """Place them anew next time (what practice hides changed)."""
        self._key = None

    def show(self, markers: tuple, curve: "LossCurve", snap: "Snapshot", log_y: bool,
             hidden: Hidden = Hidden()) -> None:
        """Place each marker on ``curve`` at its epoch (the loss after that epoch)."""
        # a marker at the current weights' epoch would sit at the mean loss practice hides
        markers = tuple(m for m in markers if not hidden.hides_mean_loss(snap.epoch, snap.cursor, m.epoch))
        n = curve.epochs
        last = max((m.epoch for m in markers), default=0)
        # later epochs of the same lineage do not move a marker (its loss at shared epochs is kept)
        key = (markers, log_y, curve.lineage or curve, min(n, last + 1))
        if key == self._key:
            return
        self._key = key
        if not markers:
            self.item.setData([])
            self.item.hide()  # an empty scatter item costs a paint all the same
            return
        epochs = np.array([m.epoch for m in markers], dtype=np.int64)
        if n:
            losses = curve.at(np.clip(epochs, 1, n))  # exact: marked epochs are pinned
            # epoch 0's marker on the epoch-0 dot (it sat at epoch 1's loss, off the curve), or nowhere
            start = curve.start if curve.start is not None else np.nan
            losses = np.where(epochs == 0, start, losses)
        else:  # nothing trained yet: epoch 0's loss (before any step, that of the weights now)
            start = snap.start_loss
            losses = np.full(len(epochs), np.nan if start is None else start)
        y = display_y(losses, log_y)
        drawn = np.isfinite(y)
        self.item.setData(x=epochs[drawn], y=y[drawn], data=[m.label for m, d in zip(markers, drawn) if d])
        self.item.setVisible(bool(drawn.any()))

    def points(self) -> list[tuple[float, float, str]]:
        """(epoch, plotted y, label) of every marker drawn (y is log10 in log mode)."""
        return [(p.pos().x(), p.pos().y(), p.data()) for p in self.item.points()]

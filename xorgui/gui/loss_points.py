"""The loss plot's two single points: epoch 0 and, mid-epoch, the current weights.

* **epoch 0**: the mean loss of the weights the run started from (``Snapshot.start_loss``), a filled
  dot at x = 0 that stays as the curve's first point however far the run goes. Before any
  training it is the loss of the current weights (the snapshot's), as edited.
* **now**: while an epoch is under way (a few samples stepped), the mean loss of the current
  weights, the number the read-out shows, as a hollow diamond at x = epoch + samples stepped / n:
  between the epoch it follows and the next. At the end of an epoch it is that epoch's point.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pyqtgraph as pg

from ..core.hidden import Hidden

if TYPE_CHECKING:
    from ..core.snapshot import Snapshot


class LossPoints:
    """The epoch-0 point and the current-weights point on ``plot_item``."""

    def __init__(self, plot_item: pg.PlotItem):
        self.start_item = pg.ScatterPlotItem(size=9, symbol="o")
        self.now_item = pg.ScatterPlotItem(size=11, symbol="d", hoverable=True,
                                           tip=lambda x, y, data: data)
        for z, item in ((9, self.start_item), (9, self.now_item)):
            item.setZValue(z)
            plot_item.addItem(item, ignoreBounds=True)  # the plot's frame fits them (see bounds)
        self.start: float | None = None  # the finite loss drawn at epoch 0
        self.now: tuple[float, float] | None = None  # (x, loss) drawn for the current weights
        self._key: tuple | None = None

    def show(self, snap: "Snapshot", log_y: bool, hidden: Hidden = Hidden()) -> bool:
        """Place both points for this snapshot, leaving out the one whose mean loss ``hidden``
        hides (``Hidden.hides_mean_loss``: the current weights' while practice asks for ŷ);
        True if anything changed."""
        e, c = snap.epoch, snap.cursor
        start = None if hidden.hides_mean_loss(e, c, 0) else snap.start_loss
        now = (e + c / len(snap.inputs), float(snap.loss)) if c and not hidden.hides_mean_loss(e, c, e, c) else None
        key = (start, now, log_y)
        if key == self._key:
            return False
        self._key = key
        self.start = self._place(self.start_item, 0.0, start, log_y, None)
        drawn = self._place(self.now_item, now[0] if now else 0.0, now[1] if now else None, log_y,
                            f"the current weights, {snap.cursor} of {len(snap.inputs)} samples into epoch "
                            f"{snap.epoch + 1}")
        self.now = (now[0], drawn) if now and drawn is not None else None
        return True

    @staticmethod
    def _place(item: pg.ScatterPlotItem, x: float, loss: float | None, log_y: bool, tip: str | None):
        """Draw ``loss`` at ``x`` (hidden when unknown or not drawable); the loss drawn, or None."""
        if loss is None or not math.isfinite(loss) or (log_y and loss <= 0):
            item.setData([])
            item.hide()  # an empty scatter item costs a paint all the same
            return None
        item.setData(x=[x], y=[math.log10(loss) if log_y else loss], data=[tip] if tip else None)
        item.show()
        return loss

    def bounds(self) -> tuple[float, float, float] | None:
        """(largest x, lowest loss, highest loss) of the points drawn, for the plot's frame."""
        losses = [v for v in (self.start, self.now and self.now[1]) if v is not None]
        if not losses:
            return None
        return (self.now[0] if self.now else 0.0), min(losses), max(losses)

    def set_colors(self, line, background) -> None:
        self.start_item.setPen(pg.mkPen(line, width=1.5))
        self.start_item.setBrush(pg.mkBrush(line))
        self.now_item.setPen(pg.mkPen(line, width=2))
        self.now_item.setBrush(pg.mkBrush(background))

    def start_point(self) -> tuple[float, float] | None:
        """(epoch, plotted y) of the epoch-0 point, None when not drawn (y is log10 in log mode)."""
        return _point(self.start_item)

    def now_point(self) -> tuple[float, float] | None:
        """(x, plotted y) of the current-weights point, None when not drawn."""
        return _point(self.now_item)


def _point(item: pg.ScatterPlotItem) -> tuple[float, float] | None:
    points = item.points()
    return (float(points[0].pos().x()), float(points[0].pos().y())) if len(points) else None

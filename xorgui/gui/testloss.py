"""The loss plot's test-loss curve: drawn while the session has a test set (a train/test split).

The points come from the published snapshots' test loss (``snapshot.test``), one per frame, as
``core.testcurve`` keeps them: the engine never pays a test pass per epoch. A legend names the
two curves while there is a test set.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..core.snapshot import Snapshot
from ..core.testcurve import TestCurve, position

TEST_COLORS = ("#2b8a3e", "#69db7c")  # green, on light and on dark backgrounds
TEST_LABEL = "test (measured each frame)"


class TestLossItem:
    """The test curve on ``plot_item``, beside ``training`` (the training curve, for the legend)."""

    __test__ = False  # not a pytest test class, whatever its name

    def __init__(self, plot_item: pg.PlotItem, training: pg.PlotDataItem):
        self.item = pg.PlotDataItem()
        plot_item.addItem(self.item, ignoreBounds=True)  # the plot's frame fits it (see bounds)
        self.legend = pg.LegendItem(offset=(-10, 8))
        self.legend.setParentItem(plot_item.getViewBox())
        self.legend.addItem(training, "training")
        self.legend.addItem(self.item, TEST_LABEL)
        self.legend.hide()
        self.curve = TestCurve.empty()
        self._test_set = None  # the test inputs the curve was measured on

    def show(self, snap: Snapshot) -> bool:
        """Add this frame's test loss (or drop the curve without a test set). True if it changed."""
        if snap.test is None:
            if not len(self.curve) and not self.legend.isVisible():
                return False
            self.curve, self._test_set = TestCurve.empty(), None
            self.item.setData([], [])
            self.legend.hide()
            return True
        if snap.test_inputs is not self._test_set:  # another test set: another curve
            self.curve, self._test_set = TestCurve.empty(), snap.test_inputs
            self.legend.show()
        curve = self.curve.add(position(snap.epoch, snap.cursor, len(snap.inputs)), snap.test.loss)
        if curve is self.curve:
            return False
        self.curve = curve
        self.item.setData(curve.x, curve.y)
        return True

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(positions in epochs, test losses) as drawn."""
        return self.curve.x, self.curve.y

    def bounds(self) -> tuple[float, float] | None:
        """The finite test losses' (min, max), for the plot's frame; None if there are none."""
        y = self.curve.y[np.isfinite(self.curve.y)]
        return (float(y.min()), float(y.max())) if y.size else None

    def set_colors(self, dark: bool, text: QColor) -> None:
        self.item.setPen(pg.mkPen(QColor(TEST_COLORS[dark]), width=2, style=Qt.PenStyle.DashLine))
        self.legend.setLabelTextColor(text)

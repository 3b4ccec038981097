"""The loss plot's test-loss curve: drawn while the session has a test set (a train/test split).

The controller keeps the curve (``core.testcurve``: the snapshots' test loss, one point per
published frame; the engine never pays a test pass per epoch) and hands it over with
``test_curve_changed``. A legend names the two curves while there is a test set.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..core.testcurve import TestCurve

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

    def show(self, curve: TestCurve) -> None:
        """Draw ``curve`` (the controller's), with the legend while there is a test set."""
        self.curve = curve
        self.item.setData(curve.x, curve.y)
        self.legend.setVisible(curve.measured_on is not None)

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

"""The decision-boundary view: the network's output over the input plane, with the data on top.

Two or more inputs: a heatmap of one output over two inputs (the others held at values the
user picks), the samples drawn as dots coloured by their target on the same scale. One input:
the fitted curve over the samples. Either way a cross marks each sample the network gets wrong
by the truth table's rule (``core.boundary_map``: the colours alone cannot say it). While a
practice question asks for ŷ the plane is one neutral grey and uncrossed (``core.hidden``). It
renders the :class:`~xorgui.gui.surfaces.SurfaceFeed`'s surfaces, which are computed only while
this view (or the diagram's unit maps) is on screen.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainterPath, QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ..core.boundary_map import caption, plane_hidden, wrong_points
from ..core.hidden import Hidden
from ..core.snapshot import Snapshot
from ..core.surface import ONE_SCALE, Surface, output_range
from . import heatmap
from .boundary_side import BoundarySide
from .plots import plot_widget

VIEWER = "boundary"  # how this view is known to the feed
POINT_SIZE = 11
MANY_POINTS = 60  # more training samples than this are drawn smaller
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum width"
SIDE_WIDTH = 300  # the text beside a widened map gets this much of a wide tab (at least its minimum)


def _cross() -> QPainterPath:
    """✕ as two strokes (drawn by the pen only: the dot's colour shows between its arms)."""
    path = QPainterPath()
    r = 0.35  # its ends inside a dot of the same size (0.35·√2 < 0.5)
    for (x0, y0), (x1, y1) in (((-r, -r), (r, r)), ((-r, r), (r, -r))):
        path.moveTo(x0, y0)
        path.lineTo(x1, y1)
    return path


_CROSS = _cross()


def _image_span(plane) -> tuple[tuple[float, float], tuple[float, float]]:
    """((x from, x to), (y from, y to)) of the map's image: each pixel centred on its grid point."""
    (x0, x1), (y0, y1) = plane.extent
    dx, dy = (x1 - x0) / (len(plane.xs) - 1), (y1 - y0) / (len(plane.ys) - 1)
    return (x0 - dx / 2, x1 + dx / 2), (y0 - dy / 2, y1 + dy / 2)


class BoundaryView(QWidget):
    """Renders ``controller.surfaces`` and the snapshot's samples; forwards axis choices."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.feed = controller.surfaces
        self.output = 0  # which output the map shows
        self._data_key: tuple | None = None  # what the dots were drawn for
        self._range_key: tuple | None = None  # the plane the axes were fitted to
        self._scale_key: tuple | None = None  # the colour scale and decimals the map and caption were drawn at

        self.plot_widget = plot_widget(self)
        self.plot_widget.setMinimumSize(160, 120)
        item = self.plot_widget.getPlotItem()
        item.setMenuEnabled(False)
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)
        # the axes' widths follow their tick labels, known only after a layout: fit again then
        item.getViewBox().sigResized.connect(self._fit_width)
        self.image = pg.ImageItem(axisOrder="row-major")  # given colours: nothing to map when painted
        item.addItem(self.image)
        self._values: np.ndarray | None = None  # what the image shows, as numbers
        self.curve = item.plot()  # one input: the fitted curve
        self.curve.setZValue(5)
        self.points = pg.ScatterPlotItem(size=POINT_SIZE, symbol="o", pen=pg.mkPen("w", width=1.5))
        self.points.setZValue(10)
        item.addItem(self.points)
        self.test_points = pg.ScatterPlotItem(size=POINT_SIZE + 2, symbol="d")  # never trained on
        self.test_points.setZValue(11)
        item.addItem(self.test_points)
        # the samples the truth table counts wrong (training and test alike): a cross on each
        self.wrong = pg.ScatterPlotItem(symbol=_CROSS, size=POINT_SIZE, brush=None)
        self.wrong.setZValue(12)
        item.addItem(self.wrong)
        self._wrong_key: tuple | None = None
        self._hidden = Hidden()  # what open practice questions hide: the colours and crosses that give ŷ away

        self.side = BoundarySide(self.feed, self)
        self.side.output_chosen.connect(self.set_output)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget, 4)
        layout.addWidget(self.side, 1)

        self._apply_palette()
        self.feed.surface_changed.connect(self.show_surface)
        controller.snapshot_changed.connect(self._on_snapshot_changed)
        controller.walk_changed.connect(self.show_lesson)
        self.show_lesson(controller.lesson)  # made while a walk is open (the tab is built when first shown)

    # -- the feed computes only while the map is on screen ----------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        """A plane gets the largest plot whose data area has the plane's proportions (so a circle
        stays round while the axes show exactly the map), or about as wide as tall when its spans
        differ ONE_SCALE times or more; the room beside it goes to the text. The plane itself is
        widened to the room (the feed shows more of it around the data, at the same scale), so a
        wide, low tab is filled by the map, not left empty. A curve (one input) takes the room it
        is given."""
        key = self._range_key
        if key is not None and key[1] is None:
            self.plot_widget.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
            self.feed.set_proportions(VIEWER, None)
            return
        item = self.plot_widget.getPlotItem()
        # the plot's own room beside the data: the axes and the margins (room for tick labels)
        left, top, right, bottom = item.layout.getContentsMargins()
        around_w = item.getAxis("left").width() + left + right
        around_h = item.getAxis("bottom").height() + top + bottom
        side = max(self.side.minimumWidth(), min(SIDE_WIDTH, self.width() // 4))
        room_w = self.width() - side - self.layout().spacing() - around_w
        data_h = max(1.0, self.height() - around_h)
        if self.isVisible():  # the proportions of the room the map can fill: the plane follows
            self.feed.set_proportions(VIEWER, max(1.0, room_w) / data_h)  # widened clips it
            key = self._range_key  # the plane may have changed (and been fitted) just now
        ratio = 1.25
        if key is not None:
            w, h = key[2][1] - key[2][0], key[3][1] - key[3][0]
            ratio = w / h if max(w, h) / min(w, h) < ONE_SCALE else ratio
        data_w = min(data_h * ratio, max(1.0, room_w))
        data_h = min(data_h, data_w / ratio)
        self.plot_widget.setMaximumSize(max(self.plot_widget.minimumWidth(), round(data_w + around_w)),
                                        max(self.plot_widget.minimumHeight(), round(data_h + around_h)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.feed.set_shown(VIEWER, True)
        self.show_surface(self.feed.surface)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.feed.set_shown(VIEWER, False)

    # -- commands ------------------------------------------------------------------------------
    def set_output(self, index: int) -> None:
        """Show output ``index`` (0-based)."""
        if index != self.output:
            self.output = index
            self._data_key = None
            self.show_surface(self.feed.surface)

    def show_lesson(self, lesson) -> None:
        """While practice asks for a sample's prediction, a neutral plane and no crosses
        (``core.boundary_map`` says which): the caption says so."""
        if lesson.hidden != self._hidden:
            self._hidden = lesson.hidden
            self.show_surface(self.feed.surface)

    def _on_snapshot_changed(self, snap: Snapshot) -> None:
        if not self.isVisible():
            return
        if self.feed.surface is not None and (self._levels(snap), snap.precision) != self._scale_key:
            self.show_surface(self.feed.surface)  # a target edited, or the decimals: colours and caption follow
            return
        self.side.show_controls(snap, self.output)
        self._update_points(snap)

    def show_surface(self, surface: Surface | None) -> None:
        """Draw ``surface`` (and the samples) if the view is on screen."""
        if surface is None or not self.isVisible():
            return
        snap = self.controller.snapshot
        if self.output >= snap.layers[-1]:
            self.output = 0
        self.side.show_controls(snap, self.output)
        plane = surface.plane
        values = surface.output[:, :, self.output]
        lo, hi = self._levels(snap)
        self._scale_key = ((lo, hi), snap.precision)
        hidden = plane_hidden(snap, self.output, self._hidden)  # its colour at the sample is ŷ
        if plane.y_input is None:
            self.image.hide()
            self.curve.setVisible(not hidden)
            self.curve.setData(plane.xs, values[0])
        else:
            self.curve.hide()
            self.image.show()
            self._values = None if hidden else values
            self.image.setImage(heatmap.neutral(values.shape, self._base, self._text) if hidden
                                else heatmap.rgba(values, lo, hi, heatmap.PALE_LUT32), autoLevels=False)
            (x0, x1), (y0, y1) = _image_span(plane)
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self._update_points(snap)
        self.side.caption.setText(caption(snap, plane, self.output, lo, hi, self._hidden))
        self._fit(surface)

    def shown_image(self) -> np.ndarray | None:
        """The values the heatmap shows now (rows follow y upwards), or None in curve mode and
        while practice hides them (the plane is one neutral colour then)."""
        return self._values if self.image.isVisible() else None

    def shown_colours(self) -> set[tuple[int, int, int]]:
        """The distinct (r, g, b) colours of the heatmap's pixels now (empty in curve mode)."""
        rgba = self.image.image
        if rgba is None or not self.image.isVisible():
            return set()
        return set(map(tuple, np.unique(rgba[..., :3].reshape(-1, 3), axis=0).tolist()))

    def shown_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, output) of the fitted curve (one-input networks)."""
        x, y = self.curve.getData()
        return (np.empty(0), np.empty(0)) if x is None else (x, y)

    def shown_points(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the training samples' dots drawn."""
        x, y = self.points.getData()
        return np.asarray(x), np.asarray(y)

    def shown_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((x from, x to), (y from, y to)) the axes show now."""
        (x0, x1), (y0, y1) = self.plot_widget.getPlotItem().getViewBox().viewRange()
        return (x0, x1), (y0, y1)

    def image_rect(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((x from, x to), (y from, y to)) the heatmap image covers."""
        r = self.image.mapRectToParent(self.image.boundingRect())
        return (r.left(), r.right()), (r.top(), r.bottom())

    def shown_point_colours(self) -> list[tuple[int, int, int]]:
        """The fill colour (r, g, b) of each training sample's dot, in the data's order."""
        return [b.color().getRgb()[:3] for b in self.points.data["brush"]]

    def shown_wrong(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the crosses drawn: the samples (training, then test) the network gets wrong."""
        x, y = self.wrong.getData()
        return np.asarray(x), np.asarray(y)

    def shown_test_points(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the test samples' diamonds drawn (empty without a test set)."""
        x, y = self.test_points.getData()
        return np.asarray(x), np.asarray(y)

    # -- drawing -------------------------------------------------------------------------------
    def _levels(self, snap: Snapshot) -> tuple[float, float]:
        """The colour scale: the span of the targets within the output activation's range, else
        that range, else the targets' (``output_range``; stable while training)."""
        return output_range(snap.activations[-1], snap.targets[:, self.output])

    def _update_points(self, snap: Snapshot) -> None:
        """The samples as dots coloured by target, redrawn only when the data or the plane changed;
        a cross on each one the network gets wrong, moved only when they change."""
        surface = self.feed.surface
        if surface is None:
            return
        plane = surface.plane
        key = (id(snap.inputs), id(snap.targets), id(snap.test_inputs), plane.x_input, plane.y_input, self.output,
               snap.activations[-1])
        if key != self._data_key:
            self._data_key = key
            self._draw_points(snap, plane)
        self._mark_wrong(snap, plane)

    def _draw_points(self, snap: Snapshot, plane) -> None:
        lo, hi = self._levels(snap)
        for item, inputs, targets in ((self.points, snap.inputs, snap.targets),
                                      (self.test_points, snap.test_inputs, snap.test_targets)):
            if inputs is None:
                item.setData([])
                continue
            x, target = inputs[:, plane.x_input], targets[:, self.output]
            if plane.y_input is None:  # one input: the targets over it
                item.setData(x=x, y=target, brush=pg.mkBrush(self._text), pen=pg.mkPen(self._base, width=1.5))
                continue
            # one brush a colour, shared: pyqtgraph draws a symbol for each brush it is given (10,000
            # samples of two targets drew 10,000, 0.9 s as the tab opened on the largest network)
            colours, which = np.unique(heatmap.rgb(target, lo, hi), axis=0, return_inverse=True)
            shared = [pg.mkBrush(QColor(*c)) for c in colours.tolist()]
            brushes = [shared[i] for i in which.ravel().tolist()]
            size = POINT_SIZE if len(snap.inputs) <= MANY_POINTS else POINT_SIZE - 3  # many: less overlap
            item.setData(x=x, y=inputs[:, plane.y_input], brush=brushes, pen=pg.mkPen(self._text, width=1.2),
                         size=size + (2 if item is self.test_points else 0))

    def _mark_wrong(self, snap: Snapshot, plane) -> None:
        """A cross on every sample the snapshot counts wrong (``core.boundary_map.wrong_points``),
        set only when they changed."""
        x, y = wrong_points(snap, plane, self.output, self._hidden)
        key = (self._data_key, x.tobytes(), y.tobytes())
        if key == self._wrong_key:
            return
        self._wrong_key = key
        many = len(snap.inputs) > MANY_POINTS
        self.wrong.setData(x=x, y=y, size=POINT_SIZE - (3 if many else 0),
                           pen=pg.mkPen(self._text, width=1.3 if many else 1.7))

    def _fit(self, surface: Surface) -> None:
        """Fit the axes to a new plane (not on every frame: a user's zoom stays)."""
        plane = surface.plane
        key = (plane.x_input, plane.y_input, *(plane.extent if plane.y_input is None else _image_span(plane)))
        if key == self._range_key:
            return
        self._range_key = key
        self._fit_width()
        vb = self.plot_widget.getPlotItem().getViewBox()
        names = self.controller.snapshot.unit_names[0]
        item = self.plot_widget.getPlotItem()
        item.setLabel("bottom", names[plane.x_input + 1])
        if plane.y_input is None:
            vb.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
            item.setLabel("left", self.controller.snapshot.unit_names[-1][self.output])
            vb.enableAutoRange()
            return
        item.setLabel("left", names[plane.y_input + 1])
        # the axes show the map and nothing around it (no white margins): the view is the image's
        # rectangle, and zooming out or panning cannot leave it; _fit_width keeps its proportions
        rect = self.image.mapRectToParent(self.image.boundingRect())
        vb.setAspectLocked(False)
        vb.setLimits(xMin=rect.left(), xMax=rect.right(), yMin=rect.top(), yMax=rect.bottom())
        vb.setRange(rect, padding=0)

    # -- palette -------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._apply_palette()
            self._data_key = self._wrong_key = None
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        pal = self.palette()
        self._base, self._text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        self.plot_widget.setBackground(self._base)
        item = self.plot_widget.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(self._text)
            axis.setTextPen(self._text)
        dark = self._base.lightnessF() < 0.5
        self.curve.setPen(pg.mkPen(QColor("#5aa9e6" if dark else "#1f5fa8"), width=2.5))

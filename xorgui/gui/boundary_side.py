"""What sits beside the decision-boundary map: its caption, and the controls that choose what
the map shows (the output, the inputs on its axes, the values of the inputs held off the plane).

It renders what the boundary view gives it and forwards choices: the axes and held values to
the surface feed, which computes the next plane; the output to the view (``output_chosen``).
It scrolls when it is taller than the pane: 16 inputs have 14 "held at" rows (~550 px), whose
height would otherwise be every bottom tab's least height, squeezing the diagram.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QLabel, QScrollArea, QStyle,
                               QVBoxLayout, QWidget)

from ..core import accuracy
from ..core.snapshot import Snapshot

MAX_FIXED_INPUTS = 14  # spin boxes for the inputs off the plane (16 inputs, two on the axes)


class BoundarySide(QScrollArea):
    """The caption and the controls beside the map; ``output_chosen`` (0-based) when the learner
    picks another output."""

    output_chosen = Signal(int)

    def __init__(self, feed, parent: QWidget | None = None):
        super().__init__(parent)
        self.feed = feed
        self._controls_key: tuple | None = None  # what the boxes were last set for
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setToolTip(accuracy.RULE)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output_box = QComboBox()
        self.output_box.setToolTip("Which output the map shows")
        self.output_box.activated.connect(self.output_chosen)
        self.x_box, self.y_box = QComboBox(), QComboBox()
        self.x_box.setToolTip("The input along the horizontal axis")
        self.y_box.setToolTip("The input along the vertical axis")
        self.x_box.activated.connect(lambda i: self.feed.choose_axis(0, i))
        self.y_box.activated.connect(lambda i: self.feed.choose_axis(1, i))
        self.fixed_boxes: list[QDoubleSpinBox] = []
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("output", self.output_box)
        self.form.addRow("x axis", self.x_box)
        self.form.addRow("y axis", self.y_box)
        column = QVBoxLayout()
        column.addLayout(self.form)  # first: a long caption scrolled the output's box out of sight (1024×700)
        column.addWidget(self.caption)
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        inner.setMinimumWidth(200)
        inner.setAutoFillBackground(False)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.viewport().setAutoFillBackground(False)  # the tab's own background
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(inner.minimumWidth() + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))

    def show_controls(self, snap: Snapshot, output: int) -> None:
        """The output and axis boxes, and a spin box per input held off the plane."""
        n_in, n_out = snap.layers[0], snap.layers[-1]
        axes = self.feed.axes
        key = (snap.unit_names[0], snap.unit_names[-1], axes, output)
        if key == self._controls_key:
            return
        self._controls_key = key
        inputs = list(snap.unit_names[0][1:])
        for box, names, current in ((self.output_box, snap.unit_names[-1], output),
                                    (self.x_box, inputs, axes[0]), (self.y_box, inputs, axes[1])):
            with QSignalBlocker(box):
                if [box.itemText(i) for i in range(box.count())] != list(names):
                    box.clear()
                    box.addItems(list(names))
                if current is not None:
                    box.setCurrentIndex(current)
        self.form.setRowVisible(self.output_box, n_out > 1)
        self.form.setRowVisible(self.x_box, n_in > 2)
        self.form.setRowVisible(self.y_box, n_in > 2)
        self._show_fixed_boxes(snap, inputs, axes)

    def _show_fixed_boxes(self, snap: Snapshot, inputs: list[str], axes) -> None:
        off = [i for i in range(len(inputs)) if i not in axes][:MAX_FIXED_INPUTS]
        while len(self.fixed_boxes) < len(off):
            box = QDoubleSpinBox()
            box.setDecimals(3)
            box.setRange(-1e6, 1e6)
            box.setSingleStep(0.1)
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda value, b=box: self.feed.set_fixed(b.property("input"), value))
            self.form.addRow(QLabel(), box)
            self.fixed_boxes.append(box)
        plane = self.feed.plane(snap)
        for n, box in enumerate(self.fixed_boxes):
            shown = n < len(off)
            self.form.setRowVisible(box, shown)
            if shown:
                i = off[n]
                box.setProperty("input", i)
                self.form.labelForField(box).setText(f"{inputs[i]} held at")
                box.setToolTip(f"{inputs[i]} is on no axis: the map shows the network with it held at this value")
                with QSignalBlocker(box):
                    box.setValue(plane.fixed[i])

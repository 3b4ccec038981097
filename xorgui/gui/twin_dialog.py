"""Experiments ▸ Twin run: the session (left) and a twin from the same weights (right), one
setting changed in either, stepped and trained together: both loss curves on one plot (each from
where the pair was made, at its own loss there; the session's run before that, which both share,
drawn once in grey, and the split a dotted line, "twin made at epoch …" in the legend), every
weight of both side by side (the ones that differ highlighted), and the first place their
arithmetic differs as a line pair. A Train runs a slice at a time with a progress bar and Cancel;
it stops where a twin diverges (a Step sample that ends that epoch too), marked on the plot in the
main window's words, the loss there a triangle on the curve, or at the top of the plot when it is
∞ or NaN (twin_marks.py); the plot then turns to a log loss axis so that both curves stay readable
(the "log y" box turns it back, as on the main loss plot); the pair goes no further, a new twin does.
The window forwards intent to the controller's twin commands (twin_commands.py) and renders the
TwinView it is given."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ..core.numbers import DEFAULT_PRECISION
from ..core.twin_change import current_value, keys
from .plots import EpochAxis, LossAxis, plot_widget
from .twin_commands import MAX_TWIN_EPOCHS, TwinView
from .twin_marks import HEADROOM, TWIN_SIZES, TWIN_WIDTHS, DivergenceMarks, axis_top, leaves_plot
from .weight_diff_table import WeightDiffTable
from .time_travel import ReadOnlyWhileViewing
from .window_state import resize_within_screen

HEADERS = ("left", "right", "right − left")
COLORS = {"left": "#1f77b4", "right": "#d62728"}
SHARED_COLOR = "#8c8c8c"  # the run both twins share, before the pair was made
# the left curve wider, the right drawn over it: where both twins have the same losses (a change
# that has not mattered yet) the red line runs inside the blue one and both stay visible
LEFT_PEN, RIGHT_PEN = pg.mkPen(COLORS["left"], width=4), pg.mkPen(COLORS["right"], width=1.5)
SHARED_PEN = pg.mkPen(SHARED_COLOR, width=2)
SHARED_NAME = "both: the session before the twin"
# the start points (pen, brush, size), where the pair was made: a ring for the left twin, a dot
# that fits inside it for the right
START_SYMBOLS = {"left": (pg.mkPen(COLORS["left"], width=2.5), pg.mkBrush(None), 14),
                 "right": (pg.mkPen(None), pg.mkBrush(COLORS["right"]), 7)}


def drawable(x, y, log_y: bool) -> tuple[np.ndarray, np.ndarray]:
    """The points of a curve a (log) axis can draw: finite losses, and on a log axis positive ones."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        keep = np.isfinite(y) & ((y > 0) if log_y else True)
    return x[keep], y[keep]


def highest(curves, first: float, last: float) -> float:
    """The largest finite loss of ``curves`` ((epochs, losses) pairs) at epochs ``first`` to
    ``last``; −∞ if none."""
    tops = [-math.inf]
    for x, y in curves:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        keep = (x >= first) & (x <= last) & np.isfinite(y)
        if keep.any():
            tops.append(float(y[keep].max()))
    return max(tops)

PLOT_TEXT = "#333333"  # axes, ticks and legend on the plot's white ground

class TwinDialog(QDialog):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Twin run")

        self.side_box = QComboBox()
        self.side_box.addItem("the right twin (a copy)", "right")
        self.side_box.addItem("the left twin (the session)", "left")
        self.side_box.setToolTip("Which twin takes the change: the right one, a copy of the session, or the "
                                 "left one, the session itself (one undoable change)")
        self.key_box = QComboBox()
        self.key_box.setToolTip("The one setting that changes: a training setting, the "
                                "activations (one per weight layer) or a weight by its diagram name")
        self.value_edit = QLineEdit()
        self.value_edit.setToolTip("Its new value (batch_size: a number or full)")
        self.make_button = QPushButton("Make twin")
        self.make_button.setToolTip("A pair from the session as it is now, with this one change in the chosen twin")
        self.key_box.currentTextChanged.connect(self._show_current_value)
        self.make_button.clicked.connect(self._make)
        self.value_edit.returnPressed.connect(self._make)

        self.step_button = QPushButton("Step sample")
        self.epoch_button = QPushButton("Epoch")
        self.train_button = QPushButton("Train")
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(1, MAX_TWIN_EPOCHS)
        self.epochs_box.setValue(100)
        self.epochs_box.setGroupSeparatorShown(True)
        self.epochs_box.setSuffix(" epochs")
        self.epochs_box.setToolTip("Epochs one Train runs both twins; Cancel stops them where they are")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop training: both twins keep the epochs done so far")
        self.progress = QProgressBar()
        self.step_button.clicked.connect(lambda: controller.twin_step())
        self.epoch_button.clicked.connect(controller.twin_epoch)
        self.train_button.clicked.connect(lambda: controller.twin_train(self.epochs_box.value()))
        self.cancel_button.clicked.connect(controller.cancel_twin)
        # Enter in the value box makes the twin once (returnPressed): a QDialog would also press its
        # default button, the first of these, and make it twice (in the left twin: the second from
        # the session already changed, an identical pair); in the epochs box it made a new twin
        for button in (self.make_button, self.step_button, self.epoch_button, self.train_button, self.cancel_button):
            button.setAutoDefault(False)

        self.refusal = QLabel()  # why the last Make twin was refused (the pair shown, if any, is unchanged)
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(f"color: {COLORS['right']}")
        self.refusal.hide()
        self.change_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.pair = QLabel()
        self.pair.setTextFormat(Qt.TextFormat.PlainText)
        mono = self.pair.font()
        mono.setFamily("monospace")
        self.pair.setFont(mono)
        self.pair.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.losses = QLabel()
        self.log_box = QCheckBox("log y")
        self.log_box.setToolTip("Logarithmic loss axis: both curves readable when one grows huge. On either "
                                "axis a twin's loss of ∞ or NaN is marked at the top of the plot")
        self.log_box.toggled.connect(lambda _: self._view is not None and self.render(self._view))
        self._view = None  # the view last rendered: the log toggle redraws it, nothing is recomputed
        self._shown_divergence = None  # the divergence the plot last turned to log y for

        self.plot = plot_widget(background="w", axisItems={"bottom": EpochAxis("bottom"), "left": LossAxis("left")})
        for name in ("bottom", "left"):  # on white: pyqtgraph's grey text read at about 2.6:1
            self.plot.getAxis(name).setPen(PLOT_TEXT)
            self.plot.getAxis(name).setTextPen(PLOT_TEXT)
        self.plot.setLabel("bottom", "epoch")
        self.plot.setLabel("left", "mean loss")
        self.plot.getAxis("left").enableAutoSIPrefix(False)  # the loss as the walkthrough shows it
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)  # whole epochs, never "epoch (x0.001)"
        # on a pale ground: a curve that climbs to the top right (a divergence) passes under it;
        # clear of the last epoch, where the pair stopped and a divergence is marked
        # see-through: a curve behind it (a diverged twin's at 0.25) shows through, as it did not at 210
        self.legend = self.plot.addLegend(offset=(-32, 10), brush=pg.mkBrush(255, 255, 255, 110), labelTextColor=PLOT_TEXT)
        self.plot.showGrid(x=True, y=True, alpha=0.15)  # of the dark axis pen: as pale as before
        self.plot.getViewBox().setAutoVisible(y=True)  # the loss axis fits what the epoch axis shows
        self.shared_curve = self.plot.plot([], [], pen=SHARED_PEN)  # in the legend while there is one
        self.left_curve = self.plot.plot([], [], pen=LEFT_PEN, name="left: the session")
        self.right_curve = self.plot.plot([], [], pen=RIGHT_PEN, name="right: the twin")
        # where each twin starts: the loss of its weights when the pair was made (epoch 0 for a new session)
        self.starts = self.plot.plot([], [], pen=None, symbol="o")
        # where the pair was made: a dotted line, named in the legend ("twin made at epoch 3,000"),
        # where no curve or start point can run under its words
        split_pen = pg.mkPen(SHARED_COLOR, width=1.5, style=Qt.PenStyle.DotLine)
        self.split_line = pg.InfiniteLine(angle=90, pen=split_pen)
        self.split_key = pg.PlotDataItem([], [], pen=split_pen)  # the legend's sample of it, never plotted
        self.plot.addItem(self.split_line)
        self.split_line.hide()
        # where a twin diverged (twin_marks.py, as on the main loss plot)
        self.marks = DivergenceMarks(self.plot, COLORS, {side: f"{side} twin " for side in COLORS},
                                     TWIN_SIZES, TWIN_WIDTHS)
        self.diverged_line = self.marks.line
        self.weights = WeightDiffTable()
        self.weights.setToolTip("Every weight of both twins by its diagram name; highlighted where they differ")

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.side_box)
        row.addWidget(self.key_box)
        row.addWidget(self.value_edit, 1)
        row.addWidget(self.make_button)
        form.addRow("Change", row)
        form.addRow("", self.refusal)
        buttons = QHBoxLayout()
        for w in (self.step_button, self.epoch_button, self.train_button, self.epochs_box, self.cancel_button):
            buttons.addWidget(w)
        buttons.addWidget(self.progress, 1)  # the whole rest of the row while it trains
        buttons.addStretch(0)  # and when it is hidden, the buttons keep their size
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for w in (self.change_label, self.status, self.pair):
            layout.addWidget(w)
        loss_row = QHBoxLayout()
        loss_row.addWidget(self.losses, 1)
        loss_row.addWidget(self.log_box)
        layout.addLayout(loss_row)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.plot, 1)
        side_by_side.addWidget(self.weights)  # as wide as its numbers, the plot takes the rest
        layout.addLayout(side_by_side, 1)
        resize_within_screen(self, 960, 620)

        self._stale = False
        self._view = controller.twin_shown
        # while the main window shows an earlier epoch the pair is neither made nor trained: the
        # reason as the tooltip; render enables what the twin view allows at now
        self._past = ReadOnlyWhileViewing(controller.travel, (self.make_button, self.step_button, self.epoch_button,
                                                               self.train_button),
                                          then=lambda: self._follow(self._view), parent=self)
        controller.twin_changed.connect(self._follow)
        controller.session_replaced.connect(self.take_session_keys)
        self.take_session_keys()
        self.render(self._view)

    def _follow(self, view: TwinView | None) -> None:
        """Draw the twin run ``view`` now, or when the dialog opens again: a closed dialog kept
        drawing its plot at every change of the main window."""
        self._view = view
        self._stale = not self.isVisible()
        if not self._stale:
            self.render(view)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self._stale = False
            self.render(self._view)
        super().showEvent(event)

    def take_session_keys(self) -> None:
        """The settings and weight names of the session as it is now."""
        key = self.key_box.currentText() or "learning_rate"
        self.key_box.blockSignals(True)
        self.key_box.clear()
        self.key_box.addItems(keys(self.controller.trainer))
        self.key_box.blockSignals(False)
        self.key_box.setCurrentIndex(max(0, self.key_box.findText(key)))
        self._show_current_value(self.key_box.currentText())

    def _show_current_value(self, key: str) -> None:
        if key:
            self.value_edit.setText(current_value(self.controller.trainer, key))

    def _make(self) -> None:
        key, side = self.key_box.currentText(), self.side_box.currentData()
        made = self.controller.make_twin(key, self.value_edit.text(), side)
        self.refusal.setText("" if made else made.reason)  # here, where the value was typed
        self.refusal.setVisible(not made)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.controller.stop_twin()  # closing the window stops the twins where they are
        super().hideEvent(event)

    def render(self, view: TwinView | None) -> None:
        self._view = view
        running = view is not None and view.progress is not None
        # a pair that diverged stopped there: a new twin goes on (the status says so)
        stepping = view is not None and view.in_step and not running and view.divergence is None
        for w in (self.step_button, self.epoch_button, self.train_button):
            self._past.allow(w, stepping)
        self.epochs_box.setEnabled(stepping)
        for w in (self.side_box, self.key_box, self.value_edit):
            w.setEnabled(not running)
        self._past.allow(self.make_button, not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, view.progress.total)
            self.progress.setValue(view.progress.done)
            self.progress.setFormat(view.progress.text())
        if view is None:
            self.change_label.setText("No twin yet: choose the twin and the one setting it changes, then Make twin.")
            for w in (self.status, self.pair, self.losses):
                w.setText("")
            self._plot(None)
            self.weights.show_rows([], HEADERS, 0)
            return
        if view.side == "left":
            self.change_label.setText(f"Left: the session, changed to {view.change}.  Right: the session as it was.")
        else:
            self.change_label.setText(f"Left: the session.  Right: the same with {view.change}.")
        self.status.setText(view.status)
        pair = view.difference.line_pair(view.precision) if view.difference and view.in_step else ()
        self.pair.setText("\n".join(pair))
        self.weights.show_rows(list(view.weights), HEADERS, view.precision)
        self.losses.setText(view.loss_line)
        if view.divergence is not None and view.divergence != self._shown_divergence:
            self._shown_divergence = view.divergence
            with QSignalBlocker(self.log_box):  # _plot below reads it: no second render
                self.log_box.setChecked(True)  # a loss that exploded flattens the other curve on 0
        self._plot(view)

    def _name(self, item, name: str | None) -> None:
        """``item`` in the legend as ``name`` (the last entry when added), or not at all."""
        label = next((label for sample, label in self.legend.items if sample.item is item), None)
        if label is not None and name is None:
            self.legend.removeItem(item)
        elif label is None and name is not None:
            self.legend.addItem(item, name)
        elif label is not None and label.text != name:
            label.setText(name)

    def _plot(self, view: TwinView | None) -> None:
        """The run both twins share (drawn once), each twin's curve from its start point where the
        pair was made (the loss of the weights it started from there, joined to its first epoch),
        the split, and the divergence."""
        log_y = self.log_box.isChecked()
        self.plot.getPlotItem().setLogMode(False, log_y)
        empty = (np.empty(0), np.empty(0))
        shared, curves = (view.shared, view.curves) if view else (empty, (empty, empty))
        starts, split, divergence = (view.starts, view.split, view.divergence) if view else ((), 0.0, None)
        self.shared_curve.setData(*drawable(*shared, log_y))
        self._name(self.shared_curve, SHARED_NAME if len(shared[0]) else None)
        self._name(self.split_key, f"twin made at epoch {view.split_place}" if view and split > 0 else None)
        for item, (x, y) in zip((self.left_curve, self.right_curve), curves):
            item.setData(*drawable(x, y, log_y))
        # the left twin's as a ring, the right's as a dot drawn over it: when both start from the
        # same loss (a changed rate or seed), the dot sits inside the ring and both stay visible
        fresh = [(loss, START_SYMBOLS[side]) for side, loss in zip(COLORS, starts)
                 if len(drawable([split], [loss], log_y)[0])]
        self.starts.setData([split] * len(fresh), [loss for loss, _ in fresh],
                            symbolPen=[pen for _, (pen, _, _) in fresh],
                            symbolBrush=[brush for _, (_, brush, _) in fresh],
                            symbolSize=[size for _, (_, _, size) in fresh])
        self.split_line.setVisible(split > 0)
        self.split_line.setValue(split)
        # the epochs of the twins (at least to the end of the epoch where they were made) and,
        # when the shared run is longer, its last quarter of that length before the split
        end = max([float(x[-1]) for x, _ in curves if len(x)] + [math.floor(split) + 1.0])
        span = end - split
        first = 0.0 if split <= span else split - span / 4
        self.plot.setXRange(first, end)
        self.plot.enableAutoRange(y=True)
        self.plot.getViewBox().updateAutoRange()  # now, not at the next paint: the ranges read are the ones shown
        low, high = shown = self.plot.getViewBox().viewRange()[1]
        top = highest((shared, *curves, ([split] * len(starts), starts)), first, end)
        found = dict(divergence.found()) if divergence is not None else {}
        leaves = leaves_plot(found, log_y)
        # the band above the highest loss drawn, where a loss of ∞ or NaN is marked, has no labels
        self.plot.getPlotItem().getAxis("left").set_ceiling(top if leaves and math.isfinite(top) else None)
        if not log_y:
            low = max(low, 0.0)  # a loss is never negative (auto-range alone centres a lone
            # point, or a flat stub, on −0.5 to 0.5)
            # pyqtgraph cuts a curve to a million times the view before auto-range reads it: a
            # divergence to 1e114 was fitted as about 1e14, its loss and triangle far above the top
            if top > high:
                high = axis_top(top + 0.02 * (top - low))
        if leaves:  # room above the curves to see it leave upwards
            high += (high - low) * HEADROOM
            high = high if log_y else axis_top(high)
        if [low, high] != shown:
            self.plot.setYRange(low, high, padding=0)
        self.marks.show(found, dict(zip(COLORS, curves)), log_y, view.precision if view else DEFAULT_PRECISION)


def show_twin(window) -> TwinDialog:
    """The window's one twin dialog (made on first use)."""
    dialog = getattr(window, "twin_dialog", None)
    if dialog is None:
        dialog = window.twin_dialog = TwinDialog(window.controller, window)
    dialog.show()
    dialog.raise_()
    return dialog

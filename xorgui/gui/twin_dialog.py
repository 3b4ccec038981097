"""Experiments ▸ Twin run: the session (left) and a twin from the same weights with one setting
changed (right), stepped and trained together, with both loss curves on one plot and the first
place their arithmetic differs as a line pair. The window forwards intent to the controller's
twin commands (twin_commands.py) and renders the TwinView it is given."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ..core.twin_change import current_value, keys
from .twin_commands import MAX_TWIN_EPOCHS, TwinView

LEFT_PEN, RIGHT_PEN = pg.mkPen("#1f77b4", width=2), pg.mkPen("#d62728", width=2)


class TwinDialog(QDialog):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Twin run")

        self.key_box = QComboBox()
        self.key_box.setToolTip("The one setting the right twin changes: a training setting, the "
                                "activations (one per weight layer) or a weight by its diagram name")
        self.value_edit = QLineEdit()
        self.value_edit.setToolTip("Its value in the right twin (batch_size: a number or full)")
        self.make_button = QPushButton("Make twin")
        self.make_button.setToolTip("A copy of the session as it is now, with this one change")
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
        self.step_button.clicked.connect(lambda: controller.twin_step())
        self.epoch_button.clicked.connect(controller.twin_epoch)
        self.train_button.clicked.connect(lambda: controller.twin_step(self.epochs_box.value()))

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

        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "epoch")
        self.plot.setLabel("left", "mean loss")
        self.plot.getAxis("left").enableAutoSIPrefix(False)  # the loss as the walkthrough shows it
        self.plot.addLegend(offset=(-10, 10))
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.left_curve = self.plot.plot([], [], pen=LEFT_PEN, name="left: the session")
        self.right_curve = self.plot.plot([], [], pen=RIGHT_PEN, name="right: the twin")

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.key_box)
        row.addWidget(self.value_edit, 1)
        row.addWidget(self.make_button)
        form.addRow("Right twin changes", row)
        buttons = QHBoxLayout()
        for w in (self.step_button, self.epoch_button, self.train_button, self.epochs_box):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for w in (self.change_label, self.status, self.pair, self.losses):
            layout.addWidget(w)
        layout.addWidget(self.plot, 1)
        self.resize(760, 560)

        controller.twin_changed.connect(self.render)
        controller.snapshot_changed.connect(lambda _: self.render(controller.twin_view()))
        controller.session_replaced.connect(self.take_session_keys)
        self.take_session_keys()
        self.render(controller.twin_view())

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
        self.controller.make_twin(self.key_box.currentText(), self.value_edit.text())

    def render(self, view: TwinView | None) -> None:
        stepping = view is not None and view.in_step
        for w in (self.step_button, self.epoch_button, self.train_button, self.epochs_box):
            w.setEnabled(stepping)
        if view is None:
            self.change_label.setText("No twin yet: choose the one setting the right twin changes, then Make twin.")
            for w in (self.status, self.pair, self.losses):
                w.setText("")
            self.left_curve.setData([], [])
            self.right_curve.setData([], [])
            return
        self.change_label.setText(f"Left: the session.  Right: the same with {view.change}.")
        self.status.setText(view.status)
        self.pair.setText("\n".join(view.difference.line_pair()) if view.difference and view.in_step else "")
        self.epochs_box.setMaximum(view.max_epochs)
        self.epochs_box.setToolTip(f"At most {view.max_epochs:,} epochs a press for this network and data: "
                                   "both twins train on the window's thread")
        left, right = view.losses
        self.losses.setText(f"After epoch {view.epoch}: loss left {left:.6g}, right {right:.6g}")
        (lx, ly), (rx, ry) = view.curves
        self.left_curve.setData(lx, ly)
        self.right_curve.setData(rx, ry)


def show_twin(window) -> TwinDialog:
    """The window's one twin dialog (made on first use)."""
    dialog = getattr(window, "twin_dialog", None)
    if dialog is None:
        dialog = window.twin_dialog = TwinDialog(window.controller, window)
    dialog.show()
    dialog.raise_()
    return dialog

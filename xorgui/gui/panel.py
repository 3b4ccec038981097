"""The control panel: settings, stepping and training controls, and the read-outs.

It renders the controller's Snapshot (with signals blocked, so that showing a value never
sends it back) and forwards every user change to one controller command.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QPushButton, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from ..core import accuracy
from ..core.activations import ACTIVATIONS
from ..core.init import METHODS, Initialization
from ..core.naming import epoch_number
from ..core.numbers import as_set, fmt, percent
from ..core.snapshot import Snapshot
from ..core.losses import LOSSES, get_loss
from ..core.regularizers import REGULARIZERS, get_regularizer
from ..core.training import BATCH_KINDS, MAX_LEARNING_RATE, MIN_LEARNING_RATE, batch_kind
from .controller import Controller
from .rate_box import LearningRateBox
from .readout import Readout
from .runner import SLOW_MOTION, SPEEDS
from .time_travel import ReadOnlyWhileViewing

BATCH_CHOICES = BATCH_KINDS
MIXED = "mixed"  # the hidden-activation box when hidden layers differ: shown, never sent
NO_HIDDEN = "none"  # the hidden-activation box of a network without a hidden layer: shown, never sent
SEED_TIP = "Random seed: the same seed always gives the same weights"
SEED_MAX = 2**31 - 1  # what a spin box holds; files and the CLI take seeds up to 2^63 − 1
HIDDEN_TIP = "Activation of every hidden unit. Identity everywhere makes the network linear: it cannot fit XOR"
NO_HIDDEN_TIP = ("This network has no hidden layer (its inputs feed the output directly), so there is no "
                 "hidden activation to choose. Add one with + layer in the Network tab, or the + between "
                 "two layers on the diagram.")


def _show_value(box, value) -> None:
    """Show ``value`` unless the user is typing in ``box``: training never overwrites an edit."""
    if box.hasFocus() and box.lineEdit().isModified():
        return
    if box.value() != value:
        box.setValue(value)


def _speed_label(speed: float | None) -> str:
    if speed is None:
        return "as fast as possible"
    return f"{speed:g} epochs/s" + (" (sample by sample)" if speed <= SLOW_MOTION else "")


class SeedBox(QSpinBox):
    """As wide as six digits need, whatever its range: sized for 2^31 − 1 it took 18 px from the
    diagram at every window size (a longer seed scrolls in the box)."""

    def _narrower(self, hint: QSize) -> QSize:
        metrics = self.fontMetrics()
        extra = metrics.horizontalAdvance(str(self.maximum())) - metrics.horizontalAdvance("999999")
        return QSize(hint.width() - max(0, extra), hint.height())

    def sizeHint(self) -> QSize:
        return self._narrower(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._narrower(super().minimumSizeHint())


class ControlPanel(QWidget):
    """Settings, Step/Epoch/Train, speed, and epoch/loss/accuracy read-outs."""

    settings_folded_changed = Signal(bool)  # the panel's height changed: the window may share it out

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._snapshot: Snapshot | None = None
        self._settings_shown: tuple | None = None
        self._build()
        self._connect()
        self._hides_loss = False  # an open practice question asks for a prediction: the mean loss gives it away
        controller.snapshot_changed.connect(self.render)
        controller.training_changed.connect(self._render_training)
        controller.run_controls_changed.connect(self._render_training)
        controller.walk_changed.connect(self.show_lesson)
        # every control that changes the run: while the past is shown the reason replaces its tooltip
        self._run_tips = {b: b.toolTip() for b in (self.step_button, self.epoch_button, self.train_button)}
        self._past = ReadOnlyWhileViewing(
            controller.travel, [w for w in (self.step_button, self.epoch_button, self.train_button,
                                            *self.settings_form.findChildren(QWidget)) if w.toolTip()],
            then=self._render_training, parent=self)
        self.render(controller.snapshot)
        self._render_training()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        c = self.controller
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)

        run = QGroupBox("Run")
        grid = QGridLayout(run)
        self.step_button = QPushButton("Step sample")
        self.step_button.setToolTip("Forward and backward on the next sample; the weights change when its "
                                    "batch is complete (F6)")
        self.epoch_button = QPushButton("Epoch")
        self.epoch_button.setToolTip("Train to the end of the current epoch (F7)")
        self.train_button = QPushButton("Train")
        self.train_button.setCheckable(True)
        self.train_button.setToolTip("Train continuously until paused (F5); one undo entry per run")
        for i, b in enumerate((self.step_button, self.epoch_button, self.train_button)):
            grid.addWidget(b, 0, i)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setValue(SPEEDS.index(c.speed))
        self.speed.setToolTip("Training speed: from slow motion (one sample at a time) to as fast as possible")
        self.speed_label = QLabel(_speed_label(c.speed))
        # as wide as the widest speed's text, on a row of its own: moving the slider never
        # resizes the Run buttons above it
        metrics = self.speed_label.fontMetrics()
        self.speed_label.setFixedWidth(max(metrics.horizontalAdvance(_speed_label(s)) for s in SPEEDS) + 4)
        speed_row = QHBoxLayout()
        speed_row.addWidget(QLabel("Speed"))
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        grid.addLayout(speed_row, 1, 0, 1, 3)
        self.epoch_label, self.loss_label, self.accuracy_label = QLabel(), QLabel(), QLabel()
        self.progress_label = QLabel()
        for label, tip in ((self.epoch_label, "Epochs completed"),
                           (self.loss_label, "Mean loss over all samples with the current weights"),
                           (self.accuracy_label, f"Share of the samples that are right. {accuracy.RULE}"),
                           (self.progress_label, "Where the next Step is within the epoch and batch")):
            label.setToolTip(tip)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the progress line grows by a clause mid-batch: it wraps rather than widening the column
        self.progress_label.setWordWrap(True)
        # read-outs change every frame while training: held so that a new text relays out nothing
        readouts = QHBoxLayout()
        for label, sample in ((self.epoch_label, "Epoch <b>9,999,999</b>"),
                              (self.loss_label, "Mean loss <b>-0.00000000</b>"),
                              (self.accuracy_label, "Accuracy <b>100%</b>")):
            readouts.addWidget(Readout(label, (sample,)))
        grid.addLayout(readouts, 2, 0, 1, 3)
        grid.addWidget(Readout(self.progress_label, ("mini-batch: next Step uses sample 10",), lines=2), 3, 0, 1, 3)
        outer.addWidget(run)

        settings = self.settings_box = QGroupBox("Settings")
        box = QVBoxLayout(settings)
        # folded: the settings in a line or two, and the room below for the tabs (at 1024×700 the
        # Why? tab showed three lines)
        head = QHBoxLayout()
        self.settings_summary = QLabel()
        self.settings_summary.setWordWrap(True)
        self.settings_summary.setToolTip("The settings, folded: Show unfolds them")
        self.fold_button = QPushButton()  # outside the controls: folding changes no run (allowed in the past)
        head.addWidget(self.settings_summary, 1)
        head.addWidget(self.fold_button, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        box.addLayout(head)
        self.settings_form = QWidget()
        box.addWidget(self.settings_form)
        form = QFormLayout(self.settings_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.learning_rate = LearningRateBox()
        self.learning_rate.setToolTip(f"Learning rate α ({fmt(MIN_LEARNING_RATE)} to {fmt(MAX_LEARNING_RATE)}; "
                                      "useful values are about 0.001 to 10). "
                                      "Type a value such as 0.05 or 1e-3; the arrows step through 1, 2, 5 × 10ⁿ")
        form.addRow("Learning rate α", self.learning_rate)
        self.hidden_act, self.output_act = QComboBox(), QComboBox()
        for box in (self.hidden_act, self.output_act):
            for act in ACTIVATIONS.values():
                box.addItem(act.label, act.name)  # "leaky ReLU" shown, "leaky_relu" sent
        # shown, not chosen, when hidden layers differ (set per layer in the Network tab)
        self.hidden_act.addItem("mixed (see the Network tab)", MIXED)
        self.hidden_act.model().item(self.hidden_act.count() - 1).setEnabled(False)
        self.hidden_act.addItem("none: no hidden layer", NO_HIDDEN)
        self.hidden_act.model().item(self.hidden_act.count() - 1).setEnabled(False)
        self.hidden_act.setToolTip(HIDDEN_TIP)
        self.output_act.setToolTip("Activation of the output unit(s). Cross-entropy needs sigmoid")
        form.addRow("Hidden activation", self.hidden_act)
        form.addRow("Output activation", self.output_act)
        self.loss = QComboBox()
        for loss in LOSSES.values():
            self.loss.addItem(loss.label, loss.name)
        self.loss.setToolTip("Loss per sample. Cross-entropy needs a sigmoid output")
        form.addRow("Loss", self.loss)
        batch_row = QHBoxLayout()
        self.batch_mode = QComboBox()
        self.batch_mode.addItems(BATCH_CHOICES)
        self.batch_mode.setToolTip("Full batch: one update per epoch with the mean gradient. Mini-batch: one "
                                   "update per k samples. Online: one update per sample")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(2, 10_000)
        self.batch_size.setPrefix("k = ")
        self.batch_size.setToolTip("Samples per mini-batch")
        self.batch_size.setKeyboardTracking(False)  # one setting change when typing ends, not per key
        self.shuffle = QCheckBox("shuffle")
        self.shuffle.setToolTip("Visit the samples in a new (seeded, reproducible) order each epoch")
        batch_row.addWidget(self.batch_mode, 1)
        batch_row.addWidget(self.batch_size)
        batch_row.addWidget(self.shuffle)
        form.addRow("Batch mode", batch_row)
        init_row = QHBoxLayout()
        self.init_method = QComboBox()
        for method in METHODS:  # labelled with the session's value or scale (render)
            self.init_method.addItem(Initialization(method).label(), method)
        self.init_method.setToolTip("How weights are made. Changing it makes new weights (undo restores them)")
        self.seed = SeedBox()
        self.seed.setRange(0, SEED_MAX)
        self.seed.setPrefix("seed ")
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip(SEED_TIP)
        init_row.addWidget(self.init_method, 1)
        init_row.addWidget(self.seed)
        form.addRow("Initialization", init_row)
        reg_row = QHBoxLayout()
        self.regularization = QComboBox()
        for reg in REGULARIZERS.values():
            self.regularization.addItem(reg.label, reg.name)
        self.regularization.setToolTip("Penalty on large weights (never on bias weights)")
        self.regularization_rate = QDoubleSpinBox()
        self.regularization_rate.setDecimals(6)
        self.regularization_rate.setRange(0.0, 10.0)
        self.regularization_rate.setSingleStep(0.001)
        self.regularization_rate.setPrefix("λ = ")
        self.regularization_rate.setKeyboardTracking(False)
        self.regularization_rate.setToolTip("Regularization rate λ")
        reg_row.addWidget(self.regularization, 1)
        reg_row.addWidget(self.regularization_rate)
        form.addRow("Regularization", reg_row)
        buttons = QHBoxLayout()
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to this run's initial weights (epoch 0)")
        self.randomize_button = QPushButton("Randomize")
        self.randomize_button.setToolTip("New random weights with a new seed")
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.randomize_button)
        form.addRow("", buttons)
        outer.addWidget(settings)
        outer.addStretch(1)
        self.fold_settings(False)

    def fold_settings(self, folded: bool) -> None:
        """Show the settings as a summary line (True) or as their controls (False)."""
        changed = folded != self.settings_folded
        self.settings_form.setVisible(not folded)
        self.settings_summary.setVisible(folded)
        self.fold_button.setText("Show ▾" if folded else "Hide ▴")
        self.fold_button.setToolTip("Show the settings" if folded else
                                    "Fold the settings into a line, leaving more room for the tabs below")
        if changed:
            self.layout().invalidate()  # the new height hint, for the window to give the room to others
            self.settings_folded_changed.emit(folded)

    @property
    def settings_folded(self) -> bool:
        return self.settings_form.isHidden()

    def _connect(self) -> None:
        c = self.controller
        self.step_button.clicked.connect(c.step_sample)
        self.epoch_button.clicked.connect(c.step_epoch)
        self.train_button.clicked.connect(c.toggle_training)
        self.speed.valueChanged.connect(self._speed_moved)
        self.learning_rate.valueChanged.connect(c.set_learning_rate)
        self.hidden_act.currentIndexChanged.connect(lambda i: c.set_hidden_activation(self.hidden_act.itemData(i)))
        self.output_act.currentIndexChanged.connect(lambda i: c.set_activation(-1, self.output_act.itemData(i)))
        self.loss.currentIndexChanged.connect(lambda i: c.set_loss(self.loss.itemData(i)))
        self.batch_mode.currentIndexChanged.connect(self._batch_changed)
        self.batch_size.valueChanged.connect(self._batch_changed)
        self.shuffle.toggled.connect(c.set_shuffle)
        self.regularization.currentIndexChanged.connect(self._regularization_changed)
        self.regularization_rate.valueChanged.connect(self._regularization_changed)
        self.init_method.currentIndexChanged.connect(lambda: c.set_init_method(self.init_method.currentData()))
        self.seed.valueChanged.connect(c.set_init_seed)
        self.reset_button.clicked.connect(c.reset_weights)
        self.randomize_button.clicked.connect(c.randomize_weights)
        self.fold_button.clicked.connect(lambda: self.fold_settings(not self.settings_folded))

    # -- user intent ------------------------------------------------------------------
    def _speed_moved(self, index: int) -> None:
        self.speed_label.setText(_speed_label(SPEEDS[index]))
        self.controller.set_speed(SPEEDS[index])

    def _batch_changed(self, *_):
        self.controller.set_batch_kind(self.batch_mode.currentText(), self.batch_size.value())

    def _regularization_changed(self, *_):
        self.controller.choose_regularization(self.regularization.currentData(), self.regularization_rate.value())

    # -- rendering ----------------------------------------------------------------------
    def show_lesson(self, lesson) -> None:
        """While practice asks for a sample's prediction, the mean loss and the accuracy show "?"
        (with the other samples' losses in the truth table they would give it away)."""
        hides = lesson.hidden.prediction
        if hides != self._hides_loss:
            self._hides_loss = hides
            self.render(self._snapshot)

    def render(self, snap: Snapshot) -> None:
        again = snap is self._snapshot  # re-sent after a refused change: show the real values
        self._snapshot = snap  # what is shown: the batch and init slots complete it
        p = snap.precision
        n = len(snap.inputs)
        self.epoch_label.setText(f"Epoch <b>{epoch_number(snap.epoch)}</b>")
        hide = self._hides_loss  # as the loss plot's header
        self.loss_label.setText(f"Mean loss <b>{'?' if hide else fmt(snap.loss, p)}</b>")
        self.accuracy_label.setText(f"Accuracy <b>{'?' if hide else percent(snap.accuracy)}</b>")
        pending = (f", {snap.pending:,} gradient{'' if snap.pending == 1 else 's'} waiting for the update"
                   if snap.pending else "")
        self.progress_label.setText(f"{snap.batch_mode}: next Step uses sample {snap.next_sample} "
                                    f"({snap.cursor:,} of {n:,} done this epoch{pending})")
        cfg = snap.config
        settings = (cfg, snap.activations, snap.init, n)
        if settings == self._settings_shown and not again:
            return  # a training frame: the settings did not change (setting them again costs a relayout)
        self._settings_shown = settings
        widgets = (self.learning_rate, self.hidden_act, self.output_act, self.loss, self.batch_mode,
                   self.batch_size, self.shuffle, self.init_method, self.seed, self.regularization,
                   self.regularization_rate)
        blockers = [QSignalBlocker(w) for w in widgets]
        _show_value(self.learning_rate, cfg.learning_rate)
        self.regularization.setCurrentIndex(self.regularization.findData(cfg.regularization))
        _show_value(self.regularization_rate, cfg.regularization_rate)
        self.regularization_rate.setEnabled(get_regularizer(cfg.regularization).penalizes)
        hidden = set(snap.activations[:-1])
        self.hidden_act.setCurrentIndex(self.hidden_act.findData(
            MIXED if len(hidden) > 1 else snap.activations[0] if hidden else NO_HIDDEN))
        self.hidden_act.setEnabled(bool(hidden))
        self._past.set_tip(self.hidden_act, HIDDEN_TIP if hidden else NO_HIDDEN_TIP)
        self.output_act.setCurrentIndex(self.output_act.findData(snap.activations[-1]))
        self.loss.setCurrentIndex(self.loss.findData(cfg.loss))
        k = cfg.effective_batch(n)
        mode = batch_kind(cfg.batch_size, n)
        self.batch_mode.setCurrentText(mode)
        self.batch_size.setRange(2, max(2, n - 1))
        if mode == "mini-batch":
            _show_value(self.batch_size, k)
        self.batch_size.setEnabled(mode == "mini-batch")
        self.shuffle.setChecked(cfg.shuffle)
        self.shuffle.setEnabled(mode != "full batch")
        for i, method in enumerate(METHODS):  # "random uniform ±0.25", not ±1, for a file's scale of 0.25
            self.init_method.setItemText(i, replace(snap.init, method=method).label())
        self.init_method.setCurrentIndex(self.init_method.findData(snap.init.method))
        _show_value(self.seed, min(snap.init.seed, self.seed.maximum()))
        beyond = snap.init.seed > self.seed.maximum()
        self.seed.setToolTip(SEED_TIP + (f" (this session's seed is {snap.init.seed:,}, more than the box shows: "
                                         "it is kept until you choose another)" if beyond else ""))
        self.seed.setEnabled(snap.init.method != "constant")
        del blockers
        self.settings_summary.setText(" · ".join(self._summary(snap, mode, k)))

    def _summary(self, snap: Snapshot, mode: str, k: int) -> list[str]:
        """The settings as the folded box writes them, in the controls' own words."""
        cfg = snap.config
        hidden = {MIXED: "mixed hidden units", NO_HIDDEN: "no hidden layer"}.get(self.hidden_act.currentData(),
                                                                             self.hidden_act.currentText())
        parts = [f"α = {as_set(cfg.learning_rate)}", f"{hidden} → {self.output_act.currentText()}",
                 get_loss(cfg.loss).title,
                 (f"mini-batch, k = {k}" if mode == "mini-batch" else mode) + (", shuffled" if cfg.shuffle and
                                                                               mode != "full batch" else ""),
                 self.init_method.currentText() + ("" if snap.init.method == "constant" else f", seed {snap.init.seed}")]
        reg = get_regularizer(cfg.regularization)
        if reg.penalizes:
            parts.append(f"{reg.title}, λ = {fmt(cfg.regularization_rate, 6)}")
        return parts

    def _render_training(self, *_) -> None:
        """The Train button and what it allows, as the controller says training is now (not as
        the signal that called this said it: a slot that pauses at a start makes that stale)."""
        running = self.controller.is_training
        with QSignalBlocker(self.train_button):
            self.train_button.setChecked(running)
        self.train_button.setText("Pause" if running else "Train")
        # while an earlier epoch is shown nothing that changes the run is offered (the past is
        # read-only); else as the controller's run_controls say (Step and Epoch not while a run goes on)
        offered = self.controller.run_controls
        self._past.allow(self.settings_form)  # folding stays offered: it changes no run
        for button, kind in ((self.train_button, offered.train), (self.step_button, offered.step),
                             (self.epoch_button, offered.epoch)):
            self._past.allow(button, kind.enabled and (button is self.train_button or not running))
            self._past.set_tip(button, kind.reason or self._run_tips[button])

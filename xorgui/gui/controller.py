"""The controller: owns the Trainer, turns user intent into core calls, publishes what changed.

Views call the commands (``edit_weight``, ``set_learning_rate``, ``step_sample`` …); each
returns a :class:`~xorgui.gui.result.Result` (truthy when done, else the reason a user can
read). Every change goes through :meth:`change`, which makes it undoable and refuses bad input
without touching anything else. What changed is published as immutable values, and only when
something changed: ``snapshot_changed`` (a Snapshot), ``history_changed`` (a LossCurve),
``walk_changed`` (a LessonView), ``file_changed`` (the path). Training is paced by the
:class:`~xorgui.gui.runner.Runner`'s frame clock; phase stepping, practice and the score
belong to the :class:`~xorgui.gui.walk_controller.WalkController`; the settings commands are in
:class:`~xorgui.gui.settings_commands.SettingsCommands`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np
from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtGui import QUndoStack

from ..core.numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION
from ..core.presets import default_session
from ..core.snapshot import describe
from ..core.testcurve import TestCurve
from ..core.trainer_state import unchanged
from ..core.training import Trainer, TrainerState
from .result import OK, Result, refused
from .run_controls import RunControls
from .runner import SPEEDS, Runner  # noqa: F401 - SPEEDS: the speeds a view may offer
from .session_commands import SessionCommands
from .settings_commands import SettingsCommands
from .time_travel import TimeTravel
from .data_commands import DataCommands
from ..core.divergence import divergence_in_history
from .divergence_commands import DivergenceCommands
from .shape_commands import ShapeCommands
from .twin_commands import TwinCommands
from .surfaces import SurfaceFeed
from .undo import UNDO_LIMIT, StateCommand
from .walk_controller import WalkController
from ..core.naming import epoch_number

if TYPE_CHECKING:
    from ..core.lesson import LessonView, WalkView
    from ..core.losscurve import LossCurve
    from ..core.sample_curves import SampleCurves
    from ..core.worksheet import Worksheet

PRECISION_RANGE = (MIN_PRECISION, MAX_PRECISION)  # decimals the window offers, as the CLI


class Controller(QObject, SessionCommands, SettingsCommands, DataCommands, ShapeCommands, TwinCommands,
                 DivergenceCommands):
    """Owns the core objects. Signals name facts; public methods are commands."""

    snapshot_changed = Signal(object)  # Snapshot: the numbers every view shows
    history_changed = Signal(object)  # a LossCurve: the whole loss history, read-only
    session_replaced = Signal()  # new network shape, new file: views rebuild
    training_changed = Signal(bool)  # True while training runs
    file_changed = Signal(str)  # path of the current file ("" when unsaved)
    dirty_changed = Signal(bool)
    message = Signal(str, str)  # for the status bar: text, level ("info", "warning" or "error")
    walk_changed = Signal(object)  # LessonView: practice, score, and the walk (or None)
    samples_changed = Signal(object)  # SampleCurves: each sample's loss per epoch (truth tables)
    twin_changed = Signal(object)  # TwinView (twin_commands.py): the twin run after a twin command
    run_controls_changed = Signal(object)  # RunControls: whether Train, Step, Epoch, Step phase are offered
    test_curve_changed = Signal(object)  # TestCurve: the test loss, measured at each published frame

    def __init__(self, trainer: Trainer | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.trainer = trainer or default_session()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.path: Path | None = None
        self.selected = 0
        self.precision = DEFAULT_PRECISION
        self._start_shown: float | None = None  # the History.start the last loss curve carried
        self.runner = Runner(self.trainer, self)
        self.runner.frame.connect(self._on_frame)
        self.walks = WalkController(self)
        self.walks.changed.connect(self.walk_changed)
        self.travel = TimeTravel(self, self._publish)  # the epoch the window shows; its own signal and commands
        self.snapshot = describe(self.trainer, self.selected, self.precision, self.runner.divergence)
        self.test_curve = TestCurve.empty().follow(self.snapshot)
        self.surfaces = SurfaceFeed(self)  # the heatmaps' values, computed while a view shows them
        self.run_controls = RunControls.of(self.snapshot.cannot_train, False)
        self.training_changed.connect(self._follow_run_controls)

    # -- state, for the wiring and for tests ----------------------------------------------------
    @property
    def history(self) -> np.ndarray:
        return self.trainer.history.values

    @property
    def loss_curve(self) -> LossCurve:
        """What the plot and the CSV export show of the history (bounded after 2^20 epochs), with
        where the divergence rule first fires in it (the plot marks it)."""
        from ..core.losscurve import LossCurve  # for the plots, built after the first paint

        return LossCurve.of(self.trainer.history, self.trainer.start_loss, divergence_in_history(self.trainer))

    @property
    def sample_curves(self) -> SampleCurves:
        """What the per-sample plot shows: each sample's loss per epoch (built when drawn)."""
        from ..core.sample_curves import SampleCurves

        data = self.trainer.data
        return SampleCurves(self.trainer.sample_history, data.inputs, data.targets, self.trainer.sample_start_losses)

    @property
    def is_training(self) -> bool:
        return self.runner.running

    @property
    def speed(self) -> float | None:
        return self.runner.speed

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def session_name(self) -> str:
        return self.path.name if self.path else (self.trainer.name or "untitled")

    @property
    def walk(self) -> WalkView | None:
        return self.walks.view().walk

    @property
    def lesson(self) -> LessonView:
        """What the walk and practice show now, as ``walk_changed`` last told it (for a view made later)."""
        return self.walks.view()

    @property
    def practice(self) -> bool:
        return self.walks.practice

    @property
    def shown_trainer(self) -> Trainer:
        """The trainer the window shows: the present, or the epoch the timeline is at."""
        return self.travel.past or self.trainer

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    def _publish(self, *, replaced: bool = False, history: bool = False) -> None:
        """Describe the trainer once and tell the views. ``replaced``: the shape or the whole
        session may have changed, so views rebuild first; ``history``: the loss history changed."""
        self.snapshot = describe(self.shown_trainer, self.selected, self.precision,
                                 None if self.travel.past else self.runner.divergence, self.travel.view().read_only)
        self.travel.publish()
        if replaced:
            self.session_replaced.emit()
        curve = self.test_curve.follow(self.snapshot)
        if curve is not self.test_curve:
            self.test_curve = curve
            self.test_curve_changed.emit(curve)
        start = self.trainer.history.start  # recorded by the first step of a run: no epoch ends then
        if replaced or history or start is not self._start_shown:
            self._start_shown = start
            self.history_changed.emit(self.loss_curve)
            self.samples_changed.emit(self.sample_curves)
        elif not len(self.trainer.sample_history):
            self.samples_changed.emit(self.sample_curves)  # before an epoch: the current weights' losses
        self.snapshot_changed.emit(self.snapshot)
        self._follow_run_controls()
        self._follow_twin()

    def _follow_run_controls(self, *_) -> None:
        """Publish ``run_controls`` when the snapshot's cannot_train or the running changed it."""
        controls = RunControls.of(self.snapshot.cannot_train, self.is_training)
        if controls != self.run_controls:
            self.run_controls = controls
            self.run_controls_changed.emit(controls)

    def _tell(self, result: Result) -> Result:
        """Say a refusal on the status bar too, at its level (the view that asked acts on the Result)."""
        if not result:
            self.message.emit(result.reason, result.level)
        return result

    # -- the one way to change the model ------------------------------------------
    def change(self, text: str, action: Callable[[], object], *, marker: str | None = None,
               resets_history: bool = False, merge_key: tuple | None = None, keep_walk: bool = False) -> Result:
        """Run ``action`` on the trainer as one undoable step. A ValueError from it refuses the
        change, with its message as the reason, and leaves everything as it was."""
        self.stop_twin()  # a Train of the twins becomes its own undo entry first
        if (no := self.travel.refusal()) is not None:  # viewing an earlier epoch: read-only
            self.snapshot_changed.emit(self.snapshot)
            return self._tell(no)
        running = self.is_training
        if running:
            self._push_run_segment()
        before = self.trainer.capture(history_base=0 if resets_history else None)
        history_len = len(self.trainer.history)
        try:
            action()
        except ValueError as exc:
            self.trainer.restore(before)
            if running:
                self.runner.open_segment()  # the run goes on: record it from here
            self.snapshot_changed.emit(self.snapshot)  # views that showed the refused value show the real one
            return self._tell(refused(str(exc)))
        if marker:
            weights = self.trainer.network.weights  # the change set them, or left them (a setting, new data)
            self.trainer.add_marker(marker, sets_weights=len(weights) != len(before.weights) or any(
                a.shape != b.shape or not np.array_equal(a, b) for a, b in zip(before.weights, weights)))
        after = self.trainer.capture(history_base=0 if resets_history else history_len)
        if running:
            self.runner.open_segment()
        if unchanged(before, after):  # nothing to undo, nothing to save, nothing to redraw
            return OK
        if not keep_walk:
            self.walks.drop()  # its numbers were for the state before this change
        self.undo_stack.push(StateCommand(text, before, after, self._restore, merge_key))
        self._publish(replaced=list(before.layers) != self.trainer.network.layers,
                      history=resets_history or len(self.trainer.history) != history_len)
        return OK

    def _restore(self, state: TrainerState) -> None:
        self.walks.drop()
        layers, drawn = list(self.trainer.network.layers), self._history_key()
        self.trainer.restore(state)
        if not self._restoring_many:  # undo_divergence publishes once, at the end
            self._publish(replaced=layers != self.trainer.network.layers, history=drawn != self._history_key())

    def _history_key(self) -> tuple:
        """What the loss plots draw from the histories: the same before and after an undo of an
        edit, whose loss plot then need not be drawn again (for a long run, the costliest part).
        A history holds the same losses while its lineage and length stay (History.lineage); an
        empty one, whatever its lineage, only its start (an undo may hand back a copy)."""
        t = self.trainer
        h, samples = t.history, t.sample_history

        def key(history) -> tuple:
            return history.lineage if len(history) else 0, len(history), history.start

        return (key(h), tuple(h.pinned.items()) if h.decimated else (), t.epoch,
                id(samples), samples.start, tuple(key(s) for s in samples.tracks))

    def undo(self) -> Result:
        self.pause()
        self.travel.back_to_now()  # undo and redo act on the present
        if not self.undo_stack.canUndo():
            return refused("Nothing to undo.")
        self.undo_stack.undo()
        return OK

    def redo(self) -> Result:
        self.pause()
        self.travel.back_to_now()
        if not self.undo_stack.canRedo():
            return refused("Nothing to redo.")
        self.undo_stack.redo()
        return OK

    # -- weights ---------------------------------------------------------------
    def worksheet(self, sample: int) -> Worksheet:
        """The quantities of one online step of the session on ``sample``, to check a learner's
        own working against (Run ▸ Check My Worksheet): of the network the window shows, an
        earlier epoch's while the timeline is there."""
        from ..core.worksheet import Worksheet  # when first asked for: not needed to start

        return Worksheet(self.shown_trainer, sample, self.precision)

    # -- stepping and training ----------------------------------------------------
    def step_sample(self) -> Result:
        """One sample: forward, backward, and the update when the batch mode says so."""
        if (no := self.training_refusal()) is not None:
            return self._tell(no)
        result = self.change(f"Step sample {self.trainer.next_sample}", lambda: self.runner.step_watched(None))
        self.check_divergence()
        return result

    def step_epoch(self) -> Result:
        if (no := self.training_refusal()) is not None:
            return self._tell(no)
        result = self.change(f"Epoch {epoch_number(self.trainer.epoch + 1)}", lambda: self.runner.step_watched(1))
        if result and self.check_divergence():
            return refused(self._diverged_text())
        return result

    def set_speed(self, speed: float | None) -> Result:
        if speed not in SPEEDS:
            return refused(f"{speed} is not one of the speeds offered")
        self.runner.set_speed(speed)
        return OK

    def toggle_training(self) -> Result:
        return self.pause() if self.is_training else self.start()

    def start(self) -> Result:
        self.stop_twin()
        if self.is_training:
            return OK
        if (no := self.training_refusal()) is not None:
            return self._tell(no)
        self.walks.drop()  # training moves past the step the walk was showing
        self.runner.start()
        self.training_changed.emit(True)
        return OK

    def pause(self) -> Result:
        self.stop_twin()
        if not self.is_training:
            return OK
        moved = self.runner.stop()
        self._push_run_segment()
        if moved:  # frames are paced: show where training really stopped
            self._publish(history=len(self.trainer.history) != self.snapshot.history_length)
        self.training_changed.emit(False)
        return OK

    def _push_run_segment(self) -> None:
        """What the run did since it started (or since the last edit) becomes undo entries."""
        for text, before, after in self.runner.close_segment():
            self.undo_stack.push(StateCommand(text, before, after, self._restore))

    def _on_frame(self) -> None:
        self._publish(history=len(self.trainer.history) != self.snapshot.history_length)
        if not self.check_divergence() and self.is_training and self.snapshot.cannot_train:
            self.pause()  # the last epoch counted exactly: the runner trains no further
            self.message.emit(self.snapshot.cannot_train, "error")

    # -- phase by phase (the walk controller owns the walk, practice and the score) -------------
    def step_phase(self) -> Result:
        """Reveal the next phase of the next sample's step; the last one applies the step."""
        if (no := self.training_refusal()) is not None:
            return self._tell(no)
        return self._tell(self.walks.step_phase())

    def step_phase_back(self) -> Result:
        """Hide the last revealed phase; stepping back over the final phase undoes the step."""
        return self._tell(self.walks.step_phase_back())

    def set_practice(self, on: bool) -> Result:
        return self.walks.set_practice(on)

    def answer(self, text: str) -> Result:
        """Check the answer to the open practice question: OK if right, else the verdict."""
        return self.walks.answer(text)

    def reveal_answer(self) -> Result:
        return self.walks.reveal_answer()

    # -- diagnostics remedies and the article's demos ----------------------------------------
    def apply_remedy(self, remedy: str) -> Result:
        """Apply a ``core.diagnostics.Remedy`` (by id) as the table in gui.remedies says."""
        from . import remedies  # the remedies' and demos' table: when one is asked for, not to start

        return self._tell(remedies.apply(self, remedy))

    def run_demo(self, key: str) -> Result:
        """Set up the window to show one of the article's errata live (see core.errata).
        Each demo is a few undoable changes: Undo returns to the session the user had."""
        from . import remedies

        return self._tell(remedies.run_demo(self, key))

    # -- selection and display ----------------------------------------------------
    def select_sample(self, index: int) -> Result:
        index = max(0, min(int(index), len(self.shown_trainer.data) - 1))  # the rows the table shows
        if index != self.selected:
            self.selected = index
            self._publish()
        return OK

    def set_precision(self, decimals: int) -> Result:
        decimals = max(PRECISION_RANGE[0], min(int(decimals), PRECISION_RANGE[1]))
        if decimals != self.precision:
            self.precision = decimals
            self.walks.set_precision(decimals)
            self._publish()
        return OK

    def shutdown(self) -> None:
        """Stop timers and drop the undo entries: the window is closing (or a test ends)."""
        self.runner.stop()
        if self._twin_runner is not None:
            self._twin_runner.stop()
        # Once closed, this controller is freed by the garbage collector, not by reference counts
        # (its helpers refer back to it; views' slots connected to its signals do too, until its C++
        # part is deleted). With undo entries still on its stack, PySide 6.11 may free an entry's C++
        # object in that pass before the stack's destructor deletes it again: a segfault. Deleted
        # here, while all is alive, and silently: nothing that watches the stack needs to hear of it.
        with QSignalBlocker(self.undo_stack):
            self.undo_stack.clear()

"""The controller: owns the Trainer, turns user intent into core calls, emits what changed.

Views call the command slots (``edit_weight``, ``set_learning_rate``, ``step_sample`` …)
and render the :class:`Snapshot` carried by ``snapshot_changed``. Every change a user can
make goes through :meth:`_change`, which makes it undoable and refuses bad input without
touching anything else.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import sessionfile
from ..core.diagnostics import Kind, lowered_rate
from ..core.divergence import divergence_in_history
from ..core.errata import LINEAR_EPOCHS, SYMMETRY_EPOCHS, article_trainer
from ..core.lesson import Walk
from ..core.practice import Score, Verdict
from ..core.walkthrough import step_phases
from ..core.init import Initialization
from ..core.network import Network
from ..core.numbers import DEFAULT_PRECISION, parse_number
from ..core.presets import DEFAULT_PRESET, default_session, make_preset
from ..core.snapshot import Snapshot, describe
from ..core.training import Trainer, TrainerState, TrainingConfig

# Training speeds offered, in epochs per second; None runs as fast as the machine allows.
# At 2 epochs/s and below the run advances one sample at a time ("slow motion").
SPEEDS: tuple[float | None, ...] = (0.25, 0.5, 1, 2, 5, 10, 30, 100, 300, 1000, 3000, 10000, None)
SLOW_MOTION = 2.0
TICK_MS = 16  # paced speeds: a tick (and a redraw) ~60 times a second
FAST_BUDGET = 0.012  # full speed: seconds of training per tick; the event loop runs between ticks
FAST_REDRAW = 0.1  # full speed: redraw 10 times a second, so time goes to training
NUDGE_MERGE_ID = 1


class StateCommand(QUndoCommand):
    """An undo entry: the trainer state before and after one user action."""

    def __init__(self, controller: "Controller", text: str, before: TrainerState, after: TrainerState,
                 merge_key: tuple | None = None):
        super().__init__(text)
        self.controller, self.before, self.after, self.merge_key = controller, before, after, merge_key
        self._first = True  # QUndoStack.push calls redo(); the action has already happened

    def id(self) -> int:
        return NUDGE_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, StateCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after  # successive nudges of one weight are one undo entry
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.controller._restore(self.after)

    def undo(self) -> None:
        self.controller._restore(self.before)


class Controller(QObject):
    """Owns the core objects. Signals name facts; public methods are commands."""

    snapshot_changed = Signal(object)  # Snapshot: the numbers every view shows
    history_changed = Signal()  # the loss history grew or was cut: the plot re-reads it
    session_replaced = Signal()  # new network shape, new file: views rebuild
    training_changed = Signal(bool)  # True while training runs
    file_changed = Signal(str)  # path of the current file ("" when unsaved)
    dirty_changed = Signal(bool)
    message = Signal(str, str)  # text, level: "info", "warning" or "error"
    walk_changed = Signal(object)  # the phase-by-phase Walk (or None when there is none)

    def __init__(self, trainer: Trainer | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.trainer = trainer or default_session()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.path: Path | None = None
        self.selected = 0
        self.precision = DEFAULT_PRECISION
        self.speed: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._run_start: TrainerState | None = None
        self._run_history_base = 0
        self._due = 0.0  # fractional epochs (or samples, in slow motion) owed to the clock
        self._last_tick = 0.0
        self._chunk = 64  # epochs per chunk at full speed, adapted to the tick budget
        self._last_publish = 0.0
        self.walk: Walk | None = None
        self.practice = False
        self.score = Score()
        self.snapshot = describe(self.trainer, self.selected, self.precision)

    # -- state shown -----------------------------------------------------------
    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    @property
    def history(self) -> np.ndarray:
        return self.trainer.history.values

    @property
    def is_training(self) -> bool:
        return self._timer.isActive()

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def _publish(self, replaced: bool = False) -> None:
        """Describe the trainer once and tell the views. ``replaced``: the shape or the whole
        session may have changed, so views rebuild first (the new snapshot is already current)."""
        self._last_publish = time.perf_counter()
        self.snapshot = describe(self.trainer, self.selected, self.precision)
        if replaced:
            self.session_replaced.emit()
            self.history_changed.emit()
        self.snapshot_changed.emit(self.snapshot)

    # -- the one way to change the model ------------------------------------------
    def _change(self, text: str, action: Callable[[], object], *, marker: str | None = None,
                resets_history: bool = False, merge_key: tuple | None = None, keep_walk: bool = False) -> bool:
        """Run ``action`` on the trainer as one undoable step. A ValueError from it is shown
        as a message and leaves everything as it was."""
        if self.is_training:
            self._close_run_segment()
        before = self.trainer.capture(history_base=0 if resets_history else None)
        history_len = len(self.trainer.history)
        try:
            action()
        except ValueError as exc:
            self.trainer.restore(before)
            if self.is_training:
                self._open_run_segment()  # the run goes on: record it from here
            self.message.emit(str(exc), "error")
            self._publish()  # views that showed the refused value show the real one again
            return False
        if marker:
            self.trainer.add_marker(marker)
        if not keep_walk:
            self._drop_walk()  # its numbers were for the state before this change
        after = self.trainer.capture(history_base=0 if resets_history else history_len)
        self.undo_stack.push(StateCommand(self, text, before, after, merge_key))
        if self.is_training:
            self._open_run_segment()
        replaced = list(before.layers) != self.trainer.network.layers
        if not replaced and (resets_history or len(self.trainer.history) != history_len):
            self.history_changed.emit()
        self._publish(replaced)
        return True

    def _restore(self, state: TrainerState) -> None:
        self._drop_walk()
        layers = list(self.trainer.network.layers)
        self.trainer.restore(state)
        replaced = layers != self.trainer.network.layers
        if not replaced:
            self.history_changed.emit()
        self._publish(replaced)

    def undo(self) -> None:
        self.pause()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.pause()
        self.undo_stack.redo()

    # -- weights ---------------------------------------------------------------
    def weight_name(self, layer: int, row: int, col: int) -> str:
        return self.snapshot.weight_names[layer][row][col]

    def edit_weight(self, layer: int, row: int, col: int, text: str) -> bool:
        """Set a weight from what the user typed. Bad input: a message, nothing changes."""
        name = self.weight_name(layer, row, col)
        try:
            value = parse_number(text)
        except ValueError as exc:
            self.message.emit(f"{name} not changed: {exc}", "error")
            return False
        if value == self.trainer.network.weights[layer][row, col]:
            return True
        return self._change(f"Set {name} to {value:g}",
                            lambda: self.trainer.set_weight(layer, row, col, value), marker=f"{name} edited")

    def nudge_weight(self, layer: int, row: int, col: int, delta: float) -> bool:
        """Add ``delta`` to a weight; successive nudges of one weight merge into one undo entry."""
        name = self.weight_name(layer, row, col)
        value = float(self.trainer.network.weights[layer][row, col] + delta)
        try:
            value = parse_number(repr(round(value, 12)))
        except ValueError as exc:
            self.message.emit(f"{name} not changed: {exc}", "error")
            return False
        last = self.trainer.markers[-1] if self.trainer.markers else None
        marker = f"{name} nudged"
        repeat = last is not None and last.label == marker and last.epoch == self.trainer.epoch
        return self._change(f"Nudge {name}", lambda: self.trainer.set_weight(layer, row, col, value),
                            merge_key=("nudge", layer, row, col), marker=None if repeat else marker)

    # -- settings --------------------------------------------------------------
    def _set_config(self, text: str, **changes) -> bool:
        if all(getattr(self.trainer.config, k) == v for k, v in changes.items()):
            return True

        def apply():
            self.trainer.set_config(replace(self.trainer.config, **changes))
        return self._change(text, apply, marker=text)

    def set_learning_rate(self, value: float) -> bool:
        return self._set_config(f"Learning rate {value:g}", learning_rate=value)

    def set_loss(self, name: str) -> bool:
        return self._set_config(f"Loss {name.replace('_', '-')}", loss=name)

    def set_batch_size(self, size: int | None) -> bool:
        label = "full batch" if size is None else "online" if size == 1 else f"mini-batch of {size}"
        return self._set_config(f"Batch mode {label}", batch_size=size)

    def set_shuffle(self, shuffle: bool) -> bool:
        return self._set_config(f"Shuffle {'on' if shuffle else 'off'}", shuffle=shuffle)

    def set_regularization(self, kind: str, rate: float) -> bool:
        return self._set_config(f"Regularization {kind} {rate:g}", regularization=kind, regularization_rate=rate)

    def set_activation(self, layer: int, name: str) -> bool:
        """Set the activation of weight layer ``layer`` (−1 = output). Weights are kept."""
        net = self.trainer.network
        names = net.activation_names
        layer = layer % len(names)
        if names[layer] == name:
            return True
        names[layer] = name

        def apply():
            self.trainer.set_network(Network(net.layers, names, net.weights))
        where = "Output" if layer == len(names) - 1 else "Hidden"
        return self._change(f"{where} activation {name}", apply, marker=f"{where.lower()} {name}")

    def set_hidden_activation(self, name: str) -> bool:
        """Set every hidden layer's activation at once."""
        net = self.trainer.network
        names = [name] * (len(net.activations) - 1) + [net.activation_names[-1]]
        if names == net.activation_names:
            return True
        return self._change(f"Hidden activation {name}",
                            lambda: self.trainer.set_network(Network(net.layers, names, net.weights)),
                            marker=f"hidden {name}")

    def set_initialization(self, init: Initialization) -> bool:
        """Choose how weights are made and make them (epoch and history restart)."""
        return self._change(f"Initialize {init.method}", lambda: self.trainer.reinitialize(init),
                            resets_history=True)

    def reset_weights(self) -> bool:
        """Back to this run's initial weights, exactly (epoch 0, empty history)."""
        return self._change("Reset weights", self.trainer.reinitialize, resets_history=True)

    def randomize_weights(self) -> bool:
        """A new seed for a random initialization (uniform if the method was constant)."""
        init = self.trainer.init
        method = init.method if init.method != "constant" else "uniform"
        seed = int(np.random.default_rng().integers(0, 1_000_000))
        return self.set_initialization(replace(init, method=method, seed=seed))

    # -- stepping and training ----------------------------------------------------
    def step_sample(self) -> bool:
        """One sample: forward, backward, and the update when the batch mode says so."""
        if not self._change(f"Step sample {self.trainer.next_sample}", self.trainer.step_sample):
            return False
        self._check_divergence()
        return True

    def step_epoch(self) -> bool:
        return self._change(f"Epoch {self.trainer.epoch + 1}", lambda: self.trainer.run_epochs(1)) \
            and not self._check_divergence()

    def set_speed(self, speed: float | None) -> None:
        self.speed = speed
        self._due = 0.0
        self._timer.setInterval(0 if speed is None else TICK_MS)

    def toggle_training(self) -> None:
        self.pause() if self.is_training else self.start()

    def start(self) -> None:
        if self.is_training:
            return
        if not math.isfinite(self.trainer.current_loss()):
            self.message.emit("The loss is not finite: undo or reset before training again.", "error")
            return
        self._drop_walk()  # training moves past the step the walk was showing
        self._open_run_segment()
        self._due, self._last_tick = 0.0, time.perf_counter()
        self._timer.start(0 if self.speed is None else TICK_MS)
        self.training_changed.emit(True)

    def pause(self) -> None:
        if not self.is_training:
            return
        self._timer.stop()
        self._close_run_segment()
        self._run_start = None
        # full speed skips redraws between ticks: show where training really stopped
        if len(self.trainer.history) != self._published_history:
            self.history_changed.emit()
        self._publish()
        self.training_changed.emit(False)

    def _open_run_segment(self) -> None:
        self._run_start = self.trainer.capture()
        self._run_history_base = len(self.trainer.history)

    def _close_run_segment(self) -> None:
        """Push what the run did since it started (or since the last edit) as one undo entry."""
        start = self._run_start
        if start is None or (self.trainer.epoch == start.epoch and self.trainer.cursor == start.cursor):
            return
        after = self.trainer.capture(history_base=self._run_history_base)
        self.undo_stack.push(StateCommand(self, f"Train to epoch {self.trainer.epoch}", start, after))
        self._run_start = None

    def _tick(self) -> None:
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        history_len = self._published_history
        if self.speed is None:
            self._train_for(FAST_BUDGET)
            if now - self._last_publish < FAST_REDRAW:
                return
        elif self.speed <= SLOW_MOTION:
            self._due += elapsed * self.speed * len(self.trainer.data)
            steps, self._due = int(self._due), self._due - int(self._due)
            for _ in range(steps):
                self.trainer.step_sample()
        else:
            self._due += elapsed * self.speed
            epochs = min(int(self._due), int(self.speed))  # never more than a second's worth
            self._due -= int(self._due)
            start = time.perf_counter()
            while epochs > 0 and time.perf_counter() - start < FAST_BUDGET:
                chunk = min(epochs, self._chunk)
                self.trainer.run_epochs(chunk)
                epochs -= chunk
            self._due = 0.0 if epochs else self._due  # a large net cannot keep the pace: drop the debt
        if len(self.trainer.history) != history_len:
            self.history_changed.emit()
        self._publish()
        self._check_divergence()

    @property
    def _published_history(self) -> int:
        return self.snapshot.history_length

    def _train_for(self, budget: float) -> None:
        """Run epochs in chunks until ``budget`` seconds are used, adapting the chunk size."""
        start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            self.trainer.run_epochs(self._chunk)
            took = time.perf_counter() - t0
            if took < budget / 8:
                self._chunk = min(self._chunk * 2, 1 << 16)
            elif took > budget / 2 and self._chunk > 1:
                self._chunk //= 2
            if time.perf_counter() - start + took > budget:
                break

    def _check_divergence(self) -> bool:
        """Pause and say so when the published findings say training diverged (core.divergence)."""
        if not any(f.kind in (Kind.DIVERGED, Kind.NON_FINITE) for f in self.snapshot.findings):
            return False
        self.pause()
        found = divergence_in_history(self.trainer)
        where = f" at epoch {found.epoch} (loss {found.loss:.3g})" if found else ""
        self.message.emit(f"Training diverged{where} and was paused. "
                          "Lower the learning rate, and undo to before the divergence.", "error")
        return True

    # -- phase by phase -------------------------------------------------------------------
    def step_phase(self) -> bool:
        """Reveal the next phase of the next sample's step. Revealing the last phase applies the
        step (the accumulation, or the update when the batch is complete) as one undo entry."""
        self.pause()
        if self.walk is None or (self.walk.finished and self.walk.applied):
            sample, trace, batch, phases = step_phases(self.trainer, self.precision)
            self.walk = Walk(sample, trace, phases, practice=self.practice, score=self.score, batch=batch)
            self.select_sample(sample)
        walk = self.walk
        if not walk.advance():
            if walk.question() is not None:
                self.message.emit("Answer the open question first (or press Reveal).", "info")
            return False
        self._apply_walk_if_done()
        self.walk_changed.emit(walk)
        return True

    def _apply_walk_if_done(self) -> None:
        """Take the trainer's step once the last phase is revealed and, in practice mode, its
        questions answered: until then the diagram and tables cannot give the answers away."""
        walk = self.walk
        if walk is None or walk.applied or not walk.finished or walk.question() is not None:
            return
        walk.applied = self._change(f"Step sample {walk.sample} (phase by phase)",
                                    self.trainer.step_sample, keep_walk=True)
        walk.undo_index = self.undo_stack.index()
        self._check_divergence()

    def step_phase_back(self) -> bool:
        """Hide the last revealed phase; stepping back over the final phase undoes the step."""
        walk = self.walk
        if walk is None or walk.revealed == 0:
            return False
        if walk.finished and walk.applied:
            if self.undo_stack.index() != walk.undo_index:
                self.message.emit("The step has been followed by other changes: use Undo instead.", "info")
                return False
            self.pause()
            self.undo_stack.undo()  # restoring drops the walk: put it back, one phase earlier
            self.walk = walk
            walk.applied = False
        walk.back()
        if walk.revealed == 0:
            self._drop_walk()
        else:
            self.walk_changed.emit(walk)
        return True

    def set_practice(self, on: bool) -> None:
        self.practice = bool(on)
        if self.walk is not None:
            self.walk.practice = self.practice
        self.walk_changed.emit(self.walk)

    def answer(self, text: str) -> Verdict | None:
        """Check the learner's answer to the open practice question."""
        if self.walk is None:
            return None
        verdict = self.walk.answer(text, self.precision)
        self.score = self.walk.score
        self._apply_walk_if_done()
        self.walk_changed.emit(self.walk)
        return verdict

    def reveal_answer(self) -> None:
        if self.walk is None:
            return
        self.walk.reveal(self.precision)
        self.score = self.walk.score
        self._apply_walk_if_done()
        self.walk_changed.emit(self.walk)

    def _drop_walk(self) -> None:
        if self.walk is not None:
            self.walk = None
            self.walk_changed.emit(None)

    # -- diagnostics remedies and the article's demos ----------------------------------------
    def apply_remedy(self, remedy: str) -> bool:
        """Apply one of diagnostics.REMEDIES' remedies by id."""
        if remedy == "sigmoid_hidden":
            return self.set_hidden_activation("sigmoid")
        if remedy == "leaky_relu":
            return self.set_hidden_activation("leaky_relu")
        if remedy == "randomize":
            return self.randomize_weights()
        if remedy == "xavier":
            seed = int(np.random.default_rng().integers(0, 1_000_000))
            return self.set_initialization(replace(self.trainer.init, method="xavier", seed=seed))
        if remedy == "lower_rate":
            return self.set_learning_rate(lowered_rate(self.trainer.config.learning_rate))
        if remedy == "cross_entropy":
            return self.set_loss("cross_entropy")
        if remedy == "undo":
            self.undo()
            return True
        raise ValueError(f"unknown remedy {remedy!r}")

    def load_example(self, trainer: Trainer, text: str) -> bool:
        """Take an example's network and settings as one undoable change (nothing is lost)."""
        return self._change(text, lambda: self.trainer.adopt(trainer), resets_history=True)

    def run_demo(self, key: str) -> None:
        """Set up the window to show one of the article's errata live (see core.errata).
        Each demo is a few undoable changes: Undo returns to the session the user had."""
        if key in ("sign", "zero_inputs", "bias_delta"):
            self.load_example(article_trainer(), "Load the article's example")
            stop = {"sign": None, "zero_inputs": ("update", 0), "bias_delta": ("delta", 1)}[key]
            practice, self.practice = self.practice, False  # a demo shows, it does not ask
            try:
                while self.step_phase():
                    current = self.walk.current
                    if self.walk.finished or (stop and (current.kind, current.layer) == stop):
                        break
            finally:
                self.practice = practice
        elif key == "linear":
            self.load_example(make_preset("seed"), "Load the seed example")
            self._change(f"Train {LINEAR_EPOCHS} epochs", lambda: self.trainer.run_epochs(LINEAR_EPOCHS))
        elif key == "symmetry":
            self.load_example(make_preset("symmetric"), "Load the symmetric sigmoid example")
            self._change(f"Train {SYMMETRY_EPOCHS} epochs", lambda: self.trainer.run_epochs(SYMMETRY_EPOCHS))
        else:
            raise ValueError(f"unknown demo {key!r}")

    # -- selection and display ----------------------------------------------------
    def select_sample(self, index: int) -> None:
        index = max(0, min(int(index), len(self.trainer.data) - 1))
        if index != self.selected:
            self.selected = index
            self._publish()

    def set_precision(self, decimals: int) -> None:
        decimals = max(2, min(int(decimals), 8))
        if decimals != self.precision:
            self.precision = decimals
            if self.walk is not None:
                self.walk.set_precision(decimals)
                self.walk_changed.emit(self.walk)
            self._publish()

    # -- sessions and files ----------------------------------------------------------
    def _replace_trainer(self, trainer: Trainer, path: Path | None) -> None:
        self.pause()
        self.trainer = trainer
        self.path = path
        self.selected = 0
        self.undo_stack.clear()
        self.walk = None
        self.score = Score()
        self.walk_changed.emit(None)  # also shows the reset score
        self.file_changed.emit(str(path) if path else "")
        self.dirty_changed.emit(False)
        self._publish(replaced=True)

    def new_session(self, preset: str = DEFAULT_PRESET) -> None:
        self._replace_trainer(make_preset(preset), None)

    def open_file(self, path: str | Path) -> bool:
        """Load a session; on any problem show why and keep the current session."""
        path = Path(path)
        try:
            trainer = sessionfile.load(path)
        except sessionfile.SessionError as exc:
            self.message.emit(f"Could not open {path.name}: {exc}", "error")
            return False
        self._replace_trainer(trainer, path)
        self.message.emit(f"Opened {path.name}", "info")
        return True

    def save_file(self, path: str | Path | None = None) -> bool:
        """Save to ``path`` (or the current file). False, with a message, if it failed."""
        target = Path(path) if path else self.path
        if target is None:
            self.message.emit("Choose a file name first (File ▸ Save As).", "error")
            return False
        try:
            sessionfile.save(self.trainer, target)
        except sessionfile.SessionError as exc:
            self.message.emit(f"Could not save {target.name}: {exc}", "error")
            return False
        except OSError as exc:
            self.message.emit(f"Could not save {target.name}: {exc.strerror or exc}. Nothing was lost: "
                              "the session is still open.", "error")
            return False
        self.path = target
        self.undo_stack.setClean()
        self.file_changed.emit(str(target))
        self.message.emit(f"Saved {target.name}", "info")
        return True

    def export_history_csv(self, path: str | Path) -> bool:
        try:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write("epoch,loss\n")
                for epoch, loss in enumerate(self.history.tolist(), 1):
                    f.write(f"{epoch},{loss!r}\n")
        except OSError as exc:
            self.message.emit(f"Could not export: {exc.strerror or exc}", "error")
            return False
        self.message.emit(f"Exported {len(self.history)} epochs to {Path(path).name}", "info")
        return True

    def shutdown(self) -> None:
        """Stop timers (closing the window, tests' teardown)."""
        self._timer.stop()

"""Gradient-descent training: the stateful trainer (its settings are in ``config.py``, its loss
history in ``history.py``, the moments time travel starts from in ``timeline.py``, capture and
restore for undo in ``trainer_undo.py``).

One *update* is ``W := W − α·(mean over the batch of dL/dW + R'(W))``, written once in
:func:`update.descend`; the regularizers (and their gradients R') are in ``regularizers.py``.
Whole epochs run through ``fastpath.py``, which equals stepping sample by sample bit for bit,
or for tiny problems through ``scalarpath.py`` (Python floats, equal to about 1e-15).
"""

from __future__ import annotations

import math

import numpy as np

from . import fastpath, scalarpath
from .config import (  # noqa: F401 - TrainingConfig and the batch modes, re-exported from here
    BATCH_KINDS, MAX_LEARNING_RATE, MIN_LEARNING_RATE, TrainingConfig, batch_kind, batch_mode,
)
from .data import Dataset
from .datasets import DataSource
from .history import History
from .init import Initialization
from .last_forward import LastForward
from .losses import get_loss
from .network import Network, ForwardPass
from .sample_history import SampleHistory
from .timeline import MAX_EPOCH, Timeline, is_kept, next_kept
from .trainer_state import MAX_MARKERS, Marker, StepResult, TrainerState
from .trainer_undo import TrainerUndo
from .training_rules import check_compatible, epoch_order
from .trace import SampleTrace, trace_sample
from .update import descend, regularization_terms

__all__ = ["BATCH_KINDS", "History", "Marker", "StepResult", "Trainer", "TrainerState", "TrainingConfig",
           "batch_kind", "batch_mode", "descend", "epoch_order", "regularization_terms"]

Array = np.ndarray


class Trainer(TrainerUndo):
    """A network, its data and settings, and the training state (epoch, history, cursor).

    The cursor is the position within the current epoch's sample order, so that sample
    steps and whole epochs can be mixed: an epoch run from mid-epoch first finishes the
    current epoch.

    ``data`` is the training set; ``test_data`` (None without a split) is never trained on, only
    measured (``evaluation.evaluate_test_set``); ``source`` says where the data came from
    (``datasets.DataSource``: a library entry and its parameters, or rows, and the split).
    """

    def __init__(self, network: Network, data: Dataset, config: TrainingConfig | None = None,
                 init: Initialization | None = None, epoch: int = 0, history=(),
                 name: str = "", notes: str = "", test_data: Dataset | None = None,
                 source: DataSource | None = None):
        self.network = network
        self.data = data
        self.test_data = test_data
        self.source = source or DataSource()
        self.config = config or TrainingConfig()
        self.init = init or Initialization()
        self.epoch = int(epoch)
        self.history = History(history)
        # each sample's loss per epoch, from now on (a file keeps only the mean)
        self.sample_history = SampleHistory(len(data), start=len(self.history))
        self.name = name
        self.notes = notes
        self.markers: list[Marker] = []
        self._last_forward = LastForward()  # forward() reuses it while the weights are those
        self.check_compatible(network, data, self.config, test_data)
        self._reset_cursor()
        self.timeline = Timeline()
        self.remember()

    check_compatible = staticmethod(check_compatible)  # see training_rules.py

    # -- read-only views ------------------------------------------------------
    @property
    def loss(self):
        return get_loss(self.config.loss).for_output(self.network.activations[-1])

    @property
    def batch_size(self) -> int:
        return self.config.effective_batch(len(self.data))

    @property
    def updates_per_epoch(self) -> int:
        """Weight updates in a whole epoch: one per batch, the last taking what is left."""
        return -(-len(self.data) // self.batch_size)

    @property
    def fits_scalar(self) -> bool:
        """Whether the tiny-network engine (scalarpath.py) takes this network, batch, loss and regularizer."""
        return scalarpath.fits(self.network, self.batch_size, self.loss, self.config.regularization)

    @property
    def cursor(self) -> int:
        """How many samples of the current epoch have been stepped."""
        return self._cursor

    @property
    def next_sample(self) -> int:
        """Index (into the data) of the sample the next step uses."""
        return int(self._order[self._cursor])

    @property
    def pending_samples(self) -> int:
        """Samples whose gradients are accumulated but not yet applied."""
        return self._pending

    def batch_position(self) -> tuple[int, int]:
        """(1-based position of the next sample in its batch, that batch's size)."""
        k, n = self.batch_size, len(self.data)
        start = self._cursor - self._cursor % k
        return self._cursor - start + 1, min(k, n - start)

    def batch_samples(self) -> Array:
        """Indices (into the data) of the samples of the batch the next step belongs to."""
        k, n = self.batch_size, len(self.data)
        start = self._cursor - self._cursor % k
        return self._order[start:min(start + k, n)].copy()

    def batch_gradients(self) -> list[Array]:
        """Mean dL/dW over the samples of the next step's batch, with the current weights: the
        gradient of the update that completes that batch (weights do not change within it)."""
        batch = self.batch_samples()
        with np.errstate(all="ignore"):
            return self.network.gradients(self.data.inputs[batch], self.data.targets[batch], self.loss)

    def accumulated(self) -> list[Array]:
        """Sums of the gradients of the current batch's samples stepped so far (zeros if none)."""
        if self._pending:
            return [a.copy() for a in self._acc]
        return [np.zeros_like(w) for w in self.network.weights]

    def forward(self) -> ForwardPass:
        """The forward pass of every sample with the current weights, bit for bit what
        ``Network.forward`` gives: the last one computed (a run of epochs ends on one) while
        the weights are still those, so that a large data set costs one pass per change."""
        return self._last_forward.of(self.network, self.data)

    def sample_losses(self) -> Array:
        """Each sample's data loss with the current weights; ∞ or NaN, silently, on a diverged run."""
        with np.errstate(all="ignore"):
            return self.network.sample_losses(self.forward(), self.data.targets, self.loss)

    @property
    def start_loss(self) -> float | None:
        """The mean loss at epoch 0: of the weights this run started from (None: unknown, as in
        a file saved without it). Before any training those are the current weights."""
        return self.current_loss() if self.epoch == 0 and self._cursor == 0 else self.history.start

    @property
    def sample_start_losses(self) -> Array | None:
        """Each sample's loss at epoch ``sample_history.start``, the first point of its curve (None:
        unknown). Before the first epoch recorded, those of the current weights, as ``start_loss``."""
        h = self.sample_history
        if h.width and not len(h) and self._cursor == 0 and self.epoch == h.start:
            with np.errstate(all="ignore"):  # weights typed huge: inf, as the mean loss
                return self.sample_losses()
        return h.origin

    def _note_start(self) -> None:
        """Training begins: keep the loss of the weights it starts from as epoch 0's, and each
        sample's when its per-sample recording begins (its curve's first point)."""
        if self._cursor == 0:
            if self.epoch == 0:
                self.history.start = self.current_loss()
            h = self.sample_history
            if h.width and not len(h) and self.epoch == h.start:
                with np.errstate(all="ignore"):
                    h.set_origin(self.sample_losses())

    def current_loss(self) -> float:
        """Mean data loss over all samples with the current weights (what the history records)."""
        with np.errstate(all="ignore"):
            fwd = self.forward()
            return self.loss.mean(fwd.a[-1], fwd.z[-1], self.data.targets)

    def trace(self, sample: int) -> SampleTrace:
        """Trace of one online step on ``sample`` with the current weights and settings."""
        return trace_sample(self.network, self.config, self.data.inputs[sample], self.data.targets[sample])

    # -- changes ---------------------------------------------------------------
    def set_config(self, config: TrainingConfig) -> None:
        """Apply new settings; a change of batching restarts the current epoch's cursor."""
        self.check_compatible(self.network, self.data, config, self.test_data)
        rebatch = (config.effective_batch(len(self.data)) != self.batch_size
                   or config.shuffle != self.config.shuffle or config.shuffle_seed != self.config.shuffle_seed)
        loss_changed, self.config = config.loss != self.config.loss, config
        if rebatch:
            self._reset_cursor()
        elif loss_changed:  # the stepped samples have other gradients now (α or λ gives them none)
            self._sum_stepped_again()
        self.remember()

    def set_network(self, network: Network) -> None:
        """Replace the network (e.g. new activations); drops any half-accumulated batch."""
        self.check_compatible(network, self.data, self.config, self.test_data)
        self.network = network
        self._reset_cursor()
        self.remember()

    def set_data(self, data: Dataset, test_data: Dataset | None, source: DataSource,
                 network: Network | None = None) -> None:
        """Train on new data from the next step on (with ``network`` when its inputs or outputs
        had to change, see reshape.py); the epoch count and history go on."""
        network = network or self.network
        self.check_compatible(network, data, self.config, test_data)
        self.network, self.data, self.test_data, self.source = network, data, test_data, source
        self.sample_history = SampleHistory(len(data), start=len(self.history))  # other samples
        self._reset_cursor()
        self.remember()

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        """Set one weight; raises ValueError for a non-finite value or a bad position."""
        w = self.network.weights[layer]
        if not (0 <= row < w.shape[0] and 0 <= col < w.shape[1]):
            raise ValueError(f"no weight at layer {layer}, row {row}, column {col}")
        if not math.isfinite(value):
            raise ValueError("a weight must be a finite number")
        if w[row, col] != value:
            w[row, col] = value
            self._sum_stepped_again()
        self.remember()

    def add_marker(self, label: str, sets_weights: bool | None = None) -> None:
        """Remember that the user did something at the current epoch (``sets_weights``: it changed
        the weights; None: not known). The same change again at that epoch (nudges of one weight)
        keeps one marker, with the loss after the last."""
        marker = Marker(self.epoch, label, self.current_loss(), sets_weights)
        if self.markers and (self.markers[-1].epoch, self.markers[-1].label) == (self.epoch, label):
            self.markers[-1] = marker
        else:
            self.markers.append(marker)
            del self.markers[:-MAX_MARKERS]  # (a change a second for 28 hours)
        self.history.pin(self.epoch)  # the plot shows the marker at its exact loss
        self.remember()

    def adopt(self, other: "Trainer") -> None:
        """Take ``other``'s network, settings and training state (same data only), so that
        loading an example can be one undoable change instead of a new session."""
        if not (np.array_equal(other.data.inputs, self.data.inputs)
                and np.array_equal(other.data.targets, self.data.targets)):
            raise ValueError("that example trains on different data; open it as a new session instead")
        self.network = other.network.copy()
        self.config, self.init, self.epoch = other.config, other.init, other.epoch
        self.history = other.history.copy()
        self.sample_history = other.sample_history.copy()
        self.markers = list(other.markers)
        self._reset_cursor()
        self.timeline = Timeline()  # another run: none of this one's moments lead to it
        self.remember()

    def reinitialize(self, init: Initialization | None = None) -> None:
        """New weights from ``init`` (or this run's own); the epoch count and history restart."""
        init = init or self.init
        self.network.set_weights(init.make(self.network.layers))  # first: if it fails, nothing changed
        self.init = init
        self.epoch = 0
        self.history.truncate(0)
        self.history.start = None  # another run: recorded when it starts training
        # each sample's too, its losses at epoch 0 included (a new object: undo keeps the old one whole)
        self.sample_history = SampleHistory(len(self.data))
        self.markers = []
        self._reset_cursor()
        self.remember()

    # -- training --------------------------------------------------------------
    def step_sample(self, trace: SampleTrace | None = None) -> StepResult:
        """Forward and backward on the next sample; update when its batch is complete.

        ``trace`` is this step's trace if the caller already has it (the phase-by-phase walk
        computed it with the same weights and settings), so that it is not computed twice.
        """
        self._note_start()
        with np.errstate(all="ignore"):  # a diverging run yields inf/nan, reported by diagnostics
            return self._step_sample(trace)

    def _step_sample(self, trace: SampleTrace | None = None) -> StepResult:
        sample = self.next_sample
        tr = trace if trace is not None and self._is_trace_of_next_step(trace) else self.trace(sample)
        batch = self.batch_samples()
        if self._pending == 0:
            self._acc = [np.zeros_like(w) for w in self.network.weights]
        for acc, g in zip(self._acc, tr.gradients):
            acc += g
        self._pending += 1
        self._cursor += 1
        n = len(self.data)
        updated = self._cursor % self.batch_size == 0 or self._cursor == n
        if updated:
            # the batch's mean gradient: the trace's own for a batch of one, else computed over
            # the batch exactly as the fast path does (so that both agree bit for bit)
            grads = tr.gradients if len(batch) == 1 else self.network.gradients(
                self.data.inputs[batch], self.data.targets[batch], self.loss)
            descend(self.config, self.network.weights, [g.copy() for g in grads], out=self.network.weights)
            self._pending = 0
        finished = self._cursor == n
        if finished:
            self._finish_epoch()
        return StepResult(sample, tr, updated, finished)

    def run_samples(self, count: int) -> None:
        """The next ``count`` samples of the epoch under way (at most to its end): bit for bit
        ``count`` calls of ``step_sample``, its whole batches through the fast path."""
        if count > 0:
            self._note_start()
        n, k, left = len(self.data), self.batch_size, min(count, len(self.data) - self._cursor)
        with np.errstate(all="ignore"):
            while left and self._pending:  # to the end of the batch under way
                self._step_sample()
                left -= 1
            whole, start = (left if left == n - self._cursor else left - left % k), self._cursor
            if whole:
                order, self._cursor = self._order[start:start + whole], start + whole
                fastpath.run_batches(self.network, self.loss, self.config, self.data.inputs[order],
                                     self.data.targets[order], k)
                if self._cursor == n:
                    self._finish_epoch()
            for _ in range(left - whole):  # the start of a batch, added up as stepping does
                self._step_sample()

    def run_epochs(self, count: int, engine: str = "auto") -> None:
        """Train ``count`` whole epochs (the first one finishes a stepped epoch).

        ``engine`` "numpy" (fastpath.py, bit for bit the stepping path) or "scalar"
        (scalarpath.py, to about 1e-15, for tiny problems only); "auto" takes the scalar
        path where it fits and is faster. Tests and benchmarks name one to compare them.
        """
        if engine not in ("auto", "numpy", "scalar"):
            raise ValueError(f"unknown engine {engine!r}; choose auto, numpy or scalar")
        scalar = self.fits_scalar
        if engine == "scalar" and not scalar:
            raise ValueError("this network, batch, loss or regularizer is outside the scalar path")
        if count <= 0:
            return
        self._note_start()
        with np.errstate(all="ignore"):  # a diverging run yields inf/nan, reported by diagnostics
            if self._cursor:
                while self._cursor:
                    self._step_sample()
                count -= 1
            while count:  # in stretches that end where the timeline keeps a moment
                run = min(count, next_kept(self.epoch) - self.epoch)
                x, y = self.data.inputs, self.data.targets
                per_sample = np.empty((run, len(self.data))) if self.sample_history.width else None
                if scalar and engine != "numpy":
                    losses, fwd = scalarpath.run(self.network, self.loss, self.config, x, y, run,
                                                 self.batch_size, self._epoch_order, self.epoch, per_sample)
                elif self.batch_size >= len(self.data):
                    losses, fwd = fastpath.run_full_batch(self.network, self.loss, self.config, x, y, run,
                                                          per_sample)
                else:
                    losses, fwd = fastpath.run_minibatch(self.network, self.loss, self.config, x, y, run,
                                                         self.batch_size, self._epoch_order, self.epoch, per_sample)
                self.history.extend(losses)
                if per_sample is not None:
                    self.sample_history.extend(per_sample)
                self._last_forward.keep(self.network, self.data, fwd)
                self.epoch += run
                count -= run
                self._reset_cursor()
                if is_kept(self.epoch):
                    self.remember()

    def _is_trace_of_next_step(self, trace: SampleTrace) -> bool:
        """Whether ``trace`` was taken on the next sample with the current weights and settings."""
        sample = self.next_sample
        return (trace.learning_rate == self.config.learning_rate and trace.loss_name == self.config.loss
                and trace.activations == self.network.activation_names
                and np.array_equal(trace.inputs, self.data.inputs[sample])
                and np.array_equal(trace.target, self.data.targets[sample])
                and len(trace.weights_before) == len(self.network.weights)
                and all(np.array_equal(a, b, equal_nan=True)
                        for a, b in zip(trace.weights_before, self.network.weights)))

    def _finish_epoch(self) -> None:
        self.epoch += 1
        fwd, y, loss = self.forward(), self.data.targets, self.loss
        self.history.append(loss.mean(fwd.a[-1], fwd.z[-1], y))  # = current_loss(), one forward pass
        if self.sample_history.width:
            self.sample_history.append(loss.per_sample(fwd.a[-1], fwd.z[-1], y))
        self._reset_cursor()
        # time travel replays with run_epochs: the numpy engine gives a stepped epoch's bits (moments
        # as sparse as a run's); the scalar engine may differ by ~1e-15, so its stepped epochs are kept
        if is_kept(self.epoch) or self.fits_scalar:
            self.remember()

    def _sum_stepped_again(self) -> None:
        """The batch under way's gradient sums again, with the weights and settings now, which its
        update uses (``batch_gradients``): after an edit they read "Σ = 15.5 + 9.5 = 25", then 24."""
        if self._pending:
            stepped = self._order[self._cursor - self._pending:self._cursor]
            with np.errstate(all="ignore"):
                mean = self.network.gradients(self.data.inputs[stepped], self.data.targets[stepped], self.loss)
            self._acc = [g * len(stepped) for g in mean]

    def _reset_cursor(self) -> None:
        self._cursor = 0
        self._pending = 0
        self._acc: list[Array] = []
        self._order = self._epoch_order(self.epoch)

    def _epoch_order(self, epoch: int) -> Array:
        return epoch_order(self.config, len(self.data), epoch)


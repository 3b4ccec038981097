"""The initialization lottery: K random initializations of one network, trained at once.

Every run has the session's network shape, activations, data and settings; only the seed of
the initialization differs (run ``i`` uses seed ``first_seed + i``). The K runs are stacked
along a leading axis, ``weights[l]`` is ``(K, rows, cols)``, and each epoch is one pass of
batched matrix products over that axis, not K Python loops.

Each run is computed as the single-net engine the trainer picks by default for the network
computes it (``lottery_engines.py``): the scalar path's sums, added one by one, for tiny
networks (equal to it bit for bit but for numpy's ``tanh`` and ``exp``, and to the numpy engine
to about 1e-15 a step), the numpy engine's batched BLAS products, bit for bit, otherwise. Only the
per-run mean loss is summed in another order (it can differ in the last bit).
``tests/core/test_lottery.py`` compares every run with a :class:`Trainer` from the same seed.

After each epoch (and for the initial weights, "epoch 0") the lottery records, per run:
whether it is *solved* (:data:`SOLVED_RULE`), the divergence rule (``divergence.py``), and the
last ``PLATEAU_EPOCHS`` losses (what the plateau diagnosis reads). It keeps the outputs of up
to ``BLOCK_EPOCHS`` epochs and judges them in one vectorized pass (per epoch, a dozen small
numpy calls cost as much as the epoch), always before :meth:`Lottery.train` returns. What happens after training,
the diagnosis of the failures, is in ``lottery_report.py``.
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np

from . import scalarpath
from .accuracy import RULE, right_samples
from .diagnostics import PLATEAU_EPOCHS
from .divergence import fires
from .fastpath import descend_batches
from .losses import get_loss
from .lottery_engines import BatchedPlan, UnrolledPlan, allocate
from .lottery_spec import (  # noqa: F401 - the spec and its limits, where they were always imported from
    BLOCK_BYTES, MAX_EPOCHS, MAX_RUNS, MIN_RUNS, SAMPLE_WINDOW, LotterySpec,
)
from .network import Network, weight_shapes
from .sample_history import MAX_TRACKED
from .stuck import window as stuck_window
from .training import epoch_order
from .training_rules import PROBE_FROM, PROBE_SAMPLES
from .update import descend

Array = np.ndarray

DRAW_CHUNK = 100  # runs whose initial weights are drawn between looks at the clock
BLOCK_EPOCHS = 64  # epochs whose outputs are judged together (at most PLATEAU_EPOCHS, SAMPLE_WINDOW) …
# … unless that would take more than BLOCK_BYTES (then fewer, at least one)
ENGINES = ("auto", "numpy", "scalar")

SOLVED_RULE = ("A run is solved when, after its last epoch, every sample is right by the accuracy "
               "read-out's rule. " + RULE + " A run's epochs to solve is the first epoch from which it "
               "stayed solved to the end (0: the initial weights already solve it).")


class Lottery:
    """The K runs of a :class:`LotterySpec`, trained by :meth:`train` or :meth:`advance`.

    Per-run records (arrays of length K, run i = seed ``spec.seeds[i]``): ``loss`` (mean loss
    now), ``solved`` (now), ``solved_since`` (epoch the current solved streak began, −1 if not
    solved), ``diverged_at`` (first epoch the divergence rule fired, 0 if never), and
    ``diverged_loss``/``diverged_best`` (the loss then and the lowest loss before it).
    ``engine`` names the single-net engine the runs are computed as (``Trainer.run_epochs``'s
    names; "auto": the one it picks).
    """

    def __init__(self, spec: LotterySpec, engine: str = "auto"):
        problem = spec.problem()
        if problem:
            raise ValueError(problem)
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose auto, numpy or scalar")
        self.spec = spec
        k, layers, data = spec.runs, list(spec.layers), spec.data
        self.net = Network(layers, list(spec.activations), [np.zeros(s) for s in weight_shapes(layers)])
        self.loss_fn = get_loss(spec.config.loss).for_output(self.net.activations[-1])
        self.x, self.y = data.inputs, data.targets
        n = len(data)
        self.batch = spec.config.effective_batch(n)
        fits = scalarpath.fits(self.net, self.batch, self.loss_fn, spec.config.regularization)
        if engine == "scalar" and not fits:
            raise ValueError("the scalar engine is only for tiny networks and batches")
        self.engine = "scalar" if fits and engine != "numpy" else "numpy"
        self._plan = UnrolledPlan if self.engine == "scalar" else BatchedPlan
        # filled seed by seed by draw(): 10,000 draws take a second or two, which a window spreads
        # over its ticks
        self.weights = allocate(self.engine == "scalar", k, layers)
        self.drawn = 0
        self.full = self._plan(self.weights, self.net.activations, layers, n)
        self.full.load_inputs(self.x)
        self._plans: dict[int, object] = {}  # a mini-batch's buffers by its size
        self._batch_plan = partial(self._plan, self.weights, self.net.activations, layers)
        rows = max(1, min(BLOCK_EPOCHS, BLOCK_BYTES // (16 * k * n * layers[-1])))
        # the output layer's a and z after each kept epoch, as the plan holds them
        self._block = np.empty((2, rows) + self.full.out.shape)
        self._blocked = 0
        # each output row's target, in the order _judge reads the kept outputs
        self._runs_last = self.full.run_axis != 0
        shape = (rows, n, k, layers[-1]) if self._runs_last else (rows, k, n, layers[-1])
        y = self.y[None, :, None] if self._runs_last else self.y[None, None]
        self._y_all = np.ascontiguousarray(np.broadcast_to(y, shape)).reshape(-1, layers[-1])
        self.epoch = 0
        self.recent = np.full((PLATEAU_EPOCHS, k), np.nan)  # loss after epoch e in row (e - 1) % PLATEAU_EPOCHS
        # each sample's loss over the last SAMPLE_WINDOW epochs, for the stuck-sample diagnosis,
        # when the data is small enough for the per-sample history (sample_history.py)
        # (row (e - 1) % SAMPLE_WINDOW, sample, run)
        self.recent_samples = np.full((SAMPLE_WINDOW, n, k), np.nan) if n <= MAX_TRACKED else None
        # and each sample's loss after the mark epoch, (sample, run), when the ring does not reach it
        self.mark_epoch = spec.epochs - stuck_window(spec.epochs)
        self.mark_samples = (np.full((n, k), np.nan) if self.recent_samples is not None
                             and self.mark_epoch > 0 and spec.epochs - self.mark_epoch >= SAMPLE_WINDOW else None)
        self.diverged_at = np.zeros(k, dtype=np.int64)
        self.diverged_loss = np.full(k, np.nan)
        self.diverged_best = np.full(k, np.nan)
        self._chunk = 1
        # an epoch longer than a slice (10,000 online samples, 10 runs of 2-16-16-1: 0.5-1.5 s) is
        # trained in parts: the samples of the epoch under way done so far, and its order
        self._part: tuple[int, Array, Array] | None = None
        self._sample_seconds: float | None = None  # measured on the first part, for larger data
        self.loss = self.solved = self.best = self.solved_since = None  # set once every run is drawn

    @property
    def ready(self) -> bool:
        """Whether every run's initial weights are drawn (training can start)."""
        return self.drawn >= self.spec.runs

    def draw(self, count: int) -> int:
        """Draw the initial weights of up to ``count`` more runs; returns how many."""
        layers, start = list(self.spec.layers), self.drawn
        stop = min(self.spec.runs, start + max(0, int(count)))
        for i in range(start, stop):
            for w, init in zip(self.weights, self.spec.initialization(self.spec.seeds[i]).make(layers)):
                w[i] = init
        self.drawn = stop
        if self.ready and self.loss is None:
            with np.errstate(all="ignore"):
                self.full.forward()
                _, losses, solved = self._judge(self._keep_outputs())
            self._blocked = 0
            self.loss, self.solved = losses[0], solved[0]
            # the divergence rule's reference is the loss of the weights training starts from
            self.best = np.where(np.isnan(self.loss), np.inf, self.loss)
            self.solved_since = np.where(self.solved, 0, -1)
        return stop - start

    # -- progress ------------------------------------------------------------------------------
    @property
    def trained(self) -> bool:
        return self.epoch >= self.spec.epochs

    def run_weights(self, i: int) -> list[Array]:
        """Run i's weights now (copies), shaped as ``Network.weights``."""
        return [w[i].copy() for w in self.weights]

    def recent_losses(self, i: int) -> Array:
        """Run i's losses after its last min(epoch, PLATEAU_EPOCHS) epochs, oldest first."""
        count = min(self.epoch, PLATEAU_EPOCHS)
        rows = [(e - 1) % PLATEAU_EPOCHS for e in range(self.epoch - count + 1, self.epoch + 1)]
        return self.recent[rows, i].copy()

    def recent_sample_losses(self, i: int) -> Array | None:
        """Run i's per-sample losses after its last min(epoch, SAMPLE_WINDOW) epochs, oldest first,
        ``(epochs, n_samples)``; None when the data has too many samples to track."""
        if self.recent_samples is None:
            return None
        count = min(self.epoch, SAMPLE_WINDOW)
        rows = [(e - 1) % SAMPLE_WINDOW for e in range(self.epoch - count + 1, self.epoch + 1)]
        return self.recent_samples[rows, :, i].copy()

    def marked_sample_losses(self, i: int) -> Array | None:
        """Run i's per-sample losses after ``mark_epoch`` ``(n_samples,)``, once trained to
        ``spec.epochs`` and when the ring of recent epochs does not reach that far; else None."""
        if self.mark_samples is None or self.epoch != self.spec.epochs:
            return None
        return self.mark_samples[:, i].copy()

    # -- training ------------------------------------------------------------------------------
    def train(self, count: int) -> int:
        """Train up to ``count`` more epochs (never past ``spec.epochs``); returns how many.
        Every record is up to date when it returns."""
        self.draw(self.spec.runs)
        count = max(0, min(int(count), self.spec.epochs - self.epoch))
        with np.errstate(all="ignore"):  # diverging runs yield inf/nan; the records say so
            for _ in range(count):
                self._epoch()
                self._epoch_done()
            self._record()
        return count

    def train_part(self, samples: int) -> int:
        """Train about ``samples`` samples of the epoch under way (whole batches, at most to its
        end): the runs' updates are the same as an epoch's at once. Returns the epochs finished."""
        self.draw(self.spec.runs)
        if self.epoch >= self.spec.epochs:
            return 0
        with np.errstate(all="ignore"):
            if not self._epoch(samples):
                return 0
            self._epoch_done()
            self._record()
        return 1

    def advance(self, seconds: float = 0.05, clock=time.perf_counter) -> int:
        """Draw initial weights, then train, for about ``seconds`` (at least some work unless
        trained); returns the epochs trained. The epochs per call adapt to how long one takes;
        an epoch of more than PROBE_FROM samples in batches is first timed on a part of it, and
        one longer than ``seconds`` is trained a part a call."""
        start, done = clock(), 0
        while not self.ready:
            self.draw(DRAW_CHUNK)
            if clock() - start >= seconds:
                return 0
        n = len(self.x)
        if self.batch < n and n > PROBE_FROM and (self._sample_seconds is None or self._part is not None
                                                  or self._sample_seconds * n > seconds):
            part = PROBE_SAMPLES if self._sample_seconds is None else max(1, int(seconds / self._sample_seconds))
            first = self._part[0] if self._part else 0
            began = clock()
            done = self.train_part(min(part, n - first))
            # by the samples it trained: whole batches, so at least one (500 asked 16 to be timed)
            trained = (self._part[0] if self._part else n) - first
            self._sample_seconds = (clock() - began) / max(trained, 1)
            return done
        while not self.trained:
            done += self.train(self._chunk)
            spent = clock() - start
            if spent >= seconds:
                break
            if spent < seconds / 4:
                self._chunk = min(self._chunk * 2, 1 << 16)
        return done

    def _epoch(self, samples: int | None = None) -> bool:
        """The epoch under way, or about ``samples`` more of its samples; True once it has ended."""
        cfg, n, k = self.spec.config, len(self.x), self.batch
        if k >= n:
            # full batch: the plan holds the forward pass of the current weights (as fastpath)
            self.full.backward(self.loss_fn, self.y)
            descend(cfg, self.weights, self.full.grads, out=self.weights)
        else:
            if self._part is None:
                perm = epoch_order(cfg, n, self.epoch)
                self._part = (0, self.x[perm], self.y[perm])
            first, xs, ys = self._part
            last = n if samples is None else min(n, first + max(k, samples - samples % k))
            descend_batches(self.weights, self._batch_plan, self.loss_fn, cfg, xs[first:last], ys[first:last], k,
                            self._plans)
            if last < n:
                self._part = (last, xs, ys)
                return False
            self._part = None
        self.full.forward()
        self.epoch += 1
        return True

    def _epoch_done(self) -> None:
        if self._keep_outputs() == self._block.shape[1]:
            self._record()

    def _keep_outputs(self) -> int:
        """Keep the full forward pass's output layer in the block; returns the epochs kept."""
        a, z = self.full.outputs()
        self._block[0, self._blocked] = a
        self._block[1, self._blocked] = z
        self._blocked += 1
        return self._blocked

    def _judge(self, rows: int) -> tuple[Array, Array, Array]:
        """The first ``rows`` kept epochs' per-sample losses ``(rows, n, K)``, mean losses and
        whether every sample is right ``(rows, K)``."""
        k, n, out = self.spec.runs, len(self.x), self.y.shape[1]
        kept = self._block[:, :rows]
        if self._runs_last:  # (n, outputs, K) → rows of outputs, sample-major: free for 1 output
            kept = np.moveaxis(kept, -1, -2)
        a, z = (b.reshape(-1, out) for b in kept)
        y = self._y_all[:a.shape[0]]
        shape, samples = ((rows, n, k), 1) if self._runs_last else ((rows, k, n), 2)
        per_sample = self.loss_fn.per_sample(a, z, y).reshape(shape)
        right = right_samples(z, y, self.spec.precision).reshape(shape)
        if not self._runs_last:
            per_sample, right = per_sample.transpose(0, 2, 1), right.transpose(0, 2, 1)
        return per_sample, per_sample.sum(axis=1) / n, right.all(axis=1)

    def _record(self) -> None:
        """Judge the kept epochs (those up to ``self.epoch``) and update the records."""
        rows, self._blocked = self._blocked, 0
        if not rows:
            return
        per_sample, losses, solved = self._judge(rows)
        first = self.epoch - rows + 1
        # the lowest loss before each epoch (fmin skips NaN, as DivergenceWatch's lowest loss)
        before = np.empty_like(losses)
        before[0] = self.best
        for r in range(1, rows):  # row by row: fmin.accumulate down axis 0 took ~1 ms a block
            np.fmin(before[r - 1], losses[r - 1], out=before[r])
        fired = fires(losses, before)
        new = fired.any(axis=0) & (self.diverged_at == 0)
        at = fired.argmax(axis=0)[new]
        self.diverged_at[new] = first + at
        self.diverged_loss[new] = losses[at, new]
        self.diverged_best[new] = before[at, new]
        self.best = np.fmin(before[-1], losses[-1])
        epochs = np.arange(first, self.epoch + 1)
        self.recent[(epochs - 1) % PLATEAU_EPOCHS] = losses
        if self.recent_samples is not None:
            self.recent_samples[(epochs - 1) % SAMPLE_WINDOW] = per_sample
        if self.mark_samples is not None and first <= self.mark_epoch <= self.epoch:
            self.mark_samples[...] = per_sample[self.mark_epoch - first]
        # a run solved now has been since the epoch after its last unsolved one (in this block),
        # or since its streak began before the block
        unsolved = ~solved
        last_unsolved = rows - 1 - unsolved[::-1].argmax(axis=0)
        since = np.where(unsolved.any(axis=0), first + last_unsolved + 1,
                         np.where(self.solved_since < 0, first, self.solved_since))
        self.solved_since = np.where(solved[-1], since, -1)
        self.loss, self.solved = losses[-1].copy(), solved[-1].copy()

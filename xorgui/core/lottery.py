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
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from .accuracy import RULE, right_samples
from .data import Dataset
from .diagnostics import PLATEAU_EPOCHS
from .sample_history import MAX_TRACKED
from .stuck import STUCK_EPOCHS, window as stuck_window
from .divergence import fires
from .fastpath import descend_batches
from .init import Initialization
from .activations import get_activation
from .losses import get_loss
from .network import Network, weight_shapes
from .numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION, fmt
from . import scalarpath
from .lottery_engines import BatchedPlan, UnrolledPlan, allocate
from .training import Trainer, TrainingConfig, epoch_order
from .update import descend

Array = np.ndarray

MIN_RUNS, MAX_RUNS = 10, 10_000
MAX_EPOCHS = 1_000_000
SAMPLE_WINDOW = STUCK_EPOCHS + 1  # the stuck-sample rule compares epochs end and end − stuck.window(end) …
# … which for a longer run is the mark epoch, spec.epochs − stuck.window(spec.epochs), kept on its own
DRAW_CHUNK = 100  # runs whose initial weights are drawn between looks at the clock
MEMORY_LIMIT = 600 * 2**20  # bytes of arrays the K runs may hold (weights, buffers, records)
BLOCK_EPOCHS = 64  # epochs whose outputs are judged together (at most PLATEAU_EPOCHS, SAMPLE_WINDOW)
BLOCK_BYTES = 8 * 2**20  # … unless that would take more than this (then fewer, at least one)
ENGINES = ("auto", "numpy", "scalar")

SOLVED_RULE = ("A run is solved when, after its last epoch, every sample is right by the accuracy "
               "read-out's rule. " + RULE + " A run's epochs to solve is the first epoch from which it "
               "stayed solved to the end (0: the initial weights already solve it).")


def _init_label(init: Initialization) -> str:
    """"constant initialization (every weight 1)", "random initialization (uniform in ±0.5)": the
    kind and what it draws (Initialization.draws)."""
    return f"{'constant' if init.method == 'constant' else 'random'} initialization ({init.draws()})"


@dataclass(frozen=True)
class LotterySpec:
    """What to run: the network and settings of one session, K seeds and an epoch count.

    ``init`` gives the method and scale; its seed is the first run's (run i has seed + i).
    ``precision`` is the decimals the solved rule judges predictions at (as shown).
    """

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    data: Dataset = field(compare=False)
    config: TrainingConfig
    init: Initialization
    runs: int
    epochs: int
    precision: int = DEFAULT_PRECISION

    @classmethod
    def of(cls, trainer: Trainer, runs: int, epochs: int, init: Initialization | None = None,
           precision: int = DEFAULT_PRECISION) -> "LotterySpec":
        """The lottery of ``trainer``'s network, data and settings (with its initialization
        unless ``init`` is given); the trainer itself is not used afterwards."""
        return cls(tuple(trainer.network.layers), tuple(trainer.network.activation_names), trainer.data,
                   trainer.config, init or trainer.init, runs, epochs, precision)

    @property
    def seeds(self) -> range:
        return range(self.init.seed, self.init.seed + self.runs)

    def initialization(self, seed: int) -> Initialization:
        return Initialization(self.init.method, self.init.value, self.init.scale, seed)

    def trainer(self, seed: int) -> Trainer:
        """The single-net run with ``seed``: what "open this run" shows, at epoch 0."""
        init = self.initialization(seed)
        layers = list(self.layers)
        return Trainer(Network(layers, list(self.activations), init.make(layers)), self.data, self.config,
                       init, name=f"lottery seed {seed}")

    def describe(self) -> str:
        """The setup in words: "2-3-1 sigmoid/sigmoid, squared error loss, full batch, …"."""
        acts = "/".join(get_activation(a).label for a in self.activations)
        return (f"{'-'.join(map(str, self.layers))} {acts}, {get_loss(self.config.loss).title} loss, "
                f"{self.config.batch_mode(len(self.data))}, learning rate {fmt(self.config.learning_rate, 6)}, "
                f"{_init_label(self.init)}")

    def describe_runs(self, session: Initialization) -> str:
        """"Each run: <describe()>. Runs use …" with how its initialization relates to the session's,
        ``session`` (one sentence each: a parenthesis after describe()'s own read as clutter)."""
        own = _init_label(session)
        if own == _init_label(self.init):
            relation = "the session's network, settings and initialization"
        elif session.method == "constant":  # the lottery cannot use it: every seed gives the same weights
            relation = (f"the session's network and settings, but not its initialization: the session's {own} "
                        "would give every run the same weights, so the lottery draws them at random")
        else:
            relation = f"the session's network and settings, but not its initialization, which is {own}"
        first = self.init.seed
        return (f"Each run: {self.describe()}. Runs use {relation}; they differ only in their seeds, "
                f"{first}–{first + self.runs - 1}.")

    def problem(self) -> str:
        """Why this lottery cannot run, in a sentence for the user ("" if it can)."""
        if isinstance(self.runs, bool) or not isinstance(self.runs, int) or not MIN_RUNS <= self.runs <= MAX_RUNS:
            return f"the number of runs must be from {MIN_RUNS} to {MAX_RUNS:,}"
        if isinstance(self.epochs, bool) or not isinstance(self.epochs, int) or not 1 <= self.epochs <= MAX_EPOCHS:
            return f"the number of epochs must be from 1 to {MAX_EPOCHS:,}"
        if not MIN_PRECISION <= self.precision <= MAX_PRECISION:
            return f"the decimals must be from {MIN_PRECISION} to {MAX_PRECISION}"
        if self.init.method == "constant":
            return ("the constant initialization gives every seed the same weights, so every run would be "
                    "the same: choose a random one (uniform, normal, xavier or he)")
        if self.init.method in ("uniform", "normal") and self.init.scale == 0:
            return (f"a {self.init.method} initialization of scale 0 makes every weight 0 whatever the seed, so "
                    "every run would be the same: choose a scale above 0")
        if self.init.seed + self.runs > 2**63:
            return "the seeds must stay below 2^63: choose a smaller first seed"
        try:
            Trainer.check_compatible(Network(list(self.layers), list(self.activations),
                                             [np.zeros(s) for s in weight_shapes(list(self.layers))]),
                                     self.data, self.config)
        except ValueError as exc:
            return str(exc)
        need = self.memory()
        if need > MEMORY_LIMIT:
            return (f"{self.runs:,} runs of this network on {len(self.data):,} samples would need about "
                    f"{need / 2**20:,.0f} MB (at most {MEMORY_LIMIT / 2**20:,.0f} MB): choose fewer runs")
        return ""

    def memory(self) -> int:
        """Bytes the arrays of :class:`Lottery` hold, roughly (an upper estimate)."""
        n, layers = len(self.data), list(self.layers)
        params = sum(r * c for r, c in weight_shapes(layers))
        # weights, gradients, a regularization temporary; per sample: sources, sums, outputs,
        # deltas and activation temporaries of every layer; the plateau window
        per_run = 3 * params + 4 * n * (sum(layers) + len(layers)) + 2 * n * layers[-1] + PLATEAU_EPOCHS + 16
        per_run += SAMPLE_WINDOW * n + 3 * n if n <= MAX_TRACKED else 0
        per_run += 2 * n * layers[-1] + min(n, self.config.effective_batch(n)) * params  # block, products
        return 8 * self.runs * per_run + 2 * BLOCK_BYTES


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
                if self._keep_outputs() == self._block.shape[1]:
                    self._record()
            self._record()
        return count

    def advance(self, seconds: float = 0.05, clock=time.perf_counter) -> int:
        """Draw initial weights, then train, for about ``seconds`` (at least some work unless
        trained); returns the epochs trained. The epochs per call adapt to how long one takes."""
        start, done = clock(), 0
        while not self.ready:
            self.draw(DRAW_CHUNK)
            if clock() - start >= seconds:
                return 0
        while not self.trained:
            done += self.train(self._chunk)
            spent = clock() - start
            if spent >= seconds:
                break
            if spent < seconds / 4:
                self._chunk = min(self._chunk * 2, 1 << 16)
        return done

    def _epoch(self) -> None:
        cfg, n, k = self.spec.config, len(self.x), self.batch
        if k >= n:
            # full batch: the plan holds the forward pass of the current weights (as fastpath)
            self.full.backward(self.loss_fn, self.y)
            descend(cfg, self.weights, self.full.grads, out=self.weights)
        else:
            perm = epoch_order(cfg, n, self.epoch)
            xs, ys = self.x[perm], self.y[perm]
            descend_batches(self.weights, self._batch_plan, self.loss_fn, cfg, xs, ys, k, self._plans)
        self.full.forward()
        self.epoch += 1

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

"""What a lottery runs (:class:`LotterySpec`): one session's network, data and settings, K seeds
and an epoch count, with the limits it is checked against and the memory it would take."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation
from .data import Dataset
from .diagnostics import PLATEAU_EPOCHS
from .init import Initialization
from .losses import get_loss
from .network import Network, weight_shapes
from .numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION, fmt
from .sample_history import MAX_TRACKED
from .stuck import STUCK_EPOCHS
from .training import Trainer, TrainingConfig

MIN_RUNS, MAX_RUNS = 10, 10_000
MAX_EPOCHS = 1_000_000
SAMPLE_WINDOW = STUCK_EPOCHS + 1  # the stuck-sample rule compares epochs end and end − stuck.window(end) …
# … which for a longer run is the mark epoch, spec.epochs − stuck.window(spec.epochs), kept on its own
MEMORY_LIMIT = 600 * 2**20  # bytes of arrays the K runs may hold (weights, buffers, records)
BLOCK_BYTES = 8 * 2**20  # the outputs judged together take at most this (Lottery's block)


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

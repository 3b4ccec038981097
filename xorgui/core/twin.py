"""Twin runs: two trainers from identical weights, one setting changed, trained together.

The twins are stepped sample by sample in lockstep through the numpy stepping path (exact, the
same arithmetic in both) until the first number of a step differs: the weights a step starts
from, the forward pass (``a_Z1``, ``z_Z1``), the sample's loss ``L``, the deltas ``δ_D0``, the
gradients ``∂L/∂W11`` and the weights after the step (``W11``), in that order, named as on the
diagram and in the walkthrough. Once a difference is found (or the twins are bit-for-bit the same
run, which can then never differ) further epochs run whole, both through the same engine, or,
when one numpy epoch is too long for a slice, in stretches of samples (bit for bit the same).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np

from . import naming
from .accuracy import right_samples
from .losses import get_loss
from .numbers import DEFAULT_PRECISION, apart, significant
from .trace import SampleTrace
from .training import Trainer, TrainingConfig

# Samples stepped in lockstep while looking for the first difference; past it epochs run whole
# (a difference that has not shown in this many steps is reported as not found so far). A twin
# step takes about 1 ms, so a search in vain costs about two seconds (the window does it in
# slices, see TwinTraining); a change that never alters the arithmetic (a regularization rate
# without a regularizer) ends here.
STEP_LIMIT = 2_000


@dataclass(frozen=True)
class Difference:
    """The first number that differs: ``quantity`` (a walkthrough name) in step ``stage``
    ("before", "forward", "loss", "backward", "gradient", "after") of the step on ``sample``
    (data index, 0-based as in the walkthrough) in ``epoch`` (1-based). When the twins visit the
    samples in different orders (stage "order") the values are the samples' indices."""

    epoch: int
    sample: int
    stage: str
    quantity: str
    left: float
    right: float
    note: str = ""

    @property
    def where(self) -> str:
        if self.stage == "order":  # ``sample`` is then the 0-based position in the epoch
            return f"at step {self.sample + 1:,} of epoch {naming.epoch_number(self.epoch)}"
        where = {"before": "before", "forward": "in the forward pass of", "loss": "on",
                 "backward": "in the backward pass of", "gradient": "in the gradient of",
                 "after": "after"}[self.stage]
        return f"{where} sample {self.sample} of epoch {naming.epoch_number(self.epoch)}"

    def line(self, precision: int = DEFAULT_PRECISION) -> str:
        """``W12 after sample 1 of epoch 1: 0.4 vs 0.52`` (left twin first)."""
        left, right = self._values(precision)
        text = f"{self.quantity} {self.where}: {left} vs {right}"
        return f"{text} ({self.note})" if self.note else text

    def line_pair(self, precision: int = DEFAULT_PRECISION) -> tuple[str, str]:
        """The same as two walkthrough lines, one per twin."""
        left, right = self._values(precision)
        return (f"left:  {self.quantity} = {left}  ({self.where})",
                f"right: {self.quantity} = {right}  ({self.where})")

    def _values(self, precision: int) -> tuple[str, str]:
        """Both values with six significant digits, or more where the window shows more decimals
        (``precision``), and as many more as tell the two apart."""
        return apart(self.left, self.right, max(6, precision))

    def to_dict(self) -> dict:
        return {"epoch": self.epoch, "sample": self.sample, "stage": self.stage, "quantity": self.quantity,
                "left": self.left, "right": self.right, "note": self.note, "line": self.line()}


def _same(a, b) -> bool:
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


def _first_unequal(left: np.ndarray, right: np.ndarray):
    """Index of the first element where two same-shaped arrays differ (NaN equals NaN)."""
    diff = ~((left == right) | (np.isnan(left) & np.isnan(right)))
    return tuple(int(i) for i in np.argwhere(diff)[0])


def _unit(layers: list[int], l: int, j: int) -> str:
    return naming.target_name(layers, l + 1, j)


def _compare_units(layers, stage, prefixes, *pairs, backward=False):
    """Layer by layer (from the output back when ``backward``), and within a layer in the order
    of ``prefixes`` (a then z)."""
    n = len(pairs[0][0])
    for l in (reversed(range(n)) if backward else range(n)):
        for prefix, (left, right) in zip(prefixes, pairs):
            a, b = left[l], right[l]
            if not _same(a, b):
                (j,) = _first_unequal(a, b)
                return stage, f"{prefix}_{_unit(layers, l, j)}", float(a[j]), float(b[j])
    return None


def _compare_weights(layers, stage, prefix, left, right):
    for l, (a, b) in enumerate(zip(left, right)):
        if not _same(a, b):
            r, c = _first_unequal(a, b)
            return stage, prefix + naming.weight_name(layers, l, r, c), float(a[r, c]), float(b[r, c])
    return None


def compare_steps(layers: list[int], left: SampleTrace, right: SampleTrace,
                  left_after: list[np.ndarray], right_after: list[np.ndarray]):
    """(stage, quantity, left value, right value) of the first difference between two steps
    on the same sample, in the order back-propagation computes them; None if all agree."""
    return (_compare_weights(layers, "before", "", left.weights_before, right.weights_before)
            or _compare_units(layers, "forward", "az", (left.a, right.a), (left.z, right.z))
            or (None if _same(left.loss, right.loss) else ("loss", "L", left.loss, right.loss))
            or _compare_units(layers, "backward", "δ", (left.deltas, right.deltas), backward=True)
            or _compare_weights(layers, "gradient", "∂L/∂", left.gradients, right.gradients)
            or _compare_weights(layers, "after", "", left_after, right_after))


def make_twin(trainer: Trainer, config: TrainingConfig | None = None, activations: list[str] | None = None,
              weight: tuple[int, int, int, float] | None = None) -> Trainer:
    """A copy of ``trainer`` (same weights, data, epoch and history) with new settings,
    activations (one per weight layer) or one weight ``(layer, row, col, value)`` changed.
    Raises ValueError for a change the network or data cannot take."""
    twin = Trainer(trainer.network.copy(), trainer.data, trainer.config, trainer.init, trainer.epoch,
                   trainer.history.copy(), name=trainer.name, test_data=trainer.test_data, source=trainer.source)
    # the same place within the epoch (the samples stepped, the gradients summed so far), so that
    # a twin made mid-epoch steps the same next sample; its own per-sample history and timeline
    position = trainer.capture(history_base=len(trainer.history))
    twin.restore(replace(position, samples=None, timeline=None))
    apply_change(twin, config, activations, weight)
    return twin


def apply_change(trainer: Trainer, config: TrainingConfig | None = None, activations: list[str] | None = None,
                 weight: tuple[int, int, int, float] | None = None) -> None:
    """Make one twin's change in ``trainer`` itself (the left twin is the session, changed in place).
    Raises ValueError, before anything changes, for a change the network or data cannot take."""
    if config is not None:
        trainer.set_config(config)
    if activations is not None:
        from .network import Network
        network = trainer.network
        trainer.set_network(Network(list(network.layers), list(activations), network.copy_weights()))
    if weight is not None:
        trainer.set_weight(*weight)


class TwinRun:
    """Two trainers over the same data and layer sizes, trained together.

    ``difference`` is the first difference found (None so far); ``stepped`` counts the samples
    stepped in lockstep looking for it; ``identical`` is true while the twins are one and the same
    run (same weights, activations, settings and position), which can never differ.

    Where the pair was made: ``changed`` names the twin that took the change ("left" or
    "right"), ``made_at`` is the (epoch, samples into the next epoch) the other one stood at,
    and ``start_losses`` the mean loss of each twin's weights then (left first): their losses
    before that are the one run they share (core/twin_curves.py draws it once)."""

    def __init__(self, left: Trainer, right: Trainer, step_limit: int = STEP_LIMIT, changed: str = "right"):
        if left.network.layers != right.network.layers:
            raise ValueError("twins need the same layer sizes")
        if not (_same(left.data.inputs, right.data.inputs) and _same(left.data.targets, right.data.targets)):
            raise ValueError("twins need the same training data")
        if changed not in ("left", "right"):
            raise ValueError(f"the changed twin is left or right, not {changed!r}")
        self.left, self.right = left, right
        self.changed = changed
        unchanged = right if changed == "left" else left
        self.made_at = (unchanged.epoch, unchanged.cursor)
        self.start_losses = (left.current_loss(), right.current_loss())
        self.difference: Difference | None = None
        self.stepped = 0
        self.step_limit = step_limit

    @property
    def identical(self) -> bool:
        l, r = self.left, self.right
        return (l.config == r.config and l.network.activation_names == r.network.activation_names
                and l.epoch == r.epoch and l.cursor == r.cursor and l.pending_samples == r.pending_samples
                and all(_same(a, b) for a, b in zip(l.network.weights, r.network.weights))
                and all(_same(a, b) for a, b in zip(l.accumulated(), r.accumulated())))

    @property
    def searching(self) -> bool:
        """Whether the next steps are still compared number by number."""
        return self.difference is None and self.stepped < self.step_limit and not self.identical

    def step(self) -> Difference | None:
        """One sample step of both twins; returns the first difference if this step found it."""
        l, r = self.left, self.right
        epoch, position = l.epoch + 1, l.cursor
        ls, rs = l.step_sample(), r.step_sample()
        self.stepped += 1
        if self.difference is not None:
            return None
        layers = l.network.layers
        if ls.sample != rs.sample:
            self.difference = Difference(epoch, position, "order", "the sample", ls.sample, rs.sample,
                                         "the twins visit the samples in different orders")
            return self.difference
        found = compare_steps(layers, ls.trace, rs.trace, l.network.weights, r.network.weights)
        if found is None:
            return None
        note = ""
        if found[0] == "after" and ls.updated != rs.updated:
            note = ("the left twin updated, the right one only added this sample's gradient to its batch"
                    if ls.updated else
                    "the right twin updated, the left one only added this sample's gradient to its batch")
        self.difference = Difference(epoch, ls.sample, *found, note=note)
        return self.difference

    def run_epochs(self, count: int) -> None:
        """Train both ``count`` epochs at once: ``TwinTraining`` run to its end in one slice."""
        TwinTraining(self, count).advance(math.inf)

    def summary(self, diverged: tuple[bool, bool] = (False, False)) -> str:
        """The first difference (or why there is none) and both losses, for a report; a twin whose
        loss is not finite, or that ``diverged`` marks, is marked "(diverged)"."""
        if self.difference is not None:
            head = f"first difference: {self.difference.line()}"
        elif self.identical:
            head = "no difference: the twins are the same run (same weights, settings and position)"
        else:
            head = f"no difference in the first {self.stepped:,} samples stepped"
        left, right = (_loss(t, d) for t, d in zip((self.left, self.right), diverged))
        line = f"{head}\nloss after epoch {naming.epoch_number(self.left.epoch)}: left {left}, right {right}"
        kinds = losses_compared(self.left, self.right)
        if kinds:  # a cross-entropy of 0.65 and a squared error of 0.12 say nothing of which fits better
            left_acc, right_acc = (_accuracy(t) for t in (self.left, self.right))
            line += (f" ({kinds}: different measures, their numbers do not compare; the samples right: "
                     f"left {left_acc}, right {right_acc})")
        return line


# A whole numpy epoch estimated longer than this is trained in stretches of samples instead
# (Trainer.run_samples, bit for bit the same numbers), so that a slice never has to hold one.
# The estimate is deterministic, so a sliced run takes the same path as a blocking one (and keeps
# the same moments on the timeline: a stepped epoch keeps each, whole epochs only some).
LONG_EPOCH_SECONDS = 0.02


def epoch_seconds(t: Trainer) -> float:
    """One whole epoch on the numpy engine, estimated from its updates and weights: about 32 µs
    and 0.06 µs a weight for each update, 0.004 µs a weight for each sample (fitted to
    tests/benchmarks/twin.py's networks; 16-16-16 on 10,000 samples online: 0.68 s measured)."""
    n, weights = len(t.data), sum(w.size for w in t.network.weights)
    return (t.updates_per_epoch * (32 + 0.06 * weights) + 0.004 * n * weights) * 1e-6


def _grown(count: int, took: float, left: float) -> int:
    """The next stretch's size: as many as the ``left`` seconds of the slice hold at the pace of
    ``count`` in ``took`` seconds, at most twice ``count`` and at least 1."""
    return max(1, min(2 * count, int(count * left / max(took, 1e-9))))


def losses_compared(left: Trainer, right: Trainer) -> str:
    """"the left twin's loss is the cross-entropy, the right's the squared error" when the twins'
    losses differ (a twin made by changing the loss), else ""."""
    a, b = (get_loss(t.config.loss).title for t in (left, right))
    return "" if a == b else f"the left twin's loss is the {a}, the right's the {b}"


def _accuracy(trainer: Trainer) -> str:
    with np.errstate(all="ignore"):
        right = right_samples(trainer.forward().output, trainer.data.targets, DEFAULT_PRECISION)
    return f"{int(right.sum()):,} of {len(right):,}"


def _loss(trainer: Trainer, diverged: bool = False) -> str:
    loss = trainer.current_loss()  # at least ten significant digits, written as the window writes numbers
    return significant(loss, 10) + (" (diverged)" if diverged or not np.isfinite(loss) else "")


class TwinTraining:
    """``epochs`` epochs of both twins, done a slice of time at a time (``advance``): stepped in
    lockstep while the run is searching for the first difference, then the epoch under way
    finished sample by sample (as ``Trainer.run_epochs`` finishes one), then whole epochs, both
    twins through the same engine (the scalar path only when both fit it). When a numpy epoch is
    estimated longer than ``LONG_EPOCH_SECONDS`` (say 16-16-16 on 10,000 samples online), all of
    it after the search goes in stretches of samples of both twins instead (``run_samples``).
    Slices only cut the work between steps or between stretches, so the result is bit for bit
    the one of doing it all at once (``TwinRun.run_epochs`` is this in one slice), and twins at
    the same step stay at the same step after every slice."""

    def __init__(self, run: TwinRun, epochs: int):
        self.run, self.epochs = run, epochs
        self.start = run.left.epoch
        self._targets: tuple[int, int] | None = None  # each twin's last epoch, once the search ends
        self._chunk = 1  # whole epochs in the next stretch, grown to fill a slice
        self._blocks = 1  # blocks of whole batches in the next stretch when an epoch is too long

    @property
    def done(self) -> int:
        """Epochs the left twin finished so far (a stepped epoch counts once it is complete)."""
        return self.run.left.epoch - self.start

    @property
    def finished(self) -> bool:
        if self._targets is None:
            return self.done >= self.epochs
        return all(t.epoch >= end for t, end in zip((self.run.left, self.run.right), self._targets))

    @property
    def searching(self) -> bool:
        return self.done < self.epochs and self.run.searching

    def advance(self, seconds: float) -> None:
        """Work for about ``seconds`` (at least one step, or one stretch of each twin), or to the end."""
        run, deadline = self.run, time.perf_counter() + seconds
        while self.searching:
            run.step()
            if time.perf_counter() >= deadline:
                return
        twins = (run.left, run.right)
        if self._targets is None:  # what is left is counted from the left twin, as run_epochs did
            rest = self.start + self.epochs - run.left.epoch
            self._targets = (run.left.epoch + rest, run.right.epoch + rest)
        engine = "auto" if all(t.fits_scalar for t in twins) else "numpy"
        block = math.lcm(*(t.batch_size for t in twins))  # samples of whole batches of both twins
        if (engine == "numpy" and block < len(run.left.data)
                and max(epoch_seconds(t) for t in twins) > LONG_EPOCH_SECONDS):
            self._in_stretches(twins, block, deadline)
            return
        while any(t.cursor and t.epoch < end for t, end in zip(twins, self._targets)):
            for t, end in zip(twins, self._targets):
                if t.cursor and t.epoch < end:
                    t.step_sample()
            if time.perf_counter() >= deadline:
                return
        while not self.finished:
            began = time.perf_counter()
            for t, end in zip(twins, self._targets):
                rest = end - t.epoch
                t.run_epochs(rest if math.isinf(deadline) else min(self._chunk, rest), engine)
            now = time.perf_counter()
            if now >= deadline or self.finished:
                return
            self._chunk = _grown(self._chunk, now - began, deadline - now)

    def _in_stretches(self, twins: tuple[Trainer, Trainer], block: int, deadline: float) -> None:
        """Each twin to the end of its ``_blocks``-th next block of ``block`` samples (at most to
        the end of its epoch), their count grown to fill the slice: twins at the same step stay
        at the same step, and a stretch ends between batches (a batch cut in two is stepped)."""
        while not self.finished:
            began = time.perf_counter()
            for t, end in zip(twins, self._targets):
                if t.epoch < end:
                    t.run_samples(len(t.data) if math.isinf(deadline) else
                                  self._blocks * block - t.cursor % block)
            now = time.perf_counter()
            if now >= deadline or self.finished:
                return
            if math.isinf(deadline):  # blocking: an epoch at a time
                continue
            self._blocks = _grown(self._blocks, now - began, deadline - now)

"""What a lottery found: per run solved or not, epochs to solve, final loss, and why it failed.

A failed run is diagnosed by the Diagnostics panel's own rules (:func:`diagnostics.diagnose`)
on a single-net trainer holding that run's final weights, its last ``PLATEAU_EPOCHS`` losses
and the divergence the lottery recorded. Its **diagnosis** is the category of the first finding
(the most serious one, as the panel lists them); a failed run with no finding is "not solved yet"
when its loss was lower at the end than ``PLATEAU_EPOCHS`` epochs before, and "not falling" when it
was not (an L1 penalty held the sigmoid example's runs at 0.125, rising by 0.005 %: they were called
"still improving").
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .diagnostics import PLATEAU_EPOCHS, Kind, diagnose
from .divergence import Divergence
from .datasets import identify
from .lottery import SOLVED_RULE, Lottery, LotterySpec
from . import naming
from .network import Network
from .sample_history import SampleHistory
from .training import Trainer
from .numbers import percent, significant

Array = np.ndarray


@dataclass(frozen=True)
class Category:
    key: str  # stable id (JSON, tests)
    label: str  # what a user reads
    kinds: tuple[str, ...]  # the diagnostics kinds it gathers
    meaning: str


CATEGORIES: tuple[Category, ...] = (
    Category("diverged", "Diverged", (Kind.NON_FINITE, Kind.DIVERGED),
             "the loss exploded (the divergence rule fired and the loss stayed up, or became inf/NaN)"),
    Category("unstable", "Loss swings", (Kind.UNSTABLE,),
             "the loss swings up and down, above where it started: the learning rate is too large"),
    Category("unreachable", "Targets out of reach", (Kind.UNREACHABLE_TARGET,),
             "some targets lie outside what the output unit can produce: no seed fits them"),
    Category("no_hidden", "No hidden layer", (Kind.NO_HIDDEN,),
             "the output unit sees the inputs directly: its 0.5 level is one flat boundary (a line for two "
             "inputs), and none was found that separates these targets (none exists for XOR)"),
    Category("linear", "Linear network", (Kind.LINEAR, Kind.LINEAR_HIDDEN),
             "the hidden layers are linear: the network computes one linear function of the inputs (squashed "
             "at most), and no run fits targets that no line separates, such as XOR's"),
    Category("one_unit", "One hidden unit", (Kind.ONE_UNIT,),
             "every hidden layer has one unit: the network computes a function of one weighted sum of the "
             "inputs that only rises or falls with it, and no flat boundary separates these targets (none "
             "separates XOR's): no run fits them"),
    Category("symmetric", "Symmetric units", (Kind.SYMMETRIC,),
             "two hidden units have identical weights and can never become different"),
    Category("dead", "Dead ReLU units", (Kind.DEAD_RELU,),
             "a ReLU unit's weighted sum is at most 0 for every sample: no gradient reaches it"),
    Category("saturated", "Saturated units", (Kind.SATURATED_OUTPUT, Kind.SATURATED),
             "a sigmoid or tanh unit sits on a flat end of its curve for every sample"),
    Category("stuck", "Wrong samples on a plateau", (Kind.STUCK_SAMPLE,),
             "some wrong samples' losses fell by less than 1%, or rose, over the second half of the run while the others "
             "are fitted: how the run stands, not how it ends (some such runs fit every sample tens of "
             "thousands of epochs later; train them longer to tell)"),
    Category("plateau", "Loss stopped falling", (Kind.PLATEAU,),
             "the loss changed by less than a millionth over the last epochs, at a poor fit"),
    Category("short", "Too few epochs to tell", (),
             f"none of the above, after fewer than {PLATEAU_EPOCHS} epochs: too few to tell a loss that "
             "stopped falling from one still falling; train the runs longer"),
    Category("falling", "Not solved yet (still improving)", (),
             f"none of the above, and the loss was lower at the last of the run's last {PLATEAU_EPOCHS} epochs "
             "than at the first: still falling when the epochs ran out; train the runs longer: such a run may "
             "yet solve"),
    Category("not_falling", "Not solved, loss not falling", (),
             f"none of the above, and the loss was no lower at the last of the run's last {PLATEAU_EPOCHS} epochs "
             "than at the first: no rule here names why; look at such a run (the lottery window opens one in the "
             "main window), or change the settings"),
)
_BY_KIND = {str(kind): c.key for c in CATEGORIES for kind in c.kinds}
LABELS = {c.key: c.label for c in CATEGORIES}
UNSOLVED_HEADING = "Not solved, by diagnosis"  # a run not solved within the epochs, not one that never solves


@dataclass(frozen=True)
class RunOutcome:
    """One run. ``epochs_to_solve`` is None unless solved; ``diagnosis`` is a category key
    ("" when solved); ``findings`` the kinds of every finding, most serious first."""

    seed: int
    solved: bool
    epochs_to_solve: int | None
    final_loss: float
    diverged_at: int | None
    diagnosis: str = ""
    findings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        loss = self.final_loss if math.isfinite(self.final_loss) else None
        return {"seed": self.seed, "solved": self.solved, "epochs_to_solve": self.epochs_to_solve,
                "final_loss": loss, "diverged_at": self.diverged_at, "diagnosis": self.diagnosis or None,
                "findings": list(self.findings)}


def diagnose_run(lottery: Lottery, i: int) -> tuple[str, tuple[str, ...]]:
    """(category key, finding kinds) of run ``i`` as it is now."""
    spec = lottery.spec
    net = Network(list(spec.layers), list(spec.activations), lottery.run_weights(i))
    trainer = Trainer(net, spec.data, spec.config, spec.initialization(spec.seeds[i]),
                      epoch=lottery.epoch, history=lottery.recent_losses(i))
    per_sample = lottery.recent_sample_losses(i)
    mark = lottery.marked_sample_losses(i)
    if mark is not None:  # the stuck rule's earlier epoch, then unknown epochs up to the last ones
        trainer.sample_history = SampleHistory(len(spec.data), start=lottery.mark_epoch - 1)
        trainer.sample_history.append(mark)
        trainer.sample_history.extend_constant(np.nan, lottery.epoch - len(per_sample) - lottery.mark_epoch)
        trainer.sample_history.extend(per_sample)
    elif per_sample is not None:  # the run's last epochs of per-sample losses, as training records them
        trainer.sample_history = SampleHistory(len(spec.data), start=lottery.epoch - len(per_sample))
        trainer.sample_history.extend(per_sample)
    e = int(lottery.diverged_at[i])
    divergence = Divergence(e, float(lottery.diverged_loss[i]), float(lottery.diverged_best[i])) if e else None
    with np.errstate(all="ignore"):
        findings = diagnose(trainer, divergence, precision=spec.precision)
    kinds = tuple(str(f.kind) for f in findings)
    if kinds:
        return _BY_KIND.get(kinds[0], kinds[0]), kinds
    # no finding: a plateau is judged over PLATEAU_EPOCHS epochs, so a shorter run says nothing; a
    # longer one is still improving only if its loss fell over them (measured, not assumed)
    if lottery.epoch < PLATEAU_EPOCHS:
        return "short", kinds
    recent = trainer.history.values[-PLATEAU_EPOCHS:]
    return ("falling" if recent[-1] < recent[0] else "not_falling"), kinds


class Diagnoser:
    """Diagnoses a trained lottery's failed runs a few at a time (:meth:`advance`), so that a
    window stays responsive with thousands of them; :meth:`result` once :attr:`finished`."""

    def __init__(self, lottery: Lottery):
        self.lottery = lottery
        self.failures = np.flatnonzero(~lottery.solved)
        self._found: list[tuple[str, tuple[str, ...]]] = []

    @property
    def total(self) -> int:
        return len(self.failures)

    @property
    def done(self) -> int:
        return len(self._found)

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def advance(self, seconds: float = 0.05, clock=time.perf_counter) -> int:
        """Diagnose failed runs for about ``seconds`` (at least one); returns how many."""
        start, count = clock(), 0
        while not self.finished:
            self._found.append(diagnose_run(self.lottery, int(self.failures[self.done])))
            count += 1
            if clock() - start >= seconds:
                break
        return count

    def result(self) -> "LotteryResult":
        if not self.finished:
            raise ValueError("the failed runs are not all diagnosed yet")
        lot = self.lottery
        found = dict(zip(self.failures.tolist(), self._found))
        runs = []
        for i, seed in enumerate(lot.spec.seeds):
            solved = bool(lot.solved[i])
            diagnosis, kinds = found.get(i, ("", ()))
            runs.append(RunOutcome(seed, solved, int(lot.solved_since[i]) if solved else None,
                                   float(lot.loss[i]), int(lot.diverged_at[i]) or None, diagnosis, kinds))
        return LotteryResult(lot.spec, lot.epoch, tuple(runs))


def run_lottery(spec: LotterySpec) -> "LotteryResult":
    """Train and diagnose a whole lottery in one call (scripts, tests)."""
    lottery = Lottery(spec)
    lottery.train(spec.epochs)
    diagnoser = Diagnoser(lottery)
    while not diagnoser.finished:
        diagnoser.advance(1.0)
    return diagnoser.result()


def _exact(epochs: float) -> str:
    """A median or quartile of whole epochs as it is: whole, or a half or quarter between two
    (108.5, not 108 as rounding half to even would write it)."""
    return f"{epochs:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class LotteryResult:
    spec: LotterySpec
    epochs: int  # epochs every run trained
    runs: tuple[RunOutcome, ...]

    @property
    def solved(self) -> list[RunOutcome]:
        return [r for r in self.runs if r.solved]

    @property
    def failed(self) -> list[RunOutcome]:
        return [r for r in self.runs if not r.solved]

    @property
    def solved_fraction(self) -> float:
        return len(self.solved) / len(self.runs)

    def by_diagnosis(self) -> list[tuple[str, int]]:
        """(category key, failed runs) for every category with a run, in CATEGORIES order."""
        counts = Counter(r.diagnosis for r in self.failed)
        order = [c.key for c in CATEGORIES] + sorted(set(counts) - set(LABELS))
        return [(key, counts[key]) for key in order if counts[key]]

    def epochs_to_solve(self) -> Array:
        return np.array([r.epochs_to_solve for r in self.solved], dtype=np.int64)

    def final_losses(self) -> Array:
        return np.array([r.final_loss for r in self.runs], dtype=np.float64)

    def epochs_histogram(self, bins: int = 30) -> tuple[Array, Array]:
        """(edges, counts) of epochs to solve over the solved runs, from 0 to the epochs trained."""
        counts, edges = np.histogram(self.epochs_to_solve(), bins=bins, range=(0, max(self.epochs, 1)))
        return edges, counts

    def loss_histogram(self, bins: int = 30) -> tuple[Array, Array]:
        """(edges in log10 of the loss, counts) over the runs with a finite positive final loss."""
        loss = self.final_losses()
        logs = np.log10(loss[np.isfinite(loss) & (loss > 0)])
        if logs.size == 0:
            return np.array([0.0, 1.0]), np.zeros(1, dtype=np.int64)
        low, high = math.floor(logs.min()), math.ceil(logs.max())
        counts, edges = np.histogram(logs, bins=bins, range=(low, max(high, low + 1)))
        return edges, counts

    # -- for the CLI and the window's summary ----------------------------------------------
    def describe_setup(self) -> str:
        s = self.spec
        return (f"{len(self.runs):,} runs of {s.describe()}, seeds {s.seeds[0]}–{s.seeds[-1]}, "
                + naming.count(self.epochs, "epoch"))

    def none_solved(self) -> str:
        """Why the epochs-to-solve histogram is empty ("" when some run solved the task):
        'No run solved XOR within 2,000 epochs: …', with the criterion in short."""
        if self.solved:
            return ""
        source = identify(self.spec.data)
        task = source.entry.title if source.entry else "the data"
        epochs = naming.count(self.epochs, "epoch")
        return (f"No run solved {task} within {epochs}: none ended with every sample right (each "
                f"prediction, rounded to {self.spec.precision} decimals, less than 0.5 from its target).")

    def summary_lines(self) -> list[str]:
        n, solved = len(self.runs), len(self.solved)
        lines = [f"Solved: {solved:,} of {n:,} ({percent(solved / n, 1)})"]
        if solved:
            e = self.epochs_to_solve()
            q1, med, q3 = np.percentile(e, [25, 50, 75])
            fast = min(self.solved, key=lambda r: r.epochs_to_solve)
            slow = max(self.solved, key=lambda r: r.epochs_to_solve)
            lines.append(f"Epochs to solve: median {_exact(med)}, middle half {_exact(q1)}–{_exact(q3)}, fastest "
                         f"{fast.epochs_to_solve:,} (seed {fast.seed}), slowest {slow.epochs_to_solve:,} (seed {slow.seed})")
        loss = self.final_losses()
        finite = loss[np.isfinite(loss)]
        if finite.size:
            # as the window writes numbers, and as the run table beside it (4 significant digits at least)
            lines.append(f"Final loss: median {significant(np.median(finite))}, lowest {significant(finite.min())}, "
                         f"highest {significant(finite.max())}"
                         + (f"; {n - finite.size:,} not finite" if finite.size < n else ""))
        return lines

    def to_json(self) -> dict:
        s = self.spec
        return {"runs": len(self.runs), "epochs": self.epochs, "layers": list(s.layers),
                "activations": list(s.activations), "config": s.config.to_dict(), "init": s.init.to_dict(),
                "first_seed": s.seeds[0], "precision": s.precision, "criterion": SOLVED_RULE,
                "solved": len(self.solved), "solved_fraction": self.solved_fraction,
                "by_diagnosis": dict(self.by_diagnosis()), "results": [r.to_json() for r in self.runs]}

    def render_text(self, seeds_shown: int = 12) -> str:
        lines = [f"Lottery: {self.describe_setup()}", *self.summary_lines()]
        failures = self.by_diagnosis()
        if failures:
            lines.append(f"{UNSOLVED_HEADING}:")
            width = max(len(LABELS.get(k, k)) for k, _ in failures)
            for key, count in failures:
                seeds = [r.seed for r in self.failed if r.diagnosis == key]
                more = f", … ({count - seeds_shown:,} more)" if count > seeds_shown else ""
                lines.append(f"  {LABELS.get(key, key):<{width}}  {count:>6,}  seeds "
                             f"{', '.join(map(str, seeds[:seeds_shown]))}{more}")
        lines.append("Solved means: " + SOLVED_RULE)
        return "\n".join(lines) + "\n"

"""The data library and the train/test split, in plain numpy.

A session's data is described by a :class:`DataSource`: the name of a library entry with its
parameters (``circle`` with ``size``, ``noise``, ``seed``), or ``rows`` for data that was typed,
edited or imported; plus the split (``test_fraction``, ``split_seed``). :func:`build` turns a
library source into the training set and the test set (or None).

Entries:

* truth tables (inputs 0/1, targets 0/1): ``and``, ``or``, ``nand``, ``nor``, ``xor``, ``xnor``,
  ``parity3`` (3 inputs, target 1 when an odd number of them is 1), ``half_adder`` (2 outputs:
  sum = x1 XOR x2, carry = x1 AND x2);
* 2-D classification (inputs about in [−1, 1], target 1 or 0, the two classes equally large,
  rows in random order): ``circle`` (1 inside radius 0.5, 0 between radii 0.7 and 1),
  ``gaussians`` (1 around (0.5, 0.5), 0 around (−0.5, −0.5), standard deviation 0.2),
  ``spiral`` (two interleaved arms, 1.75 turns), ``xor_quadrants`` (1 where x1 and x2 have
  different signs; points keep 0.1 away from the axes). ``noise`` is the standard deviation of
  Gaussian jitter added to each coordinate *after* labelling, so noise makes classes overlap;
* 1-D regression: ``sine``: x uniform in [−1, 1], target sin(πx) plus Gaussian noise of standard
  deviation ``noise`` (targets can be negative: use an identity output and the squared loss).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .data import MAX_SAMPLES, Dataset
from .numbers import limit_text, percent

Array = np.ndarray

MAX_TEST_FRACTION = 0.9
MAX_SEED = 2**63 - 1
ROWS = "rows"  # the source name of data that is its rows (typed, edited or imported)


@dataclass(frozen=True)
class Param:
    """One parameter of a generated set: its range is inclusive; ``whole``: an integer."""

    name: str
    label: str
    default: float
    low: float
    high: float
    whole: bool

    def check(self, value) -> float | int:
        """``value`` as this parameter's type, or ValueError saying the range."""
        # a whole number is finite however large (math.isfinite of a 401-digit one overflows)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            raise ValueError(f"{self.label} must be a number, got {value!r}")
        if self.whole and value != int(value):
            raise ValueError(f"{self.label} must be a whole number, got {limit_text(value)}")
        if not self.low <= value <= self.high:
            high = "2^63 − 1" if self.high == MAX_SEED else limit_text(self.high)  # as the split's seed says it
            raise ValueError(f"{self.label} must be from {limit_text(self.low)} to {high}, got {limit_text(value)}")
        return int(value) if self.whole else float(value)


SIZE = Param("size", "size", 200, 4, MAX_SAMPLES, True)
NOISE = Param("noise", "noise", 0.0, 0.0, 1.0, False)
SEED = Param("seed", "seed", 0, 0, MAX_SEED, True)


@dataclass(frozen=True)
class Entry:
    """A library entry: ``make(params)`` returns (inputs, targets) as float64 matrices."""

    name: str
    title: str  # as a menu shows it
    kind: str  # "truth table", "classification" or "regression"
    n_inputs: int
    n_outputs: int
    make: Callable[[dict], tuple[Array, Array]]
    params: tuple[Param, ...] = ()


def _bits(n: int) -> Array:
    """All 2^n rows of n bits, counting up: (0, 0), (0, 1), (1, 0), (1, 1) for n = 2."""
    return np.array([[(i >> (n - 1 - b)) & 1 for b in range(n)] for i in range(2 ** n)], dtype=np.float64)


def _table(n_inputs: int, rule: Callable[[Array], Array]) -> Callable[[dict], tuple[Array, Array]]:
    def make(_params: dict) -> tuple[Array, Array]:
        x = _bits(n_inputs)
        return x, rule(x.astype(int)).reshape(len(x), -1).astype(np.float64)
    return make


def _two_classes(make_class: Callable[[np.random.Generator, int, int], Array]):
    """A balanced 2-D set: ``make_class(rng, label, n)`` gives n points of a class; rows are
    then shuffled and every coordinate jittered by N(0, noise²)."""
    def make(p: dict) -> tuple[Array, Array]:
        rng = np.random.default_rng(p["seed"])
        n1 = p["size"] // 2
        x = np.vstack([make_class(rng, 1, n1), make_class(rng, 0, p["size"] - n1)])
        y = np.concatenate([np.ones(n1), np.zeros(p["size"] - n1)])
        order = rng.permutation(p["size"])
        x = x[order] + rng.normal(0.0, 1.0, x.shape) * p["noise"]
        return x, y[order].reshape(-1, 1)
    return make


def _polar(r: Array, angle: Array) -> Array:
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def _circle(rng, label, n):
    r = rng.uniform(0.0, 0.5, n) if label else rng.uniform(0.7, 1.0, n)
    return _polar(r, rng.uniform(0.0, 2 * np.pi, n))


def _gaussians(rng, label, n):
    centre = 0.5 if label else -0.5
    return rng.normal(centre, 0.2, (n, 2))


def _spiral(rng, label, n):
    t = np.arange(n) / max(n, 1)
    return _polar(0.05 + 0.9 * t, 1.75 * 2 * np.pi * t + (0.0 if label else np.pi))


def _quadrants(rng, label, n):
    # |x| from 0.1 to 1 keeps every point 0.1 away from the axes, where the label flips
    x1 = rng.uniform(0.1, 1.0, n) * rng.choice([-1.0, 1.0], n)
    x2 = rng.uniform(0.1, 1.0, n) * np.sign(x1) * (-1.0 if label else 1.0)
    return np.column_stack([x1, x2])


def _sine(p: dict) -> tuple[Array, Array]:
    rng = np.random.default_rng(p["seed"])
    x = rng.uniform(-1.0, 1.0, p["size"])
    y = np.sin(np.pi * x) + rng.normal(0.0, 1.0, p["size"]) * p["noise"]
    return x.reshape(-1, 1), y.reshape(-1, 1)


_POINTS = (SIZE, NOISE, SEED)
LIBRARY: dict[str, Entry] = {e.name: e for e in (
    Entry("and", "AND", "truth table", 2, 1, _table(2, lambda x: x[:, 0] & x[:, 1])),
    Entry("or", "OR", "truth table", 2, 1, _table(2, lambda x: x[:, 0] | x[:, 1])),
    Entry("nand", "NAND", "truth table", 2, 1, _table(2, lambda x: 1 - (x[:, 0] & x[:, 1]))),
    Entry("nor", "NOR", "truth table", 2, 1, _table(2, lambda x: 1 - (x[:, 0] | x[:, 1]))),
    Entry("xor", "XOR", "truth table", 2, 1, _table(2, lambda x: x[:, 0] ^ x[:, 1])),
    Entry("xnor", "XNOR", "truth table", 2, 1, _table(2, lambda x: 1 - (x[:, 0] ^ x[:, 1]))),
    Entry("parity3", "3-input parity", "truth table", 3, 1, _table(3, lambda x: x.sum(axis=1) % 2)),
    Entry("half_adder", "Half adder (sum, carry)", "truth table", 2, 2,
          _table(2, lambda x: np.column_stack([x[:, 0] ^ x[:, 1], x[:, 0] & x[:, 1]]))),
    Entry("circle", "Circle", "classification", 2, 1, _two_classes(_circle), _POINTS),
    Entry("gaussians", "Two Gaussians", "classification", 2, 1, _two_classes(_gaussians), _POINTS),
    Entry("spiral", "Spiral", "classification", 2, 1, _two_classes(_spiral), _POINTS),
    Entry("xor_quadrants", "XOR quadrants", "classification", 2, 1, _two_classes(_quadrants), _POINTS),
    Entry("sine", "Sine (regression)", "regression", 1, 1, _sine,
          (Param("size", "size", 100, 4, MAX_SAMPLES, True), Param("noise", "noise", 0.1, 0.0, 1.0, False), SEED)),
)}


def _check_seed(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ValueError(f"{what} must be a whole number from 0 to 2^63 − 1, got {value!r}")
    return value


@dataclass(frozen=True)
class DataSource:
    """What a session's data is: ``name`` (a LIBRARY key, or ROWS) with ``params`` (every
    parameter of the entry, defaults filled in), and the split: ``test_fraction`` of the samples,
    chosen by ``split_seed``, are kept out of training to measure the test loss. ``marked``: the
    test samples are the rows a CSV file's test column marks, so no seed chose them (the seed is 0
    and unused)."""

    name: str = ROWS
    params: dict = field(default_factory=dict)
    test_fraction: float = 0.0
    split_seed: int = 0
    marked: bool = False

    def __post_init__(self) -> None:
        if self.name != ROWS and self.name not in LIBRARY:
            raise ValueError(f"unknown dataset {self.name!r}; choose one of {', '.join(LIBRARY)}")
        spec = {p.name: p for p in self.entry.params} if self.entry else {}
        unknown = set(self.params) - set(spec)
        if unknown:
            known = ", ".join(spec) or "none"
            raise ValueError(f"{self.name} has no parameter {sorted(unknown)[0]!r} (its parameters: {known})")
        params = {name: p.check(self.params.get(name, p.default)) for name, p in spec.items()}
        object.__setattr__(self, "params", params)
        f = self.test_fraction
        if isinstance(f, bool) or not isinstance(f, (int, float)) or not 0 <= f <= MAX_TEST_FRACTION:
            raise ValueError(f"the test fraction must be from 0 to {MAX_TEST_FRACTION:g}, got {f!r}")
        object.__setattr__(self, "test_fraction", float(f))
        _check_seed(self.split_seed, "the split seed")
        if not isinstance(self.marked, bool) or (self.marked and (self.entry is not None or not f)):
            raise ValueError("only imported rows with a test set can have marked test samples; a library "
                             "set's are chosen by the split seed")

    @property
    def entry(self) -> Entry | None:
        return LIBRARY.get(self.name)

    @property
    def title(self) -> str:
        """What a user reads: "Circle (size 200, noise 0.1, seed 0), 20% test" or "Your rows"."""
        text = self.entry.title if self.entry else "Your own rows"
        if self.params:
            text += " (" + ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
                                     for k, v in self.params.items()) + ")"
        if self.test_fraction and self.marked:
            text += f", {percent(self.test_fraction)} kept for testing (the rows the file's test column marks)"
        elif self.test_fraction:
            text += f", {percent(self.test_fraction)} kept for testing (split seed {self.split_seed})"
        return text

    def as_rows(self) -> "DataSource":
        """The same split, for rows that no longer come from the library (after an edit)."""
        return DataSource(ROWS, {}, self.test_fraction, self.split_seed, self.marked)


def build(source: DataSource) -> tuple[Dataset, Dataset | None]:
    """(training set, test set or None) of a library source, split as it says."""
    if source.entry is None:
        raise ValueError("rows are data already; only a library dataset can be built")
    x, y = source.entry.make(source.params)
    return split(Dataset(x, y), source.test_fraction, source.split_seed)


def test_count(n: int, test_fraction: float) -> int:
    """How many of ``n`` samples :func:`split` keeps for testing: round(n·test_fraction), and at
    least one on each side (the dataset dialog says it before the split is made)."""
    return min(max(1, round(n * test_fraction)), n - 1)


def split(data: Dataset, test_fraction: float, seed: int) -> tuple[Dataset, Dataset | None]:
    """(training set, test set or None): :func:`test_count` samples, picked by a permutation
    from ``numpy.random.default_rng(seed)``, form the test set; both keep the rows' order. With a
    fraction above 0, at least one sample goes to each side (so at least 2 are needed)."""
    n = len(data)
    if not test_fraction:
        return data, None
    if n < 2:
        raise ValueError("keeping samples for testing needs at least 2 samples")
    n_test = test_count(n, test_fraction)
    picked = np.zeros(n, dtype=bool)
    picked[np.random.default_rng(seed).permutation(n)[:n_test]] = True
    return (Dataset(data.inputs[~picked], data.targets[~picked]),
            Dataset(data.inputs[picked], data.targets[picked]))


def identify(data: Dataset) -> DataSource:
    """The truth-table source that gives exactly these rows (an older file's XOR), else ROWS."""
    for entry in LIBRARY.values():
        if entry.kind == "truth table" and (entry.n_inputs, entry.n_outputs) == (data.n_inputs, data.n_outputs):
            x, y = entry.make({})
            if np.array_equal(x, data.inputs) and np.array_equal(y, data.targets):
                return DataSource(entry.name)
    return DataSource()


def library_names() -> list[str]:
    return list(LIBRARY)

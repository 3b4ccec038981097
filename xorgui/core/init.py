"""Weight initialization: reproducible from a method name, a value/scale and a seed."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import numpy as np

from .network import weight_shapes
from .numbers import MAX_WEIGHT, fmt, limit_text

Array = np.ndarray

METHODS = ("constant", "uniform", "normal", "xavier", "he")


@dataclass(frozen=True)
class Initialization:
    """How a run's initial weights are made.

    ``constant`` sets every weight (bias weights too) to ``value`` (the seed uses 1.0);
    ``uniform`` draws from U(−scale, scale); ``normal`` from N(0, scale²);
    ``xavier`` from U(−√(6/(fan_in+fan_out)), +√(…)); ``he`` from N(0, 2/fan_in).
    ``fan_in`` counts the bias unit. The same seed always gives the same weights.
    """

    method: str = "constant"
    value: float = 1.0
    scale: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown initialization {self.method!r}; choose one of {', '.join(METHODS)}")
        for name in ("value", "scale"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or (isinstance(v, float) and not math.isfinite(v)):
                raise ValueError(f"initialization {name} must be a finite number")
        if self.scale < 0:
            raise ValueError("initialization scale must not be negative")
        for name in ("value", "scale"):  # as a typed weight: larger only overflow (a scale of 1e308 broke the draw)
            if abs(getattr(self, name)) > MAX_WEIGHT:
                raise ValueError(f"initialization {name} must be at most {limit_text(MAX_WEIGHT)} in size, "
                                 f"got {limit_text(getattr(self, name))}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            raise ValueError("initialization seed must be a whole number from 0 to 2^63 − 1")

    def draws(self) -> str:
        """What the weights are, in words, numbers as the window writes settings (core.numbers.fmt,
        6 decimals): "every weight 1", "uniform in ±0.5", "normal with σ = 1", "Xavier/Glorot
        uniform", "He normal". The seed is not said."""
        if self.method == "constant":
            return f"every weight {fmt(self.value, 6)}"
        return {"uniform": f"uniform in ±{fmt(self.scale, 6)}", "normal": f"normal with σ = {fmt(self.scale, 6)}",
                "xavier": "Xavier/Glorot uniform", "he": "He normal"}[self.method]

    def label(self) -> str:
        """The method with its number, as the window's choice of method writes it: "constant 1
        (the article)", "random uniform ±0.25", "random normal σ = 1", "Xavier (Glorot)", "He"."""
        if self.method == "constant":
            return f"constant {fmt(self.value, 6)}" + (" (the article)" if self.value == 1 else "")
        return {"uniform": f"random uniform ±{fmt(self.scale, 6)}", "normal": f"random normal σ = {fmt(self.scale, 6)}",
                "xavier": "Xavier (Glorot)", "he": "He"}[self.method]

    def randomized(self, seed: int) -> "Initialization":
        """This way of making weights with ``seed``, random: uniform if it was constant (Randomize)."""
        return replace(self, method=self.method if self.method != "constant" else "uniform", seed=seed)

    def to_dict(self) -> dict:
        return asdict(self)

    def make(self, layers: list[int], key: tuple[int, ...] = ()) -> list[Array]:
        """Weights for ``layers``: one ``(n_out, 1 + n_in)`` float64 matrix per layer.

        With no ``key`` the stream is ``default_rng(seed)``'s (a session's first weights, Reset,
        Randomize). A ``key`` (whole numbers ≥ 0) draws from another stream of the same seed,
        ``SeedSequence(seed, spawn_key=key)``, independent of the keyless one: a shape change
        uses it so its new weights are fresh draws, not the keyless stream's numbers again."""
        # constant weights need no generator (nor numpy.random, ~10 ms to import at start)
        rng = None
        if self.method != "constant":
            rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=tuple(key)) if key
                                        else self.seed)
        weights = []
        for n_out, n_cols in weight_shapes(layers):
            shape = (n_out, n_cols)
            if self.method == "constant":
                w = np.full(shape, float(self.value))
            elif self.method == "uniform":
                w = rng.uniform(-self.scale, self.scale, shape)
            elif self.method == "normal":
                w = rng.normal(0.0, self.scale, shape)
            elif self.method == "xavier":
                limit = np.sqrt(6.0 / (n_cols + n_out))
                w = rng.uniform(-limit, limit, shape)
            else:  # he
                w = rng.normal(0.0, np.sqrt(2.0 / n_cols), shape)
            weights.append(w)
        return weights

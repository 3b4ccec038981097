"""Training data: inputs and targets as float64 matrices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .numbers import limit_text

Array = np.ndarray

MAX_SAMPLES = 10_000
MAX_VALUE = 1e6  # larger inputs or targets only overflow the activations

XOR_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_TARGETS = [[0], [1], [1], [0]]


@dataclass(frozen=True, eq=False)
class Dataset:
    """``inputs`` is ``(n_samples, n_in)``, ``targets`` is ``(n_samples, n_out)``."""

    inputs: Array
    targets: Array

    def __post_init__(self) -> None:
        x = np.array(self.inputs, dtype=np.float64)
        y = np.array(self.targets, dtype=np.float64)
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError("inputs and targets must be tables (a list of rows)")
        if not 1 <= x.shape[0] <= MAX_SAMPLES:
            raise ValueError(f"need 1 to {MAX_SAMPLES} samples, got {x.shape[0]}")
        if x.shape[0] != y.shape[0]:
            raise ValueError(f"{x.shape[0]} input rows but {y.shape[0]} target rows")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            raise ValueError("inputs and targets must be finite numbers")
        if np.abs(x).max(initial=0) > MAX_VALUE or np.abs(y).max(initial=0) > MAX_VALUE:
            raise ValueError(f"inputs and targets must lie between {limit_text(-MAX_VALUE)} and {limit_text(MAX_VALUE)}")
        x.flags.writeable = False
        y.flags.writeable = False
        object.__setattr__(self, "inputs", x)
        object.__setattr__(self, "targets", y)

    @classmethod
    def xor(cls) -> "Dataset":
        return cls(XOR_INPUTS, XOR_TARGETS)

    def __len__(self) -> int:
        return self.inputs.shape[0]

    @property
    def n_inputs(self) -> int:
        return self.inputs.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.targets.shape[1]

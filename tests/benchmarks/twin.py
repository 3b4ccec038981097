"""Benchmark: how long the window freezes at most during a twin run's Train (its longest slice).

Each case trains a pair both ways: blocking (``TwinRun.run_epochs``, what one Train press did
before) and a slice at a time as the window does (``TwinTraining.advance(SLICE_SECONDS)``),
printing the blocking time, the sliced total and the longest slice. The numbers are equal bit for
bit (tests/core/test_twin_training.py); this measures only the time.
Run: ``python tests/benchmarks/twin.py``.
"""

from __future__ import annotations

import time

from xorgui.core import Initialization, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource, build
from xorgui.core.presets import make_preset
from xorgui.core.twin import TwinRun, TwinTraining, make_twin
from xorgui.core.twin_change import twin_with
from xorgui.gui.twin_runner import SLICE_SECONDS


def measure(name: str, session: Trainer, key: str, value: str, epochs: int) -> None:
    def pair() -> TwinRun:
        left = make_twin(session)
        return TwinRun(left, twin_with(left, key, value))

    began = time.perf_counter()
    pair().run_epochs(epochs)
    blocking = time.perf_counter() - began
    training, longest, slices = TwinTraining(pair(), epochs), 0.0, 0
    began = time.perf_counter()
    while not training.finished:
        start = time.perf_counter()
        training.advance(SLICE_SECONDS)
        longest, slices = max(longest, time.perf_counter() - start), slices + 1
    total = time.perf_counter() - began
    print(f"{name:52s} blocking {blocking:6.2f} s | sliced {total:6.2f} s in {slices:4d} slices, "
          f"longest {longest * 1000:6.1f} ms")


def big(batch_size: int | None) -> Trainer:
    """16-16-16 (tanh, sigmoid output) on the 10,000-point spiral."""
    data, _ = build(DataSource("spiral", {"size": 10_000}))
    layers = [2, 16, 16, 16, 1]
    init = Initialization("xavier", seed=1)
    return Trainer(Network(layers, ["tanh"] * 3 + ["sigmoid"], init.make(layers)), data,
                   TrainingConfig(learning_rate=0.1, batch_size=batch_size), init)


def main() -> None:
    print(f"slice: {SLICE_SECONDS * 1000:.0f} ms of work a tick")
    measure("XOR 2-3-1 sigmoid, α 2 vs 0.5, 57,692 epochs", make_preset("sigmoid"), "learning_rate", "0.5", 57_692)
    measure("XOR 2-3-1, a change that never shows (search 2,000)", make_preset("sigmoid"),
            "regularization_rate", "0.5", 600)
    measure("16-16-16 on 10,000 samples, batch 32, 3 epochs", big(32), "learning_rate", "0.2", 3)
    measure("16-16-16 on 10,000, search in vain, 1 epoch", big(32), "regularization_rate", "0.5", 1)
    measure("16-16-16 on 10,000 samples, online, 2 epochs", big(1), "learning_rate", "0.2", 2)


if __name__ == "__main__":
    main()

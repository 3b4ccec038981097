"""``xorgui lottery FILE --runs K --epochs N``: how often does this network learn from random weights?

Trains K random initializations of the session's network and settings at once (core/lottery.py)
and prints the fraction solved, epochs to solve, final losses and the failures by diagnosis
(core/lottery_report.py), as text or JSON. Exit status: 0 done, 2 a bad argument or a lottery
that cannot run (the reason is printed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from .core.init import METHODS, Initialization
from .core.naming import epoch_number
from .core.numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION, significant
from .progress import Progress

DEFAULT_RUNS = 1000


def add_parser(sub) -> None:
    from .core.lottery import MAX_EPOCHS, MAX_RUNS, MIN_RUNS
    p = sub.add_parser("lottery", help="train many random initializations of a session at once: how often "
                                       "does it learn, how fast, and why the others fail")
    p.add_argument("file", type=Path, help="the session file (its network, data and settings; not changed)")
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                   help=f"how many random initializations ({MIN_RUNS} to {MAX_RUNS:,}; default {DEFAULT_RUNS:,})")
    p.add_argument("--epochs", required=True, type=int, help=f"epochs each run trains (1 to {epoch_number(MAX_EPOCHS)})")
    p.add_argument("--init", choices=[m for m in METHODS if m != "constant"],
                   help="initialization method (default: the session's own, which must be random)")
    p.add_argument("--scale", type=float, help="scale of a uniform or normal initialization (default: the session's)")
    p.add_argument("--first-seed", type=int, help="seed of the first run; run i uses first seed + i "
                                                   "(default: the session's seed)")
    p.add_argument("--precision", type=int, default=DEFAULT_PRECISION,
                   help=f"decimals at which predictions are judged right ({MIN_PRECISION}-{MAX_PRECISION})")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="a summary (default) or JSON with every run")
    p.add_argument("--quiet", action="store_true", help="no progress (a bar on a terminal, a line every few "
                                                        "seconds otherwise)")


def _spec(args, trainer, user_error):
    from .core.lottery import LotterySpec
    own = trainer.init
    try:
        init = Initialization(args.init or own.method, own.value,
                              own.scale if args.scale is None else args.scale,
                              own.seed if args.first_seed is None else args.first_seed)
    except ValueError as exc:
        raise user_error(str(exc)) from None
    spec = LotterySpec.of(trainer, args.runs, args.epochs, init, args.precision)
    problem = spec.problem()
    if problem:
        hint = " (add --init xavier, say)" if init.method == "constant" else ""
        raise user_error(f"no lottery: {problem}{hint}")
    return spec


def run(args: argparse.Namespace, load, user_error) -> int:
    from .core.lottery import Lottery
    from .core.lottery_report import Diagnoser
    trainer = load(args.file)
    spec = _spec(args, trainer, user_error)
    lottery = Lottery(spec)
    progress = None if args.quiet else Progress(spec.epochs)
    try:
        while not lottery.trained:
            lottery.advance(0.2)
            if progress and lottery.ready:
                progress.update(lottery.epoch, f"{significant(np.nanmedian(lottery.loss))} (median), solved "
                                               f"{int(lottery.solved.sum()):,}/{spec.runs:,}")
        if progress:
            progress.finish()
        diagnoser = Diagnoser(lottery)
        while not diagnoser.finished:
            diagnoser.advance(0.5)
    except KeyboardInterrupt:
        if progress:
            progress.finish()
        print(f"xorgui: interrupted at epoch {epoch_number(lottery.epoch)} of {epoch_number(spec.epochs)}; no results", file=sys.stderr)
        return 130
    result = diagnoser.result()
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(result.render_text(), end="")
    return 0

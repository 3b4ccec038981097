"""``xorgui train FILE --epochs N [--out OUT]``: train a session headless.

``--out`` is checked before any training (a long run never ends in "cannot write"): an
existing file, the input file included, needs ``--force``; a read-only file, a folder or a
missing folder is refused. Ctrl+C and a diverged run (core/divergence.py) say what was, and
was not, written.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .core import atomic
from .core.divergence import DivergenceWatch, named
from .core.naming import count, epoch_number
from .core.numbers import fmt, percent
from .core.training import MAX_EPOCH
from .progress import Progress

MAX_EPOCHS = 100_000_000
CHUNK_SECONDS = 0.05  # epochs per call grow until a call takes about this long


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="train a session headless")
    p.add_argument("file", type=Path, help="the session file to train (it is not changed)")
    p.add_argument("--epochs", required=True, type=int, help=f"how many epochs to train (1 to {epoch_number(MAX_EPOCHS)})")
    p.add_argument("--out", type=Path, help="where to write the trained session (default: nowhere)")
    p.add_argument("--force", action="store_true", help="let --out replace an existing file (even FILE itself)")
    p.add_argument("--quiet", action="store_true", help="no progress (a bar on a terminal, a line every few "
                                                        "seconds otherwise)")


def check_out(out: Path, force: bool, user_error, inputs: tuple[Path, ...] = ()) -> None:
    """Raise ``user_error`` unless ``out`` can and may be written."""
    problem = atomic.problem_writing(out)
    if problem:
        raise user_error(f"cannot write {out}: {problem}; give --out a file name in a folder you can write to")
    if out.exists() and not force:
        same = any(p.exists() and os.path.samefile(p, out) for p in inputs)
        what = f"{out} is the input file" if same else f"{out} exists"
        raise user_error(f"{what}; use --force to overwrite it")


def run(args: argparse.Namespace, load, save, user_error) -> int:
    """Exit status: 0 trained (and written), 1 diverged (nothing written), 130 interrupted."""
    if not 1 <= args.epochs <= MAX_EPOCHS:
        raise user_error(f"--epochs must be from 1 to {epoch_number(MAX_EPOCHS)}")
    if args.out:
        check_out(args.out, args.force, user_error, (args.file,))
    trainer = load(args.file)
    if trainer.epoch + args.epochs >= MAX_EPOCH:  # a file at the count's end: it could not be opened again
        raise user_error(f"{args.file} is at epoch {epoch_number(trainer.epoch)}: {args.epochs:,} more would pass "
                         f"{epoch_number(MAX_EPOCH - 1)}, the most a session counts exactly")
    progress = None if args.quiet else Progress(args.epochs)
    try:
        watch = _train(trainer, args.epochs, progress)
    except KeyboardInterrupt:
        if progress:
            progress.finish()
        print(f"xorgui: interrupted at epoch {epoch_number(trainer.epoch)}{_unwritten(args.out)}", file=sys.stderr)
        return 130
    if progress:
        progress.finish()
    if watch.divergence is not None:  # named as diagnose and the window name it: the history's
        print(f"xorgui: training {named(trainer, watch.divergence).summary()}{_unwritten(args.out)}", file=sys.stderr)
        return 1
    loss = trainer.history.last()
    print(f"epoch {epoch_number(trainer.epoch)}  loss {fmt(loss, 8) if loss is not None else '—'}")
    from .core.evaluation import evaluate_test_set
    test = evaluate_test_set(trainer)
    if test is not None:  # samples kept out of training: how well the network generalizes
        print(f"test ({count(test.samples, 'sample')}): loss {fmt(test.loss, 8)}  accuracy {test.right:,}/{test.samples:,} "
              f"({percent(test.accuracy)})")
    from .core.diagnostics import diagnose  # only now: it is not needed to train
    for finding in diagnose(trainer):
        if finding.severity == "error":
            print(f"warning: {finding.title.lower()}: {finding.explanation}")
    if args.out:
        save(trainer, args.out)
        print(f"wrote {args.out}")
    return 0


def _unwritten(out: str | None) -> str:
    """What a run that stopped short did not write: the --out file, if one was asked for."""
    return f"; {out} not written" if out else ""


def _train(trainer, epochs: int, progress: Progress | None) -> DivergenceWatch:
    """Train ``epochs`` epochs in chunks that grow while a chunk is quick, or until the
    divergence rule fires (the watch stops the trainer at that epoch). The first chunk is one
    epoch: a network that takes seconds an epoch reports its progress after each one."""
    done, chunk = 0, 1
    watch = DivergenceWatch.start(trainer)
    while done < epochs and watch.divergence is None:
        n = min(chunk, epochs - done)
        t0 = time.perf_counter()
        watch.run_epochs(trainer, n)
        if time.perf_counter() - t0 < CHUNK_SECONDS / 2:
            chunk = min(chunk * 2, 1 << 16)
        done += n
        if progress:
            loss = trainer.history.last()
            progress.update(done, fmt(loss, 8) if loss is not None else "—")  # as the last line writes it
    return watch

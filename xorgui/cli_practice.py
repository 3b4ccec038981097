"""``xorgui practice FILE --sample K``: check a learner's own working of one step, line by line.

The answers (``a_Z1 = 1.5``, ``δ_D0 = -0.24``, ``W11 := 0.88``, one per line) come from
``--answers FILE`` or standard input; ``--list`` prints the step's quantities to fill in.
Exit status: see ``EXIT_STATUS`` (the command's --help says it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .core.numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION, fmt

if TYPE_CHECKING:  # imported when the command runs: `xorgui train` need not load them
    from .core.worksheet import Entry, Worksheet

# a line marked ? is not counted, as the window's practice does not count an answer it cannot read
MAX_ANSWER_BYTES = 2**20  # a worksheet's answers are a few kB: /dev/zero is refused, not read
EXIT_STATUS = ("Exit status: 0 when every answer read is right; 1 when an answer is wrong or none could be "
               "read; 2 for a usage error. Lines marked ? (an answer that is not a number, a name that is not "
               "a quantity of the step) are reported and not counted.")


def add_parser(sub) -> None:
    p = sub.add_parser("practice", help="check your own working of one step, line by line (a worksheet)",
                       description="Check your own working of one step, line by line (a worksheet).",
                       epilog=EXIT_STATUS)
    p.add_argument("file", type=Path, help="the session file")
    p.add_argument("--sample", type=int, default=0, help="sample index (default 0)")
    p.add_argument("--answers", type=Path, help="a file of NAME = ANSWER lines (default: standard input)")
    p.add_argument("--precision", type=int, default=DEFAULT_PRECISION,
                   help=f"decimals expected ({MIN_PRECISION}-{MAX_PRECISION})")
    p.add_argument("--list", action="store_true", help="print the quantities of the step to fill in, and stop")


def run(args: argparse.Namespace, load, user_error) -> int:
    """Run the command; ``load`` reads a session, ``user_error`` is the CLI's one-line error."""
    from .core.mistakes import Kind
    from .core.worksheet import Tally, Worksheet
    trainer = load(args.file)
    if not MIN_PRECISION <= args.precision <= MAX_PRECISION:
        raise user_error(f"--precision must be from {MIN_PRECISION} to {MAX_PRECISION}")
    try:
        sheet = Worksheet(trainer, args.sample, args.precision)
    except ValueError as exc:
        raise user_error(f"--sample: {exc}") from None
    if args.list:
        print(f"# One online step on sample {args.sample}, learning rate α = "
              f"{fmt(trainer.config.learning_rate, max(args.precision, 6))}; write your answer after each =")
        for q in sheet.quantities:
            eq = sheet.equation(q)
            # the error's name is its formula (the walkthrough writes it with the numbers)
            print(f"{q.label}    # {eq.formula}" if eq and q.kind is not Kind.ERROR else q.label)
        return 0
    from .core.atomic import read_bounded

    too_large = f"answers are at most {MAX_ANSWER_BYTES // 2**20} MiB"
    try:
        if args.answers:
            text = read_bounded(args.answers, MAX_ANSWER_BYTES, too_large, ValueError).decode("utf-8")
        else:
            text = sys.stdin.read(MAX_ANSWER_BYTES + 1)  # characters: at least as many bytes
            if len(text) > MAX_ANSWER_BYTES:
                raise ValueError(f"more than {MAX_ANSWER_BYTES:,} characters came; {too_large}")
    except UnicodeDecodeError:
        raise user_error(f"cannot read {args.answers or 'the standard input'}: it is not UTF-8 text") from None
    except (OSError, ValueError) as exc:  # read_bounded's sentence starts "cannot read" or "the file is"
        raise user_error(f"{args.answers or 'the standard input'}: {getattr(exc, 'strerror', None) or exc}") from None
    entries = sheet.check_text(text)
    if not entries:
        raise user_error("no answers given: write lines like a_Z1 = 1.5 (see --list)")
    for entry in entries:
        print(render(entry, sheet))
    tally = Tally.of(entries)
    print(tally.text(f" ({args.precision} decimals expected)"))
    return 0 if tally.all_right else 1


def render(entry: Entry, sheet: Worksheet) -> str:
    """One checked line as the learner reads it (core.worksheet.checked_line, as the window says it)."""
    from .core.worksheet import checked_line

    c = checked_line(entry, sheet)
    if c.mark == "?":  # the problem quotes the answer it could not read
        what = f"{entry.quantity.label} … — " if entry.quantity is not None else ""
        return f"?  line {entry.line}: {what}{c.remark}"
    if c.mark == "✓":
        return f"✓  {c.shown}" + (f"   ({c.remark})" if c.remark else "")
    return "\n".join([f"✗  {c.shown}", f"   correct: {c.correct}"] + ([f"   {c.mistake}"] if c.mistake else []))

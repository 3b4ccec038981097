"""``xorgui export FILE --out NAME.py|NAME.xlsx|NAME.pdf``: exports that reproduce every number.

The kind follows the name: a numpy script, a spreadsheet of live formulas or a printable
practice worksheet (see xorgui/export.py and docs/exports.md). Bad arguments are refused before
anything is written, on one line with exit status 2, like every other command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .core.export_script import DEFAULT_EPOCHS, parse_epochs
from .core.naming import epoch_number
from .core.numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION
from .progress import ShareProgress


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write a numpy script (.py), a spreadsheet of live formulas (.xlsx) "
                       "or a practice worksheet (.pdf) that reproduce the session's numbers")
    p.add_argument("file", type=Path, help="the session file")
    p.add_argument("--out", required=True, type=Path, help="NAME.py, NAME.xlsx or NAME.pdf: the kind follows the name")
    p.add_argument("--epochs", default=None,  # read as the window reads it (1,000 too), refused in its words
                   help=f"epochs the script trains after the walkthrough's step (.py only; default {epoch_number(DEFAULT_EPOCHS)})")
    p.add_argument("--sample", type=int, default=None,
                   help="the sample of the online step (.py, .xlsx: online sessions only) or of the worksheet "
                        "(.pdf); default the session's next sample")
    p.add_argument("--precision", type=int, default=None,
                   help=f"decimals of the worksheet's answers (.pdf only; {MIN_PRECISION}-{MAX_PRECISION}, "
                        f"default {DEFAULT_PRECISION})")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--quiet", action="store_true", help="no progress for a long spreadsheet (a bar on a terminal, "
                                                        "a line every few seconds otherwise)")


def run(args: argparse.Namespace, load, user_error, check_out) -> int:
    from .export import ExportError, export, kind_of
    try:
        kind = kind_of(args.out)
    except ExportError as exc:
        raise user_error(f"--out {exc}") from None
    if args.epochs is not None and kind != "py":
        raise user_error("--epochs is for the Python script (.py) only")
    if args.precision is not None and kind != "pdf":
        raise user_error("--precision is for the worksheet (.pdf) only: the script and the spreadsheet keep every digit")
    try:
        epochs = DEFAULT_EPOCHS if args.epochs is None else parse_epochs(args.epochs)
    except ValueError as exc:
        raise user_error(f"--epochs: {str(exc)[0].lower()}{str(exc)[1:]}") from None  # "Type how …" mid-line
    precision = DEFAULT_PRECISION if args.precision is None else args.precision
    if not MIN_PRECISION <= precision <= MAX_PRECISION:
        raise user_error(f"--precision must be from {MIN_PRECISION} to {MAX_PRECISION}")
    check_out(args.out, args.force, user_error, (args.file,))
    trainer = load(args.file)
    n = len(trainer.data)
    if args.sample is not None:
        if not 0 <= args.sample < n:
            raise user_error(f"--sample must be from 0 to {n - 1} (the session has {n} samples)")
        if kind != "pdf" and trainer.batch_size != 1:
            raise user_error(f"this session trains in {trainer.config.batch_mode(n)}, so its walkthrough step "
                             "covers the batch's samples; --sample is for online sessions and the worksheet (.pdf)")
    # a spreadsheet of a long data set takes seconds (the script and the worksheet, a moment)
    progress = None if args.quiet or kind != "xlsx" else ShareProgress(f"writing {args.out.name}")
    try:
        wrote = export(trainer, args.out, epochs, args.sample, precision, progress)
        if progress:
            progress(1.0)  # compressing, the last part, reports nothing: the bar ends at "100% … took N s"
    except ExportError as exc:
        raise user_error(str(exc)) from None
    finally:
        if progress:
            progress.finish()
    print(f"wrote {args.out}: {wrote}")
    return 0

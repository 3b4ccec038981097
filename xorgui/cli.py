"""The headless command line: new, train, walkthrough, gradcheck, diagnose, lottery, errata, ….

With no subcommand (or just a session file) ``xorgui`` opens the main window instead
(app.py decides). Each command imports what only it needs when it runs, so start-up stays
short; ``train`` lives in cli_train.py and ``practice`` in cli_practice.py. Every failure a user can cause ends in a one-line message and exit status 2; a run that
diverges, or a gradient check that fails, exits 1. A reader that stops reading (``| head -1``)
ends any command quietly, with status 141. A bug is one line and a file with its traceback, status 70.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from . import cli_data, cli_export, cli_lottery, cli_practice, cli_train, cli_twin
from .core import sessionfile
from .core.naming import count, sample_counts
from .window_args import one_line_parser
from .core.presets import DEFAULT_PRESET, PRESETS
from .core.numbers import DEFAULT_PRECISION, MAX_PRECISION, MIN_PRECISION, limit_text, significant

COMMANDS = ("new", "train", "walkthrough", "practice", "gradcheck", "diagnose", "lottery", "export", "twin",
            "errata")
MAX_EPOCHS = cli_train.MAX_EPOCHS


class UserError(Exception):
    """A problem with the user's arguments or files: printed as one line, exit 2."""


def _window_help() -> str:
    """The window's options, for the end of ``xorgui --help``."""
    from .window_args import build_gui_parser  # no Qt import
    parser = build_gui_parser()
    actions = [a for a in parser._actions if a.dest != "help"]
    formatter = parser.formatter_class(parser.prog)
    formatter.add_usage(parser.usage, actions, [], prefix="")
    formatter.add_arguments(actions)
    return "Without a command, xorgui opens the main window:\n  " + formatter.format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = one_line_parser(
        prog="xorgui", description="Back-propagation made visible and exact. "
        "Without a command, opens the main window (optionally on FILE).",
        epilog=_window_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__
    parser.add_argument("--version", action="version", version=f"xorgui {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="one of:")

    p = sub.add_parser("new", help="write a new session file")
    p.add_argument("--out", required=True, type=Path, help="where to write the session")
    p.add_argument("--preset", default=DEFAULT_PRESET, choices=list(PRESETS),
                   help="; ".join(f"{k}: {v.description}" for k, v in PRESETS.items()))
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    cli_data.add_arguments(p)

    cli_train.add_parser(sub)

    p = sub.add_parser("walkthrough", help="the session's next update worked out in full: one online "
                       "step, or a full batch or an epoch of mini-batches")
    p.add_argument("file", type=Path, help="the session file")
    p.add_argument("--online", action="store_true",
                   help="one online step on --sample, whatever the session's batch mode")
    p.add_argument("--sample", type=int, default=None,
                   help="sample index for an online step (default: the one the session steps next)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="plain text (default), JSON (docs/walkthrough-json.md) or Markdown")
    p.add_argument("--precision", type=int, default=DEFAULT_PRECISION,
                   help=f"decimals shown ({MIN_PRECISION}-{MAX_PRECISION})")

    cli_practice.add_parser(sub)

    p = sub.add_parser("gradcheck", help="compare back-propagation with finite differences")
    p.add_argument("file", type=Path, help="the session file")

    p = sub.add_parser("diagnose", help="explain why a network is (not) learning")
    p.add_argument("file", type=Path, help="the session file")

    cli_lottery.add_parser(sub)
    cli_export.add_parser(sub)
    cli_twin.add_parser(sub)

    sub.add_parser("errata", help="the article's mistakes: its numbers beside the engine's, and why "
                   "(the window's Help ▸ The article's errata)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        try:
            args, extra = build_parser().parse_known_args(argv)
            if extra:  # argparse would send the user to xorgui --help, not to the command's own
                where = f"xorgui {args.command}" if args.command else "xorgui"
                raise UserError(f"unrecognized arguments: {' '.join(extra)} (see {where} --help)")
            return run(args)
        finally:
            sys.stdout.flush()  # output still buffered meets a closed pipe here, not at exit
    except UserError as exc:
        print(f"xorgui: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xorgui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()
    except OSError as exc:  # the system refused (a full disk, a device error): not a bug of ours
        print(f"xorgui: error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""),
              file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line, and the traceback in a file rather than on the terminal
        if os.environ.get(SHOW_TRACEBACKS):  # developers and the tests: Python's own report
            raise
        return _bug(exc)


SHOW_TRACEBACKS = "XORGUI_TRACEBACK"  # set (to anything): a bug raises as Python would, traceback and all


def _bug(error: Exception) -> int:
    """Say an unexpected error in one line, with where its details are; exit status 70 (EX_SOFTWARE)."""
    from .bug_report import details, one_line, write_aside

    text = details(error)
    path = write_aside(text)
    where = f"the details are in {path}" if path else "the details follow"
    print(f"xorgui: internal error: {one_line(error)}; {where}. Please report it with the command you ran.",
          file=sys.stderr)
    if path is None:
        print(text, file=sys.stderr, end="")
    return 70


def unknown_command(word: str) -> str | None:
    """The error for a bare word (no dash, dot or slash) that is neither a command nor a file,
    with the command it most looks like; None for anything else (a file or an option for the window)."""
    if not word or word.startswith("-") or any(c in word for c in "./\\") or os.path.exists(word):
        return None
    import difflib  # only for a word that may be a mistyped command

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ", and no file of that name"
    return f"xorgui: error: unknown command '{word}'{hint} (commands: {', '.join(COMMANDS)}; see xorgui --help)"


def _reader_gone() -> int:
    """The program reading our output stopped (``xorgui diagnose s.json | head -1``): not an
    error, so no traceback. Standard output goes to the null device, or Python's own flush at
    exit would fail again, and the exit status is a SIGPIPE death's, as for any Unix tool."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind sys.stdout (an embedding program)
        pass
    return 128 + 13  # 128 + SIGPIPE


def run(args: argparse.Namespace) -> int:
    if args.command is None:
        raise UserError(f"name a command: {', '.join(COMMANDS)} (see xorgui --help)")
    return {"new": cmd_new, "train": lambda a: cli_train.run(a, _load, _save, UserError), "walkthrough": cmd_walkthrough,
            "gradcheck": cmd_gradcheck, "diagnose": cmd_diagnose,
            "practice": lambda a: cli_practice.run(a, _load, UserError),
            "lottery": lambda a: cli_lottery.run(a, _load, UserError),
            "export": lambda a: cli_export.run(a, _load, UserError, cli_train.check_out),
            "twin": lambda a: cli_twin.run(a, _load, UserError), "errata": cmd_errata}[args.command](args)


def _load(path: Path):
    try:
        return sessionfile.load(path)
    except sessionfile.SessionError as exc:
        raise UserError(f"{path}: {exc}") from None


def _save(trainer, path: Path) -> None:
    try:
        sessionfile.save(trainer, path)
    except sessionfile.SessionError as exc:
        raise UserError(f"{path} not written: {exc}") from None
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def _finite_or_null(value):
    """JSON has no inf/nan: a step that overflowed shows null there instead."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite_or_null(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite_or_null(v) for k, v in value.items()}
    return value


def cmd_new(args) -> int:
    from .core.presets import make_preset
    cli_train.check_out(args.out, args.force, UserError)
    if cli_data.wants_data(args):
        trainer = cli_data.make_trainer(args, UserError)
        _save(trainer, args.out)
        samples = sample_counts(len(trainer.data), trainer.test_data and len(trainer.test_data))
        title = trainer.source.title
        title = title[0].lower() + title[1:] if title.startswith("Your own rows") else title  # mid-sentence
        print(f"wrote {args.out} ({args.preset} preset on {title}: {samples}, "
              f"network {'-'.join(map(str, trainer.network.layers))})")
        from .core.diagnostics import Kind, diagnose
        for f in diagnose(trainer):  # a preset's output unit may not reach the data's targets (sine, sigmoid)
            if f.kind == Kind.UNREACHABLE_TARGET:
                print(f"note: {f.title}. {f.explanation}", file=sys.stderr)
        return 0
    _save(make_preset(args.preset), args.out)
    print(f"wrote {args.out} ({args.preset}: {PRESETS[args.preset].description})")
    return 0


def cmd_walkthrough(args) -> int:
    from .core.walkthrough_render import render_markdown, render_text, to_json, work
    trainer = _load(args.file)
    n = len(trainer.data)
    if args.sample is not None and not 0 <= args.sample < n:
        raise UserError(f"--sample must be from 0 to {n - 1} (the session has {count(n, 'sample')})")
    if not MIN_PRECISION <= args.precision <= MAX_PRECISION:
        raise UserError(f"--precision must be from {MIN_PRECISION} to {MAX_PRECISION}")
    online = args.online or trainer.batch_size == 1
    if args.sample is not None and not online:
        raise UserError(f"this session trains in {trainer.config.batch_mode(n)}, so its walkthrough covers "
                        "the batch's samples; add --online for one online step on --sample")
    sample = trainer.next_sample if args.sample is None else args.sample  # as the window's Step and the script
    if not online and (lines := walk_lines(trainer)) > MAX_WALK_LINES:
        raise UserError(f"this walkthrough would write at least {lines:,} lines (the rest of the epoch: "
                        f"{count(n - trainer.cursor, 'sample')}, each worked out), more than {MAX_WALK_LINES:,}: "
                        "add --online --sample K for one sample's step, or use a session with fewer samples")
    walk = work(trainer, args.precision, sample if online else None)
    trace, sample = walk.steps[0].trace, walk.steps[0].sample
    if args.format == "json":
        doc = _finite_or_null(to_json(walk, args.precision))
        write_out(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    elif args.format == "markdown":
        write_out(render_markdown(trace, sample, args.precision, walk=walk))
    else:
        write_out(render_text(trace, sample, args.precision, walk=walk))
    return 0


# A batch walkthrough keeps every sample's worked step until it is written, ~1 KB a line: 2-16-16-1
# on 10,000 samples took 9.8 GB and two minutes before a line came out
MAX_WALK_LINES = 400_000


def walk_lines(trainer) -> int:
    """Lines a batch walkthrough writes at least: per sample left in the epoch a sum, activation
    and delta line for each unit and a gradient and running-sum line for each weight."""
    net = trainer.network
    per_sample = 3 * sum(net.layers[1:]) + 2 * sum(w.size for w in net.weights)
    return (len(trainer.data) - trainer.cursor) * per_sample


def write_out(text: str, piece: int = 65_536) -> None:
    """A long output (a batch walkthrough: megabytes) in pieces. CPython drops the rest of one big
    write that a closing reader cuts short, with no error (the command then exited 0 under
    ``| head -1``); the next piece meets the closed pipe, which ends the command with 141."""
    for start in range(0, len(text), piece):
        sys.stdout.write(text[start:start + piece])


def cmd_gradcheck(args) -> int:
    from .core.activations import get_activation
    from .core.gradcheck import EPS, TOLERANCE, Verdict, gradient_check, kinks
    from .core.naming import unit_names
    trainer = _load(args.file)
    check = gradient_check(trainer.network, trainer.data.inputs, trainer.data.targets, trainer.loss)
    from .core.naming import weight_name
    l, r, c = check.worst()
    name = weight_name(trainer.network.layers, l, r, c)
    # in the window's notation (5.839e−10, 6.000001e12), to 12 significant digits
    detail = (f"at {name}: back-propagation {significant(check.backprop[l][r, c], 12)}, "
              f"finite differences {significant(check.numeric[l][r, c], 12)}")
    largest = significant(check.max_relative, 4)
    # the walkthrough's ∂L/∂W is one sample's (online): say which loss these gradients are of
    of = f"gradients of the mean loss over the {count(len(trainer.data), 'sample')}, regularization left out"
    if check.verdict == Verdict.NOT_FINITE:
        print(f"NOT FINITE ({of}): a gradient is not a finite number ({detail}); nothing can be compared")
    elif check.verdict == Verdict.IMPRECISE:
        print(f"IMPRECISE ({of}): the largest relative difference is {largest} ({detail}), but only as much as "
              f"rounding the loss ({significant(trainer.current_loss())}) can change a finite difference of "
              f"ε = {limit_text(EPS)}: at this scale the check cannot tell, and shows nothing wrong. Scale the weights down "
              "and check again.")
    else:
        print(f"{check.verdict.upper()} ({of}): largest relative difference {largest}, "
              f"tolerance {TOLERANCE:g} ({detail})")
    found = kinks(trainer.network, trainer.data.inputs, (l, r, c)) if check.verdict == Verdict.FAIL else []
    if found:  # a difference there is no mistake in back-propagation: say so, with the unit
        k = found[0]
        unit = unit_names(trainer.network.layers, k.layer, include_bias=False)[k.row]
        more = f" (and {len(found) - 1} more such sum{'s' * (len(found) > 2)})" if len(found) > 1 else ""
        print(f"A step of ±{limit_text(EPS)} in {name} takes the weighted sum of {unit} for sample {k.sample} (now "
              f"{significant(k.a, 4)}) to both sides of 0{more}: {get_activation(k.activation).label} has no "
              "derivative at 0; back-propagation takes one side's slope there, the central difference averages "
              "both sides', so the two can differ without a mistake in back-propagation. Move the weights "
              "off the kink (train a step, or edit a weight) and check again.")
    return 0 if check.verdict == Verdict.PASS else 1


def cmd_diagnose(args) -> int:
    import numpy as np
    from .core.accuracy import right_samples
    from .core.diagnostics import diagnose
    from .core.findings import REMEDY_LABELS, no_findings_text
    trainer = _load(args.file)
    with np.errstate(all="ignore"):  # NaN or overflowing weights are a finding, not a warning
        fwd = trainer.forward()  # the one forward pass: the verdicts and every finding derive from it
        right = right_samples(fwd.output, trainer.data.targets, DEFAULT_PRECISION)  # the truth table's ✔/✘
    findings = diagnose(trainer, fwd=fwd, right=right)  # nothing else of the window's snapshot is printed
    if not findings:
        print(no_findings_text(right, trainer.epoch, "cli"))
    for f in findings:
        print(f"[{f.severity}] {f.title}\n    {f.explanation}")
        if f.remedies:  # the buttons the explanation speaks of are the window's Why? tab's
            print(f"    in the window (xorgui {args.file}, the Why? tab): "
                  + " · ".join(REMEDY_LABELS[r] for r in f.remedies))
    return 0


def cmd_errata(args) -> int:
    from .core.errata import errata
    from .core.errata_render import render_text
    print(render_text(errata()), end="")
    return 0

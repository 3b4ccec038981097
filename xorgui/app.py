"""Entry point: a subcommand runs headless (cli.py); otherwise the main window opens.

Before Qt starts, a missing display is reported in one line (Qt itself would abort with a
misleading hint), and a bare word (no dot, no slash) that is neither a command nor a file is an
unknown command, with a suggestion when it looks like a mistyped one, instead of a window that
cannot open a file of that name (cli.unknown_command).
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _closed_streams_to_nowhere()
    if not argv:  # the window, at once: the command line's modules are not needed for it
        return run_window(argv)
    from .cli import COMMANDS, main as cli_main, unknown_command

    if argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return cli_main(argv)
    problem = unknown_command(argv[0])
    if problem:
        print(problem, file=sys.stderr)
        return 2
    return run_window(argv)


def _closed_streams_to_nowhere() -> None:
    """A stream the shell closed (``>&-``, ``2>&-``) is None in Python: what would go there goes
    nowhere, and the command still does its work. A progress line on a closed stderr raised after
    the whole run, before ``train --out`` wrote its file."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def run_window(argv: list[str]) -> int:
    from .window_args import parse_gui_args
    parse_gui_args(argv)  # a bad option is reported before anything else
    # the window's numpy core before the display check's Qt import (gui/__init__.py): ~25 ms sooner
    # to the first paint; a missing display is said ~0.1 s later
    from . import gui  # noqa: F401
    from .display import display_problem
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # Importing numpy, Qt and the window's modules and building the window make only long-lived
    # objects: the collector's ~60 passes over them found nothing and cost 20-30 ms before the
    # first paint. run_gui lets it run again once its event loop does (or this, if it fails).
    gc.disable()
    try:
        from .gui.launch import run_gui  # Qt is imported only when a window is wanted
        return run_gui(argv)
    finally:
        gc.enable()

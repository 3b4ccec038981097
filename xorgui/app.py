"""Entry point: a subcommand runs headless (cli.py); otherwise the main window opens."""

from __future__ import annotations

import sys

from .cli import COMMANDS, main as cli_main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return cli_main(argv)
    from .gui.launch import run_gui  # Qt is imported only when a window is wanted

    return run_gui(argv)

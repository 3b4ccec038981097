"""The window's command-line options, without importing Qt (``xorgui --help`` lists them)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

DEFAULT_SIZE = (1400, 860)
MIN_SIDE, MAX_SIDE = 200, 8000  # pixels, width and height alike
# what a plain start (no options) gets: the parser's defaults, without building the parser
DEFAULTS = {"file": None, "screenshot": None, "self_test": False, "size": DEFAULT_SIZE}


def one_line_parser(**kwargs) -> argparse.ArgumentParser:
    """An argparse parser (and, through ``parser_class``, its commands') that reports a bad
    argument in one line, without the usage block: 'xorgui train: error: … (see xorgui train --help)'."""
    import argparse

    class OneLineParser(argparse.ArgumentParser):
        def error(self, message: str):
            self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    return OneLineParser(**kwargs)


def build_gui_parser() -> argparse.ArgumentParser:
    import argparse  # here: a plain start does without it (~5 ms before the first paint)

    parser = one_line_parser(prog="xorgui", description="Open the xorgui window.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a session file to open (default: the article's example)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window to PNG once shown, then exit")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window, run one epoch, render a screenshot, exit 0 if all went well")
    default = "x".join(map(str, DEFAULT_SIZE))
    parser.add_argument("--size", default=default, type=_size, metavar="WxH",
                        help=f"window size for --screenshot and --self-test, each side {MIN_SIDE} to "
                             f"{MAX_SIDE:,} pixels (default {default})")
    return parser


def parse_gui_args(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    if not argv:
        return SimpleNamespace(**DEFAULTS)
    return build_gui_parser().parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    import argparse

    width, _, height = text.partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, e.g. 1400x860, not {text!r}")
    sides = int(width), int(height)
    small, large = min(sides) < MIN_SIDE, max(sides) > MAX_SIDE
    if small or large:  # the format is right: say what is wrong with the numbers
        what = "too small and too large" if small and large else "too small" if small else "too large"
        raise argparse.ArgumentTypeError(f"{text} is {what}: the width and the height must each be from "
                                         f"{MIN_SIDE} to {MAX_SIDE:,} pixels")
    return sides

"""Progress of a long command-line run: a bar on a terminal, plain lines otherwise.

On a terminal the bar is redrawn in place at most 10 times a second; when stderr is a
file or a pipe (a log, CI) a plain line is written every ``LINE_EVERY`` seconds instead, so
the log holds readable lines rather than carriage returns. Both show the rate and an ETA.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .core.naming import epoch_number
from .core.numbers import significant

BAR_EVERY = 0.1    # seconds between redraws of the bar
LINE_EVERY = 5.0   # seconds between plain lines
WIDTH = 30


def duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 07 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def speed(rate: float) -> str:
    """``12,345 epochs/s``, ``1.7 epochs/s``, ``0.4 epochs/s`` (a slow run is not 0); below 0.1 an
    epoch a second, the time an epoch takes (``25 s an epoch``), never ``4e−2 epochs/s``; no rate
    yet (no epoch done): ``— epochs/s``."""
    if rate <= 0:
        return "— epochs/s"
    if rate >= 100:
        return f"{rate:,.0f} epochs/s"
    if rate >= 0.1:
        return f"{significant(rate, 1)} epochs/s"
    return f"{duration(1 / rate)} an epoch"


class Progress:
    """Call ``update(done, loss_text)`` as often as you like; ``finish()`` once at the end."""

    def __init__(self, total: int, stream: TextIO | None = None, clock=time.perf_counter):
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.clock = clock
        self.start = clock()
        self._last = self.start
        self._drawn = False

    def line(self, done: int, loss_text: str) -> str:
        """The text shown for ``done`` epochs so far: count, share, loss, rate and ETA."""
        elapsed = self.clock() - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        if done >= self.total:
            eta = f"took {duration(elapsed)}"
        else:  # before the first epoch ends there is no rate yet, and no ETA
            eta = f"ETA {duration((self.total - done) / rate)}" if rate else "ETA —"
        share = f"{100 * done // self.total}%"  # rounded down: 100% only when done
        text = f"{epoch_number(done)}/{epoch_number(self.total)} epochs ({share})  loss {loss_text}  {speed(rate)}  {eta}"
        if self.tty:
            filled = int(WIDTH * done / self.total)
            text = f"[{'#' * filled}{'.' * (WIDTH - filled)}] " + text
        return text

    def update(self, done: int, loss_text: str) -> None:
        now = self.clock()
        if now - self._last < (BAR_EVERY if self.tty else LINE_EVERY) and done < self.total:
            return
        self._last = now
        if self.tty:
            self.stream.write("\r" + self.line(done, loss_text) + "\x1b[K")
            self._drawn = True
        elif done < self.total:
            self.stream.write(self.line(done, loss_text) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line (an interrupted run's message then starts on a new line)."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

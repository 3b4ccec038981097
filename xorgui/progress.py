"""Progress of a long command-line run: a bar on a terminal, plain lines otherwise.

On a terminal the bar is redrawn in place at most 10 times a second; when stderr is a
file or a pipe (a log, CI) a plain line is written every ``LINE_EVERY`` seconds instead, so
the log holds readable lines rather than carriage returns. Both show the rate and an ETA.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

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


class _Meter:
    """Where and how often progress is shown: a bar redrawn in place on a terminal (``share`` of
    it filled), a plain line every ``LINE_EVERY`` seconds otherwise, none once the work is done."""

    def __init__(self, stream: TextIO | None, clock):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.clock = clock
        self.start = clock()
        self._last = self.start
        self._drawn = False

    def _bar(self, share: float, text: str) -> str:
        if not self.tty:
            return text
        filled = int(WIDTH * share)
        return f"[{'#' * filled}{'.' * (WIDTH - filled)}] " + text

    def _show(self, text: Callable[[], str], finished: bool) -> None:
        now = self.clock()
        if now - self._last < (BAR_EVERY if self.tty else LINE_EVERY) and not finished:
            return
        self._last = now
        if self.tty:
            self.stream.write("\r" + text() + "\x1b[K")
            self._drawn = True
        elif not finished:
            self.stream.write(text() + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line (an interrupted run's message then starts on a new line)."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _eta(elapsed: float, left: float, rate: float) -> str:
    """``took 12 s`` when nothing is left; ``ETA —`` before there is a rate (nothing done yet)."""
    if left <= 0:
        return f"took {duration(elapsed)}"
    return f"ETA {duration(left / rate)}" if rate else "ETA —"


class Progress(_Meter):
    """Epochs of a run: call ``update(done, loss_text)`` as often as you like; ``finish()`` once at the end."""

    def __init__(self, total: int, stream: TextIO | None = None, clock=time.perf_counter):
        super().__init__(stream, clock)
        self.total = total

    def line(self, done: int, loss_text: str) -> str:
        """The text shown for ``done`` epochs so far: count, share, loss, rate and ETA."""
        elapsed = self.clock() - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        share = f"{100 * done // self.total}%"  # rounded down: 100% only when done
        text = (f"{epoch_number(done)}/{epoch_number(self.total)} epochs ({share})  loss {loss_text}  {speed(rate)}  "
                f"{_eta(elapsed, self.total - done, rate)}")
        return self._bar(done / self.total, text)

    def update(self, done: int, loss_text: str) -> None:
        self._show(lambda: self.line(done, loss_text), done >= self.total)


class ShareProgress(_Meter):
    """Work known only by the share of it done (0 to 1), such as an export's ``report``
    (core.cancel): call the object with the share; ``finish()`` once at the end."""

    def __init__(self, what: str, stream: TextIO | None = None, clock=time.perf_counter):
        super().__init__(stream, clock)
        self.what = what

    def line(self, share: float) -> str:
        """``writing NAME: 45%  4.5%/s  ETA 12 s``: the share rounded down, its rate and the ETA."""
        elapsed = self.clock() - self.start
        rate = 100 * share / elapsed if elapsed > 0 else 0.0
        shown = "—" if not rate else f"{rate:,.0f}" if rate >= 10 else f"{rate:.2g}"
        text = f"{self.what}: {int(100 * share)}%  {shown}%/s  {_eta(elapsed, 100 * (1 - share), rate)}"
        return self._bar(share, text)

    def __call__(self, share: float) -> None:
        self._show(lambda: self.line(share), share >= 1)

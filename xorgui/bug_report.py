"""An unexpected error (a bug), said in one line; its traceback goes to a file, not the terminal.

Used by the command line (cli.main) and the window (gui/errors.py). No Qt here."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

SHOWN_CHARACTERS = 200  # of the error's message, in the one line
MAX_LOG_BYTES = 1 << 20  # then a log is moved to NAME.1 (one old log kept)


def one_line(error: BaseException) -> str:
    """``ValueError: could not convert …``: the error's type and the first line of its message."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(message) > SHOWN_CHARACTERS:
        message = message[:SHOWN_CHARACTERS - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def details(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def append_to_log(log: Path, text: str) -> str | None:
    """Append ``text`` to ``log`` with the time (moving a full log aside first); None when written,
    else why not."""
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.exists() and log.stat().st_size > MAX_LOG_BYTES:
            log.replace(log.with_name(log.name + ".1"))
        with log.open("a", encoding="utf-8", errors="replace") as f:
            f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
    except OSError as exc:
        return exc.strerror or str(exc)
    return None

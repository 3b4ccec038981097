"""An unexpected error (a bug), said in one line; its traceback goes to a file, not the terminal.

Used by the command line (cli.main) and the window (gui/errors.py). No Qt here. Nothing here may
raise or wait: it runs when something has already gone wrong.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
import traceback
from pathlib import Path

SHOWN_CHARACTERS = 200  # of the error's message, in the one line
MAX_LOG_BYTES = 1 << 20  # then a log is moved to NAME.1 (one old log kept)
MAX_ENTRY_CHARACTERS = 100_000  # of one error's details: a 50 MB message is not kept whole


def one_line(error: BaseException) -> str:
    """``ValueError: could not convert …``: the error's type and the first line of its message."""
    try:
        message = str(error).strip()
    except Exception:  # an error whose message itself fails: its type says enough
        message = ""
    message = message.splitlines()[0].rstrip(".") if message else ""  # the sentence around it ends it
    # what would move the cursor, colour or clear the terminal, written as Python writes it
    message = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in message)
    if len(message) > SHOWN_CHARACTERS:
        message = message[:SHOWN_CHARACTERS - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def details(error: BaseException) -> str:
    """The traceback, as Python prints it (at most MAX_ENTRY_CHARACTERS of it)."""
    try:
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    except Exception:
        text = "".join(traceback.format_tb(error.__traceback__)) + f"{type(error).__name__}\n"
    if len(text) > MAX_ENTRY_CHARACTERS:
        text = text[:MAX_ENTRY_CHARACTERS] + f"\n… ({len(text) - MAX_ENTRY_CHARACTERS:,} characters more not kept)\n"
    return text


def append_to_log(log: Path, text: str) -> str | None:
    """Append ``text`` to the regular file ``log`` with the time (moving a full log aside first);
    None when written, else why not. A pipe, a link or a folder of that name is not written to:
    a pipe without a reader would stop the program, a link could lead into any file."""
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.is_file() and not log.is_symlink() and log.stat().st_size > MAX_LOG_BYTES:
            log.replace(log.with_name(log.name + ".1"))
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(log, flags, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return "it is not a regular file"
            f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
    except (OSError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    return None


def write_aside(text: str) -> str | None:
    """``text`` in a new file of its own in the temporary folder (made safely there); its path, or None."""
    try:
        fd, path = tempfile.mkstemp(prefix="xorgui-error-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:
            f.write(text)
    except (OSError, ValueError):
        return None
    return path

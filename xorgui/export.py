"""Exports that reproduce every number: a numpy script (.py), a spreadsheet of live formulas
(.xlsx) and a printable practice worksheet (.pdf), for the CLI and the window alike.

:func:`export` picks the kind from the file's suffix. The .py and .xlsx exports need no Qt; the
.pdf is laid out by Qt (``gui/worksheet_pdf.py``), imported only when asked for.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from .core import atomic
from .core.cancel import Report, part
from .core.naming import count
from .core.export_script import DEFAULT_EPOCHS, python_script
from .core.export_sheet import spreadsheet
from .core.xlsx import write_xlsx

SUFFIXES = (".py", ".xlsx", ".pdf")
SHEET_NAME = "Walkthrough"


class ExportError(Exception):
    """Why an export could not be written, as a user reads it."""


def kind_of(path: Path) -> str:
    """"py", "xlsx" or "pdf" from the suffix, or ExportError naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{Path(path).name}: the name must end in {', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]} "
                          "(a Python script, a spreadsheet or a printable worksheet)")
    return suffix[1:]


def _quoted(name: str) -> str:
    """A file name as a shell takes it: POSIX quoting, or double quotes in Windows' cmd."""
    return (f'"{name}"' if " " in name else name) if os.name == "nt" else shlex.quote(name)


def export(trainer, path: Path, epochs: int = DEFAULT_EPOCHS, sample: int | None = None,
           precision: int | None = None, report: Report | None = None) -> str:
    """Write the export ``path``'s suffix names; returns what was written, for "wrote NAME: …".
    ``epochs`` is for the script; ``sample`` picks the online step's (or the worksheet's)
    sample; ``precision`` the worksheet's decimals; ``report`` follows a spreadsheet's progress
    and may stop it (core.cancel: Cancelled, nothing written)."""
    path = Path(path)
    kind = kind_of(path)
    try:
        if kind == "py":
            atomic.write_text(path, python_script(trainer, epochs, sample))
            return f"the walkthrough's step and {count(epochs, 'epoch')} in numpy (run it with: python {_quoted(path.name)})"
        if kind == "xlsx":
            write_xlsx(spreadsheet(trainer, sample, part(report, 0, 0.7)), path, SHEET_NAME, part(report, 0.7, 1))
            return "the walkthrough's step as live formulas over the weights (change a yellow cell)"
        from .gui.worksheet_pdf import write_pdf
        pages = write_pdf(trainer, path, sample, precision)
        return f"a practice worksheet with blanks, then the answers ({pages} page{'s' if pages != 1 else ''})"
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    except ImportError as exc:
        raise ExportError(f"this export needs {exc.name}, which is not installed") from None
    except OSError as exc:  # say why in words a user can act on, not the writer's
        raise ExportError(atomic.cannot_write(path, exc)) from None

"""Exports that reproduce every number: a numpy script (.py), a spreadsheet of live formulas
(.xlsx) and a printable practice worksheet (.pdf), for the CLI and the window alike.

:func:`export` picks the kind from the file's suffix. The .py and .xlsx exports need no Qt; the
.pdf is laid out by Qt (``gui/worksheet_pdf.py``), imported only when asked for.
"""

from __future__ import annotations

import math
from pathlib import Path

from .core import atomic
from .core.export_script import DEFAULT_EPOCHS, python_script
from .core.export_sheet import Row, spreadsheet

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


def export(trainer, path: Path, epochs: int = DEFAULT_EPOCHS, sample: int | None = None,
           precision: int | None = None) -> str:
    """Write the export ``path``'s suffix names; returns what was written, for "wrote NAME: …".
    ``epochs`` is for the script; ``sample`` picks the online step's (or the worksheet's)
    sample; ``precision`` the worksheet's decimals."""
    path = Path(path)
    kind = kind_of(path)
    try:
        if kind == "py":
            atomic.write_text(path, python_script(trainer, epochs, sample))
            return f"the walkthrough's step and {epochs} epochs in numpy (run it with: python {path.name})"
        if kind == "xlsx":
            write_xlsx(spreadsheet(trainer, sample), path)
            return "the walkthrough's step as live formulas over the weights (change a yellow cell)"
        from .gui.worksheet_pdf import write_pdf
        pages = write_pdf(trainer, path, sample, precision)
        return f"a practice worksheet with blanks, then the answers ({pages} page{'s' if pages != 1 else ''})"
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    except ImportError as exc:
        raise ExportError(f"this export needs {exc.name}, which is not installed") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_xlsx(rows: list[Row], path: Path) -> None:
    """The rows as one sheet: names in A, numbers and formulas in B (each formula stored with its
    value, so that a viewer that does not recalculate still shows the right number), words in C."""
    import xlsxwriter  # only this export needs it

    tmp = path.with_name(f".{path.name}.tmp")
    book = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})  # a diverged run: #NUM!
    try:
        sheet = book.add_worksheet(SHEET_NAME)
        fmt = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "heading": book.add_format({"bold": True, "top": 1}),
            "note": book.add_format({"italic": True}),
            "input": book.add_format({"bg_color": "#FFF2A8", "border": 1}),
            "quantity": book.add_format({}),
            "helper": book.add_format({"font_color": "#777777", "italic": True}),
        }
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 24)
        sheet.set_column(2, 2, 60)
        for row in rows:
            r, style = row.number - 1, fmt[row.kind]
            sheet.write_string(r, 0, row.name, style if row.kind in ("title", "heading", "note", "helper") else None)
            if row.formula is not None:
                sheet.write_formula(r, 1, row.formula, style, row.value if math.isfinite(row.value) else "#NUM!")
            elif row.value is not None:
                sheet.write_number(r, 1, row.value, style)
            if row.words:
                sheet.write_string(r, 2, row.words, fmt["helper"] if row.kind == "helper" else None)
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
    tmp.replace(path)

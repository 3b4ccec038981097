"""File ▸ Export ▸ Practice worksheet (PDF): one online step on a sample, phase by phase, with a
blank after every quantity, the givens (weights, inputs, target, α) first and the answers last.

What is asked and what is answered come from ``core.worksheet.Worksheet`` (the same quantities,
formulas and working that Check My Worksheet checks); this module only lays them out and prints
them with Qt's PDF writer, so it also works headless (``xorgui export FILE --out NAME.pdf``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ..core import atomic, naming
from ..core.numbers import DEFAULT_PRECISION, fmt
from ..core.walkthrough_render import sample_line, setup_line
from ..core.worksheet import Worksheet

BLANK = "_" * 16  # room for a number with the worksheet's decimals, written by hand
RESOLUTION = 300  # dots per inch of the PDF's layout


def worksheet_html(sheet: Worksheet) -> str:
    """The worksheet as HTML: givens, the phases with their blanks, then (on a new page) the answers."""
    tr, p, esc = sheet.trace, sheet.precision, html.escape
    layers = tr.layers
    names = naming.weight_names(layers)
    given = [f"{names[l][j][i]} = {fmt(w[j, i], p)}" for l, w in enumerate(tr.weights_before)
             for j in range(w.shape[0]) for i in range(w.shape[1])]
    per_row = 5
    rows = ["<tr>" + "".join(f"<td>{esc(g)}</td>" for g in given[k:k + per_row]) + "</tr>"
            for k in range(0, len(given), per_row)]
    out = ["<html><body style='font-family:sans-serif; font-size:10pt'>",
           f"<h2>Back-propagation worksheet: one online step on sample {sheet.sample}</h2>",
           f"<p>{esc(setup_line(tr, p))}<br>{esc(sample_line(tr, sheet.sample, p))}</p>",
           "<p><b>Weights before the step</b> (a weight's last number is its source unit; 0 is the bias unit, "
           "which always outputs 1):</p>",
           "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>",
           f"<p>Fill in each blank rounded to {_places(p)}, in order: each line uses the ones before it. "
           "Then check them in xorgui (Run ▸ Check My Worksheet) or with the answers on the last page.</p>"]
    asked_phases = [(phase, asked) for phase, asked in sheet.blanks if asked]
    sections = ((lambda q: f"{esc(sheet.blank_line(q))} {BLANK}"), (lambda q: esc(sheet.equation(q).text(p))))
    for section, line in enumerate(sections):  # the blanks, then the same lines answered
        if section:
            out.append("<h2 style='page-break-before:always'>Answers</h2>")
            out.append(f"<p>{esc(rounding_note(p))}</p>")
        for n, (phase, asked) in enumerate(asked_phases, 1):
            out.append(f"<h3>{n}. {esc(phase.title)}</h3>")
            out += [f"<p style='margin-left:12pt'><tt>{line(q)}</tt></p>" for q in asked]
    out.append("</body></html>")
    return "\n".join(out)


def _places(p: int) -> str:
    return f"{p} decimal place{'' if p == 1 else 's'}"


def rounding_note(p: int) -> str:
    """How the answers are printed (as everywhere in xorgui, core.numbers.fmt): a teacher marking
    a blank filled in as 1.0000 against an answer of 1 must know they agree."""
    tiny = 2.5 * 10.0 ** -(p + 1)  # under the last decimal: printed in scientific notation
    return (f"Answers are rounded to {_places(p)} with trailing zeros dropped: "
            f"an answer of 1 means {1:.{p}f}, and 0.5 means {0.5:.{p}f}. A number too small to show "
            f"with {_places(p)} is written in scientific notation: {fmt(tiny, p)} is {0:.{p}f} to {_places(p)}. "
            "They are worked from the exact weights and values: an answer worked from the rounded "
            "numbers printed before it can differ slightly in its last decimals, and xorgui's check "
            "(Run ▸ Check My Worksheet, or xorgui practice) counts it as right.")


def blank_count(sheet: Worksheet) -> int:
    """How many blanks the printed worksheet has: one per quantity of the step."""
    return sum(len(asked) for _, asked in sheet.blanks)


def write_pdf(trainer, path: Path, sample: int | None = None, precision: int | None = None) -> int:
    """Print the worksheet of ``sample`` (default the session's next one) to ``path`` (A4);
    returns the number of pages. Raises OSError, with why in words, when the file cannot be written."""
    if QGuiApplication.instance() is None:  # the command line: no window, fonts through offscreen
        global _app
        _app = QGuiApplication(["xorgui", "-platform", "offscreen"])
    sheet = Worksheet(trainer, trainer.next_sample if sample is None else sample,
                      DEFAULT_PRECISION if precision is None else precision)
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"xorgui worksheet: sample {sheet.sample}")
    writer.setCreator("xorgui")
    doc = QTextDocument()
    doc.setHtml(worksheet_html(sheet))
    doc.print_(writer)  # lays the pages out at the writer's page size, fonts scaled to its resolution
    del writer  # flushes and closes the file
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""
    if not data.startswith(b"%PDF"):
        raise OSError(atomic.problem_writing(path) or "the PDF writer could not finish it (is the disk full?)")
    return len(re.findall(rb"/Type\s*/Page\b", data))  # Qt writes its page objects uncompressed


_app = None  # the command line's QGuiApplication, kept alive for the process

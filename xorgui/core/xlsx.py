"""A minimal .xlsx writer with the standard library: one sheet of text, numbers and formulas.

XlsxWriter did this too, but its ~0.3 MiB of modules (charts, drawings, …) pushed the bundle past
its 150 MiB cap; the exported spreadsheet needs only this subset of SpreadsheetML (ECMA-376):
inline strings, numbers, formulas stored with their current values, five cell styles, three
column widths and a frozen first row. ``fullCalcOnLoad`` asks Excel to recalculate on opening.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from . import atomic
from .cancel import REPORT_EVERY, Report, part
from .export_sheet import Row

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# style index of each kind of row (cellXfs below): 1 title, 2 heading, 3 note, 4 input, 5 helper
STYLE = {"title": 1, "heading": 2, "note": 3, "input": 4, "quantity": 0, "helper": 5}
WIDTHS = (22, 24, 60)  # columns A, B, C in characters

_STYLES = _HEAD + f'''<styleSheet xmlns="{_MAIN}">
<fonts count="5"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><i/><sz val="11"/><name val="Calibri"/></font><font><i/><sz val="11"/><color rgb="FF777777"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2A8"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="1" xfId="0" applyFill="1" applyBorder="1"/><xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>'''


def _text(ref: str, text: str, style: int) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _number(ref: str, value: float, style: int, formula: str | None) -> str:
    f = "" if formula is None else f"<f>{escape(formula.removeprefix('='))}</f>"
    if math.isfinite(value):
        return f'<c r="{ref}" s="{style}">{f}<v>{value!r}</v></c>'
    return f'<c r="{ref}" s="{style}" t="e">{f}<v>#NUM!</v></c>'  # a diverged run's inf/nan


def sheet_xml(rows: list[Row], report: Report | None = None) -> str:
    """The worksheet part: names in A, values and formulas in B, words in C (``report``: told the
    share of the rows done, see core.cancel)."""
    out = []
    for done, row in enumerate(rows):
        if report is not None and done % (64 * REPORT_EVERY) == 0:
            report(done / len(rows))
        n, style = row.number, STYLE[row.kind]
        cells = [_text(f"A{n}", row.name, style if row.kind != "input" else 0)]
        if row.value is not None:
            cells.append(_number(f"B{n}", row.value, style, row.formula))
        if row.words:
            cells.append(_text(f"C{n}", row.words, STYLE["helper"] if row.kind == "helper" else 0))
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, 1))
    return (_HEAD + f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f'<cols>{cols}</cols><sheetData>{"".join(out)}</sheetData></worksheet>')


def write_xlsx(rows: list[Row], path: Path, sheet_name: str, report: Report | None = None) -> None:
    """Write ``rows`` as a one-sheet workbook to ``path``, atomically (core.atomic); ``report``:
    see core.cancel."""
    parts = {
        "[Content_Types].xml": _HEAD + f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>',
        "_rels/.rels": _HEAD + f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet '
        f'name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029" fullCalcOnLoad="1"/>'
        '</workbook>',
        "xl/_rels/workbook.xml.rels": _HEAD + f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": sheet_xml(rows, part(report, 0, 0.6)),
    }
    if report is not None:
        report(0.6)  # the last chance to stop: compressing is not interrupted

    def fill(file) -> None:
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as book:
            for name, text in parts.items():
                book.writestr(name, text)

    atomic.write_with(path, fill)

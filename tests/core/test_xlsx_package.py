"""The .xlsx as a spreadsheet program reads it, short of opening it in one (no LibreOffice or
Excel on the test machines): the package against the OOXML essentials (ECMA-376 part 2, the Open
Packaging Conventions: content types, relationships; part 1, SpreadsheetML: workbook, sheet,
cells, styles), every formula through the `formulas` package's Excel parser, and the whole file
through openpyxl, whose cached values must be the engine's numbers (what a viewer that does not
recalculate shows). tests/core/test_export_sheet.py evaluates the formulas against the engine."""

import posixpath
import re
import zipfile
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from xorgui.core.export_sheet import spreadsheet
from xorgui.core.presets import make_preset
from xorgui.core.training import Trainer
from xorgui.export import SHEET_NAME, export

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."

# the functions the export may use: each is in Excel and in LibreOffice Calc under this name
PORTABLE_FUNCTIONS = {"ABS", "AVERAGE", "EXP", "IF", "LN", "MAX", "MIN", "SIGN", "SUM", "TANH"}
EXCEL_FORMULA_CHARS = 8192  # Excel's limits (specifications and limits): formula length, nesting
EXCEL_NESTING = 64


def minibatch_l1():
    """The sigmoid preset in batches of 3 then 1 (an online update), shuffled, with L1."""
    t = make_preset("sigmoid")
    config = replace(t.config, batch_size=3, shuffle=True, shuffle_seed=2, regularization="l1",
                     regularization_rate=0.01)
    return Trainer(t.network, t.data, config, t.init, epoch=3)


SESSIONS = {"article": lambda: make_preset("article"), "tanh": lambda: make_preset("tanh"),
            "deep": lambda: make_preset("deep"), "minibatch_l1": minibatch_l1}


@pytest.fixture(params=list(SESSIONS))
def book(request, tmp_path):
    """(trainer, rows, path of the exported .xlsx)."""
    trainer = SESSIONS[request.param]()
    path = tmp_path / "step.xlsx"
    export(trainer, path)
    return trainer, spreadsheet(trainer), path


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every member's CRC checks
        return {name: z.read(name) for name in z.namelist()}


def nesting(formula: str) -> int:
    """The deepest parenthesis level in ``formula``."""
    depth = deepest = 0
    for ch in formula:
        depth += (ch == "(") - (ch == ")")
        deepest = max(deepest, depth)
    return deepest


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def test_content_types_and_relationships_reach_every_part(book):
    _, _, path = book
    files = parts(path)
    xml = {name: ET.fromstring(data) for name, data in files.items() if name.endswith((".xml", ".rels"))}
    assert set(xml) == set(files)  # every part is well-formed XML (ET raises otherwise)
    # [Content_Types].xml: a type for every part, by override or by extension
    types = xml["[Content_Types].xml"]
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(CT + "Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
    assert defaults["rels"] == "application/vnd.openxmlformats-package.relationships+xml"
    assert all(name.lstrip("/") in files for name in overrides)  # no override names a missing part
    for name in files:
        if name != "[Content_Types].xml":
            assert overrides.get("/" + name) or defaults.get(name.rsplit(".", 1)[-1]), name
    # relationships: ids unique per part, every internal target exists
    targets = {}
    for name in files:
        if name.endswith(".rels"):
            source = "" if name == "_rels/.rels" else name.replace("_rels/", "").removesuffix(".rels")
            rels = list(xml[name].iter(PR + "Relationship"))
            assert len({r.get("Id") for r in rels}) == len(rels)
            for r in rels:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), r.get("Target")))
                assert target in files, (name, r.get("Target"))
                targets[(source, r.get("Id"))] = (r.get("Type"), target)
    # the package's start: officeDocument → the workbook, typed as a workbook
    (kind, workbook), = [v for (s, _), v in targets.items() if s == ""]
    assert kind == REL + "officeDocument" and overrides["/" + workbook] == SML + "sheet.main+xml"
    # the workbook's one sheet: its r:id is a worksheet relationship to a worksheet part
    sheets = list(xml[workbook].iter(MAIN + "sheet"))
    assert [s.get("name") for s in sheets] == [SHEET_NAME]
    kind, sheet = targets[(workbook, sheets[0].get(R_ID))]
    assert kind == REL + "worksheet" and overrides["/" + sheet] == SML + "worksheet+xml"
    kind, styles = next(v for (s, _), v in targets.items() if s == workbook and v[0] == REL + "styles")
    assert overrides["/" + styles] == SML + "styles+xml"
    assert rels_of(workbook) in files


def test_sheet_name_cells_strings_and_styles_are_valid_spreadsheetml(book):
    _, rows, path = book
    files = parts(path)
    workbook = ET.fromstring(files["xl/workbook.xml"])
    # Excel's sheet-name rule: 1-31 characters, none of []:*?/\
    assert re.fullmatch(r"[^\[\]:*?/\\]{1,31}", SHEET_NAME)
    # no defined names: the diagram's names (W11, V02, …) are cell references in A1 notation
    # (column W, row 11), which Excel refuses as names; they are written in column A instead
    assert workbook.find(MAIN + "definedNames") is None
    sheet = ET.fromstring(files["xl/worksheets/sheet1.xml"])
    styles = ET.fromstring(files["xl/styles.xml"])
    xfs = styles.find(MAIN + "cellXfs")
    for group in ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles"):
        element = styles.find(MAIN + group)
        assert int(element.get("count")) == len(element), group
    assert all(int(xf.get(k)) < len(styles.find(MAIN + g))
               for xf in xfs for k, g in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")))
    # rows ascending, cells in column order with their row's number, styles that exist
    numbers = [int(r.get("r")) for r in sheet.iter(MAIN + "row")]
    assert numbers == sorted(set(numbers)) == [r.number for r in rows]
    assert "sharedStrings.xml" not in " ".join(files)  # strings are inline: no shared-strings part needed
    for row in sheet.iter(MAIN + "row"):
        refs = [c.get("r") for c in row.iter(MAIN + "c")]
        assert refs == sorted(refs) and all(re.fullmatch(rf"[A-C]{row.get('r')}", ref) for ref in refs)
        for c in row.iter(MAIN + "c"):
            assert int(c.get("s", 0)) < len(xfs)
            kind = c.get("t", "n")
            if kind == "inlineStr":
                assert c.find(f"{MAIN}is/{MAIN}t") is not None and c.find(MAIN + "v") is None
            elif kind == "e":
                assert c.find(MAIN + "v").text in {"#NUM!", "#DIV/0!", "#VALUE!"}
            else:  # a number: an xsd:double, finite
                assert kind == "n" and re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", c.find(MAIN + "v").text)


def test_every_formula_parses_as_excel_and_uses_only_portable_functions(book):
    formulas = pytest.importorskip("formulas")
    _, rows, path = book
    sheet = ET.fromstring(parts(path)["xl/worksheets/sheet1.xml"])
    stored = {c.get("r"): c.find(MAIN + "f").text for c in sheet.iter(MAIN + "c") if c.find(MAIN + "f") is not None}
    assert stored == {r.cell: r.formula[1:] for r in rows if r.formula}  # stored without "=", as OOXML wants
    used = set()
    for ref, text in stored.items():
        assert len(text) <= EXCEL_FORMULA_CHARS, ref
        assert nesting(text) <= EXCEL_NESTING, ref
        formulas.Parser().ast("=" + text)  # raises FormulaError on anything Excel's grammar refuses
        used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
        # constants are plain decimals: no exponent, inf or nan that one program reads and another not
        assert all(re.fullmatch(r"\d+(\.\d+)?", k) for k in re.findall(r"(?<![A-Z0-9$.])[0-9][0-9.]*(?:[eE][+-]?[0-9]+)?", text)), ref
    assert used <= PORTABLE_FUNCTIONS


def test_openpyxl_reads_the_names_formulas_and_stored_values(book):
    openpyxl = pytest.importorskip("openpyxl")
    trainer, rows, path = book
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_NAME]
    ws = wb[SHEET_NAME]
    assert ws.freeze_panes == "A2"
    assert [ws[f"A{r.number}"].value for r in rows] == [r.name for r in rows]
    typed = {ws[f"A{r.number}"].value for r in rows if r.kind == "input"}  # W10 typed in; its update is W10_new
    assert typed and not any(ws[f"A{r.number}"].value in typed for r in rows if r.kind == "quantity")
    assert all(ws[r.cell].value == r.formula for r in rows if r.formula)
    assert all(ws[r.cell].value == r.value for r in rows if r.kind == "input")
    cached = openpyxl.load_workbook(path, data_only=True)[SHEET_NAME]  # what a viewer shows unrecalculated
    from xorgui.core.walkthrough_render import work
    walk = work(trainer, online_sample=trainer.next_sample if trainer.batch_size == 1 else None)
    want = [eq.value for step in walk.steps for ph in step.phases for eq in ph.equations]
    got = [cached[r.cell].value for r in rows if r.kind == "quantity"]
    assert len(got) == len(want) and all(abs(g - w) <= 1e-12 * max(1.0, abs(w)) for g, w in zip(got, want))

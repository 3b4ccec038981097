"""File ▸ Export: the practice worksheet PDF (its text read back), and the window's export entries."""

import html
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

pypdf = pytest.importorskip("pypdf")  # a test dependency: reads the PDF's text back

from xorgui.core.presets import make_preset  # noqa: E402
from xorgui.core.worksheet import Worksheet  # noqa: E402
from xorgui.gui.worksheet_pdf import BLANK, blank_count, worksheet_html, write_pdf  # noqa: E402


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    # pypdf separates words by tabs or line breaks as the layout has them: compare word by word
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff")  # the font's ligatures, as the reader sees them


def test_worksheet_pdf_asks_every_quantity_with_a_blank_and_answers_at_the_end(qtbot, tmp_path):
    trainer = make_preset("article")
    path = tmp_path / "w.pdf"
    pages = write_pdf(trainer, path, sample=3, precision=4)
    sheet = Worksheet(trainer, 3, 4)
    text = pdf_text(path)
    assert pages == len(pypdf.PdfReader(str(path)).pages) >= 2
    assert blank_count(sheet) == len(sheet.quantities) == text.count(BLANK)
    # the givens: the sample and the weights, named as on the diagram
    assert "Sample 3: z_X1 = 1, z_X2 = 1 (bias z_X0 = 1); target y = 0." in text
    assert "W10 = 1" in text and "V03 = 1" in text
    # a blank asks in the diagram's names only; its answer comes after "Answers"
    asks, answers = text.split("Answers", 1)
    assert f"a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = {BLANK}" in asks
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·1 + 1·1 = 3" in answers
    assert "a_D0" in asks and "= 10" not in asks  # a_D0 = 10 (the article's step on (1, 1)) is only answered
    assert "ŷ = z_D0 = f(a_D0) = f(10) = 10" in answers
    assert f"y − ŷ = {BLANK}" in asks  # the error's working is numbers: never printed with its blank


def test_the_instruction_and_the_answers_agree_on_the_decimals(qtbot, tmp_path):
    """A teacher marks a blank filled in as 3.0000 against an answer printed as 3: the sheet says so."""
    path = tmp_path / "w.pdf"
    write_pdf(make_preset("article"), path, sample=3, precision=4)
    asks, answers = pdf_text(path).split("Answers", 1)
    assert "Fill in each blank rounded to 4 decimal places, in order" in asks
    assert answers.startswith(" Answers are rounded to 4 decimal places with trailing zeros dropped: an answer of 1 means "
                              "1.0000, and 0.5 means 0.5000. A number too small to show with 4 decimal places is "
                              "written in scientific notation: 2.5e−5 is 0.0000 to 4 decimal places.")
    assert "= 1·1 + 1·1 + 1·1 = 3 " in answers  # printed without its trailing zeros, as the note says
    # the sigmoid example's answer key gives a_Z1 = −0.688 (exact: −0.688038); from the printed
    # 0.0236 and −0.7117 a learner gets −0.6881, which the check counts right: the note says so
    assert ("They are worked from the exact weights and values: an answer worked from the rounded numbers "
            "printed before it can differ slightly in its last decimals, and xorgui's check (Run ▸ Check My "
            "Worksheet, or xorgui practice) counts it as right.") in answers
    one = worksheet_html(Worksheet(make_preset("article"), 3, 1))  # the same words at 1 decimal, unprinted
    assert "rounded to 1 decimal place," in one and "an answer of 1 means 1.0," in one


def test_a_penalty_is_given_with_its_lambda_before_its_blanks_ask_for_it():
    """The blanks ask W11 := W11 − α·(∂L/∂W11 + R'(W11)); the sheet gave neither the penalty nor λ."""
    from dataclasses import replace

    trainer = make_preset("sigmoid")
    trainer.set_config(replace(trainer.config, regularization="l1", regularization_rate=0.05))
    asks = html.unescape(worksheet_html(Worksheet(trainer, 1, 4))).split("Answers", 1)[0]
    assert ("learning rate α = 2. Weights are penalized: R'(W) = λ·sign(W) for the L1 penalty λ·Σ|W|, "
            "λ = 0.05; bias weights are not regularized.") in asks
    assert "W11 := W11 − α·(∂L/∂W11 + R'(W11))" in asks
    trainer.set_config(replace(trainer.config, regularization="l2", regularization_rate=0.01))
    assert "R'(W) = λ·W for the L2 penalty ½·λ·ΣW², λ = 0.01;" in html.unescape(worksheet_html(Worksheet(trainer, 1, 4)))
    trainer.set_config(replace(trainer.config, regularization="none", regularization_rate=0.0))
    assert "penalized" not in worksheet_html(Worksheet(trainer, 1, 4))


def test_a_deeper_network_and_another_loss_print_too(qtbot, tmp_path):
    trainer = make_preset("tanh")  # cross-entropy; full batch: the worksheet is still one online step
    path = tmp_path / "w.pdf"
    write_pdf(trainer, path, sample=1)
    sheet = Worksheet(trainer, 1)
    text = pdf_text(path)
    assert text.count(BLANK) == blank_count(sheet)
    assert "L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] =" in text


@pytest.mark.process
def test_the_command_line_prints_a_pdf_without_a_window(tmp_path):
    from xorgui.core import sessionfile
    session = tmp_path / "s.json"
    sessionfile.save(make_preset("deep"), session)
    out = tmp_path / "deep.pdf"
    r = subprocess.run([sys.executable, "-m", "xorgui", "export", str(session), "--out", str(out), "--sample", "2"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {out}: a practice worksheet")
    text = pdf_text(out)
    assert "one online step on sample 2" in text and "W1_10 =" in text


@pytest.mark.parametrize("kind, first", [("py", b"#!/usr/bin/env python3"), ("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_file_export_menu_writes_each_kind_and_says_so(monkeypatch, window, controller, messages, tmp_path,
                                                       kind, first):
    titles = {"py": "Python &script (numpy)…", "xlsx": "Spreadsheet with live &formulas (.xlsx)…",
              "pdf": "Practice &worksheet (PDF)…"}
    target = tmp_path / "mine"  # typed without a suffix: the kind's is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    action = next(a for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
                  for a in m.actions() if a.text() == titles[kind])
    action.trigger()
    if kind == "py":  # then the epochs the script trains: Export takes the 100 offered
        window.script_dialog.export_button.click()
    written = tmp_path / f"mine.{kind}"
    assert written.read_bytes().startswith(first)
    assert messages[-1][0] == "info" and messages[-1][1].startswith(f"Exported mine.{kind}: ")


def test_an_export_that_cannot_be_written_is_refused_with_the_reason(controller, messages, tmp_path):
    result = controller.export_reproduction(tmp_path / "missing" / "x.py")
    assert not result and "Could not export: cannot write" in result.reason
    assert messages[-1] == ("error", result.reason)


def test_check_my_worksheet_saves_the_sample_it_shows_as_a_pdf(monkeypatch, qtbot, controller, tmp_path):
    from xorgui.gui.worksheet_dialog import WorksheetDialog
    dialog = WorksheetDialog(controller)
    qtbot.addWidget(dialog)
    dialog.sample_box.setValue(2)  # not the window's selected sample (0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "mine"), "")))
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    text = pdf_text(tmp_path / "mine.pdf")
    assert "one online step on sample 2" in text and "Sample 2: z_X1 = 1, z_X2 = 0" in text
    assert dialog.summary.text() == "Saved the worksheet as a PDF"


def test_a_script_exported_mid_epoch_works_the_step_the_window_shows_next(controller, tmp_path, run_python):
    """Two samples stepped online: the script's walkthrough is the step on sample 2 with the weights now."""
    from xorgui.core.walkthrough_render import work
    controller.step_sample()
    controller.step_sample()
    path = tmp_path / "mid.py"
    assert controller.export_reproduction(path)
    out = run_python(path)
    assert "# sample 2: inputs [1.0, 0.0], target [1.0]" in out
    eqs = [eq for ph in work(controller.trainer, online_sample=2).steps[0].phases for eq in ph.equations]
    assert f"L_new = {float(eqs[-1].value)!r}" in out


@pytest.mark.parametrize("where, why", [
    (lambda tmp: tmp / "missing" / "w.pdf", lambda tmp: f"the folder {(tmp / 'missing').resolve()} does not exist"),
    (lambda tmp: (tmp / "folder.pdf", (tmp / "folder.pdf").mkdir())[0], lambda tmp: "it is a folder"),
    pytest.param(lambda tmp: Path("/sys/w.pdf"), lambda tmp: "cannot write in /sys (Permission denied)",
                 marks=pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="Linux's /sys: no file can be made there")),
])
def test_a_worksheet_that_cannot_be_written_says_why_and_what_to_do(monkeypatch, window, controller, tmp_path,
                                                                     where, why):
    """File ▸ Export ▸ Practice worksheet to a place that cannot take it: the status bar says why
    in words and to choose another place (not that Qt could not); nothing is written."""
    target = where(tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    action = next(a for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
                  for a in m.actions() if a.text() == "Practice &worksheet (PDF)…")
    action.trigger()
    want = (f"Could not export: cannot write {target}: {why(tmp_path)}. "
            "Choose another folder (one you can write to) or another name.")
    assert window.statusBar().currentMessage() == "⚠ " + want
    assert not (tmp_path / "missing").exists() and not target.is_file()

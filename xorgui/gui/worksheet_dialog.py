"""Run ▸ Check My Worksheet: a learner types their own working of one step and checks each line.

The session can be any example (a textbook's weights, inputs and learning rate typed into the
window); the lines are checked by ``core.worksheet`` the way practice mode checks answers.
This dialog only renders what it is given and forwards the text typed.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QSplitter,
    QTextBrowser, QVBoxLayout, QWidget,
)

from ..core.naming import epoch_number
from ..core.numbers import fmt
from ..core.worksheet import Entry, Tally, Worksheet, checked_line
from .board import RIGHT_COLORS, WRONG_COLORS
from .theme import is_dark
from .window_state import resize_within_screen

PLACEHOLDER = ("One line per quantity, e.g.\n"
               "a_Z1 = 0.15*0.05 + 0.2*0.1 + 0.35\n"
               "z_Z1 = 0.5933\n"
               "δ_D0 = 0.1385\n"
               "W11 := 0.1498\n"
               "(Insert names lists every quantity of the step.)")


class WorksheetDialog(QDialog):
    """Type NAME = ANSWER lines for one online step on a sample; Check marks each line."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Check my worksheet")
        self.sample_box = QSpinBox()
        self.sample_box.setRange(0, len(controller.snapshot.inputs) - 1)
        self.sample_box.setValue(controller.snapshot.selected)
        self.sample_box.setToolTip("The sample your working is about")
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(PLACEHOLDER)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(mono)
        self.results = QTextBrowser()
        self.summary = QLabel()
        self.names_button = QPushButton("Insert names")
        self.names_button.setToolTip("Add a line for every quantity of the step, to fill in")
        self.pdf_button = QPushButton("Save as PDF…")
        self.pdf_button.setToolTip("This sample's step to print: a blank for every quantity, the answers last")
        self.check_button = QPushButton("Check")
        self.check_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        top = QHBoxLayout()
        top.addWidget(QLabel("Sample:"))
        top.addWidget(self.sample_box)
        top.addWidget(self.about, 1)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(self.results)
        row = QHBoxLayout()
        row.addWidget(self.names_button)
        row.addWidget(self.pdf_button)
        row.addWidget(self.check_button)
        row.addWidget(self.summary, 1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        resize_within_screen(self, 980, 560)

        self.sample_box.valueChanged.connect(self._describe)
        self.names_button.clicked.connect(self.insert_names)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.check_button.clicked.connect(self.check)
        buttons.rejected.connect(self.close)
        controller.snapshot_changed.connect(self._follow)
        self._describe()

    def worksheet(self) -> Worksheet:
        return self.controller.worksheet(self.sample_box.value())

    def _follow(self, *_) -> None:
        """The session changed (α, the decimals, the data): the line above says it at once."""
        if self.isVisible():
            self._describe()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._describe()  # reopened after changes made while it was closed

    def _describe(self) -> None:
        """The line above, from the snapshot the worksheet is of (not a worksheet worked out on
        every change while the dialog is open): its samples, weights, α and decimals."""
        snap = self.controller.snapshot
        last = len(snap.inputs) - 1
        if self.sample_box.maximum() != last:  # the data changed: its samples only
            with QSignalBlocker(self.sample_box):
                self.sample_box.setMaximum(last)
        weights = f"the weights of epoch {epoch_number(snap.epoch)} (shown)" if snap.read_only else "this session's weights"
        self.about.setText(f"One online step on sample {self.sample_box.value()} with {weights} and learning "
                           f"rate α = {fmt(snap.config.learning_rate, max(snap.precision, 6))}; "
                           f"{snap.precision} decimals expected (View ▸ Decimals).")

    def save_pdf(self) -> None:
        """Ask where, then print this sample's worksheet there (File ▸ Export ▸ Practice worksheet)."""
        sample = self.sample_box.value()
        path, _ = QFileDialog.getSaveFileName(self, "Save the worksheet", f"worksheet-sample-{sample}.pdf",
                                              "PDF files (*.pdf)")
        if path:
            path = path if path.lower().endswith(".pdf") else f"{path}.pdf"
            result = self.controller.export_reproduction(path, sample)
            self.summary.setText("Saved the worksheet as a PDF" if result else result.reason)

    def insert_names(self) -> None:
        """Add ``NAME =`` lines for every quantity of the step not written yet."""
        sheet = self.worksheet()
        have = sheet.named(self.editor.toPlainText())  # blanks inserted before, still unfilled, too
        lines = [f"{q.label} " for q in sheet.quantities if q.name not in have]
        text = self.editor.toPlainText().rstrip("\n")
        self.editor.setPlainText("\n".join(([text] if text else []) + lines))

    def check(self) -> list[Entry]:
        """Check every line typed; show each with its verdict. Returns the entries."""
        sheet = self.worksheet()
        entries = sheet.check_text(self.editor.toPlainText())
        dark = is_dark(self.palette())
        text_color = self.palette().color(QPalette.ColorRole.Text).name()
        self.results.setHtml("".join(entry_html(e, sheet, dark, text_color) for e in entries))
        self.summary.setText(Tally.of(entries).text() if entries else "Nothing to check yet")
        return entries


def entry_html(entry: Entry, sheet: Worksheet, dark: bool, text_color: str) -> str:
    """One checked line: ✓ or ✗ and the line; for a wrong one the correct working and the mistake."""
    c = checked_line(entry, sheet)
    line = html.escape(c.shown)
    if c.mark == "?":
        return f'<p style="color:{text_color}">?&nbsp; {line}<br><i>{html.escape(c.remark)}</i></p>'
    if c.mark == "✓":
        note = f" &nbsp;<i>({c.remark})</i>" if c.remark else ""
        return f'<p style="color:{RIGHT_COLORS[dark]}">✓&nbsp; {line}{note}</p>'
    out = [f"✗&nbsp; {line}", f"&nbsp;&nbsp;&nbsp;correct: <code>{html.escape(c.correct)}</code>"]
    if c.mistake:
        out.append(f"&nbsp;&nbsp;&nbsp;{html.escape(c.mistake)}")
    return f'<p style="color:{WRONG_COLORS[dark]}">' + "<br>".join(out) + "</p>"

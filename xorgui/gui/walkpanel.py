"""The walkthrough panel: back-propagation of one sample, one phase at a time, as on a board.

It renders the controller's :class:`~xorgui.core.lesson.Walk` (``walk_changed``): the sample,
the current phase (title, note, and each equation as formula = substitution = value), then the
phases already done in this sample, most recent first. Every number is the engine's own: the
text comes from the :class:`~xorgui.core.walkthrough.Equation` objects. Buttons forward to the
controller (``step_phase``, ``step_phase_back``, ``set_practice``, ``answer``,
``reveal_answer``); the exports render the same phases with ``core.walkthrough``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFontDatabase, QFontInfo, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QSizePolicy,
    QTextBrowser, QVBoxLayout, QWidget,
)

from ..core import naming
from ..core.lesson import Walk
from ..core.numbers import fmt
from ..core.walkthrough import Equation, Phase, render_html, render_markdown

HINT = "Press Step phase (F8) to compute the next sample one phase at a time."
NBSP = "\u00a0"
QUESTION_ANCHOR = "question"
ZOOM_RANGE = (0.7, 2.5)
# (light theme, dark theme): readable on the base colour of either
RIGHT_COLORS = ("#1b7f3b", "#7ddc95")
WRONG_COLORS = ("#c62828", "#ff7b7b")
QUESTION_BACKGROUNDS = ("#fff1bf", "#4d3d00")


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def _board_text(line: str) -> str:
    """``line`` escaped for HTML, breakable only after its ``=``, ``:=`` and ``+`` signs, so that a
    narrow panel wraps ``a = W·X + … = 1·1 + … = 1`` between its parts, never inside a product.
    (QTextDocument.toPlainText turns the no-break spaces back into spaces.)"""
    text = line.replace(" ", NBSP)
    for sign in ("=", ":=", "+"):
        text = text.replace(f"{NBSP}{sign}{NBSP}", f"{NBSP}{sign} ")
    return html.escape(text, quote=False)


def hidden_text(eq: Equation) -> str:
    """An equation whose value the learner has still to find: ``target op formula = ?``."""
    return f"{eq.target} {eq.op} {eq.formula} = ?"


def sample_header(walk: Walk, precision: int) -> str:
    """'Sample 0: X1 = 0, X2 = 0 → target 0' (targets named when there are several outputs)."""
    tr = walk.trace
    inputs = ", ".join(f"{name} = {fmt(v, precision)}"
                       for name, v in zip(naming.unit_names(tr.layers, 0)[1:], tr.inputs))
    outs = naming.unit_names(tr.layers, len(tr.layers) - 1)
    if len(outs) == 1:
        target = fmt(tr.target[0], precision)
    else:
        target = ", ".join(f"{n} = {fmt(v, precision)}" for n, v in zip(outs, tr.target))
    return f"Sample {walk.sample}: {inputs} → target {target}"


def walk_markdown(walk: Walk, precision: int) -> str:
    """The walk's phases (all of them) as Markdown, with the numbers the panel shows."""
    return render_markdown(walk.trace, walk.sample, precision, phases=walk.phases)


def _group_size(phase: Phase) -> int:
    """How many equations belong to one unit or weight (a and z; ∂L/∂W and W := …), for spacing:
    the distance to the next equation of the first one's kind (1 when there is no pattern)."""
    kinds = [eq.kind for eq in phase.equations]
    return next((i for i in range(1, len(kinds)) if kinds[i] == kinds[0]), 1)


@dataclass(frozen=True)
class Look:
    """Sizes (from the base text size ``px``) and colours of the board."""

    px: float
    mono: str  # font family, HTML-escaped
    muted: str
    faint: str
    question: str  # background of the open question

    def size(self, factor: float) -> int:
        return round(self.px * factor)


def board_html(walk: Walk | None, question: Equation | None, precision: int, look: Look) -> str:
    """The board: the sample, the current phase in large type, then the phases done, newest first."""
    out = [f'<body style="font-size:{look.size(1.1)}px">']
    if walk is None or walk.current is None:
        if walk is not None:
            out.append(f'<p style="font-size:{look.size(1.2)}px; font-weight:600">'
                       f"{html.escape(sample_header(walk, precision))}</p>")
        out.append(f'<p style="color:{look.muted}; margin-top:8px">{html.escape(HINT)}</p>')
        return "".join(out) + "</body>"
    out.append(f'<p style="font-size:{look.size(1.2)}px; font-weight:600">'
               f"{html.escape(sample_header(walk, precision))}</p>")
    out += _current_html(walk, question, precision, look)
    if walk.revealed > 1:
        out += _history_html(walk, precision, look)
    return "".join(out) + "</body>"


def _current_html(walk: Walk, question: Equation | None, precision: int, look: Look) -> list[str]:
    """The current phase: its title, its note, and its equations (unanswered ones as "?")."""
    phase, n = walk.current, walk.revealed
    eq_px = look.size(1.55)
    indent = round(eq_px * 1.6)  # wrapped parts of an equation are indented under its first line
    out = [f'<p style="color:{look.muted}; margin-top:10px; margin-bottom:0px">Phase {n} of {len(walk.phases)}</p>',
           f'<p style="font-size:{look.size(1.45)}px; font-weight:600; margin-top:0px; margin-bottom:4px">'
           f"{html.escape(phase.title)}</p>",
           f'<p style="color:{look.muted}; margin-bottom:8px">{html.escape(phase.note)}</p>']
    shown, group = walk.shown(n - 1), _group_size(phase)
    for i, eq in enumerate(phase.equations):
        gap = round(eq_px * 0.7) if group > 1 and i and i % group == 0 else 2
        style = (f"font-family:'{look.mono}'; font-size:{eq_px}px; margin-left:{indent}px; "
                 f"text-indent:-{indent}px; margin-top:{gap}px; margin-bottom:{round(eq_px * 0.3)}px;")
        if i < shown:
            out.append(f'<p style="{style}">{_board_text(eq.text(precision))}</p>')
        elif eq is question:
            out.append(f'<p style="{style} background-color:{look.question}; font-weight:600">'
                       f'<a name="{QUESTION_ANCHOR}"></a>{_board_text(hidden_text(eq))}</p>')
        else:
            out.append(f'<p style="{style} color:{look.faint}">{_board_text(hidden_text(eq))}</p>')
    if walk.finished:
        out.append(f'<p style="color:{look.muted}; margin-top:10px">'
                   "This sample is done. Step phase starts the next one; Back undoes this step.</p>")
    return out


def _history_html(walk: Walk, precision: int, look: Look) -> list[str]:
    """The phases already done in this sample, most recent first, titles and lines only."""
    past_px = look.size(1.1)
    style = (f"font-family:'{look.mono}'; font-size:{past_px}px; margin-left:{round(past_px * 2.6)}px; "
             f"text-indent:-{round(past_px * 1.6)}px; margin-top:0px; margin-bottom:2px;")
    out = [f'<p style="color:{look.muted}; font-weight:600; margin-top:{look.size(1.85)}px">'
           "Earlier in this sample, most recent first</p>"]
    for k in range(walk.revealed - 2, -1, -1):
        phase = walk.phases[k]
        out.append(f'<p style="font-weight:600; margin-top:10px; margin-bottom:3px">'
                   f"{k + 1}. {html.escape(phase.title)}</p>")
        out += [f'<p style="{style}">{_board_text(eq.text(precision))}</p>'
                for eq in phase.equations[:walk.shown(k)]]
    return out


def _anchor_position(doc, name: str) -> int | None:
    """Where the anchor ``<a name=…>`` is in ``doc``, or None."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if name in fragment.charFormat().anchorNames():
                return fragment.position()
            it += 1
        block = block.next()
    return None


class Board(QTextBrowser):
    """The read-only board. Ctrl+wheel and Ctrl+plus/minus ask for larger or smaller text."""

    zoom_requested = Signal(int)  # +1 larger, −1 smaller, 0 back to normal

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                self.zoom_requested.emit(1 if dy > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_requested.emit(1)
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_requested.emit(-1)
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_0:
            self.zoom_requested.emit(0)
        else:
            super().keyPressEvent(event)


class WalkthroughPanel(QWidget):
    """Phase-by-phase back-propagation of the sample being stepped, with practice questions."""

    def __init__(self, controller, diagram=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.diagram = diagram
        self._zoom = 1.0
        self._precision = controller.precision
        self._verdict = ""  # the verdict shown, as plain text
        self._built = False

        self.back_button = QPushButton("◀ Back")
        self.back_button.setToolTip("Hide the last phase; over the last phase, undo the step")
        self.step_button = QPushButton("Step phase ▶")
        self.step_button.setToolTip("Compute the next phase of this sample (F8)")
        self.practice_box = QCheckBox("Practice")
        self.practice_box.setToolTip("Type each value before it is revealed")
        self.score_label = QLabel()
        self.board = Board()
        self.board.setOpenLinks(False)
        self.board.setMinimumHeight(160)
        self.board.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.answer_label = QLabel("Your answer:")
        self.answer_edit = QLineEdit()
        self.answer_edit.setPlaceholderText("a value, or your working: 1 - 0.1*1*4")
        self.answer_edit.setClearButtonEnabled(True)
        self.answer_label.setBuddy(self.answer_edit)
        self.check_button = QPushButton("Check")
        self.check_button.setToolTip("Check your answer (Enter)")
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setToolTip("Show the value (counts as not right)")
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy this sample's whole walkthrough as Markdown")
        self.export_button = QPushButton("Export")
        self.export_button.setToolTip("Save this sample's whole walkthrough as Markdown or HTML")
        menu = QMenu(self.export_button)
        self.export_markdown_action = QAction("Export Markdown…", self)
        self.export_html_action = QAction("Export HTML…", self)
        menu.addAction(self.export_markdown_action)
        menu.addAction(self.export_html_action)
        self.export_button.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.step_button)
        top.addStretch(1)
        top.addWidget(self.practice_box)
        top.addSpacing(8)
        top.addWidget(self.score_label)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_label)
        answer_row.addWidget(self.answer_edit, 1)
        answer_row.addWidget(self.check_button)
        answer_row.addWidget(self.reveal_button)
        self.practice_row = QWidget()
        practice = QVBoxLayout(self.practice_row)
        practice.setContentsMargins(0, 0, 0, 0)
        practice.setSpacing(4)
        practice.addLayout(answer_row)
        practice.addWidget(self.verdict_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.board, 1)
        layout.addWidget(self.practice_row)
        layout.addLayout(bottom)

        self.back_button.clicked.connect(controller.step_phase_back)
        self.step_button.clicked.connect(controller.step_phase)
        self.practice_box.toggled.connect(controller.set_practice)
        self.practice_box.toggled.connect(self._show_practice_row)
        self.check_button.clicked.connect(self.check_answer)
        self.answer_edit.returnPressed.connect(self.check_answer)
        self.reveal_button.clicked.connect(controller.reveal_answer)
        self.copy_button.clicked.connect(self.copy_markdown)
        self.export_markdown_action.triggered.connect(self.export_markdown_dialog)
        self.export_html_action.triggered.connect(self.export_html_dialog)
        self.board.zoom_requested.connect(self.zoom)
        controller.walk_changed.connect(self._on_walk_changed)
        controller.snapshot_changed.connect(self._on_snapshot)
        self._built = True
        self.show_walk()

    # -- what is shown ----------------------------------------------------------------------
    @property
    def walk(self) -> Walk | None:
        return self.controller.walk

    def text(self) -> str:
        """The plain text shown: the board, then the practice verdict if there is one."""
        text = self.board.toPlainText()
        if self.practice_row.isVisibleTo(self) and self._verdict:
            text += "\n" + self._verdict
        return text

    def _on_walk_changed(self, walk: Walk | None) -> None:
        self.status_label.clear()
        self.show_walk()

    def show_walk(self) -> None:
        """Render the controller's walk, and highlight its phase on the diagram."""
        walk = self.controller.walk
        self._precision = self.controller.precision
        question = walk.question() if walk is not None else None
        self.board.setHtml(self._board_html(walk, question))
        self._scroll_to(question is not None)
        self._sync_controls(walk, question)
        self._show_verdict(walk)
        if self.diagram is not None:
            phase = walk.current if walk is not None else None
            if phase is None:
                self.diagram.highlight(set(), set())
            else:
                self.diagram.highlight(set(phase.units), set(phase.weights))

    def zoom(self, direction: int) -> None:
        """Larger (+1), smaller (−1) or normal (0) text on the board."""
        factor = 1.0 if direction == 0 else self._zoom * (1.15 if direction > 0 else 1 / 1.15)
        factor = min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        if factor != self._zoom:
            self._zoom = factor
            self.show_walk()

    def _on_snapshot(self, snapshot) -> None:
        if self.controller.precision != self._precision:
            self.show_walk()

    def _sync_controls(self, walk: Walk | None, question: Equation | None) -> None:
        c = self.controller
        with QSignalBlocker(self.practice_box):
            self.practice_box.setChecked(c.practice)
        self._show_practice_row(c.practice)
        self.step_button.setEnabled(question is None)
        self.step_button.setToolTip("Answer the open question first (or press Reveal)" if question is not None
                                    else "Compute the next phase of this sample (F8)")
        self.back_button.setEnabled(walk is not None and walk.revealed > 0)
        for w in (self.answer_edit, self.check_button, self.reveal_button):
            w.setEnabled(question is not None)
        self.score_label.setText(f"Score: {c.score}")
        self.copy_button.setEnabled(walk is not None)
        self.export_button.setEnabled(walk is not None)
        if question is not None:
            focus = QApplication.focusWidget()
            if focus is None or self.isAncestorOf(focus):
                self.answer_edit.setFocus()

    def _show_practice_row(self, on: bool) -> None:
        self.practice_row.setVisible(on)
        self.score_label.setVisible(on)

    def _show_verdict(self, walk: Walk | None) -> None:
        verdict = walk.last_verdict if walk is not None else None
        if verdict is None:
            self.verdict_label.clear()
            self._verdict = ""
            return
        pal = self.palette()
        dark = _is_dark(pal)
        if verdict.correct:
            color = RIGHT_COLORS[dark]
        elif verdict.value is not None:
            color = WRONG_COLORS[dark]
        else:  # revealed, or an answer that could not be read
            color = pal.color(QPalette.ColorRole.WindowText).name()
        lines = verdict.message.replace(" Yours: ", "\nYours: ").split("\n")
        head, sep, rest = lines[0].partition(": ")
        if sep and " = " in rest:  # "Right: a = …", "Revealed: a = …": the equation on its own line
            lines[:1] = [head + ".", rest]
        self._verdict = "\n".join(lines)
        mono = html.escape(self._mono_family(), quote=True)
        px = round(self._base_px() * 1.2)
        hang = 3 * px  # wrapped parts of a long line are indented under it
        body = [f'<p style="font-weight:600; margin:0px">{html.escape(lines[0])}</p>']
        body += [f'<p style="font-family:\'{mono}\'; margin:0px; margin-left:{hang}px; text-indent:-{hang}px">'
                 f"{_board_text(line)}</p>" for line in lines[1:]]
        self.verdict_label.setText(f'<div style="color:{color}; font-size:{px}px">' + "".join(body) + "</div>")

    def _scroll_to(self, question: bool) -> None:
        """Show the top of the board, or as little below it as shows the open question and the
        two lines after it."""
        self.board.verticalScrollBar().setValue(0)
        doc = self.board.document()
        position = _anchor_position(doc, QUESTION_ANCHOR) if question else None
        if position is None:
            return
        block = doc.findBlock(position)
        for _ in range(2):
            if block.next().isValid():
                block = block.next()
        cursor = self.board.textCursor()
        for target in (block.position(), position):  # the context below, then the question itself
            cursor.setPosition(target)
            self.board.setTextCursor(cursor)
            self.board.ensureCursorVisible()

    # -- the board's HTML --------------------------------------------------------------------
    def _mono_family(self) -> str:
        return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()

    def _base_px(self) -> float:
        """The board's base text size in pixels: the widget's font, at least 12 px, zoomed."""
        return max(QFontInfo(self.font()).pixelSize(), 12) * self._zoom

    def _board_html(self, walk: Walk | None, question: Equation | None) -> str:
        pal = self.palette()
        text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
        look = Look(px=self._base_px(), mono=html.escape(self._mono_family(), quote=True),
                    muted=_mix(base, text, 0.62).name(), faint=_mix(base, text, 0.45).name(),
                    question=QUESTION_BACKGROUNDS[_is_dark(pal)])
        return board_html(walk, question, self._precision, look)

    # -- practice ---------------------------------------------------------------------------
    def check_answer(self) -> None:
        """Send the typed answer to the controller; a right answer clears the field."""
        if self.walk is None or self.walk.question() is None:
            return
        verdict = self.controller.answer(self.answer_edit.text())
        if verdict is not None and verdict.correct:
            self.answer_edit.clear()
        else:
            self.answer_edit.selectAll()

    # -- exports ----------------------------------------------------------------------------
    def markdown(self) -> str:
        """This sample's whole walkthrough as Markdown ("" without a walk)."""
        walk = self.walk
        return "" if walk is None else walk_markdown(walk, self._precision)

    def html(self) -> str:
        """This sample's whole walkthrough as a standalone HTML page ("" without a walk)."""
        walk = self.walk
        if walk is None:
            return ""
        return render_html(walk.trace, walk.sample, self._precision, phases=list(walk.phases))

    def copy_markdown(self) -> bool:
        text = self.markdown()
        if not text:
            self._status("Nothing to copy yet: press Step phase first.", error=True)
            return False
        QGuiApplication.clipboard().setText(text)
        self._status(f"Copied the walkthrough of sample {self.walk.sample} as Markdown.")
        return True

    def export_markdown(self, path: str | Path) -> bool:
        return self._export(path, self.markdown())

    def export_html(self, path: str | Path) -> bool:
        return self._export(path, self.html())

    def export_markdown_dialog(self) -> bool:
        return self._export_dialog("Markdown", "md", "Markdown (*.md);;All files (*)", self.export_markdown)

    def export_html_dialog(self) -> bool:
        return self._export_dialog("HTML", "html", "HTML (*.html *.htm);;All files (*)", self.export_html)

    def _export_dialog(self, kind: str, ext: str, filters: str, export) -> bool:
        if self.walk is None:
            return False
        folder = self.controller.path.parent if self.controller.path else Path.home()
        suggested = str(folder / f"walkthrough-sample-{self.walk.sample}.{ext}")
        path, _ = QFileDialog.getSaveFileName(self, f"Export the walkthrough as {kind}", suggested, filters)
        return bool(path) and export(path)

    def _export(self, path: str | Path, text: str) -> bool:
        path = Path(path)
        if not text:
            self._status("Nothing to export yet: press Step phase first.", error=True)
            return False
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        except OSError as exc:
            self._status(f"Could not export to {path.name or path}: {exc.strerror or exc}", error=True)
            return False
        self._status(f"Exported the walkthrough of sample {self.walk.sample} to {path.name}.")
        return True

    def _status(self, text: str, error: bool = False) -> None:
        color = WRONG_COLORS[_is_dark(self.palette())] if error else None
        self.status_label.setStyleSheet(f"QLabel {{ color: {color}; }}" if color else "")
        self.status_label.setText(text)

    # -- palette ------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange) and self._built:
            self.show_walk()

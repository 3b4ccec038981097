"""The walkthrough panel: back-propagation of one sample, one phase at a time, as on a board.

It renders the :class:`~xorgui.core.lesson.LessonView` carried by ``walk_changed``: the sample,
the current phase (title, note, and each equation as formula = substitution = value), then the
phases already done in this sample, most recent first (HTML in ``gui/board.py``). Buttons
forward to the controller (``step_phase``, ``step_phase_back``, ``set_practice``, ``answer``,
``reveal_answer``) and act on the Result they get back; the exports render the same phases
with ``core.walkthrough``. What the current phase is about is highlighted on the diagram by
the window's wiring, not by this panel.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QSizePolicy,
    QToolButton, QVBoxLayout, QWidget,
)

from ..core import atomic
from ..core.hidden import NOTE
from ..core.lesson import LessonView
from .theme import is_dark, mix
from .time_travel import ReadOnlyWhileViewing
from .board import (  # noqa: F401 - HINT: what the panel says before the first step
    BOARD_MIN_HEIGHT, HINT, MARK_BACKGROUNDS, QUESTION_BACKGROUNDS, RIGHT_COLORS, WRONG_COLORS, ZOOM_RANGE,
    Board, Look, board_html, board_text, verdict_text, walk_html, walk_markdown,
)

COPY_TIP = "Copy this sample's whole walkthrough as Markdown"
EXPORT_TIP = "Save this sample's whole walkthrough as Markdown or HTML"


class WalkthroughPanel(QWidget):
    """Phase-by-phase back-propagation of the sample being stepped, with practice questions."""

    # the board is this many pixels short of a phase's title, note and first two equations (the
    # window may give it room)
    room_wanted = Signal(int)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._zoom = 1.0
        self._lesson: LessonView = controller.walks.view()  # the last one handed over
        # of the session file: exports are suggested there (the panel may be built after it opened)
        self._folder: Path | None = controller.path.parent if controller.path else None
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
        # room for the phase's heading and a few equations: at 1024×700 the window's splitter takes
        # the height from the diagram (which scales) rather than leave the board two lines tall
        self.board.setMinimumHeight(BOARD_MIN_HEIGHT)
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
        self.status_label.hide()  # shown with a message (an export's outcome): no empty row
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # tool buttons: as wide as their text, so that they share the top row at 1024×700
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip(COPY_TIP)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        # the arrow in a segment of its own (InstantPopup drew it over the "t"); either part opens the menu
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.export_button.clicked.connect(self.export_button.showMenu)
        self.export_button.setToolTip(EXPORT_TIP)
        menu = QMenu(self.export_button)
        self.export_markdown_action = QAction("Export Markdown…", self)
        self.export_html_action = QAction("Export HTML…", self)
        menu.addAction(self.export_markdown_action)
        menu.addAction(self.export_html_action)
        self.export_button.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.step_button)
        top.addSpacing(16)
        top.addWidget(self.practice_box)  # left of the score: it stays put when the score appears
        top.addSpacing(8)
        top.addWidget(self.score_label)
        top.addStretch(1)
        top.addWidget(self.copy_button)  # up here: a row of their own cost the board two lines
        top.addWidget(self.export_button)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.board, 1)
        layout.addWidget(self.practice_row)
        layout.addWidget(self.status_label)

        self.back_button.clicked.connect(controller.step_phase_back)
        self.step_button.clicked.connect(controller.step_phase)
        self.practice_box.toggled.connect(controller.set_practice)
        self.check_button.clicked.connect(self.check_answer)
        self.answer_edit.returnPressed.connect(self.check_answer)
        self.reveal_button.clicked.connect(controller.reveal_answer)
        self.copy_button.clicked.connect(self.copy_markdown)
        self.export_markdown_action.triggered.connect(self.export_markdown_dialog)
        self.export_html_action.triggered.connect(self.export_html_dialog)
        self.board.zoom_requested.connect(self.zoom)
        # the verdict's room is taken from the board after this panel rendered: scroll again then
        # (the board says so only while the learner has not scrolled elsewhere)
        self.board.resized.connect(lambda: self._scroll_to(*self._focus()))
        controller.walk_changed.connect(self.show_lesson)
        controller.file_changed.connect(self._on_file_changed)
        controller.run_controls_changed.connect(lambda _: self._sync_controls(self._lesson))
        self._built = True
        # the past is read-only: no step can be taken in it, and these say why
        self._past = ReadOnlyWhileViewing(controller.travel, (self.step_button, self.back_button),
                                          then=self.show_walk, parent=self)
        self.show_walk()

    # -- what is shown ----------------------------------------------------------------------
    @property
    def walk(self):
        """The walk shown (a frozen WalkView), or None."""
        return self._lesson.walk

    def text(self) -> str:
        """The plain text shown: the board, then the practice verdict if there is one."""
        text = self.board.toPlainText()
        if self.practice_row.isVisibleTo(self) and self._verdict:
            text += "\n" + self._verdict
        return text

    def show_lesson(self, lesson: LessonView) -> None:
        """Render what ``walk_changed`` carries."""
        self._lesson = lesson
        self.status_label.clear()
        self.status_label.hide()
        self.show_walk()

    def _on_file_changed(self, path: str) -> None:
        self._folder = Path(path).parent if path else None

    def show_walk(self) -> None:
        """Render the last lesson view handed over (again, e.g. at another zoom)."""
        lesson = self._lesson
        walk = lesson.walk
        self.board.setHtml(self._board_html(walk))
        self._sync_controls(lesson)
        self._show_verdict(walk)
        self._scroll_to(*self._focus())
        self.ask_for_room()

    def ask_for_room(self) -> None:
        """Emit ``room_wanted`` if the board cannot show the current phase's start."""
        short = self.board.shortfall()
        if short:
            self.room_wanted.emit(short)

    def _focus(self) -> tuple[bool, bool, bool]:
        """What the board keeps in view (see _scroll_to), from the lesson handed over: an open
        question, lines a demo marks, a verdict."""
        walk = self._lesson.walk
        return (walk is not None and walk.question is not None, walk is not None and bool(walk.marked),
                walk is not None and walk.verdict is not None)

    def zoom(self, direction: int) -> None:
        """Larger (+1), smaller (−1) or normal (0) text on the board."""
        factor = 1.0 if direction == 0 else self._zoom * (1.15 if direction > 0 else 1 / 1.15)
        factor = min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        if factor != self._zoom:
            self._zoom = factor
            self.show_walk()

    def _sync_controls(self, lesson: LessonView) -> None:
        walk = lesson.walk
        question = walk.question if walk is not None else None
        with QSignalBlocker(self.practice_box):
            self.practice_box.setChecked(lesson.practice)
        self._show_practice_row(lesson.practice)
        phase = self.controller.run_controls.phase  # the controller's: no step on a loss not finite
        self._past.allow(self.step_button, question is None and phase.enabled)
        self._past.set_tip(self.step_button, phase.reason or ("Answer the open question first (or press Reveal)"
                           if question is not None else "Compute the next phase of this sample (F8)"))
        self._past.allow(self.back_button, walk is not None and walk.revealed > 0)
        for w in (self.answer_edit, self.check_button, self.reveal_button):
            w.setEnabled(question is not None)
        self.score_label.setText(f"Score: {lesson.score}")
        withheld = lesson.hidden.walk_text  # the whole text would answer the questions still to come
        self.copy_button.setEnabled(walk is not None and not withheld)
        self.export_button.setEnabled(walk is not None and not withheld)
        self.copy_button.setToolTip(f"Copy: {NOTE}" if withheld else COPY_TIP)
        self.export_button.setToolTip(f"Export: {NOTE}" if withheld else EXPORT_TIP)
        if question is not None:
            focus = QApplication.focusWidget()
            if focus is None or self.isAncestorOf(focus):
                self.answer_edit.setFocus()

    def _show_practice_row(self, on: bool) -> None:
        self.practice_row.setVisible(on)
        self.score_label.setVisible(on)

    def _show_verdict(self, walk) -> None:
        verdict = walk.verdict if walk is not None else None
        if verdict is None:
            self.verdict_label.clear()
            self.verdict_label.setMinimumHeight(0)
            self._verdict = ""
            return
        pal = self.palette()
        dark = is_dark(pal)
        if verdict.correct:
            color = RIGHT_COLORS[dark]
        elif verdict.typed is not None:
            color = WRONG_COLORS[dark]
        else:  # revealed, or an answer that could not be read
            color = pal.color(QPalette.ColorRole.WindowText).name()
        shown = verdict_text(verdict, walk.verdict_equation)
        self._verdict = shown.plain()
        mono = html.escape(self._mono_family(), quote=True)
        px = round(self._base_px() * 1.2)
        hang = 3 * px  # wrapped parts of a long line are indented under it
        body = [f'<p style="font-weight:600; margin:0px">{html.escape(shown.head)}</p>']
        body += [f'<p style="font-family:\'{mono}\'; margin:0px; margin-left:{hang}px; text-indent:-{hang}px">'
                 f"{board_text(line)}</p>" for line in shown.lines]
        if shown.note:
            body.append(f'<p style="margin:0px; margin-top:3px">{html.escape(shown.note)}</p>')
        self.verdict_label.setText(f'<div style="color:{color}; font-size:{px}px">' + "".join(body) + "</div>")
        self._reserve_verdict_height()

    def _reserve_verdict_height(self) -> None:
        """A wrapped label's height is not reserved by the splitter above it: reserve it, so the
        verdict is never cut (the board, which scrolls, gives up the room)."""
        label = self.verdict_label
        width = max(label.width(), self.practice_row.width(), 100)
        label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reserve_verdict_height()

    def _scroll_to(self, question: bool, marked: bool = False, answered: bool = False) -> None:
        """Show the top of the board, or as little below it as shows the open question (else the
        first line a demo points at), then as much as fits of: the line just answered (the
        verdict below is about it), the phase's title, and the two lines after the question."""
        self.board.scroll_automatically(self.board.scroll_value(question, marked, answered))

    # -- the board's HTML --------------------------------------------------------------------
    def _mono_family(self) -> str:
        return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()

    def _base_px(self) -> float:
        """The board's base text size in pixels: the widget's font, at least 12 px, zoomed."""
        return max(QFontInfo(self.font()).pixelSize(), 12) * self._zoom

    def _board_html(self, walk) -> str:
        pal = self.palette()
        text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
        look = Look(px=self._base_px(), mono=html.escape(self._mono_family(), quote=True),
                    muted=mix(base, text, 0.62).name(), faint=mix(base, text, 0.45).name(),
                    question=QUESTION_BACKGROUNDS[is_dark(pal)], mark=MARK_BACKGROUNDS[is_dark(pal)])
        return board_html(walk, self._lesson.precision, look, self._past.reason or HINT)

    # -- practice ---------------------------------------------------------------------------
    def check_answer(self) -> None:
        """Send the typed answer to the controller. A number closes the question (right, or
        wrong with the correct value shown) and clears the field; unreadable text stays to fix."""
        if self.walk is None or self.walk.question is None:
            return
        result = self.controller.answer(self.answer_edit.text())
        verdict = self.walk.verdict if self.walk is not None else None
        if result or (verdict is not None and verdict.typed is not None):
            self.answer_edit.clear()
        else:
            self.answer_edit.selectAll()

    # -- exports ----------------------------------------------------------------------------
    def markdown(self) -> str:
        """This sample's whole walkthrough as Markdown ("" without a walk, or while withheld)."""
        walk = self.walk
        return "" if walk is None or self._lesson.hidden.walk_text else walk_markdown(walk, self._lesson.precision)

    def html(self) -> str:
        """This sample's whole walkthrough as a standalone HTML page ("" without a walk, or while withheld)."""
        walk = self.walk
        return "" if walk is None or self._lesson.hidden.walk_text else walk_html(walk, self._lesson.precision)

    def _withheld(self) -> bool:
        if self._lesson.hidden.walk_text:
            self._status(f"The whole walkthrough is {NOTE}: it holds their answers.", error=True)
        return self._lesson.hidden.walk_text

    def copy_markdown(self) -> bool:
        if self._withheld():
            return False
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
        if self.walk is None or self._withheld():
            return False
        folder = self._folder or Path.home()
        suggested = str(folder / f"walkthrough-sample-{self.walk.sample}.{ext}")
        path, _ = QFileDialog.getSaveFileName(self, f"Export the walkthrough as {kind}", suggested, filters)
        return bool(path) and export(path)

    def _export(self, path: str | Path, text: str) -> bool:
        path = Path(path)
        if self._withheld():
            return False
        if not text:
            self._status("Nothing to export yet: press Step phase first.", error=True)
            return False
        try:
            atomic.write_text(path, text)  # as every export: a read-only file or a folder refused, never half-written
        except OSError as exc:
            self._status(f"Could not export: {atomic.cannot_write(path, exc)}", error=True)
            return False
        self._status(f"Exported the walkthrough of sample {self.walk.sample} to {path.name}.")
        return True

    def _status(self, text: str, error: bool = False) -> None:
        color = WRONG_COLORS[is_dark(self.palette())] if error else None
        self.status_label.setStyleSheet(f"QLabel {{ color: {color}; }}" if color else "")
        self.status_label.setText(text)
        self.status_label.show()

    # -- palette ------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange) and self._built:
            self.show_walk()

"""The walkthrough board: a :class:`~xorgui.core.lesson.WalkView` as HTML, and the widget showing it.

Pure functions of what they are given (a frozen walk view, a precision and a :class:`Look`):
rendering never changes the walk. Every number is the engine's own, from the phases'
:class:`~xorgui.core.walkthrough.Equation` objects.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTextBrowser

from ..core.lesson import WalkView
from ..core.numbers import fmt
from ..core.practice import Verdict
from ..core.worksheet import wrong_because
from ..core.walkthrough import Equation, Phase
from ..core.walkthrough_render import render_html, render_markdown, sample_line

HINT = "Press Step phase (F8) to compute the next sample one phase at a time."
NBSP = "\u00a0"
QUESTION_ANCHOR = "question"
MARK_ANCHOR = "marked"  # on each line a demo points at: the panel scrolls to the first
PHASE_ANCHOR = "phase"  # on the current phase's title
ANSWERED_ANCHOR = "answered"  # on the line the practice verdict is about: the panel keeps it in view
BOARD_MIN_HEIGHT = 130  # px: the phase's heading, its note and an equation (the answered one, in practice)
ZOOM_RANGE = (0.7, 2.5)
# (light theme, dark theme): readable on the base colour of either
RIGHT_COLORS = ("#1b7f3b", "#7ddc95")
WRONG_COLORS = ("#c62828", "#ff7b7b")
QUESTION_BACKGROUNDS = ("#fff1bf", "#4d3d00")
MARK_BACKGROUNDS = ("#d8eaff", "#1d3957")


def board_text(line: str) -> str:
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


@dataclass(frozen=True)
class VerdictText:
    """A practice verdict as the panel shows it: a headline, equations (monospace), and the
    sentence naming the mistake ("" if none)."""

    head: str
    lines: tuple[str, ...]
    note: str = ""

    def plain(self) -> str:
        return "\n".join([self.head, *self.lines] + ([self.note] if self.note else []))


def verdict_text(verdict: Verdict, eq: Equation | None) -> VerdictText:
    """Format the fields of ``verdict`` about equation ``eq`` (see :class:`core.practice.Verdict`)."""
    p = verdict.decimals
    correct = eq.text(p) if eq is not None else f"{verdict.quantity} = {fmt(verdict.expected, p)}"
    if verdict.revealed:
        return VerdictText("Revealed (counted as not right).", (correct,))
    if verdict.typed is None:
        return VerdictText(f"Could not read that: {verdict.problem}. Not counted: type it again.", ())
    if verdict.correct:
        head = (f"Right, to the decimals you gave ({verdict.decimals} are expected)." if verdict.fewer_decimals
                else "Right.")
        return VerdictText(head, (correct,))
    target = f"{eq.target} {eq.op}" if eq is not None else f"{verdict.quantity} ="
    yours = f"{target} {verdict.working} = {fmt(verdict.typed, p)}" if verdict.working else \
        f"{target} {fmt(verdict.typed, max(p, verdict.typed_decimals or 0))}"
    # the correct working itself is on the board now, right above: the verdict stays short
    right = f"{target} {fmt(verdict.expected, p)}"
    return VerdictText("Not quite (counted as not right).", (f"Yours: {yours}   Correct: {right}",),
                       wrong_because(verdict, p))


def sample_header(walk: WalkView, precision: int) -> str:
    """'Sample 0: z_X1 = 0, z_X2 = 0 (bias z_X0 = 1); target y = 0.', as the walkthrough's exports say it."""
    return sample_line(walk.trace, walk.sample, precision)


def walk_markdown(walk: WalkView, precision: int) -> str:
    """The walk's phases (all of them) as Markdown, with the numbers the panel shows."""
    return render_markdown(walk.trace, walk.sample, precision, phases=list(walk.phases))


def walk_html(walk: WalkView, precision: int) -> str:
    """The walk's phases (all of them) as a standalone HTML page."""
    return render_html(walk.trace, walk.sample, precision, phases=list(walk.phases))


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
    mark: str = MARK_BACKGROUNDS[0]  # background of the lines a demo points at

    def line(self, style: str, eq: Equation, marked: tuple[str, ...], text: str, answered: bool = False) -> str:
        """One equation's paragraph; a line a demo points at is shaded and anchored, and so is
        (without the shade) the line a verdict is about."""
        anchor = f'<a name="{ANSWERED_ANCHOR}"></a>' if answered else ""
        if eq.target not in marked:
            return f'<p style="{style}">{anchor}{text}</p>'
        return f'<p style="{style} background-color:{self.mark}"><a name="{MARK_ANCHOR}"></a>{anchor}{text}</p>'

    def size(self, factor: float) -> int:
        return round(self.px * factor)


def board_html(walk: WalkView | None, precision: int, look: Look, hint: str = HINT) -> str:
    """The board: the sample, the current phase in large type, then the phases done, newest first;
    ``hint`` before the first phase (why no step can be taken, while an earlier epoch is shown)."""
    out = [f'<body style="font-size:{look.size(1.1)}px">']
    if walk is None or walk.current is None:
        if walk is not None:
            out.append(f'<p style="font-size:{look.size(1.2)}px; font-weight:600">'
                       f"{html.escape(sample_header(walk, precision))}</p>")
        out.append(f'<p style="color:{look.muted}; margin-top:8px">{html.escape(hint)}</p>')
        return "".join(out) + "</body>"
    out.append(f'<p style="font-size:{look.size(1.2)}px; font-weight:600">'
               f"{html.escape(sample_header(walk, precision))}</p>")
    out += _current_html(walk, precision, look)
    if walk.revealed > 1:
        out += _history_html(walk, precision, look)
    return "".join(out) + "</body>"


def _current_html(walk: WalkView, precision: int, look: Look) -> list[str]:
    """The current phase: its title, its note, and its equations (unanswered ones as "?")."""
    phase, n = walk.current, walk.revealed
    eq_px = look.size(1.55)
    indent = round(eq_px * 1.6)  # wrapped parts of an equation are indented under its first line
    out = [f'<p style="color:{look.muted}; margin-top:10px; margin-bottom:0px">Phase {n} of {len(walk.phases)}</p>',
           f'<p style="font-size:{look.size(1.45)}px; font-weight:600; margin-top:0px; margin-bottom:4px">'
           f'<a name="{PHASE_ANCHOR}"></a>{html.escape(phase.title)}</p>',
           f'<p style="color:{look.muted}; margin-bottom:8px">{html.escape(phase.note)}</p>']
    shown, group, question = walk.shown[n - 1], _group_size(phase), walk.question
    answered = walk.verdict_equation.target if walk.verdict is not None and walk.verdict_equation else None
    for i, eq in enumerate(phase.equations):
        gap = round(eq_px * 0.7) if group > 1 and i and i % group == 0 else 2
        style = (f"font-family:'{look.mono}'; font-size:{eq_px}px; margin-left:{indent}px; "
                 f"text-indent:-{indent}px; margin-top:{gap}px; margin-bottom:{round(eq_px * 0.3)}px;")
        if i < shown:
            out.append(look.line(style, eq, walk.marked, board_text(eq.text(precision)), eq.target == answered))
        elif eq is question:
            out.append(f'<p style="{style} background-color:{look.question}; font-weight:600">'
                       f'<a name="{QUESTION_ANCHOR}"></a>{board_text(hidden_text(eq))}</p>')
        else:
            out.append(f'<p style="{style} color:{look.faint}">{board_text(hidden_text(eq))}</p>')
    if walk.finished:
        out.append(f'<p style="color:{look.muted}; margin-top:10px">'
                   "This sample is done. Step phase starts the next one; Back undoes this step.</p>")
    return out


def _history_html(walk: WalkView, precision: int, look: Look) -> list[str]:
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
        out += [look.line(style, eq, walk.marked, board_text(eq.text(precision)))
                for eq in phase.equations[:walk.shown[k]]]
    return out


def anchor_position(doc, name: str) -> int | None:
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


def _span(rect) -> tuple[float, float]:
    """(top, bottom) of a block's rectangle on the board."""
    return rect.top(), rect.bottom()


class Board(QTextBrowser):
    """The read-only board. Ctrl+wheel and Ctrl+plus/minus ask for larger or smaller text."""

    zoom_requested = Signal(int)  # +1 larger, −1 smaller, 0 back to normal
    # its height changed while it still showed the position set by scroll_automatically: what
    # was scrolled into view may be out of it. Never emitted once the learner scrolled elsewhere.
    resized = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._automatic: int | None = None  # the value scroll_automatically set, until a new one

    def scroll_value(self, question: bool, marked: bool, answered: bool) -> int:
        """Where the scroll bar shows the top of the board, or as little below it as shows the open
        question (else the first line a demo marks), then as much as fits of: the line just answered,
        the phase's title, and the two lines after the question."""
        doc = self.document()
        anchor = QUESTION_ANCHOR if question else MARK_ANCHOR if marked else None
        position = anchor_position(doc, anchor) if anchor else None
        line = anchor_position(doc, ANSWERED_ANCHOR) if answered else None
        if position is None and line is None:
            return 0
        main = doc.findBlock(position if position is not None else line)
        wanted = [doc.findBlock(p) for p in (line, anchor_position(doc, PHASE_ANCHOR)) if p is not None]
        if position is not None:  # what comes after the question or the marked line
            after = main
            for _ in range(2):
                after = after.next()
                if after.isValid():
                    wanted.append(after)
        layout, height = doc.documentLayout(), self.viewport().height()
        top, bottom = _span(layout.blockBoundingRect(main))
        for block in wanted:
            t, b = _span(layout.blockBoundingRect(block))
            if max(bottom, b) - min(top, t) <= height:
                top, bottom = min(top, t), max(bottom, b)
        if bottom <= height:
            return 0
        value = math.ceil(bottom - height)
        # no line cut across its middle at the top: start at the next whole line if what is wanted still shows
        cut = doc.findBlock(layout.hitTest(QPointF(0, value), Qt.HitTestAccuracy.FuzzyHit))
        if cut.isValid():
            t, b = _span(layout.blockBoundingRect(cut))
            if t < value < b <= top:
                value = math.ceil(b)
        return max(0, value)

    def shortfall(self) -> int:
        """Pixels the board lacks to show, from its top, the sample, the current phase's title, its
        note and its first two equations (0: it shows them; at 1024×700 only the note did)."""
        doc = self.document()
        at = anchor_position(doc, PHASE_ANCHOR)
        if at is None:
            return 0
        last = doc.findBlock(at)
        for _ in range(3):  # the note, then two equations
            if last.next().isValid():
                last = last.next()
        bottom = doc.documentLayout().blockBoundingRect(last).bottom() + doc.documentMargin()
        return max(0, math.ceil(bottom - self.viewport().height()))

    def scroll_automatically(self, value: int) -> None:
        """Scroll to ``value`` on the program's behalf (the panel showing the open question):
        while the board stays there, a change of height emits ``resized`` to scroll again."""
        bar = self.verticalScrollBar()
        bar.setValue(value)
        self._automatic = bar.value()

    def at_automatic_position(self) -> bool:
        """True while the board shows what scroll_automatically scrolled to: the learner has not
        scrolled since (a position clamped by a taller board still counts)."""
        bar, auto = self.verticalScrollBar(), self._automatic
        return auto is not None and (bar.value() == auto or bar.value() == bar.maximum() < auto)

    def resizeEvent(self, event) -> None:
        bar = self.verticalScrollBar()
        automatic = self.at_automatic_position()
        # a learner who scrolled to the end (the sample's first phases) keeps the end in view
        at_end = not automatic and 0 < bar.maximum() == bar.value()
        super().resizeEvent(event)
        if event.size().height() == event.oldSize().height():
            return
        if automatic:
            self.resized.emit()
        elif at_end:
            bar.setValue(bar.maximum())

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

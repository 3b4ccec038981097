"""Why isn't it learning? The core's findings as cards, each with its one-click remedies.

The panel renders ``snapshot.findings`` from ``controller.snapshot_changed`` and rebuilds its
cards only when the findings changed. A remedy button calls ``controller.apply_remedy``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

from ..core.diagnostics import REMEDY_LABELS, Finding, Remedy
from ..core.findings import NO_FINDINGS, no_findings_text, shown_findings
from ..core.hidden import Hidden
from ..core.snapshot import Snapshot
from .theme import is_dark, mix
from .time_travel import ReadOnlyWhileViewing

HEADING = "Why isn't it learning?"
NO_PROBLEMS = NO_FINDINGS  # the CLI's diagnose says the same
ICON_PX = 20
# (light theme, dark theme) per severity: readable on the window colour of either
SEVERITY_COLORS = {
    "error": ("#c62828", "#ff6b6b"),
    "warning": ("#b26a00", "#ffb74d"),
    "info": ("#1c64c8", "#64b0ff"),
}
SEVERITY_NAMES = {"error": "Error", "warning": "Warning", "info": "Note"}


def severity_color(severity: str, palette: QPalette) -> QColor:
    light, dark = SEVERITY_COLORS.get(severity, SEVERITY_COLORS["info"])
    return QColor(dark if is_dark(palette) else light)


def severity_icon(severity: str, color: QColor, ratio: float = 1.0) -> QPixmap:
    """A small badge: a triangle with "!" for warnings, a disc with "!" or "i" otherwise."""
    size = round(ICON_PX * ratio)
    pix = QPixmap(size, size)
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    s = float(ICON_PX)
    if severity == "warning":
        path = QPainterPath(QPointF(s / 2, 1))
        path.lineTo(s - 1, s - 2)
        path.lineTo(1, s - 2)
        path.closeSubpath()
        p.drawPath(path)
        text_rect = QRectF(0, s * 0.28, s, s * 0.7)
    else:
        p.drawEllipse(QRectF(1, 1, s - 2, s - 2))
        text_rect = QRectF(0, 0, s, s)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(s * 0.62))
    p.setFont(font)
    p.setPen(QColor("white") if color.lightnessF() < 0.55 else QColor("black"))
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, "i" if severity == "info" else "!")
    p.end()
    return pix


class FindingCard(QFrame):
    """One finding: severity badge, bold title, explanation, remedy buttons."""

    def __init__(self, finding: Finding, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingCard")
        self.icon = QLabel()
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.icon.setToolTip(SEVERITY_NAMES.get(finding.severity, finding.severity))
        self.title = QLabel(finding.title)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(finding.explanation)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[tuple[Remedy, QPushButton]] = []
        for remedy_id in finding.remedies:
            button = QPushButton(REMEDY_LABELS[remedy_id])
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.buttons.append((remedy_id, button))

        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 10)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.explanation, 1, 1)
        if self.buttons:
            # one button per line, left-aligned: a narrow column never needs to scroll sideways
            column = QVBoxLayout()
            column.setSpacing(4)
            column.setContentsMargins(0, 4, 0, 0)
            for _, button in self.buttons:
                column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addLayout(column, 2, 1)
        grid.setColumnStretch(1, 1)
        self.apply_palette()

    def apply_palette(self) -> None:
        pal = self.palette()
        color = severity_color(self.finding.severity, pal)
        base = pal.color(QPalette.ColorRole.Base)
        self.icon.setPixmap(severity_icon(self.finding.severity, color, self.devicePixelRatioF()))
        self.setStyleSheet(
            f"QFrame#findingCard {{ background: {mix(base, color, 0.07).name()}; "
            f"border: 1px solid {mix(base, color, 0.45).name()}; border-left: 4px solid {color.name()}; "
            "border-radius: 4px; }")


class DiagnosticsPanel(QWidget):
    """"Why isn't it learning?": the current findings, live, each with its remedies.

    ``remedy_buttons`` maps (finding kind, remedy) to the button that applies it.
    """

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.remedy_buttons: dict[tuple[str, str], QPushButton] = {}
        self._findings: tuple[Finding, ...] | None = None
        self._cards: list[FindingCard] = []
        self._hidden = Hidden()  # what open practice questions hide (core.hidden decides which findings)

        self.heading = QLabel(HEADING)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.empty_label = QLabel(NO_PROBLEMS)
        self.empty_label.setWordWrap(True)

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 2, 0)  # the cards' right border clear of a scroll bar
        self._list_layout.setSpacing(8)
        self._list_layout.addWidget(self.empty_label)
        self._list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self._list)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setAutoFillBackground(False)
        self.scroll.viewport().setAutoFillBackground(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)

        self._apply_empty_style()
        controller.snapshot_changed.connect(self.show_snapshot)
        controller.walk_changed.connect(self.show_lesson)
        self._hidden = controller.lesson.hidden  # made while a walk is open (the tab is built when first shown)
        self.show_snapshot(controller.snapshot)

    # -- rendering ---------------------------------------------------------------------------
    def show_lesson(self, lesson) -> None:
        """A finding that would give an open practice question away says only that it is hidden."""
        if lesson.hidden != self._hidden:
            self._hidden = lesson.hidden
            self.show_snapshot(self.controller.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.show_findings(shown_findings(snapshot.findings, self._hidden))
        if not snapshot.findings:
            text = no_findings_text(snapshot.correct, snapshot.epoch, hidden=self._hidden)
            if text != self.empty_label.text():
                self.empty_label.setText(text)

    def show_findings(self, findings: tuple[Finding, ...]) -> None:
        """Rebuild the cards, but only when the findings differ from the ones shown."""
        findings = tuple(findings)
        if findings == self._findings:
            return
        self._findings = findings
        for card in self._cards:
            self._list_layout.removeWidget(card)
            card.hide()
            card.deleteLater()  # a card's button may be the sender of the click that got us here
        self._cards = []
        self.remedy_buttons = {}
        for i, finding in enumerate(findings):
            card = FindingCard(finding)
            for remedy_id, button in card.buttons:
                button.clicked.connect(lambda _=False, r=remedy_id: self.controller.apply_remedy(r))
                self.remedy_buttons.setdefault((finding.kind, remedy_id), button)
            # a remedy changes the run: disabled while an earlier epoch is shown, the reason its tip
            ReadOnlyWhileViewing(self.controller.travel, [b for _, b in card.buttons], parent=card)
            self._list_layout.insertWidget(i, card)
            self._cards.append(card)
        self.empty_label.setVisible(not findings)

    def cards(self) -> list[tuple[str, str, list[str]]]:
        """(kind, title, remedy button texts) of each card shown, top to bottom."""
        return [(c.finding.kind, c.title.text(), [b.text() for _, b in c.buttons]) for c in self._cards]

    # -- palette -----------------------------------------------------------------------------
    def _apply_empty_style(self) -> None:
        pal = self.palette()
        muted = mix(pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.WindowText), 0.7)
        self.empty_label.setStyleSheet(f"QLabel {{ color: {muted.name()}; padding: 4px 2px; }}")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_empty_style()
            for card in self._cards:
                card.apply_palette()

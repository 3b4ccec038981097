"""A note over the diagram while its units are too small to read (a big network shown whole)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

ZOOM_HINT = "Too small to read here: zoom in (Ctrl+= or Ctrl+wheel), or hover a unit"
MARGIN = 4  # from the viewport's bottom left corner, px


class ZoomHint(QLabel):
    """One line in the bottom left corner of ``view``'s viewport, where the layer titles and
    buttons are (hidden too while the units cannot be read); the mouse goes through it."""

    def __init__(self, view: QAbstractScrollArea):
        super().__init__(ZOOM_HINT, view.viewport())
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setForegroundRole(self.foregroundRole().ToolTipText)
        self.setBackgroundRole(self.backgroundRole().ToolTipBase)
        self.setAutoFillBackground(True)
        self.setContentsMargins(4, 1, 4, 1)
        self.hide()

    def place(self) -> None:
        """In the corner, no wider than the viewport."""
        area = self.parentWidget().rect()
        hint = self.sizeHint()
        width = min(hint.width(), area.width() - 2 * MARGIN)
        self.setGeometry(MARGIN, area.height() - hint.height() - MARGIN, width, hint.height())

"""When a view may skip drawing: its window is on screen but the view is not (a tab behind
another). Such a view keeps what it was handed and draws it in its ``showEvent``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def behind(widget: QWidget) -> bool:
    """True if ``widget``'s window is shown and ``widget`` is not. A view that was never shown
    (built but not yet on screen, or on its own in a script) draws as usual."""
    return not widget.isVisible() and widget.window().isVisible()

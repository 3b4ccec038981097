"""What the views share about colour: whether the theme is dark, and a colour between two."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    """A dark theme: text areas (the Base role, behind tables, boards and plots) darker than mid-grey."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)

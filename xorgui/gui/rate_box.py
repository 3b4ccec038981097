"""The learning-rate box: typed freely, stepped along 1-2-5 decades."""

from __future__ import annotations

import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox

from ..core.numbers import as_set, parse_number
from ..core.training import MAX_LEARNING_RATE, MIN_LEARNING_RATE

LEARNING_RATE_RANGE = (MIN_LEARNING_RATE, MAX_LEARNING_RATE)  # what the core accepts, no more
_LR_STEPS = (1.0, 2.0, 5.0)  # stepping goes 0.1, 0.2, 0.5, 1, 2, 5, …


class LearningRateBox(QDoubleSpinBox):
    """A spin box for the rates the core accepts (LEARNING_RATE_RANGE): typed freely (``0,05``,
    ``1e-3``, ``1/8``), stepped along 1-2-5 decades, shown as the undo entry names the rate
    (``as_set``: 0.00001, not Python's 1e-05)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(*LEARNING_RATE_RANGE)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:
        return as_set(value)

    def valueFromText(self, text: str) -> float:
        try:
            return parse_number(text, limit=MAX_LEARNING_RATE)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        try:
            value = parse_number(text, limit=MAX_LEARNING_RATE)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        lo, hi = LEARNING_RATE_RANGE
        state = QValidator.State.Acceptable if lo <= value <= hi else QValidator.State.Intermediate
        return state, text, pos

    def stepBy(self, steps: int) -> None:
        value, lo, hi = self.value(), self.minimum(), self.maximum()
        for _ in range(abs(steps)):  # clamped each step: past the range the ladder overflows
            value = min(max(_next_rate(value, up=steps > 0), lo), hi)
            if value in (lo, hi):
                break
        self.setValue(value)


def _next_rate(value: float, up: bool) -> float:
    """The next value on the 1-2-5 ladder above (or below) ``value``."""
    exp = math.floor(math.log10(value))
    ladder = [m * 10.0 ** e for e in (exp - 1, exp, exp + 1) for m in _LR_STEPS]
    if up:
        return min((v for v in ladder if v > value * (1 + 1e-9)), default=value)
    return max((v for v in ladder if v < value * (1 - 1e-9)), default=value)

"""A label whose text changes every frame without relaying out the window.

``QLabel.setText`` calls ``updateGeometry``, which asks every layout up to the window to recompute
(the splitters query each pane's size hint) and repaints whole panes: a few milliseconds per
label per frame while training, taken from the engine and from the event loop. A label held
by a :class:`Readout` has no layout above it: the holder's size hint is fixed when it is built
(from sample texts as wide and as tall as the label's texts get), so a new text repaints the
label alone.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class Readout(QWidget):
    """Holds ``label`` (still the widget to read and set); sized for the widest of ``samples``,
    ``lines`` lines tall. Put the holder, not the label, into a layout."""

    def __init__(self, label: QLabel, samples: tuple[str, ...], lines: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        text = label.text()
        widths = []
        for sample in samples:
            label.setText(sample)
            widths.append(label.sizeHint().width())
        label.setText(text)
        height = label.fontMetrics().lineSpacing() * lines + 2 * label.margin() + 2
        self._hint = QSize(max(widths, default=0), height)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self._hint.width(), 40), self._hint.height())

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)

"""A tab whose widget is built when it is first shown or asked for, not before the first paint.

Until then the tab holds a placeholder (empty, or a line saying what is coming); the title
and tooltip are the tab's from the start. A widget built late renders what the controller
holds then, so it shows the current state as if it had been there all along. The tab current
at start is never "first shown": it waits until asked for (the program asks for the Loss tab's
plot right after its first paint: MainWindow.build_plot_after_first_paint).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget


class LazyTab:
    """Tab ``title`` of ``tabs``, built by ``make()`` at its first show or ``widget`` access."""

    def __init__(self, tabs: QTabWidget, title: str, tip: str, make: Callable[[], QWidget], placeholder: str = ""):
        self.tabs, self._make = tabs, make
        self._widget: QWidget | None = None
        self._slot = QLabel(placeholder, alignment=Qt.AlignmentFlag.AlignCenter) if placeholder else QWidget()
        tabs.setTabToolTip(tabs.addTab(self._slot, title), tip)
        tabs.currentChanged.connect(self._on_current_changed)

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> QWidget:
        """The tab's widget (built now if it has not been yet)."""
        if self._widget is None:
            tabs, index = self.tabs, self.tabs.indexOf(self._slot)
            self._widget = self._make()
            current = tabs.currentIndex()
            title, tip = tabs.tabText(index), tabs.tabToolTip(index)
            tabs.blockSignals(True)  # the tab stays where it is; nothing else changed
            tabs.removeTab(index)
            tabs.insertTab(index, self._widget, title)
            tabs.setTabToolTip(index, tip)
            tabs.setCurrentIndex(current)
            tabs.blockSignals(False)
            self._slot.deleteLater()
        return self._widget

    def index(self) -> int:
        """The tab's index (without building it)."""
        return self.tabs.indexOf(self._widget if self._widget is not None else self._slot)

    def _on_current_changed(self, index: int) -> None:
        if self._widget is None and index == self.tabs.indexOf(self._slot):
            self.widget  # noqa: B018 - shown: built now, before it is painted

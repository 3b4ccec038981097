"""The timeline under the loss plot: drag it to see the network as it was at an earlier epoch.

It renders the :class:`~xorgui.gui.time_travel.TimelineView` carried by
``controller.travel.changed`` and forwards intent to ``controller.travel``: ``view_epoch``
while dragging, ``back_to_now``, ``resume_here``; Compare opens the two-epoch table.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider, QVBoxLayout, QWidget

from .time_travel import TimelineView
from ..core.naming import epoch_number

MAX_STEPS = 100_000  # a longer run maps several epochs to one slider step
VIEWING_STYLE = "QLabel { color: palette(highlighted-text); background: palette(highlight); padding: 1px 6px; }"


def epoch_at(view: TimelineView, position: int, steps: int) -> int:
    """The epoch of slider ``position`` out of ``steps`` (exact when the run has ≤ MAX_STEPS epochs)."""
    span = view.now - view.first
    return view.first + (position if steps == span else round(position * span / steps))


SLIDER_TIP = "Drag to show the network as it was at that epoch (read-only); the right end is now"
NOTHING_BACK = "No earlier epoch to look back at yet: train, and the slider covers the epochs trained"


def position_of(view: TimelineView, epoch: int, steps: int) -> int:
    span = view.now - view.first
    return epoch - view.first if steps == span else round((epoch - view.first) * steps / span)


class TimelineBar(QWidget):
    """Slider over the run's epochs, what the window shows, Back to now, Resume from here, Compare."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._view: TimelineView = controller.travel.view()
        self._steps = 0
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.now_button = QPushButton("Back to now")
        self.now_button.setToolTip("Show the present network again")
        self.resume_button = QPushButton("Resume from here")
        self.resume_button.setToolTip("Go on from the epoch shown: later epochs are dropped (Undo brings them back)")
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Two epochs' weights side by side")
        # the slider on a row of its own: the whole width for scrubbing, even at 1024 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(QLabel("Epoch"))
        top.addWidget(self.slider, 1)
        bottom.addWidget(self.label)
        bottom.addStretch(1)
        for button in (self.now_button, self.resume_button, self.compare_button):
            bottom.addWidget(button)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.slider.valueChanged.connect(self._slider_moved)
        self.now_button.clicked.connect(controller.travel.back_to_now)
        self.resume_button.clicked.connect(controller.travel.resume_here)
        self.compare_button.clicked.connect(self.open_compare)
        controller.travel.changed.connect(self.show_view)
        self.compare_dialog = None
        self.show_view(self._view)

    def show_view(self, view: TimelineView) -> None:
        self._view = view
        self._steps = min(view.now - view.first, MAX_STEPS)
        shown = view.now if view.viewing is None else view.viewing
        with QSignalBlocker(self.slider):  # nothing to look back at: the handle at its right end, "now"
            self.slider.setRange(0, max(self._steps, 1))
            self.slider.setValue(position_of(view, shown, self._steps) if self._steps else 1)
        self.slider.setEnabled(self._steps > 0)
        viewing = view.viewing is not None
        self.label.setText(f"viewing epoch {epoch_number(view.viewing)} of {epoch_number(view.now)}" if viewing
                           else f"now: epoch {epoch_number(view.now)}")
        self.label.setStyleSheet(VIEWING_STYLE if viewing else "")
        self.label.setToolTip("The window shows this epoch, read-only" if viewing
                              else "Drag the slider to look back" if self._steps else NOTHING_BACK)
        self.slider.setToolTip(SLIDER_TIP if self._steps else NOTHING_BACK)
        self.now_button.setEnabled(viewing)
        self.resume_button.setEnabled(viewing)
        self.compare_button.setEnabled(view.now > view.first)

    def _slider_moved(self, position: int) -> None:
        self.controller.travel.view_epoch(epoch_at(self._view, position, self._steps))

    def open_compare(self) -> None:
        from .compare_dialog import CompareDialog

        if self.compare_dialog is None:
            self.compare_dialog = CompareDialog(self.controller, self.window())
        view = self._view
        self.compare_dialog.start(view.first, view.now, view.viewing if view.viewing is not None else view.now)

"""What the window remembers between runs (QSettings): geometry, splits, decimals, view toggles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from .main_window import MainWindow

DEFAULT_SIZE = (1400, 860)
FOLD_BELOW_HEIGHT = 800  # on a screen less tall than this (its free area) the settings start folded


def _saved_state(settings, key: str) -> QByteArray | None:
    """A geometry or splitter state as saved, or None: a settings file edited or damaged by hand
    may hold anything under any key, and the window must open all the same."""
    value = settings.value(key)
    return QByteArray(value) if isinstance(value, (QByteArray, bytes, bytearray)) else None


def restore(w: "MainWindow") -> None:
    settings = w.settings
    geometry = _saved_state(settings, "geometry")
    if geometry is None or not w.restoreGeometry(geometry):
        resize_within_screen(w, *DEFAULT_SIZE)  # a smaller screen gets its free area (>= the minimum size)
        w.resize_when_shown = w.size()  # again then: Qt takes the minimum size from hints stale till shown
    restored = True
    for key, splitter in (("split_main", w.main), ("split_left", w.left), ("split_right", w.right)):
        state = _saved_state(settings, key)
        restored = state is not None and splitter.restoreState(state) and restored
    # the settings folded into a line on a first start on a small screen (at 1024×700 the tabs under
    # them had ~80 px), else as the user left them
    screen = w.screen()
    small = screen is not None and screen.availableGeometry().height() < FOLD_BELOW_HEIGHT
    w.panel.fold_settings(settings.value("settings_folded", small, type=bool))
    if not restored:  # first start, or settings from another layout: the default split
        w.main.setSizes([960, 440])
        # the plots below the diagram: a decision boundary map ~145 px tall at 1024x700 (was
        # ~110); more would turn the 2-3-1's circles at 1400x860 into pills (too small for maps)
        w.left.setSizes([505, 355])
        top = w.panel.sizeHint().height()
        w.right.setSizes([top, w.truth_table.sizeHint().height(), max(200, DEFAULT_SIZE[1] - top)])
        w.fit_panel()  # when shown: the splitters have their sizes only then
    try:
        decimals = int(settings.value("precision", w.controller.precision))
    except (TypeError, ValueError, OverflowError):  # "abc", "", a list, an infinite double
        decimals = w.controller.precision
    if decimals not in w.precision_actions:  # -1 or 9: the default, ticked
        decimals = w.controller.precision
    w.precision_actions[decimals].setChecked(True)
    w.details_action.setChecked(settings.value("show_details", False, type=bool))
    # ticked without its signal, which would build the plot (pyqtgraph) before the first paint:
    # the plot reads the tick when it is built
    w.log_action.blockSignals(True)
    w.log_action.setChecked(settings.value("log_y", False, type=bool))
    w.log_action.blockSignals(False)


def save(w: "MainWindow") -> None:
    settings = w.settings
    settings.setValue("geometry", w.saveGeometry())
    settings.setValue("split_main", w.main.saveState())
    settings.setValue("split_left", w.left.saveState())
    settings.setValue("split_right", w.right.saveState())
    decimals = next((d for d, action in w.precision_actions.items() if action.isChecked()), None)
    if decimals is not None:
        settings.setValue("precision", decimals)
    settings.setValue("show_details", w.details_action.isChecked())
    settings.setValue("log_y", w.log_action.isChecked())
    settings.setValue("settings_folded", w.panel.settings_folded)


def settle_first_size(w: "MainWindow") -> None:
    """On a first start, once shown: the default size within the screen again, now that the
    minimum size is the folded settings' (an 800×600 screen got an 850×668 window, the minimum of
    the unfolded settings; 1024×700 got 1008×668 instead of 1008×660)."""
    asked, w.resize_when_shown = w.resize_when_shown, None
    if asked is not None and w.size() == asked.expandedTo(w.minimumSize()):  # not resized since by a caller
        w.layout().invalidate()
        w.layout().activate()  # the minimum size from the hints as they are now
        resize_within_screen(w, *DEFAULT_SIZE)


def resize_within_screen(widget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, no larger than the screen's available area (its window
    frame counted) of the screen it, or else its parent, is on: a 1024×700 screen gets a dialog
    it can see whole."""
    screen = widget.screen() if widget.parentWidget() is None else widget.parentWidget().screen()
    if screen is not None:
        area = screen.availableGeometry()
        frame = 40  # a title bar and borders the window manager adds outside the widget
        width, height = min(width, area.width() - 16), min(height, area.height() - frame)
    widget.resize(width, height)

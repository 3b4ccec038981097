"""Help ▸ Keyboard shortcuts and About, and the window icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from ..resources import resource_path

SHORTCUTS = (  # (action, keys, what it does)
    ("Train / Pause", "F5", "start or pause continuous training"),
    ("Step sample", "F6", "forward, backward (and update) on the next sample"),
    ("Epoch", "F7", "train to the end of the epoch"),
    ("Step phase / back", "F8 / Shift+F8", "back-propagation one phase at a time"),
    ("Undo / Redo", "Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y", "weight edits, settings, steps and runs"),
    ("Edit a weight", "double-click, or select + Enter or F2", "Enter commits, Esc cancels, Tab goes to the next"),
    ("Nudge a weight", "wheel or ↑/↓ on a selected weight", "±0.1; with Shift ±0.01"),
    ("Zoom the diagram", "Ctrl+wheel, Ctrl+= / Ctrl+-, Ctrl+0", "Ctrl+0 fits the network to the view"),
    ("View", "Ctrl+D / Ctrl+M / Ctrl+L", "a and δ on units, maps inside units, logarithmic loss axis"),
    ("New / Open / Save / Save As", "Ctrl+N / Ctrl+O / Ctrl+S / Ctrl+Shift+S", "sessions are JSON files"),
    ("Keyboard shortcuts / Quit", "F1 / Ctrl+Q", "this list; close the window (asking about unsaved work)"),
)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(f"<tr><td><b>{a}</b></td><td>{k}</td><td>{w}</td></tr>" for a, k, w in SHORTCUTS)
    QMessageBox.information(parent, "Keyboard shortcuts", f"<table cellspacing='8'>{rows}</table>")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About xorgui",
                      f"<h3>xorgui {__version__}</h3><p>Back-propagation made visible and exact: the "
                      "XOR network with every weight, sum, activation, delta and gradient on screen.</p>"
                      "<p>Numbers come from a float64 numpy engine checked against finite differences.</p>")


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons/xorgui.svg")))

"""Showing the window waits for nothing it does not show: pyqtgraph (the loss plot, the
decision boundary, the lottery), the errata, the worksheet and the help are built later."""

import subprocess
import sys

LATE = ("pyqtgraph", "xorgui.gui.errata_view", "xorgui.gui.worksheet_dialog", "xorgui.gui.help_view",
        "xorgui.gui.lottery_dialog", "xorgui.cli")

CODE = f"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import xorgui.gui.launch as launch
from PySide6.QtCore import QTimer
QTimer.singleShot(0, app.quit)  # the window is built and shown before the loop runs
launch.run_gui([])
print(" ".join(name for name in {LATE!r} if name in sys.modules))
"""


def test_showing_the_window_imports_none_of_what_is_built_later():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []

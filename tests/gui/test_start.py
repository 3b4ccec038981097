"""Showing the window waits for nothing it does not show: pyqtgraph (the loss plot, the
decision boundary, the lottery), the errata, the worksheet and the help are built later; the
walkthrough's lesson and practice mode, the twin run, data editing and CSV, session files (with
nothing to recover), the remedies' table, the loss curves, the diagram's export, the unit maps,
random initialization and numpy.ma (np.unique imports it) are loaded when first used."""

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.process  # every test here starts the program in a process of its own

LATE = ("pyqtgraph", "xorgui.gui.errata_view", "xorgui.gui.worksheet_dialog", "xorgui.gui.help_view",
        "xorgui.gui.lottery_dialog", "xorgui.cli",
        "xorgui.core.lesson", "xorgui.core.practice", "xorgui.core.walkthrough", "xorgui.core.walkthrough_data",
        "xorgui.core.worksheet", "xorgui.core.twin", "xorgui.core.weight_diff", "xorgui.core.csvdata", "xorgui.core.data_edit",
        "xorgui.core.sessionfile", "json", "xorgui.core.errata", "xorgui.gui.remedies",
        "xorgui.core.losscurve", "xorgui.core.sample_curves", "xorgui.gui.diagram.export",
        "xorgui.gui.heatmap", "xorgui.core.surface", "numpy.random", "numpy.ma", "difflib")

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


def test_showing_the_window_imports_none_of_what_is_built_later(tmp_path):
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path))  # nothing to recover there
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


GC_CODE = """
import gc
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from xorgui.app import run_window  # as `xorgui` starts the window: the collector paused from here
QTimer.singleShot(200, lambda: (print("collecting", gc.isenabled()), app.quit()))
run_window([])
"""


def test_the_garbage_collector_paused_for_the_start_runs_again_once_the_window_is_up(tmp_path):
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", GC_CODE], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "collecting True" in result.stdout


ORDER_CODE = """
import sys, types
import xorgui.app

def run_gui(argv):  # `xorgui`'s own run_gui, stopped once its window is built, before its first paint
    del sys.modules["xorgui.gui.launch"]
    import xorgui.gui.launch as launch
    from xorgui.gui.main_window import MainWindow
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def built(window):
        loaded = list(sys.modules)  # in the order first imported
        after_qt = loaded[loaded.index("PySide6"):]
        print("core after Qt:", *(m for m in after_qt if m.startswith(("numpy", "xorgui.core"))))
        QTimer.singleShot(0, QApplication.quit)
    MainWindow.build_plot_after_first_paint = built
    return launch.run_gui(argv)
sys.modules["xorgui.gui.launch"] = types.SimpleNamespace(run_gui=run_gui)
sys.exit(xorgui.app.main([]))  # as `xorgui` starts: its display check comes before the window
"""


def test_the_window_imports_its_numpy_core_before_qt(tmp_path):
    # PySide6 reads the source of every module imported after it: ~20 ms of start-up for the core's
    # and numpy's, which the display check's QtCore import had put after it
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path))  # nothing to recover there
    result = subprocess.run([sys.executable, "-c", ORDER_CODE], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["core", "after", "Qt:"]


AFTER_PLOT_CODE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
import xorgui.gui.launch as launch

def check():  # once the loss plot, built right after the first paint, is in the Loss tab
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "bottom_tabs"))
    if type(window.bottom_tabs.widget(0)).__name__ != "LossPlot":
        return
    print(window.bottom_tabs.currentIndex(), " ".join(m for m in LATER if m in sys.modules))
    window.controller.undo_stack.setClean()
    app.quit()
LATER = ("xorgui.gui.walkpanel", "xorgui.gui.boundary", "xorgui.gui.sample_plot", "xorgui.gui.diagnostics_panel",
         "xorgui.gui.architecture_panel")
timer = QTimer(); timer.timeout.connect(check); timer.start(20)
QTimer.singleShot(20_000, app.quit)
launch.run_gui([])
"""


def test_building_the_loss_plot_after_the_first_paint_builds_no_other_tab(tmp_path):
    # swapping the plot into the Loss tab made the Walkthrough tab current for a moment: built
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", AFTER_PLOT_CODE], capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"]  # the Loss tab in front, and none of the others built


BROKEN_CODE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from xorgui.app import main
from xorgui.gui.controller import Controller
from xorgui.gui.main_window import MainWindow

def broken(*_):
    raise RuntimeError("a bug")
if sys.argv[1] == "slot":  # the epoch the program steps after its start (XORGUI_TEST_STEP_EPOCH)
    Controller.step_epoch = broken
elif sys.argv[1] == "end":  # after the event loop: the autosave's last clean-up
    from xorgui.gui.autosave import Autosave
    Autosave.finish = broken
else:
    MainWindow.__init__ = broken

def done():
    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    print("still open", window.isVisible())
    window.controller.undo_stack.setClean()
    app.quit()
QTimer.singleShot(1500, done)
sys.exit(main([]))
"""


@pytest.mark.parametrize("where, code, line", [
    ("slot", 0, "xorgui: internal error, the window goes on: RuntimeError: a bug. The details are in "),
    ("start", 1, "xorgui: the window could not open: RuntimeError: a bug. The details are in "),
    ("end", 1, "xorgui: internal error as the window closed: RuntimeError: a bug. The details are in ")])
def test_an_unexpected_error_is_one_line_and_a_log_not_a_traceback(tmp_path, where, code, line):
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path), XORGUI_TEST_STEP_EPOCH="1")
    result = subprocess.run([sys.executable, "-c", BROKEN_CODE, where], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == code, result.stderr
    assert [s for s in result.stderr.splitlines() if s.startswith("xorgui")] == [f"{line}{tmp_path / 'errors.log'}."]
    assert "Traceback" not in result.stderr
    assert result.stdout == ("" if where == "start" else "still open True\n")
    log = (tmp_path / "errors.log").read_text()
    assert "Traceback (most recent call last)" in log and 'line 11, in broken\nRuntimeError: a bug' in log


INTERRUPTED_CODE = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from xorgui.app import main

def answer(parent, title, text, *_):  # the unsaved-work question: the run would be lost
    print("asked:", text)
    return QMessageBox.StandardButton.Discard
QMessageBox.warning = answer

def interrupt():  # as Ctrl+C in the terminal does, while the window trains
    [window] = [w for w in app.topLevelWidgets() if hasattr(w, "controller")]
    window.controller.start()
    QTimer.singleShot(300, lambda: os.kill(os.getpid(), signal.SIGINT))
QTimer.singleShot(500, interrupt)
QTimer.singleShot(20_000, app.quit)  # a safety net: the test fails on its time, not by hanging
print("exit", main([]))
"""


def test_ctrl_c_in_the_terminal_closes_the_window_as_its_close_button_does_asking_first(tmp_path):
    env = dict(os.environ, XORGUI_DATA_DIR=str(tmp_path))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_CODE], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "asked: The session has changes that are not saved. Save them?\nexit 0\n"
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert time.perf_counter() - start < 15  # closed by the interrupt, not by the safety net

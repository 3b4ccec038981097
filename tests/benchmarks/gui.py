"""Benchmark: training with the window shown, event-loop delay, and startup time.

Prints, from one run (offscreen unless QT_QPA_PLATFORM says otherwise):
  * epochs/s while training at full speed with the main window shown, against the
    headless engine on the same session (target ratio >= 0.8);
  * worst and 99th-percentile event-loop delay during that training, measured by a 5 ms
    timer's lateness (target < 50 ms);
  * time from process start to the first painted window, against a bare PySide6
    QMainWindow (median of several launches; target ratio <= 2).

Run: ``python tests/benchmarks/gui.py [--seconds 5] [--launches 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Both children print the wall-clock time of the first paint event of their window and exit.
FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time(), flush=True)
            os._exit(0)
        return False
app = QApplication(sys.argv)
probe = FirstPaint(); app.installEventFilter(probe)
"""

BARE_WINDOW = FIRST_PAINT + """
from PySide6.QtWidgets import QMainWindow
w = QMainWindow(); w.resize(1400, 860); w.show()
app.exec()
"""

# The least a numpy-backed window that shows text pays: numpy's import and Qt's font set-up.
TEXT_NUMPY_WINDOW = FIRST_PAINT + """
import numpy
from PySide6.QtWidgets import QLabel, QMainWindow
w = QMainWindow(); w.setCentralWidget(QLabel("loss 0.125")); w.resize(1400, 860); w.show()
app.exec()
"""

XORGUI_WINDOW = FIRST_PAINT + """
import tempfile
from PySide6.QtCore import QSettings
from xorgui.gui.controller import Controller
from xorgui.gui.main_window import MainWindow
settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
w = MainWindow(Controller(), settings); w.resize(1400, 860); w.show()
app.exec()
"""


def launch_time(code: str, launches: int) -> float:
    """Median seconds from process start to the first paint event of its window."""
    times = []
    for _ in range(launches):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        times.append(float(out.split()[0]) - start)
    return statistics.median(times)


def headless_rate(seconds: float) -> float:
    from xorgui.core.presets import make_preset
    trainer = make_preset("sigmoid")
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        trainer.run_epochs(500)
        done += 500
    return done / (time.perf_counter() - start)


def windowed_run(seconds: float) -> tuple[float, list[float]]:
    """Epochs/s at full speed with the window shown, and the event-loop delays (s)."""
    from PySide6.QtCore import QSettings, QTimer, QEventLoop
    from PySide6.QtWidgets import QApplication
    from xorgui.core.presets import make_preset
    from xorgui.gui.controller import Controller
    from xorgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    controller = Controller(make_preset("sigmoid"))
    window = MainWindow(controller, settings)
    window.resize(1400, 860)
    window.show()
    window.plot  # built after the first paint; measure the steady state, not its import
    app.processEvents()
    delays: list[float] = []
    probe = QTimer()
    probe.setInterval(5)
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        delays.append(max(0.0, now - last[0] - 0.005))
        last[0] = now
    probe.timeout.connect(tick)
    controller.set_speed(None)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    probe.start()
    start_epoch, start = controller.trainer.epoch, time.perf_counter()
    controller.start()
    loop.exec()
    controller.pause()
    elapsed = time.perf_counter() - start
    probe.stop()
    rate = (controller.trainer.epoch - start_epoch) / elapsed
    controller.undo_stack.setClean()
    window.close()
    return rate, delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args()
    engine = headless_rate(args.seconds)
    shown, delays = windowed_run(args.seconds)
    delays.sort()
    p99 = delays[int(0.99 * (len(delays) - 1))] if delays else float("nan")
    bare = launch_time(BARE_WINDOW, args.launches)
    text_numpy = launch_time(TEXT_NUMPY_WINDOW, args.launches)
    ours = launch_time(XORGUI_WINDOW, args.launches)
    print(f"platform                 {os.environ['QT_QPA_PLATFORM']}")
    print(f"headless engine          {engine:,.0f} epochs/s")
    print(f"window shown, full speed {shown:,.0f} epochs/s")
    print(f"ratio shown/headless     {shown / engine:.2f}   (target >= 0.8)")
    print(f"event-loop delay         worst {max(delays) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
          f"over {len(delays)} probes   (target < 50 ms)")
    print(f"start to first paint     xorgui {ours:.2f} s, bare QMainWindow {bare:.2f} s, "
          f"ratio {ours / bare:.2f}   (target <= 2)")
    print(f"                         QMainWindow + QLabel + numpy {text_numpy:.2f} s, ratio {ours / text_numpy:.2f}")


if __name__ == "__main__":
    main()

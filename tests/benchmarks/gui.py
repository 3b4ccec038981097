"""Benchmark: training with the window shown, event-loop delay, and start to first paint.

Every figure is a ratio against a reference measured in the same run, interleaved (the
machine is shared: alternating the two sides in short rounds makes them see the same load):

* epochs/s while the main window trains at full speed, against the headless engine training
  the same session (``Trainer.run_epochs``, as ``xorgui train`` does); wall-clock and per
  CPU-second of this process (the second is steady under other processes' load);
* the event loop's delay while it trains: how late a 5 ms timer fires (p99 and worst);
* process start to the first painted window of the real program (``xorgui`` with no
  arguments), against a bare PySide6 QMainWindow with a QLabel that also imports numpy;
  wall-clock, CPU time of the child, and CPU time of its main thread (steady under load); and
  how many Python enum types PySide makes in each before that paint, and in how long.

Import ``training_rows`` and ``startup_rows`` (each returns a list of :class:`Row`), or run
``python tests/benchmarks/gui.py [--seconds 1] [--rounds 5] [--launches 5]``.
Offscreen unless QT_QPA_PLATFORM says otherwise. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The programs timed to their first paint start as a user starts them, whichever rows ran
# before: not with the one BLAS thread that importing xorgui sets in this process.
LAUNCH_ENV = dict(os.environ)

PRESET = "sigmoid"  # XOR 2-3-1, sigmoid, full batch: the figures are for this session


@dataclass(frozen=True)
class Row:
    """One figure: ``ours`` against ``reference`` (same unit), their ratio, and the target."""

    figure: str
    ours: str
    reference: str
    ratio: float
    target: str

    def line(self) -> str:
        return f"{self.figure:<58} {self.ours:>16}  vs {self.reference:>16}  ratio {self.ratio:5.2f}  ({self.target})"


# -- training with the window shown ------------------------------------------------------------

def training_rows(seconds: float = 1.0, rounds: int = 5) -> list[Row]:
    """Rounds of ``seconds`` headless then ``seconds`` in the window at full speed."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from xorgui.core.presets import make_preset
    from xorgui.gui.controller import Controller
    from xorgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept for the run
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    controller = Controller(make_preset(PRESET))
    window = MainWindow(controller, settings)
    window.resize(1400, 860)
    window.show()
    window.plot  # noqa: B018 - built after the first paint: measure the steady state, not its import
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)  # the views built after the first paint are built now
    settle.exec()
    controller.set_speed(None)
    headless = make_preset(PRESET)
    delays: list[float] = []
    frames = 0

    def count_frame() -> None:
        nonlocal frames
        frames += 1
    controller.runner.frame.connect(count_frame)
    probe, last = QTimer(), [0.0]
    probe.setInterval(5)

    def tick() -> None:
        now = time.perf_counter()
        delays.append(max(0.0, now - last[0] - 0.005))
        last[0] = now
    probe.timeout.connect(tick)

    def run_headless() -> tuple[float, float]:
        done, start, start_cpu = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - start < seconds:
            headless.run_epochs(1000)
            done += 1000
        return done / (time.perf_counter() - start), done / (time.process_time() - start_cpu)

    # Headless, window, headless, window, ..., headless: each window round is compared with the
    # headless rounds on both sides of it. The engine's own speed on this machine drifts by up to
    # ~25 % from one second to the next (measured inside the window's training calls), which a
    # reference taken only before each round would count as the window's.
    wall, cpu, shown_time = [], [], 0.0
    engine = [run_headless()]
    for _ in range(rounds):
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        first = controller.trainer.epoch
        last[0] = start = time.perf_counter()
        start_cpu = time.process_time()
        probe.start()
        controller.start()
        loop.exec()
        controller.pause()
        probe.stop()
        elapsed = time.perf_counter() - start
        elapsed_cpu = time.process_time() - start_cpu
        shown_time += elapsed
        trained = controller.trainer.epoch - first
        engine.append(run_headless())
        (before_wall, before_cpu), (after_wall, after_cpu) = engine[-2:]
        wall.append((trained / elapsed) / ((before_wall + after_wall) / 2))
        cpu.append((trained / elapsed_cpu) / ((before_cpu + after_cpu) / 2))
    controller.undo_stack.setClean()
    window.close()
    delays.sort()
    p99 = delays[int(0.99 * (len(delays) - 1))] if delays else float("nan")
    worst = delays[-1] if delays else float("nan")
    probes_per_s = len(delays) / shown_time
    return [
        Row("epochs/s, window at full speed / headless (wall)", f"{statistics.median(wall):.2f}", "1.00",
            statistics.median(wall), "target >= 0.9"),
        Row("epochs/s, window at full speed / headless (per CPU-s)", f"{statistics.median(cpu):.2f}", "1.00",
            statistics.median(cpu), "target >= 0.9"),
        Row("event-loop delay p99 while training / 20 ms", f"{p99 * 1000:.1f} ms", "20 ms", p99 / 0.020,
            f"target <= 1; {len(delays)} probes, {probes_per_s:.0f}/s"),
        Row("event-loop delay worst while training / 50 ms", f"{worst * 1000:.1f} ms", "50 ms", worst / 0.050,
            f"target <= 1; {frames / shown_time:.1f} frames/s"),
    ]


def long_epoch_rows(seconds: float = 2.0) -> list[Row]:
    """The event loop's worst delay while a run whose epoch is far longer than a tick trains: 10,000
    online samples through 2-16-16-16-1 (about 0.5 s an epoch), at full speed and at 100 epochs/s."""
    import numpy as np
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    from xorgui.gui.controller import Controller
    from xorgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept for the run
    rng, layers, init = np.random.default_rng(0), [2, 16, 16, 16, 1], Initialization("xavier", seed=1)
    data = Dataset(rng.uniform(-1, 1, (10_000, 2)), (rng.uniform(0, 1, (10_000, 1)) > 0.5).astype(float))
    rows = []
    for speed in (None, 100):
        trainer = Trainer(Network(layers, ["tanh", "tanh", "tanh", "sigmoid"], init.make(layers)), data,
                          TrainingConfig(learning_rate=0.1, batch_size=1), init)
        controller = Controller(trainer)
        window = MainWindow(controller, QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
        window.resize(1400, 860)
        window.show()
        window.plot  # noqa: B018 - as the program has it after its first paint
        worst, last = [0.0], [0.0]

        def tick() -> None:
            now = time.perf_counter()
            worst[0] = max(worst[0], now - last[0] - 0.005)
            last[0] = now
        probe = QTimer(interval=5)
        probe.timeout.connect(tick)
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        controller.set_speed(speed)
        last[0] = time.perf_counter()
        probe.start()
        controller.start()
        loop.exec()
        controller.pause()
        probe.stop()
        samples = controller.trainer.epoch * 10_000 + controller.trainer.cursor
        controller.undo_stack.setClean()
        window.close()
        rows.append(Row(f"event-loop delay worst, 10,000 online samples, {'full speed' if speed is None else '100 epochs/s'}",
                        f"{worst[0] * 1000:.0f} ms", "50 ms", worst[0] / 0.050,
                        f"target <= 1; {samples:,} samples trained in {seconds:g} s"))
    return rows


# -- start to first paint ----------------------------------------------------------------------

# Each child prints, once its window's first paint is done (the paint pass and its flush), the
# wall-clock time, the CPU time of the process and that of its main thread (then, with ENUMS put
# before it, the enum types made and their time), and exits. The probe
# neither imports Qt before the program does (PySide6 reads the source of every module imported
# after it, so importing it first would change what the program pays) nor filters every event of
# every widget (a Python event filter on the application costs in proportion to the number of
# widgets): it waits for the program to import QtWidgets, and when the event loop starts it
# watches the top-level windows, which get the first paint event of a paint pass; a zero timer
# set then fires when the pass is over.
FIRST_PAINT = """
import importlib.abc, importlib.util, os, sys, time


def watch_first_paint(application):
    from PySide6.QtCore import QEvent, QObject, QTimer

    def painted():
        print(time.time(), time.process_time(), time.thread_time(), *globals().get("ENUMS", ()), flush=True)
        os._exit(0)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, painted)
            return False

    start_loop, probe = application.exec, FirstPaint()

    def exec_watching(*_):
        for window in application.topLevelWidgets():
            window.installEventFilter(probe)
        return start_loop()
    application.exec = exec_watching


class WhenQtWidgetsLoads(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            watch_first_paint(module.QApplication)
        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, WhenQtWidgetsLoads())
"""

# The least a numpy-backed window that shows text pays: numpy's import (first: see above) and
# Qt's font set-up.
TEXT_NUMPY_WINDOW = FIRST_PAINT + """
import numpy
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("loss 0.125")); w.resize(1400, 860); w.show()
app.exec()
"""

# The real program as `xorgui` starts it (its own settings and recovery folder kept aside).
XORGUI_WINDOW = FIRST_PAINT + """
from xorgui.app import main
main([])
"""


# Put before a program: counts the Python enum types PySide makes up to the first paint (one for each
# enum of a Qt class, when the class is first used) and the time they take, this count's included.
ENUMS = """
import enum, time
ENUMS = [0, 0.0]
_create = enum.EnumType._create_


def _counted(*args, **kwargs):
    start = time.perf_counter()
    try:
        return _create(*args, **kwargs)
    finally:
        ENUMS[0] += 1
        ENUMS[1] += time.perf_counter() - start


enum.EnumType._create_ = _counted
"""


def first_paint(code: str, env: dict[str, str], cwd: str) -> tuple[float, float, float]:
    """Seconds from process start to its first painted window: wall-clock, the child's CPU, and
    its main thread's CPU (numpy's BLAS threads, which the bare window starts, excluded)."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env,
                         cwd=cwd, timeout=120).stdout
    painted, cpu, thread = (float(v) for v in out.split()[:3])
    return painted - start, cpu, thread


def launch_env() -> tuple[dict[str, str], str]:
    """The environment the programs start in, and their working folder (a scratch folder)."""
    scratch = tempfile.mkdtemp(prefix="xorgui-bench-")
    # compiled modules kept (outside the tree), as an installed program has them
    env = dict(LAUNCH_ENV, XORGUI_DATA_DIR=scratch, XDG_CONFIG_HOME=scratch,
               PYTHONPYCACHEPREFIX=os.path.join(scratch, "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if env.get("QT_QPA_PLATFORM") == "offscreen":
        # a desktop's screen, on which xorgui opens at its first start's 1400x860 (offscreen's own
        # 800x800 would fit it smaller, and paint less); a relative path: Qt splits at colons
        screen = {"name": "bench", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96,
                  "logicalBaseDpi": 96, "dpr": 1}
        with open(os.path.join(scratch, "screen.json"), "w") as f:
            f.write(json.dumps({"screens": [screen]}))
        env["QT_QPA_PLATFORM"] = "offscreen:configfile=screen.json"
    return env, scratch


def startup_rows(launches: int = 5) -> list[Row]:
    """Median over ``launches`` interleaved launches of each program."""
    env, scratch = launch_env()
    first_paint(TEXT_NUMPY_WINDOW, env, scratch), first_paint(XORGUI_WINDOW, env, scratch)  # warm-up
    ours, bare = [], []
    for _ in range(launches):
        bare.append(first_paint(TEXT_NUMPY_WINDOW, env, scratch))
        ours.append(first_paint(XORGUI_WINDOW, env, scratch))
    rows = []
    for i, kind in enumerate(("wall", "CPU", "main thread CPU")):
        a, b = statistics.median(t[i] for t in ours), statistics.median(t[i] for t in bare)
        rows.append(Row(f"start to first paint, xorgui / QMainWindow+QLabel+numpy ({kind})",
                        f"{a:.2f} s", f"{b:.2f} s", a / b, "target <= 1.3"))
    return rows + enum_rows(env, scratch)


def enum_rows(env: dict[str, str], scratch: str, launches: int = 3) -> list[Row]:
    """The Python enum types made before the first paint, in each program: a part of start-up that
    grows with the Qt classes a window uses, whatever it does with them."""
    runs: dict[str, list[tuple[int, float]]] = {"ours": [], "bare": []}
    for _ in range(launches):  # interleaved, as above
        for name, code in (("bare", TEXT_NUMPY_WINDOW), ("ours", XORGUI_WINDOW)):
            out = subprocess.run([sys.executable, "-c", ENUMS + code], check=True, capture_output=True,
                                 text=True, env=env, cwd=scratch, timeout=120).stdout.split()
            runs[name].append((int(out[3]), float(out[4])))
    def made(name: str) -> tuple[int, float]:  # the count (the same in every launch), the median time
        return runs[name][0][0], statistics.median(t for _, t in runs[name])
    (n, t), (n0, t0) = made("ours"), made("bare")
    return [Row("start to first paint: Python enum types made (time, counted)", f"{n} ({t * 1000:.0f} ms)",
                f"{n0} ({t0 * 1000:.0f} ms)", t / t0, "what the Qt classes used cost; no target")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each round (default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="headless/window rounds (default 5)")
    parser.add_argument("--launches", type=int, default=5, help="launches of each program (default 5)")
    args = parser.parse_args()
    print(f"platform {os.environ['QT_QPA_PLATFORM']}, session '{PRESET}'")
    for row in training_rows(args.seconds, args.rounds) + startup_rows(args.launches):
        print(row.line())


if __name__ == "__main__":
    main()

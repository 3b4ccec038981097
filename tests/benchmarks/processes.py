"""Benchmark rows measured on whole processes and on the session file (issue 11's table).

* ``xorgui train`` for 200,000 epochs as a whole process against a plain numpy loop (and
  PyTorch CPU eager when torch is installed) as a whole process, on the same 2-3-1 sigmoid
  network, weights and data, learning rate 0.5, full batch, the loss recorded every epoch;
* ``xorgui train --epochs 2000000``: peak memory above a 10-epoch run, and the file it writes;
* a 5,000,000-epoch session: save and reopen, against writing its losses with ``numpy.save``;
* a 16-16-16 network on 10,000 samples: opening it in the window (against the XOR session),
  one epoch (F7) in the window, and painting its diagram alone (both against one epoch headless:
  F7 trains the epoch and then paints at least the diagram, so its ratio comes to about 1 plus the
  painting's or more; each is a median of a few noisy timings), and of that painting its links
  alone, antialiased as drawn and without antialiasing (what antialiasing costs).

Every figure is a ratio against a reference measured in the same run; the processes alternate
so that both sides see the same load. Import the ``*_rows`` functions, or run
``python tests/benchmarks/processes.py``. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
# The references run as a user would start them: without what importing xorgui sets up
# (one BLAS thread), since this process imports it before launching them.
REFERENCE_ENV = dict(os.environ)

from gui import Row  # noqa: E402  (the benchmarks share one row format)

LEARNING_RATE = 0.5

# What a learner would write: the same maths, the loss of every epoch kept in an array.
PLAIN_NUMPY = """
import sys
import numpy as np
w1, w2 = np.array({w1}), np.array({w2})
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)
xb = np.hstack([np.ones((4, 1)), x]); ones = np.ones((4, 1)); n, lr = 4, {lr}
epochs = int(sys.argv[1]); losses = np.empty(epochs)
for e in range(epochs):
    z1 = 1.0 / (1.0 + np.exp(-(xb @ w1.T)))
    z1b = np.hstack([ones, z1])
    z2 = 1.0 / (1.0 + np.exp(-(z1b @ w2.T)))
    losses[e] = 0.5 * np.mean(np.sum((z2 - y) ** 2, axis=1))
    d2 = (z2 - y) * z2 * (1.0 - z2)
    d1 = (d2 @ w2[:, 1:]) * z1 * (1.0 - z1)
    w2 -= lr * (d2.T @ z1b) / n
    w1 -= lr * (d1.T @ xb) / n
print(f"loss {{losses[-1]:.8f}}")
"""

PLAIN_TORCH = """
import sys
import torch
w1 = torch.tensor({w1}, dtype=torch.float64, requires_grad=True)
w2 = torch.tensor({w2}, dtype=torch.float64, requires_grad=True)
x = torch.tensor([[1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]], dtype=torch.float64)
y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float64)
epochs = int(sys.argv[1]); losses = torch.empty(epochs, dtype=torch.float64)
for e in range(epochs):
    z1 = torch.sigmoid(x @ w1.T)
    z2 = torch.sigmoid(torch.cat([torch.ones(4, 1, dtype=torch.float64), z1], 1) @ w2.T)
    loss = 0.5 * ((z2 - y) ** 2).sum(1).mean()
    w1.grad = w2.grad = None
    loss.backward()
    with torch.no_grad():
        w1 -= {lr} * w1.grad; w2 -= {lr} * w2.grad
    losses[e] = loss.detach()
print(f"loss {{losses[-1].item():.8f}}")
"""

# A child that runs the CLI and reports its own peak resident memory in KiB: on Linux VmHWM, not
# ru_maxrss, which a child keeps from its parent at the fork (under run_all, ~245 MB with Qt loaded,
# both runs read 245 MB: "+0 MB").
PEAK_MEMORY = """
import resource, sys
from xorgui.app import main
status = main(sys.argv[1:])
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:  # not Linux
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
print("peak", peak, file=sys.stderr)
sys.exit(status)
"""


def _session(folder: str) -> tuple[str, list, list]:
    """The sigmoid preset at learning rate 0.5 as a session file; its two weight matrices."""
    from dataclasses import replace

    from xorgui.core import sessionfile
    from xorgui.core.presets import make_preset
    trainer = make_preset("sigmoid")
    trainer.config = replace(trainer.config, learning_rate=LEARNING_RATE)
    path = os.path.join(folder, "xor.json")
    sessionfile.save(trainer, Path(path))
    return path, *(w.tolist() for w in trainer.network.weights)


def _wall(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - start, out.strip()


def train_rows(epochs: int = 200_000, rounds: int = 3) -> list[Row]:
    """Whole-process ``xorgui train`` against a plain numpy loop (and torch when installed)."""
    folder = tempfile.mkdtemp(prefix="xorgui-bench-")
    path, w1, w2 = _session(folder)
    programs = {"numpy": PLAIN_NUMPY}
    if importlib.util.find_spec("torch"):
        programs["torch"] = PLAIN_TORCH
    cmds = {name: [sys.executable, "-c", code.format(w1=w1, w2=w2, lr=LEARNING_RATE), str(epochs)]
            for name, code in programs.items()}
    cmds["xorgui"] = [sys.executable, "-m", "xorgui", "train", path, "--epochs", str(epochs), "--quiet"]
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(rounds):
        for name, cmd in cmds.items():
            times[name].append(_wall(cmd, None if name == "xorgui" else REFERENCE_ENV)[0])
    ours = statistics.median(times["xorgui"])
    rows = []
    for name, label in (("numpy", "a plain numpy loop"), ("torch", "PyTorch CPU eager")):
        if name not in times:
            print(f"# {label}: skipped (torch is not installed)")
            continue
        ref = statistics.median(times[name])
        rows.append(Row(f"xorgui train {epochs:,} epochs vs {label} (whole processes)",
                        f"{ours:.2f} s", f"{ref:.2f} s", ref / ours, "reference/ours; target >= 1.2"))
    return rows


def memory_rows(epochs: int = 2_000_000) -> list[Row]:
    """Peak memory of ``train --epochs N --out`` above a 10-epoch run, and the file's size."""
    folder = tempfile.mkdtemp(prefix="xorgui-bench-")
    path = _session(folder)[0]
    peaks, sizes = {}, {}
    for n in (10, epochs):
        out = os.path.join(folder, f"out{n}.json")
        result = subprocess.run([sys.executable, "-c", PEAK_MEMORY, "train", path, "--epochs", str(n), "--quiet",
                                 "--out", out], check=True, capture_output=True, text=True)
        peaks[n] = int(result.stderr.split("peak")[-1]) / 1024
        sizes[n] = os.path.getsize(out) / 2**20
    above = peaks[epochs] - peaks[10]
    return [Row(f"train --epochs {epochs:,}: peak memory above a 10-epoch run", f"{above:.0f} MB",
                f"{peaks[10]:.0f} MB", above / 60, "ratio: / 60 MB, target <= 1"),
            Row(f"train --epochs {epochs:,}: session file", f"{sizes[epochs]:.1f} MiB", f"{sizes[10]:.2f} MiB",
                sizes[epochs] / 24, "ratio: / 24 MiB, target <= 1")]


def long_session_rows(epochs: int = 5_000_000) -> list[Row]:
    """Save and reopen a session with ``epochs`` epochs of history, against ``numpy.save`` of
    as many float64 losses (the least any file of every loss costs)."""
    import numpy as np

    from xorgui.core import sessionfile
    from xorgui.core.presets import make_preset
    folder = Path(tempfile.mkdtemp(prefix="xorgui-bench-"))
    trainer = make_preset("sigmoid")
    losses = 0.25 / (1.0 + np.arange(epochs) / 1000.0)
    trainer.history.extend(losses)
    trainer.epoch = epochs
    start = time.perf_counter()
    sessionfile.save(trainer, folder / "long.json")
    save = time.perf_counter() - start
    start = time.perf_counter()
    reopened = sessionfile.load(folder / "long.json")
    load = time.perf_counter() - start
    start = time.perf_counter()
    np.save(folder / "losses.npy", losses)
    raw = time.perf_counter() - start
    size = (folder / "long.json").stat().st_size / 2**20
    assert reopened.epoch == epochs and reopened.history.last() == trainer.history.last()
    return [Row(f"{epochs:,}-epoch session: save", f"{save:.2f} s", f"{raw:.2f} s", save / raw,
                f"vs numpy.save of every loss; file {size:.1f} MiB"),
            Row(f"{epochs:,}-epoch session: reopen", f"{load:.2f} s", f"{save:.2f} s", load / save,
                "vs its save; it reopens")]


LARGE = """
import os, sys, tempfile, time
import xorgui  # first, as the program starts: it sets up numpy's BLAS before numpy loads
import numpy as np
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.presets import make_preset

def large():
    rng = np.random.default_rng(0)
    init = Initialization("xavier", seed=2)
    x = rng.uniform(-1, 1, (10_000, 16)); y = (rng.uniform(0, 1, (10_000, 16)) > 0.5).astype(float)
    return Trainer(Network([16, 16, 16], ["tanh", "sigmoid"], init.make([16, 16, 16])), Dataset(x, y),
                   TrainingConfig(learning_rate=0.1), init)

app = QApplication(sys.argv[:1])
from xorgui.gui.controller import Controller
from xorgui.gui.main_window import MainWindow

import pyqtgraph  # noqa: E402,F401 - the program imports it after its first paint: not a window's cost

def opened(trainer):  # until the window is shown and painted with its own loss plot, as the program's
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    start = time.perf_counter()
    c = Controller(trainer); w = MainWindow(c, settings); w.resize(1400, 860)
    w.build_plot_after_first_paint(); w.show()
    while type(w.bottom_tabs.widget(0)).__name__ != "LossPlot" and time.perf_counter() - start < 60:
        app.processEvents()
    return time.perf_counter() - start, c, w

xor_open, xor_c, xor_w = opened(make_preset("sigmoid"))
xor_c.undo_stack.setClean(); xor_w.close()
big_open, c, w = opened(large())
w.plot; app.processEvents()
f7 = []
for _ in range(3):
    start = time.perf_counter(); c.step_epoch(); app.processEvents(); f7.append(time.perf_counter() - start)
t = large(); headless = []
for _ in range(3):
    start = time.perf_counter(); t.run_epochs(1); headless.append(time.perf_counter() - start)
paint = []  # the diagram alone, painted whole as after an epoch (every link's width changed)
for _ in range(5):
    start = time.perf_counter(); w.diagram.viewport().repaint(); paint.append(time.perf_counter() - start)
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from xorgui.gui.diagram.links import LinkLayer
(layer,) = [item for item in w.diagram.scene().items() if isinstance(item, LinkLayer)]
image = QImage(w.diagram.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

def links_alone(antialiased):  # the link layer alone, as the view draws it, into an image of its size
    took = []
    for _ in range(5):
        image.fill(0); painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
        painter.setTransform(w.diagram.viewportTransform())
        start = time.perf_counter(); layer.paint(painter, QStyleOptionGraphicsItem()); took.append(time.perf_counter() - start)
        painter.end()
    return sorted(took)[2]
print(xor_open, big_open, sorted(f7)[1], sorted(headless)[1], sorted(paint)[2], links_alone(True), links_alone(False))
c.undo_stack.setClean(); os._exit(0)
"""


def large_data_rows() -> list[Row]:
    """16-16-16 on 10,000 samples: open in the window, one epoch (F7) there, and its diagram
    painted alone, then that diagram's links alone, antialiased and not."""
    out = subprocess.run([sys.executable, "-c", LARGE], check=True, capture_output=True, text=True).stdout
    xor_open, big_open, f7, headless, paint, links_aa, links_plain = (float(v) for v in out.split()[-7:])
    return [Row("16-16-16 on 10,000 samples: open in the window", f"{big_open:.2f} s", f"{xor_open:.2f} s",
                big_open / xor_open, "vs the XOR session; target <= 1 s"),
            Row("16-16-16 on 10,000 samples: one epoch (F7) in the window", f"{f7 * 1000:.1f} ms",
                f"{headless * 1000:.1f} ms", f7 / headless, "vs one epoch headless; target <= 1.5"),
            # F7 trains that epoch and then paints at least the diagram: its ratio is about 1 + this or more
            Row("16-16-16: painting its diagram alone (a floor under F7's ratio, minus 1)", f"{paint * 1000:.1f} ms",
                f"{headless * 1000:.1f} ms", paint / headless, "vs one epoch headless; F7 <= 1.5 needs <= 0.5"),
            # of which its 544 links, antialiased as the view draws them, and without antialiasing
            Row("16-16-16: its 544 links alone, antialiased", f"{links_aa * 1000:.1f} ms",
                f"{headless * 1000:.1f} ms", links_aa / headless, "vs one epoch headless; part of the above"),
            Row("16-16-16: its 544 links alone, not antialiased", f"{links_plain * 1000:.1f} ms",
                f"{headless * 1000:.1f} ms", links_plain / headless, "vs one epoch headless; not what the view draws")]


def main() -> None:
    for row in train_rows() + memory_rows() + long_session_rows() + large_data_rows():
        print(row.line())


if __name__ == "__main__":
    main()

"""Benchmark: the window with large data. For each data size, the time to switch the session to
that many samples (Data ▸ Choose dataset: circle) and the time of one Epoch with its frame (the
truth table, plots and diagram redrawn), in the real main window offscreen.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/data_frames.py [--sizes 16,1000,10000]``.
Before the truth table filled only the rows in view, one Epoch's frame took 0.44 s with 100
samples, 1.9 s with 200 and about a minute with 1,000 (measuring every row for column widths
made each cell's update cost a pass over all rows).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16,100,1000,10000")
    args = parser.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from xorgui.core.datasets import DataSource
    from xorgui.core.presets import make_preset
    from xorgui.gui.controller import Controller
    from xorgui.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        controller = Controller(make_preset("sigmoid"))
        window = MainWindow(controller, QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        _ = window.plot  # built after the first paint in the real app (the other tabs when first shown)
        app.processEvents()
        for n in (int(s) for s in args.sizes.split(",")):
            t0 = time.perf_counter()
            controller.set_library_data(DataSource("circle", {"size": n}))
            app.processEvents()
            switch = time.perf_counter() - t0
            t0 = time.perf_counter()
            controller.step_epoch()
            app.processEvents()
            frame = time.perf_counter() - t0
            print(f"{n:>6,} samples: switch to the data {switch:.3f} s, one Epoch with its frame {frame:.3f} s")
        controller.shutdown()
        window.close()


if __name__ == "__main__":
    main()

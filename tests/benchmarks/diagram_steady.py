"""Benchmark: a weight edit whose label turns to scientific notation, against one that stays a
fraction, in the main window (1400×860) showing a 2-16-16-1 and a 2-16-16-16-1 network.

Each figure is the time from the edit (``controller.edit_weight``) until the events it posted
are processed (the diagram repainted), median of the rounds. The label's text grows from
``0.25`` to ``−3.14e−5``: before issue 11's fix that laid the diagram out again (every label
placed anew, 40–80 ms on the GUI thread); now nothing moves and the two edits cost the same.
Each round opens the network in a new window and empties the layout cache, so that a relayout,
if one happened, would pay in full as it does the first time a text grows in a session.
Import ``rows`` (a list of :class:`gui.Row`), or run ``python tests/benchmarks/diagram_steady.py
[--rounds 7]``. Offscreen unless QT_QPA_PLATFORM says otherwise. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from gui import Row  # noqa: E402

NETWORKS = ([2, 16, 16, 1], [2, 16, 16, 16, 1])


def _edit_times(layers: list[int], settings) -> tuple[float, float]:
    """One round: milliseconds of a fraction edit and of an edit that turns a label scientific."""
    from PySide6.QtWidgets import QApplication

    from xorgui.core import Initialization, Network, Trainer
    from xorgui.core.datasets import DataSource, build
    from xorgui.gui.controller import Controller
    from xorgui.gui.diagram import layout
    from xorgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    data, _ = build(DataSource("xor", {}))
    init = Initialization("uniform", seed=1)
    controller = Controller(Trainer(Network(layers, ["sigmoid"] * (len(layers) - 1), init.make(layers)), data))
    window = MainWindow(controller, settings)
    window.resize(1400, 860)
    window.build_plot_after_first_paint()  # as the program does (launch.run_gui)
    window.show()
    for _ in range(10):  # shown, laid out, painted, the plot built
        app.processEvents()
        time.sleep(0.01)
    labels = window.diagram.labels
    first, second = [k for k, label in labels.items() if label.isVisible() and k[0] == 1][:2]

    def timed(key, text: str) -> float:
        layout._layout.cache_clear()  # a layout made for new text widths is made, not looked up
        start = time.perf_counter()
        controller.edit_weight(*key, text)
        app.processEvents()
        return (time.perf_counter() - start) * 1000

    timed(first, "0.25"), timed(second, "0.25")
    fraction = timed(first, "-0.123456")
    scientific = timed(second, "-3.14e-5")
    assert labels[second].text() == "−3.14e−5"
    controller.undo_stack.setClean()
    window.close()
    controller.shutdown()
    return fraction, scientific


def rows(rounds: int = 7) -> list[Row]:
    from PySide6.QtCore import QSettings

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    result = []
    for layers in NETWORKS:
        times = [_edit_times(layers, settings) for _ in range(rounds)]
        fraction = statistics.median(t[0] for t in times)
        scientific = statistics.median(t[1] for t in times)
        shape = "-".join(map(str, layers))
        result.append(Row(f"diagram {shape}: edit to scientific / to a fraction", f"{scientific:.1f} ms",
                          f"{fraction:.1f} ms", scientific / fraction, f"target <= 1.5; median of {rounds}"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    for row in rows(parser.parse_args().rounds):
        print(row.line())


if __name__ == "__main__":
    main()

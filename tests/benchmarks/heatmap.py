"""Benchmark: the heatmaps while training (decision-boundary tab and the maps inside units).

Prints, for the 2-3-1 sigmoid XOR net (a 100 × 100 grid over the data) and for a 2-8-8-1 net on 500
points (68 × 68 over the data), the decision-boundary tab's plane widened to the tab at the same grid
spacing (offscreen unless QT_QPA_PLATFORM says otherwise; window 1400 × 860):
  * the grid's forward pass over the data's plane and over the tab's widened plane, and what the
    boundary tab alone adds to a frame;
  * heatmap frames per second while training at a paced speed the machine keeps up with (the
    runner asks for 30 frames a second): new maps published, and paints of the decision-boundary
    plot (target >= 20);
  * what the heatmaps add to one frame in CPU time (new surface and images, the boundary plot's
    paint, the unit maps' share of the diagram's paint) and the frame rate that allows (target >= 20);
  * epochs per CPU second (and per wall second) at full speed with both heatmaps on screen
    against the same window without them (Loss tab, maps off), and the slowdown (target <= 10 %).
CPU time of this process is what a machine busy with other work leaves comparable.

Run: ``python tests/benchmarks/heatmap.py [--seconds 4]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")



def xor_231():
    from xorgui.core.presets import make_preset
    return make_preset("sigmoid")


def points_2881(n: int = 500):
    """2-8-8-1 tanh/sigmoid on the library's spiral of ``n`` points (seed 0, no test split)."""
    from xorgui.core import Initialization, Network, Trainer, TrainingConfig
    from xorgui.core.datasets import DataSource, build
    source = DataSource("spiral", {"size": n, "noise": 0.03, "seed": 0})
    train, _ = build(source)
    layers = [2, 8, 8, 1]
    init = Initialization("xavier", seed=1)
    return Trainer(Network(layers, ["tanh", "tanh", "sigmoid"], init.make(layers)), train,
                   TrainingConfig(learning_rate=0.3), init, name="spiral 500", source=source)


def open_window(trainer):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from xorgui.gui.controller import Controller
    from xorgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # the next case opens its own window
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    controller = Controller(trainer)
    window = MainWindow(controller, settings)
    window.resize(1400, 860)
    window.show()
    window.plot, window.boundary  # noqa: B018 - built after the first paint and when first shown: the steady state
    app.processEvents()
    return app, controller, window


def show_heatmaps(window, on: bool) -> None:
    window.bottom_tabs.setCurrentWidget(window.boundary if on else window.plot)
    window.units_action.setChecked(on)


class Counter:
    """Counts paint events of a widget."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, obj, event):  # noqa: N805
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def run_for(controller, seconds: float, speed) -> tuple[float, float]:
    """Train at ``speed`` for ``seconds`` (event loop running): epochs per wall-clock second and
    per CPU second of this process (the latter is what a loaded machine leaves comparable)."""
    from PySide6.QtCore import QEventLoop, QTimer
    controller.set_speed(speed)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    start_epoch, start, cpu = controller.trainer.epoch, time.perf_counter(), time.process_time()
    controller.start()
    loop.exec()
    controller.pause()
    epochs = controller.trainer.epoch - start_epoch
    return epochs / (time.perf_counter() - start), epochs / (time.process_time() - cpu)


def heatmap_frame_cost(controller, window, repeats: int = 40, maps: bool = True) -> tuple[float, float, float]:
    """Median CPU seconds, per frame, of what the heatmaps add to a frame: (the new surface with
    the boundary and unit images made from it, the decision-boundary plot's repaint, what the
    unit maps add to the diagram's repaint). CPU time of this process, not wall time: other
    processes on a busy machine do not count."""
    from xorgui.core.snapshot import describe
    feed, plot, diagram = controller.surfaces, window.boundary.plot_widget.viewport(), window.diagram.viewport()
    refresh, paint, extra = [], [], []
    for _ in range(repeats):
        controller.trainer.run_epochs(1)
        snap = describe(controller.trainer, controller.selected, controller.precision)
        controller.snapshot = snap
        t0 = time.process_time()
        feed._refresh(snap)  # what snapshot_changed triggers: compute, then the views' images
        t1 = time.process_time()
        plot.repaint()
        t2 = time.process_time()
        if not maps:  # the decision-boundary tab alone
            refresh.append(t1 - t0)
            paint.append(t2 - t1)
            extra.append(0.0)
            continue
        diagram.repaint()
        t3 = time.process_time()
        window.diagram.set_show_maps(False)
        t4 = time.process_time()
        diagram.repaint()
        t5 = time.process_time()
        window.diagram.set_show_maps(True)
        refresh.append(t1 - t0)
        paint.append(t2 - t1)
        extra.append(max(0.0, (t3 - t2) - (t5 - t4)))
    return tuple(statistics.median(v) for v in (refresh, paint, extra))


def publish_cost(controller, window, repeats: int = 5) -> float:
    """Median CPU seconds of one frame of the whole window as it is (publish, then paint)."""
    from PySide6.QtWidgets import QApplication
    times = []
    for _ in range(repeats):
        controller.trainer.run_epochs(1)
        t0 = time.process_time()
        controller._publish(history=True)
        window.repaint()
        QApplication.instance().processEvents()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def grid_cost(trainer, plane, repeats: int = 50) -> float:
    """Median CPU seconds of core.surface.compute alone on ``plane``'s grid."""
    from xorgui.core.surface import compute
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        compute(trainer.network, plane)
        times.append(time.process_time() - t0)
    return statistics.median(times)


def case(name: str, trainer, paced: float, seconds: float, rounds: int) -> None:
    """``paced``: a speed (epochs/s) the machine can keep, so that the runner's clock asks for 30 frames a second."""
    app, controller, window = open_window(trainer)
    show_heatmaps(window, True)
    app.processEvents()
    wide = controller.surfaces.plane()  # the decision-boundary tab's plane, widened to the tab
    data = wide.around_data()
    grid, grid_wide = grid_cost(trainer, data), grid_cost(trainer, wide)
    window.units_action.setChecked(False)  # the boundary alone: what it adds to a frame
    alone, alone_paint, _ = heatmap_frame_cost(controller, window, maps=False)
    window.units_action.setChecked(True)
    surfaces = []
    controller.surfaces.surface_changed.connect(surfaces.append)
    paints = Counter(window.boundary.plot_widget.viewport())
    start = time.perf_counter()
    run_for(controller, seconds, paced)
    elapsed = time.perf_counter() - start
    fps_surfaces, fps_paints = len(surfaces) / elapsed, paints.count / elapsed
    show_heatmaps(window, False)  # the same run without heatmaps: the window's own frame rate
    frames = []
    controller.snapshot_changed.connect(frames.append)
    start = time.perf_counter()
    run_for(controller, seconds, paced)
    fps_plain = len(frames) / (time.perf_counter() - start)
    controller.snapshot_changed.disconnect(frames.append)
    show_heatmaps(window, True)
    refresh, paint, extra = heatmap_frame_cost(controller, window)
    cost = refresh + paint + extra
    show_heatmaps(window, False)
    window_frame = publish_cost(controller, window)
    # full speed: alternate without and with heatmaps, so that drift in the machine's load hits both
    rates = {False: [], True: []}
    for on in (False, True) * rounds:
        show_heatmaps(window, on)
        rates[on].append(run_for(controller, seconds, None))
    (off_wall, off_cpu), (on_wall, on_cpu) = ([statistics.mean(r[i] for r in rates[k]) for i in (0, 1)]
                                              for k in (False, True))
    controller.undo_stack.setClean()
    window.close()
    print(f"{name}")
    rows, cols = wide.shape
    print(f"  grid forward pass             {grid * 1000:6.2f} ms CPU over the data's plane ({data.resolution}x"
          f"{data.resolution}), {grid_wide * 1000:.2f} ms over the tab's ({rows}x{cols}, the same grid over the data)")
    print(f"  boundary tab alone            {(alone + alone_paint) * 1000:6.2f} ms CPU a frame: map and image "
          f"{alone * 1000:.2f}, paint {alone_paint * 1000:.2f}")
    print(f"  heatmap frame                 {cost * 1000:6.2f} ms CPU: maps and images {refresh * 1000:.2f}, "
          f"boundary paint {paint * 1000:.2f}, unit maps' paint {extra * 1000:.2f} -> up to {1 / cost:,.0f} "
          f"frames/s   (target >= 20)")
    print(f"  the rest of a window frame    {window_frame * 1000:6.1f} ms CPU (publish and paint, heatmaps off)")
    print(f"  training at {paced:g} epochs/s      {fps_surfaces:5.1f} new maps/s, {fps_paints:5.1f} "
          f"boundary paints/s; {fps_plain:.1f} frames/s with the heatmaps off (the runner asks for 30; wall clock)")
    print(f"  full speed, per CPU second    {off_cpu:,.0f} epochs without heatmaps, {on_cpu:,.0f} with: "
          f"slowdown {100 * (1 - on_cpu / off_cpu):.1f} %   (target <= 10 %)")
    print(f"  full speed, per wall second   {off_wall:,.0f} epochs without heatmaps, {on_wall:,.0f} with: "
          f"slowdown {100 * (1 - on_wall / off_wall):.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each timed run")
    parser.add_argument("--rounds", type=int, default=3, help="full-speed runs with and without heatmaps, alternated")
    args = parser.parse_args()
    print(f"platform {os.environ['QT_QPA_PLATFORM']}, window 1400x860, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    case("2-3-1 sigmoid, XOR (4 samples)", xor_231(), 1000, args.seconds, args.rounds)
    case("2-8-8-1 tanh/sigmoid, spiral of 500 points", points_2881(), 100, args.seconds, args.rounds)


if __name__ == "__main__":
    main()

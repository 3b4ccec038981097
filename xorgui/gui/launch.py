"""Start the GUI: QApplication, controller, main window; optional screenshot/self-test exits."""

from __future__ import annotations

import gc
import os
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..bug_report import details
from ..window_args import parse_gui_args

HEADLESS = ("offscreen", "minimal")  # platforms where no one could answer a box
TEST_STEP_EPOCH = "XORGUI_TEST_STEP_EPOCH"  # tests of the real program: one Epoch press (F7) after start


def is_blank(image: QImage) -> bool:
    """True if the image has (almost) a single colour: nothing was painted."""
    small = image.scaled(64, 40)
    colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
    return len(colours) < 8


def on_interrupt(window_of, quit_at_once: bool):
    """Ctrl+C in the terminal: the window closes as its close button does (asking about unsaved
    work), instead of KeyboardInterrupt raised at whatever line Python is on (mid-step, say).
    Before the window is up, for pictures, or a second time while its question is open, the
    program ends at once; work autosaved so far is offered at the next start."""
    pending = []  # a close asked for and not yet done (its unsaved-work question may be open)

    def close() -> None:
        try:
            window_of().close()
        finally:
            pending.clear()

    def interrupted(*_) -> None:
        if quit_at_once or window_of() is None or pending:
            print("xorgui: interrupted", file=sys.stderr)
            os._exit(130)
        pending.append(True)
        QTimer.singleShot(0, close)
    return interrupted


def run_gui(argv: list[str]) -> int:
    args = parse_gui_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("xorgui")
    app.setOrganizationName("xorgui")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("xorgui")

    from . import autosave, recovery
    from .controller import Controller
    from .errors import ErrorReport
    from .main_window import MainWindow

    settings = None
    data = autosave.data_dir()
    pictures = bool(args.screenshot or args.self_test)
    if pictures:  # reproducible pictures: ignore and keep the user's settings
        scratch = tempfile.mkdtemp(prefix="xorgui-")
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        if not os.environ.get(autosave.ENV_DATA_DIR):  # and the user's unsaved work
            data = Path(scratch)
    window = None
    # from here an unexpected error is logged and said in one line, never a traceback (errors.py);
    # a box says it too where someone can answer it
    saver = None
    errors = ErrorReport(data, lambda: window, boxes=not pictures and app.platformName() not in HEADLESS,
                         autosaving=lambda: saver is not None and saver.owner)
    errors.install()
    previous = signal.signal(signal.SIGINT, on_interrupt(lambda: window, quit_at_once=pictures))
    # Python sees a signal only when it runs: a quarter-second tick lets it while Qt waits for events
    idle = QTimer(app, interval=250)
    idle.timeout.connect(lambda: None)
    idle.start()
    try:
        try:
            controller = Controller()
            window = MainWindow(controller, settings)
            if args.file:
                window.open_path(args.file)  # on failure: an error box, and the default session stays
            if pictures:
                window.resize(*args.size)
            window.build_plot_after_first_paint()
            window.show()
            saver = recovery.install(window, data)  # offers back what a crash left, then autosaves
        except Exception as exc:  # whatever stops the window from opening
            errors.report(exc, details(exc), stage="start")
            return 1
        try:
            return _run(app, args, pictures, controller, window, saver)
        except Exception as exc:  # after the event loop: the window has closed
            errors.report(exc, details(exc), stage="end")
            return 1
    finally:  # the program goes on without the window: as it was before
        idle.stop()
        signal.signal(signal.SIGINT, previous)
        errors.uninstall()


def _run(app, args, pictures: bool, controller, window, saver) -> int:
    """The event loop until the window closes (or the picture is taken); the exit status."""
    QTimer.singleShot(0, gc.enable)  # the window is built: collect garbage again (paused by app.run_window)
    if os.environ.get(TEST_STEP_EPOCH):
        QTimer.singleShot(0, controller.step_epoch)
    if pictures:
        result = {"code": 1}

        def prepare() -> None:
            window.plot  # noqa: B018 - built after the first paint; the picture should show it
            if args.self_test:
                controller.step_epoch()
            QTimer.singleShot(300, capture)  # let the plot's throttled first redraw happen

        def capture() -> None:
            target = args.screenshot or str(Path(tempfile.gettempdir()) / "xorgui-self-test.png")
            try:
                image = window.grab().toImage()
                ok = image.save(target) and not is_blank(image)
                if not ok:
                    print(f"xorgui: could not write a screenshot to {target}", file=sys.stderr)
                if args.self_test:
                    ok = ok and controller.trainer.epoch >= 1
                    print(f"self-test {'passed' if ok else 'FAILED'}: platform {app.platformName()}, "
                          f"epoch {controller.trainer.epoch}, screenshot {target}")
                result["code"] = 0 if ok else 1
            finally:  # whatever happened, never leave the process running
                window.controller.undo_stack.setClean()  # nothing to save: never prompt
                window.close()
                app.exit()  # not quit(): an open restore box (no Cancel) would refuse to close

        QTimer.singleShot(300, prepare)
        app.exec()
        saver.finish()
        return result["code"]
    code = app.exec()
    saver.finish()  # the window closed after saving or discarding: nothing to recover
    return code

"""GUI tests run offscreen with a real controller; timers are stopped on teardown."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from xorgui.gui.controller import Controller  # noqa: E402


@pytest.fixture(autouse=True)
def _deleted_after_the_test():
    """What a test closed and gave to deleteLater is deleted when it ends, as the app's event loop
    would delete it. No event loop runs between tests (qtbot.wait runs one only while it waits),
    so without this every window, dialog and menu of every test lived to the end of the run: 548
    top-level widgets after test_time_travel.py's 16 tests, which Qt and each full garbage
    collection walked. An autouse fixture: set up first, so torn down after the test's own fixtures
    (the window's close), while pytest-qt still catches an exception raised in a deletion."""
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def new_controller(qtbot):
    """Makes controllers, on the default session or a test's trainer. Each is shut down when the
    test ends and deleted (by _deleted_after_the_test): the Python callables its signals are
    connected to refer back to it through the views, a cycle the garbage collector cannot see into
    while Qt holds the connections, so a controller left alone lived on with its history and
    timeline, and one outliving its deleted views raised in whichever later test touched it."""
    made = []

    def make(trainer=None):
        made.append(Controller(trainer))
        return made[-1]

    yield make
    for c in made:
        try:
            c.shutdown()
        finally:  # one that fails to shut down is still deleted, and so are the others
            c.deleteLater()


@pytest.fixture
def controller(new_controller):
    """A controller on the default session (the article's example, online)."""
    return new_controller()


@pytest.fixture
def messages(controller):
    """Every (level, text) message the controller emits."""
    seen = []
    controller.message.connect(lambda text, level: seen.append((level, text)))
    return seen


@pytest.fixture
def shown(qtbot):
    """Show a widget at a size and wait until it is on screen; qtbot closes it afterwards."""

    def show(widget, width=500, height=300):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return show


@pytest.fixture
def read_weight(qtbot):
    """What a weights grid's cell shows once the user has brought it into view: the grids shown
    (a new shape's are shown by the event loop), the grid scrolled sideways to the cell and the
    tab's scroll area scrolled to its row, as the scroll bars would be."""

    def read(weights, layer, row, col):
        grid = weights.tables[layer]
        if weights.isVisible():
            qtbot.waitUntil(grid.isVisible)
            index = grid.model().index(row, col)

            def scrolled_into_view() -> bool:
                grid.scrollTo(index)  # the grid's own sideways bar
                rect = grid.visualRect(index)
                centre = grid.viewport().mapTo(weights.scroll_area.widget(), rect.center())
                weights.scroll_area.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 1,
                                                  rect.height() // 2 + 1)
                on_screen = grid.viewport().visibleRegion().boundingRect().contains(rect.center())
                return on_screen and weights.cell_text(layer, row, col) != ""
            # as a user would, scroll again until the cell is on screen and shows a number: a grid
            # just shown is laid out over several passes of the event loop, until then the scroll
            # range may not reach it, and a new grid's cells start empty (a cell out of view keeps
            # an older number: its text alone proves nothing)
            qtbot.waitUntil(scrolled_into_view, timeout=5000)
        return weights.cell_text(layer, row, col)

    return read


@pytest.fixture
def settings(tmp_path):
    """The window's settings in a file of the test's own, never the user's."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window_size():
    """The size the main window is given before it is shown; None keeps the size it opens at on
    the screen (offscreen: 800×800, smaller than a first start's 1400×860). Override per module."""
    from xorgui.gui.window_state import DEFAULT_SIZE

    return DEFAULT_SIZE


@pytest.fixture
def window(qtbot, controller, settings, window_size):
    """The main window on the shared controller, shown and exposed."""
    from xorgui.gui.main_window import MainWindow

    # not qtbot.addWidget: its teardown would close a modified window and block on the prompt
    w = MainWindow(controller, settings)
    if window_size:
        w.resize(*window_size)
    w.show()
    qtbot.waitExposed(w)
    yield w
    controller.undo_stack.setClean()
    if getattr(w, "help_dialog", None):
        w.help_dialog.close()
    w.close()
    w.deleteLater()

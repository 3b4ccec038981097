"""GUI tests run offscreen with a real controller; timers are stopped on teardown."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from xorgui.gui.controller import Controller  # noqa: E402


@pytest.fixture
def controller(qtbot):
    """A controller on the default session (the article's example, online)."""
    c = Controller()
    yield c
    c.shutdown()


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

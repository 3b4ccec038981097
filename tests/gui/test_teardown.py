"""A controller that has been shut down (the window closed, a test ended) is freed without a crash,
whenever the garbage collector runs.

The collector frees a controller, not reference counts (its helpers refer back to it). With PySide
6.11 that pass could free an undo entry's C++ object before the undo stack's destructor deleted it
again: a segfault, in a test worker (or at the program's exit) at whichever moment the collector
happened to run. A controller that was never shut down still can: tests get theirs from the
``controller`` or ``new_controller`` fixture, which shut them down. Here the collector runs at a fixed moment, in a process
of its own, so that a crash fails this test and nothing else.
"""

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import gc
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from xorgui.gui.architecture_panel import ArchitecturePanel
    from xorgui.gui.controller import Controller

    def use():
        controller = Controller()
        panel = ArchitecturePanel(controller)  # a view made on its own, as tests make them
        controller.add_layer(2)  # two undo entries, two new sets of the panel's rows
        controller.add_unit(1)
        assert controller.undo_stack.count() == 2
        return controller

    controller = use()  # the panel is gone
    controller.shutdown()
    del controller
    gc.collect()
    print("freed")
""")


@pytest.mark.process
def test_a_shut_down_controller_and_its_undo_entries_are_freed_without_a_crash():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "freed"


def test_shutting_down_drops_the_undo_entries_and_says_nothing(controller, messages):
    seen = []
    controller.undo_stack.cleanChanged.connect(seen.append)
    controller.undo_stack.indexChanged.connect(seen.append)
    controller.add_unit(1)
    seen.clear()
    controller.shutdown()
    assert controller.undo_stack.count() == 0
    assert seen == [] and messages == []  # nothing that watches the stack hears of it

"""An exception while an undo entry restores a state never crosses into QUndoStack's C++:
PySide 6.11 crashed the whole process storing one (a segfault in CI, issue 10). It reaches
the excepthook, as an exception in any slot does, and the stack stays usable."""

from PySide6.QtGui import QUndoStack

from xorgui.core import Dataset, Network, Trainer
from xorgui.core.init import Initialization
from xorgui.gui.undo import StateCommand


def test_a_failing_restore_goes_to_the_excepthook_and_the_stack_stays_usable(qtbot):
    trainer = Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], Initialization("uniform", seed=1).make([2, 2, 1])), Dataset.xor())
    before = trainer.capture()
    trainer.network.weights[0][0, 0] = 7.0
    after = trainer.capture()
    restored = []

    def restore(state):
        if state is before and not restored:
            restored.append("failed")
            raise IndexError("index 4 is out of bounds for axis 0 with size 4")
        restored.append(state.weights[0][0, 0])

    stack = QUndoStack()
    stack.push(StateCommand("Set W11 to 7", before, after, restore))
    with qtbot.captureExceptions() as exceptions:
        stack.undo()
    assert [str(e[1]) for e in exceptions] == ["index 4 is out of bounds for axis 0 with size 4"]
    assert stack.index() == 0
    stack.redo()
    stack.undo()
    assert restored == ["failed", 7.0, before.weights[0][0, 0]]

"""Issue 10: after training diverges to nan weights, undo and redo move the model (they were
refused inside QUndoCommand::redo: "weights[0] contains a number that is not finite")."""

import numpy as np


def weights(controller):
    return [w.copy() for w in controller.snapshot.weights]


def same(a, b):
    return all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b))


def diverge(controller):
    """Learning rate 1000 and five epochs, one undo entry each: the weights become nan. (F7 now
    refuses a network whose loss is not finite, so the epochs are taken through the controller's
    one undoable path, as F7 once took them and as a session saved that way holds them.)"""
    assert controller.set_learning_rate(1000)
    seen = [weights(controller)]
    for e in range(5):
        assert controller.change(f"Epoch {e + 1}", lambda: controller.trainer.run_epochs(1))
        seen.append(weights(controller))
    assert controller.snapshot.epoch == 5
    assert any(np.isnan(w).any() for w in controller.snapshot.weights)
    return seen


def test_undo_and_redo_move_a_diverged_model(controller):
    seen = diverge(controller)
    assert controller.undo()
    assert controller.snapshot.epoch == 4 and same(weights(controller), seen[4])
    assert controller.undo()
    assert controller.snapshot.epoch == 3 and same(weights(controller), seen[3])
    assert controller.redo() and controller.redo()
    assert controller.snapshot.epoch == 5 and same(weights(controller), seen[5])


def test_undo_all_the_way_back_to_finite_weights(controller):
    seen = diverge(controller)
    while controller.undo_stack.canUndo():
        assert controller.undo()
    assert controller.snapshot.epoch == 0 and same(weights(controller), seen[0])
    assert all(np.isfinite(w).all() for w in controller.snapshot.weights)


def test_an_edit_and_an_activation_change_on_nan_weights_undo_cleanly(controller):
    seen = diverge(controller)
    assert controller.edit_weight(0, 0, 0, "0.5")
    assert controller.snapshot.weights[0][0, 0] == 0.5
    assert controller.undo()
    assert same(weights(controller), seen[5])  # the edit is gone, the nan weights are back
    assert controller.set_hidden_activation("sigmoid")
    assert controller.snapshot.activations[0] == "sigmoid"
    assert controller.undo()
    assert controller.snapshot.activations[0] == "identity" and same(weights(controller), seen[5])

"""A command that leaves the session as it was (Reset of a run that has not moved, the seed or the
rate it already has) adds no undo entry, does not mark the session modified and redraws nothing:
it did all three, so quitting asked to save a session nobody had changed."""

import pytest

from xorgui.core.presets import make_preset


@pytest.mark.parametrize("command", [
    lambda c: c.reset_weights(),
    lambda c: c.set_init_seed(c.trainer.init.seed),
    lambda c: c.set_init_method(c.trainer.init.method),
    lambda c: c.set_learning_rate(c.trainer.config.learning_rate),
], ids=["reset", "same seed", "same method", "same rate"])
def test_a_command_that_changes_nothing_is_not_an_edit(controller, command):
    published = []
    controller.snapshot_changed.connect(published.append)
    assert command(controller)
    assert controller.undo_stack.count() == 0 and not controller.dirty and published == []


def test_the_same_commands_after_a_change_are_edits_with_their_undo(controller):
    assert controller.step_epoch()
    weights = [w.copy() for w in controller.trainer.network.weights]
    assert controller.reset_weights() and controller.undo_stack.count() == 2 and controller.dirty
    assert controller.trainer.epoch == 0
    controller.undo_stack.undo()
    assert controller.trainer.epoch == 1
    assert all((a == b).all() for a, b in zip(weights, controller.trainer.network.weights))
    assert controller.reset_weights() and controller.reset_weights()  # the second changes nothing more
    assert controller.undo_stack.count() == 2


def test_a_seed_or_a_rate_that_differs_is_an_edit(controller):
    assert controller.load_example(make_preset("sigmoid"), "Sigmoid network")
    count = controller.undo_stack.count()
    assert controller.set_init_seed(controller.trainer.init.seed + 1)
    assert controller.set_learning_rate(0.25)
    assert controller.undo_stack.count() == count + 2

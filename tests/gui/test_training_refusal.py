"""Train, Step sample, Epoch and Step phase are refused on a network whose loss is not finite: the
controller answers from the published Snapshot.cannot_train, the fact the views disable them by,
not from a second forward pass over all the data on every press."""

import math

from xorgui.core.divergence import NOT_FINITE


def _no_forward_pass(monkeypatch, trainer):
    def forbidden(*_, **__):
        raise AssertionError("a forward pass over the data to answer a press")

    monkeypatch.setattr(trainer, "current_loss", forbidden)
    monkeypatch.setattr(trainer, "forward", forbidden)


def test_the_refusal_is_the_snapshots_fact_without_a_forward_pass(controller, monkeypatch):
    assert controller.training_refusal() is None
    assert controller.set_learning_rate(50) and controller.step_epoch() is not None
    assert controller.history[-1] == math.inf and controller.snapshot.cannot_train == NOT_FINITE
    _no_forward_pass(monkeypatch, controller.trainer)
    no = controller.training_refusal()
    assert no is not None and not no and no.reason == NOT_FINITE


def test_a_finite_network_is_not_refused_without_a_forward_pass(controller, monkeypatch):
    _no_forward_pass(monkeypatch, controller.trainer)
    assert controller.training_refusal() is None


def test_the_past_is_refused_first(controller):
    for _ in range(3):
        controller.step_epoch()
    assert controller.travel.view_epoch(1)
    no = controller.training_refusal()
    assert not no and no.reason.startswith("Viewing epoch 1 of 3")

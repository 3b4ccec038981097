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


def _near_the_last_epoch(tmp_path, epochs_left):
    """A session file a few epochs short of 2^53 − 1, the last epoch counted exactly."""
    import json

    from xorgui.core import sessionfile
    from xorgui.core.presets import make_preset

    path = tmp_path / "far.json"
    sessionfile.save(make_preset("sigmoid"), path)
    doc = json.loads(path.read_text())
    doc["training"]["epoch"] = 2**53 - 1 - epochs_left
    del doc["history"]  # a file may leave it out
    path.write_text(json.dumps(doc))
    return path


def test_training_stops_at_the_last_epoch_counted_exactly_and_the_file_reopens(controller, qtbot, tmp_path):
    """A crafted file at 2^53 − 3 trained on in the window passed 2^53 and saved a file no xorgui
    could open again."""
    from xorgui.core import sessionfile

    assert controller.open_file(_near_the_last_epoch(tmp_path, 2))
    assert controller.step_epoch() and controller.step_epoch()
    assert controller.trainer.epoch == 2**53 - 1
    no = controller.step_epoch()
    assert not no and no.reason == ("This run is at epoch 9,007,199,254,740,991, the last one counted exactly: no "
                                    "more can be trained (Reset or Randomize starts a new run).")
    assert not controller.start() and controller.trainer.epoch == 2**53 - 1
    assert controller.save_file(tmp_path / "saved.json")
    assert sessionfile.load(tmp_path / "saved.json").epoch == 2**53 - 1
    # at full speed from 1,000 epochs short: it pauses there and says why
    said = []
    controller.message.connect(lambda text, kind: said.append((kind, text)))
    assert controller.open_file(_near_the_last_epoch(tmp_path, 1000))
    assert controller.set_speed(None) and controller.start()
    qtbot.waitUntil(lambda: not controller.is_training, timeout=10_000)
    assert controller.trainer.epoch == 2**53 - 1
    assert said[-1] == ("error", controller.snapshot.cannot_train)


def test_twins_train_no_further_than_the_last_epoch_counted_exactly(controller, qtbot, tmp_path):
    """Twin runs were not held at 2^53 − 1: both twins could pass it, and the session's file then
    could not be opened again."""
    assert controller.open_file(_near_the_last_epoch(tmp_path, 2))
    assert controller.make_twin("learning_rate", "0.25")
    no = controller.twin_train(3)
    assert not no and no.reason == ("This run is at epoch 9,007,199,254,740,989: 3 more would pass "
                                    "9,007,199,254,740,991, the last epoch counted exactly.")
    assert controller.trainer.epoch == 2**53 - 3
    assert controller.twin_train(2)  # up to the last one
    qtbot.waitUntil(lambda: not controller.twin_running, timeout=10_000)
    assert controller.trainer.epoch == 2**53 - 1
    no = controller.twin_epoch()
    assert not no and no.reason == controller.snapshot.cannot_train != ""

"""A session saved part-way through an epoch reopens at the same place (training.position): the
next steps, `xorgui train` on the file and the exported script all continue from there, as the
unsaved session does, instead of training the epoch's first samples twice."""

import json
from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import naming, sessionfile
from xorgui.core.export_script import python_script
from xorgui.core.presets import make_preset
from xorgui.core.sessionfile import SessionError
from xorgui.core.training import Trainer
from xorgui.core.walkthrough_render import work

from .test_cli import run
from .test_export_script import close, run_script


def _online():  # the default session: one update per sample
    return make_preset("article")


def _minibatch():  # batches of 2 of 4 samples: after 3 steps, one update made and a gradient in the sums
    t = make_preset("sigmoid")
    return Trainer(t.network, t.data, replace(t.config, batch_size=2), t.init)


def _shuffled():  # shuffled batches of 2, at epoch 5: the order is that epoch's own, not 0 1 2 3
    t = make_preset("sigmoid")
    t = Trainer(t.network, t.data, replace(t.config, batch_size=2, shuffle=True, shuffle_seed=7), t.init)
    t.run_epochs(5)
    assert t.batch_samples().tolist() != [0, 1]
    return t


SESSIONS = {"online": _online, "minibatch": _minibatch, "shuffled": _shuffled}


def part_stepped(make):
    """Online: 2 samples (2 updates); in batches of 2: 3 samples (an update, then a gradient waiting)."""
    t = make()
    for _ in range(2 if t.batch_size == 1 else 3):
        t.step_sample()
    return t


def reopened(trainer, tmp_path) -> Trainer:
    sessionfile.save(trainer, tmp_path / "mid.json")
    return sessionfile.load(tmp_path / "mid.json")


def same_weights(a: Trainer, b: Trainer) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a.network.weights, b.network.weights))


@pytest.mark.parametrize("session", SESSIONS)
def test_a_reopened_session_goes_on_exactly_where_the_unsaved_one_does(session, tmp_path):
    unsaved = part_stepped(SESSIONS[session])
    opened = reopened(unsaved, tmp_path)
    assert (opened.epoch, opened.cursor) == (unsaved.epoch, unsaved.cursor) and opened.cursor
    assert opened.pending_samples == unsaved.pending_samples
    assert np.array_equal(opened.batch_samples(), unsaved.batch_samples())  # the shuffled order too
    assert all(np.array_equal(a, b) for a, b in zip(opened.accumulated(), unsaved.accumulated()))
    if session != "online":
        assert unsaved.pending_samples == 1 and np.any(unsaved.accumulated()[0])  # the sums are really kept
    for _ in range(5):  # the rest of the epoch and into the next, step by step
        assert opened.next_sample == unsaved.next_sample
        assert opened.step_sample().updated == unsaved.step_sample().updated
        assert same_weights(opened, unsaved)  # bit for bit
    opened.run_epochs(3)
    unsaved.run_epochs(3)
    assert same_weights(opened, unsaved) and opened.epoch == unsaved.epoch


@pytest.mark.parametrize("session", SESSIONS)
def test_xorgui_train_on_a_mid_epoch_file_finishes_that_epoch_first(session, tmp_path, capsys):
    unsaved = part_stepped(SESSIONS[session])
    sessionfile.save(unsaved, tmp_path / "mid.json")
    code, _, err = run(capsys, "train", tmp_path / "mid.json", "--epochs", 4, "--out", tmp_path / "out.json", "--quiet")
    assert code == 0, err
    unsaved.run_epochs(4)
    trained = sessionfile.load(tmp_path / "out.json")
    assert same_weights(trained, unsaved) and (trained.epoch, trained.cursor) == (unsaved.epoch, 0)


@pytest.mark.parametrize("session", SESSIONS)
def test_the_exported_script_continues_from_the_place_in_the_epoch(session, tmp_path, run_python):
    unsaved = part_stepped(SESSIONS[session])
    rows = run_script(python_script(unsaved, epochs=4), tmp_path, run_python)

    walk = work(unsaved, online_sample=unsaved.next_sample if unsaved.batch_size == 1 else None)
    expected = [(eq.target, eq.op, eq.value) for step in walk.steps for phase in step.phases for eq in phase.equations]
    got, rest = rows[:len(expected)], rows[len(expected):]
    assert [(n, op) for n, op, _ in got] == [(n, op) for n, op, _ in expected]
    assert all(close(v, e) for (_, _, v), (_, _, e) in zip(got, expected))

    first = unsaved.epoch
    unsaved.run_epochs(4)  # the window's Train 4 epochs: the first finishes the epoch under way
    losses = [(n, v) for n, _, v in rest if n.startswith("J after epoch")]
    assert [n for n, _ in losses] == [f"J after epoch {first + e}" for e in range(1, 5)]
    assert all(close(v, e) for (_, v), e in zip(losses, unsaved.history.values[-4:]))
    weights = [(n, v) for n, _, v in rest[len(losses):]]
    names = [n for layer in naming.weight_names(unsaved.network.layers) for row in layer for n in row]
    assert [n for n, _ in weights] == names
    assert all(close(v, e) for (_, v), e in zip(weights, np.concatenate([w.ravel() for w in unsaved.network.weights])))


def test_the_reviewers_case_w10_after_four_epochs_is_the_windows(tmp_path, run_python):
    """Online default session, Step twice, export 4 epochs: W10 = 0.34605…, not 0.33822 (samples 0
    and 1 trained twice)."""
    rows = dict((n, v) for n, _, v in run_script(python_script(part_stepped(_online), epochs=4), tmp_path, run_python))
    assert rows["W10"] == pytest.approx(0.3460547004873013, abs=1e-12)


def test_a_file_at_the_start_of_an_epoch_has_no_position_and_an_old_file_starts_there(tmp_path):
    t = _minibatch()
    doc = sessionfile.to_dict(t)
    assert "position" not in doc["training"]
    t.step_sample()
    t.step_sample()
    doc = sessionfile.to_dict(t)
    del doc["training"]["position"]  # as every file before training.position
    old = sessionfile.from_dict(doc)
    assert (old.cursor, old.pending_samples) == (0, 0)


def _with_position(position):
    doc = json.loads(sessionfile.dumps(part_stepped(_minibatch)))
    doc["training"]["position"] = position
    return doc


GOOD_SUMS = [[[0.0] * 3] * 3, [[0.0] * 4]]


@pytest.mark.parametrize("position, message", [
    ([2], "training.position: expected an object, got a list of 1 item"),
    ({}, "training.position.cursor: missing"),
    ({"cursor": -1}, "training.position.cursor: expected a whole number from 0 to 3 (samples stepped in an "
                     "epoch of 4), got -1"),
    ({"cursor": 4}, "training.position.cursor: expected a whole number from 0 to 3"),
    ({"cursor": 10**30}, "training.position.cursor: expected a whole number from 0 to 3"),
    ({"cursor": 3.0, "accumulated": GOOD_SUMS}, "training.position.cursor: expected a whole number, got 3.0"),
    ({"cursor": True}, "training.position.cursor: expected a whole number, got true"),
    ({"cursor": 3}, "training.position.accumulated: the batch under way has 1 stepped sample, so one gradient "
                    "sum per weight matrix is needed (2), got 0"),
    ({"cursor": 3, "accumulated": [[[0.0] * 3] * 3]}, "training.position.accumulated: the batch under way has 1 "
                                                    "stepped sample, so one gradient sum per weight matrix is "
                                                    "needed (2), got 1"),
    ({"cursor": 3, "accumulated": [[[0.0] * 3] * 2, [[0.0] * 4]]},
     "training.position.accumulated[0]: expected 3 rows, got 2"),
    ({"cursor": 3, "accumulated": [[[0.0] * 3] * 3, [[0.0, 1e400, 0.0, 0.0]]]},
     "training.position.accumulated[1][0][1]: expected a finite number, got inf"),
    ({"cursor": 2, "accumulated": GOOD_SUMS}, "training.position.accumulated: no batch is under way after 2 "
                                              "samples in batches of 2, so there are no gradient sums; leave it out"),
])
def test_a_hostile_position_is_refused_with_the_field_named(position, message):
    with pytest.raises(SessionError) as err:
        sessionfile.from_dict(_with_position(position))
    assert str(err.value).startswith(message)


def test_a_position_at_a_batch_boundary_needs_no_sums():
    t = sessionfile.from_dict(_with_position({"cursor": 2}))
    assert (t.cursor, t.pending_samples, t.next_sample) == (2, 0, 2)


def test_the_spreadsheet_of_a_batch_under_way_starts_at_its_first_sample():
    """Batches of 2, 3 samples stepped: the sheet works the batch of samples 2 and 3 (the weights
    after the first batch), not the whole epoch from sample 0 with those weights."""
    from xorgui.core.export_sheet import spreadsheet
    rows = spreadsheet(part_stepped(_minibatch))
    headings = [r.name for r in rows if r.kind == "heading" and r.name.startswith("Sample")]
    assert headings == ["Sample 2 (position 1 of 2 in the batch)", "Sample 3 (position 2 of 2 in the batch)"]


def test_xorgui_walkthrough_of_a_mid_epoch_file_works_the_next_sample(tmp_path, capsys):
    """Online, two samples stepped and saved: the walkthrough is the step on sample 2, as the
    window's Step sample and the exported script's, not sample 0 again."""
    sessionfile.save(part_stepped(_online), tmp_path / "mid.json")
    code, out, err = run(capsys, "walkthrough", tmp_path / "mid.json", "--format", "json")
    assert code == 0, err
    assert [step["sample"] for step in json.loads(out)["steps"]] == [2]
    code, out, _ = run(capsys, "walkthrough", tmp_path / "mid.json", "--format", "json", "--sample", 0)
    assert [step["sample"] for step in json.loads(out)["steps"]] == [0]

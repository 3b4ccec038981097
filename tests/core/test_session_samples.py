"""Each sample's loss history in session files: kept on save and reopen, bounded in size however
long the run, older files still open (their per-sample lines start at the epoch they were saved)."""

import json

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core import sessionfile as sf
from xorgui.core.datasets import DataSource, build
from xorgui.core.history import History
from xorgui.core.session_history import (SAMPLE_BUCKETS, SAMPLE_EXACT, SAMPLE_HEAD, SAMPLE_TAIL, coarse_parts)
from xorgui.core.fields import SessionError


def trained(epochs=300, data=None):
    init = Initialization("uniform", seed=7)
    t = Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), data or Dataset.xor(),
                TrainingConfig(learning_rate=2.0), init)
    t.run_epochs(epochs)
    return t


def reopened(trainer):
    return sf.loads(sf.dumps(trainer))


def test_every_samples_losses_come_back_bit_for_bit():
    t = trained(300)
    back = reopened(t)
    h, b = t.sample_history, back.sample_history
    assert (b.start, len(b), b.width) == (0, 300, 4)
    for e in (1, 17, 300):
        assert np.array_equal(b.at(e), h.at(e))
    back.run_epochs(5)  # and recording goes on from there
    t.run_epochs(5)
    assert np.array_equal(back.sample_history.at(305), t.sample_history.at(305))


def test_a_file_without_per_sample_losses_still_opens_and_starts_recording_there():
    doc = json.loads(sf.dumps(trained(50)))
    del doc["sample_history"]
    back = sf.from_dict(doc)
    assert (back.sample_history.start, len(back.sample_history), back.sample_history.width) == (50, 0, 4)


def test_nothing_is_written_when_nothing_is_recorded():
    assert "sample_history" not in json.loads(sf.dumps(trained(0)))
    spiral, _ = build(DataSource("spiral", {"size": 40}))  # more than 16 samples: not tracked
    assert "sample_history" not in json.loads(sf.dumps(trained(3, spiral)))


def test_a_track_that_does_not_fit_the_file_is_refused_by_name():
    doc = json.loads(sf.dumps(trained(20)))
    doc["sample_history"]["tracks"].pop()
    with pytest.raises(SessionError, match=r"sample_history.tracks: expected one per training sample \(4"):
        sf.from_dict(doc)
    doc = json.loads(sf.dumps(trained(20)))
    doc["sample_history"]["tracks"][2]["epochs"] = 19
    with pytest.raises(SessionError, match=r"sample_history.tracks\[2\].epochs: expected"):
        sf.from_dict(doc)
    doc = json.loads(sf.dumps(trained(20)))
    doc["sample_history"]["start"] = 21
    with pytest.raises(SessionError, match="sample_history.start"):
        sf.from_dict(doc)


def round_trip(history):
    p = coarse_parts(history)
    return p, History.from_parts(p["epochs"], p["head"], p.get("bucket", 0), p.get("min"), p.get("max"),
                                 p.get("last"), p.get("tail"))


def test_a_long_track_is_written_coarser_but_exact_at_both_ends():
    values = np.random.default_rng(0).random(50_000)
    p, back = round_trip(History(values))
    assert len(p["head"]) == SAMPLE_HEAD and len(p["last"]) <= SAMPLE_BUCKETS and len(p["tail"]) == SAMPLE_TAIL
    assert len(back) == 50_000
    assert np.array_equal(back.at(np.arange(1, SAMPLE_HEAD + 1)), values[:SAMPLE_HEAD])
    assert np.array_equal(back.at(np.arange(50_000 - SAMPLE_TAIL + 1, 50_001)), values[-SAMPLE_TAIL:])
    b = p["bucket"]  # each bucket's min and max are those of its epochs
    first = values[SAMPLE_HEAD:SAMPLE_HEAD + b]
    assert (p["min"][0], p["max"][0], p["last"][0]) == (first.min(), first.max(), first[-1])


def test_a_short_track_is_written_exactly():
    values = np.arange(SAMPLE_EXACT, dtype=float)
    p, back = round_trip(History(values))
    assert not p.get("bucket") and np.array_equal(back.values, values)


def test_a_decimated_track_stays_bounded():
    h = History()
    h.extend_constant(0.25, 3 * 2**20)  # past the exact 2^20 epochs: the History keeps an envelope
    h.extend(np.linspace(0.2, 0.1, 5000))
    p, back = round_trip(h)
    size = sum(len(p[k]) for k in ("head", "min", "max", "last", "tail"))
    assert size <= 16_384 + 3 * SAMPLE_BUCKETS + SAMPLE_TAIL
    assert len(back) == len(h) and back.last() == h.last() == 0.1
    assert np.array_equal(back.at(np.arange(len(h) - SAMPLE_TAIL + 1, len(h) + 1)), h.values[-SAMPLE_TAIL:])

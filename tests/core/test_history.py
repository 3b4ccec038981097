"""The loss history: exact up to EXACT_EPOCHS, then a bounded envelope; its file form (v2)."""

import base64
import json
import tracemalloc

import numpy as np
import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.history import EXACT_EPOCHS, HEAD_EPOCHS, MAX_BUCKETS, TAIL_EPOCHS, History
from xorgui.core.presets import make_preset

RNG = np.random.default_rng(7)
LONG = RNG.random(EXACT_EPOCHS + 700_001)  # past the exact limit: decimated


def filled(values, chunk=65_536) -> History:
    h = History()
    for i in range(0, len(values), chunk):
        h.extend(values[i:i + chunk])
    return h


def test_exact_until_the_limit():
    v = RNG.random(5000)
    h = History()
    for x in v[:10]:
        h.append(x)
    h.extend(v[10:])
    assert len(h) == 5000 and not h.decimated
    assert np.array_equal(h.values, v)
    x, y = h.curve()
    assert np.array_equal(x, np.arange(1, 5001)) and np.array_equal(y, v)
    assert np.array_equal(h.at([1, 2500, 5000]), v[[0, 2499, 4999]])


def test_every_loss_stays_exact_as_a_history_grows_to_the_limit_in_odd_chunks():
    v = RNG.random(EXACT_EPOCHS)
    h, i = History(), 0
    for size in (1, 1, 1021, 3, 65_000, 517, 2, 70_000, 1_000_003):  # past every size the buffer takes
        h.extend(v[i:i + size]) if size > 1 else h.append(v[i])
        i = min(i + size, EXACT_EPOCHS)
        assert len(h) == i and np.array_equal(h.values, v[:i]) and not h.decimated
    copied = h.copy()
    copied.truncate(100_000)
    copied.extend(v[100_000:200_000])
    assert np.array_equal(copied.values, v[:200_000])
    h.append(0.5)
    assert h.decimated and h.last() == 0.5 and np.array_equal(h.at([1, EXACT_EPOCHS]), v[[0, -1]])


def test_cutting_a_decimated_history_to_its_own_length_keeps_every_exact_loss():
    h = filled(LONG[:EXACT_EPOCHS], chunk=EXACT_EPOCHS)
    for i in range(EXACT_EPOCHS, EXACT_EPOCHS + 60_000, 5000):  # an exact tail longer than TAIL_EPOCHS
        h.extend(LONG[i:i + 5000])
    values, lineage = h.values.copy(), h.lineage
    assert h.decimated and len(values) > TAIL_EPOCHS
    h.truncate(len(h))  # what an undo of an edit does
    assert np.array_equal(h.values, values) and h.lineage == lineage


def test_decimated_history_keeps_every_bucket_min_max_last_and_exact_ends():
    h = filled(LONG)
    assert h.decimated and len(h) == len(LONG) and h.last() == LONG[-1]
    parts = h.parts()
    b, head = parts["bucket"], parts["head"]
    assert np.array_equal(head, LONG[:HEAD_EPOCHS])
    assert len(parts["last"]) <= MAX_BUCKETS
    after = LONG[HEAD_EPOCHS:]
    for j in (0, 1, len(parts["last"]) // 2, len(parts["last"]) - 1):  # the last one is partial
        block = after[j * b:(j + 1) * b]
        assert (parts["min"][j], parts["max"][j], parts["last"][j]) == (block.min(), block.max(), block[-1])
    # the tail is exact and values ends at the last epoch
    assert len(h.values) >= TAIL_EPOCHS and np.array_equal(h.values, LONG[-len(h.values):])
    assert np.array_equal(h.after(len(LONG) - 1000), LONG[-1000:])  # a chunk's new losses
    # at(): exact in the head, the tail and at bucket ends
    ends = [1, HEAD_EPOCHS, HEAD_EPOCHS + b, HEAD_EPOCHS + 7 * b, len(LONG) - 5, len(LONG)]
    assert np.array_equal(h.at(ends), LONG[np.array(ends) - 1])
    # curve(): increasing epochs, covering the first to the last, never more than its bound
    x, y = h.curve()
    assert np.all(np.diff(x) >= 0) and x[0] == 1 and x[-1] == len(LONG) and y[-1] == LONG[-1]
    assert len(x) <= HEAD_EPOCHS + 3 * MAX_BUCKETS + 2 * TAIL_EPOCHS
    assert y.min() == LONG.min() and y.max() == LONG.max()


def test_the_envelope_does_not_depend_on_how_the_losses_arrived():
    one_by_one = History()
    values = RNG.random(EXACT_EPOCHS + 3000)
    one_by_one.extend(values[:EXACT_EPOCHS - 5])
    for v in values[EXACT_EPOCHS - 5:]:
        one_by_one.append(v)
    chunks = filled(values, chunk=999)
    a, b = one_by_one.parts(), chunks.parts()
    assert all(np.array_equal(a[k], b[k]) for k in ("head", "min", "max", "last", "tail"))
    assert a["bucket"] == b["bucket"] and a["epochs"] == b["epochs"]


def test_nan_and_inf_survive_the_envelope():
    values = np.linspace(1, 0, EXACT_EPOCHS + 5000)
    values[-3000:] = np.inf  # diverged
    values[-2:] = np.nan
    h = filled(values)
    assert np.isnan(h.last())
    assert np.isinf(h.parts()["max"][-1])


@pytest.mark.parametrize("epochs", [52_000_000, 10**12, 2**53 - 1])
def test_memory_is_bounded_for_any_epoch_count(epochs):
    tracemalloc.start()
    try:
        h = History([0.5, 0.25])
        h.extend_constant(np.nan, epochs - 100)
        h.extend(np.linspace(0.2, 0.1, 98))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(h) == epochs and h.last() == 0.1
    assert peak < 8 * 2**20  # a few MiB, whatever the epoch count
    x, y = h.curve()
    assert x[-1] == epochs


def test_undo_diff_restores_exactly_within_the_tail_and_by_copy_beyond():
    h = filled(LONG)
    n = len(h)
    short = h.since(n - 10)  # a short run: its exact losses
    assert isinstance(short, np.ndarray) and np.array_equal(short, LONG[-10:])
    long_ = h.since(1000)    # a run longer than the tail: a bounded copy of the whole history
    assert isinstance(long_, History)
    h.truncate(n - 10)
    assert len(h) == n - 10 and h.last() == LONG[-11]
    h.restore_since(n - 10, short)
    assert len(h) == n and h.last() == LONG[-1]
    h.truncate(5)
    assert not h.decimated and np.array_equal(h.values, LONG[:5])  # back within the head: exact
    h.restore_since(1000, long_)
    assert len(h) == n and h.last() == LONG[-1] and h.decimated


def test_trainer_undo_across_the_exact_limit():
    t = make_preset("sigmoid")
    t.history.extend(np.full(EXACT_EPOCHS - 10, 0.3))
    t.epoch = len(t.history)
    before = t.capture()
    t.run_epochs(20_000)
    after = t.capture(history_base=before.history_base)
    assert t.history.decimated
    t.restore(before)
    assert len(t.history) == EXACT_EPOCHS - 10 and t.history.last() == 0.3
    t.restore(after)
    assert t.epoch == EXACT_EPOCHS + 19_990 and len(t.history) == t.epoch
    last = t.history.last()
    t.run_epochs(1)
    assert t.history.last() < last  # the sigmoid preset keeps learning


def test_markers_keep_their_exact_loss():
    t = make_preset("sigmoid")
    t.run_epochs(3000)
    t.add_marker("edit")
    at_marker = t.history.last()
    t.history.extend(RNG.random(EXACT_EPOCHS))
    t.epoch = len(t.history)
    assert t.history.decimated
    assert t.history.at([3000])[0] == at_marker


# -- the file form ---------------------------------------------------------------------------------
def test_a_five_million_epoch_session_saves_small_and_reopens(tmp_path):
    t = make_preset("sigmoid")
    t.history.extend(np.geomspace(0.3, 1e-4, 5_000_000))
    t.epoch = 5_000_000
    t.add_marker("late edit")
    path = tmp_path / "long.json"
    sf.save(t, path)
    assert path.stat().st_size < 3 * 2**20  # bounded: ~2 MB for any epoch count
    back = sf.load(path)
    assert back.epoch == 5_000_000 and len(back.history) == 5_000_000
    assert back.history.last() == t.history.last()
    assert sf.to_dict(back) == sf.to_dict(t)
    assert back.history.at([5_000_000])[0] == t.history.last()


def test_an_exact_history_is_stored_bit_for_bit_as_base64(tmp_path):
    t = make_preset("sigmoid")
    t.run_epochs(1000)
    doc = json.loads(sf.dumps(t))
    h = doc["history"]
    assert h["encoding"] == "base64 float64 little-endian" and h["epochs"] == 1000 and h["bucket"] == 0
    assert len(h["head"]) == 4 * -(-8000 // 3)  # 8 bytes a loss, base64: 10.7 characters an epoch
    assert np.array_equal(sf.loads(sf.dumps(t)).history.values, t.history.values)


def test_a_version_1_file_migrates(tmp_path):
    """A file as version 1 wrote it: history a JSON list with null for non-finite losses,
    shorter than the epoch count (the early losses unknown)."""
    doc = sf.default_document()
    doc["version"] = 1
    doc["training"]["epoch"] = 6
    doc["history"] = [0.5, None, 0.25, 0.125]
    doc["markers"] = [{"epoch": 4, "label": "edit"}]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(doc, indent=2))
    t = sf.load(path)
    h = t.history.values
    assert len(h) == 6 and np.isnan(h[:2]).all() and h[2] == 0.5 and np.isnan(h[3])
    assert list(h[4:]) == [0.25, 0.125]
    sf.save(t, path)  # written back in the current version
    again = json.loads(path.read_text())
    assert again["version"] == sf.VERSION and again["history"]["epochs"] == 6
    assert np.array_equal(sf.load(path).history.values, h, equal_nan=True)


def test_a_long_version_1_file_migrates_to_a_decimated_history():
    doc = sf.default_document()
    doc["version"] = 1
    values = np.linspace(1, 0.5, EXACT_EPOCHS + 10)
    doc["training"]["epoch"] = len(values)
    doc["history"] = values.tolist()
    t = sf.from_dict(doc)
    assert t.history.decimated and t.history.last() == 0.5 and len(t.history) == len(values)
    # its start is kept exact, as a history recorded epoch by epoch keeps it (it was bucketed)
    head = [1, 2, HEAD_EPOCHS]
    assert np.array_equal(t.history.at(head), values[np.array(head) - 1])
    assert t.history.exact_at_or_before(HEAD_EPOCHS) == HEAD_EPOCHS


def test_a_decimated_file_with_inconsistent_sizes_is_refused():
    t = make_preset("sigmoid")
    t.history.extend(RNG.random(EXACT_EPOCHS + 10))
    t.epoch = len(t.history)
    doc = sf.to_dict(t)
    raw = base64.b64decode(doc["history"]["min"])
    doc["history"]["min"] = base64.b64encode(raw[:-16]).decode()  # two buckets fewer
    with pytest.raises(sf.SessionError, match="history: min, max and last"):
        sf.from_dict(doc)
    doc = sf.to_dict(t)
    doc["history"]["bucket"] = 3
    with pytest.raises(sf.SessionError, match="power of two"):
        sf.from_dict(doc)
    doc["history"]["bucket"] = 2**64
    with pytest.raises(sf.SessionError, match=r"history: a bucket of 18446744073709551616 epochs is longer than any run"):
        sf.from_dict(doc)
    doc = sf.to_dict(t)
    doc["history"]["pinned"] = [[0, 1.0]]
    with pytest.raises(sf.SessionError, match=r"history.pinned\[0\]"):
        sf.from_dict(doc)


def test_a_curve_read_every_frame_equals_the_curve_of_a_fresh_copy():
    # the plot reads the curve after every few epochs; between reads epochs are appended (the
    # buckets merge now and then), cut back, undone and restored
    rng = np.random.default_rng(21)
    h = History(rng.random(EXACT_EPOCHS + 777))
    saved = []
    for step in range(300):
        op = rng.random()
        if op < 0.7:
            h.extend(rng.random(int(rng.integers(1, 5000))) * 10.0 ** rng.uniform(-3, 1))
        elif op < 0.75:
            h.extend_constant(float(rng.random()), int(rng.integers(1, 400_000)))
        elif op < 0.85:
            h.truncate(len(h) - int(rng.integers(0, 100_000)))
        elif op < 0.93:
            saved.append(h.since(len(h) - int(rng.integers(0, 3000))))
        elif saved:
            since = saved.pop()
            base = len(h) - (len(since) if isinstance(since, np.ndarray) else 0)
            h.restore_since(base, since)
        x, y = h.curve()
        fx, fy = h.copy().curve()  # a copy draws from scratch
        assert np.array_equal(x, fx) and np.array_equal(y, fy, equal_nan=True)
    assert h.decimated and h.parts()["bucket"] > 32  # buckets merged along the way

"""The LossCurve the plot and the CSV export read answers like the History it pictures."""

import numpy as np
import pytest

from xorgui.core.history import EXACT_EPOCHS, History
from xorgui.core.losscurve import LossCurve

RNG = np.random.default_rng(7)


def test_undecimated_curve_is_every_epoch_without_a_copy():
    h = History([0.5, 0.25, 0.125])
    c = LossCurve.of(h)
    assert c.x.tolist() == [1, 2, 3] and c.y.tolist() == [0.5, 0.25, 0.125] and c.epochs == 3
    assert list(c.rows()) == [(1, 0.5, "exact"), (2, 0.25, "exact"), (3, 0.125, "exact")]
    assert c.at([2]).tolist() == [0.25]
    with pytest.raises(IndexError):
        c.at([4])


def test_decimated_curve_at_equals_history_at_everywhere():
    h = History(RNG.random(EXACT_EPOCHS + 1234))
    h.pin(500_001)
    c = LossCurve.of(h)
    epochs = np.concatenate([np.arange(1, len(h) + 1, 331), [500_001, len(h)]])
    assert np.array_equal(c.at(epochs), h.at(epochs))
    assert c.x[-1] == len(h) and c.y[-1] == h.last()
    kinds = c.kinds()
    mins, maxs, lasts = (c.y[kinds == k] for k in ("min", "max", "last"))
    # a bucket reaching into the exact tail has its min and max but its end is a tail epoch
    assert len(mins) == len(maxs) and len(lasts) in (len(mins), len(mins) - 1) and len(lasts) > 0
    n = len(lasts)
    assert np.all(mins[:n] <= lasts) and np.all(lasts <= maxs[:n])  # each last lies in its bucket's envelope


def test_a_curve_grew_from_an_earlier_one_only_while_epochs_were_only_appended():
    h = History([0.5, 0.25])
    first = LossCurve.of(h)
    h.extend([0.2, 0.1])
    grown = LossCurve.of(h)
    assert grown.grew_from(first) and grown.grew_from(grown) and not first.grew_from(grown)
    h.truncate(4)  # cut back to where it is: nothing rewritten
    assert LossCurve.of(h).grew_from(grown)
    h.truncate(3)
    h.extend([0.7])  # the same length again, but epoch 4 is another loss
    assert not LossCurve.of(h).grew_from(grown) and not LossCurve.of(h).grew_from(first)
    again = LossCurve.of(h)
    h.restore_since(0, History([0.5, 0.25, 0.2, 0.1, 0.05]))  # undo: another history's losses
    assert not LossCurve.of(h).grew_from(again)
    copied = History(h)
    assert not LossCurve.of(copied).grew_from(LossCurve.of(h))  # a copy goes its own way
    assert not LossCurve.of(History([0.5, 0.25])).grew_from(first)  # equal losses, another history


def test_a_decimated_curve_never_grew_from_another():
    h = History(RNG.random(EXACT_EPOCHS + 10))
    before = LossCurve.of(h)
    h.extend([0.5])
    assert not LossCurve.of(h).grew_from(before)


def test_undecimated_epochs_count_from_one_however_the_history_grows_and_shrinks():
    h = History()
    pictures = []
    for size in (3, 1000, 300_000, 5, 600_000, EXACT_EPOCHS - 1, 17):  # grown and cut back
        h.truncate(min(size, len(h)))
        h.extend(RNG.random(max(0, size - len(h))))
        pictures.append((size, LossCurve.of(h)))
    for size, c in pictures:  # an earlier picture keeps its epochs
        assert c.epochs == size and np.array_equal(c.x, np.arange(1, size + 1))
        assert not c.x.flags.writeable


def _at_when_pictured(c: LossCurve, h: History):
    """``at`` as the picture's known epochs (its points' and the pinned ones) read with History.at."""
    known = np.union1d(c.x, np.array(sorted(h.pinned), dtype=np.float64))
    losses = h.at(known.astype(np.int64))
    return lambda e: losses[np.searchsorted(known, np.asarray(e, dtype=np.float64))]


def test_a_decimated_picture_answers_at_as_its_known_epochs_read_from_the_history_then():
    rng = np.random.default_rng(5)
    h = History(rng.random(EXACT_EPOCHS + 3000))
    pictures = []
    for step in range(12):
        n = len(h)
        for e in rng.integers(1, n - 200_000, 6).tolist() + [n - 70_000]:
            h.pin(h.exact_at_or_before(int(e)))  # a bucket's end, or in the head or the tail
        c = LossCurve.of(h)
        pictures.append((c, _at_when_pictured(c, h), n))
        if step % 4 == 1:  # buckets merge: earlier bucket ends (pinned) now lie inside buckets
            h.extend_constant(float(rng.random()), 2 * n)
        elif step % 4 == 2:
            h.truncate(n - int(rng.integers(1, 200_000)))
        elif step % 4 == 3:
            h.restore_since(len(h), h.since(len(h) - 1000))
        h.extend(rng.random(int(rng.integers(1, 90_000))) * 10.0 ** rng.uniform(-3, 3))
    assert h.decimated and pictures[-1][0].layout[1] > pictures[0][0].layout[1]  # buckets merged
    assert any(np.setdiff1d(sorted(h.pinned), c.x).size for c, _, _ in pictures)  # pins inside buckets
    for c, expected, n in pictures:  # each picture keeps its answers however the history changed since
        epochs = np.concatenate([np.arange(1, n + 1, 97), rng.integers(1, n + 1, 5000), [1, n]])
        assert np.array_equal(c.at(epochs), expected(epochs), equal_nan=True)
        halves = rng.uniform(1, n, 2000)  # between epochs: the next known one
        assert np.array_equal(c.at(halves), expected(halves), equal_nan=True)
        assert np.array_equal(c.at(n), expected(n))


def test_until_pictures_the_first_epochs_only_as_the_history_did_then():
    h = History([0.5, 0.25, 0.125])
    c = LossCurve.of(h, start=1.0)
    head = c.until(2)
    assert head.x.tolist() == [1, 2] and head.y.tolist() == [0.5, 0.25] and head.epochs == 2
    assert head.start == 1.0 and c.grew_from(head) and not head.grew_from(c)
    assert c.until(0).epochs == 0 and len(c.until(0).x) == 0
    assert c.until(3) is c
    with pytest.raises(IndexError):
        head.at([3])


def test_until_a_decimated_curve_drops_exact_tail_epochs():
    h = History(RNG.random(EXACT_EPOCHS + 1234))
    h.pin(len(h))
    c = LossCurve.of(h)
    n = len(h) - 1
    head = c.until(n)
    assert head.epochs == n and head.x[-1] == n and len(head.x) == len(c.x) - 1
    epochs = np.concatenate([np.arange(1, n + 1, 331), [n]])
    assert np.array_equal(head.at(epochs), h.at(epochs))
    with pytest.raises(ValueError):
        c.until(1000)


def test_a_loss_not_known_is_not_exported_as_an_exact_one():
    """A session reopened at epoch 5 without its history exported '1,nan,exact' … '5,nan,exact'."""
    import math

    c = LossCurve.of(History([np.nan, np.nan, 0.25]))
    rows = c.rows()
    assert [(e, k) for e, _, k in rows] == [(1, "nan"), (2, "nan"), (3, "exact")]
    assert math.isnan(rows[0][1]) and rows[2][1] == 0.25

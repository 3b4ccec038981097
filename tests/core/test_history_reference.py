"""The decimated loss history against a plain re-computation from every loss.

Every bucket, every epoch's ``at``, ``exact_at_or_before``, ``last`` and the whole ``curve`` are
derived here from the full array of losses by the rules history.py documents, and compared with
what the envelope keeps (mutation testing found its bucket arithmetic pinned only at a few
sampled buckets: a wrong min after merging an odd bucket count, a curve drawn in the wrong order
or an exactness test off by the tail survived).
"""

import numpy as np
import pytest

from xorgui.core.history import EXACT_EPOCHS, HEAD_EPOCHS, MAX_BUCKETS, TAIL_EPOCHS, History, check_parts


def least_bucket(epochs: int) -> int:
    """The bucket size the layout documents: the least power of two that leaves at most
    MAX_BUCKETS buckets after the head."""
    b = 1
    while -(-(epochs - HEAD_EPOCHS) // b) > MAX_BUCKETS:
        b *= 2
    return b


def reference_buckets(losses: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rest = losses[HEAD_EPOCHS:]
    starts = np.arange(0, len(rest), b)
    ends = np.minimum(starts + b, len(rest)) - 1
    return np.fmin.reduceat(rest, starts), np.fmax.reduceat(rest, starts), rest[ends]


def reference_curve(losses: np.ndarray, b: int, tail: int) -> tuple[np.ndarray, np.ndarray]:
    """The documented curve: the exact head; for each bucket ending before the exact tail its max
    and min at its first epoch (max first when its last loss is nearer its min: falling) and its
    last loss at its last epoch; a bucket reaching into the tail gives only its max and min; the
    exact tail."""
    n, h = len(losses), HEAD_EPOCHS
    tail_start = n - tail
    mins, maxs, lasts = reference_buckets(losses, b)
    xs, ys = list(range(1, h + 1)), list(losses[:h])
    for j in range(len(lasts)):
        first, end = h + 1 + j * b, min(h + (j + 1) * b, n)
        if first > tail_start:
            break
        falling = abs(lasts[j] - mins[j]) <= abs(lasts[j] - maxs[j])
        pair = (maxs[j], mins[j]) if falling else (mins[j], maxs[j])
        xs += [first, first] + ([end] if end <= tail_start else [])
        ys += list(pair) + ([lasts[j]] if end <= tail_start else [])
    xs += range(tail_start + 1, n + 1)
    ys += list(losses[tail_start:])
    return np.array(xs, dtype=np.float64), np.array(ys)


def reference_at(losses: np.ndarray, b: int, tail: int, epochs: np.ndarray) -> np.ndarray:
    n, h = len(losses), HEAD_EPOCHS
    exact = (epochs <= h) | (epochs > n - tail)
    bucket_end = np.minimum(h + ((epochs - h - 1) // b + 1) * b, n)
    return np.where(exact, losses[epochs - 1], losses[bucket_end - 1])


def reference_exact_at_or_before(n: int, b: int, tail: int, epoch: int) -> int:
    h = HEAD_EPOCHS
    if epoch <= h or epoch > n - tail or (epoch - h) % b == 0:
        return epoch
    return h + (epoch - h) // b * b


def assert_matches(history: History, losses: np.ndarray) -> None:
    n = len(losses)
    assert len(history) == n and history.decimated
    assert np.array_equal([history.last()], losses[-1:], equal_nan=True)
    parts = history.parts()
    b = parts["bucket"]
    assert b == least_bucket(n)
    for got, want in zip((parts["min"], parts["max"], parts["last"]), reference_buckets(losses, b)):
        assert np.array_equal(got, want, equal_nan=True)
    assert np.array_equal(parts["head"], losses[:HEAD_EPOCHS], equal_nan=True)
    tail = len(history.values)  # the exact tail: at least TAIL_EPOCHS, at most twice that
    assert min(n - HEAD_EPOCHS, TAIL_EPOCHS) <= tail <= 2 * TAIL_EPOCHS
    assert np.array_equal(history.values, losses[n - tail:], equal_nan=True)
    every = np.arange(1, n + 1)
    assert np.array_equal(history.at(every), reference_at(losses, b, tail, every), equal_nan=True)
    x, y = history.curve()
    rx, ry = reference_curve(losses, b, tail)
    assert np.array_equal(x, rx) and np.array_equal(y, ry, equal_nan=True)
    rng = np.random.default_rng(n)
    probes = [1, HEAD_EPOCHS, HEAD_EPOCHS + 1, HEAD_EPOCHS + b, n - tail, n - tail + 1, n - 1, n,
              *rng.integers(1, n + 1, 200).tolist()]
    for e in probes:
        assert history.exact_at_or_before(e) == reference_exact_at_or_before(n, b, tail, e), e


def losses_of(kind: str, n: int) -> np.ndarray:
    rng = np.random.default_rng(n)
    if kind == "noisy":
        return rng.random(n)
    values = np.linspace(1.0, 0.01, n) + 0.05 * rng.random(n)  # falling, as a loss does
    if kind == "diverged":
        values[n // 2:n // 2 + 70_000] = np.nan  # NaN runs, inside buckets and whole ones
        values[-50_000:] = np.inf
        values[-20_000::7] = np.nan
    return values


CHUNKS = (EXACT_EPOCHS - 3, 5, 1, 999, 65_537)  # then 65,537 at a time
# 32,767 buckets of 32 epochs, the last one partly filled, when 100 more epochs need a merge
ODD_MERGE = (EXACT_EPOCHS - 3, HEAD_EPOCHS + 32 * 32_767 - 5 - (EXACT_EPOCHS - 3), 100)


# epochs past the exact limit: bucket 32 just past it; 64, with NaN and inf; 128 after several
# merges, the run ending inside a bucket; a merge of an odd bucket count
@pytest.mark.parametrize("epochs,kind,chunks", [
    (EXACT_EPOCHS + 1, "noisy", CHUNKS), (EXACT_EPOCHS + 700_001, "falling", CHUNKS),
    (EXACT_EPOCHS + 700_001, "diverged", CHUNKS), (3 * EXACT_EPOCHS + 12_345, "noisy", CHUNKS),
    (sum(ODD_MERGE), "falling", ODD_MERGE),
    (EXACT_EPOCHS + 200_000, "noisy", (EXACT_EPOCHS - 3, 30_000))],  # the tail's buffer wraps round
    ids=["32", "64", "64-nan-inf", "128", "odd-merge", "tail-wraps"])
def test_every_bucket_and_epoch_agree_with_a_recomputation_from_every_loss(epochs, kind, chunks):
    losses = losses_of(kind, epochs)
    h, i, sizes = History(), 0, list(chunks)
    while i < epochs:
        size = sizes[0] if len(sizes) == 1 else sizes.pop(0)
        h.extend(losses[i:i + size]) if size > 1 else h.append(losses[i])
        i += size
        if i > EXACT_EPOCHS:
            h.curve()  # read as the plot reads it between chunks
    assert_matches(h, losses)
    p = h.parts()  # the file form rebuilds the same
    assert_matches(History.from_parts(p["epochs"], p["head"], p["bucket"], p["min"], p["max"], p["last"],
                                      p["tail"]), losses)


def test_constant_stretches_agree_with_their_losses_written_out():
    unknown = History()  # a file that does not say its losses: NaN, its head kept as any other
    unknown.extend_constant(np.nan, EXACT_EPOCHS + 5)
    assert_matches(unknown, np.full(EXACT_EPOCHS + 5, np.nan))
    few = losses_of("noisy", 5)  # a few epochs, then a long stretch in one call: the head is both
    started = History(few)
    started.extend_constant(0.75, EXACT_EPOCHS)
    assert_matches(started, np.concatenate([few, np.full(EXACT_EPOCHS, 0.75)]))
    started = History(few)
    started.extend(losses_of("falling", EXACT_EPOCHS))
    assert_matches(started, np.concatenate([few, losses_of("falling", EXACT_EPOCHS)]))
    losses = losses_of("falling", EXACT_EPOCHS + 100)
    h = History(losses)
    for value, count in ((0.25, 3), (np.nan, 70_001), (0.125, 1_000_000), (np.inf, 33), (0.5, 129)):
        h.extend_constant(value, count)
        losses = np.concatenate([losses, np.full(count, value)])
        assert_matches(h, losses)


def test_a_pin_at_a_bucket_end_stays_exact_when_the_buckets_merge():
    losses = losses_of("noisy", 3 * EXACT_EPOCHS)
    h = History(losses[:EXACT_EPOCHS + 1])
    b = h.parts()["bucket"]
    marked = HEAD_EPOCHS + 3 * b  # a bucket end now, inside a bucket once they merge
    h.pin(marked)
    h.extend(losses[EXACT_EPOCHS + 1:])
    assert h.parts()["bucket"] > b and (marked - HEAD_EPOCHS) % h.parts()["bucket"]
    assert h.at([marked])[0] == losses[marked - 1] and h.exact_at_or_before(marked) == marked
    assert h.exact_at_or_before(marked - 1) == HEAD_EPOCHS  # a pin after the epoch asked about is no answer


def test_a_cut_where_a_marker_pins_the_loss_ends_exactly():
    """As undo cuts back: since() pinned the loss there first."""
    losses = losses_of("noisy", 2 * EXACT_EPOCHS)
    h = History(losses)
    b = h.parts()["bucket"]
    n = HEAD_EPOCHS + 100 * b + b // 2  # inside a bucket, long before the tail
    h.pinned[n] = losses[n - 1]  # pinned while it was exact (an undo's base), or known (History.know)
    h.truncate(n)
    assert h.last() == losses[n - 1] and h.exact_at_or_before(n) == n
    assert h.at([n - 1])[0] == losses[n - 1]  # the cut bucket now ends at n: its last is n's


@pytest.mark.parametrize("where", ["in the tail", "at a bucket end", "inside a bucket"])
def test_a_cut_decimated_history_keeps_what_it_documents(where):
    losses = losses_of("noisy", 2 * EXACT_EPOCHS + 5000)
    h = History(losses)
    b, tail = h.parts()["bucket"], len(h.values)
    half = len(h.parts()["last"]) // 2 * b  # a bucket end half-way
    n = {"in the tail": len(losses) - 1000, "at a bucket end": HEAD_EPOCHS + half,
         "inside a bucket": HEAD_EPOCHS + half + b // 2}[where]
    before = h.parts()
    h.truncate(n)
    parts = h.parts()
    j = -(-(n - HEAD_EPOCHS) // b)  # buckets kept, the cut one included
    assert len(h) == n and parts["bucket"] == b and len(parts["last"]) == j
    kept = slice(0, j - 1)  # the buckets before the cut one are untouched
    assert all(np.array_equal(parts[k][kept], before[k][kept]) for k in ("min", "max", "last"))
    mins, maxs, lasts = reference_buckets(losses[:n], b)
    if where == "in the tail":  # the cut bucket lies in the exact tail: recomputed exactly
        assert (parts["min"][-1], parts["max"][-1], parts["last"][-1]) == (mins[-1], maxs[-1], lasts[-1])
        assert np.array_equal(h.values, losses[len(losses) - tail:n])
        assert h.last() == losses[n - 1]
    elif where == "at a bucket end":  # a whole bucket: its min, max and last are its own
        assert (parts["min"][-1], parts["max"][-1], parts["last"][-1]) == (mins[-1], maxs[-1], lasts[-1])
        assert h.last() == losses[n - 1] and h.exact_at_or_before(n) == n
    else:  # nothing pinned at n: the cut bucket keeps its envelope, and its last is the bucket's,
        # not epoch n's, and not called exact (the app pins or knows the loss wherever it cuts)
        assert h.exact_at_or_before(n) == n - b // 2
        assert h.last() == before["last"][j - 1]
    h.extend(losses[n:n + 10])  # recording goes on from the cut, exactly
    assert len(h) == n + 10 and np.array_equal(h.values[-10:], losses[n:n + 10])
    assert np.array_equal(h.at(np.arange(n + 1, n + 11)), losses[n:n + 10])


def test_the_exact_limit_and_the_head_are_boundaries_kept_to_the_epoch():
    h = History()
    h.extend_constant(0.5, 1)
    assert len(h) == 1 and h.last() == 0.5
    h.extend_constant(0.25, EXACT_EPOCHS - 1)  # exactly the limit: still every loss
    assert len(h) == EXACT_EPOCHS and not h.decimated
    h.extend_constant(0.125, 1)
    assert h.decimated
    h.truncate(HEAD_EPOCHS)  # back to the head exactly: every loss again
    assert not h.decimated and np.array_equal(h.values, [0.5] + [0.25] * (HEAD_EPOCHS - 1))


def test_a_pin_at_either_end_survives_until_a_cut_back_there():
    losses = losses_of("noisy", EXACT_EPOCHS)
    h = History(losses)
    h.pin(1)
    h.pin(len(h))  # what since() does for an undo back to here
    h.extend(losses_of("falling", 2 * EXACT_EPOCHS))  # decimated, the buckets merged
    h.truncate(EXACT_EPOCHS)  # inside a bucket, long before the tail
    assert h.last() == losses[-1] and h.exact_at_or_before(EXACT_EPOCHS) == EXACT_EPOCHS
    assert sorted(h.pinned) == [1, EXACT_EPOCHS]


@pytest.mark.parametrize("sizes,problem", [
    ((100, 100, 0, 0, 0), None), ((100, 99, 0, 0, 0), "99 exact losses for 100 epochs"),
    ((100, 4, 1, 96, 96), None),  # bucket 1, a tail as long as all after the head
    ((100, 100, 2, 0, 0), None),  # every epoch in the head
    ((100, 4, 6, 16, 0), "the bucket size must be a power of two"),
    ((100, 101, 2, 0, 0), "101 exact losses at the start of only 100 epochs"),
    ((100, 4, 8, 11, 0), "11 buckets of 8 epochs for 96 epochs after the head (need 12)"),
    ((100, 4, 8, 12, 97), "97 exact losses at the end of only 96 epochs after the head"),
    ((100, 99, 2**20, 1, 1), None),  # a long run cut back by Undo keeps its bucket
    # a file's bucket of 2^64 epochs (a power of two, one bucket for 10 epochs) overflowed at the first pin,
    # while loading or at the first Epoch (an attacker's audit)
    ((10, 0, 2**64, 1, 0), "a bucket of 18446744073709551616 epochs is longer than any run (at most 2^53 − 1 epochs)"),
    ((2**53 - 1, 0, 2**53, 1, 0), "a bucket of 9007199254740992 epochs is longer than any run (at most 2^53 − 1 epochs)")])
def test_a_files_history_sizes_are_checked_to_the_epoch(sizes, problem):
    assert check_parts(*sizes) == problem


def test_epochs_outside_the_history_are_refused_and_every_pin_is_read():
    losses = losses_of("noisy", EXACT_EPOCHS + 5)
    for h in (History(losses[:100]), History(losses)):
        n = len(h)
        for wrong in ([0], [n + 1], [1, n + 1]):
            with pytest.raises(IndexError, match=f"epochs must be from 1 to {n}"):
                h.at(wrong)
    h = History(losses[:EXACT_EPOCHS])
    marks = [HEAD_EPOCHS + 3, HEAD_EPOCHS + 40_001, EXACT_EPOCHS - 70_001]  # inside buckets once decimated
    for e in marks:
        h.pin(e)
    h.extend(losses_of("falling", EXACT_EPOCHS))
    assert np.array_equal(h.at(marks), losses[np.array(marks) - 1])
    assert np.array_equal(h.at(marks[::-1]), losses[np.array(marks[::-1]) - 1])

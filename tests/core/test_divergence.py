"""The divergence rule: where it fires, and a watched run that stops exactly there."""

import math
from dataclasses import replace

import numpy as np
import pytest

from xorgui.core.divergence import (
    FLOOR, GROWTH, Divergence, DivergenceWatch, divergence_in_history, fires, first_divergence, threshold,
)
from xorgui.core.history import EXACT_EPOCHS
from xorgui.core.presets import make_preset


def test_rule_on_hand_made_histories():
    assert first_divergence([]) is None
    assert first_divergence([1.0, 0.5, 0.4]) is None
    d = first_divergence([1.0, 0.5, 500.0, 499.0])  # 500 ≤ 1000 × 0.5: not yet
    assert d is None
    d = first_divergence([1.0, 0.5, 500.1])
    assert (d.epoch, d.loss, d.best) == (3, 500.1, 0.5)
    d = first_divergence([0.3, math.nan], first_epoch=11)
    assert d.epoch == 12 and d.non_finite
    d = first_divergence([math.inf])
    assert d.epoch == 1 and d.non_finite
    # the loss before the run counts as the first reference
    assert first_divergence([23.5 * GROWTH + 1], best=23.5).epoch == 1
    assert first_divergence([23.5 * GROWTH], best=23.5) is None


def test_floor_keeps_a_good_fit_from_diverging():
    # from a loss of 1e-6, even 0.5 (the most a sigmoid output can lose) is no divergence
    assert threshold(1e-6) == GROWTH * FLOOR == 10.0
    assert first_divergence([1e-6, 0.5, 9.9]) is None
    assert first_divergence([1e-6, 10.1]).epoch == 2


def test_exactly_a_thousand_times_the_lowest_loss_is_not_yet_a_divergence():
    # "more than 1000 times": where a later NaN keeps the quick no-divergence proof from
    # deciding, the loss at exactly the threshold still does not fire, nor at the floor's 10.0
    assert first_divergence([1.0, 1000.0, math.nan]).epoch == 3
    assert first_divergence([1e-6, 10.0, math.nan]).epoch == 3
    assert first_divergence([1.0, 1000.0000000000001, math.nan]).epoch == 2
    assert fires(np.array([1000.0, 10.0, 10.000000000000002]), np.array([1.0, 0.001, 0.001])).tolist() == \
        [False, False, True]
    assert divergence_in_history(_with_history([1.0, 1000.0, math.nan], start=1.0)).epoch == 3


def _seed(rate, batch=None):
    t = make_preset("seed")
    t.set_config(replace(t.config, learning_rate=rate, batch_size=batch))
    return t


def test_a_watched_run_stops_at_the_epoch_the_rule_fired():
    # seed at α = 0.5: 23.5 → 1.78e3 (< 1000 × 23.5) → 3.35e9: fires at epoch 2
    t = _seed(0.5)
    watch = DivergenceWatch.start(t)
    d = watch.run_epochs(t, 1000)
    assert d is not None and d.epoch == 2 and t.epoch == 2
    assert len(t.history) == 2 and t.history.last() == d.loss
    assert d.loss == pytest.approx(3.35e9, rel=1e-2) and d.best == 23.5
    assert watch.divergence == d
    assert watch.before.epoch == 1  # undo goes back to the epoch before it


def test_first_epoch_jump_is_caught_against_the_starting_loss():
    t = _seed(1000.0)
    d = DivergenceWatch.start(t).run_epochs(t, 700)
    assert d.epoch == 1 and d.best == pytest.approx(23.5) and math.isfinite(d.loss)


def test_watched_run_equals_the_plain_run_bit_for_bit():
    plain = _seed(0.5, batch=1)
    plain.run_epochs(50)
    watched = _seed(0.5, batch=1)
    watch = DivergenceWatch.start(watched)
    d = watch.run_epochs(watched, 50)
    n = d.epoch
    assert np.array_equal(watched.history.values, plain.history.values[:n])
    replay = _seed(0.5, batch=1)
    replay.run_epochs(n)
    for a, b in zip(watched.network.weights, replay.network.weights):
        assert np.array_equal(a, b, equal_nan=True)


def test_a_healthy_run_is_not_stopped_and_the_watch_remembers_its_best():
    t = make_preset("sigmoid")
    watch = DivergenceWatch.start(t)
    for _ in range(5):
        assert watch.run_epochs(t, 400) is None
    assert t.epoch == 2000 and watch.best == pytest.approx(float(np.min(t.history.values)))


def test_sample_steps_are_watched_and_keep_the_epoch_before():
    t = _seed(1000.0, batch=1)
    watch = DivergenceWatch.start(t)
    fired = None
    while fired is None and t.epoch < 50:
        fired = watch.step_sample(t)
    assert fired is not None and fired.epoch == 1 and t.epoch == 1 and t.cursor == 0
    assert watch.before.epoch == 0 and watch.before.cursor == 0


def test_steps_through_several_epochs_keep_the_start_of_the_epoch_that_fired():
    # one watch over many sample steps, as slow motion runs: epoch 1 (1.78e3 < 1000 × 23.5)
    # passes, epoch 2 fires, and undo goes back to the start of epoch 2, not of the run
    t = _seed(0.5)
    watch = DivergenceWatch.start(t)
    fired, steps = None, 0
    while fired is None and t.epoch < 5:
        fired = watch.step_sample(t)
        steps += 1
    assert fired.epoch == 2 and steps == 2 * len(t.data) and t.epoch == 2
    assert (watch.before.epoch, watch.before.cursor) == (1, 0)
    t.restore(watch.before)
    assert t.epoch == 1 and t.history.last() == pytest.approx(1.78e3, rel=1e-2)


def test_a_watch_started_mid_epoch_goes_back_to_where_it_started():
    # mini-batches of 2 at α = 1: the first batch's update is stepped before the watch starts
    # (loss 4325.75 there); the epoch fires when it ends, and undo returns to the watch's start
    t = _seed(1.0, batch=2)
    t.step_sample()
    t.step_sample()
    weights = [w.copy() for w in t.network.weights]
    watch = DivergenceWatch.start(t)
    fired = None
    while fired is None and t.epoch < 50:
        fired = watch.step_sample(t)
    assert fired.epoch == 1 and fired.best == 4325.75
    assert (watch.before.epoch, watch.before.cursor) == (0, 2)
    t.restore(watch.before)
    assert (t.epoch, t.cursor) == (0, 2) and all(np.array_equal(a, b) for a, b in zip(t.network.weights, weights))


def test_a_divergence_in_a_later_chunk_is_named_by_its_own_epoch():
    t = _seed(0.5)
    watch = DivergenceWatch.start(t)
    assert watch.run_epochs(t, 1) is None  # 1.78e3 < 1000 × 23.5
    d = watch.run_epochs(t, 1000)
    assert d.epoch == 2 and t.epoch == 2 and len(t.history) == 2
    assert watch.before.epoch == 1


def test_the_state_before_keeps_the_history_asked_for():
    t = _seed(0.5)
    start = t.capture()
    watch = DivergenceWatch.start(t)
    watch.run_epochs(t, 100, keep_from=0)
    t.restore(start)  # undo to the start of the run, then redo to the epoch before
    t.restore(watch.before)
    assert t.epoch == 1 and len(t.history) == 1


def test_the_rule_on_a_history_that_starts_late():
    # a session trained 100 epochs, of which the last three are recorded
    t = make_preset("seed")
    t2 = type(t)(t.network, t.data, t.config, epoch=100, history=[1.0, 0.5, 600.0])
    d = divergence_in_history(t2)
    assert d.epoch == 100 and d.loss == 600.0


def _pins(t) -> list[dict]:
    return [t.history.pinned] + [track.pinned for track in t.sample_history.tracks]


def test_a_long_watched_run_pins_no_epoch_of_its_histories():
    # each chunk's capture for the replay used to pin its first epoch in every loss history
    t = make_preset("sigmoid")
    watch = DivergenceWatch.start(t)
    for _ in range(40):
        watch.run_epochs(t, 50)
    assert t.epoch == 2000 and _pins(t) == [{}] * 5


def test_a_divergence_after_the_history_is_decimated_still_stops_at_its_epoch():
    def late(t):  # the seed session with a long history of its starting loss behind it
        start = t.current_loss()
        return type(t)(t.network.copy(), t.data, t.config, epoch=1_100_000, history=np.full(1_100_000, start))
    watched, plain = late(_seed(0.5)), late(_seed(0.5))
    assert watched.history.decimated
    watch = DivergenceWatch.start(watched)
    d = watch.run_epochs(watched, 1000, keep_from=len(watched.history))
    plain.run_epochs(2)
    assert d.epoch == 1_100_002 and watched.epoch == d.epoch and len(watched.history) == d.epoch
    assert np.array_equal(watched.history.values[-3:], plain.history.values[-3:])
    assert np.array_equal(watched.history.at([d.epoch - 1, d.epoch]), plain.history.at([d.epoch - 1, d.epoch]))
    for a, b in zip(watched.network.weights, plain.network.weights):
        assert np.array_equal(a, b)


def test_the_rule_agrees_with_a_plain_loop_on_random_histories():
    def oracle(losses, best):  # the module docstring's rule, one loss at a time
        for i, loss in enumerate(losses):
            if not math.isfinite(loss) or loss > GROWTH * max(best, FLOOR):
                return i + 1
            best = min(best, loss)
        return None
    rng = np.random.default_rng(3)
    for _ in range(3000):
        losses = 10.0 ** rng.uniform(-4, 5, rng.integers(1, 8))
        if rng.random() < 0.1:
            losses[rng.integers(len(losses))] = rng.choice([math.nan, math.inf])
        best = math.inf if rng.random() < 0.3 else 10.0 ** rng.uniform(-4, 3)
        found = first_divergence(losses, best=best)
        assert (found and found.epoch) == oracle(losses.tolist(), best)


def _rule_inputs(t):
    h, start = t.history.values, t.history.start
    first = t.epoch - len(h) + 1
    best = start if first == 1 and start is not None and math.isfinite(start) else math.inf
    return h, first, best


def _plain_loop_rule(t):
    """The divergence the history is in, one loss at a time (the module docstring's rule): the
    first epoch of the stretch of firing epochs that reaches the last one."""
    h, first, best = _rule_inputs(t)
    found = None
    for i, loss in enumerate(h.tolist()):
        if not math.isfinite(loss) or loss > GROWTH * max(best, FLOOR):
            found = found or Divergence(first + i, loss, best)
        else:
            found = None
        if not math.isnan(loss):
            best = min(best, loss)
    return found


def _whole_history_rule(t):
    """The same over every recorded loss at once, without what earlier frames found."""
    h, first, best = _rule_inputs(t)
    if h.size == 0:
        return None
    before = np.fmin.accumulate(np.concatenate([[best], h[:-1]]))
    calm = np.flatnonzero(~fires(h, before))
    i = int(calm[-1]) + 1 if calm.size else 0
    return None if i == h.size else Divergence(first + i, float(h[i]), float(before[i]))


def _key(d):
    """What a Divergence says, comparable when its loss is NaN (NaN != NaN; 'nan' == 'nan')."""
    return d and (d.epoch, str(d.loss), d.best)


def _with_history(losses, start=None):
    t = make_preset("seed")
    t2 = type(t)(t.network, t.data, t.config, epoch=len(losses), history=losses)
    t2.history.start = start
    return t2


def test_the_divergence_the_history_is_in_agrees_with_a_plain_loop_on_random_histories():
    rng = np.random.default_rng(5)
    for _ in range(2000):
        losses = 10.0 ** rng.uniform(-4, 5, rng.integers(1, 12))
        for _ in range(rng.integers(0, 3)):
            losses[rng.integers(len(losses))] = rng.choice([math.nan, math.inf])
        t = _with_history(losses, start=None if rng.random() < 0.3 else 10.0 ** rng.uniform(-4, 3))
        assert _key(divergence_in_history(t)) == _key(_plain_loop_rule(t)) == _key(_whole_history_rule(t))


def test_the_history_is_in_the_divergence_that_reaches_its_last_epoch():
    # α = 50 on the article's network: ∞ at epoch 1, then NaN; it diverged at epoch 1, not 6
    d = divergence_in_history(_with_history([math.inf] + [math.nan] * 5, start=23.5))
    assert (d.epoch, d.loss, d.best) == (1, math.inf, 23.5)
    # growth, then on to NaN: still the first epoch the rule fired
    d = divergence_in_history(_with_history([1780.9, 3.35e9, 2.4e28, math.inf, math.nan], start=23.5))
    assert (d.epoch, d.loss) == (2, 3.35e9)
    # diverged, came back under the threshold (a lower rate): that divergence is over …
    assert divergence_in_history(_with_history([1.0, 5e3, 2.0, 0.5], start=1.0)) is None
    # … and a later one is named by its own first epoch, against the lowest loss before it
    d = divergence_in_history(_with_history([1.0, 5e3, 2.0, 0.5, 600.0, math.nan], start=1.0))
    assert (d.epoch, d.loss, d.best) == (5, 600.0, 0.5)


@pytest.mark.parametrize("decimated", [False, True])
def test_the_rule_on_a_history_asked_every_frame_equals_the_rule_on_the_whole_history(decimated):
    # frames ask after every few epochs; between them epochs are appended, cut back, undone,
    # restored from a copy, or the whole history is replaced
    rng = np.random.default_rng(11 + decimated)
    t = make_preset("sigmoid")
    if decimated:
        t.history.extend(np.full(EXACT_EPOCHS + 5000, 0.25))
    t.history.start = 0.3
    saved, diverged = [], 0
    for _ in range(400):
        op = rng.random()
        if op < 0.6:  # a chunk of training, now and then a jump or a NaN
            chunk = 10.0 ** rng.uniform(-3, 0.5, rng.integers(1, 200))
            if rng.random() < 0.25:  # one epoch, or every epoch from there to the chunk's end
                at = int(rng.integers(len(chunk)))
                chunk[at:at + 1 if rng.random() < 0.5 else None] = rng.choice([math.nan, math.inf, 1e4])
            t.history.extend(chunk)
        elif op < 0.75:
            t.history.truncate(len(t.history) - int(rng.integers(0, 300)))
        elif op < 0.85:
            saved.append((len(t.history), t.history.since(max(0, len(t.history) - int(rng.integers(0, 300))))))
        elif op < 0.95 and saved:  # undo / redo to what since() kept
            n, since = saved.pop(int(rng.integers(len(saved))))
            base = n - (len(since) if isinstance(since, np.ndarray) else 0)
            if base <= len(t.history):
                t.history.restore_since(base, since)
        elif rng.random() < 0.5:
            t.history.start = None if t.history.start is not None else float(rng.uniform(0.01, 1))
        t.epoch = len(t.history) + (int(rng.integers(0, 3)) if rng.random() < 0.1 else 0)  # a late start
        found = divergence_in_history(t)
        assert _key(found) == _key(_whole_history_rule(t))
        diverged += found is not None
    assert t.history.decimated == decimated
    assert 30 < diverged < 370  # both kinds of answer, many times


def test_a_lowest_loss_near_the_float_limit_fires_only_for_a_non_finite_loss_and_warns_of_nothing():
    """The threshold GROWTH × 1e306 overflows: no finite loss is above it, as exactly; seen as an
    overflow warning in the 10,000-action random test."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = fires(np.array([1.7e308, np.inf, np.nan]), np.array([1e306, 1e306, 1e306]))
    assert got.tolist() == [False, True, True]

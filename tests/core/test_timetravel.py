"""Time travel (issue 13): the state shown at a past epoch is the state the run had there.

The oracle is independent of the timeline: the same operations replayed on a fresh trainer up to
that epoch, and weights copied live while the run passed there. Equal means the same bits.
"""

import numpy as np
import pytest

from xorgui.core import Dataset, Network, Trainer, TrainingConfig
from xorgui.core.init import Initialization
from xorgui.core.timeline import DENSE_EPOCHS, GRID, Timeline, is_kept, kept_count, next_kept
from xorgui.core.timetravel import trainer_at, viewable
from xorgui.core.weight_diff import compare_weights


def make(batch=2, shuffle=True, hidden=(3,)) -> Trainer:
    """A sigmoid network on XOR, shuffled mini-batches of 2 (every epoch a new order). 2-3-1
    trains on the scalar engine, 2-12-12-1 (181 weights) on the numpy one."""
    layers = [2, *hidden, 1]
    init = Initialization("uniform", seed=4)
    return Trainer(Network(layers, ["sigmoid"] * (len(layers) - 1), init.make(layers)), Dataset.xor(),
                   TrainingConfig(learning_rate=1.5, batch_size=batch, shuffle=shuffle, shuffle_seed=9), init)


def same(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def state(t: Trainer) -> tuple:
    return ([w.copy() for w in t.network.weights], t.epoch, t.cursor, t.config, tuple(t.markers))


@pytest.mark.parametrize("hidden", [(3,), (12, 12)])
def test_every_epoch_of_a_run_equals_a_fresh_run_to_the_bit(hidden):
    t = make(hidden=hidden)
    for chunk in (7, 1, 1, 1599):  # however the run was cut into calls
        t.run_epochs(chunk)
    assert viewable(t) == (0, 1608)
    fresh = make(hidden=hidden)  # the oracle: whole epochs from the start, no moment, no replay
    for e in (0, 1, 7, 8, 500, 999, 1000, 1001, 1009, 1010, 1011, 1200, 1607, 1608):
        fresh.run_epochs(e - fresh.epoch)
        past = trainer_at(t, e)
        assert same(past.network.weights, fresh.network.weights), e
        assert (past.epoch, past.cursor, len(past.history)) == (e, 0, e)
        assert np.array_equal(past.history.values, t.history.values[:e])  # the run's own record
        # (the scalar engine's last loss of a call is the plain path's: the same to ~1e-16)
        assert np.allclose(past.history.values, fresh.history.values, rtol=1e-14, atol=0)


@pytest.mark.parametrize("hidden", [(3,), (12, 12)])
def test_steps_edits_and_settings_changes_are_replayed_exactly(hidden):
    """Sample steps, edits at epoch 300 and mid-epoch 1500, a learning-rate change: each epoch
    shows what the run had there (copied live as the run passed)."""
    t = make(hidden=hidden)
    live = {}

    def train(count):
        for _ in range(count):
            t.run_epochs(1)
            if t.epoch % 97 == 0 or t.epoch in (9, 10, 300, 1499, 1500, 1501, 1502):
                live[t.epoch] = state(t)

    train(7)
    for _ in range(6):  # epoch 8 by steps, then two samples into epoch 9
        t.step_sample()
    train(292)  # the first finishes epoch 9 by steps
    t.set_weight(0, 1, 2, 0.75)
    t.set_config(TrainingConfig(learning_rate=0.5, batch_size=2, shuffle=True, shuffle_seed=9))
    live[300] = state(t)  # epoch 300 now shows the edited state, the one training went on from
    train(1200)
    t.step_sample()
    t.set_weight(1, 0, 0, -2.0)  # mid-epoch: its moment sits beside the end of epoch 1500
    train(1000)
    for e, (weights, epoch, cursor, config, markers) in live.items():
        past = trainer_at(t, e)
        assert same(past.network.weights, weights), e
        assert (past.epoch, past.cursor, past.config) == (epoch, cursor, config), e


def test_dragging_forward_from_a_shown_epoch_gives_the_same_bits():
    t = make()
    t.run_epochs(3000)
    near = trainer_at(t, 2050)
    for e in (2050, 2051, 2100, 2200):
        again = trainer_at(t, e, near=near)
        assert same(again.network.weights, trainer_at(t, e).network.weights)
        near = again


def test_dragging_forward_past_a_mid_epoch_edit_replays_from_the_edit():
    """The epoch shown before the drag ended before a step and an edit in the next epoch: the
    drag starts from the edit's moment, not from that shown epoch, which lacks the edit."""
    t = make(hidden=(12, 12))  # the numpy engine: a stepped epoch keeps no moment of its own
    t.run_epochs(5000)
    near = trainer_at(t, 5000)
    t.step_sample()
    t.set_weight(1, 0, 0, -2.0)  # a moment at (5000, 1 sample), beside the end of epoch 5000
    t.run_epochs(20)
    live = [w.copy() for w in t.network.weights]
    assert not is_kept(5020) and all(not is_kept(e) for e in range(5001, 5021))
    for e in (5010, 5020):  # 5020: the present; 5010: a replay
        shown = trainer_at(t, e, near=near)
        assert same(shown.network.weights, trainer_at(t, e).network.weights), e
    assert same(trainer_at(t, 5020, near=near).network.weights, live)
    assert trainer_at(t, 5010, near=near).network.weights[1][0, 0] != near.network.weights[1][0, 0]


def test_a_past_state_keeps_the_moments_up_to_its_epoch_and_can_travel_back_itself():
    t = make()
    t.run_epochs(1500)
    past = trainer_at(t, 1200)
    assert viewable(past) == (0, 1200)
    for e in (0, 999, 1100, 1200):
        assert same(trainer_at(past, e).network.weights, trainer_at(t, e).network.weights), e
    past.set_weight(0, 1, 2, 0.75)  # a branch: the run goes on from there, edited
    past.run_epochs(300)
    branch = trainer_at(t, 1200)
    branch.set_weight(0, 1, 2, 0.75)
    branch.run_epochs(200)  # none of the first run's later moments belongs to the branch
    assert same(trainer_at(past, 1400).network.weights, branch.network.weights)


def test_a_run_keeps_a_bounded_number_of_moments():
    t = make(batch=None, shuffle=False)
    t.run_epochs(20_000)
    assert len(t.timeline) == kept_count(20_000) == 1 + DENSE_EPOCHS + int(np.sum(GRID <= 20_000))
    assert kept_count(1_000_000) < 1650 and kept_count(2**53) < 3800  # bounded whatever the run
    gaps = np.diff(GRID) / GRID[:-1]
    assert gaps.max() < 0.012  # replaying costs at most 1.2 % of the epoch number


def test_kept_epochs():
    assert all(is_kept(e) for e in range(DENSE_EPOCHS + 1))
    assert not is_kept(DENSE_EPOCHS + 1) and is_kept(int(GRID[0])) and next_kept(DENSE_EPOCHS) == int(GRID[0])
    assert next_kept(int(GRID[5])) == int(GRID[6]) and next_kept(int(GRID[5]) + 1) == int(GRID[6])


def test_a_million_epochs_keep_at_most_1640_moments_by_count():
    """The timeline's own bookkeeping over every epoch training keeps up to a million (states
    stand in for the trainer's): the count is the bound, and a change replaces what follows."""
    class S:
        def __init__(self, epoch):
            self.epoch, self.cursor = epoch, 0

    line = Timeline()
    e = 0
    while e <= 1_000_000:
        line = line.record(S(e))
        e = next_kept(e)
    assert len(line) == kept_count(1_000_000) <= 1640
    cut = line.record(S(5000))  # an edit at epoch 5000 leaves the later line
    assert cut.epochs()[-1] == 5000 and len(cut) == kept_count(4999) + 1
    assert line.before(5001).epoch == int(GRID[GRID <= 5001][-1])  # where a replay to 5001 starts
    assert len(line) == kept_count(1_000_000)  # immutable: the old line is untouched


def test_undo_brings_back_the_timeline_of_the_state():
    t = make()
    t.run_epochs(1200)
    before = t.capture(history_base=0)
    t.reinitialize()  # a new line from epoch 0
    t.run_epochs(10)
    assert viewable(t) == (0, 10)
    t.restore(before)
    assert viewable(t) == (0, 1200)
    fresh = make()
    fresh.run_epochs(1100)
    assert same(trainer_at(t, 1100).network.weights, fresh.network.weights)


def test_timelines_that_branch_from_one_another_keep_their_own_moments():
    t = make()
    t.run_epochs(3)
    at_3, base = t.capture(), t.timeline
    t.run_epochs(2)  # recorded at the end of base's moments: epochs 4 and 5
    went_on = t.timeline
    t.restore(at_3)  # undo
    t.set_config(TrainingConfig(learning_rate=0.5, batch_size=2, shuffle=True, shuffle_seed=9))  # an edit at epoch 3
    t.run_epochs(1)
    edited = t.timeline
    elsewhere = make()
    elsewhere.run_epochs(4)
    # went back to epoch 3, and another line's epoch 4 recorded there
    other_4 = went_on.until(3).record(elsewhere.moment())
    assert base.epochs() == [0, 1, 2, 3]
    assert went_on.epochs() == [0, 1, 2, 3, 4, 5]
    assert edited.epochs() == [0, 1, 2, 3, 4] and edited.before(3).config.learning_rate == 0.5
    assert went_on.before(3).config.learning_rate == 1.5 and went_on.before(4).epoch == 4
    assert other_4.epochs() == [0, 1, 2, 3, 4] and other_4.before(4) is not went_on.before(4)
    assert same(other_4.before(4).weights, elsewhere.network.weights)
    assert len(went_on) == 6 and not same(went_on.before(3).weights, went_on.before(4).weights)


def test_epochs_outside_the_run_are_refused():
    t = make()
    t.run_epochs(5)
    with pytest.raises(ValueError, match="from 0 to 5"):
        trainer_at(t, 6)
    with pytest.raises(ValueError):
        trainer_at(t, -1)


def test_compare_two_epochs_by_weight_name():
    t = make()
    t.run_epochs(100)
    rows = compare_weights(trainer_at(t, 0), trainer_at(t, 100))
    assert [r.name for r in rows][:3] == ["W10", "W11", "W12"]
    first = trainer_at(t, 0).network.weights[0][0, 1]
    last = t.network.weights[0][0, 1]
    assert rows[1].first == first and rows[1].second == last and rows[1].change == last - first


def test_an_epoch_before_a_change_of_data_size_shows_that_datas_samples():
    """The per-sample losses of a past epoch belong to the data trained on then: 4 XOR rows
    before a fifth row was added, not the 5 tracks recorded since (the curves would name a
    sample the shown data does not have; resuming there once broke every later undo)."""
    t = make(batch=1, shuffle=False)
    t.run_epochs(20)
    xor = Dataset.xor()
    five = Dataset(np.vstack([xor.inputs, [[0.5, 0.5]]]), np.vstack([xor.targets, [[1.0]]]))
    t.set_data(five, None, t.source)
    t.run_epochs(10)
    assert t.sample_history.width == 5
    for epoch in (0, 10, 19):
        past = trainer_at(t, epoch)
        assert len(past.data) == 4 and past.sample_history.width == 4
        assert past.sample_history.end == len(past.history)  # nothing recorded past the shown epoch
        restored = make(batch=1, shuffle=False)
        restored.restore(past.capture())  # resuming there: the data and its tracks agree
        assert restored.sample_history.width == len(restored.data) == 4
    assert len(trainer_at(t, 20).data) == 5  # an epoch shows its latest moment: after the change
    past = trainer_at(t, 25)  # the 5 tracks recorded since epoch 20
    assert past.sample_history.width == 5 and past.sample_history.end == 25
    assert np.array_equal(past.sample_history.at(25), t.sample_history.at(25))


def test_epochs_stepped_on_the_numpy_engine_keep_as_few_moments_as_a_run():
    """Stepped epochs (the twin window trains long epochs in stretches of samples) of a network
    the numpy engine trains keep moments as sparsely as run_epochs does, as replaying them gives
    the same bits; on the tiny scalar engine, which may differ by ~1e-15, each stepped epoch is kept."""
    stepped, run = make(batch=1, shuffle=False, hidden=(12, 12)), make(batch=1, shuffle=False, hidden=(12, 12))
    for _ in range(1300):
        stepped.run_samples(4)
    run.run_epochs(1300)
    assert stepped.timeline.epochs() == run.timeline.epochs() and len(run.timeline.epochs()) < 1100
    for epoch in (1000, 1234, 1299):
        assert same(trainer_at(stepped, epoch).network.weights, trainer_at(run, epoch).network.weights)
    assert same(stepped.network.weights, run.network.weights)
    tiny = make(batch=1, shuffle=False)
    for _ in range(1010):
        tiny.run_samples(4)
    assert tiny.timeline.epochs()[-10:] == list(range(1001, 1011))


def test_an_old_epoch_of_a_long_run_ends_on_its_own_losses_not_a_buckets():
    """Past 2^20 epochs the history keeps most epochs only as (min, max, last) buckets: the past
    shown at an epoch inside one ends on the losses the run recorded there (its replay's), where
    the cut history alone would end on the bucket's last, a later epoch's."""
    from xorgui.core.history import EXACT_EPOCHS
    from xorgui.core.presets import make_preset

    t = make_preset("sigmoid")
    rng = np.random.default_rng(5)
    earlier = EXACT_EPOCHS + 100_000  # a long run's record so far: decimated
    t.history.extend(rng.random(earlier))
    t.sample_history.extend(rng.random((earlier, len(t.data))))
    t.epoch = earlier
    t.remember()
    t.run_epochs(3)
    shown, loss, per_sample = t.epoch, t.history.last(), t.sample_history.last()
    t.run_epochs(70_000)  # the exact tail moves past it
    assert t.history.exact_at_or_before(shown) < shown  # ``shown`` lies inside a bucket now
    past = trainer_at(t, shown)
    assert len(past.history) == shown and past.history.last() == loss
    assert past.history.exact_at_or_before(shown) == shown
    assert np.array_equal(past.sample_history.last(), per_sample)
    # an epoch with a moment of its own, also inside a bucket now: shown without a replay, it
    # ends on the loss of its weights (the made-up record above held another number there)
    assert t.history.exact_at_or_before(earlier) < earlier
    past = trainer_at(t, earlier)
    assert past.history.exact_at_or_before(earlier) == earlier
    assert past.history.last() == past.current_loss() != t.history.at(earlier)
    assert np.array_equal(past.sample_history.last(), past.sample_losses())  # each sample's too

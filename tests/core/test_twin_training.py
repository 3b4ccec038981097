"""Twin runs trained a slice at a time (the window's Train), changed on either side, and their
weights side by side: the same numbers as doing it all at once, checked independently."""

import numpy as np
import pytest

from xorgui.core.presets import make_preset
from xorgui.core.training import TrainingConfig
from xorgui.core import twin
from xorgui.core.twin import LONG_EPOCH_SECONDS, TwinRun, TwinTraining, apply_change, epoch_seconds, make_twin
from xorgui.core.twin_change import parse_change
from xorgui.core.weight_diff import compare_weights


def wide(batch_size=None):
    """A 2-12-12-1 tanh network on XOR: too many weights for the scalar path (the numpy engine)."""
    from xorgui.core.init import Initialization
    from xorgui.core.network import Network
    from xorgui.core.training import Trainer
    xor = make_preset("sigmoid").data
    init = Initialization("xavier", seed=3)
    layers = [2, 12, 12, 1]
    return Trainer(Network(layers, ["tanh", "tanh", "sigmoid"], init.make(layers)), xor,
                   TrainingConfig(learning_rate=0.3, batch_size=batch_size), init)


def pair(preset, step_limit=2_000, **change):
    left = wide() if preset == "wide" else make_preset(preset)
    return TwinRun(left, make_twin(left, **change), step_limit=step_limit)


def state(run):
    return [(t.epoch, t.cursor, [w.tobytes() for w in t.network.weights], t.history.values.tobytes())
            for t in (run.left, run.right)] + [run.difference, run.stepped]


CASES = [  # (preset, change, step limit): found at once; found mid-epoch; searched to a limit mid-epoch
    ("article", {"config": TrainingConfig(learning_rate=0.5, batch_size=1)}, 2_000),
    ("sigmoid", {"config": TrainingConfig(learning_rate=0.5, batch_size=2)}, 2_000),
    ("sigmoid", {"config": TrainingConfig(learning_rate=2.0, batch_size=None, regularization_rate=0.3)}, 7),
    ("deep", {"activations": ["relu", "relu", "sigmoid"]}, 2_000),
    ("wide", {"config": TrainingConfig(learning_rate=0.3, batch_size=3)}, 2_000),  # the numpy engine
]


@pytest.mark.parametrize("preset, change, limit", CASES)
def test_slices_of_any_size_give_bit_for_bit_the_blocking_result_and_keep_the_twins_in_step(preset, change, limit):
    blocking = pair(preset, limit, **change)
    blocking.run_epochs(40)
    sliced = pair(preset, limit, **change)
    training = TwinTraining(sliced, 40)
    slices = 0
    while not training.finished:
        training.advance(0.0)  # the least work a slice does: one step, or one epoch of each twin
        slices += 1
        l, r = sliced.left, sliced.right
        assert (l.epoch, l.cursor) == (r.epoch, r.cursor)  # a cancel here leaves a consistent pair
    assert slices > 1 and training.done == 40
    assert state(sliced) == state(blocking)


@pytest.mark.parametrize("left_batch, right_batch, block", [(1, 1, 1), (1, 3, 3), (2, 1, 2)])
def test_epochs_too_long_for_a_slice_go_in_stretches_of_samples_with_the_blocking_bits(
        monkeypatch, left_batch, right_batch, block):
    # every numpy epoch counts as long here: slices of a few samples each, across epoch ends (the
    # 4-sample epoch in batches of 3 ends on a batch of 1), are one blocking run and whole epochs

    def made():
        left = wide(left_batch)
        return TwinRun(left, make_twin(left, config=TrainingConfig(learning_rate=0.5, batch_size=right_batch)))
    whole = made()
    whole.run_epochs(30)  # 4-sample epochs: whole ones
    monkeypatch.setattr(twin, "LONG_EPOCH_SECONDS", 0.0)
    blocking = made()
    blocking.run_epochs(30)
    assert state(blocking) == state(whole)  # stretches of samples give the whole epochs' numbers
    for seconds in (0.0, 0.0005):
        sliced = made()
        training = TwinTraining(sliced, 30)
        positions = set()
        while not training.finished:
            before, searched = [(t.epoch, t.cursor) for t in (sliced.left, sliced.right)], training.searching
            training.advance(seconds)
            after = [(t.epoch, t.cursor) for t in (sliced.left, sliced.right)]
            if seconds == 0.0 and not searched:
                # the least a slice does here: to the next end of whole batches of both twins
                # (a block of lcm(batch sizes) samples), not a whole epoch
                ends = [min(4, (c // block + 1) * block) for e, c in before]
                assert after == [(e + 1, 0) if end == 4 else (e, end) for (e, c), end in zip(before, ends)]
            assert after[0] == after[1]  # a cancel here leaves a consistent pair
            positions.add(after[0][1])
        assert state(sliced) == state(blocking)
        if seconds == 0.0:  # slices ended at every block of the 4-sample epochs (or after the search)
            assert positions == ({0, 1, 2, 3} if block == 1 else {0, 1, block})


def test_a_big_network_learning_online_is_trained_a_few_samples_a_slice():
    # 16-16-16 on 10,000 samples online: one epoch (~0.7 s of each twin) is too long for a
    # slice, so the smallest slice is one sample of each twin
    from xorgui.core import Initialization, Network, Trainer
    from xorgui.core.datasets import DataSource, build
    data, _ = build(DataSource("spiral", {"size": 10_000}))
    layers = [2, 16, 16, 16, 1]
    init = Initialization("xavier", seed=1)
    left = Trainer(Network(layers, ["tanh"] * 3 + ["sigmoid"], init.make(layers)), data,
                   TrainingConfig(learning_rate=0.1, batch_size=1), init)
    run = TwinRun(left, make_twin(left, config=TrainingConfig(learning_rate=0.2, batch_size=1)))
    assert epoch_seconds(left) > LONG_EPOCH_SECONDS
    training = TwinTraining(run, 2)
    for cursor in (1, 2, 3, 4):  # the step that finds the difference, then stretches of one sample
        training.advance(0.0)
        assert [(t.epoch, t.cursor) for t in (run.left, run.right)] == [(0, cursor)] * 2
    assert run.stepped == 1 and run.difference.line().startswith("W")


@pytest.mark.parametrize("preset, long_epoch", [("sigmoid", None), ("wide", None), ("wide", 0.0)])
def test_twins_at_different_steps_are_sliced_as_they_run_at_once(monkeypatch, preset, long_epoch):
    # a twin whose batching changed mid-epoch starts its epoch afresh: each finishes its own epoch,
    # then both train (in whole epochs, or in stretches of samples when epochs count as long)
    def made():
        left = wide(1) if preset == "wide" else make_preset(preset)
        left.step_sample()
        return TwinRun(left, make_twin(left, config=TrainingConfig(learning_rate=0.5, batch_size=None)))
    whole = made()
    whole.run_epochs(6)
    if long_epoch is not None:
        monkeypatch.setattr(twin, "LONG_EPOCH_SECONDS", long_epoch)
    blocking = made()
    blocking.run_epochs(6)
    sliced = made()
    training = TwinTraining(sliced, 6)
    while not training.finished:
        training.advance(0.0)
    assert state(sliced) == state(blocking) == state(whole)
    assert (sliced.left.epoch, sliced.right.epoch) == (6, 6)


def test_cancelled_then_trained_again_equals_one_run():
    # Cancel after a few slices, then Train the rest: the same numbers as one press
    whole = pair("sigmoid", config=TrainingConfig(learning_rate=0.5, batch_size=2))
    whole.run_epochs(30)
    run = pair("sigmoid", config=TrainingConfig(learning_rate=0.5, batch_size=2))
    first = TwinTraining(run, 30)
    for _ in range(5):
        first.advance(0.0)
    assert not first.finished
    TwinTraining(run, 30 - first.done).advance(float("inf"))
    assert state(run)[:2] == state(whole)[:2] and run.difference == whole.difference


def test_either_twin_can_take_the_change():
    # the change in the left twin (the session itself) mirrors the change in the right one
    session = make_preset("article")
    right = make_twin(session)
    apply_change(session, **parse_change(session, "learning_rate", "0.5"))
    twin = TwinRun(session, right)
    twin.step()
    assert twin.difference.line() == "W10 after sample 0 of epoch 1: −1 vs 0.6"
    assert session.config.learning_rate == 0.5 and right.config.learning_rate == 0.1


def test_a_refused_left_change_leaves_the_session_as_it_was():
    session = make_preset("article")
    before = [w.copy() for w in session.network.weights]
    with pytest.raises(ValueError):
        apply_change(session, **parse_change(session, "loss", "cross_entropy"))  # identity output
    assert session.config.loss != "cross_entropy" and all(np.array_equal(a, b) for a, b in
                                                          zip(before, session.network.weights))


def test_the_weights_side_by_side_after_one_step_at_two_learning_rates():
    # sample (0, 0) → 0 from all-ones weights: ŷ = 4, δ_D0 = 4, each δ_Zj = 4; a weight fed by the
    # bias X0 or a hidden unit gets ∂L/∂w = 4·1 and becomes 1 − 4α (0.6 at α = 0.1, −1 at 0.5);
    # a weight from X1 or X2 (both 0) keeps 1
    twin = pair("article", config=TrainingConfig(learning_rate=0.5, batch_size=1))
    twin.step()
    rows = {r.name: r for r in compare_weights(twin.left, twin.right)}
    moved = {"W10", "W20", "W30", "V00", "V01", "V02", "V03"}
    assert len(rows) == 13
    for name, row in rows.items():
        left, right = (1 - 4 * 0.1, 1 - 4 * 0.5) if name in moved else (1.0, 1.0)
        assert (row.first, row.second) == (pytest.approx(left, abs=1e-15), right)
        assert row.change == row.second - row.first
        assert row.differs == (name in moved)


def test_a_twin_made_mid_epoch_stands_at_the_same_step():
    # after the article's step on sample 0 (W10 = 0.6), both twins step sample 1 next: a copy is
    # the same run, and α = 0.5 first differs after sample 1, not in the order of the samples
    session = make_preset("article")
    session.step_sample()
    assert TwinRun(session, make_twin(session)).identical
    twin = TwinRun(session, make_twin(session, config=TrainingConfig(learning_rate=0.5, batch_size=1)))
    assert twin.right.cursor == 1 and twin.right.next_sample == 1
    twin.step()
    assert (twin.difference.stage, twin.difference.sample) == ("after", 1)

"""The divergence rule watching both twins: where it stops, and that slicing does not move it."""

import math

from xorgui.core.presets import make_preset
from xorgui.core.twin import TwinRun, make_twin
from xorgui.core.twin_change import parse_change
from xorgui.core.twin_watch import WatchedTwinTraining, watched_step


def pair(rate="0.5"):
    left = make_preset("article")
    return TwinRun(left, make_twin(left, **parse_change(left, "learning_rate", rate)))


def test_both_twins_stop_at_the_epoch_the_right_one_diverges_however_it_is_sliced():
    whole, sliced = pair(), pair()
    a = WatchedTwinTraining(whole, 100)
    a.advance(math.inf)
    b = WatchedTwinTraining(sliced, 100)
    while not b.finished:
        b.advance(1e-5)  # a step or a stretch at a time: slices that overshoot epoch 3 are replayed
    for run, training in ((whole, a), (sliced, b)):
        assert training.divergence.left is None
        assert training.divergence.right.epoch == 3 and training.divergence.right.best == 1.75
        assert training.divergence.line() == "The right twin diverged at epoch 3 (loss 1.946e114)"
        assert (run.left.epoch, run.right.epoch, run.left.cursor, run.right.cursor) == (3, 3, 0, 0)
        assert len(run.left.history) == len(run.right.history) == 3
    assert [w.tobytes() for w in whole.right.network.weights] == [w.tobytes() for w in sliced.right.network.weights]
    assert whole.difference == sliced.difference and whole.stepped == sliced.stepped


def test_a_rate_that_does_not_diverge_trains_every_epoch_asked():
    run = pair("0.2")
    training = WatchedTwinTraining(run, 300)
    training.advance(math.inf)
    assert training.divergence is None and run.left.epoch == run.right.epoch == 300


def test_a_step_that_completes_the_epoch_of_a_divergence_reports_it():
    run = pair()
    WatchedTwinTraining(run, 2).advance(math.inf)
    found = [watched_step(run) for _ in range(4)]
    assert found[:3] == [None, None, None]
    assert found[3].right.epoch == 3 and found[3].left is None


def test_a_twin_training_in_many_slices_pins_no_epoch_of_its_histories():
    # each slice's capture for the replay used to pin an epoch of both twins' loss histories
    run = pair("0.2")
    training = WatchedTwinTraining(run, 300)
    while not training.finished:
        training.advance(1e-5)
    assert run.left.epoch == run.right.epoch == 300
    for t in (run.left, run.right):
        assert [t.history.pinned] + [track.pinned for track in t.sample_history.tracks] == [{}] * 5


def test_the_divergence_says_itself_as_a_clause_and_as_a_sentence():
    # the window's undo entry goes on after a semicolon with the core's clause: no view re-cases it
    from xorgui.core.divergence import Divergence
    from xorgui.core.twin_watch import TwinDivergence
    both = TwinDivergence(Divergence(6448, math.nan, 0.25), Divergence(6448, 1.95e114, 0.25))
    # the losses as the window writes every number (core.numbers.fmt), not Python's "1.95e+114"/"nan"
    assert both.clause() == ("the left twin diverged at epoch 6,448 (loss NaN) and "
                             "the right twin diverged at epoch 6,448 (loss 1.95e114)")
    assert both.line() == "T" + both.clause()[1:]
    assert both.sides == (True, True)
    right = TwinDivergence(None, Divergence(3, 1.95e114, 1.75))
    assert right.clause() == "the right twin diverged at epoch 3 (loss 1.95e114)" and right.sides == (False, True)
    assert right.clause(precision=6) == "the right twin diverged at epoch 3 (loss 1.95e114)"
    assert TwinDivergence(Divergence(2, math.inf, 0.5), None).stopped() == (
        "The left twin diverged at epoch 2 (loss ∞): both twins stopped there.")


def test_each_twins_part_is_the_main_windows_summary_at_the_windows_decimals():
    # one wording for a divergence (core.divergence): the twin window's status and plot label, its
    # undo entry and xorgui twin say each twin's part as the main window says the session's
    from xorgui.core.divergence import Divergence
    from xorgui.core.twin_watch import TwinDivergence
    d = Divergence(3, 1.9463725436637045e114, 1.75)
    assert d.summary() == "diverged at epoch 3 (loss 1.946e114)"
    assert d.summary(6) == "diverged at epoch 3 (loss 1.94637e114)"
    assert TwinDivergence(None, d).clause(6) == "the right twin " + d.summary(6)
    assert TwinDivergence(d, None).found() == [("left", d)]


def test_the_pair_watches_carry_the_lowest_loss_from_press_to_press():
    # the right twin at α = 0.5: 1.75 before epoch 3, 1.95e114 after it. Pressed an epoch at a
    # time with the pair's watches, epoch 3 is caught with the lowest loss of the pair's whole
    # run as its reference, as one Train of 3 epochs catches it
    from xorgui.core.twin_watch import TwinWatches
    run = pair()
    watches = TwinWatches(run)
    found = []
    for _ in range(3):  # three presses of Epoch
        found.append(WatchedTwinTraining(run, 1, watches))
        found[-1].advance(math.inf)
    assert [t.divergence is None for t in found] == [True, True, False]
    assert found[2].divergence.right.epoch == 3 and found[2].divergence.right.best == 1.75


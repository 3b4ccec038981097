"""The test loss curve: sampled per published frame, dropped past a position reached again."""

import numpy as np

from xorgui.core.testcurve import MAX_POINTS, TestCurve, position


def test_points_append_in_order_and_a_repeat_changes_nothing():
    curve = TestCurve.empty().add(0, 0.5).add(1.5, 0.4).add(3, 0.3)
    assert curve.x.tolist() == [0, 1.5, 3] and curve.y.tolist() == [0.5, 0.4, 0.3]
    assert curve.add(3, 0.3) is curve  # the same frame published again (a selection, a precision)


def test_going_back_drops_the_points_after_the_new_position():
    curve = TestCurve.empty().add(1, 0.5).add(2, 0.4).add(3, 0.3)
    back = curve.add(2, 0.45)  # undo to epoch 2, whose weights are other than the first time's
    assert back.x.tolist() == [1, 2] and back.y.tolist() == [0.5, 0.45]
    reset = curve.add(0, 0.7)  # reset weights: the run starts again
    assert reset.x.tolist() == [0] and reset.y.tolist() == [0.7]


def test_a_long_run_keeps_the_curve_bounded_and_its_newest_point():
    curve = TestCurve.empty()
    for k in range(3 * MAX_POINTS):
        curve = curve.add(k, 1 / (k + 1))
    assert len(curve) <= MAX_POINTS + 1
    assert curve.x[-1] == 3 * MAX_POINTS - 1 and curve.x[0] == 0
    assert np.all(np.diff(curve.x) > 0)


def test_position_counts_samples_into_the_next_epoch():
    assert position(5, 0, 4) == 5
    assert position(5, 1, 4) == 5.25


def test_following_the_published_frames():
    """What the controller keeps: a point per frame at the present; none for an earlier epoch
    the timeline shows; a new curve for another test set; none without one; itself when unchanged."""
    from types import SimpleNamespace

    import numpy as np

    from xorgui.core.testcurve import TestCurve

    ours, theirs = np.zeros((2, 2)), np.zeros((2, 2))

    def frame(epoch, loss, test_inputs=ours, read_only=False):
        return SimpleNamespace(test=SimpleNamespace(loss=loss), test_inputs=test_inputs, epoch=epoch, cursor=0,
                               inputs=np.zeros((4, 2)), read_only=read_only)

    curve = TestCurve.empty().follow(frame(0, 0.5)).follow(frame(1, 0.4))
    assert curve.x.tolist() == [0, 1] and curve.y.tolist() == [0.5, 0.4] and curve.measured_on is ours
    assert curve.follow(frame(1, 0.4)) is curve  # the same frame again
    assert curve.follow(frame(0, 0.9, read_only=True)) is curve  # viewing epoch 0: not an undo
    # nor when the epoch viewed had another test set, or none (before the split): the curve is the present's
    assert curve.follow(frame(0, 0.9, test_inputs=theirs, read_only=True)) is curve
    assert curve.follow(SimpleNamespace(test=None, read_only=True)) is curve
    other = curve.follow(frame(1, 0.3, test_inputs=theirs))
    assert other.x.tolist() == [1] and other.measured_on is theirs
    none = curve.follow(SimpleNamespace(test=None, read_only=False))
    assert len(none) == 0 and none.measured_on is None
    assert none.follow(SimpleNamespace(test=None, read_only=False)) is none

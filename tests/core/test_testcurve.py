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

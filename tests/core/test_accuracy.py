"""Which samples count as right: judged as shown, so the table never contradicts itself."""

import numpy as np

from xorgui.core import Dataset, Network, Trainer
from xorgui.core.accuracy import RULE, as_shown, right_samples
from xorgui.core.snapshot import describe


def test_predictions_that_show_as_0_5_are_wrong_for_every_target():
    preds = np.array([[0.5 - 1e-15], [0.5 + 1e-15], [0.5 - 1e-15], [0.5 + 1e-15]])
    targets = np.array([[0.0], [0.0], [1.0], [1.0]])
    assert right_samples(preds, targets, 4).tolist() == [False, False, False, False]


def test_rounding_is_the_displays():
    assert as_shown(np.array([0.49996, 0.49994, 1.00004]), 4).tolist() == [0.5, 0.4999, 1.0]
    # 0.49996 shows as 0.5: wrong for 0 and for 1; 0.49994 shows as 0.4999: right for 0
    preds = np.array([[0.49996], [0.49996], [0.49994], [0.50006]])
    targets = np.array([[0.0], [1.0], [0.0], [1.0]])
    assert right_samples(preds, targets, 4).tolist() == [False, False, True, True]
    # at 6 decimals the same numbers are told apart
    assert right_samples(preds, targets, 6).tolist() == [True, False, True, True]


def test_non_finite_predictions_are_wrong():
    preds = np.array([[np.nan], [np.inf], [0.1]])
    assert right_samples(preds, np.zeros((3, 1)), 4).tolist() == [False, False, True]


def test_every_output_must_be_right():
    preds = np.array([[0.1, 0.9], [0.1, 0.4]])
    assert right_samples(preds, np.array([[0.0, 1.0], [0.0, 1.0]]), 4).tolist() == [True, False]


def test_snapshot_accuracy_follows_the_rule():
    # an identity network whose output is exactly 0.5 ± 1e-15 for XOR's samples:
    # ŷ = 0.5 + b·(x1 − x2) with a tiny b, i.e. 0.5, 0.5 − b, 0.5 + b, 0.5
    b = 1e-15
    w = [np.array([[0.0, 1.0, -1.0]]), np.array([[0.5, b]])]
    t = Trainer(Network([2, 1, 1], ["identity", "identity"], w), Dataset.xor())
    out = t.forward().output.ravel()
    assert out[1] < 0.5 < out[2]  # differs in the 16th digit ...
    snap = describe(t, precision=4)
    assert snap.correct.tolist() == [False, False, False, False]  # ... but all show 0.5: all wrong
    assert snap.accuracy == 0.0
    assert "exactly 0.5" in RULE and "decimals shown" in RULE


def test_the_quick_judgement_agrees_with_judging_every_prediction_as_shown():
    """right_samples formats only predictions near the threshold; the verdicts must be those of
    rounding every prediction as the display does."""
    rng = np.random.default_rng(8)
    for precision in (2, 4, 6, 12):
        unit = 10.0 ** -precision
        # predictions at, just inside and just outside 0.5 from targets 0 and 1, and random ones
        edges = np.array([0.5, 0.5 - unit / 2, 0.5 + unit / 2, 0.5 - unit, 0.5 + unit, 0.5 - 0.4 * unit,
                          0.5 + 0.6 * unit, -0.5 + 0.5 * unit, 1.5 - 0.5 * unit, np.nan, np.inf])
        preds = np.concatenate([edges, rng.uniform(-1, 2, 500), 0.5 + rng.uniform(-3, 3, 500) * unit])
        for target in (0.0, 1.0, 0.3):
            targets = np.full((preds.size, 1), target)
            expected = np.abs(as_shown(preds[:, None], precision) - targets)[:, 0] < 0.5
            assert right_samples(preds[:, None], targets, precision).tolist() == expected.tolist()

"""The swinging-loss finding: a rate too large for the network, short of the divergence rule."""

from dataclasses import replace

import numpy as np

from xorgui.core import Trainer
from xorgui.core.diagnostics import Kind, Remedy, Severity, diagnose
from xorgui.core.presets import make_preset
from xorgui.core.swings import SWING_EPOCHS


def test_the_tanh_example_at_a_rate_of_50_is_told_its_rate_is_too_large_not_only_of_saturated_units():
    """It swung between 4.9 and 45.1 every other epoch, from 0.76, and was told only "Saturated units …
    re-initialize with smaller weights", which ends there again at α = 50 (a teacher's review)."""
    t = make_preset("tanh")
    t.set_config(replace(t.config, learning_rate=50.0))
    t.run_epochs(200)
    [f] = diagnose(t)
    assert (f.kind, f.severity, f.title) == (Kind.UNSTABLE, Severity.ERROR, "The loss swings: the learning rate is too large")
    assert f.remedies == (Remedy.LOWER_RATE, Remedy.XAVIER)
    h = t.history.values[-SWING_EPOCHS:]
    assert f.explanation == (
        "Between epoch 181 and epoch 200 the loss went up 9 times, as high as 45.0812 (its lowest 4.9188), above the "
        "0.7613 the run started at: updates step past the minimum they aim for, to a larger loss on its other side. The learning "
        "rate, α = 50, is too large for this network: lower it. Weights it has already thrown far out may also need "
        "re-initializing.")
    assert round(float(np.min(h)), 4) == 4.9188 and round(float(np.max(h)), 4) == 45.0812


def _with_history(history, batch_size=1):
    """The tanh example with this loss history, online by default (full batch: ``None``)."""
    t = make_preset("tanh")
    return Trainer(t.network, t.data, replace(t.config, batch_size=batch_size), epoch=len(history),
                   history=list(history))


def test_the_rule_each_condition_at_its_edge():
    swing = [1.0, 2.0] * 10  # 10 rises, ×2, above a start of 1.0
    assert [f.kind for f in diagnose(_with_history(swing)) if f.kind is Kind.UNSTABLE]
    below_start = [0.1, 0.2] * 10 + [0.1]  # the same swings under where the run started (0.25 > 0.2)
    assert not [f for f in diagnose(_with_history([0.25] + below_start)) if f.kind is Kind.UNSTABLE]
    mild = [1.0, 1.9] * 10  # less than ×2
    assert not [f for f in diagnose(_with_history([0.5] + mild)) if f.kind is Kind.UNSTABLE]
    few = [1.0] * 16 + [2.0, 1.0, 2.0, 1.0, 2.0]  # 3 rises in the last 20 epochs: fewer than 5
    assert not [f for f in diagnose(_with_history([0.5] + few)) if f.kind is Kind.UNSTABLE]
    short = [1.0, 2.0] * 9  # fewer than 20 epochs
    assert not [f for f in diagnose(_with_history(short)) if f.kind is Kind.UNSTABLE]


def test_a_converging_run_that_wobbles_is_not_called_unstable():
    for preset in ("sigmoid", "tanh", "article"):
        t = make_preset(preset)
        t.run_epochs(300)
        assert not [f for f in diagnose(t) if f.kind is Kind.UNSTABLE], preset


def test_the_rules_thresholds_at_their_edges_and_the_decimals_it_writes():
    from xorgui.core.swings import swinging

    def fires(history, precision=4):
        return swinging(_with_history(history), precision)

    five = [0.4] + [1.0] * 10 + [1.0, 2.0] * 5  # exactly 5 rises in the last 20 epochs, the last one at the end
    assert fires(five)
    assert not fires(five + [1.5, 1.2, 1.0, 0.9])  # none in the last 4: a rate just lowered falls smoothly
    five = [0.4] + [1.0] * 6 + [1.0, 2.0] * 5 + [1.5, 1.2, 1.0, 1.5]  # a rise in the last 4 again
    assert fires(five)
    halves = [0.40123] + [0.50123, 1.00246] * 10  # twice the lowest exactly, with a lowest that is not 1
    [f] = fires(halves, precision=2)
    assert "as high as 1 (its lowest 0.5), above the 0.4 the run started at" in f.explanation
    assert not fires([0.4] + [0.5, 0.99] * 10)  # just under twice


def test_in_full_batch_a_smaller_swing_is_enough():
    """One update an epoch on the whole data's gradient has no sampling noise: the tanh example at
    α = 20 swung 8.56 ↔ 11.44 every epoch (×1.34), under ×2, and was told of saturated units and of a
    sample whose "own pull on the weights is weak" (its gradient was 2 long)."""
    from xorgui.core.swings import swinging

    t = make_preset("tanh")
    t.set_config(replace(t.config, learning_rate=20.0))
    t.run_epochs(300)
    [f] = diagnose(t)
    assert f.kind is Kind.UNSTABLE and "as high as 11.4362 (its lowest 8.5638)" in f.explanation
    assert swinging(_with_history([0.4] + [1.0, 1.1] * 10, None), 4)  # ×1.1 exactly
    assert not swinging(_with_history([0.4] + [1.0, 1.09] * 10, None), 4)
    assert not swinging(_with_history([0.4] + [1.0, 1.1] * 10), 4)  # online: sampling noise, ×2 needed

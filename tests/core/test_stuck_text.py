"""The stuck-sample finding as a learner reads it: every number in the app's style, and each
sentence true of the numbers it shows (checked on a plateau and on saturated networks)."""

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.diagnostics import Kind, Remedy, diagnose
from xorgui.core.numbers import significant

from .saturation import output_at
from .test_stuck import xor_221


def saturated(activations, scale, seed):
    """The findings' kinds and the stuck finding of a 2-3-1 net on XOR from large uniform weights
    (±scale), α = 0.5, trained 3,000 epochs."""
    return _saturated(tuple(activations), scale, seed)


@lru_cache(maxsize=None)  # each net is trained once for the tests that read it
def _saturated(activations, scale, seed):
    init = Initialization("uniform", scale=scale, seed=seed)
    t = Trainer(Network([2, 3, 1], list(activations), init.make([2, 3, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=0.5), init)
    t.run_epochs(3000)
    return kinds_and_stuck(t)


def kinds_and_stuck(t):
    findings = diagnose(t)
    return [str(f.kind) for f in findings], next(f for f in findings if f.kind == Kind.STUCK_SAMPLE)


def test_the_plateau_finding_in_full():
    # 2-2-1 seed 7: two samples near 0.5 whose gradients the other two cancel
    kinds, finding = kinds_and_stuck(xor_221(seed=7))
    assert finding.explanation == (
        "These wrong samples have barely improved: over the last 3,000 epochs (half the run) each loss fell by less "
        "than 1%: sample 3 (x = (1, 1), target 0): loss 0.1264 after epoch 3,000, 0.1256 after epoch 6,000; sample 2 "
        "(x = (1, 0), target 1): loss 0.1257 after epoch 3,000, 0.1253 after epoch 6,000. The best-fitted one, sample "
        "1, has a loss of 0.0002787; these make up 99.8% of the mean loss. Sample 3's own gradient (its length over "
        "all weights) is 0.1772, so its share of the mean gradient over the 4 samples is 0.04429, yet the mean "
        "gradient is only 0.0001918: the other samples pull the weights the opposite way and cancel it. In "
        "full-batch training an epoch is one update, the learning rate (2) times the mean gradient: from these "
        "weights it moves them by 0.0003836, where sample 3's share alone would move them by 0.08859. These weights "
        "sit on a plateau of the mean loss, and these numbers cannot tell how the run ends: some runs creep along "
        "such a plateau for tens of thousands of epochs and then fit every sample, others are still on it after "
        "200,000. Train longer to find out, or re-initialize with other random weights (another seed is often "
        "quicker), or add a hidden unit.")
    # the sums check on what is shown: 0.1772 ÷ 4 = 0.0443, 2 × 0.0001918 = 0.0003836 (0.0002 and 0.0004 before,
    # which left 0.000192 and 0.000384 written beside them with other decimals)


def test_a_saturated_net_s_finding_in_full():
    # sigmoid 2-3-1 from ±10, seed 3: the gradients are 1e-4 and smaller, a share of 1e-5 of 4 samples
    kinds, finding = saturated(["sigmoid", "sigmoid"], 10.0, 3)
    assert kinds == ["saturated_output", "stuck_sample"]
    assert finding.explanation == (
        "These wrong samples have barely improved: over the last 1,500 epochs (half the run) each loss fell by less "
        "than 1%: sample 1 (x = (0, 1), target 1): loss 0.49987 after epoch 1,500, 0.49985 after epoch 3,000; "
        "sample 2 (x = (1, 0), target 1): loss 0.4995 after epoch 1,500, 0.4994 after epoch 3,000. The best-fitted "
        "one, sample 0, has a loss of 9.819e−8; these make up 99.99998% of the mean loss. Sample 1's own gradient is "
        "0.0002317 long, so its share of the mean gradient over the 4 samples is 5.793e−5, less than 2.5 times the "
        "mean gradient's 0.0001817: the other samples do not cancel most of it, so they are not what holds it back: "
        "its own pull on the weights is weak, as when the units it passes through sit where their slope is almost 0 "
        "(see the saturation finding). Re-initialize with smaller weights.")


def test_a_sample_whose_gradient_is_exactly_0_is_not_said_to_be_cancelled():
    # sigmoid preset with D0's bias at 800: ŷ = 1 and f′(a) = e^−800/(1 + e^−800)², below the smallest float,
    # is exactly 0, so every gradient is 0; '0 ≥ 2.5 × 0' once sent this to 'the other samples pull the
    # weights the opposite way and cancel it'
    t = output_at(800.0)
    t.run_epochs(3000)
    kinds, finding = kinds_and_stuck(t)
    assert kinds[0] == "saturated_output"
    assert finding.explanation.endswith(
        "Sample 0's own gradient is 0, and so is the mean gradient over the 4 samples: it is wrong, yet its output "
        "delta is 0, because the output unit's slope f'(a) is 0 there (a sigmoid so saturated, |a| above about 745, "
        "that its slope e^−|a|/(1 + e^−|a|)² is smaller than the smallest number the computer's arithmetic holds), "
        "so no gradient flows back from it at all and there is nothing for the other samples to cancel (see the "
        "saturation finding). Re-initialize with smaller weights, or switch to the cross-entropy loss, whose output "
        "delta ŷ − y does not vanish there.")
    assert "cancel it" not in finding.explanation and "moves them by 0" not in finding.explanation
    assert t.network.weights[1][0, 0] == 800.0  # nothing moved it


def test_a_zero_gradient_under_a_relu_output_blames_the_output_unit_and_not_smaller_weights():
    # sigmoid hidden units under a ReLU output that is off for samples 1 and 2: the hidden units are not
    # flat, the output is, and smaller weights would not turn it on
    t = Trainer(Network([2, 3, 1], ["sigmoid", "relu"], Initialization("uniform", seed=1).make([2, 3, 1])),
                Dataset.xor(), TrainingConfig(learning_rate=0.5), Initialization("uniform", seed=1))
    t.run_epochs(3000)
    _, finding = kinds_and_stuck(t)
    assert t.forward().a[-1][1, 0] <= 0.0  # sample 1's output sum: the ReLU is off
    assert finding.explanation.endswith(
        "because the output unit's slope f'(a) is 0 there (a ReLU at or below 0), so no gradient flows back from it "
        "at all and there is nothing for the other samples to cancel. Re-initialize the weights, or choose an "
        "output activation that is not flat there (identity, or leaky ReLU).")


def test_no_pointer_to_a_saturation_finding_that_is_not_there():
    kinds, finding = saturated(["sigmoid", "sigmoid"], 10.0, 0)
    assert kinds == ["stuck_sample"]
    assert "see the saturation" not in finding.explanation
    assert "where their slope is almost 0. Re-initialize with smaller weights." in finding.explanation


SHOWN = re.compile(r"loss (\S+) after epoch [\d,]+, (\S+) after epoch")


def shown(text: str) -> float:
    return float(text.replace("−", "-"))


@pytest.mark.parametrize("activations,scale,seed", [(["sigmoid", "sigmoid"], 10.0, 0),  # fell 1.3e-7
                                                    (["sigmoid", "sigmoid"], 10.0, 5),  # fell 2e-9
                                                    (["tanh", "sigmoid"], 5.0, 0)])  # rose 7.7e-9
def test_the_losses_shown_tell_which_way_each_one_moved(activations, scale, seed):
    # the words say 'fell' or 'rose'; 4 digits showed '0.5 after epoch 1,500, 0.5 after epoch 3,000'
    _, finding = saturated(activations, scale, seed)
    numbers = dict(finding.numbers)
    pairs = SHOWN.findall(finding.explanation)
    assert len(pairs) == len(finding.samples) > 0
    for j, (then, now) in zip(finding.samples, pairs):
        before, after = numbers[f"sample {j} loss 1,500 epochs before"], numbers[f"sample {j} loss"]
        assert np.sign(shown(now) - shown(then)) == np.sign(after - before) != 0
        for text, value in ((then, before), (now, after)):  # each the value rounded to the decimals shown
            assert abs(shown(text) - value) <= 0.5 * 10.0 ** -len(text.partition(".")[2])
    if all(numbers[f"sample {j} loss"] > numbers[f"sample {j} loss 1,500 epochs before"] for j in finding.samples):
        assert "rose" in finding.explanation


def test_shares_of_the_loss_are_never_rounded_to_all_of_it():
    # the other samples' losses are 1e-8 to 1e-7 of the whole: '100.0%' said they were none
    for _, finding in (saturated(["tanh", "sigmoid"], 5.0, 0), saturated(["sigmoid", "sigmoid"], 10.0, 3)):
        assert "100.0%" not in finding.explanation
        assert re.search(r"makes? up 99\.9\d*% of the mean loss", finding.explanation)


def test_identical_hidden_units_are_named_as_why_training_longer_cannot_help():
    # the default session's constant initialization (every weight 1) with sigmoid units: Z1, Z2 and Z3
    # stay identical, so the net learns as a 2-1-1 one, which no number of epochs makes fit XOR
    from xorgui.core.presets import make_preset
    article = make_preset("article")
    t = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], article.init.make([2, 3, 1])), article.data,
                article.config, article.init)
    t.run_epochs(6000)
    kinds, finding = kinds_and_stuck(t)
    assert kinds == ["symmetric", "stuck_sample"]
    # its mean loss still falls (the others are fitted better): it was called a plateau
    then, now = t.history.at(3000), t.history.at(6000)
    assert then - now > 0.01 * then
    assert finding.explanation.endswith(
        f"The samples' mean loss still fell over these epochs, from {significant(then, 4)} to {significant(now, 4)}, "
        "as the others were fitted better, but units Z1, Z2 and Z3 are identical (see that finding): they stay "
        "identical however long it trains, so the network learns as if they were one unit. Re-initialize with "
        "random weights to break the symmetry.")
    assert "Train longer" not in finding.explanation and "add a hidden unit" not in finding.explanation


def test_a_sample_is_described_with_its_inputs_and_targets_as_the_truth_table_writes_them():
    from xorgui.core.stuck import describe_sample
    x, y = np.array([[0.5, 1 / 3], [1, 0]]), np.array([[0, 1], [1, 0]])
    assert describe_sample(x, y, 0) == "sample 0 (x = (0.5, 0.3333), target (0, 1))"  # two outputs: in brackets
    assert describe_sample(x, y[:, :1], 0) == "sample 0 (x = (0.5, 0.3333), target 0)"
    assert describe_sample(x, y, 0, p=2) == "sample 0 (x = (0.5, 0.33), target (0, 1))"


def test_identical_units_in_two_groups_are_each_named_as_why_training_longer_cannot_help():
    from xorgui.core.findings import Finding, Severity
    from xorgui.core.stuck import Stuck, explain
    data = Dataset.xor()
    stuck = [Stuck(3, 0.1201, 0.12, 1.0, 0.001, 500)]

    def symmetric(*units):
        return Finding(Kind.SYMMETRIC, Severity.WARNING, "identical", "", units=units)
    _, one = explain(stuck, data.inputs, data.targets, 1000, np.array([0.01, 0.01, 0.01, 0.12]),
                     beside=(symmetric("Z1", "Z2"),))
    assert one.endswith("These weights sit on a plateau of the mean loss, and units Z1 and Z2 are identical (see "
                        "that finding): they stay identical however long it trains, so the network learns as if "
                        "they were one unit. Re-initialize with random weights to break the symmetry.")
    _, two = explain(stuck, data.inputs, data.targets, 1000, np.array([0.01, 0.01, 0.01, 0.12]),
                     beside=(symmetric("Z1", "Z2"), symmetric("Y1", "Y2", "Y3")))
    assert two.endswith("These weights sit on a plateau of the mean loss, and units Z1 and Z2 are identical, and so "
                        "are Y1, Y2 and Y3 (see those findings): they stay identical however long it trains, so the "
                        "network learns as if each group were one unit. Re-initialize with random weights to break "
                        "the symmetry.")


def _explained(stuck, targets=None, losses=(0.01, 0.01, 0.12, 0.12), output="sigmoid"):
    from xorgui.core.stuck import explain
    data = Dataset.xor()
    return explain(stuck, data.inputs, data.targets if targets is None else np.array(targets, float), 1000,
                   np.array(losses), output=output)


def test_one_or_several_samples_and_which_way_their_losses_went_are_said_as_measured():
    from xorgui.core.stuck import Stuck
    title, text = _explained([Stuck(3, 0.1201, 0.12, 1.0, 0.001, 500)])  # fell 0.08%
    assert title == "Sample 3 barely improved in 500 epochs"
    assert text.startswith("This wrong sample has barely improved: over the last 500 epochs (half the run) its loss "
                           "fell by less than 1%: sample 3 (x = (1, 1), target 0): loss 0.1201 after epoch 500, 0.12 "
                           "after epoch 1,000. The best-fitted one, sample 0, has a loss of 0.01; this one makes up "
                           "46.2% of the mean loss. ")  # 0.12 / 0.26
    title, text = _explained([Stuck(3, 0.11, 0.12, 1.0, 0.001, 500)])
    assert title == "Sample 3 did not improve in 500 epochs"
    assert text.startswith("This wrong sample has not improved: over the last 500 epochs (half the run) its loss rose: ")
    title, text = _explained([Stuck(3, 0.12, 0.12, 1.0, 0.001, 400)])  # 600 epochs: not half of 1,000
    assert text.startswith("This wrong sample has not improved: over the last 600 epochs its loss did not fall: ")
    title, text = _explained([Stuck(3, 0.11, 0.12, 1.0, 0.001, 500), Stuck(2, 0.10, 0.12, 1.0, 0.001, 500)])
    assert title == "Samples 3 and 2 did not improve in 500 epochs"
    assert text.startswith("These wrong samples have not improved: over the last 500 epochs (half the run) each loss "
                           "rose: ")
    assert "these make up 92.3% of the mean loss" in text  # 0.24 / 0.26
    _, text = _explained([Stuck(3, 0.12, 0.12, 1.0, 0.001, 500), Stuck(2, 0.10, 0.12, 1.0, 0.001, 500)])
    assert "(half the run) none of their losses fell: " in text


def test_targets_out_of_the_outputs_reach_are_named_each_with_the_nearest_the_output_comes():
    from xorgui.core.stuck import Stuck
    title, text = _explained([Stuck(1, 1.01, 1.0, 1.0, 0.001, 500), Stuck(2, 1.01, 1.0, 1.0, 0.001, 500)],
                             targets=[[0], [2], [-0.5], [0]], losses=(0.01, 1.0, 1.0, 0.01))
    assert title == "Samples 1 and 2 cannot reach their targets"
    assert text.endswith("The targets of samples 1 and 2 lie outside what the sigmoid output unit can produce (0 to "
                         "1): no weights reach them, the output can at best come to 1 for sample 1 and 0 for sample "
                         "2. Change the targets, or choose an output activation that reaches them (identity reaches "
                         "any value).")
    title, text = _explained([Stuck(1, 0.51, 0.5, 1.0, 0.001, 500)], targets=[[0], [-1], [1], [0]],
                             losses=(0.01, 0.5, 0.01, 0.01), output="relu")
    assert title == "Sample 1 cannot reach its target"
    assert text.endswith("Sample 1's target lies outside what the relu output unit can produce (0 or more): no weights "
                         "reach it, the output can at best come to 0. Change the target, or choose an output "
                         "activation that reaches it (identity reaches any value).")


@pytest.mark.parametrize("output, flat, fix", [
    ("sigmoid", "a sigmoid so saturated, |a| above about 745, that its slope e^−|a|/(1 + e^−|a|)² is smaller than the "
     "smallest number the computer's arithmetic holds", "Re-initialize with smaller weights, or switch to the "
     "cross-entropy loss, whose output delta ŷ − y does not vanish there."),
    ("tanh", "a tanh so saturated, |a| above about 373, that its slope 1/cosh²(a) is smaller than the smallest number "
     "the computer's arithmetic holds", "Re-initialize with smaller weights."),
    ("relu", "a ReLU at or below 0", "Re-initialize the weights, or choose an output activation that is not flat "
     "there (identity, or leaky ReLU)."),
])
def test_a_zero_own_gradient_beside_a_moving_mean_names_the_output_units_slope(output, flat, fix):
    # its own gradient 0, the others' not: the mean is not said to be 0, nothing is said to cancel
    from xorgui.core.stuck import Stuck, explain
    data = Dataset.xor()
    _, text = explain([Stuck(1, 0.5, 0.5, 0.0, 0.02, 500)], data.inputs, data.targets, 1000,
                      np.array([0.01, 0.5, 0.01, 0.01]), output=output)
    assert text.endswith(
        f"Sample 1's own gradient is 0: it is wrong, yet its output delta is 0, because the output unit's slope f'(a) "
        f"is 0 there ({flat}), so no gradient flows back from it at all and there is nothing for the other samples to "
        f"cancel. {fix}")


def test_a_zero_own_gradient_with_several_outputs_names_the_wrong_outputs_slopes():
    from xorgui.core.stuck import Stuck, explain
    x, y = Dataset.xor().inputs, np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    _, text = explain([Stuck(1, 0.5, 0.5, 0.0, 0.0, 500)], x, y, 1000, np.array([0.01, 0.5, 0.01, 0.01]),
                      output="sigmoid")
    assert ("Sample 1's own gradient is 0, and so is the mean gradient over the 4 samples: it is wrong, yet its "
            "output delta is 0, because its wrong outputs' slopes f'(a) are 0 there (a sigmoid so saturated") in text


def test_a_sample_held_by_a_tiny_learning_rate_is_told_to_raise_it_not_to_re_initialize():
    # α = 1e−7 on the deep example: sample 3's gradient, 0.33 long, was called "weak", as if its units
    # were saturated, and new smaller weights advised (α = 0.1 solves it in 2,000 more epochs)
    from xorgui.core.numbers import significant
    from xorgui.core.presets import make_preset

    from .test_plateau import _gradient_length_by_differences

    t = make_preset("deep")
    t.set_config(replace(t.config, learning_rate=1e-7))
    t.run_epochs(2000)
    [f] = [f for f in diagnose(t) if f.kind is Kind.STUCK_SAMPLE]
    mean = dict(f.numbers)["mean gradient length"]
    assert mean == pytest.approx(_gradient_length_by_differences(t), rel=1e-5)
    assert f.explanation.endswith(
        f"Sample 3's own gradient is 0.3301 long and the mean gradient over the 4 samples {significant(mean, 4)}: "
        f"the pull is there, but the learning rate (1e−7) times the mean gradient is only {significant(1e-7 * mean, 4)}, "
        "so the weights barely move. Raise the learning rate.")
    assert "weak" not in f.explanation and f.remedies == ()


def test_a_saturated_sample_with_a_gradient_of_3e_6_is_not_told_to_raise_the_rate():
    # 2-3-1 sigmoid from uniform ±10 at α = 0.5: its own gradient 3.1e−6, the mean 1.8e−6; the rate
    # times the mean is under 1e−6, yet raising the rate is not what such a network needs
    from xorgui.core.stuck import Stuck, explain, held_by_the_rate
    from xorgui.core.stuck_epoch import EpochMove

    data = Dataset.xor()
    stuck = [Stuck(3, 0.25, 0.2499, 3.111e-6, 1.791e-6, 1500)]
    move = EpochMove(4, 4, 0.5, (9e-7,), 9e-7, (0.2499, 0.2499), None)
    assert not held_by_the_rate(stuck, data.targets, "sigmoid", move)
    _, text = explain(stuck, data.inputs, data.targets, 3000, np.array([0.01, 0.01, 0.01, 0.2499]), "sigmoid",
                      "sigmoid", move)
    assert "Raise the learning rate" not in text and "its own pull on the weights is weak" in text
    held = [Stuck(3, 0.25, 0.2499, 0.33, 0.165, 1500)]
    assert held_by_the_rate(held, data.targets, "sigmoid", EpochMove(1, 4, 1e-7, (3e-8,), 3e-8, (0.25, 0.25), None))


def test_held_by_the_rate_at_its_boundaries():
    """Each condition of held_by_the_rate pinned (mutation testing), in explain()'s order."""
    from xorgui.core.stuck import PULL, TINY_STEP, Stuck, held_by_the_rate
    from xorgui.core.stuck_epoch import EpochMove

    targets = Dataset.xor().targets  # sample 1's target is 1: inside a sigmoid's reach, at its edge

    def held(own, mean, rate, sample=1, y=targets, output="sigmoid"):
        return held_by_the_rate([Stuck(sample, 0.25, 0.2499, own, mean, 500)], y, output,
                                EpochMove(4, 4, rate, (rate * mean,), rate * mean, (0.25, 0.25), None))

    assert held(1.0, 0.2, 4e-6)  # α × mean = 8e−7 (α / mean would be 2e−5); an own gradient of exactly 1
    assert held(PULL, 2e-4, 1e-3)  # an own gradient of exactly PULL is a pull
    assert not held(PULL / 2, 2e-4, 1e-3)  # under it: saturation's weak pull, not the rate
    assert 4e-6 * 0.25 == TINY_STEP and not held(1.0, 0.25, 4e-6)  # α × mean exactly TINY_STEP: not tiny
    assert not held(0.0, 0.0, 1e-7)  # no gradient at all: the flat-output branch
    mean = 1.0 / 4 / 2.5
    assert 1.0 / 4 == 2.5 * mean and not held(1.0, mean, 1e-6)  # exactly CANCEL_RATIO: cancelled
    beyond = targets.copy()
    beyond[1] = 2.0
    assert not held(1.0, 0.2, 4e-6, y=beyond)  # a target out of reach comes first
    assert held(1.0, 0.2, 4e-6, y=beyond, output="identity")  # identity reaches it


def test_the_stuck_card_that_says_raise_the_rate_has_its_button_unless_a_card_beside_it_does():
    """"Raise the learning rate." had no button; beside "The learning rate is too small", which has
    one, it gets none (one button for one remedy)."""
    from dataclasses import replace

    from xorgui.core.diagnostics import Kind, Remedy, diagnose
    from xorgui.core.presets import make_preset

    alone = make_preset("deep")  # a penalty, however small, keeps the rate card away
    alone.set_config(replace(alone.config, learning_rate=1e-7, regularization="l2", regularization_rate=1e-6))
    alone.run_epochs(300)
    [card] = diagnose(alone)
    assert card.kind is Kind.STUCK_SAMPLE and card.explanation.endswith("Raise the learning rate.")
    assert card.remedies == (Remedy.RAISE_RATE,)
    beside = make_preset("deep")
    beside.set_config(replace(beside.config, learning_rate=1e-7))
    beside.run_epochs(300)
    found = {f.kind: f.remedies for f in diagnose(beside)}
    assert found == {Kind.PLATEAU: (Remedy.RAISE_RATE,), Kind.STUCK_SAMPLE: ()}


@pytest.mark.parametrize("name, edge", [("sigmoid", 745.13), ("tanh", 372.57)])
def test_the_slopes_are_exactly_0_only_beyond_the_edges_the_finding_names(name, edge):
    from xorgui.core.activations import get_activation
    act = get_activation(name)
    a = np.array([edge - 0.01, edge + 0.01, -edge - 0.01])
    slope = act.derivative(a, act.function(a))
    assert slope[0] > 0.0 and slope[1] == 0.0 and slope[2] == 0.0


def test_a_strong_pull_in_long_updates_that_undo_each_other_is_told_to_lower_the_rate_not_called_weak():
    # the tanh example online at α = 20: each update 40 long, the epoch back where it began, sample 1's
    # loss where it was; its gradient, 2 long, was called "weak" and new smaller weights advised
    from xorgui.core.diagnostics import diagnose
    from xorgui.core.presets import make_preset
    from xorgui.core.stuck_epoch import epoch_move

    t = make_preset("tanh")
    t.set_config(replace(t.config, learning_rate=20.0, batch_size=1))
    t.run_epochs(300)
    [f] = [f for f in diagnose(t) if f.kind.value == "stuck_sample"]
    move = epoch_move(t.network, t.loss, t.config, t.data.inputs, t.data.targets, t.epoch, 1)
    assert max(move.updates) == pytest.approx(40) and move.net < 1e-9
    assert f.explanation.endswith(
        "Sample 1's own gradient is 2 long: the pull is there, and the steps are not small: an epoch from these "
        "weights takes 4 updates, up to 40 long, ends 4.093e−10 from where it began and leaves its loss at 25.9986 "
        "(between 3.528e−24 and 25.9986 on the way). Updates this long, the learning rate (20) times the gradient, "
        "jump past the weights that would fit it. Lower the learning rate.")
    assert "weak" not in f.explanation and Remedy.RANDOMIZE not in f.remedies


def test_a_gradient_too_small_to_square_still_has_a_length_and_is_not_called_none():
    # an output's bias at 400: δ = 1.6e−174, whose square is below the smallest double; the length was
    # 0 and the card said the slope was 0 "above about 745"
    from xorgui.core.network import gradient_length

    assert gradient_length([np.array([[1.6e-174, 0.0]]), np.array([[-1.2e-174]])]) == pytest.approx(2e-174)
    assert gradient_length([np.array([[3.0, 4.0]])]) == 5.0 and gradient_length([np.zeros((2, 3))]) == 0.0
    t = output_at(400.0)
    t.run_epochs(3000)
    texts = [f.explanation for f in diagnose(t) if f.kind is Kind.STUCK_SAMPLE]
    assert texts and not any("above about 745" in text for text in texts)

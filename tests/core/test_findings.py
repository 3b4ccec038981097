"""Every kind of finding: the state that produces it, its remedies, and the numbers it quotes."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core import diagnostics
from xorgui.core.diagnostics import (
    REMEDY_LABELS, RATE_DIVISOR, Kind, Remedy, Severity, diagnose, lowered_rate,
)
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset

from .saturation import output_at


def _xor(activations, weights):
    layers = [2, len(weights[0]), 1]
    return Trainer(Network(layers, activations, [np.asarray(w, dtype=float) for w in weights]), Dataset.xor())


def _rate(trainer, rate):
    trainer.set_config(replace(trainer.config, learning_rate=rate))
    return trainer


def _diverged():
    t = _rate(make_preset("seed"), 0.5)
    t.run_epochs(2)  # 23.5 → 1.78e3 → 3.35e9
    return t


def _non_finite():
    t = _rate(make_preset("seed"), 0.5)
    t.run_epochs(8)
    return t


def _saturated_output():
    """The learning sigmoid network thrown off by α = 1000: every output is 1."""
    t = _rate(make_preset("sigmoid"), 1000.0)
    t.run_epochs(20)
    return t


def _linear_hidden():
    t = make_preset("sigmoid")
    return Trainer(Network(t.network.layers, ["identity", "sigmoid"], t.network.weights), t.data, t.config)


def _dead_relu():
    return _xor(["relu", "identity"], [[[-1, -1, -1], [-2, -1, -2], [-3, -2, -1]], [[0.1, 0.2, 0.3, 0.4]]])


def _saturated():
    return _xor(["sigmoid", "sigmoid"], [[[10, 1, 2], [11, 2, 1], [12, 1, 1]], [[0.1, 0.2, 0.3, 0.4]]])


def _plateau():
    t = _xor(["sigmoid", "sigmoid"], [[[0.1, 0.2, -0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.9]],
                                      [[0.1, -0.2, 0.3, -0.4]]])
    return Trainer(t.network, t.data, t.config, epoch=diagnostics.PLATEAU_EPOCHS,
                   history=[0.25] * diagnostics.PLATEAU_EPOCHS)


def _stuck_sample():
    """2-2-1 sigmoid from uniform seed 7 at α = 2 settles with two samples predicted about 0.5
    (stuck by epoch 6000: their losses fell by less than 1% over the second half of the run)."""
    from xorgui.core import Initialization
    init = Initialization("uniform", seed=7)
    t = Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=2.0), init)
    t.run_epochs(6000)
    return t


def _swinging():
    from dataclasses import replace

    t = make_preset("tanh")  # cross-entropy at α = 50: between 4.92 and 45.08, every other epoch
    t.set_config(replace(t.config, learning_rate=50.0))
    t.run_epochs(200)
    return t


STATES = {
    Kind.UNSTABLE: _swinging,
    Kind.LINEAR: lambda: make_preset("seed"),
    Kind.LINEAR_HIDDEN: _linear_hidden,
    Kind.SYMMETRIC: lambda: make_preset("symmetric"),
    Kind.DIVERGED: _diverged,
    Kind.NON_FINITE: _non_finite,
    Kind.SATURATED_OUTPUT: _saturated_output,
    Kind.DEAD_RELU: _dead_relu,
    Kind.SATURATED: _saturated,
    Kind.PLATEAU: _plateau,
    Kind.STUCK_SAMPLE: _stuck_sample,
    Kind.NO_HIDDEN: lambda: Trainer(Network([2, 1], ["sigmoid"], [np.array([[0.1, 0.2, -0.3]])]), Dataset.xor()),
    Kind.ONE_UNIT: lambda: Trainer(Network([2, 1, 1], ["tanh", "sigmoid"], [np.array([[0.1, 0.2, -0.3]]),
                                                                           np.array([[0.4, 0.5]])]), Dataset.xor()),
    Kind.UNREACHABLE_TARGET: lambda: Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], make_preset("sigmoid").network.weights),
                                             Dataset(Dataset.xor().inputs, np.array([[0.0], [1.0], [1.0], [2.0]]))),
}


def test_the_states_cover_every_kind():
    assert set(STATES) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_state_produces_its_finding_with_labelled_remedies(kind):
    found = {f.kind: f for f in diagnose(STATES[kind]())}
    assert kind in found, list(found)
    f = found[kind]
    assert f.remedies and all(isinstance(r, Remedy) for r in f.remedies)
    assert all(REMEDY_LABELS[r] for r in f.remedies)
    assert isinstance(f.severity, Severity) and f.title and f.explanation


def test_remedy_ids_are_stable():
    assert {r.value for r in Remedy} == {"sigmoid_hidden", "leaky_relu", "randomize", "xavier",
                                         "lower_rate", "raise_rate", "undo", "cross_entropy", "identity_output",
                                         "add_hidden", "add_unit", "lower_penalty"}


def test_saturated_output_at_alpha_1000():
    t = _saturated_output()
    assert np.array_equal(t.forward().output.ravel(), [1.0, 1.0, 1.0, 1.0])
    f = next(f for f in diagnose(t) if f.kind == Kind.SATURATED_OUTPUT)
    assert f.units == ("D0",)
    assert dict(f.numbers)["loss"] == pytest.approx(0.25)
    assert f.remedies[:2] == (Remedy.CROSS_ENTROPY, Remedy.LOWER_RATE)
    assert "predictions 1, 1, 1, 1" in f.explanation and "mean of ½(ŷ − y)²: 0.25" in f.explanation
    assert "α is now 1000" in f.explanation


@pytest.mark.parametrize("precision, shown, loss", [(4, "0.9999", "0.2499"), (6, "0.999877", "0.249938")])
def test_the_saturated_outputs_numbers_read_as_the_truth_table_and_the_loss_show_them(precision, shown, loss):
    # every output sums to 9 whatever the sample: ŷ = σ(9) = 0.99987661 (1 at three decimals), and
    # the mean of ½(ŷ − y)² over the targets 0, 1, 1, 0 is (ŷ² + (1 − ŷ)²)/4 = 0.24993831
    t = output_at(9.0)
    f = next(f for f in diagnose(t, precision=precision) if f.kind == Kind.SATURATED_OUTPUT)
    assert f"predictions {', '.join([shown] * 4)};" in f.explanation
    assert f"mean of ½(ŷ − y)²: {loss})" in f.explanation
    assert fmt(t.current_loss(), precision) == loss


def test_saturated_output_remedies_do_what_the_text_says():
    # "a smaller learning rate alone does not get it out" ...
    t = _rate(_saturated_output(), 1.0)
    t.run_epochs(5000)
    assert t.current_loss() == pytest.approx(0.25)
    # ... "switch to cross-entropy and lower the learning rate"
    t = _saturated_output()
    t.set_config(replace(t.config, loss="cross_entropy", learning_rate=1.0))
    t.run_epochs(5000)
    assert np.all(np.abs(t.forward().output.ravel() - [0, 1, 1, 0]) < 0.1)


def test_no_saturated_output_card_under_cross_entropy():
    t = _saturated_output()
    t.set_config(replace(t.config, loss="cross_entropy"))
    assert Kind.SATURATED_OUTPUT not in [f.kind for f in diagnose(t)]


def test_linear_hidden_under_a_sigmoid_output_is_logistic_regression():
    f = next(f for f in diagnose(_linear_hidden()) if f.kind == Kind.LINEAR_HIDDEN)
    assert "logistic regression" in f.explanation and "3 of the 4" in f.explanation
    assert f.remedies == (Remedy.SIGMOID_HIDDEN,)
    # and it really cannot fit XOR: trained long, it gets at most 3 of 4 right
    t = _linear_hidden()
    t.run_epochs(5000)
    right = np.abs(t.forward().output.ravel() - t.data.targets.ravel()) < 0.5
    assert right.sum() <= 3 and t.current_loss() > 0.1
    assert Kind.LINEAR not in [f.kind for f in diagnose(t)]  # not "the network is linear"


def test_linear_finding_names_the_loss_it_quotes():
    f = next(f for f in diagnose(make_preset("seed")) if f.kind == Kind.LINEAR)
    assert "mean of ½(ŷ − y)² is 0.125" in f.explanation
    assert "squared loss 0.125" not in f.explanation  # reads as MSE, which is 0.25 here
    t = make_preset("seed")
    t.run_epochs(3000)  # the best linear fit, reached
    assert t.current_loss() == pytest.approx(dict(f.numbers)["best mean loss"], abs=1e-9)
    assert np.allclose(t.forward().output.ravel(), 0.5)


def test_lower_rate_text_and_button_agree():
    assert REMEDY_LABELS[Remedy.LOWER_RATE] == f"Lower the learning rate ÷{RATE_DIVISOR}"
    assert lowered_rate(10.0) == 10.0 / RATE_DIVISOR
    for kind in (Kind.DIVERGED, Kind.NON_FINITE):
        f = next(f for f in diagnose(STATES[kind]()) if f.kind == kind)
        assert f"divides it by {RATE_DIVISOR}" in f.explanation
        assert "halve" not in f.explanation


def test_dead_relu_text_lowering_alpha_does_not_revive():
    f = next(f for f in diagnose(_dead_relu()) if f.kind == Kind.DEAD_RELU)
    assert "does not revive" in f.explanation
    # and it is true: a smaller rate leaves the dead units' incoming weights exactly as they are
    t = _rate(_dead_relu(), 0.001)
    before = t.network.weights[0].copy()
    t.run_epochs(100)
    assert np.array_equal(t.network.weights[0], before)
    # while leaky ReLU lets a gradient through
    t = _dead_relu()
    t.set_network(Network(t.network.layers, ["leaky_relu", "identity"], t.network.weights))
    t.run_epochs(1)
    assert not np.array_equal(t.network.weights[0], before)


def test_all_nan_weights_give_one_card_not_identical_units():
    t = make_preset("sigmoid")
    for w in t.network.weights:
        w[...] = np.nan  # as a diverged run leaves them (bypassing validation)
    kinds = [f.kind for f in diagnose(t)]
    assert kinds == [Kind.NON_FINITE]


def test_diverged_names_the_epoch_the_rule_fired():
    f = next(f for f in diagnose(_diverged()) if f.kind == Kind.DIVERGED)
    assert f.title == "Training diverged at epoch 2"
    numbers = dict(f.numbers)
    assert numbers["epoch"] == 2 and numbers["loss"] > 1000 * numbers["best loss"]
    assert f.remedies == (Remedy.UNDO, Remedy.LOWER_RATE)


@pytest.mark.parametrize("precision, shown", [(2, "3.4e9"), (6, "3.35223e9")])
def test_the_diverged_loss_reads_with_the_windows_decimals(precision, shown):
    f = next(f for f in diagnose(_diverged(), precision=precision) if f.kind == Kind.DIVERGED)
    loss = dict(f.numbers)["loss"]
    assert fmt(loss, precision) == shown  # 3,352,234,046.6 as the loss read-out writes it
    assert f"the mean loss reached {shown}, more than 1000 times its lowest value before, 23.5:" in f.explanation


# -- pins found by mutation testing: each fails on a plausible wrong implementation ---------------
from xorgui.core.divergence import Divergence  # noqa: E402


def _kinds(trainer, divergence=None):
    return [f.kind for f in diagnose(trainer, divergence)]


def test_a_run_reported_divergence_is_named_by_its_epoch():
    t = _rate(make_preset("seed"), 1000.0)
    t.run_epochs(1)  # 23.5 → 1.1e17: the history shows it from its starting loss (epoch 0) on
    assert Kind.DIVERGED in _kinds(t)
    t.history.start = None  # without it (an older file) one entry cannot show it
    assert Kind.DIVERGED not in _kinds(t)
    d = Divergence(1, t.history.last(), 23.5)
    f = diagnose(t, d)[0]
    assert f.kind == Kind.DIVERGED and f.title == "Training diverged at epoch 1"
    assert "more than 1000 times its lowest value before, 23.5" in f.explanation
    # once the loss is back under the threshold (undo), the old divergence says nothing
    assert Kind.DIVERGED not in _kinds(make_preset("seed"), d)


def test_non_finite_names_the_first_epoch_of_the_divergence_and_the_rate():
    t = _non_finite()  # 23.5 → 1.78e3 → 3.35e9 (epoch 2: the rule fires) → … → NaN
    f = diagnose(t, Divergence(6, float("nan"), 23.5))[0]  # a watch started at epoch 5 fired at 6
    # the divergence began at epoch 2, where the loss was still finite: the overflow came later
    assert f.kind == Kind.NON_FINITE and f.explanation == (
        "Training diverged at epoch 2, and by now the loss, outputs or weights have overflowed to infinity or become "
        "NaN, usually because the learning rate (α = 0.5) is far too large. Nothing more can be learned from here. "
        "Undo to before the divergence and lower the learning rate (the button divides it by 10); lowering the rate "
        "alone does not bring the weights back.")
    assert "(α = 0.5)" in f.explanation and dict(f.numbers) == {"learning rate": 0.5}
    # the history cannot say (nothing recorded): the epoch given names it, or none
    fresh = make_preset("seed")
    for w in fresh.network.weights:
        w[...] = np.nan
    assert diagnose(fresh, Divergence(6, float("nan"), 23.5))[0].explanation.startswith("Training diverged at epoch 6, and")
    # nothing in the history says training did it (a session loaded so, say): it is not said to have diverged
    nan = diagnose(fresh)[0]
    assert (nan.kind, nan.severity, nan.title) == (Kind.NON_FINITE, Severity.ERROR, "The loss is not a finite number")
    # nor is there a divergence to undo to: new weights, and a lower rate if it is that large
    assert nan.explanation == (
        "The loss, outputs or weights are infinite or NaN, and the loss history does not show how; in training, a "
        "learning rate far too large throws weights there (this session's is α = 0.1). Nothing more can be learned "
        "from these weights: undo, reset or randomize them before training again, and lower the learning rate if it "
        "is that large.")
    assert nan.remedies == (Remedy.RANDOMIZE, Remedy.LOWER_RATE)


def test_an_overflowing_loss_with_finite_weights_is_not_finite():
    t = make_preset("seed")
    t.network.set_weights([np.full((3, 3), 1e200), np.full((1, 4), 1e200)])
    assert _kinds(t)[0] == Kind.NON_FINITE


def test_no_hidden_layer_is_not_linear_hidden_layers():
    t = Trainer(Network([2, 1], ["sigmoid"], [np.array([[0.1, 0.2, 0.3]])]), Dataset.xor())
    assert Kind.LINEAR_HIDDEN not in _kinds(t)


def test_linear_hidden_needs_every_hidden_layer_linear_and_names_the_output():
    w = [np.array([[0.1, 0.2, -0.3], [0.3, -0.1, 0.2]]), np.array([[0.1, 0.5, -0.4], [-0.2, 0.3, 0.6]]),
         np.array([[0.05, 0.7, -0.6]])]
    mixed = Trainer(Network([2, 2, 2, 1], ["identity", "sigmoid", "sigmoid"], w), Dataset.xor())
    assert Kind.LINEAR_HIDDEN not in _kinds(mixed)
    deep = Trainer(Network([2, 2, 2, 1], ["identity", "identity", "sigmoid"], w), Dataset.xor())
    f = next(f for f in diagnose(deep) if f.kind == Kind.LINEAR_HIDDEN)
    assert "computes sigmoid(one linear function" in f.explanation and "logistic regression" in f.explanation
    tanh = Trainer(Network([2, 2, 1], ["identity", "tanh"], w[:1] + w[2:]), Dataset.xor())
    f = next(f for f in diagnose(tanh) if f.kind == Kind.LINEAR_HIDDEN)
    assert "computes tanh(one linear function" in f.explanation and "logistic" not in f.explanation


def test_dead_relu_boundaries():
    # a weighted sum of exactly 0 for every sample is dead (f'(0) = 0); a small positive one is alive
    zero = _xor(["relu", "identity"], [[[0, 0, 0], [0.5, 0, 0], [0.2, 0.1, 0.1]], [[0.1, 0.2, 0.3, 0.4]]])
    f = next(f for f in diagnose(zero) if f.kind == Kind.DEAD_RELU)
    assert f.units == ("Z1",)


def test_a_sigmoid_at_0_7_is_not_saturated():
    # z ≈ 0.7 for every sample: |2z − 1| = 0.4, far from the flat ends
    t = _xor(["sigmoid", "sigmoid"], [[[0.85, 0, 0]] * 3, [[0.1, 0.2, 0.3, 0.4]]])
    assert Kind.SATURATED not in _kinds(t)


def test_a_unit_on_a_flat_end_for_some_samples_only_is_not_saturated():
    # Z1: tanh(10) for every sample; Z2: tanh(10) for sample 0 only, tanh(0) for samples 1 and 2;
    # Z3: tanh(0) for sample 0, tanh(10) for the others
    t = _xor(["tanh", "sigmoid"], [[[10, 0, 0], [10, -10, -10], [0, 10, 10]], [[0.1, 0.2, 0.3, 0.4]]])
    f = next(f for f in diagnose(t) if f.kind == Kind.SATURATED)
    assert f.units == ("Z1",)


def test_symmetric_text_names_the_layer():
    f = next(f for f in diagnose(make_preset("symmetric")) if f.kind == Kind.SYMMETRIC)
    assert f.explanation.startswith("In the hidden layer, Z1, Z2 and Z3 have the same")


def test_linear_hidden_names_the_output_activation_in_words():
    w = [np.array([[0.1, 0.2, -0.3], [0.3, -0.1, 0.2]]), np.array([[0.05, 0.7, -0.6]])]
    leaky = Trainer(Network([2, 2, 1], ["identity", "leaky_relu"], w), Dataset.xor())
    f = next(f for f in diagnose(leaky) if f.kind == Kind.LINEAR_HIDDEN)
    assert "computes leaky ReLU(one linear function" in f.explanation and "leaky_relu" not in f.explanation


def test_the_why_tab_groups_thousands_of_samples_as_the_window_does():
    # the Why? tab's empty text counts samples as every other count in the window: 1,500 of 2,000
    from xorgui.core.findings import no_findings_text
    correct = np.array([True] * 500 + [False] * 1500)
    assert "1,500 of 2,000 training samples are wrong" in no_findings_text(correct, 0)
    assert "1,500 of 2,000 training samples are wrong" in no_findings_text(correct, 7)
    assert "1,500 of 2,000 training samples are wrong" in no_findings_text(correct, 7, "cli")


def test_the_why_tab_counts_one_wrong_sample_of_several_in_the_plural():
    # "1 of 4 training sample is wrong" read wrong: the noun after "of 4" is plural, the verb agrees with 1
    from xorgui.core.findings import no_findings_text
    one = np.array([True, True, False, True])
    for text in (no_findings_text(one, 0), no_findings_text(one, 7), no_findings_text(one, 7, "cli")):
        assert "1 of 4 training samples is wrong" in text
    assert "3 of 4 training samples are wrong" in no_findings_text(np.array([True, False, False, False]), 7)
    assert "1 of 1 training sample is wrong" in no_findings_text(np.array([False]), 7)


@pytest.mark.parametrize("precision, best", [(2, "0.03"), (4, "0.0312"), (8, "0.03125")])
def test_the_best_linear_loss_reads_as_the_loss_read_out_of_a_converged_run_shows_it(precision, best):
    # AND's least-squares plane predicts −0.25, 0.25, 0.25, 0.75: the mean of ½(ŷ − y)² is 1/32.
    # At four decimals the card said 0.0312 beside a read-out of 0.03 at two, 0.03125 at eight
    and_data = Dataset(Dataset.xor().inputs, np.array([[0.0], [0.0], [0.0], [1.0]]))
    t = Trainer(Network([2, 2, 1], ["identity", "identity"], Initialization("xavier", seed=1).make([2, 2, 1])),
                and_data)
    [f] = [f for f in diagnose(t, precision=precision) if f.kind == Kind.LINEAR]
    assert dict(f.numbers)["best mean loss"] == pytest.approx(1 / 32)
    assert f"reaches a mean of ½(ŷ − y)² of {best}; no weights" in f.explanation


@pytest.mark.parametrize("precision, target", [(2, "−1.13"), (8, "−1.13243379")])
def test_a_target_out_of_reach_reads_as_the_truth_table_shows_it(precision, target):
    x = np.array([[0.0], [1.0]])
    y = np.array([[0.5], [-1.13243379]])  # below a sigmoid's 0
    t = Trainer(Network([1, 2, 1], ["sigmoid", "sigmoid"], Initialization("uniform", seed=1).make([1, 2, 1])),
                Dataset(x, y))
    [f] = [f for f in diagnose(t, precision=precision) if f.kind == Kind.UNREACHABLE_TARGET]
    assert fmt(-1.13243379, precision) == target
    assert f"(the first: sample 1, target {target})" in f.explanation


def test_a_network_whose_outputs_are_not_stuck_is_diagnosed_without_a_backward_pass(monkeypatch):
    # whether the rate threw a stuck output there costs a backward pass over every sample (2 ms a
    # publish on 10,000 samples): asked only when an output is stuck, as the saturation card needs it
    lengths = []
    real = diagnostics.mean_gradient_length
    monkeypatch.setattr(diagnostics, "mean_gradient_length", lambda *a: lengths.append(1) or real(*a))
    t = make_preset("sigmoid")
    t.run_epochs(10)
    assert not [f for f in diagnose(t) if f.kind == Kind.SATURATED_OUTPUT] and lengths == []
    t = _saturated_output()
    t.run_epochs(1)  # trained: "no update yet" answers nothing, the gradient must
    assert [f for f in diagnose(t) if f.kind == Kind.SATURATED_OUTPUT] and len(lengths) == 1

"""diagnostics.diagnose: structured findings on constructed and trained networks."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.accuracy import right_samples
from xorgui.core.diagnostics import Finding, Remedy, diagnose, identical_unit_groups
from xorgui.core.presets import make_preset


def type_weights(trainer, weights):
    """Enter every weight as a user would, one value at a time (Trainer.set_weight)."""
    for l, w in enumerate(weights):
        for (j, i), value in np.ndenumerate(np.asarray(w, dtype=float)):
            trainer.set_weight(l, j, i, float(value))

def codes(trainer):
    return [f.kind for f in diagnose(trainer)]


def test_seed_is_linear_and_symmetric():
    findings = diagnose(make_preset("seed"))
    assert sorted(f.kind for f in findings) == ["linear", "symmetric"]
    linear = next(f for f in findings if f.kind == "linear")
    assert "0.5" in linear.explanation  # the best a linear model can do on XOR
    sym = next(f for f in findings if f.kind == "symmetric")
    assert sym.units == ("Z1", "Z2", "Z3")
    assert all(isinstance(f, Finding) and f.title and f.explanation for f in findings)
    assert all(f.severity in ("info", "warning", "error") for f in findings)


def test_all_ones_sigmoid_is_symmetric_but_not_linear():
    c = codes(make_preset("symmetric"))
    assert "symmetric" in c
    assert "linear" not in c


def test_symmetry_never_breaks():
    t = make_preset("symmetric")
    t.run_epochs(2000)
    w_in, w_out = t.network.weights
    # the three hidden units still have identical incoming and outgoing weights, bit for bit
    assert np.array_equal(w_in[0], w_in[1]) and np.array_equal(w_in[0], w_in[2])
    assert w_out[0, 1] == w_out[0, 2] == w_out[0, 3]
    # ... although the weights did move a long way from 1
    assert np.abs(w_in - 1.0).max() > 1.0
    assert identical_unit_groups(t) == [(1, [0, 1, 2])]
    assert "symmetric" in codes(t)
    # and so it cannot fit XOR as well as a random start does
    assert t.current_loss() > 0.01


def test_symmetry_also_survives_online_and_minibatch_training():
    for batch in (1, 2):
        t = make_preset("symmetric")
        t.set_config(TrainingConfig(learning_rate=0.5, batch_size=batch))
        t.run_epochs(300)
        assert identical_unit_groups(t) == [(1, [0, 1, 2])]


def test_random_sigmoid_learns_xor_and_is_healthy():
    t = make_preset("sigmoid")
    assert codes(t) == []
    for _ in range(5):
        t.run_epochs(1000)
        if t.current_loss() < 0.01:
            break
    assert t.epoch <= 5000
    assert t.current_loss() < 0.01
    out = t.forward().output.ravel()
    assert np.all(np.abs(out - np.array([0, 1, 1, 0])) < 0.2)
    assert [f for f in diagnose(t) if f.severity in ("error", "warning")] == []


def test_huge_learning_rate_diverges_without_exception():
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=1000.0))
    t.run_epochs(100)  # must not raise, even when the numbers overflow
    findings = diagnose(t)
    assert findings[0].kind in ("diverged", "non_finite")
    assert findings[0].severity == "error"
    # the same through sample steps
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=1000.0, batch_size=1))
    for _ in range(400):
        t.step_sample()
    assert codes(t)[0] in ("diverged", "non_finite")


def test_a_divergence_after_one_update_is_explained_without_a_trend_it_has_not_shown():
    """One full-batch update at α = 5 takes the article's network from 23.5 to 62,475,125: there is
    no 'last' update to compare with (it said 'each update overshoots by more than the last', and
    then 'the steps from there are larger still', which a swinging tanh run at α = 1000 belies)."""
    t = make_preset("seed")
    t.set_config(replace(t.config, learning_rate=5))
    t.run_epochs(1)
    [f] = [f for f in diagnose(t) if f.kind == "diverged"]
    assert f.explanation == (
        "At epoch 1 the mean loss reached 62475125.2188, more than 1000 times its lowest value before, 23.5: the "
        "learning rate is too large for this network, and its updates stepped past the minimum to where the loss is "
        "larger. Undo to before the divergence and lower the learning rate (the button divides it by 10); lowering "
        "the rate alone does not bring the weights back.")


def test_hand_set_huge_weights_are_not_a_divergence():
    # nothing was trained: an edit that makes the loss large is not "training diverged"
    t = make_preset("seed")
    type_weights(t, [np.full((3, 3), 1e4), np.full((1, 4), 1e4)])
    assert "diverged" not in codes(t) and "non_finite" not in codes(t)


def test_non_finite_weights():
    t = make_preset("seed")
    t.network.weights[1][0, 0] = np.nan  # bypassing validation, as a diverged run does
    assert codes(t)[0] == "non_finite"
    t = make_preset("sigmoid")
    t.network.weights[0][0, 0] = np.inf
    assert codes(t)[0] == "non_finite"


def test_dead_relu_detected():
    w_in = np.array([[-10.0, 0.5, 0.5],   # Z1: a ≤ −9 for every XOR sample: dead
                     [0.1, 1.0, -1.0],    # Z2: alive
                     [-5.0, -1.0, -2.0]])  # Z3: dead
    w_out = np.array([[0.0, 1.0, -1.0, 0.5]])
    t = Trainer(Network([2, 3, 1], ["relu", "sigmoid"], [w_in, w_out]), Dataset.xor(),
                TrainingConfig(learning_rate=0.5))
    dead = [f for f in diagnose(t) if f.kind == "dead_relu"]
    assert len(dead) == 1 and dead[0].units == ("Z1", "Z3")
    # a dead unit's incoming weights never change
    t.run_epochs(50)
    assert np.array_equal(t.network.weights[0][[0, 2]], w_in[[0, 2]])
    # leaky ReLU is never reported dead
    t = Trainer(Network([2, 3, 1], ["leaky_relu", "sigmoid"], [w_in, w_out]), Dataset.xor())
    assert "dead_relu" not in codes(t)


def test_dead_relus_in_a_network_that_gets_every_sample_right_are_information_not_a_warning():
    # He seed 0 of 2-4-1 ReLU solves XOR with Z4 dead: it was told, as a warning, to re-initialize
    init = Initialization("he", seed=0)
    t = Trainer(Network([2, 4, 1], ["relu", "sigmoid"], init.make([2, 4, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=0.5), init)
    t.run_epochs(137)  # every output on the right side of 0.5, if barely (0.47, 0.502, 0.534, 0.487)
    assert right_samples(t.forward().output, t.data.targets, 4).all() and t.current_loss() > 0.1
    assert [(f.kind, f.severity) for f in diagnose(t) if f.kind == "dead_relu"] == [("dead_relu", "info")]
    t.run_epochs(2000 - 137)
    [dead] = diagnose(t)
    columns = [int(name.removeprefix("Z")) - 1 for name in dead.units]  # Z2, Z4: columns 1 and 3 of the sums
    assert dead.units == ("Z2", "Z4") and np.all(t.forward().a[0][:, columns] <= 0)
    assert (dead.kind, dead.severity, dead.title) == ("dead_relu", "info", "Dead ReLU units: Z2, Z4")
    assert dead.explanation == (
        "These units have a weighted sum of at most 0 for every sample, so they output 0 and no gradient from the "
        "data reaches their incoming weights. The network gets every sample right without them: they take no part "
        "in its predictions. To see them take part, re-initialize or use leaky ReLU, and train again.")
    # one sample wrong: the same units are a warning again, with what they cost
    t.set_weight(1, 0, 0, -50.0)
    assert not right_samples(t.forward().output, t.data.targets, 4).all()
    [warning] = [f for f in diagnose(t) if f.kind == "dead_relu"]
    assert warning.severity == "warning" and "they never recover" in warning.explanation


def test_a_dead_relu_output_is_named_and_the_plateau_does_not_say_train_longer():
    """A ReLU output whose sum is ≤ 0 for every sample predicts 0 and passes no gradient back: the
    card said only 'train longer', beside a loss that never moves."""
    w_in = np.array([[0.5, 1.0, 1.0], [0.5, -1.0, 1.0]])
    w_out = np.array([[-2.0, 0.5, 0.5]])  # a_D0 ≤ −2 + 0.5·1.5·2 < 0 for every sample: dead
    t = Trainer(Network([2, 2, 1], ["tanh", "relu"], [w_in, w_out]), Dataset.xor(), TrainingConfig(learning_rate=0.5))
    assert np.all(t.forward().a[1] < 0)
    t.run_epochs(300)
    assert np.array_equal(t.network.weights[1], w_out)  # nothing moved
    [dead] = [f for f in diagnose(t) if f.kind == "dead_relu"]
    assert (dead.severity, dead.title, dead.units) == ("warning", "Dead ReLU unit: D0", ("D0",))
    assert dead.explanation == (
        "This unit has a weighted sum of at most 0 for every sample, so it outputs 0 and its derivative is 0: no "
        "gradient from the data reaches its incoming weights and it never recovers. A smaller learning rate can keep "
        "units from dying, but it does not revive it: re-initialize, or choose another output activation (leaky "
        "ReLU's small slope below 0 lets a gradient through).")
    assert dead.remedies == (Remedy.RANDOMIZE,)  # the leaky ReLU button changes the hidden units only
    [plateau] = [f for f in diagnose(t) if f.kind == "plateau"]
    assert "train longer," not in plateau.explanation and "α·0 = 0 in all: training longer or a larger learning rate cannot move them" in plateau.explanation


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_saturated_units_detected(act):
    w_in = np.array([[20.0, 1.0, 1.0],    # Z1: a ≥ 20 for every sample: saturated
                     [0.1, 1.0, -1.0],    # Z2: fine
                     [-30.0, 2.0, 2.0]])  # Z3: a ≤ −26: saturated
    w_out = np.array([[0.0, 1.0, -1.0, 0.5]])
    t = Trainer(Network([2, 3, 1], [act, "sigmoid"], [w_in, w_out]), Dataset.xor())
    sat = [f for f in diagnose(t) if f.kind == "saturated"]
    assert len(sat) == 1 and sat[0].units == ("Z1", "Z3")
    assert sat[0].title == "Saturated units: Z1, Z3" and sat[0].explanation.startswith(f"These {act} units sit on")
    t.set_weight(0, 2, 0, 0.0)  # Z3 back on the slope: one unit left, in the singular
    [one] = [f for f in diagnose(t) if f.kind == "saturated"]
    assert one.title == "Saturated unit: Z1" and one.explanation.startswith(
        f"This {act} unit sits on a flat end of its curve for every sample, where the derivative is almost 0, so its "
        "weights barely move.")
    # moderate weights: nothing saturated
    type_weights(t, [w_in / 100, w_out])
    assert "saturated" not in codes(t)


def test_deep_network_unit_names_in_findings():
    layers = [2, 2, 2, 1]
    w = [np.ones((2, 3)), np.ones((2, 3)), np.array([[0.0, 1.0, -1.0]])]
    t = Trainer(Network(layers, ["tanh", "tanh", "sigmoid"], w), Dataset.xor())
    sym = [f for f in diagnose(t) if f.kind == "symmetric"]
    # the second hidden layer has different outgoing weights, so only the first is symmetric
    assert [f.units for f in sym] == [("Z1_1", "Z1_2")]


def test_plateau_is_reported_as_info_and_a_rate_too_small_as_a_warning():
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, learning_rate=1e-7))  # too small a rate: the loss stays flat
    t.run_epochs(300)
    plateau = [x for x in diagnose(t) if x.kind == "plateau"]
    assert len(plateau) == 1 and plateau[0].severity == "warning"  # its cause found: the rate
    from .test_findings import _plateau

    plateau = [x for x in diagnose(_plateau()) if x.kind == "plateau"]  # flat, at a rate that moves the weights
    assert len(plateau) == 1 and plateau[0].severity == "info" and plateau[0].title == "The loss has stopped falling"
    # the article's linear network at the least any line reaches (0.125): that finding's, not a plateau's
    t = make_preset("seed")
    t.run_epochs(3000)
    f = diagnose(t)
    assert "linear" in [x.kind for x in f] and "plateau" not in [x.kind for x in f]
    assert abs(t.current_loss() - 0.125) < 1e-9
    # a converged run is not a plateau
    t = make_preset("sigmoid")
    t.run_epochs(5000)
    assert "plateau" not in codes(t)


def test_findings_sorted_most_serious_first():
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=0.5))
    t.run_epochs(2)
    sev = [f.severity for f in diagnose(t)]
    order = {"error": 0, "warning": 1, "info": 2}
    assert sev == sorted(sev, key=order.__getitem__)
    assert sev[0] == "error"


def test_no_hidden_layer_under_an_identity_output_says_to_add_one_not_to_change_hidden_units():
    t = Trainer(Network([2, 1], ["identity"], [np.array([[1.0, 1.0, 1.0]])]), Dataset.xor())
    [finding] = diagnose(t)
    assert finding.kind == "no_hidden" and finding.title == "No hidden layer"
    assert finding.remedies == ("add_hidden",)
    assert "ŷ = w·x + b" in finding.explanation and "the best one predicts 0.5" in finding.explanation
    assert dict(finding.numbers) == {"best mean loss": 0.125}  # ½·(½)², the best line's loss on XOR
    assert "Use sigmoid, tanh or ReLU hidden units" not in finding.explanation


def _relu_net(layers, weights):
    acts = ["relu"] * (len(layers) - 2) + ["sigmoid"]
    return Trainer(Network(layers, acts, [np.array(w, dtype=float) for w in weights]), Dataset.xor())


def test_every_dead_relu_sentence_whole_in_the_singular_and_the_plural():
    """Pinned whole (mutation testing: fragments let garbled words and dropped remedies through)."""
    one_first = _relu_net([2, 2, 1], [[[-1, -1, -1], [0.5, 1, 1]], [[0, 1, 1]]])
    two_first = _relu_net([2, 3, 1], [[[-10, 0.5, 0.5], [0.1, 1, -1], [-5, -1, -2]], [[0, 1, -1, 0.5]]])
    # deeper, beside a live unit of their layer (Z2_2, Z2_3), through which the earlier layers learn
    one_deeper = _relu_net([2, 2, 2, 1], [[[0, 0.2, 0.2], [0, 0.2, 0.2]], [[-1, 1, 1], [0.5, 1, 1]], [[0, 1, 1]]])
    two_deeper = _relu_net([2, 2, 3, 1], [[[0, 0.2, 0.2], [0, 0.2, 0.2]], [[-1, 1, 1], [-1, 1, 1], [0.5, 1, 1]],
                                          [[0, 1, 1, 1]]])
    # a whole layer dead: nothing before it learns
    layer_dead = _relu_net([2, 2, 2, 1], [[[0, 0.2, 0.2], [0, 0.2, 0.2]], [[-1, 1, 1], [-1, 1, 1]], [[0, 1, 1]]])
    init = Initialization("he", seed=2)  # solves XOR with Z2 dead
    solved = Trainer(Network([2, 4, 1], ["relu", "sigmoid"], init.make([2, 4, 1])), Dataset.xor(),
                     TrainingConfig(learning_rate=0.5), init)
    solved.run_epochs(2000)
    tail = ("A smaller learning rate can keep units from dying, but it does not revive {}: re-initialize, or use "
            "leaky ReLU, whose small slope below 0 lets a gradient through.")
    expected = {
        "one_first": ("warning", "Dead ReLU unit: Z1",
                      "This unit has a weighted sum of at most 0 for every sample, so it outputs 0 and its derivative "
                      "is 0: no gradient from the data reaches its incoming weights and it never recovers. "
                      + tail.format("it")),
        "two_first": ("warning", "Dead ReLU units: Z1, Z3",
                      "These units have a weighted sum of at most 0 for every sample, so they output 0 and their "
                      "derivative is 0: no gradient from the data reaches their incoming weights and they never "
                      "recover. " + tail.format("them")),
        "one_deeper": ("warning", "Dead ReLU unit: Z2_1",
                       "This unit has a weighted sum of at most 0 for every sample, so it outputs 0 and its derivative "
                       "is 0: no gradient from the data reaches its incoming weights and it stays dead unless the "
                       "earlier layers' outputs change enough to turn some sample's weighted sum positive. "
                       + tail.format("it")),
        "two_deeper": ("warning", "Dead ReLU units: Z2_1, Z2_2",
                       "These units have a weighted sum of at most 0 for every sample, so they output 0 and their "
                       "derivative is 0: no gradient from the data reaches their incoming weights and they stay dead "
                       "unless the earlier layers' outputs change enough to turn some sample's weighted sum positive. "
                       + tail.format("them")),
        "layer_dead": ("warning", "Dead ReLU units: Z2_1, Z2_2",
                       "These units have a weighted sum of at most 0 for every sample, so they output 0 and their "
                       "derivative is 0: no gradient from the data reaches their incoming weights and they never "
                       "recover. " + tail.format("them")),
        "solved": ("info", "Dead ReLU unit: Z2",
                   "This unit has a weighted sum of at most 0 for every sample, so it outputs 0 and no gradient from "
                   "the data reaches its incoming weights. The network gets every sample right without it: it takes "
                   "no part in its predictions. To see it take part, re-initialize or use leaky ReLU, and train again."),
    }
    states = {"one_first": one_first, "two_first": two_first, "one_deeper": one_deeper, "two_deeper": two_deeper,
              "layer_dead": layer_dead, "solved": solved}
    for name, t in states.items():
        [f] = [f for f in diagnose(t) if f.kind == "dead_relu"]
        assert (f.severity, f.title, f.explanation) == expected[name], name
        assert f.remedies == (Remedy.LEAKY_RELU, Remedy.RANDOMIZE), name

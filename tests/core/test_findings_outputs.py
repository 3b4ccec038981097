"""Findings on data of several outputs (the half adder: sum and carry) and at a linear network's
floor: each sentence as the maths has it (a teacher audit found one-output wording there)."""

import dataclasses
import math

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource, build
from xorgui.core.diagnostics import diagnose
from xorgui.core.findings import Kind
from xorgui.core.linearity import best_linear_loss
from xorgui.core.numbers import fmt, significant


def trainer(data: str, layers, acts, rate=0.5, seed=1) -> Trainer:
    train, _ = build(DataSource(data))
    init = Initialization("uniform", scale=1.0, seed=seed)
    return Trainer(Network(layers, acts, init.make(layers)), train, TrainingConfig(learning_rate=rate), init)


def test_saturated_outputs_quote_each_outputs_predictions_and_the_summed_loss():
    t = trainer("half_adder", [2, 3, 2], ["sigmoid", "sigmoid"], rate=1000.0)
    t.run_epochs(300)
    [f] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    fwd = t.forward()
    z = fwd.output
    loss = 0.5 * np.mean(np.sum((z - t.data.targets) ** 2, axis=1))  # ½·Σ over the outputs, mean over samples
    # D1's sums are −146 to −129: σ(a) = 1/(1 + e^−a) is tiny, never 0 (written out here with math.exp)
    d1 = ", ".join(fmt(1.0 / (1.0 + math.exp(-a)), 4) for a in fwd.a[-1][:, 1])
    assert f.title == "Saturated output: D0, D1" and f.units == ("D0", "D1")
    assert f.explanation.startswith(
        "These outputs sit on a flat end of their sigmoid for every sample (predictions D0: 1, 1, 1, 1; "
        f"D1: {d1}; mean of ½·Σ(ŷ − y)²: {loss:g}).")
    assert "e−" in d1 and loss == 0.375


def test_a_linear_network_of_two_outputs_names_the_summed_loss():
    t = trainer("half_adder", [2, 2], ["identity"])
    [f] = [f for f in diagnose(t) if f.kind is Kind.NO_HIDDEN]
    best = best_linear_loss(t.data)
    assert best == 0.15625  # by least squares: sum (x1 + x2)/2 ± 1/4, carry (x1 + x2)/2 − 1/4 …
    assert f.explanation.startswith("Each output unit sees the inputs directly and is the identity: ŷ = w·x + b, one "
                                    "linear function of the inputs. The best linear function for these samples (the "
                                    "least-squares fit) reaches a mean of ½·Σ(ŷ − y)² (summed over the outputs) of "
                                    "0.1562;")


def test_no_plateau_advice_at_a_linear_networks_floor():
    """3-input parity on a linear 3-3-1 network reaches 0.125, the least-squares floor: the plateau
    card told it to train longer or raise the learning rate, neither of which can go below."""
    t = trainer("parity3", [3, 3, 1], ["identity", "identity"], rate=0.1)
    t.run_epochs(5000)
    kinds = [f.kind for f in diagnose(t)]
    assert Kind.LINEAR in kinds and Kind.PLATEAU not in kinds
    assert abs(t.current_loss() - 0.125) < 1e-9 and best_linear_loss(t.data) == 0.125
    start = trainer("parity3", [3, 3, 1], ["identity", "identity"])  # flat far above the floor: still said
    early = Trainer(start.network, start.data, start.config, epoch=200, history=[start.current_loss()] * 200)
    assert early.current_loss() > 0.3 and Kind.PLATEAU in [f.kind for f in diagnose(early)]


def test_one_saturated_output_of_several_is_named():
    t = trainer("half_adder", [2, 3, 2], ["sigmoid", "sigmoid"])
    t.network.weights[1][1] = [-30.0, 0.0, 0.0, 0.0]  # D1 (the carry) stuck at 0 for every sample
    t.network.weights[1][0] = [0.1, 0.2, -0.3, 0.1]
    [f] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert f.title == "Saturated output: D1"
    # σ(−30) = 1/(1 + e^30) = 9.3576e−14 (½·(1 + tanh(−15)) gave 9.359e−14: its last digits were lost)
    assert f.explanation.startswith("The output D1 sits on a flat end of its sigmoid for every sample (predictions "
                                    "D1: 9.358e−14, 9.358e−14, 9.358e−14, 9.358e−14; mean of ½·Σ(ŷ − y)²: ")


def test_a_penalty_that_pulls_nothing_is_neither_cause_nor_cure():
    """Every weight 0 from the start: λ·W = 0, nothing moves, and the same plateau comes without
    the penalty; the card named the penalty as what moved the weights and said to lower λ."""
    from dataclasses import replace

    from xorgui.core import Dataset

    init = Initialization("constant", value=0.0)
    t = Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=0.5, regularization="l2", regularization_rate=0.01), init)
    t.run_epochs(300)
    assert all(not np.any(w) for w in t.network.weights)  # still every weight 0
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert "penalty" not in f.explanation and "λ" not in f.explanation
    plain = Trainer(t.network.copy(), t.data, replace(t.config, regularization="none", regularization_rate=0.0))
    plain.run_epochs(300)
    assert plain.current_loss() == t.current_loss() == 0.125


def test_a_dead_relu_output_under_a_penalty_may_come_back_and_is_told_so():
    from xorgui.core import Dataset

    t = Trainer(Network([2, 2, 1], ["sigmoid", "relu"], [np.array([[0.1, 0.2, 0.3], [0.1, -0.2, 0.3]]),
                                                         np.array([[0.5, -3.0, -3.0]])]),
                Dataset.xor(), TrainingConfig(learning_rate=0.5, regularization="l2", regularization_rate=0.01))
    [dead] = [f for f in diagnose(t) if f.kind is Kind.DEAD_RELU]
    assert ("and it stays dead unless the penalty shrinks the incoming weights enough to turn some sample's "
            "weighted sum positive.") in dead.explanation
    t.run_epochs(400)  # L2 shrank the weights, the unpenalized bias 0.5 won: alive again
    assert t.forward().a[1].max() > 0 and Kind.DEAD_RELU not in [f.kind for f in diagnose(t)]


def test_a_relu_output_whose_zero_is_right_for_every_sample_is_not_called_dead():
    """Its constant 0 is the network's prediction for a target column of zeros: not a unit 'left out'."""
    from xorgui.core import Dataset

    data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [[0, 0], [1, 0], [1, 0], [0, 0]])
    init = Initialization("uniform", seed=1)
    w = init.make([2, 3, 2])
    w[1][0] = [0.2, 0.3, 0.3, 0.3]
    w[1][1] = [-5.0, 0.1, 0.1, 0.1]  # D1 ≤ 0 for every sample: predicts 0, its target every time
    t = Trainer(Network([2, 3, 2], ["sigmoid", "relu"], w), data, TrainingConfig(learning_rate=0.2), init)
    t.run_epochs(6000)
    assert np.all(t.forward().a[1][:, 1] <= 0) and t.current_loss() < 1e-3
    assert Kind.DEAD_RELU not in [f.kind for f in diagnose(t)]


def test_a_mini_batch_run_swaying_about_the_linear_floor_gets_no_plateau_advice():
    t = trainer("xor", [2, 3, 1], ["identity", "identity"], rate=0.05)
    t.set_config(TrainingConfig(learning_rate=0.05, batch_size=2))
    t.run_epochs(3000)
    assert 0.125 < t.current_loss() < 0.125 * (1 + 1e-3)  # 0.12500046: mini-batch noise about the floor
    kinds = [f.kind for f in diagnose(t)]
    assert Kind.LINEAR in kinds and Kind.PLATEAU not in kinds


def test_an_output_saturated_before_any_update_is_blamed_on_the_weights_not_the_rate():
    """At epoch 0 the card said "too large a rate, α is now 2, usually throws the weights here", and
    offered to lower it, though no update had been made (a teacher's review)."""
    from xorgui.core.diagnostics import Remedy
    from xorgui.core.presets import make_preset

    t = make_preset("sigmoid")
    t.network.set_weights([w * 20 for w in t.network.copy_weights()])
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert card.explanation.endswith(
        "No update has been made yet, so these weights, not the learning rate, put it here: switch to the "
        "cross-entropy loss, whose output delta ŷ − y does not vanish, or re-initialize with smaller weights.")
    assert card.remedies == (Remedy.CROSS_ENTROPY, Remedy.XAVIER)
    # updates made, but too weak to move anything: the rate was still blamed, with a Lower button (a
    # teacher's audit: the weights had moved by 1e−10 and the loss not at all)
    t.run_epochs(100)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    loss = significant(t.history.last(), 4)
    assert abs(t.history.last() - t.history.start) <= 1e-6 * t.history.start
    assert card.explanation.endswith(
        f"Training has not moved the loss since epoch 0 (it is {loss} still), so these weights, not the learning "
        "rate, put it here: switch to the cross-entropy loss, whose output delta ŷ − y does not vanish, or "
        "re-initialize with smaller weights.")
    assert card.remedies == (Remedy.CROSS_ENTROPY, Remedy.XAVIER)
    # edited there: the edit put it there, not the rate (the weights as the change left them)
    t = make_preset("sigmoid")
    t.run_epochs(10)
    t.network.set_weights([w * 100 for w in t.network.copy_weights()])
    t.add_marker("weights × 100", sets_weights=True)
    t.run_epochs(100)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert "Training has not moved the loss since the change at epoch 10 (it is " in card.explanation
    assert Remedy.LOWER_RATE not in card.remedies


def test_saturation_right_after_an_edit_is_the_edits_and_a_change_not_known_blames_no_one_wrongly():
    from xorgui.core.diagnostics import Remedy
    from xorgui.core.presets import make_preset
    from xorgui.core.trainer_state import Marker

    t = make_preset("sigmoid")
    t.run_epochs(10)
    t.network.set_weights([w * 100 for w in t.network.copy_weights()])
    t.add_marker("weights × 100", sets_weights=True)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert ("No update has been made since the change at epoch 10, so these weights, not the learning rate, "
            "put it here") in card.explanation and Remedy.LOWER_RATE not in card.remedies
    t.run_epochs(100)  # unmoved since: the edit's, as above; but a marker from an older file has no loss
    t.markers[-1] = Marker(10, "weights × 100", None, True)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert "Training has not moved" not in card.explanation and Remedy.LOWER_RATE in card.remedies
    t.markers[-1] = Marker(10, "weights × 100", math.inf, True)  # nor does an infinite one clear the rate
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert "Training has not moved" not in card.explanation and Remedy.LOWER_RATE in card.remedies


def test_new_weights_alone_at_the_rate_that_saturated_the_output_are_thrown_there_again():
    """What the card says to do, together, and why not one alone (a learner-text audit at α = 200: Xavier
    alone solved 0 runs of 10; with α ÷ 10, 5 of 5)."""
    from xorgui.core.presets import make_preset

    def after(rate, seed):
        t = make_preset("sigmoid")
        t.set_config(dataclasses.replace(t.config, learning_rate=rate))
        t.reinitialize(dataclasses.replace(t.init, method="xavier", seed=seed))
        t.run_epochs(3000)
        return [f.kind for f in diagnose(t)], t.current_loss()
    assert Kind.SATURATED_OUTPUT in after(200, 0)[0]  # the rate throws new weights there again
    kinds, loss = after(20, 0)  # ÷ 10 with new weights
    assert Kind.SATURATED_OUTPUT not in kinds and loss < 0.01


def test_an_output_a_large_rate_saturated_is_blamed_on_the_rate():
    from xorgui.core.diagnostics import Remedy
    from xorgui.core.presets import make_preset

    t = make_preset("sigmoid")  # full batch, from a loss of 0.1451 to 0.25 with every output on a flat end
    t.set_config(dataclasses.replace(t.config, learning_rate=300))
    t.run_epochs(100)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert card.explanation.endswith("Too large a learning rate (α is now 300) usually throws the weights here: "
                                     "lower it and re-initialize together, since new weights at this rate are "
                                     "thrown here again. The cross-entropy loss, whose output delta ŷ − y does not "
                                     "vanish, lets a gradient flow back from these weights.")
    assert Remedy.LOWER_RATE in card.remedies
    # a settings change since sets no weights: training after it, which moves nothing, clears not the rate
    t.set_config(dataclasses.replace(t.config, shuffle=True))
    t.add_marker("shuffle on", sets_weights=False)
    t.run_epochs(100)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert "Too large a learning rate (α is now 300)" in card.explanation and Remedy.LOWER_RATE in card.remedies
    # nor does new data, though it moves the loss, nor a change of rate in the middle of an epoch (a
    # maintainer's review: both were taken for new weights, and cleared the rate)
    source = DataSource("and", {})
    t.set_data(*build(source), source)
    t.add_marker("Data: AND", sets_weights=False)
    t.run_epochs(100)
    t.step_sample()
    t.set_config(dataclasses.replace(t.config, learning_rate=30))
    t.add_marker("α = 30", sets_weights=False)
    t.run_epochs(100)
    [card] = [f for f in diagnose(t) if f.kind is Kind.SATURATED_OUTPUT]
    assert "Too large a learning rate (α is now 30)" in card.explanation and Remedy.LOWER_RATE in card.remedies


def test_linear_hidden_layers_on_xor_at_their_best_get_no_plateau_advice():
    """Identity hidden units and a sigmoid output end at 0.125 on XOR (every prediction 0.5, the best
    σ(one line) does there): beside "The hidden layers are linear", a plateau card told the learner
    to re-initialize, which ends there again (a teacher's review)."""
    from xorgui.core.presets import make_preset

    t = make_preset("sigmoid")
    t.network = Network(t.network.layers, ["identity", "sigmoid"], t.network.copy_weights())
    t.run_epochs(2000)
    assert abs(t.history.values[-1] - 0.125) < 1e-6
    assert [f.kind for f in diagnose(t)] == [Kind.LINEAR_HIDDEN]


def test_lower_and_raise_the_rate_are_never_offered_together():
    """Saturated from a scale-8 start at α = 0.001: the saturated output blamed "too large a rate, α is
    now 0.001" with a Lower button, beside "The learning rate is too small" with Raise (a teacher's review)."""
    from xorgui.core.diagnostics import Remedy

    init = Initialization("uniform", scale=8, seed=1)
    t = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=1e-3), init)
    t.run_epochs(300)
    found = {f.kind: f for f in diagnose(t)}
    assert Remedy.RAISE_RATE in found[Kind.PLATEAU].remedies
    assert found[Kind.SATURATED_OUTPUT].explanation.endswith(
        "At α = 0.001 the updates are far too short to have thrown the weights here, so these weights, not the "
        "learning rate, put it here: switch to the cross-entropy loss, whose output delta ŷ − y does not vanish, "
        "or re-initialize with smaller weights.")
    assert not any(Remedy.LOWER_RATE in f.remedies for f in found.values())

"""The plateau finding ("The loss has stopped falling"): the loss as the window writes it, and
the learning rate and the gradient's length among the look-alike causes."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import Trainer, diagnostics
from xorgui.core.accuracy import right_samples
from xorgui.core.diagnostics import Kind, diagnose
from xorgui.core.numbers import fmt, significant
from xorgui.core.presets import make_preset

from .test_findings import _plateau, _rate
from .saturation import output_at


@pytest.mark.parametrize("precision, shown", [(2, "0.25"), (4, "0.2499"), (6, "0.249938")])
def test_the_plateau_finding_gives_the_loss_as_the_loss_read_out_shows_it(precision, shown):
    # 4 significant digits before: 0.2499 beside a read-out of 0.249938 at six decimals
    t = _plateau()
    t = _with_history(t, [0.24993831] * diagnostics.PLATEAU_EPOCHS)
    [plateau] = [f for f in diagnose(t, precision=precision) if f.kind is Kind.PLATEAU]
    assert fmt(0.24993831, precision) == shown
    assert f"(it is {shown} now)" in plateau.explanation


def _gradient_length_by_differences(trainer):
    """The length of the mean loss's gradient over every weight, by central differences: independent
    of the engine's backward pass."""
    total = 0.0
    for w in trainer.network.weights:
        for index in np.ndindex(w.shape):
            keep = w[index]
            w[index] = keep + 1e-6
            up = trainer.current_loss()
            w[index] = keep - 1e-6
            down = trainer.current_loss()
            w[index] = keep
            total += ((up - down) / 2e-6) ** 2
    return float(np.sqrt(total))


def test_a_flat_loss_under_a_rate_far_too_small_for_its_gradient_names_the_rate_and_offers_to_raise_it():
    # the sigmoid example at α = 1e−7 does not move in 300 epochs, its gradient far from flat: the card
    # listed symmetry, saturation, a plateau and a local minimum, and offered new weights only
    t = _rate(make_preset("sigmoid"), 1e-7)
    t.run_epochs(300)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    length = _gradient_length_by_differences(t)
    assert dict(f.numbers)["mean gradient length"] == pytest.approx(length, rel=1e-6)
    assert dict(f.numbers)["learning rate"] == 1e-7
    assert (f.title, f.remedies) == ("The learning rate is too small", (diagnostics.Remedy.RAISE_RATE,))
    g = significant(length, 4)
    assert f.explanation == (
        f"Between epoch 101 and epoch 300 the loss changed by less than a millionth of itself (it is "
        f"{fmt(t.current_loss())} now), and the fit is poor. The mean gradient of the loss has a length of {g}, a "
        f"clear slope, but at α = 1e−7 an update moves the weights by α·{g} = {significant(1e-7 * length, 4)} in "
        "all: the steps are far too short for the slope, and at this pace training takes a very long time. Raise "
        "the learning rate, ten times at a time, watching the loss (a rate too large makes it grow or swing).")


def test_a_loss_falling_a_little_under_a_tiny_rate_is_told_so_too():
    """At α = 1e−4 the sigmoid example fell from 0.14445 to 0.14437 over 200 epochs (0.0013 at α = 2 by
    then): "No problems found … train on" (a teacher's review)."""
    t = _rate(make_preset("sigmoid"), 1e-4)
    t.run_epochs(2000)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert f.title == "The learning rate is too small" and f.severity == "warning"
    assert f.explanation.startswith("Between epoch 1,801 and epoch 2,000 the loss fell from 0.14445 to 0.14437, by "
                                    "0.05% of itself, and the fit is poor.")
    fast = _rate(make_preset("sigmoid"), 0.1)  # a rate that moves the weights: no such card, though slow too
    fast.run_epochs(3000)
    assert not [f for f in diagnose(fast) if f.title == "The learning rate is too small"]


def test_a_penalty_holding_the_weights_is_not_taken_for_a_small_rate():
    from dataclasses import replace

    t = _rate(make_preset("sigmoid"), 1e-4)
    t.set_config(replace(t.config, regularization="l2", regularization_rate=0.01))
    t.run_epochs(2000)
    assert not [f for f in diagnose(t) if f.title == "The learning rate is too small"]


def test_the_plateau_finding_writes_its_loss_as_the_window_writes_numbers():
    # '{:.6g}' wrote a loss of 1234567.25 as '1.23457e+06': rounded, and in Python's notation
    t = _plateau()
    t = _with_history(t, [1234567.25] * diagnostics.PLATEAU_EPOCHS)
    plateau = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert len(plateau) == 1
    assert "(it is 1234567.25 now)" in plateau[0].explanation


def test_with_no_gradient_at_all_a_too_small_rate_is_not_among_the_causes():
    # D0's bias at 800: every output 1, its slope e^−800/(1 + e^−800)² below the smallest float, exactly 0:
    # the gradient is 0, and no rate would move the loss
    t = _rate(output_at(800.0), 1000.0)
    t.run_epochs(3000)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert dict(f.numbers)["mean gradient length"] == 0.0
    # nor "train longer" and "may still leave after many more epochs": the weights cannot move
    assert f.explanation.endswith(
        "and the fit is poor. The mean gradient of the loss has a length of 0: an update moves the weights by "
        "α·0 = 0 in all: training longer or a larger learning rate cannot move them. Saturated or dead units, or a "
        "point where the gradient is exactly 0 hold them: check the other findings, or re-initialize with random "
        "weights.")
    t.run_epochs(1000)
    assert [g.explanation for g in diagnose(t) if g.kind is Kind.PLATEAU][0].endswith(f.explanation[-300:])


def _with_history(trainer, history):
    return Trainer(trainer.network, trainer.data, trainer.config, epoch=len(history), history=list(history))


def _says_plateau(trainer) -> bool:
    return any(f.kind is Kind.PLATEAU for f in diagnose(trainer))


@pytest.mark.parametrize("history, flat", [
    ([0.25] * 200, True),
    ([0.25] * 199 + [0.25 * (1 + 2e-6)], False),  # the last loss moved: the window's ends are compared
    ([0.25] * 199 + [0.25 - 5e-7], False),  # 2e−6 of itself: more than a millionth, relative to the loss
    ([0.25] * 199 + [0.25 - 2e-7], True),  # 8e−7 of itself
    ([0.25] * 199, False),  # fewer than 200 epochs
    ([0.0009] * 200, False),  # under 0.001: a converged loss, not a plateau
])
def test_a_plateau_is_a_loss_flat_to_a_millionth_of_itself_over_200_epochs_above_0_001(history, flat):
    assert _says_plateau(_with_history(_plateau(), history)) is flat


def test_the_epochs_the_plateau_finding_names_are_the_ends_it_compared():
    # "over the last 200 epochs the loss stayed at" compared the losses after epochs 51 and 250 (199
    # epochs apart, and none between): the finding names the two epochs and says what was compared
    flat = _with_history(_plateau(), [0.3] * 50 + [0.25] * 200)
    [f] = [f for f in diagnose(flat) if f.kind is Kind.PLATEAU]
    assert f.explanation.startswith("Between epoch 51 and epoch 250 the loss changed by less than a millionth of "
                                    "itself (it is 0.25 now), and the fit is poor.")
    assert dict(f.numbers)["from epoch"] == 51
    assert not _says_plateau(_with_history(_plateau(), [0.3] * 51 + [0.25] * 199))  # epoch 51's loss differs
    # the epochs are the trainer's: the lottery's report keeps a run's last 200 losses only
    t = _plateau()
    late = Trainer(t.network, t.data, t.config, epoch=12_345, history=[0.25] * 200)
    [f] = [f for f in diagnose(late) if f.kind is Kind.PLATEAU]
    assert f.explanation.startswith("Between epoch 12,146 and epoch 12,345 the loss")


def test_a_flat_loss_with_every_sample_right_is_the_fit_done_not_a_plateau():
    t = _rate(make_preset("sigmoid"), 2.0)
    t.run_epochs(3000)
    assert all(right_samples(t.forward().output, t.data.targets, 4))
    assert not _says_plateau(_with_history(t, [0.2] * 200))


def test_a_penalty_that_holds_the_weights_is_among_the_causes_with_its_remedy():
    # L2 at λ = 0.01 holds the sigmoid example at weights 0 and outputs 0.5 (0.125), however long it trains
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, regularization="l2", regularization_rate=0.01))
    t.run_epochs(2000)
    assert t.current_loss() == pytest.approx(0.125, abs=1e-9)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    # it pulled them to 0, where XOR's gradient is 0 (by symmetry): only a penalty as light, or none, and new weights help
    assert dict(f.numbers)["mean gradient length"] < diagnostics.NO_GRADIENT
    assert ("The mean gradient of the loss has a length of 9.498e−11: the data hardly moves the weights, only the "
            "L2 penalty (λ = 0.01) does, pulling them towards 0. Saturated or dead units, the L2 penalty (λ = 0.01) "
            "having pulled the weights to where the data's gradient vanishes, or a point where the gradient is "
            "exactly 0 hold them: check the other findings. If it is the penalty, lower λ and re-initialize "
            "together: with no gradient from the data a lighter penalty alone leaves the weights where they are, "
            "and new weights at this λ may be pulled back here.") in f.explanation
    # "lower λ or turn the penalty off, or re-initialize" was offered, with Randomize alone: each ends at 0.125
    # again (a teacher's audit); lowering λ and re-initializing together is one button
    assert f.remedies == (diagnostics.Remedy.LOWER_PENALTY, diagnostics.Remedy.RANDOMIZE)
    for alone in ("lighter", "new weights"):
        u = make_preset("sigmoid")
        u.set_config(replace(u.config, regularization="l2", regularization_rate=0.01))
        u.run_epochs(2000)
        if alone == "lighter":
            u.set_config(replace(u.config, regularization_rate=0.001))
        else:
            u.reinitialize(replace(u.init, method="uniform", seed=0))
        u.run_epochs(3000)
        assert u.current_loss() == pytest.approx(0.125, abs=1e-3), alone
    both = make_preset("sigmoid")
    both.set_config(replace(both.config, regularization="l2", regularization_rate=0.001))
    both.reinitialize(replace(both.init, method="uniform", seed=0))  # 7 seeds of 0-9 get out
    both.run_epochs(3000)
    assert both.current_loss() < 0.05
    held = make_preset("sigmoid")  # λ = 0.001: held where the pull balances a gradient that is not 0
    held.set_config(replace(held.config, regularization="l2", regularization_rate=0.001))
    held.run_epochs(3000)
    [f] = [f for f in diagnose(held) if f.kind is Kind.PLATEAU]
    assert dict(f.numbers)["mean gradient length"] > diagnostics.NO_GRADIENT
    assert ("the L2 penalty (λ = 0.001) holding the weights where its pull towards 0 balances the data's, a "
            "plateau") in f.explanation
    assert ("train longer, raise the learning rate if it is tiny, or, if it is the penalty, lower λ and "
            "re-initialize together: new weights at this λ may be pulled back here.") in f.explanation
    assert f.remedies == (diagnostics.Remedy.LOWER_PENALTY, diagnostics.Remedy.RANDOMIZE)
    plain = make_preset("sigmoid")
    plain.run_epochs(2000)
    assert "penalty" not in " ".join(f.explanation for f in diagnose(plain))


def test_a_penalty_still_pulling_against_a_small_gradient_is_offered_lowering_it_with_new_weights():
    """L2 at λ = 0.01, 1,000 epochs in: a mean gradient of 5.9e−7, above NO_GRADIENT, was offered
    Randomize alone, and new weights at that λ end at 0.125 again (a learner-text audit: 10 seeds of 10)."""
    def at(rate, seed=None):
        u = make_preset("sigmoid")
        u.set_config(replace(u.config, regularization="l2", regularization_rate=0.01))
        u.run_epochs(1000)
        if seed is not None:  # what the buttons do: λ as given, new weights
            u.set_config(replace(u.config, regularization_rate=rate))
            u.reinitialize(replace(u.init, method="uniform", seed=seed))
            u.run_epochs(3000)
        return u
    [f] = [f for f in diagnose(at(0.01)) if f.kind is Kind.PLATEAU]
    assert diagnostics.NO_GRADIENT < dict(f.numbers)["mean gradient length"] < 1e-6
    assert f.remedies == (diagnostics.Remedy.LOWER_PENALTY, diagnostics.Remedy.RANDOMIZE)
    assert f.explanation.endswith("or, if it is the penalty, lower λ and re-initialize together: new weights at "
                                  "this λ may be pulled back here.")
    assert at(0.01, seed=0).current_loss() == 0.125  # new weights alone: back here
    assert at(0.001, seed=0).current_loss() < 0.05  # with λ ÷ 10: out


def test_a_gradient_of_float_noise_is_not_offered_as_one_a_larger_rate_would_follow():
    # the symmetric preset at α = 1000: a mean gradient of ~1e−11 at the app's largest rate
    t = make_preset("symmetric")
    t.set_config(replace(t.config, learning_rate=1000))
    t.run_epochs(2000)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert dict(f.numbers)["mean gradient length"] < diagnostics.NO_GRADIENT
    assert "too small for the gradient" not in f.explanation and "raise the learning rate" not in f.explanation


def test_a_rate_is_too_small_only_when_an_epochs_updates_all_together_are_tiny_and_the_loss_falls():
    """An online run on overlapping classes, already at the best its data allows, was told to raise
    α = 0.01: its end-of-epoch gradient is noise, and its 100 updates an epoch move the weights; ×10
    made it worse. A loss that rose (4.1646 → 5.5741) was said to have "fallen by -33.84%"."""
    from xorgui.core import Initialization, Network, TrainingConfig
    from xorgui.core.datasets import DataSource, build

    source = DataSource("gaussians", {"size": 100, "noise": 0.5})
    train, _ = build(source)
    init = Initialization("he", seed=1)
    online = Trainer(Network([2, 3, 1], ["relu", "sigmoid"], init.make([2, 3, 1])), train,
                     TrainingConfig(learning_rate=0.01, loss="cross_entropy", batch_size=1), init, source=source)
    online.run_epochs(1000)
    assert not [f for f in diagnose(online) if f.title == "The learning rate is too small"]
    rising = make_preset("tanh")
    rising.set_config(replace(rising.config, learning_rate=10.0))
    rising.run_epochs(203)
    rising.set_config(replace(rising.config, learning_rate=1e-4))
    rising.run_epochs(50)
    assert not [f for f in diagnose(rising) if "fell" in f.explanation and "-" in f.explanation]
    assert not [f for f in diagnose(rising) if f.title == "The learning rate is too small"]


def test_linear_hidden_layers_below_their_floor_are_told_the_rate_is_too_small():
    from xorgui.core import Dataset, Initialization, Network, TrainingConfig

    init = Initialization("uniform", seed=1)
    t = Trainer(Network([2, 3, 1], ["identity", "sigmoid"], init.make([2, 3, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=1e-6), init)
    t.run_epochs(1000)  # 0.152, far from the 0.125 such a network reaches: not at its floor
    titles = [f.title for f in diagnose(t)]
    assert "The hidden layers are linear" in titles and "The learning rate is too small" in titles


def test_a_loss_stuck_far_above_where_it_started_names_a_rate_too_large():
    """ReLU, cross-entropy, online at α = 100: flat at 21.66, 30 times its start, and the plateau card
    listed "a learning rate too small for the gradient (here α = 100 …)" and "raise the learning rate
    if it is tiny" (a teacher's review)."""
    from xorgui.core import Dataset, Initialization, Network, TrainingConfig

    init = Initialization("he", seed=2)
    t = Trainer(Network([2, 3, 1], ["relu", "sigmoid"], init.make([2, 3, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=100, loss="cross_entropy", batch_size=1), init)
    t.run_epochs(300)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert f.title == "The loss stopped far above where it started"
    assert f.remedies == (diagnostics.Remedy.LOWER_RATE, diagnostics.Remedy.RANDOMIZE)
    assert ("It is 30.3 times the 0.7147 the run started at: updates too large (α = 100) stepped the weights past "
            "the minimum to where they stall, and small steps would only have lowered the loss. Lower the learning "
            "rate and re-initialize.") in f.explanation
    below = _plateau()  # flat, not far above a start: the look-alikes, as before
    assert [f.title for f in diagnose(below) if f.kind is Kind.PLATEAU] == ["The loss has stopped falling"]


def test_a_loss_an_edit_raised_is_not_blamed_on_the_rate():
    """The sigmoid example on AND, 50 epochs (loss 0.0878), then V00 := 40 and 400 epochs more at α = 2:
    the card said "It is 4 times the 0.0946 the run started at: updates too large (α = 2) stepped the
    weights past the minimum", though at α = 2 the loss only ever fell; the edit raised it (a teacher's
    audit). The loss is now measured from the change the plot marks."""
    from xorgui.core.datasets import DataSource, build

    t = make_preset("sigmoid")
    source = DataSource("and", {})
    t.set_data(*build(source), source)
    t.run_epochs(50)
    t.set_weight(1, 0, 0, 40.0)
    t.add_marker("V00 = 40", sets_weights=True)
    t.run_epochs(400)
    assert t.history.last() > 2 * t.history.start and np.all(np.diff(t.history.values[50:]) <= 0)
    plateaus = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert all(f.title != "The loss stopped far above where it started" for f in plateaus)
    assert all(diagnostics.Remedy.LOWER_RATE not in f.remedies for f in diagnose(t))
    # the same edit in the middle of the first epoch (online): measured from it, not from the start
    t = make_preset("sigmoid")
    t.set_data(*build(source), source)
    t.set_config(replace(t.config, batch_size=1))
    t.step_sample()
    t.set_weight(1, 0, 0, 40.0)
    t.add_marker("V00 = 40", sets_weights=True)
    t.run_epochs(400)
    assert t.history.last() > 2 * t.history.start
    assert all(f.title != "The loss stopped far above where it started" for f in diagnose(t))
    # a rate raised at a change and stepping the loss up from there is still named: a settings change sets no
    # weights, so the run is measured from its start
    from xorgui.core import Dataset, Initialization, Network, TrainingConfig

    init = Initialization("he", seed=2)
    t = Trainer(Network([2, 3, 1], ["relu", "sigmoid"], init.make([2, 3, 1])), Dataset.xor(),
                TrainingConfig(learning_rate=0.1, loss="cross_entropy", batch_size=1), init)
    t.run_epochs(50)
    t.set_config(replace(t.config, learning_rate=100))
    t.add_marker("α = 100", sets_weights=False)
    assert t.markers[-1].loss == t.current_loss()  # the loss right after the change
    t.run_epochs(300)
    [f] = [f for f in diagnose(t) if f.kind is Kind.PLATEAU]
    assert f.title == "The loss stopped far above where it started"
    assert t.markers[-1].loss == t.history.at([50])[0]  # the rate changed, the loss did not
    assert (f"It is {fmt(t.history.last() / t.history.start, 1)} times the {fmt(t.history.start)} the run started "
            "at: updates too large (α = 100) stepped") in f.explanation

"""Twin runs: the first place two runs from identical weights differ, found exactly."""

import math

import numpy as np
import pytest

from xorgui.core.presets import make_preset
from xorgui.core.training import TrainingConfig, epoch_order
from xorgui.core.numbers import apart
from xorgui.core.twin import TwinRun, make_twin


def article_twins(**changes):
    """The article's example (2-3-1 identity, all weights 1, α = 0.1, online) and a changed twin."""
    left = make_preset("article")
    right = make_twin(left, **changes)
    return TwinRun(left, right)


def test_same_settings_never_differ_and_train_to_the_same_loss():
    twin = TwinRun(make_preset("sigmoid"), make_twin(make_preset("sigmoid")))
    twin.run_epochs(300)
    assert twin.difference is None and twin.identical
    assert twin.left.epoch == twin.right.epoch == 300
    assert twin.left.current_loss() == twin.right.current_loss()
    assert "the twins are the same run" in twin.summary()


def test_a_different_learning_rate_differs_at_the_first_update_with_the_exact_values():
    # sample 0 is (0, 0) → 0: every hidden sum is the bias 1, ŷ = 1 + 3·1 = 4, δ_D0 = ŷ − y = 4,
    # δ_Zj = V0j·δ_D0 = 4, so ∂L/∂W10 = 1·4 and W10 := 1 − α·4: 0.6 with α = 0.1, −1 with α = 0.5
    twin = article_twins(config=TrainingConfig(learning_rate=0.5, batch_size=1))
    found = twin.step()
    assert found is twin.difference
    assert (found.epoch, found.sample, found.stage, found.quantity) == (1, 0, "after", "W10")
    assert found.left == pytest.approx(0.6, abs=1e-15) and found.right == -1.0
    assert found.line() == "W10 after sample 0 of epoch 1: 0.6 vs −1"
    assert found.line_pair() == ("left:  W10 = 0.6  (after sample 0 of epoch 1)",
                                 "right: W10 = −1  (after sample 0 of epoch 1)")


def test_a_different_activation_differs_in_the_first_forward_pass():
    # the same sum a_Z1 = 1, then z_Z1 = 1 (identity) vs σ(1) = 1/(1 + e^−1)
    twin = article_twins(activations=["sigmoid", "identity"])
    twin.step()
    d = twin.difference
    assert (d.stage, d.quantity, d.sample, d.left) == ("forward", "z_Z1", 0, 1.0)
    assert d.right == 1 / (1 + math.exp(-1))
    assert d.line() == "z_Z1 in the forward pass of sample 0 of epoch 1: 1 vs 0.731059"


def test_a_different_batch_mode_differs_at_the_first_update():
    # online updates after sample 0 (W10 = 0.6); full batch only accumulates, W10 stays 1
    twin = article_twins(config=TrainingConfig(learning_rate=0.1, batch_size=None))
    twin.step()
    d = twin.difference
    assert (d.stage, d.quantity, d.left, d.right) == ("after", "W10", pytest.approx(0.6, abs=1e-15), 1.0)
    assert "the right one only added this sample's gradient to its batch" in d.line()


def test_an_edited_weight_differs_before_the_first_step():
    twin = article_twins(weight=(0, 1, 1, 0.5))  # X1 → Z2
    twin.run_epochs(3)
    d = twin.difference
    assert d.line() == "W21 before sample 0 of epoch 1: 1 vs 0.5"
    assert twin.left.epoch == twin.right.epoch == 3 and twin.left.cursor == 0


def test_a_different_loss_differs_first_in_the_sample_loss():
    left = make_preset("tanh")
    twin = TwinRun(left, make_twin(left, config=TrainingConfig(learning_rate=0.5, loss="squared")))
    twin.step()
    assert (twin.difference.stage, twin.difference.quantity) == ("loss", "L")
    # a cross-entropy and a squared error are different measures: the report says so, with what does compare
    twin.run_epochs(50)
    right = [sum(abs(t.forward().output[:, 0] - t.data.targets[:, 0]) < 0.5) for t in (twin.left, twin.right)]
    assert twin.summary().endswith(
        f" (the left twin's loss is the cross-entropy, the right's the squared error: different measures, their "
        f"numbers do not compare; the samples right: left {right[0]} of 4, right {right[1]} of 4)")
    same = article_twins(config=TrainingConfig(learning_rate=0.05, batch_size=1))
    same.run_epochs(2)
    assert "different measures" not in same.summary()


def test_once_found_later_epochs_run_whole_and_equal_training_alone():
    twin = article_twins(config=TrainingConfig(learning_rate=0.05, batch_size=1))
    twin.run_epochs(50)
    alone = make_twin(make_preset("article"), config=TrainingConfig(learning_rate=0.05, batch_size=1))
    alone.run_epochs(50)
    assert twin.stepped == 1  # found on the first step, then whole epochs
    assert twin.right.epoch == 50
    assert np.allclose(twin.right.network.weights[1], alone.network.weights[1], rtol=0, atol=1e-12)
    assert twin.difference.line().startswith("W10 after sample 0 of epoch 1")


def test_a_zero_gradient_change_is_searched_only_up_to_the_step_limit():
    # a learning rate change on a run that is already at a fixed point never shows
    left = make_preset("article")
    left.network.set_weights([np.zeros_like(w) for w in left.network.weights])
    left.set_config(TrainingConfig(learning_rate=0.1, batch_size=1))
    zero_data = left.data.__class__(left.data.inputs, np.zeros_like(left.data.targets))
    left.set_data(zero_data, None, left.source)
    twin = TwinRun(left, make_twin(left, config=TrainingConfig(learning_rate=0.2, batch_size=1)), step_limit=40)
    twin.run_epochs(30)
    assert twin.difference is None and twin.stepped == 40 and twin.right.epoch == 30
    assert "no difference in the first 40 samples stepped" in twin.summary()


def test_twins_must_share_layers_and_data():
    with pytest.raises(ValueError, match="same layer sizes"):
        TwinRun(make_preset("article"), make_preset("deep"))


def test_numbers_are_shown_with_enough_digits_to_differ():
    assert apart(0.1, 0.1 + 1e-12, 6) == ("0.1", "0.100000000001")
    assert apart(-2.0, 3.0, 6) == ("−2", "3")


def test_the_form_offers_every_setting_and_weight_with_its_current_value():
    from xorgui.core.twin_change import current_value, keys, twin_with
    trainer = make_preset("article")
    assert keys(trainer)[:2] == ["learning_rate", "batch_size"] and "V03" in keys(trainer)
    assert [current_value(trainer, k) for k in ("learning_rate", "batch_size", "activations", "W21")] == \
        ["0.1", "1", "identity,identity", "1.0"]
    twin = twin_with(trainer, "batch_size", "full")
    assert current_value(twin, "batch_size") == "full" and trainer.config.batch_size == 1


def test_a_different_sample_order_is_named_by_the_step_and_both_samples():
    # shuffled online epochs visit the samples in another order: here the first step differs
    twin = article_twins(config=TrainingConfig(learning_rate=0.1, batch_size=1, shuffle=True))
    twin.step()
    expected = int(epoch_order(twin.right.config, 4, 0)[0])
    assert expected != 0
    assert twin.difference.line() == (f"the sample at step 1 of epoch 1: 0 vs {expected} "
                                      "(the twins visit the samples in different orders)")


def test_the_first_difference_writes_its_epoch_as_the_window_does():
    # a twin made from a session at epoch 6,448 finds its difference there: grouped as elsewhere
    from xorgui.core.twin import Difference
    d = Difference(6449, 2, "after", "W10", 0.5, 0.25)
    assert d.line() == "W10 after sample 2 of epoch 6,449: 0.5 vs 0.25"
    assert Difference(6449, 1233, "order", "the sample", 0, 3).where == "at step 1,234 of epoch 6,449"


def test_a_difference_is_written_as_the_window_writes_numbers():
    # the first difference beside the loss line: "2.555e43" there, so not Python's "2.555e+43" here
    from xorgui.core.twin import Difference
    big = Difference(2, 0, "after", "W10", 1.9990123e32, -7.148e21)
    assert big.line() == "W10 after sample 0 of epoch 2: 1.99901e32 vs −7.148e21"
    odd = Difference(4, 1, "loss", "L", math.inf, math.nan)
    assert odd.line_pair() == ("left:  L = ∞  (on sample 1 of epoch 4)", "right: L = NaN  (on sample 1 of epoch 4)")
    assert Difference(1, 0, "after", "W11", 2e-7, 3e-7).line() == "W11 after sample 0 of epoch 1: 2e−7 vs 3e−7"


def test_the_plot_of_a_twin_made_mid_epoch_splits_where_the_weights_stood():
    # one sample into epoch 1 of the article's example (a quarter of its 4 samples), W10 changed
    # on the left: the shared run is epoch 0 (23.5) to 0.25, at the loss of the unchanged (right)
    # twin's weights; each twin's curve starts at 0.25 from its own loss there
    from xorgui.core.twin import apply_change
    from xorgui.core.twin_change import parse_change
    from xorgui.core.twin_curves import twin_curves
    session = make_preset("article")
    session.step_sample()
    right = make_twin(session)
    apply_change(session, **parse_change(session, "W10", "3"))
    run = TwinRun(session, right, changed="left")
    curves = twin_curves(run)
    as_it_was, changed = right.current_loss(), session.current_loss()
    assert curves.split == 0.25 and changed != as_it_was
    assert curves.shared[0].tolist() == [0, 0.25] and curves.shared[1].tolist() == [23.5, as_it_was]
    assert [c[0].tolist() for c in curves.own] == [[0.25], [0.25]]
    assert [c[1].tolist() for c in curves.own] == [[changed], [as_it_was]]
    run.run_epochs(2)
    left_x, left_y = twin_curves(run).own[0]
    assert left_x.tolist() == [0.25, 1, 2] and left_y.tolist() == [changed, *session.history.values]

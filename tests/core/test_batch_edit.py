"""A weight edited (or the loss changed) in the middle of a batch: the update that completes the
batch computes its gradient with the weights and settings then, and so do the sums the
walkthrough adds to, the file keeps and the script prints."""

from dataclasses import replace

import numpy as np

from xorgui.core.presets import make_preset
from xorgui.core.session_position import position_to_dict
from xorgui.core.walkthrough_render import step_phases


def equation(phases, target):
    (eq,) = [e for ph in phases for e in ph.equations if e.target == target]
    return eq


def test_an_edit_mid_batch_makes_the_sums_those_of_the_new_weights():
    t = make_preset("seed")  # the article's network in full batch: all weights 1
    t.step_sample()
    t.step_sample()
    t.set_weight(0, 0, 0, 0.5)  # W10
    # by hand with W10 = 0.5: a_Z1 = 0.5 + x1 + x2, a_Z2 = a_Z3 = 1 + x1 + x2, ŷ = 1 + their sum,
    # δ_D0 = ŷ − y: samples (0, 0) → 3.5 and (0, 1) → 6.5 − 1 = 5.5 (they were 4 and 6)
    # Σ δ_D0·z: z_Z0 = 1, z_Z1 = 0.5 and 1.5, z_Z2 = z_Z3 = 1 and 2 (they were [[10, 16, 16, 16]])
    assert t.accumulated()[1].tolist() == [[3.5 + 5.5, 3.5 * 0.5 + 5.5 * 1.5, 3.5 + 5.5 * 2, 3.5 + 5.5 * 2]]
    t.step_sample()  # (1, 0): δ_D0 = 5.5
    _, _, batch, phases = step_phases(t, 4)  # (1, 1): ŷ = 1 + 2.5 + 3 + 3 = 9.5, δ_D0 = 9.5
    assert equation(phases, "Σ∂L/∂V00").text(4) == "Σ∂L/∂V00 = Σ so far + ∂L/∂V00 = 14.5 + 9.5 = 24"
    update = equation(phases, "V00")
    assert update.text(4) == "V00 := V00 − α·Σ∂L/∂V00 / 4 = 1 − 0.1·24 / 4 = 0.4"  # it read 14.5 + 9.5 = 25
    assert t.step_sample().updated
    assert t.network.weights[1][0, 0] == update.value


def test_the_sums_follow_the_loss_and_the_file_keeps_them():
    t = make_preset("tanh")  # tanh hidden units, a sigmoid output, cross-entropy
    t.set_config(replace(t.config, batch_size=None))
    t.step_sample()
    t.step_sample()
    t.set_config(replace(t.config, loss="squared"))  # the stepped samples have other gradients now
    by_hand = [t.trace(s).gradients for s in (0, 1)]  # each sample's own, under the squared loss
    for l, acc in enumerate(t.accumulated()):
        assert np.allclose(acc, by_hand[0][l] + by_hand[1][l], rtol=1e-12, atol=1e-15)
    assert np.allclose(np.array(position_to_dict(t)["accumulated"][1]), t.accumulated()[1], rtol=0, atol=0)


def test_without_an_edit_or_another_loss_the_sums_are_those_added_up_step_by_step():
    """Summed again as mean·k they differ in the last bits (6.9e−18 on the sigmoid example): only a
    change that gives the stepped samples other gradients sums them again."""
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, batch_size=None))
    for _ in range(3):
        t.step_sample()
    stepped = [a.copy() for a in t.accumulated()]
    t.set_weight(0, 0, 1, float(t.network.weights[0][0, 1]))  # the value it had
    t.set_config(replace(t.config, learning_rate=0.3, regularization="l2", regularization_rate=0.01))
    assert all(np.array_equal(a, b) for a, b in zip(t.accumulated(), stepped))
    t.set_weight(0, 0, 1, 0.5)
    assert not all(np.array_equal(a, b) for a, b in zip(t.accumulated(), stepped))

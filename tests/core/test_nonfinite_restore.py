"""A diverged run (inf/nan weights) stays restorable: capture/restore never refuses a state it
captured. Only values a user types are validated (issue 10: undo/redo after divergence)."""

import numpy as np
import pytest

from xorgui.core import Network, TrainingConfig
from xorgui.core.presets import make_preset


def diverged():
    """The seed setup at learning rate 1000: five epochs make every weight nan."""
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=1000.0))
    states = [t.capture()]
    for _ in range(5):
        t.run_epochs(1)
        states.append(t.capture())
    assert not all(np.all(np.isfinite(w)) for w in t.network.weights)
    return t, states


def same(a, b):
    return all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b))


def test_restore_goes_back_and_forth_through_non_finite_states():
    t, states = diverged()
    for state in (states[4], states[0], states[5], states[2], states[5]):
        t.restore(state)
        assert same(t.network.weights, state.weights) and t.epoch == state.epoch
    assert t.epoch == 5 and not np.isfinite(t.network.weights[1][0, 0])


def test_restore_across_a_change_of_activation_keeps_non_finite_weights():
    t, states = diverged()
    nan_weights = t.network.copy_weights()
    t.set_network(Network(t.network.layers, ["sigmoid", "identity"], nan_weights))  # a new activation
    assert t.network.activation_names == ["sigmoid", "identity"]
    t.restore(states[5])  # a different activation list: restore builds a new Network
    assert t.network.activation_names == ["identity", "identity"] and same(t.network.weights, nan_weights)


def test_a_typed_value_is_still_checked():
    t, _ = diverged()
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            t.set_weight(0, 0, 0, bad)
    t.set_weight(0, 0, 0, 0.5)  # a finite value may replace a nan one
    assert t.network.weights[0][0, 0] == 0.5

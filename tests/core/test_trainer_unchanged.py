"""core.trainer_state.unchanged: whether a change left a trainer as it was (no undo entry then)."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core.presets import make_preset
from xorgui.core.trainer_state import unchanged


def _changed(edit) -> bool:
    t = make_preset("sigmoid")
    before = t.capture(history_base=0)
    edit(t)
    return not unchanged(before, t.capture(history_base=0))


def _set_weight(value):
    def edit(t):
        w = t.network.copy_weights()
        w[1][0, 2] = value
        t.network.set_weights(w)
    return edit


@pytest.mark.parametrize("edit", [
    _set_weight(0.123),
    lambda t: t.run_samples(1),  # the place in the epoch, and a batch's sums
    lambda t: t.run_epochs(1),  # the epoch and the loss history
    lambda t: setattr(t, "config", replace(t.config, learning_rate=0.25)),
    lambda t: setattr(t, "init", replace(t.init, seed=t.init.seed + 1)),
    lambda t: t.add_marker("here"),
], ids=["a weight", "a step", "an epoch", "the rate", "the seed", "a marker"])
def test_every_kind_of_change_counts(edit):
    assert _changed(edit)


def test_a_reset_of_a_run_that_has_not_moved_and_nan_weights_kept_change_nothing():
    assert not _changed(lambda t: t.reinitialize())
    assert not _changed(lambda t: None)
    t = make_preset("sigmoid")
    _set_weight(float("nan"))(t)
    before = t.capture(history_base=0)
    assert unchanged(before, t.capture(history_base=0))  # NaN is NaN again, not a change


def test_other_data_a_split_and_a_diverged_runs_nan_losses():
    from xorgui.core.datasets import DataSource, build

    train, test = build(DataSource("circle", {"size": 40}, test_fraction=0.25))
    t = make_preset("sigmoid")
    before = t.capture(history_base=0)
    t.set_data(train, None, t.source)  # other data alone (the source's name kept)
    assert not unchanged(before, t.capture(history_base=0))
    before = t.capture(history_base=0)
    t.set_data(train, test, t.source)  # a test set alone
    assert not unchanged(before, t.capture(history_base=0))
    diverged = make_preset("sigmoid")
    weights = diverged.network.copy_weights()
    weights[1][:] = np.nan
    diverged.network.set_weights(weights)
    diverged.run_epochs(2)  # NaN losses, from a NaN start
    state = diverged.capture(history_base=0)
    assert np.isnan(state.history_tail).all() and unchanged(state, diverged.capture(history_base=0))

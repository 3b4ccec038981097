"""A snapshot's per-sample losses (computed when a view first asks) are the trainer's."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core.losses import LOSSES
from xorgui.core.presets import make_preset
from xorgui.core.snapshot import describe


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_a_snapshot_s_sample_losses_are_the_trainer_s_bit_for_bit(loss):
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, loss=loss))
    t.run_epochs(7)
    snap, then = describe(t, selected=2), t.sample_losses()
    t.run_epochs(3)  # asked for later, they are still those of the weights the snapshot shows
    assert np.array_equal(snap.sample_losses, then) and not np.array_equal(then, t.sample_losses())
    assert snap.loss == pytest.approx(float(np.mean(snap.sample_losses)), rel=1e-12)

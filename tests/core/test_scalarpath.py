"""The scalar path (tiny problems in straight-line Python floats) against the numpy paths.

It cannot agree bit for bit (numpy's products go through BLAS, its tanh is its own; see
core/scalarpath.py), so it is held to a relative 1e-15 over a few epochs, where one
disagreeing last bit per operation adds up to a few units of 1e-16, in every batch mode,
with every loss, regularizer and activation, and from the middle of a stepped epoch.
"""

import math

import numpy as np
import pytest

from xorgui.core import ACTIVATIONS, LOSSES, REGULARIZERS, Dataset, Network, Trainer, TrainingConfig
from xorgui.core import scalarpath
from xorgui.core.presets import PRESETS, make_preset
from xorgui.core.snapshot import describe

from .test_fastpath import BATCHES, problem, stepped
from .saturation import output_at

# numpy's float64 exp and tanh differ from math's in the last bit for some values (scalarpath's
# docstring): over 6 epochs of mini-batches that came to 2.7e−15 on a weight of 1.24
RTOL = 4e-15
ATOL = 4e-15  # a weight or loss that passes through zero


def assert_close(a: Trainer, b: Trainer) -> None:
    for wa, wb in zip(a.network.weights, b.network.weights):
        np.testing.assert_allclose(wa, wb, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(a.history.values, b.history.values, rtol=RTOL, atol=ATOL)
    assert len(a.history) == len(b.history) and a.epoch == b.epoch


@pytest.mark.parametrize("regularization", sorted(REGULARIZERS))
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("mode", sorted(BATCHES))
def test_scalar_path_equals_numpy_and_stepping_to_1e15(mode, loss, regularization):
    make = problem(loss, regularization, BATCHES[mode], shuffle=BATCHES[mode] not in (None, 1))
    scalar, numpy_ = make(), make()
    scalar.run_epochs(6, engine="scalar")
    numpy_.run_epochs(6, engine="numpy")
    assert_close(scalar, numpy_)
    assert_close(scalar, stepped(make, 6))
    assert not np.allclose(scalar.network.weights[0], make().network.weights[0])  # it trained


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("batch", [None, 1])
def test_every_activation_agrees(activation, batch):
    rng = np.random.default_rng(3)
    layers = [2, 4, 3, 1]
    weights = [rng.uniform(-1, 1, (layers[l + 1], 1 + layers[l])) for l in range(3)]
    data = Dataset(rng.uniform(-1, 1, (5, 2)), rng.uniform(0, 1, (5, 1)))

    def make():
        return Trainer(Network(layers, [activation, activation, "sigmoid"], weights), data,
                       TrainingConfig(learning_rate=0.4, batch_size=batch))
    scalar, numpy_ = make(), make()
    scalar.run_epochs(5, engine="scalar")
    numpy_.run_epochs(5, engine="numpy")
    assert_close(scalar, numpy_)


def test_from_mid_epoch_it_finishes_the_stepped_epoch_first():
    make = problem("cross_entropy", "l1", 2, shuffle=True)
    scalar = make()
    for _ in range(3):
        scalar.step_sample()
    scalar.run_epochs(4, engine="scalar")
    assert_close(scalar, stepped(make, 4))


def test_the_history_ends_on_the_loss_the_snapshot_shows_bit_for_bit():
    t = make_preset("sigmoid")
    t.run_epochs(500, engine="scalar")
    assert describe(t).loss == t.history.last() == t.current_loss()


def test_the_symmetric_network_stays_symmetric_bit_for_bit():
    """The same operations on the same numbers: identical hidden units stay identical."""
    t = make_preset("symmetric")
    t.run_epochs(2000, engine="scalar")
    w_in, w_out = t.network.weights
    assert np.array_equal(w_in[0], w_in[1]) and np.array_equal(w_in[0], w_in[2])
    assert w_out[0, 1] == w_out[0, 2] == w_out[0, 3]


def test_a_diverging_run_records_inf_and_nan_instead_of_raising():
    def make():
        return Trainer(Network([2, 3, 1], ["identity", "identity"], [np.full((3, 3), 5.0), np.full((1, 4), 5.0)]),
                       Dataset.xor(), TrainingConfig(learning_rate=900.0, batch_size=1))
    scalar, numpy_ = make(), make()
    scalar.run_epochs(40, engine="scalar")
    numpy_.run_epochs(40, engine="numpy")
    assert not np.all(np.isfinite(scalar.history.values))
    # the same epochs stop being finite in both
    assert np.array_equal(np.isfinite(scalar.history.values), np.isfinite(numpy_.history.values))


def test_softplus_is_numpys_logaddexp_with_zero():
    xs = [-800.0, -40.0, -1.5, -1e-300, 0.0, 1e-300, 0.7, 33.0, 800.0, math.inf, -math.inf]
    for x in xs:
        assert scalarpath._softplus(x) == pytest.approx(float(np.logaddexp(0.0, x)), rel=1e-15, abs=0)
    assert math.isnan(scalarpath._softplus(math.nan))


def test_tiny_problems_take_it_and_larger_ones_do_not():
    xor = make_preset("sigmoid")
    assert scalarpath.fits(xor.network, 4, xor.loss, "l2")
    assert scalarpath.fits(make_preset("deep").network, 1, xor.loss, "none")
    wide = Network([16, 16, 16], ["tanh", "sigmoid"], [np.zeros((16, 17)), np.zeros((16, 17))])
    assert not scalarpath.fits(wide, 1, xor.loss, "none")
    assert not scalarpath.fits(xor.network, 10_000, xor.loss, "none")
    with pytest.raises(ValueError, match="outside the scalar path"):
        Trainer(wide, Dataset(np.zeros((2, 16)), np.zeros((2, 16))), TrainingConfig()).run_epochs(1, engine="scalar")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_trains_alike_for_a_thousand_epochs(name):
    """Longer runs drift apart only as far as rounding lets them (the presets learn or stay put)."""
    scalar, numpy_ = make_preset(name), make_preset(name)
    scalar.run_epochs(1000, engine="scalar")
    numpy_.run_epochs(1000, engine="numpy")
    for wa, wb in zip(scalar.network.weights, numpy_.network.weights):
        np.testing.assert_allclose(wa, wb, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(scalar.history.values, numpy_.history.values, rtol=1e-12)


@pytest.mark.parametrize("engine", ["numpy", "scalar"])
@pytest.mark.parametrize("batch", [None, 2])
def test_the_forward_pass_a_run_ends_on_is_the_plain_one_bit_for_bit(engine, batch):
    """The snapshot reuses the pass training ended on instead of computing a second one."""
    t = problem("squared", "l2", batch, shuffle=True)()
    t.run_epochs(3, engine=engine)
    reused, plain = t.forward(), t.network.forward(t.data.inputs)
    for mine, theirs in zip(reused.a + reused.z, plain.a + plain.z):
        assert np.array_equal(mine, theirs)
    assert t.current_loss() == t.history.last()
    t.set_weight(0, 0, 0, 0.25)  # an edit: the pass of the old weights is not reused
    edited = t.network.forward(t.data.inputs)
    assert all(np.array_equal(a, b) for a, b in zip(t.forward().z, edited.z))


def test_the_snapshot_back_propagates_the_selected_sample_only():
    t = problem("cross_entropy", "none", None)()
    t.run_epochs(2)
    snap = describe(t, selected=4)
    fwd = t.network.forward(t.data.inputs)
    every = t.network.deltas(fwd, t.data.targets, t.loss)
    assert [d.shape for d in snap.deltas] == [(4,), (2,)]
    for mine, theirs in zip(snap.deltas, every):
        np.testing.assert_allclose(mine, theirs[4], rtol=1e-15, atol=1e-17)


@pytest.mark.parametrize("loss, output", [("squared", "sigmoid"), ("squared", "tanh"), ("cross_entropy", "sigmoid")])
def test_a_saturated_output_keeps_its_tiny_errors_on_both_engines(loss, output):
    # the output's bias at 40: ŷ rounds to 1, and ŷ − y for a target 1 is −σ(−40) (−2e−35 for tanh),
    # not 0: both engines keep those digits in the losses and in the updates they make
    from xorgui.core import Network, Trainer, TrainingConfig

    t = output_at(40.0)
    w = t.network.copy_weights()
    runs = [Trainer(Network([2, 3, 1], ["sigmoid", output], [x.copy() for x in w]), t.data,
                    TrainingConfig(learning_rate=0.5, loss=loss)) for _ in range(2)]
    for trainer, engine in zip(runs, ("scalar", "numpy")):
        trainer.run_epochs(3, engine=engine)
    (scalar, numpy_) = runs
    losses = [trainer.sample_losses() for trainer in runs]
    tiny = losses[1][1]
    assert 0 < tiny < 1e-15 and losses[1][2] == pytest.approx(tiny, rel=1e-9)
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-13)
    for a, b in zip(scalar.network.weights, numpy_.network.weights):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=0)

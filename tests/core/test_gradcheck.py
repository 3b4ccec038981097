"""The gradient check: back-propagation against central differences, by hand and recomputed."""

import numpy as np
import pytest

from xorgui.core import Dataset, Network
from xorgui.core.gradcheck import TOLERANCE, GradCheck, Verdict, gradient_check
from xorgui.core.losses import get_loss
from xorgui.core.presets import make_preset

SQUARED = get_loss("squared")


def test_the_articles_sample_by_hand():
    # 2-3-1 identity, every weight 1, sample (0, 0) → 0: each hidden unit is 1, ŷ = 1 + 3 = 4,
    # δ_D0 = ŷ − y = 4, δ_Zj = V_j·δ_D0 = 4; dL/dV = δ_D0·(1, Z1, Z2, Z3), dL/dW_j = δ_Zj·(1, X1, X2)
    net = Network([2, 3, 1], ["identity", "identity"], [np.ones((3, 3)), np.ones((1, 4))])
    check = gradient_check(net, np.array([[0.0, 0.0]]), np.array([[0.0]]), SQUARED)
    assert [b.tolist() for b in check.backprop] == [[[4.0, 0.0, 0.0]] * 3, [[4.0] * 4]]
    np.testing.assert_allclose(check.numeric[0], [[4, 0, 0]] * 3, rtol=1e-6, atol=0)
    np.testing.assert_allclose(check.numeric[1], [[4] * 4], rtol=1e-6)
    # a weight from a zero input does not move the loss at all: exactly 0 both ways, relative 0
    assert np.all(check.numeric[0][:, 1:] == 0.0) and np.all(check.relative[0][:, 1:] == 0.0)
    assert check.finite and check.verdict == Verdict.PASS and check.max_relative < 1e-6
    assert [w.tolist() for w in net.weights] == [[[1.0] * 3] * 3, [[1.0] * 4]]  # restored exactly


@pytest.mark.parametrize("preset", ["sigmoid", "deep"])
def test_every_number_recomputed_independently(preset):
    t = make_preset(preset)
    t.run_epochs(3)
    net, x, y = t.network, t.data.inputs, t.data.targets
    check = gradient_check(net, x, y, t.loss)
    # back-propagation: the network's own mean gradient
    for b, g in zip(check.backprop, net.gradients(x, y, t.loss)):
        assert np.array_equal(b, g)
    # central differences with ε = 1e-6, done here weight by weight on a copy
    for l, w in enumerate(net.weights):
        for idx in np.ndindex(w.shape):
            probe = net.copy()
            probe.weights[l][idx] += 1e-6
            plus = probe.mean_loss(x, y, t.loss)
            probe.weights[l][idx] -= 2e-6
            minus = probe.mean_loss(x, y, t.loss)
            assert check.numeric[l][idx] == pytest.approx((plus - minus) / 2e-6, rel=1e-6, abs=1e-9)
    # relative difference |b − n| / max(|b|, |n|, 1e-6), elementwise
    for r, b, n in zip(check.relative, check.backprop, check.numeric):
        assert np.array_equal(r, np.abs(b - n) / np.maximum(np.maximum(np.abs(b), np.abs(n)), 1e-6))
    assert 0 < check.max_relative <= TOLERANCE and check.verdict == Verdict.PASS


def test_a_wrong_gradient_fails_and_worst_names_it():
    ones = [np.ones((3, 3)), np.ones((1, 4))]
    relative = [np.zeros((3, 3)), np.array([[0.0, 1e-6, 0.3, 2e-4]])]
    check = GradCheck(backprop=ones, numeric=ones, relative=relative)
    assert check.verdict == Verdict.FAIL and check.max_relative == 0.3
    assert check.worst() == (1, 0, 2)
    relative[0][2, 1] = 0.5  # now the worst is in the first layer
    assert check.worst() == (0, 2, 1) and check.max_relative == 0.5
    at_tolerance = GradCheck(ones, ones, [np.zeros((3, 3)), np.array([[0, 0, 0, TOLERANCE]])])
    assert at_tolerance.verdict == Verdict.PASS  # at most the tolerance passes


def test_a_non_finite_gradient_is_not_compared_but_located():
    ones = [np.ones((3, 3)), np.ones((1, 4))]
    numeric = [np.ones((3, 3)), np.array([[1.0, np.nan, 1.0, 1.0]])]
    relative = [np.full((3, 3), 0.9), np.array([[0.0, np.nan, 0.0, 0.0]])]
    check = GradCheck(backprop=ones, numeric=numeric, relative=relative)
    assert not check.finite and check.verdict == Verdict.NOT_FINITE
    assert np.isnan(check.max_relative)
    assert check.worst() == (1, 0, 1)  # the NaN before the large finite difference


def test_a_diverged_network_gives_not_finite_without_warnings():
    net = Network([2, 2, 1], ["sigmoid", "identity"], [np.full((2, 3), 1e300), np.full((1, 3), 1e300)])
    with np.errstate(all="raise"):  # any floating-point warning would raise here
        check = gradient_check(net, Dataset.xor().inputs, Dataset.xor().targets, SQUARED)
    assert check.verdict == Verdict.NOT_FINITE


def test_a_disagreement_within_the_finite_differences_rounding_is_imprecise_not_a_failure():
    # every weight 1e6 on the article's data: the mean loss is ~2e25, where floats are ~4e9 apart;
    # ε = 1e-6 times ∂J/∂V00 = 6.000001e12 moves it by ~1e7, so L(w + ε) = L(w − ε) and the
    # finite difference is 0: back-propagation is not wrong, the check cannot be made here
    net = Network([2, 3, 1], ["identity", "identity"], [np.full((3, 3), 1e6), np.full((1, 4), 1e6)])
    data = make_preset("seed").data
    check = gradient_check(net, data.inputs, data.targets, get_loss("squared"))
    assert check.verdict == Verdict.IMPRECISE and check.numeric[1][0, 0] == 0.0
    assert check.backprop[1][0, 0] == pytest.approx(6.000001e12)
    # the same network at a scale it resolves passes: nothing but the scale changed
    small = Network([2, 3, 1], ["identity", "identity"], [np.full((3, 3), 1.0), np.full((1, 4), 1.0)])
    assert gradient_check(small, data.inputs, data.targets, get_loss("squared")).verdict == Verdict.PASS


def test_a_wrong_gradient_at_a_large_loss_still_fails(monkeypatch):
    # weights of 100: a loss of ~3e8, where the finite difference still resolves every gradient;
    # back-propagation off by 1% on one weight must read FAIL, never IMPRECISE
    net = Network([2, 3, 1], ["tanh", "identity"], [np.full((3, 3), 100.0), np.full((1, 4), 100.0)])
    data = make_preset("seed").data
    assert gradient_check(net, data.inputs, data.targets, SQUARED).verdict == Verdict.PASS
    exact = Network.gradients

    def off_by_one_percent(self, *args, **kwargs):
        grads = exact(self, *args, **kwargs)
        grads[1][0, 2] *= 1.01
        return grads
    monkeypatch.setattr(Network, "gradients", off_by_one_percent)
    check = gradient_check(net, data.inputs, data.targets, SQUARED)
    assert check.verdict == Verdict.FAIL and check.worst() == (1, 0, 2)

"""The loss and regularizer registries: values by hand, derivatives by finite differences,
and the words a user reads."""

from decimal import Decimal, localcontext

import numpy as np
import pytest

from xorgui.core import ACTIVATIONS, LOSSES, REGULARIZERS, get_activation, get_loss, get_regularizer

H = 1e-6


def output_activation(loss):
    return get_activation(loss.requires_output or "tanh")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_output_delta_is_the_derivative_of_the_loss(name):
    """δ = dL/da at the output, checked by central differences of L(f(a)) per sample and unit."""
    loss, rng = get_loss(name), np.random.default_rng(3)
    act = output_activation(loss)
    a = rng.uniform(-2, 2, (5, 2))
    y = rng.uniform(0, 1, (5, 2))
    delta = loss.output_delta(a, act.function(a), y, act)
    numeric = np.empty_like(a)
    for idx in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[idx] += H
        down[idx] -= H
        numeric[idx] = (loss.per_sample(up, act.function(up), y)[idx[0]]
                        - loss.per_sample(down, act.function(down), y)[idx[0]]) / (2 * H)
    np.testing.assert_allclose(delta, numeric, rtol=1e-7, atol=1e-9)


def test_loss_values_by_hand():
    sq, ce = get_loss("squared"), get_loss("cross_entropy")
    z, y = np.array([[0.75, 0.5]]), np.array([[1.0, 0.0]])
    # ½·((0.75 − 1)² + (0.5 − 0)²) = ½·(0.0625 + 0.25)
    assert sq.per_sample(None, z, y)[0] == 0.15625
    a = np.array([[np.log(3.0), 0.0]])  # σ(ln 3) = 0.75, σ(0) = 0.5
    # −[1·ln 0.75 + 0] − [0 + 1·ln 0.5]
    np.testing.assert_allclose(ce.per_sample(a, z, y)[0], -np.log(0.75) - np.log(0.5), rtol=1e-15)
    # the mean is the total over samples divided by their number, for both
    zz, yy = np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]])
    assert sq.mean(None, zz, yy) == (0.5 + 4.5) / 2


@pytest.mark.parametrize("name", sorted(REGULARIZERS))
def test_regularizer_gradient_is_the_derivative_of_its_penalty(name):
    reg, rng = get_regularizer(name), np.random.default_rng(4)
    w = rng.uniform(-2, 2, (3, 4))
    w[np.abs(w) < 0.01] = 0.5  # |W| has a kink at 0: stay away from it
    rate = 0.3
    g = reg.gradient(w, rate)
    g = np.zeros_like(w) if g is None else g
    numeric = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[idx] += H
        down[idx] -= H
        numeric[idx] = (reg.penalty([up], rate) - reg.penalty([down], rate)) / (2 * H)
    np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-9)
    assert np.all(g[:, 0] == 0.0)  # bias weights are never penalized


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_an_activation_written_into_a_buffer_is_the_same_bits_and_leaves_its_input(name):
    act = get_activation(name)
    a = np.array([[-40.0, -1.5, -1e-300, -0.0], [0.0, 0.3, 2.0, 40.0], [np.nan, np.inf, -np.inf, 7.5]])
    kept = a.copy()
    out = np.full_like(a, 123.0)
    assert act.function(a, out=out) is out
    assert np.array_equal(out, act.function(a), equal_nan=True)
    assert np.array_equal(a, kept, equal_nan=True)
    column = np.full((3, 5), 9.0)[:, 1:]  # a strided view, as the engines' buffers are
    act.function(a[:, :4], out=column)
    assert np.array_equal(column, act.function(a[:, :4]), equal_nan=True)
    assert float(act.function(0.25)) == float(act.function(np.array([0.25]))[0])  # a plain float works too


def test_regularizer_values_by_hand():
    w = np.array([[5.0, -2.0, 3.0]])  # the bias 5 is not penalized
    assert get_regularizer("l1").penalty([w], 0.5) == 0.5 * (2 + 3)
    assert get_regularizer("l2").penalty([w], 0.5) == 0.5 * 0.5 * (4 + 9)
    assert get_regularizer("none").penalty([w], 0.5) == 0.0
    assert get_regularizer("l1").gradient(w, 0.5).tolist() == [[0.0, -0.5, 0.5]]
    assert get_regularizer("l2").gradient(w, 0.5).tolist() == [[0.0, -1.0, 1.5]]
    assert get_regularizer("l2").gradient(w, 0.0) is None  # λ = 0 adds nothing
    assert not get_regularizer("none").penalizes and get_regularizer("l1").penalizes


@pytest.mark.parametrize("entry", list(LOSSES.values()) + list(REGULARIZERS.values()), ids=lambda e: e.name)
def test_a_user_reads_words_not_identifiers(entry):
    for text in (entry.title, entry.label):
        assert text and "_" not in text


def test_unknown_names_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="squared, cross_entropy"):
        get_loss("hinge")
    with pytest.raises(ValueError, match="none, l1, l2"):
        get_regularizer("l3")


def test_walkthrough_formula_text_comes_from_the_loss():
    sq, ce = get_loss("squared"), get_loss("cross_entropy")
    assert sq.written(["ŷ"], ["y"]) == "½·(ŷ − y)²"
    assert sq.written(["ŷ_D1", "ŷ_D2"], ["y_D1", "y_D2"]) == "½·[(ŷ_D1 − y_D1)² + (ŷ_D2 − y_D2)²]"
    assert sq.substituted(np.array([0.25]), np.array([-1.0]), 4) == "½·(0.25 − (−1))²"
    assert ce.written(["ŷ"], ["y"]) == "−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]"
    assert ce.substituted(np.array([0.25]), np.array([1.0]), 2) == "−[1·ln 0.25 + 0·ln 0.75]"
    assert sq.delta_written("ŷ", "y", "D0") == "(ŷ − y)·f'(a_D0)"
    assert sq.delta_substituted(0.5, 1.0, 0.25, 4, -0.5) == "(0.5 − 1)·0.25"
    assert ce.delta_written("ŷ", "y", "D0") == "ŷ − y"
    assert ce.delta_substituted(0.5, 1.0, 0.25, 4, -0.5) == "0.5 − 1"  # the slope cancels


def _exact_sigmoid(a: float) -> Decimal:
    """σ(a) = 1/(1 + e^−a) in 40-digit decimals."""
    with localcontext() as c:
        c.prec = 40
        return 1 / (1 + (-Decimal(a)).exp())


@pytest.mark.parametrize("a", [-745.0, -700.0, -40.0, -33.0, -10.0, -5.0, -0.3, 0.0, 0.3, 5.0, 9.99, 10.01, 17.0, 33.0,
                               40.0])
def test_sigmoid_its_slope_and_tanhs_slope_keep_every_digit_however_saturated(a):
    # ½·(1 + tanh(a/2)) gave σ(−33) = 4.663e−15 (it is 4.659e−15) and 0 below −37; z·(1 − z) gave
    # σ'(33) = 4.219e−15 (it is 4.178e−15), 1 − z² tanh'(17) = 6.883e−15 (it is 6.856e−15)
    sig, tanh = get_activation("sigmoid"), get_activation("tanh")
    x = np.array([a])
    s = _exact_sigmoid(a)
    with localcontext() as c:
        c.prec = 40
        slope = s * (1 - s)
        sech2 = 1 / ((Decimal(a).exp() + (-Decimal(a)).exp()) / 2) ** 2
    # the textbook ½·(1 + tanh(a/2)), z·(1 − z), 1 − z² up to SIGMOID_FAR, TANH_FAR: within 3e−12 there
    assert float(sig.function(x)[0]) == pytest.approx(float(s), rel=3e-12, abs=0)
    assert float(sig.derivative(x, sig.function(x))[0]) == pytest.approx(float(slope), rel=3e-12, abs=0)
    assert float(tanh.derivative(x, tanh.function(x))[0]) == pytest.approx(float(sech2), rel=3e-12, abs=0)
    # what a learner works from the shown z stays the textbook formula
    assert sig.written_derivative(x, np.array([0.25]))[0] == 0.25 * 0.75
    assert tanh.written_derivative(x, np.array([0.5]))[0] == 0.75


def test_a_cross_entropy_written_from_the_sums_never_takes_ln_0():
    # a = 40.1: ŷ rounds to 1 in floats, so 1 − ŷ was 0 and the line read "ln 0" beside L = 40.1
    ce = get_loss("cross_entropy")
    a = np.array([40.1])
    yhat = get_activation("sigmoid").function(a)
    assert yhat[0] == 1.0
    assert ce.substituted(yhat, np.array([0.0]), 4, a) == "−[0·ln(1 − 3.844e−18) + 1·ln 3.844e−18]"
    # ... and ŷ, rounded to 1, too: "1·ln 1" was 0 beside a loss of 3.844e−18
    assert ce.substituted(yhat, np.array([1.0]), 4, a) == "−[1·ln(1 − 3.844e−18) + 0·ln 3.844e−18]"
    y1 = np.array([[1.0]])
    delta = ce.output_delta(a[None, :], yhat[None, :], y1, get_activation("sigmoid"))
    assert delta[0, 0] == pytest.approx(-3.844e-18, rel=2e-4)  # ŷ − y = −σ(−40.1), not 1 − 1 = 0
    assert float(_exact_sigmoid(-40.1)) == pytest.approx(3.844e-18, rel=2e-4)
    # beyond the smallest float the logarithm is written as its value
    assert ce.substituted(np.array([1.0]), np.array([0.0]), 4, np.array([800.0])) == "−[0·ln 1 + 1·(−800)]"


@pytest.mark.parametrize("a", [-40.0, -20.0, -5.01, -4.99, -3.0, 0.0, 3.0, 4.99, 5.01, 9.99, 10.01, 20.0, 40.0, 700.0])
@pytest.mark.parametrize("y", [-1.0, 0.0, 0.3, 1.0])
def test_an_outputs_error_keeps_every_digit_where_y_hat_rounds_to_its_target(a, y):
    # σ(40) and tanh(20) are 1 in floats: z − y for a target 1 was 0, not −4.248e−18 and −8.5e−18
    sig, tanh = get_activation("sigmoid"), get_activation("tanh")
    x, t = np.array([[a]]), np.array([[y]])
    with localcontext() as c:
        c.prec = 400  # 1 − 1e−300 and back: the differences keep their own digits
        exact_sig = 1 / (1 + (-Decimal(a)).exp()) - Decimal(y)
        e = (-2 * Decimal(a)).exp()
        exact_tanh = (1 - e) / (1 + e) - Decimal(y)
    for act, exact in ((sig, exact_sig), (tanh, exact_tanh)):
        got = float(act.output_error(x, act.function(x), t)[0, 0])
        assert got == pytest.approx(float(exact), rel=3e-12, abs=1e-300), act.name
    assert get_activation("identity").output_error(x, x, t)[0, 0] == a - y  # z − y is exact elsewhere


def test_the_squared_loss_of_an_output_takes_its_error_with_every_digit():
    sig = get_activation("sigmoid")
    a, y = np.array([[40.0]]), np.array([[1.0]])
    bound = get_loss("squared").for_output(sig)
    assert bound.per_sample(a, sig.function(a), y)[0] == pytest.approx(0.5 * float(_exact_sigmoid(-40.0)) ** 2)
    assert get_loss("squared").per_sample(a, sig.function(a), y)[0] == 0.0  # unbound: from z − y
    assert get_loss("cross_entropy").for_output(sig) is get_loss("cross_entropy")  # from a already


def test_cross_entropy_written_from_the_sums_for_two_outputs_and_at_6_decimals():
    ce = get_loss("cross_entropy")
    a = np.array([0.5, -800.0])  # D1's ŷ underflows to 0: its ln ŷ is written as its value, −800
    yhat = get_activation("sigmoid").function(a)
    y = np.array([0.0, 1.0])
    assert ce.substituted(yhat, y, 6, a) == "−[0·ln 0.622459 + 1·ln 0.377541 + 1·(−800) + 0·ln 1]"
    assert ce.substituted(np.array([0.25, 0.5]), np.array([1.0, 0.0]), 2) == (
        "−[1·ln 0.25 + 0·ln 0.75 + 0·ln 0.5 + 1·ln 0.5]")
    assert ce.substituted(np.array([0.123456]), np.array([0.25]), 6) == "−[0.25·ln 0.123456 + 0.75·ln 0.876544]"
    assert ce.substituted(np.array([1.0]), np.array([1.0]), 6, np.array([40.0])) == (
        "−[1·ln(1 − 4.24835e−18) + 0·ln 4.24835e−18]")

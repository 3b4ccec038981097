"""The one update W := W − α·(∂L/∂W + λ·R'(W)) and the penalties, with numbers worked by hand."""

import numpy as np
import pytest

from xorgui.core.regularizers import REGULARIZERS, get_regularizer
from xorgui.core.training import TrainingConfig
from xorgui.core.update import descend, regularization_terms

# one layer: bias column first, then two weights from the inputs
W = np.array([[0.5, -2.0, 0.0],
              [-1.0, 3.0, -0.25]])
G = np.array([[0.1, 0.2, -0.4],
              [1.0, -0.5, 0.0]])


def config(reg="none", rate=0.0, lr=0.5):
    return TrainingConfig(learning_rate=lr, regularization=reg, regularization_rate=rate)


def test_plain_gradient_step():
    (new,) = descend(config(lr=0.5), [W], [G])
    # W − 0.5·G, entry by entry
    assert new.tolist() == [[0.45, -2.1, 0.2], [-1.5, 3.25, -0.25]]


def test_l2_adds_lambda_times_w_except_on_the_bias_column():
    (new,) = descend(config("l2", 0.1, lr=0.5), [W], [G])
    # W − 0.5·(G + 0.1·W), with nothing added in column 0
    expected = [[0.5 - 0.5 * 0.1, -2.0 - 0.5 * (0.2 + 0.1 * -2.0), 0.0 - 0.5 * (-0.4 + 0.0)],
                [-1.0 - 0.5 * 1.0, 3.0 - 0.5 * (-0.5 + 0.3), -0.25 - 0.5 * (0.0 + 0.1 * -0.25)]]
    np.testing.assert_allclose(new, expected, rtol=0, atol=1e-15)


def test_l1_adds_lambda_times_the_sign_and_nothing_at_zero():
    (new,) = descend(config("l1", 0.2, lr=1.0), [W], [G])
    # W − (G + 0.2·sign(W)); sign(0) = 0; bias column unregularized
    expected = [[0.5 - 0.1, -2.0 - (0.2 - 0.2), 0.0 - (-0.4 + 0.0)],
                [-1.0 - 1.0, 3.0 - (-0.5 + 0.2), -0.25 - (0.0 - 0.2)]]
    np.testing.assert_allclose(new, expected, rtol=0, atol=1e-15)


def test_a_zero_rate_is_no_regularization():
    assert np.array_equal(descend(config("l2", 0.0), [W], [G])[0], descend(config(), [W], [G])[0])
    assert get_regularizer("l2").gradient(W, 0.0) is None


def test_descend_without_out_changes_nothing_it_was_given():
    w, g = W.copy(), G.copy()
    descend(config("l2", 0.1), [w], [g])
    assert np.array_equal(w, W) and np.array_equal(g, G)


def test_descend_in_place_uses_the_weights_before_the_update_for_the_penalty():
    w, g = W.copy(), G.copy()
    (out,) = descend(config("l2", 0.1, lr=0.5), [w], [g], out=[w])
    assert out is w
    expected = W - 0.5 * (G + 0.1 * np.hstack([np.zeros((2, 1)), W[:, 1:]]))
    np.testing.assert_allclose(w, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(g, 0.5 * (G + 0.1 * np.hstack([np.zeros((2, 1)), W[:, 1:]])), atol=1e-15)


def test_penalties_leave_out_the_bias_weights():
    second = np.array([[7.0, 1.0, -1.0, 2.0]])
    assert get_regularizer("l1").penalty([W, second], 0.5) == 0.5 * (2 + 0 + 3 + 0.25 + 1 + 1 + 2)
    assert get_regularizer("l2").penalty([W, second], 0.5) == pytest.approx(
        0.5 * 0.5 * (4 + 0 + 9 + 0.0625 + 1 + 1 + 4))
    assert get_regularizer("none").penalty([W], 0.5) == 0.0
    assert get_regularizer("l2").penalty([W], 0.0) == 0.0


def test_regularization_terms_are_zero_arrays_without_a_penalty():
    terms = regularization_terms(config("l2", 0.1), [W])
    np.testing.assert_allclose(terms[0], [[0.0, -0.2, 0.0], [0.0, 0.3, -0.025]], atol=1e-15)
    (zero,) = regularization_terms(config(), [W])
    assert zero.shape == W.shape and not zero.any()


def test_the_registry_reads_like_the_activations():
    assert list(REGULARIZERS) == ["none", "l1", "l2"]
    assert [r.label for r in REGULARIZERS.values()] == ["none", "L1  λ·Σ|W|", "L2  ½·λ·ΣW²"]
    assert [r.penalizes for r in REGULARIZERS.values()] == [False, True, True]
    with pytest.raises(ValueError, match="unknown regularization 'l3'; choose one of none, l1, l2"):
        get_regularizer("l3")

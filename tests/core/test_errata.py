"""The article's worked example and its errata; every diagnostic finding has a remedy."""

import numpy as np
import pytest

from xorgui.core.errata import LINEAR_EPOCHS, SYMMETRY_EPOCHS, Erratum, article_trainer, errata
from xorgui.core.presets import make_preset


@pytest.fixture(scope="module")
def found():
    return errata()


@pytest.fixture(scope="module")
def rows(found):
    return {e.key: e for e in found}


def test_five_errata_in_order(found):
    assert [e.key for e in found] == ["sign", "zero_inputs", "bias_delta", "linear", "symmetry"]
    for e in found:
        assert isinstance(e, Erratum)
        assert e.demo == e.key
        assert all(isinstance(getattr(e, f), str) and getattr(e, f)
                   for f in ("claim", "article", "xorgui", "why"))


def test_hand_values_of_the_sign_erratum():
    # All-equal weights w, identity units, input (0, 0): every hidden a = z = w (bias only),
    # and D0 = w + 3·w·w.
    def prediction(w):
        return w + 3 * w * w

    lr, y = 0.1, 0.0
    y_hat = prediction(1.0)
    assert y_hat == 4.0
    article_delta = y - y_hat  # the article's "loss" y − ŷ used as the delta
    article_w = 1.0 - lr * 1.0 * article_delta  # and still subtracted: uphill
    correct_w = 1.0 - lr * 1.0 * (y_hat - y)
    assert article_w == pytest.approx(1.4)
    assert correct_w == pytest.approx(0.6)
    assert prediction(article_w) == pytest.approx(7.28)
    assert prediction(correct_w) == pytest.approx(1.68)


def test_sign_row(rows):
    sign = rows["sign"]
    assert "7.28" in sign.article and "1.4" in sign.article
    assert "δ_D0 = −4" in sign.article
    assert "1.68" in sign.xorgui and "0.6" in sign.xorgui
    assert "δ_D0 = ŷ − y = 4" in sign.xorgui
    assert sign.article == "δ_D0 = −4; W10 = 1.4; new prediction for (0,0): 7.28"
    assert sign.xorgui == "δ_D0 = ŷ − y = 4; W10 = 0.6; new prediction: 1.68"
    assert "from 4 to 7.28" in sign.why and "to 1.68" in sign.why


def test_sign_row_numbers_come_from_the_engine():
    # the engine's own step on the article's setup gives the correct numbers
    t = article_trainer()
    assert t.config.batch_size == 1 and t.config.learning_rate == 0.1
    t.step_sample()
    assert t.network.weights[0][:, 0] == pytest.approx([0.6] * 3)
    assert t.network.weights[0][:, 1:] == pytest.approx(np.ones((3, 2)))  # zero inputs: no change
    assert t.network.weights[1] == pytest.approx(np.full((1, 4), 0.6))
    assert float(t.network.forward(t.data.inputs[:1]).output[0, 0]) == pytest.approx(1.68)
    # and the article's all-1.4 weights would give 7.28
    probe = t.network.copy()
    probe.set_weights([np.full_like(w, 1.4) for w in probe.weights])
    assert float(probe.forward(t.data.inputs[:1]).output[0, 0]) == pytest.approx(7.28)


def test_zero_inputs_and_bias_rows(rows):
    z = rows["zero_inputs"]
    assert "1.4" in z.article
    assert z.xorgui == "W11 = 1 (∂L/∂W11 = X1·δ_Z1 = 0·4 = 0)"
    b = rows["bias_delta"]
    assert b.article == "δ_Z0 = −4"
    assert b.xorgui == "Z0 has no delta"


def test_linear_row(rows):
    lin = rows["linear"]
    assert f"after {LINEAR_EPOCHS} epochs" in lin.xorgui
    assert "loss 0.125" in lin.xorgui
    assert "predictions 0.5, 0.5, 0.5, 0.5" in lin.xorgui
    assert "0.125" in lin.why


def test_symmetry_row(rows):
    sym = rows["symmetry"]
    assert f"after {SYMMETRY_EPOCHS} sigmoid epochs" in sym.xorgui
    assert "units Z1, Z2, Z3 still identical" in sym.xorgui


def test_errata_leave_no_shared_state(found):
    # errata() builds its own trainers: another call gives the same rows
    assert errata() == found

"""The article's worked example and its errata; every diagnostic finding has a remedy."""

import ast
import inspect

import numpy as np
import pytest

from xorgui.core import Dataset, Network, Trainer, TrainingConfig
from xorgui.core import diagnostics
from xorgui.core.diagnostics import REMEDIES, diagnose
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


# -- Why isn't it learning? Every finding has a remedy ----------------------------------------------
def _finding_codes_in_source() -> set[str]:
    """The codes of every Finding(...) that diagnostics.py can construct."""
    tree = ast.parse(inspect.getsource(diagnostics))
    codes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str)
            codes.add(first.value)
    return codes


def _xor(activations, weights):
    layers = [2, len(weights[0]), 1]
    return Trainer(Network(layers, activations, [np.asarray(w, dtype=float) for w in weights]), Dataset.xor())


def _diverged():
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=0.5))
    t.run_epochs(2)
    return t


def _non_finite():
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=0.5))
    t.run_epochs(8)
    return t


def _dead_relu():
    # every hidden weighted sum is negative for every XOR sample
    return _xor(["relu", "identity"], [[[-1, -1, -1], [-2, -1, -2], [-3, -2, -1]], [[0.1, 0.2, 0.3, 0.4]]])


def _saturated():
    # every hidden sigmoid sits above 0.9999 for every sample
    return _xor(["sigmoid", "sigmoid"], [[[10, 1, 2], [11, 2, 1], [12, 1, 1]], [[0.1, 0.2, 0.3, 0.4]]])


def _plateau():
    t = _xor(["sigmoid", "sigmoid"], [[[0.1, 0.2, -0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.9]],
                                      [[0.1, -0.2, 0.3, -0.4]]])
    return Trainer(t.network, t.data, t.config, history=[0.25] * diagnostics.PLATEAU_EPOCHS)


STATES = {
    "linear": lambda: make_preset("seed"),
    "symmetric": lambda: make_preset("symmetric"),
    "diverged": _diverged,
    "non_finite": _non_finite,
    "dead_relu": _dead_relu,
    "saturated": _saturated,
    "plateau": _plateau,
}


@pytest.mark.parametrize("code", sorted(STATES))
def test_state_produces_its_finding_and_it_has_a_remedy(code):
    found = [f.code for f in diagnose(STATES[code]())]
    assert code in found, found
    remedies = REMEDIES[code]
    assert len(remedies) >= 1
    for remedy_id, label in remedies:
        assert isinstance(remedy_id, str) and remedy_id
        assert isinstance(label, str) and label


def test_every_code_diagnose_can_produce_has_a_remedy():
    codes = _finding_codes_in_source()
    assert codes == set(STATES)  # the states above cover every finding
    assert codes <= set(REMEDIES)
    assert all(REMEDIES[c] for c in codes)


def test_specific_states():
    assert sorted(f.code for f in diagnose(_diverged())) == ["diverged", "linear", "symmetric"]
    assert diagnose(_non_finite())[0].code == "non_finite"  # most serious first
    assert diagnose(_non_finite())[0].severity == "error"
    dead = next(f for f in diagnose(_dead_relu()) if f.code == "dead_relu")
    assert dead.units == ("Z1", "Z2", "Z3")
    sat = next(f for f in diagnose(_saturated()) if f.code == "saturated")
    assert sat.units == ("Z1", "Z2", "Z3")
    assert [f.code for f in diagnose(_plateau())] == ["plateau"]

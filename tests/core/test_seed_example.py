"""The seed article's worked example, number for number.

2-3-1 network, identity units, every weight 1, learning rate 0.1, squared loss, XOR data.
Sample 0 is (0, 0) with target 0.
"""

import numpy as np
import pytest

from xorgui.core import Network, TrainingConfig
from xorgui.core import sessionfile
from xorgui.core.naming import weight_names
from xorgui.core.presets import default_session, make_preset

BIAS_OR_HIDDEN_SOURCE = ["W10", "W20", "W30", "V00", "V01", "V02", "V03"]
INPUT_SOURCE = ["W11", "W12", "W21", "W22", "W31", "W32"]


def by_name(layers, weights):
    """{"W10": value, ...} for a list of weight matrices."""
    names = weight_names(layers)
    return {names[l][r][c]: float(w[r, c])
            for l, w in enumerate(weights) for r in range(w.shape[0]) for c in range(w.shape[1])}


@pytest.fixture(params=["preset", "document"])
def seed(request):
    """The article's setup in full batch (File ▸ Examples, and the session-file default)."""
    if request.param == "preset":
        return make_preset("seed")
    return sessionfile.from_dict(sessionfile.default_document())


def test_default_session_is_the_seed_setup_with_online_updates():
    default, seed = default_session(), make_preset("seed")
    assert default.config.batch_size == 1 and default.batch_size == 1
    assert default.network.layers == seed.network.layers
    assert default.network.activation_names == seed.network.activation_names
    assert all(np.array_equal(a, b) for a, b in zip(default.network.weights, seed.network.weights))
    assert default.config.learning_rate == seed.config.learning_rate == 0.1
    assert default.data.inputs.tolist() == seed.data.inputs.tolist()


def test_the_first_step_of_the_default_session_is_the_articles_step_corrected():
    t = default_session()
    result = t.step_sample()
    assert result.sample == 0 and result.updated
    check_after_one_step([2, 3, 1], t.network.weights)  # 0.6, and 1 from the zero inputs
    # the same step a learner checks: the prediction for (0, 0) falls from 4 to 1.68, L from 8 to 1.4112
    after = t.network.forward([[0.0, 0.0]]).output[0, 0]
    assert after == pytest.approx(0.6 + 3 * 0.6 * 0.6, abs=1e-15)
    assert 0.5 * after ** 2 == pytest.approx(1.4112, abs=1e-12)


def test_seed_setup_is_the_article(seed):
    assert seed.network.layers == [2, 3, 1]
    assert seed.network.activation_names == ["identity", "identity"]
    assert [w.shape for w in seed.network.weights] == [(3, 3), (1, 4)]
    assert all(np.all(w == 1.0) and w.dtype == np.float64 for w in seed.network.weights)
    assert seed.config.learning_rate == 0.1
    assert seed.config.loss == "squared"
    assert seed.config.batch_size is None
    assert seed.config.regularization == "none"
    assert seed.epoch == 0 and len(seed.history) == 0
    assert seed.data.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert seed.data.targets.tolist() == [[0], [1], [1], [0]]


def test_default_document_is_exactly_the_issue_text():
    assert sessionfile.default_document() == {
        # the issue text had version 1; 2 changed only the history, 3 added the data's source and split
        "format": "xorgui-session", "version": 3,
        "network": {"layers": [2, 3, 1], "activations": ["identity", "identity"],
                    "weights": [[[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, 1, 1, 1]]]},
        "training": {"learning_rate": 0.1, "loss": "squared", "batch_size": None,
                     "regularization": "none", "regularization_rate": 0.0, "epoch": 0},
        "data": {"inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]]},
    }


def test_seed_names():
    assert weight_names([2, 3, 1]) == [
        [["W10", "W11", "W12"], ["W20", "W21", "W22"], ["W30", "W31", "W32"]],
        [["V00", "V01", "V02", "V03"]],
    ]


def test_forward_on_sample_0(seed):
    fwd = seed.network.forward([[0.0, 0.0]])
    assert fwd.a[0].tolist() == [[1.0, 1.0, 1.0]]  # a_Z1 = a_Z2 = a_Z3 = 1
    assert fwd.z[0].tolist() == [[1.0, 1.0, 1.0]]  # Z1 = Z2 = Z3 = 1
    assert fwd.a[1].tolist() == [[4.0]]
    assert fwd.output.tolist() == [[4.0]]  # D0 = 4


def test_trace_of_sample_0(seed):
    before = seed.network.copy_weights()
    tr = seed.trace(0)
    assert tr.inputs.tolist() == [0.0, 0.0]
    assert tr.target.tolist() == [0.0]
    assert [s.tolist() for s in tr.sources] == [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]
    assert tr.a[0].tolist() == [1.0, 1.0, 1.0]
    assert tr.z[0].tolist() == [1.0, 1.0, 1.0]
    assert tr.a[1].tolist() == [4.0]
    assert tr.output.tolist() == [4.0]
    assert tr.error.tolist() == [-4.0]  # the article's y − ŷ
    assert tr.loss == 8.0  # ½·(4 − 0)²
    assert tr.deltas[1].tolist() == [4.0]  # output delta ŷ − y = +4
    assert tr.deltas[0].tolist() == [4.0, 4.0, 4.0]  # V0j·δ_D0·1
    assert tr.gradients[0].tolist() == [[4.0, 0.0, 0.0]] * 3
    assert tr.gradients[1].tolist() == [[4.0, 4.0, 4.0, 4.0]]
    assert all(np.all(r == 0.0) for r in tr.regularization)
    # tracing does not change the network
    assert all(np.array_equal(a, b) for a, b in zip(before, seed.network.weights))
    assert all(np.array_equal(a, b) for a, b in zip(before, tr.weights_before))


def check_after_one_step(layers, weights):
    values = by_name(layers, weights)
    assert len(values) == 13
    for name in BIAS_OR_HIDDEN_SOURCE:
        assert values[name] == 0.6, name  # 1 − 0.1·1·4 (bit-exact: 1 − 0.4 == 0.6)
    for name in INPUT_SOURCE:
        assert values[name] == 1.0, name  # input 0: no gradient, unchanged


def test_trace_weights_after(seed):
    check_after_one_step([2, 3, 1], seed.trace(0).weights_after)
    assert seed.trace(0).weights_after[0].tolist() == [[0.6, 1.0, 1.0]] * 3
    assert seed.trace(0).weights_after[1].tolist() == [[0.6, 0.6, 0.6, 0.6]]


def test_online_step_sample_gives_the_same(seed):
    seed.set_config(TrainingConfig(learning_rate=0.1, batch_size=1))
    assert seed.next_sample == 0
    result = seed.step_sample()
    assert result.sample == 0
    assert result.updated is True
    assert result.epoch_finished is False
    assert seed.cursor == 1 and seed.epoch == 0
    check_after_one_step([2, 3, 1], seed.network.weights)
    assert result.trace.output.tolist() == [4.0]


def test_article_sign_raises_the_prediction_and_descent_lowers_it(seed):
    tr = seed.trace(0)
    lr = seed.config.learning_rate
    # the article adds α·z·δ ...
    article = [w + lr * g for w, g in zip(tr.weights_before, tr.gradients)]
    values = by_name([2, 3, 1], article)
    for name in BIAS_OR_HIDDEN_SOURCE:
        assert values[name] == pytest.approx(1.4, abs=1e-15)
    for name in INPUT_SOURCE:
        assert values[name] == 1.0
    net = Network([2, 3, 1], ["identity", "identity"], article)
    worse = net.forward([[0, 0]]).output[0, 0]
    assert worse == pytest.approx(7.28, abs=1e-12)  # 1.4 + 3·1.4·1.4: further from the target 0
    # ... correct descent subtracts it
    good = Network([2, 3, 1], ["identity", "identity"], tr.weights_after).forward([[0, 0]]).output[0, 0]
    assert good == pytest.approx(1.68, abs=1e-12)  # 0.6 + 3·0.6·0.6: closer to 0
    assert abs(good - 0.0) < 4.0 < abs(worse - 0.0)


def test_full_batch_first_epoch_by_hand(seed):
    """Mean gradient over the four samples, worked out by hand.

    Outputs 4, 7, 7, 10 (targets 0, 1, 1, 0) → deltas 4, 6, 6, 10 at D0 and at every Z.
    ∂/∂bias weights = mean δ = 6.5; ∂/∂V0j = mean z·δ = (4 + 12 + 12 + 30)/4 = 14.5;
    ∂/∂Wj1 = ∂/∂Wj2 = (6 + 10)/4 = 4.
    """
    assert seed.current_loss() == 23.5  # ½(16 + 36 + 36 + 100)/4
    grads = seed.network.gradients(seed.data.inputs, seed.data.targets, seed.loss)
    assert grads[0].tolist() == [[6.5, 4.0, 4.0]] * 3
    assert grads[1].tolist() == [[6.5, 14.5, 14.5, 14.5]]
    seed.run_epochs(1)
    np.testing.assert_allclose(seed.network.weights[0], [[0.35, 0.6, 0.6]] * 3, rtol=0, atol=1e-15)
    np.testing.assert_allclose(seed.network.weights[1], [[0.35, -0.45, -0.45, -0.45]], rtol=0, atol=1e-15)
    assert seed.epoch == 1
    # history: mean loss after the epoch. Outputs now 0.35 − 1.35·0.35 = −0.1225 for (0,0),
    # z = 0.95 → 0.35 − 1.35·0.95 = −0.9325 for (0,1)/(1,0), z = 1.55 → −1.7425 for (1,1)
    expected = 0.5 * (0.1225 ** 2 + 2 * 1.9325 ** 2 + 1.7425 ** 2) / 4
    assert seed.history.values.tolist() == pytest.approx([expected], abs=1e-14)

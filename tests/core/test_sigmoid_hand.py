"""Hand-derived examples, worked out independently of the engine with plain Python.

No numpy maths here: math.exp / math.tanh / math.log and explicit loops only. The
engine must agree to 1e-12.
"""

import math

import numpy as np
import pytest

from xorgui.core import Dataset, Network, Trainer, TrainingConfig, get_loss
from xorgui.core.trace import trace_sample

TOL = 1e-12


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


# -- the 2-2-1 sigmoid network written out term by term ----------------------------------------
W = [[0.1, 0.4, -0.7],     # a_Z1 = 0.1·1 + 0.4·x1 − 0.7·x2
     [-0.3, 0.9, 0.2]]     # a_Z2 = −0.3·1 + 0.9·x1 + 0.2·x2
V = [[0.25, -1.1, 0.8]]    # a_D0 = 0.25·1 − 1.1·z1 + 0.8·z2
X = [0.8, -0.3]
LR = 0.5


def hand_221(y, loss):
    """Everything for one sample, written out; ``loss`` is 'squared' or 'cross_entropy'."""
    x1, x2 = X
    a1 = W[0][0] * 1 + W[0][1] * x1 + W[0][2] * x2
    a2 = W[1][0] * 1 + W[1][1] * x1 + W[1][2] * x2
    z1, z2 = sig(a1), sig(a2)
    ao = V[0][0] * 1 + V[0][1] * z1 + V[0][2] * z2
    yhat = sig(ao)
    if loss == "squared":
        L = 0.5 * (yhat - y) ** 2
        d_out = (yhat - y) * yhat * (1 - yhat)
    else:
        L = -(y * math.log(yhat) + (1 - y) * math.log(1 - yhat))
        d_out = yhat - y  # f'(a) cancels against dL/dŷ
    d1 = z1 * (1 - z1) * V[0][1] * d_out
    d2 = z2 * (1 - z2) * V[0][2] * d_out
    gW = [[1 * d1, x1 * d1, x2 * d1],
          [1 * d2, x1 * d2, x2 * d2]]
    gV = [[1 * d_out, z1 * d_out, z2 * d_out]]
    newW = [[W[r][c] - LR * gW[r][c] for c in range(3)] for r in range(2)]
    newV = [[V[0][c] - LR * gV[0][c] for c in range(3)]]
    return dict(a=[[a1, a2], [ao]], z=[[z1, z2], [yhat]], loss=L, deltas=[[d1, d2], [d_out]],
                grads=[gW, gV], after=[newW, newV])


def assert_close(engine, expected):
    np.testing.assert_allclose(np.asarray(engine, dtype=float), np.asarray(expected, dtype=float),
                               rtol=TOL, atol=TOL)


CASES = [("squared", 1.0), ("squared", 0.0), ("cross_entropy", 1.0), ("cross_entropy", 0.3)]


@pytest.mark.parametrize("loss,y", CASES)
def test_221_sigmoid_trace(loss, y):
    hand = hand_221(y, loss)
    # sanity: the example is not degenerate
    assert abs(hand["deltas"][0][0]) > 1e-3 and abs(hand["deltas"][0][1]) > 1e-3
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"], [np.array(W), np.array(V)])
    tr = trace_sample(net, TrainingConfig(learning_rate=LR, loss=loss), X, [y])
    for l in range(2):
        assert_close(tr.a[l], hand["a"][l])
        assert_close(tr.z[l], hand["z"][l])
        assert_close(tr.deltas[l], hand["deltas"][l])
        assert_close(tr.gradients[l], hand["grads"][l])
        assert_close(tr.weights_after[l], hand["after"][l])
    assert tr.loss == pytest.approx(hand["loss"], rel=TOL, abs=TOL)
    assert tr.error.tolist() == pytest.approx([y - hand["z"][1][0]], abs=TOL)


@pytest.mark.parametrize("loss,y", CASES)
def test_221_sigmoid_network_gradients_and_training(loss, y):
    hand = hand_221(y, loss)
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"], [np.array(W), np.array(V)])
    lossfn = get_loss(loss)
    grads = net.gradients([X], [[y]], lossfn)
    assert_close(grads[0], hand["grads"][0])
    assert_close(grads[1], hand["grads"][1])
    assert net.mean_loss([X], [[y]], lossfn) == pytest.approx(hand["loss"], rel=TOL, abs=TOL)

    data = Dataset([X], [[y]])
    # the fast full-batch loop
    t = Trainer(net.copy(), data, TrainingConfig(learning_rate=LR, loss=loss))
    t.run_epochs(1)
    assert_close(t.network.weights[0], hand["after"][0])
    assert_close(t.network.weights[1], hand["after"][1])
    # one sample step (online)
    t = Trainer(net.copy(), data, TrainingConfig(learning_rate=LR, loss=loss, batch_size=1))
    res = t.step_sample()
    assert res.updated and res.epoch_finished
    assert_close(t.network.weights[0], hand["after"][0])
    assert_close(t.network.weights[1], hand["after"][1])
    assert t.epoch == 1


def test_cross_entropy_output_delta_is_yhat_minus_y():
    hand = hand_221(0.3, "cross_entropy")
    yhat = hand["z"][1][0]
    assert hand["deltas"][1][0] == pytest.approx(yhat - 0.3, abs=1e-15)
    # and it is the derivative of the loss w.r.t. a_D0 (checked by a finite difference in plain Python)
    a = hand["a"][1][0]
    h = 1e-6

    def ce(a):
        p = sig(a)
        return -(0.3 * math.log(p) + 0.7 * math.log(1 - p))

    assert (ce(a + h) - ce(a - h)) / (2 * h) == pytest.approx(yhat - 0.3, abs=1e-8)


# -- a generic plain-Python reference for other shapes and activations --------------------------
def _act(name, a):
    return {"identity": a, "sigmoid": sig(a), "tanh": math.tanh(a), "relu": max(0.0, a),
            "leaky_relu": a if a > 0 else 0.01 * a}[name]


def _dact(name, a):
    if name == "identity":
        return 1.0
    if name == "sigmoid":
        s = sig(a)
        return s * (1 - s)
    if name == "tanh":
        return 1 - math.tanh(a) ** 2
    if name == "relu":
        return 1.0 if a > 0 else 0.0
    return 1.0 if a > 0 else 0.01


def reference_step(layers, acts, weights, x, y, loss, lr):
    """Forward, backward and update for one sample with explicit loops over units."""
    zs = [list(x)]
    As = []
    for l, Wl in enumerate(weights):
        src = [1.0] + zs[-1]
        a = [sum(Wl[j][i] * src[i] for i in range(len(src))) for j in range(len(Wl))]
        As.append(a)
        zs.append([_act(acts[l], v) for v in a])
    yhat = zs[-1]
    L = len(weights) - 1
    if loss == "squared":
        value = 0.5 * sum((yhat[k] - y[k]) ** 2 for k in range(len(y)))
        d = [(yhat[k] - y[k]) * _dact(acts[L], As[L][k]) for k in range(len(y))]
    else:
        value = -sum(y[k] * math.log(yhat[k]) + (1 - y[k]) * math.log(1 - yhat[k]) for k in range(len(y)))
        d = [yhat[k] - y[k] for k in range(len(y))]
    deltas = [None] * len(weights)
    deltas[L] = d
    for l in range(L - 1, -1, -1):
        nxt = weights[l + 1]
        deltas[l] = [_dact(acts[l], As[l][j]) * sum(nxt[k][j + 1] * deltas[l + 1][k] for k in range(len(nxt)))
                     for j in range(len(As[l]))]
    grads, after = [], []
    for l, Wl in enumerate(weights):
        src = [1.0] + zs[l]
        g = [[src[i] * deltas[l][j] for i in range(len(src))] for j in range(len(Wl))]
        grads.append(g)
        after.append([[Wl[j][i] - lr * g[j][i] for i in range(len(src))] for j in range(len(Wl))])
    return dict(a=As, z=zs[1:], loss=value, deltas=deltas, grads=grads, after=after)


REFERENCE_CASES = [
    # layers, activations, loss, x, y
    ([2, 3, 1], ["tanh", "identity"], "squared", [0.5, -1.5], [0.25]),
    ([2, 3, 2], ["sigmoid", "sigmoid"], "cross_entropy", [1.0, 0.0], [1.0, 0.0]),
    ([3, 2, 2, 1], ["leaky_relu", "tanh", "sigmoid"], "squared", [0.3, -0.2, 0.9], [1.0]),
    ([2, 4, 3, 2], ["relu", "sigmoid", "identity"], "squared", [1.2, 0.7], [0.5, -1.0]),
    ([1, 1], ["sigmoid"], "cross_entropy", [2.0], [0.0]),
]


@pytest.mark.parametrize("layers,acts,loss,x,y", REFERENCE_CASES)
def test_against_plain_python_reference(layers, acts, loss, x, y):
    # fixed, non-trivial weights (not random: the expected numbers never change)
    weights = []
    k = 0
    for l in range(len(layers) - 1):
        rows = []
        for j in range(layers[l + 1]):
            rows.append([round(math.sin(1.7 * (k := k + 1)) * 1.3, 6) for _ in range(layers[l] + 1)])
        weights.append(rows)
    ref = reference_step(layers, acts, weights, x, y, loss, lr=0.3)
    # no relu unit sits at its kink, and no delta is trivially zero everywhere
    assert all(abs(v) > 1e-3 for a in ref["a"] for v in a)
    net = Network(layers, acts, [np.array(w) for w in weights])
    tr = trace_sample(net, TrainingConfig(learning_rate=0.3, loss=loss), x, y)
    for l in range(len(weights)):
        assert_close(tr.a[l], ref["a"][l])
        assert_close(tr.z[l], ref["z"][l])
        assert_close(tr.deltas[l], ref["deltas"][l])
        assert_close(tr.gradients[l], ref["grads"][l])
        assert_close(tr.weights_after[l], ref["after"][l])
    assert tr.loss == pytest.approx(ref["loss"], rel=TOL, abs=TOL)


def test_activation_values_by_hand():
    from xorgui.core import ACTIVATIONS

    a = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    for name, act in ACTIVATIONS.items():
        z = act.function(a)
        d = act.derivative(a, z)
        assert_close(z, [_act(name, v) for v in a])
        # at a = 0 the rectifiers use the left derivative (0 and 0.01)
        assert_close(d, [_dact(name, v) for v in a])
    assert set(ACTIVATIONS) == {"identity", "sigmoid", "tanh", "relu", "leaky_relu"}
    # sigmoid stays finite and in [0, 1] far out
    z = ACTIVATIONS["sigmoid"].function(np.array([-1000.0, 1000.0]))
    assert z.tolist() == [0.0, 1.0]


def test_loss_values_by_hand():
    sq, ce = get_loss("squared"), get_loss("cross_entropy")
    a = np.array([[0.4, -1.0], [2.0, 0.0]])
    z = 1 / (1 + np.exp(-a))
    y = np.array([[1.0, 0.0], [0.25, 0.5]])
    expected_sq = [0.5 * sum((z[n, k] - y[n, k]) ** 2 for k in range(2)) for n in range(2)]
    expected_ce = [-sum(y[n, k] * math.log(z[n, k]) + (1 - y[n, k]) * math.log(1 - z[n, k]) for k in range(2))
                   for n in range(2)]
    assert_close(sq.per_sample(a, z, y), expected_sq)
    assert_close(ce.per_sample(a, z, y), expected_ce)
    assert sq.mean(a, z, y) == pytest.approx(sum(expected_sq) / 2, rel=TOL)
    assert ce.mean(a, z, y) == pytest.approx(sum(expected_ce) / 2, rel=TOL)
    # a saturated output gives a large finite cross-entropy, never inf
    big = np.array([[-800.0]])
    assert ce.per_sample(big, np.array([[0.0]]), np.array([[1.0]])).tolist() == pytest.approx([800.0])


def test_cross_entropy_refuses_other_outputs():
    for act in ["identity", "tanh", "relu", "leaky_relu"]:
        net = Network([2, 2, 1], ["sigmoid", act], [np.ones((2, 3)), np.ones((1, 3))])
        with pytest.raises(ValueError, match="sigmoid"):
            Trainer(net, Dataset.xor(), TrainingConfig(loss="cross_entropy"))
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"], [np.ones((2, 3)), np.ones((1, 3))])
    with pytest.raises(ValueError, match="between 0 and 1"):
        Trainer(net, Dataset([[0, 0]], [[2.0]]), TrainingConfig(loss="cross_entropy"))

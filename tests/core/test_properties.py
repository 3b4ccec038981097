"""Property tests over random shapes, activations, losses and batch modes."""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xorgui.core import ACTIVATIONS, Dataset, Network, Trainer, TrainingConfig, get_loss
from xorgui.core.gradcheck import gradient_check
from xorgui.core.trace import trace_sample

ACTS = sorted(ACTIVATIONS)
SETTINGS = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                             HealthCheck.too_slow])


@st.composite
def problems(draw, ce_allowed=True):
    """A random network, data set and loss: (layers, activations, weights, inputs, targets, loss)."""
    n_layers = draw(st.integers(2, 4))
    layers = [draw(st.integers(1, 5)) for _ in range(n_layers)]
    acts = [draw(st.sampled_from(ACTS)) for _ in range(n_layers - 1)]
    loss = draw(st.sampled_from(["squared", "cross_entropy"] if ce_allowed else ["squared"]))
    if loss == "cross_entropy":
        acts[-1] = "sigmoid"
    scale = draw(st.sampled_from([0.3, 1.0, 1.5]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weights = [rng.uniform(-scale, scale, (layers[l + 1], 1 + layers[l])) for l in range(n_layers - 1)]
    n = draw(st.integers(1, 8))
    inputs = rng.uniform(-2, 2, (n, layers[0]))
    if loss == "cross_entropy":
        targets = rng.uniform(0, 1, (n, layers[-1]))
    else:
        targets = rng.uniform(-1, 1, (n, layers[-1]))
    return layers, acts, weights, inputs, targets, loss


def away_from_kinks(net, inputs, margin=1e-3):
    """True unless a rectifier's weighted sum is within ``margin`` of 0 for some sample."""
    fwd = net.forward(inputs)
    for act, a in zip(net.activations, fwd.a):
        if act.name in ("relu", "leaky_relu") and np.any(np.abs(a) < margin):
            return False
    return True


def mean_trace_gradients(net, config, inputs, targets):
    traces = [trace_sample(net, config, x, y) for x, y in zip(inputs, targets)]
    return [sum(t.gradients[l] for t in traces) / len(traces) for l in range(len(net.weights))]


@SETTINGS
@given(problems())
def test_backprop_equals_finite_differences(problem):
    layers, acts, weights, x, y, loss_name = problem
    net = Network(layers, acts, weights)
    assume(away_from_kinks(net, x))
    loss = get_loss(loss_name)
    before = net.copy_weights()
    check = gradient_check(net, x, y, loss)
    scale = max(1.0, net.mean_loss(x, y, loss))
    for b, n in zip(check.backprop, check.numeric):
        np.testing.assert_allclose(b, n, rtol=1e-5, atol=1e-7 * scale)
    # the check leaves the network exactly as it was
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))
    # and back-propagation's mean gradient is the mean of the per-sample traces
    grads = net.gradients(x, y, loss)
    for g, t in zip(grads, mean_trace_gradients(net, TrainingConfig(loss=loss_name), x, y)):
        np.testing.assert_allclose(g, t, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(t).max())))


@SETTINGS
@given(problems(), st.sampled_from([0.01, 0.1, 0.5]), st.sampled_from(["none", "l1", "l2"]),
       st.sampled_from([0.0, 0.05]))
def test_full_batch_step_is_mean_of_per_sample_gradients(problem, lr, reg, rate):
    layers, acts, weights, x, y, loss_name = problem
    config = TrainingConfig(learning_rate=lr, loss=loss_name, regularization=reg, regularization_rate=rate)
    net = Network(layers, acts, weights)
    mean = mean_trace_gradients(net, config, x, y)
    expected = []
    for w, g in zip(net.weights, mean):
        # R'(W), written independently of the registry: λ·W (L2) or λ·sign(W) (L1), bias column 0
        r = {"none": 0.0 * w, "l1": rate * np.sign(w), "l2": rate * w}[reg]
        r[:, 0] = 0.0
        expected.append(w - lr * (g + r))
    t = Trainer(net, Dataset(x, y), config)
    t.run_epochs(1)
    for w, e in zip(t.network.weights, expected):
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(e).max())))
    assert t.epoch == 1 and len(t.history) == 1
    # the history entry is the mean data loss after the update
    after = Network(layers, acts, expected).mean_loss(x, y, get_loss(loss_name))
    np.testing.assert_allclose(t.history.values[0], after, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(problems(), st.integers(1, 9), st.booleans(), st.integers(0, 1000), st.integers(1, 3),
       st.sampled_from(["none", "l1", "l2"]))
def test_run_epochs_equals_stepping_sample_by_sample(problem, batch, shuffle, seed, epochs, reg):
    layers, acts, weights, x, y, loss_name = problem
    config = TrainingConfig(learning_rate=0.05, loss=loss_name, batch_size=batch, shuffle=shuffle,
                            shuffle_seed=seed, regularization=reg, regularization_rate=0.01)
    data = Dataset(x, y)
    fast = Trainer(Network(layers, acts, weights), data, config)
    slow = Trainer(Network(layers, acts, weights), data, config)
    fast.run_epochs(epochs)
    steps = 0
    while slow.epoch < epochs:
        slow.step_sample()
        steps += 1
    assert steps == epochs * len(data)
    assert fast.epoch == slow.epoch == epochs
    assert fast.cursor == slow.cursor == 0
    for a, b in zip(fast.network.weights, slow.network.weights):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(b).max())))
    np.testing.assert_allclose(fast.history.values, slow.history.values, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(problems(), st.sampled_from(["l1", "l2"]), st.sampled_from([None, 1, 2]))
def test_regularization_never_touches_bias_weights(problem, reg, batch):
    layers, acts, weights, x, y, loss_name = problem
    data = Dataset(x, y)
    lr, rate = 0.1, 0.3
    plain = Trainer(Network(layers, acts, weights), data,
                    TrainingConfig(learning_rate=lr, loss=loss_name, batch_size=batch))
    regd = Trainer(Network(layers, acts, weights), data,
                   TrainingConfig(learning_rate=lr, loss=loss_name, batch_size=batch,
                                  regularization=reg, regularization_rate=rate))
    # one update only (the first batch), so both start from the same weights
    while not plain.step_sample().updated:
        pass
    while not regd.step_sample().updated:
        pass
    for w0, a, b in zip(weights, plain.network.weights, regd.network.weights):
        # bias column: only the data gradient, bit for bit
        assert np.array_equal(a[:, 0], b[:, 0])
        penalty = w0[:, 1:] if reg == "l2" else np.sign(w0[:, 1:])
        np.testing.assert_allclose(b[:, 1:], a[:, 1:] - lr * rate * penalty, rtol=1e-12, atol=1e-12)
    # the trace shows the same: a zero bias column in its regularization gradient
    tr = trace_sample(Network(layers, acts, weights), regd.config, x[0], y[0])
    for w0, r in zip(weights, tr.regularization):
        assert np.all(r[:, 0] == 0.0)
        expected = rate * (w0[:, 1:] if reg == "l2" else np.sign(w0[:, 1:]))
        np.testing.assert_allclose(r[:, 1:], expected, rtol=1e-15, atol=0)
    # and its updated weights include it: W − α·(∂L/∂W + R'(W)), bias column without R'
    for w0, g, after in zip(weights, tr.gradients, tr.weights_after):
        penalty = rate * (w0 if reg == "l2" else np.sign(w0))
        penalty[:, 0] = 0.0
        np.testing.assert_allclose(after, w0 - lr * (g + penalty), rtol=1e-14, atol=1e-15)
        np.testing.assert_array_equal(after[:, 0], w0[:, 0] - lr * g[:, 0])


@SETTINGS
@given(problems())
def test_full_batch_run_epochs_equals_full_batch_steps(problem):
    """The fast full-batch loop and the sample-step path agree over several epochs."""
    layers, acts, weights, x, y, loss_name = problem
    config = TrainingConfig(learning_rate=0.05, loss=loss_name)
    data = Dataset(x, y)
    fast = Trainer(Network(layers, acts, weights), data, config)
    slow = Trainer(Network(layers, acts, weights), data, config)
    fast.run_epochs(4)
    for _ in range(4 * len(data)):
        r = slow.step_sample()
        assert r.updated == r.epoch_finished  # full batch: one update, at the end of the epoch
    for a, b in zip(fast.network.weights, slow.network.weights):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(b).max())))
    np.testing.assert_allclose(fast.history.values, slow.history.values, rtol=1e-10, atol=1e-12)
    assert fast.history.values[-1] == np.float64(fast.history.last())
    np.testing.assert_allclose(fast.history.last(), fast.current_loss(), rtol=1e-12, atol=1e-14)

"""The heatmaps' values (core.surface) against the engine's forward pass, one sample at a time."""

import math

import numpy as np
import pytest

from xorgui.core import Dataset, Network
from xorgui.core.init import Initialization
from xorgui.core.surface import Plane, compute, plane_for, value_range

TOL = 1e-13


def net(layers, activations, seed=7):
    return Network(layers, activations, Initialization("uniform", seed=seed).make(layers))


def one_sample(network, point):
    """The engine's forward pass of a single sample: every layer's activations, ``(units,)`` each."""
    return [z[0] for z in network.forward(np.array([point], dtype=np.float64)).z]


CASES = [
    ([2, 3, 1], ["sigmoid", "sigmoid"]),
    ([2, 8, 8, 1], ["tanh", "relu", "sigmoid"]),
    ([3, 4, 2], ["leaky_relu", "identity"]),
    ([1, 5, 1], ["tanh", "identity"]),
]


@pytest.mark.parametrize("layers,activations", CASES)
def test_every_pixel_is_the_engines_forward_pass_of_that_input(layers, activations):
    network = net(layers, activations)
    rng = np.random.default_rng(3)
    data = rng.normal(size=(20, layers[0]))
    y_input = 1 if layers[0] > 1 else None
    plane = plane_for(data, 0, y_input, resolution=9)
    surface = compute(network, plane)
    rows, cols = plane.shape
    assert surface.output.shape == (rows, cols, layers[-1])
    for r in range(rows):
        for c in range(cols):
            point = list(plane.fixed)
            point[0] = plane.xs[c]
            if y_input is not None:
                point[1] = plane.ys[r]
            expected = one_sample(network, point)
            for l, z in enumerate(expected):
                # to rounding: BLAS may sum a batch's products in another order than one row's
                np.testing.assert_allclose(surface.z[l][r, c], z, rtol=TOL, atol=TOL, err_msg=str((r, c, l)))


def test_a_pixel_against_a_hand_computed_2_2_1_sigmoid():
    W = [[0.1, 0.4, -0.7], [-0.3, 0.9, 0.2]]
    V = [[0.25, -1.1, 0.8]]
    network = Network([2, 2, 1], ["sigmoid", "sigmoid"], [W, V])
    plane = Plane(0, 1, (-1.0, 1.0), (0.0, 2.0), (0.0, 0.0), resolution=5)  # xs -1..1, ys 0..2 by 0.5
    surface = compute(network, plane)
    x1, x2 = plane.xs[3], plane.ys[1]  # (0.5, 0.5)
    sig = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
    z1 = sig(0.1 + 0.4 * x1 - 0.7 * x2)
    z2 = sig(-0.3 + 0.9 * x1 + 0.2 * x2)
    out = sig(0.25 - 1.1 * z1 + 0.8 * z2)
    assert (x1, x2) == (0.5, 0.5)
    assert surface.unit(1, 0)[1, 3] == pytest.approx(z1, abs=1e-12)
    assert surface.unit(1, 1)[1, 3] == pytest.approx(z2, abs=1e-12)
    assert surface.output[1, 3, 0] == pytest.approx(out, abs=1e-12)


def test_the_inputs_off_the_plane_are_held_at_the_fixed_values():
    network = net([3, 4, 1], ["tanh", "sigmoid"])
    data = np.array([[0, 0, 0], [1, 1, 1]], dtype=float)
    plane = plane_for(data, x_input=2, y_input=0, fixed=(0.0, 0.75, 0.0), resolution=4)
    surface = compute(network, plane)
    # grid column c: input 3 (index 2) = xs[c]; row r: input 1 (index 0) = ys[r]; input 2 stays 0.75
    for r in range(4):
        for c in range(4):
            expected = one_sample(network, [plane.ys[r], 0.75, plane.xs[c]])[-1]
            np.testing.assert_allclose(surface.output[r, c], expected, rtol=TOL, atol=TOL)


def test_the_plane_covers_the_data_with_a_margin():
    plane = plane_for(Dataset.xor().inputs)
    assert plane.x_range == (-0.25, 1.25) and plane.y_range == (-0.25, 1.25)
    assert plane.fixed == (0.5, 0.5)  # the means: they matter only off the plane
    assert plane.xs[0] == -0.25 and plane.xs[-1] == 1.25 and len(plane.xs) == 100
    constant = plane_for(np.array([[2.0, 0.0], [2.0, 1.0]]))
    assert constant.x_range == (1.0, 3.0)  # ±1 around an input that never changes


def test_a_one_input_network_gets_a_line():
    plane = plane_for(np.array([[0.0], [3.0]]), resolution=7)
    assert plane.y_input is None and plane.shape == (1, 7)
    assert plane.points().tolist() == [[x] for x in plane.xs]
    surface = compute(net([1, 3, 1], ["tanh", "identity"]), plane)
    assert surface.output.shape == (1, 7, 1)


@pytest.mark.parametrize("kwargs,message", [
    (dict(x_input=2), "x axis"),
    (dict(x_input=0, y_input=0), "another input"),
    (dict(fixed=(1.0,)), "each of the 2 inputs"),
])
def test_a_plane_that_cannot_be_drawn_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plane_for(Dataset.xor().inputs, **kwargs)


def test_a_plane_for_another_network_shape_is_refused():
    plane = plane_for(np.zeros((2, 3)) + [[0, 0, 0], [1, 1, 1]])
    with pytest.raises(ValueError, match="3 inputs, the network 2"):
        compute(net([2, 2, 1], ["sigmoid", "sigmoid"]), plane)


def test_diverged_weights_give_non_finite_pixels_not_an_error():
    network = Network([2, 1, 1], ["identity", "identity"], [[[np.inf, 1.0, 0.0]], [[0.0, np.nan]]])
    surface = compute(network, plane_for(Dataset.xor().inputs, resolution=3))
    assert not np.isfinite(surface.output).any()


def test_colour_ranges():
    assert value_range("sigmoid", np.array([0.4, 0.6])) == (0.0, 1.0)
    assert value_range("tanh", np.array([5.0])) == (-1.0, 1.0)
    assert value_range("identity", np.array([0.2, np.nan, 1.5]), also=np.array([-1.0])) == (-1.0, 1.5)
    assert value_range("relu", np.array([0.0, 0.0])) == (-1.0, 1.0)
    assert value_range("identity", np.array([np.inf, np.nan])) == (0.0, 1.0)


def test_bigger_networks_get_a_coarser_grid_at_about_the_same_cost():
    from xorgui.core.surface import resolution_for
    assert resolution_for([2, 3, 1]) == 100 and resolution_for([3, 4, 2]) == 100
    assert resolution_for([2, 8, 8, 1]) == 68  # 68² · 17 units ≈ 100² · 8
    assert resolution_for([16] * 10) == 48  # never coarser than this


def test_an_outputs_colour_scale_spans_the_targets_within_the_activations_range():
    from xorgui.core.surface import output_range
    assert output_range("tanh", np.array([0.0, 1.0, 1.0, 0.0])) == (0.0, 1.0)  # XOR under tanh
    assert output_range("tanh", np.array([-1.0, 1.0])) == (-1.0, 1.0)
    assert output_range("sigmoid", np.array([0.0, 1.0])) == (0.0, 1.0)
    assert output_range("sigmoid", np.array([1.0, 1.0])) == (0.0, 1.0)  # one class: the whole range
    assert output_range("sigmoid", np.array([-1.0, 1.0])) == (0.0, 1.0)  # out of reach: the range
    assert output_range("identity", np.array([0.0, 1.0]), np.array([-2.0, 0.5])) == (-2.0, 1.0)


def test_a_widened_plane_goes_on_beyond_the_data_at_the_data_grids_spacing():
    from xorgui.core.surface import WIDEST, widened
    xor = plane_for(Dataset.xor().inputs)  # −0.25..1.25 on both axes, 100 × 100, a step of 1.5 / 99
    step = 1.5 / 99
    wide = widened(xor, 3.0)
    (x0, x1), (y0, y1) = wide.extent
    assert (y0, y1) == xor.y_range and wide.fixed == xor.fixed
    assert (x0, x1) == pytest.approx((0.5 - 2.25, 0.5 + 2.25), abs=step)  # 3 × 1.5 wide about the data's centre
    assert (x0 + x1) / 2 == pytest.approx(0.5, abs=1e-12)
    # over the data the grid is the data's plane's, point for point (no coarser than before
    # widening), and it goes on at the same spacing beyond it
    rows, cols = wide.inner
    assert wide.xs[cols].tolist() == xor.xs.tolist() and wide.ys[rows].tolist() == xor.ys.tolist()
    assert np.diff(wide.xs) == pytest.approx(np.full(len(wide.xs) - 1, step), rel=1e-9)
    assert wide.shape == (100, len(wide.xs)) and len(wide.xs) == pytest.approx(3 * 100, abs=3)
    assert wide.around_data() == xor
    # what it costs: its width over the data's, never more than WIDEST times the data's grid
    assert widened(xor, 50.0).shape[1] <= WIDEST * 100 and widened(xor, 0.01).shape[0] <= WIDEST * 100
    tall = widened(xor, 0.5)
    assert tall.extent[0] == xor.x_range and tall.extent[1] == pytest.approx((0.5 - 1.5, 0.5 + 1.5), abs=step)
    assert tall.ys[tall.inner[0]].tolist() == xor.ys.tolist()
    # every pixel is still the engine's forward pass of its input; over the data, the data's map
    network = net([2, 3, 1], ["sigmoid", "sigmoid"])
    surface = compute(network, wide)
    r, c = 33, len(wide.xs) - 5
    assert surface.output[r, c, 0] == pytest.approx(one_sample(network, (wide.xs[c], wide.ys[r]))[-1][0], abs=TOL)
    inside = surface.around_data()
    assert inside.plane == xor and inside.output.shape == (100, 100, 1)
    np.testing.assert_allclose(inside.unit(1, 2), compute(network, xor).unit(1, 2), rtol=TOL, atol=TOL)
    # unchanged: a line, a plane already so, one in other units (spans 10 times apart or more)
    line = plane_for(np.array([[0.0], [1.0]]))
    assert widened(line, 3.0) is line and widened(xor, 1.0) is xor and compute(network, xor).around_data().plane is xor
    units = plane_for(np.array([[0.0, 0.0], [1.0, 100.0]]))
    assert widened(units, 3.0) is units

"""The heatmaps' colour scale on the cases a diverged or untrained network produces: a flat scale,
values that are not finite, and ends so far apart that their difference overflows. Each gives a
documented colour and never a RuntimeWarning (which pytest would only print, and a user's
console would show)."""

import warnings

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.surface import compute, plane_for
from xorgui.gui import heatmap
from xorgui.gui.boundary import BoundaryView

MIDDLE = heatmap.LUT[heatmap.STEPS // 2].tolist()
NO_VALUE = list(heatmap.NOT_FINITE)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_a_flat_scale_is_one_colour_the_middle_one():
    colours = heatmap.rgb(np.array([-3.0, 1.0, 1.0, 5.0]), 1.0, 1.0)
    assert colours.tolist() == [MIDDLE] * 4


def test_a_scale_with_an_end_that_is_not_finite_is_flat():
    assert heatmap.rgb(np.array([0.0, 0.5, 1.0]), -np.inf, np.nan).tolist() == [MIDDLE] * 3


def test_values_that_are_not_finite_get_the_no_value_colour_on_any_scale():
    values = np.array([np.nan, np.inf, -np.inf, 0.0])
    assert heatmap.rgb(values, 0.0, 1.0).tolist()[:3] == [NO_VALUE] * 3
    assert heatmap.rgb(values, 2.0, 2.0).tolist() == [NO_VALUE] * 3 + [MIDDLE]


def test_ends_whose_difference_overflows_still_span_the_scale():
    colours = heatmap.rgb(np.array([-1e308, 0.0, 1e308]), -1e308, 1e308)
    assert colours[0].tolist() == list(heatmap.LOW) and colours[2].tolist() == list(heatmap.HIGH)
    assert np.abs(colours[1].astype(int) - heatmap.MID).max() <= 2


def test_per_unit_scales_one_flat_one_sloped():
    values = np.array([[[1.0, 2.0]], [[3.0, 4.0]]])  # two units, one row of two points each
    lo, hi = np.array([[[2.0]], [[3.0]]]), np.array([[[2.0]], [[4.0]]])
    colours = heatmap.rgb(values, lo, hi)
    assert colours[0, 0].tolist() == [MIDDLE, MIDDLE]
    assert colours[1, 0].tolist() == [list(heatmap.LOW), list(heatmap.HIGH)]


def test_unit_maps_of_a_network_with_weights_that_are_not_finite():
    net = Network([2, 3, 1], ["identity", "identity"], [np.full((3, 3), np.nan), np.full((1, 4), np.inf)])
    maps = heatmap.unit_images(compute(net, plane_for(np.array([[0.0, 0.0], [1.0, 1.0]]))))
    for image, _, _ in maps.values():
        c = image.pixelColor(0, 0)
        assert (c.red(), c.green(), c.blue()) == heatmap.NOT_FINITE


def test_the_boundary_of_a_diverged_network_is_all_no_value(qtbot, shown, new_controller):
    layers = [2, 2, 1]
    weights = [np.full((2, 3), np.inf), np.full((1, 3), -np.inf)]
    trainer = Trainer(Network(layers, ["identity", "identity"], weights), Dataset.xor(),
                      TrainingConfig(learning_rate=0.5), Initialization("uniform", seed=1))
    controller = new_controller(trainer)
    view = shown(BoundaryView(controller), 700, 300)
    rgba = view.image.image  # the colours handed to the plot
    assert rgba.shape[:2] == view.shown_image().shape
    assert np.all(rgba[..., :3] == heatmap.NOT_FINITE)

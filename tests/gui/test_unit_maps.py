"""View ▸ Maps inside units: every hidden and output unit shows what it computes over the input plane."""

import numpy as np
import pytest

from xorgui.core import Network
from xorgui.core.presets import make_preset
from xorgui.core.surface import compute, value_range
from xorgui.gui import heatmap


@pytest.fixture
def sigmoid_window(window):
    window.controller.load_example(make_preset("sigmoid"), "Sigmoid network")
    return window


def network_of(controller):
    snap = controller.snapshot
    return Network(list(snap.layers), list(snap.activations), list(snap.weights))


def pixel(image, row, col):
    """The colour of grid point (row, col) of a map image (row 0 at the bottom), as (r, g, b)."""
    c = image.pixelColor(col, image.height() - 1 - row)
    return (c.red(), c.green(), c.blue())


def zoom_in_until_maps_show(view):
    """Units too small on screen get no map (a note says zoom in): zoom in as a user would."""
    for _ in range(10):
        if not view.maps_note():
            return
        view.zoom_in()
    assert not view.maps_note()


def test_each_unit_shows_its_own_values_over_the_plane(sigmoid_window):
    window, controller = sigmoid_window, sigmoid_window.controller
    for _ in range(200):
        controller.step_epoch()
    window.units_action.setChecked(True)
    surface = compute(network_of(controller), controller.surfaces.plane())
    step = surface.plane.resolution // heatmap.UNIT_PIXELS
    for (layer, index), node in window.diagram.nodes.items():
        if layer == 0 or node.bias:
            assert not node.map.isVisible()
            continue
        j = index - 1 if layer == 1 else index  # the output layer has no bias unit
        assert node.map.isVisible()
        values = surface.unit(layer, j)[::step, ::step]
        image = node.map.image
        assert (image.height(), image.width()) == values.shape == (50, 50)
        expected = heatmap.rgb(values, *value_range("sigmoid", values))
        for row, col in ((0, 0), (10, 40), (49, 49), (25, 3)):
            assert pixel(image, row, col) == tuple(expected[row, col]), (node.name, row, col)
    assert "orange 0, blue 1" in window.diagram.nodes[(1, 1)].map.caption


def test_the_maps_follow_training_and_go_when_switched_off(sigmoid_window):
    window, controller = sigmoid_window, sigmoid_window.controller
    window.units_action.setChecked(True)
    z1 = window.diagram.nodes[(1, 1)]
    before = z1.map.image
    controller.step_epoch()
    assert z1.map.image is not before
    surface = compute(network_of(controller), controller.surfaces.plane())
    values = surface.unit(1, 0)[::2, ::2]
    assert pixel(z1.map.image, 7, 7) == tuple(heatmap.rgb(values, 0.0, 1.0)[7, 7])
    window.units_action.setChecked(False)
    assert not z1.map.isVisible() and not controller.surfaces.active
    last = controller.surfaces.surface
    controller.step_epoch()  # nothing computed for maps no one shows
    assert controller.surfaces.surface is last


def test_a_new_shape_gets_its_maps(sigmoid_window):
    window, controller = sigmoid_window, sigmoid_window.controller
    window.units_action.setChecked(True)
    controller.load_example(make_preset("deep"), "Deeper network")
    zoom_in_until_maps_show(window.diagram)
    maps = [node for (layer, _), node in window.diagram.nodes.items() if layer > 0 and not node.bias]
    assert len(maps) == 4 + 4 + 1 and all(node.map.isVisible() for node in maps)
    assert window.diagram.nodes[(1, 1)].map.caption  # leaky ReLU: its own range, said in the tooltip


def test_the_maps_are_in_the_exported_picture(sigmoid_window, tmp_path):
    window = sigmoid_window
    plain = tmp_path / "plain.png"
    maps = tmp_path / "maps.png"
    assert window.diagram.render_png(plain)
    window.units_action.setChecked(True)
    assert window.diagram.render_png(maps)
    assert plain.read_bytes() != maps.read_bytes()


def test_the_colour_scale_orange_to_blue_through_grey():
    colours = heatmap.rgb(np.array([-5.0, 0.0, 0.5, 1.0, 7.0, np.nan, np.inf]), 0.0, 1.0)
    low, mid, high = (list(c) for c in (heatmap.LOW, heatmap.MID, heatmap.HIGH))
    assert colours[[0, 1, 3, 4, 5, 6]].tolist() == [low, low, high, high, list(heatmap.NOT_FINITE),
                                                    list(heatmap.NOT_FINITE)]
    assert np.abs(colours[2].astype(int) - mid).max() <= 2  # 256 steps: the middle is between two
    image = heatmap.image(np.array([[0.0, 1.0]]), 0.0, 1.0)  # one row: orange, then blue
    assert pixel(image, 0, 0) == heatmap.LOW and pixel(image, 0, 1) == heatmap.HIGH


def test_the_output_units_map_has_the_decision_boundarys_scale(window):
    """A tanh output on XOR's 0/1 targets: D0's map spans 0..1 like the boundary's dots, the hidden
    tanh units their own −1..1."""
    from xorgui.core import Dataset, Initialization, Trainer, TrainingConfig
    init = Initialization("uniform", seed=2)
    trainer = Trainer(Network([2, 3, 1], ["tanh", "tanh"], init.make([2, 3, 1])), Dataset.xor(),
                      TrainingConfig(learning_rate=0.5), init)
    window.controller.load_example(trainer, "tanh output")
    window.units_action.setChecked(True)
    assert "orange 0, blue 1" in window.diagram.nodes[(2, 0)].map.caption
    assert "orange −1, blue 1" in window.diagram.nodes[(1, 1)].map.caption


@pytest.mark.parametrize("window_size", [(1024, 700)])
def test_a_pills_map_is_square_not_stretched(window, window_size):
    """2-8-8-1 at 1024×700: hidden units are pills far wider than tall. The map inside each is
    the plane at its own proportions (square: both axes span the same share of it), drawn in the
    middle of the pill; the pill's ends keep the unit's own fill."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from xorgui.core import Dataset, Initialization, Trainer, TrainingConfig
    init = Initialization("xavier", seed=3)
    trainer = Trainer(Network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], init.make([2, 8, 8, 1])), Dataset.xor(),
                      TrainingConfig(learning_rate=0.5), init)
    window.controller.load_example(trainer, "2-8-8-1")
    window.units_action.setChecked(True)
    zoom_in_until_maps_show(window.diagram)  # fitted, a pill is too small for a legible map
    node = window.diagram.nodes[(1, 1)]
    width, height = node.size
    assert width > 1.5 * height  # a pill
    scale = 4  # render at 4× so that a pixel's rounding does not matter
    image = QImage(round(width * scale) + 8, round(height * scale) + 8, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(image.width() / 2, image.height() / 2)
    painter.scale(scale, scale)
    node.map.plate = QRectF()  # the band behind the texts aside: the map alone
    node.map.paint(painter, None)
    painter.end()
    cy, cx = image.height() // 2, image.width() // 2
    row = [image.pixelColor(x, cy).alpha() > 0 for x in range(image.width())]
    column = [image.pixelColor(cx, y).alpha() > 0 for y in range(image.height())]
    painted_w, painted_h = sum(row), sum(column)
    assert abs(painted_w - painted_h) <= 2 * scale, (painted_w, painted_h)
    assert not row[round((image.width() - width * scale) / 2 + 3 * scale)]  # the pill's left end: no map
    corner = image.pixelColor(cx - painted_w // 2 + 2, cy - painted_h // 2 + 2)
    assert corner.alpha() == 255  # the square's corner is drawn: it lies inside the pill's outline

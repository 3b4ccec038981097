"""The decision-boundary view shows the network's output over the input plane, with the samples."""

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.presets import make_preset
from xorgui.core.surface import compute
from xorgui.gui.boundary import BoundaryView


def session(layers, activations, inputs, targets, seed=2):
    init = Initialization("uniform", seed=seed)
    return Trainer(Network(layers, activations, init.make(layers)), Dataset(inputs, targets),
                   TrainingConfig(learning_rate=0.5), init)


@pytest.fixture
def make_view(new_controller, shown):
    def make(trainer):
        controller = new_controller(trainer)
        return controller, shown(BoundaryView(controller), 700, 300)

    return make


def network_of(controller):
    snap = controller.snapshot
    return Network(list(snap.layers), list(snap.activations), list(snap.weights))


def test_the_map_is_the_trained_networks_output_and_the_dots_are_the_samples(make_view, qtbot):
    controller, view = make_view(make_preset("sigmoid"))
    for _ in range(30):
        controller.step_epoch()
    image = view.shown_image()
    plane = controller.surfaces.plane()
    expected = compute(network_of(controller), plane).output[:, :, 0]
    np.testing.assert_array_equal(image, expected)
    # the pixel nearest the sample (1, 0) is what the network outputs there, within a pixel's change
    r, c = np.argmin(np.abs(plane.ys - 0.0)), np.argmin(np.abs(plane.xs - 1.0))
    assert image[r, c] == pytest.approx(controller.snapshot.predictions[2, 0], abs=0.02)
    x, y = view.shown_points()
    assert x.tolist() == [0, 0, 1, 1] and y.tolist() == [0, 1, 0, 1]
    assert "D0 (sigmoid) for every (X1, X2): orange 0, blue 1" in view.side.caption.text()


def test_the_map_follows_every_published_frame_and_nothing_else(make_view):
    controller, view = make_view(make_preset("sigmoid"))
    frames = []
    controller.surfaces.surface_changed.connect(frames.append)
    controller.step_epoch()
    assert len(frames) == 1
    controller.select_sample(3)  # a new snapshot, the same weights: the same map
    controller.set_precision(6)
    assert len(frames) == 1
    controller.step_epoch()
    assert len(frames) == 2
    np.testing.assert_array_equal(view.shown_image(), frames[-1].output[:, :, 0])


def test_nothing_is_computed_while_no_view_shows_a_map(make_view):
    controller, view = make_view(make_preset("sigmoid"))
    view.hide()
    frames = []
    controller.surfaces.surface_changed.connect(frames.append)
    controller.step_epoch()
    assert frames == [] and not controller.surfaces.active
    view.show()  # shown again: brought up to date at once
    assert len(frames) == 1
    np.testing.assert_array_equal(view.shown_image(), compute(network_of(controller), controller.surfaces.plane())
                                  .output[:, :, 0])


def parity():
    x = np.array([[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1)], dtype=float)
    return x, x.sum(axis=1, keepdims=True) % 2


def test_three_inputs_two_on_the_axes_and_the_third_held_where_the_user_says(make_view):
    x, y = parity()
    controller, view = make_view(session([3, 4, 1], ["tanh", "sigmoid"], x, y))
    assert not view.side.x_box.isHidden() and view.side.x_box.currentText() == "X1" and view.side.y_box.currentText() == "X2"
    box = view.side.fixed_boxes[0]
    assert view.side.form.labelForField(box).text() == "X3 held at" and box.value() == 0.5  # the data's mean
    box.setValue(1.0)  # the user types 1 and presses Enter
    plane = controller.surfaces.plane()
    assert plane.fixed[2] == 1.0
    np.testing.assert_array_equal(view.shown_image(), compute(network_of(controller), plane).output[:, :, 0])


def test_choosing_the_other_axis_input_swaps_the_axes(make_view):
    x, y = parity()
    controller, view = make_view(session([3, 4, 1], ["tanh", "sigmoid"], x, y))
    view.side.y_box.activated.emit(2)  # y: X3
    assert controller.surfaces.axes == (0, 2)
    assert view.side.form.labelForField(view.side.fixed_boxes[0]).text() == "X2 held at"
    view.side.x_box.activated.emit(2)  # x: X3, which is on y: they swap
    assert controller.surfaces.axes == (2, 0)
    assert view.side.x_box.currentText() == "X3" and view.side.y_box.currentText() == "X1"
    assert not controller.surfaces.choose_axis(0, 5)


def test_two_outputs_the_user_picks_which_one(make_view):
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    adder = np.array([[0, 0], [1, 0], [1, 0], [0, 1]], dtype=float)  # sum, carry
    controller, view = make_view(session([2, 3, 2], ["sigmoid", "sigmoid"], x, adder))
    assert not view.side.output_box.isHidden()
    view.side.output_box.activated.emit(1)
    np.testing.assert_array_equal(view.shown_image(), controller.surfaces.surface.output[:, :, 1])
    assert view.side.caption.text().startswith("Colour: D1")


def test_one_input_shows_the_fitted_curve_over_the_samples(make_view, qtbot):
    x = np.linspace(-3, 3, 12)[:, None]
    controller, view = make_view(session([1, 5, 1], ["tanh", "identity"], x, np.sin(x)))
    assert view.shown_image() is None
    # a curve gets the width (a plane gets about a square)
    qtbot.waitUntil(lambda: view.plot_widget.width() > 1.5 * view.plot_widget.height())
    cx, cy = view.shown_curve()
    plane = controller.surfaces.plane()
    np.testing.assert_array_equal(cx, plane.xs)
    np.testing.assert_array_equal(cy, compute(network_of(controller), plane).output[0, :, 0])
    px, py = view.shown_points()
    np.testing.assert_array_equal(px, x[:, 0])
    np.testing.assert_array_equal(py, np.sin(x[:, 0]))


def test_the_window_has_a_decision_boundary_tab(window, qtbot):
    view = window.boundary
    assert window.bottom_tabs.tabText(window.bottom_tabs.indexOf(view)) == "Decision boundary"
    assert not window.controller.surfaces.active  # not on screen: nothing computed
    window.bottom_tabs.setCurrentWidget(view)
    assert window.controller.surfaces.active and view.shown_image() is not None


def test_a_tanh_output_colours_0_1_targets_at_the_two_ends_of_the_scale(make_view):
    """XOR's targets are 0 and 1 also under a tanh output (range −1..1): the scale spans the targets,
    so target-0 dots are orange and target-1 dots blue, not grey and blue."""
    from xorgui.gui import heatmap
    controller, view = make_view(session([2, 3, 1], ["tanh", "tanh"], Dataset.xor().inputs, Dataset.xor().targets))
    assert controller.snapshot.targets[:, 0].tolist() == [0, 1, 1, 0]
    assert view.shown_point_colours() == [heatmap.LOW, heatmap.HIGH, heatmap.HIGH, heatmap.LOW]
    assert "D0 (tanh) for every (X1, X2): orange 0 or below, blue 1." in view.side.caption.text()
    # the ground follows the same scale: an output of 0 or less is the end colour
    np.testing.assert_array_equal(view.image.image, heatmap.rgba(view.shown_image(), 0.0, 1.0, heatmap.PALE_LUT32))


def test_targets_at_the_ends_of_a_tanh_range_span_it(make_view):
    from xorgui.gui import heatmap
    xor = Dataset.xor()
    controller, view = make_view(session([2, 3, 1], ["tanh", "tanh"], xor.inputs, 2 * xor.targets - 1))
    assert view.shown_point_colours() == [heatmap.LOW, heatmap.HIGH, heatmap.HIGH, heatmap.LOW]
    assert "orange −1, blue 1." in view.side.caption.text()


@pytest.mark.parametrize("size", [(700, 300), (500, 420), (1000, 250)])
def test_the_map_fills_the_plot_the_axes_show_exactly_its_range(qtbot, shown, new_controller, size):
    """No white margins around the image: the axes span the image's rectangle, whatever the
    view's size, and a circle's data area keeps (about) the plane's proportions."""
    controller = new_controller(make_preset("sigmoid"))
    view = shown(BoundaryView(controller), *size)
    qtbot.wait(20)
    (x0, x1), (y0, y1) = view.shown_range()
    (ix0, ix1), (iy0, iy1) = view.image_rect()
    span = max(ix1 - ix0, iy1 - iy0)
    for shown_end, image_end in ((x0, ix0), (x1, ix1), (y0, iy0), (y1, iy1)):
        assert shown_end == pytest.approx(image_end, abs=1e-6 * span)
    vb = view.plot_widget.getPlotItem().getViewBox()
    pixels = vb.sceneBoundingRect()
    proportions = (pixels.width() / pixels.height()) / ((ix1 - ix0) / (iy1 - iy0))
    assert 0.8 < proportions < 1.25  # XOR's plane is square: its data area nearly so


def test_the_caption_follows_an_edited_target_and_the_decimals_at_once(make_view):
    # it kept "blue 1 or above" after a target was edited to 1.98765432 (the dots already used the
    # new scale), and kept its decimals after View ▸ Decimals, until the next step
    controller, view = make_view(make_preset("article"))  # identity output: the scale spans the targets
    controller.step_epoch()
    assert "orange 0 or below, blue 1 or above." in view.side.caption.text()
    assert controller.edit_data_value(3, 2, "1.98765432")  # sample 3's target
    assert "orange 0 or below, blue 1.9877 or above." in view.side.caption.text()
    assert controller.set_precision(8)
    assert "blue 1.98765432 or above." in view.side.caption.text()
    assert controller.set_precision(2)
    assert "blue 1.99 or above." in view.side.caption.text()

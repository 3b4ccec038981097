"""What the decision-boundary map says about right and wrong is what the truth table says.

The colour scale spans the targets, so an output far past its target takes the scale's end
colour, the target's own: the colours alone cannot tell right from wrong. The samples the
truth table marks ✘ (core.accuracy's rule: an output, as shown, 0.5 or more from its target)
carry a cross, and the caption says how to read the colours and the crosses.
"""

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource, build
from xorgui.core.presets import make_preset
from xorgui.core.surface import compute, plane_for, resolution_for
from xorgui.gui.boundary import BoundaryView
from xorgui.gui.tables import WRONG_MARK


@pytest.fixture
def make_view(new_controller, shown):
    def make(trainer, width=700, height=300):
        controller = new_controller(trainer)
        return controller, shown(BoundaryView(controller), width, height)

    return make


def crossed(view):
    """The crosses drawn, as a set of (x, y)."""
    return set(zip(*(v.tolist() for v in view.shown_wrong())))


def test_the_articles_identity_output_is_wrong_on_every_sample_and_every_dot_is_crossed(make_view):
    # all weights 1: D0 = 4 + 3(x1 + x2) = 4, 7, 7, 10. (0, 1) and (1, 0) have target 1 and D0 = 7:
    # on the scale 0..1 they sit on blue like their dots, yet the truth table marks them ✘
    controller, view = make_view(make_preset("article"))
    snap = controller.snapshot
    assert snap.predictions[:, 0].tolist() == [4.0, 7.0, 7.0, 10.0] and not snap.correct.any()
    text = view.side.caption.text()
    assert "Colour: D0 (identity) for every (X1, X2): orange 0 or below, blue 1 or above." in text
    assert "a dot unlike the colour under it is one the network gets wrong" not in text  # untrue here
    assert ("a cross marks each sample the network gets wrong (an output, as shown, 0.5 or more from its "
            f"target: {WRONG_MARK} in the table)") in text
    assert crossed(view) == {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)}


def test_a_trained_sigmoid_net_gets_every_sample_right_and_nothing_is_crossed(make_view):
    controller, view = make_view(make_preset("sigmoid"))
    assert len(crossed(view)) == 4 - int(controller.snapshot.correct.sum())
    controller.change("Train 3,000 epochs", lambda: controller.trainer.run_epochs(3000))  # one publish
    assert controller.snapshot.correct.all() and crossed(view) == set()


def test_a_tanh_output_near_its_middle_is_wrong_for_both_targets(make_view):
    # targets −1 and 1, output tanh(0.2027) = 0.2 everywhere: a pale blue, the target-1 dots' side
    # of the scale, yet 0.8 from target 1 (and 1.2 from −1): both classes wrong
    xor = Dataset.xor()
    init = Initialization("uniform", seed=1)
    network = Network([2, 1], ["tanh"], [np.array([[np.arctanh(0.2), 0.0, 0.0]])])
    trainer = Trainer(network, Dataset(xor.inputs, 2 * xor.targets - 1), TrainingConfig(learning_rate=0.1), init)
    controller, view = make_view(trainer)
    assert view.shown_image() == pytest.approx(np.full(view.shown_image().shape, 0.2))
    assert len(crossed(view)) == 4
    assert "orange −1, blue 1." in view.side.caption.text()  # tanh cannot pass its ends: no "or above"


@pytest.mark.parametrize("output", ["sigmoid", "tanh", "identity", "relu", "leaky_relu"])
def test_the_crosses_are_the_samples_the_snapshot_counts_wrong_training_and_test(make_view, output):
    source = DataSource("spiral", {"size": 60, "noise": 0.0, "seed": 4}, test_fraction=0.25, split_seed=1)
    train, test = build(source)
    init = Initialization("xavier", seed=3)
    trainer = Trainer(Network([2, 6, 1], ["tanh", output], init.make([2, 6, 1])), train,
                      TrainingConfig(learning_rate=0.05), init, test_data=test, source=source)
    controller, view = make_view(trainer)
    for _ in range(40):
        controller.step_epoch()
    snap = controller.snapshot
    wrong_test = ~snap.test.correct
    assert snap.test.right == int(snap.test.correct.sum())  # the same judgement as the test accuracy
    expected = {tuple(p) for p in snap.inputs[~snap.correct].tolist()} | {tuple(p) for p in
                                                                           test.inputs[wrong_test].tolist()}
    assert 0 < len(expected) < len(snap.inputs) + len(test.inputs)  # some right, some wrong
    assert crossed(view) == expected


def test_one_input_the_crosses_sit_on_the_wrong_samples_targets(make_view):
    x = np.linspace(-1.0, 1.0, 9)[:, None]
    init = Initialization("uniform", seed=2)
    trainer = Trainer(Network([1, 3, 1], ["tanh", "identity"], init.make([1, 3, 1])), Dataset(x, 2 * x ** 2),
                      TrainingConfig(learning_rate=0.1), init)
    controller, view = make_view(trainer)
    snap = controller.snapshot
    assert crossed(view) == {(float(a), float(t)) for a, t in zip(x[~snap.correct, 0], snap.targets[~snap.correct, 0])}
    assert 0 < len(crossed(view)) < 9
    assert "a cross marks each sample the network gets wrong" in view.side.caption.text()


def test_the_caption_says_when_the_map_reaches_beyond_the_data(make_view):
    controller, view = make_view(make_preset("sigmoid"), 900, 260)  # a wide, low tab
    assert "The map reaches beyond the data on the left and right, where there are no samples." in view.side.caption.text()
    xs = controller.surfaces.plane().xs
    assert xs[0] < -0.25 - 0.5 and xs[-1] > 1.25 + 0.5  # well past the data's plane (XOR's, −0.25..1.25)
    # inputs in other units (spans 100 times apart) are not drawn at one scale: nothing beyond
    inputs = np.array([[0.0, 0.0], [1.0, 100.0], [0.5, 30.0]])
    controller, view = make_view(Trainer(Network([2, 2, 1], ["tanh", "sigmoid"], Initialization("uniform", seed=1)
                                                 .make([2, 2, 1])), Dataset(inputs, np.array([[0.0], [1.0], [1.0]])),
                                         TrainingConfig(), Initialization("uniform", seed=1)), 900, 260)
    assert controller.surfaces.plane().beyond == (0, 0) and "beyond" not in view.side.caption.text()


@pytest.mark.parametrize("window_size", [(1400, 860), (1024, 700)], ids=["1400x860", "1024x700"])
def test_over_the_data_the_wide_map_is_as_fine_as_the_data_plane(window, controller, qtbot, window_size):
    # 2-8-8-1 on a spiral: the data's plane is 68 x 68 points (resolution_for). Widened to the tab,
    # the map over the data is still that grid, point for point (it was 51 rows by 178 columns over
    # a 3 times wider plane at 1400x860, coarser over the data: dots fell on cells of the other side)
    train, _ = build(DataSource("spiral", {"size": 200, "noise": 0.03, "seed": 0}))
    init = Initialization("xavier", seed=1)
    layers = [2, 8, 8, 1]
    assert controller.replace_session(Trainer(Network(layers, ["tanh", "tanh", "sigmoid"], init.make(layers)), train,
                                              TrainingConfig(learning_rate=0.3), init))
    window.bottom_tabs.setCurrentWidget(window.boundary)
    qtbot.waitUntil(window.boundary.isVisible)
    qtbot.wait(50)
    snap = controller.snapshot
    data = plane_for(snap.inputs, fixed=tuple(snap.inputs.mean(axis=0)), resolution=resolution_for(layers))
    assert data.resolution == 68
    plane = controller.surfaces.plane()
    assert plane.xs[-1] - plane.xs[0] > 1.5 * (plane.ys[-1] - plane.ys[0])  # widened to the tab
    step_x, step_y = np.diff(plane.xs).max(), np.diff(plane.ys).max()
    assert step_x <= (data.x_range[1] - data.x_range[0]) / 67 * (1 + 1e-9)
    assert step_y <= (data.y_range[1] - data.y_range[0]) / 67 * (1 + 1e-9)
    rows, cols = plane.inner
    network = Network(list(snap.layers), list(snap.activations), list(snap.weights))
    np.testing.assert_allclose(window.boundary.shown_image()[rows, cols], compute(network, data).output[:, :, 0],
                               rtol=1e-12, atol=1e-12)


def test_while_practice_asks_for_a_prediction_no_sample_is_crossed(window, controller, qtbot):
    # the truth table shows "?" for the asked sample's ok, and the accuracy "?": a cross on the
    # others (or on it) would give its answer away
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.question is not None
    view = window.boundary
    window.bottom_tabs.setCurrentWidget(view)
    qtbot.waitUntil(view.isVisible)
    assert crossed(view) == set()
    assert "crosses on wrong samples are hidden while you answer the practice questions on sample 0" \
        in view.side.caption.text()
    while controller.walk.question is not None or controller.walk.hidden.prediction:
        if controller.walk.question is None:
            assert controller.step_phase()
            continue
        controller.answer(repr(float(controller.walk.question.value)))
    window.bottom_tabs.setCurrentWidget(view)  # the walk brought its own tab to the front
    qtbot.waitUntil(view.isVisible)
    assert crossed(view) == {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)}  # the article's four, all wrong
    assert "a cross marks each sample the network gets wrong" in view.side.caption.text()

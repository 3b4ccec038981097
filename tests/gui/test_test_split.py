"""With a train/test split: the test samples on the decision boundary, the test loss on the loss plot."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core import Initialization, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource, build
from xorgui.core.evaluation import evaluate
from xorgui.core.presets import make_preset
from xorgui.gui.boundary import BoundaryView
from xorgui.gui.lossplot import LossPlot
from xorgui.gui.testloss import TEST_COLORS


def spiral_session():
    source = DataSource("spiral", {"size": 60, "noise": 0.0, "seed": 4}, test_fraction=0.25, split_seed=1)
    train, test = build(source)
    layers = [2, 6, 1]
    init = Initialization("xavier", seed=1)
    return Trainer(Network(layers, ["tanh", "sigmoid"], init.make(layers)), train,
                   TrainingConfig(learning_rate=0.5), init, test_data=test, source=source)


@pytest.fixture
def split_controller(new_controller):
    return new_controller(spiral_session())


def test_the_test_samples_are_diamonds_on_the_map(split_controller, shown):
    view = shown(BoundaryView(split_controller), 700, 300)
    test = split_controller.trainer.test_data
    x, y = view.shown_test_points()
    np.testing.assert_array_equal(x, test.inputs[:, 0])
    np.testing.assert_array_equal(y, test.inputs[:, 1])
    assert len(view.shown_points()[0]) == 45 and len(x) == 15
    plane = split_controller.surfaces.plane()
    every = np.vstack([split_controller.trainer.data.inputs, test.inputs])
    assert plane.x_range[0] < every[:, 0].min() and plane.x_range[1] > every[:, 0].max()
    assert plane.y_range[0] < every[:, 1].min() and plane.y_range[1] > every[:, 1].max()
    assert "Diamonds: the test samples, never trained on." in view.side.caption.text()


def test_the_loss_plot_draws_the_test_loss_of_every_frame(split_controller, shown):
    plot = shown(LossPlot(split_controller), 600, 300)
    c = split_controller
    expected = [evaluate(c.trainer.network, c.trainer.test_data, c.trainer.loss).loss]
    for _ in range(3):
        c.step_epoch()
        expected.append(evaluate(c.trainer.network, c.trainer.test_data, c.trainer.loss).loss)
    x, y = plot.test.data()
    assert x.tolist() == [0, 1, 2, 3]
    assert y.tolist() == expected
    assert plot.test.legend.isVisible()
    pen = plot.test.item.opts["pen"]  # the curve is made with the first test set, in the palette's colours
    assert pen.color().name() == TEST_COLORS[0] and pen.style() == Qt.PenStyle.DashLine
    assert plot.readout.text().endswith(f"· test {c.snapshot.test.loss:.4f}".replace("-", "−"))
    c.undo()  # back to epoch 2: the point measured at epoch 3 goes
    x, y = plot.test.data()
    assert x.tolist() == [0, 1, 2] and y[-1] == expected[2]


def test_without_a_test_set_there_is_no_test_curve(controller, shown):
    plot = shown(LossPlot(controller), 600, 300)
    controller.step_epoch()
    assert controller.snapshot.test is None
    assert len(plot.test.data()[0]) == 0 and not plot.test.legend.isVisible()
    assert "test" not in plot.readout.text()


def test_the_test_curve_goes_with_a_session_without_a_split(split_controller, shown):
    plot = shown(LossPlot(split_controller), 600, 300)
    split_controller.step_epoch()
    split_controller.replace_session(make_preset("sigmoid"))
    assert len(plot.test.data()[0]) == 0 and not plot.test.legend.isVisible()


def test_a_loss_plot_made_later_draws_the_points_measured_before_it(split_controller, shown):
    """The test curve lived in the loss plot, which is built after the window's first paint: the
    frames published before it (or while no plot existed) were lost. The controller keeps it now."""
    c = split_controller
    for _ in range(2):
        c.step_epoch()
    assert c.test_curve.x.tolist() == [0, 1, 2]
    plot = shown(LossPlot(c), 600, 300)
    assert plot.test.data()[0].tolist() == [0, 1, 2] and plot.test.legend.isVisible()
    np.testing.assert_array_equal(plot.test.data()[1], c.test_curve.y)

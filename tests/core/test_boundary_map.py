"""The decision-boundary map's words and crosses (core.boundary_map), without a window."""

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.activations import get_activation
from xorgui.core.boundary_map import caption, plane_hidden, wrong_points
from xorgui.core.hidden import NOTE, Hidden
from xorgui.core.presets import make_preset
from xorgui.core.snapshot import describe
from xorgui.core.surface import output_range, plane_for, widened


def xor_session(output, targets=None, seed=2):
    xor = Dataset.xor()
    init = Initialization("uniform", seed=seed)
    return Trainer(Network([2, 3, 1], ["sigmoid", output], init.make([2, 3, 1])),
                   Dataset(xor.inputs, xor.targets if targets is None else targets), TrainingConfig(), init)


def words(trainer, proportions=1.0):
    snap = describe(trainer)
    plane = widened(plane_for(snap.inputs), proportions)
    return caption(snap, plane, 0, *output_range(snap.activations[-1], snap.targets[:, 0])), snap, plane


def test_the_articles_unbounded_output_saturates_and_all_four_samples_are_crossed():
    text, snap, plane = words(make_preset("article"))
    assert snap.predictions[:, 0].tolist() == [4.0, 7.0, 7.0, 10.0]  # D0 = 4 + 3(x1 + x2)
    assert "orange 0 or below, blue 1 or above." in text
    x, y = wrong_points(snap, plane, 0)
    assert sorted(zip(x.tolist(), y.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize("output,targets,scale", [
    ("sigmoid", None, "orange 0, blue 1."),  # the targets are the ends of what it can reach
    ("tanh", None, "orange 0 or below, blue 1."),  # tanh reaches −1
    ("tanh", 2 * Dataset.xor().targets - 1, "orange −1, blue 1."),
    ("relu", None, "orange 0, blue 1 or above."),  # never below 0
    ("leaky_relu", None, "orange 0 or below, blue 1 or above."),
    ("identity", None, "orange 0 or below, blue 1 or above."),
])
def test_an_end_of_the_scale_the_output_can_pass_is_said_to_saturate(output, targets, scale):
    text, _, _ = words(xor_session(output, targets))
    assert f"Colour: D0 ({get_activation(output).label}) for every (X1, X2): {scale}" in text


def test_the_crosses_are_the_samples_judged_wrong_as_shown():
    trainer = xor_session("sigmoid")
    snap = describe(trainer)
    x, y = wrong_points(snap, plane_for(snap.inputs), 0)
    gap = np.abs(snap.predictions[:, 0] - snap.targets[:, 0])
    assert sorted(zip(x.tolist(), y.tolist())) == sorted(map(tuple, snap.inputs[gap >= 0.5].tolist()))
    assert 0 < len(x) < 4


def test_a_widened_plane_says_where_it_reaches_beyond_the_data():
    assert "beyond" not in words(make_preset("sigmoid"), 1.0)[0]
    assert "The map reaches beyond the data on the left and right, where there are no samples." in \
        words(make_preset("sigmoid"), 3.0)[0]
    assert "The map reaches beyond the data above and below, where there are no samples." in \
        words(make_preset("sigmoid"), 0.4)[0]


def test_while_practice_asks_for_a_prediction_the_caption_says_in_one_line_what_is_hidden():
    trainer = make_preset("article")
    snap = describe(trainer)
    plane = plane_for(snap.inputs)
    lo, hi = output_range(snap.activations[-1], snap.targets[:, 0])
    asked = Hidden(2, frozenset({("D0", "z")}), prediction=True)
    assert plane_hidden(snap, 0, asked) and not plane_hidden(snap, 0, Hidden())
    assert caption(snap, plane, 0, lo, hi, asked) == (
        f"The colours of D0 and the crosses on wrong samples are {NOTE} on sample 2. "
        "The dots are the samples, coloured by target.")
    assert len(wrong_points(snap, plane, 0, asked)[0]) == 0 and len(wrong_points(snap, plane, 0)[0]) == 4
    # a hidden unit's value asked: the output's map gives it not away (its map on the diagram does)
    z1 = Hidden(2, frozenset({("Z1", "z")}))
    assert not plane_hidden(snap, 0, z1) and caption(snap, plane, 0, lo, hi, z1) == caption(snap, plane, 0, lo, hi)


def test_one_input_the_line_is_hidden_while_its_prediction_is_asked():
    data = Dataset(np.linspace(-1, 1, 5).reshape(-1, 1), np.zeros((5, 1)))
    init = Initialization("uniform", seed=1)
    snap = describe(Trainer(Network([1, 2, 1], ["tanh", "sigmoid"], init.make([1, 2, 1])), data,
                            TrainingConfig(), init))
    asked = Hidden(0, frozenset({("D0", "a"), ("D0", "z")}), prediction=True)
    text = caption(snap, plane_for(snap.inputs), 0, 0.0, 1.0, asked)
    assert text == f"The line of D0 and the crosses on wrong samples are {NOTE} on sample 0. The dots are the samples' targets."

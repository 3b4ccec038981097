"""The sigmoid example with its output thrown to a flat end: the tests of the saturated forms'
digits (activations.SIGMOID_FAR) share it."""

from xorgui.core import TrainingConfig
from xorgui.core.presets import make_preset


def output_at(bias: float, others: float = 0.0, **config):
    """The sigmoid example with D0's weights (bias, others, others, others): its sum is ``bias``
    for every sample when ``others`` is 0. ``config``: a TrainingConfig to train it with instead."""
    t = make_preset("sigmoid")
    w = t.network.copy_weights()
    w[1][:] = others
    w[1][0, 0] = bias
    t.network.set_weights(w)
    if config:
        t.set_config(TrainingConfig(**config))
    return t

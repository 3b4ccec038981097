"""When training is refused, without Qt: divergence.finite and Snapshot.cannot_train (the window's
Train, Step sample, Epoch and Step phase ask these; they were tested only through the window)."""

import math

import numpy as np

from xorgui.core import sessionfile as sf
from xorgui.core.divergence import NOT_FINITE, finite
from xorgui.core.snapshot import describe


def weights():
    return [np.ones((3, 3)), np.ones((1, 4))]


def test_finite_is_false_for_a_nan_weight():
    w = weights()
    w[1][0, 2] = math.nan
    assert not finite(w, 0.25)


def test_finite_is_false_for_an_infinite_loss():
    assert not finite(weights(), math.inf)
    assert not finite(weights(), math.nan)


def test_finite_is_true_for_an_all_finite_network():
    assert finite(weights(), 0.25)
    assert finite([np.full((3, 3), 1e300), -np.ones((1, 4))], 1e300)


def test_cannot_train_the_rate_50_default_session_after_one_epoch():
    doc = sf.default_document()
    doc["training"]["batch_size"] = 1  # the window's default session: the article's, online
    doc["training"]["learning_rate"] = 50
    trainer = sf.from_dict(doc)
    assert describe(trainer).cannot_train == ""
    with np.errstate(all="ignore"):
        trainer.run_epochs(1)
    # epoch 1's loss overflowed to ∞ with every weight still finite: the loss alone refuses
    assert trainer.history.last() == math.inf and all(np.isfinite(w).all() for w in trainer.network.weights)
    assert describe(trainer).cannot_train == NOT_FINITE

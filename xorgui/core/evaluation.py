"""Loss and accuracy of a network on a dataset: the test set's figures (and any other set's).

The loss is the same mean data loss the history records for the training set (no
regularization penalty); a sample is right by the one rule of ``accuracy.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .accuracy import right_samples
from .data import Dataset
from .losses import Loss
from .network import Network
from .numbers import DEFAULT_PRECISION

Array = np.ndarray


@dataclass(frozen=True)
class Evaluation:
    """``loss``: mean loss per sample (may be inf/nan for a diverged net); ``right`` of
    ``samples`` samples are right; ``correct``: ``(samples,)`` bool, which (when known)."""

    loss: float
    right: int
    samples: int
    correct: Array | None = field(default=None, compare=False, repr=False)

    @property
    def accuracy(self) -> float:
        """Fraction of the samples that are right, 0 to 1."""
        return self.right / self.samples


def evaluate(network: Network, data: Dataset, loss: Loss, precision: int = DEFAULT_PRECISION) -> Evaluation:
    """The network's mean loss and right samples on ``data`` (predictions judged as shown with
    ``precision`` decimals)."""
    with np.errstate(all="ignore"):
        fwd = network.forward(data.inputs)
        mean = loss.mean(fwd.a[-1], fwd.z[-1], data.targets)  # as Trainer.current_loss
    right = right_samples(fwd.output, data.targets, precision)
    return Evaluation(mean, int(np.count_nonzero(right)), len(data), right)


def evaluate_test_set(trainer, precision: int = DEFAULT_PRECISION) -> Evaluation | None:
    """The trainer's figures on its test set (``trainer.test_data``), or None without one."""
    if trainer.test_data is None:
        return None
    return evaluate(trainer.network, trainer.test_data, trainer.loss, precision)

"""The test loss over training, as the loss plot draws it beside the training loss.

The training loss is recorded after every epoch by the engine. Measuring the test set after
every epoch too would cost a forward pass of the test set per epoch, so the test loss is
sampled instead: once per published frame (a few times a second while training, after every
Step or Epoch press), at the position training had reached. Going back (undo, a reset) drops
the points after the new position; another test set starts a new curve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

Array = np.ndarray

MAX_POINTS = 4096  # beyond this, every other point is dropped: the curve stays cheap to draw


@dataclass(frozen=True)
class TestCurve:
    """``x``: training position in epochs (``epoch + samples into the next / n``), ascending;
    ``y``: the mean test loss with the weights at that position. Immutable: ``add`` returns a new one."""

    __test__ = False  # not a pytest test class, whatever its name

    x: Array
    y: Array
    measured_on: Any = field(default=None, compare=False)  # the test inputs (the array itself), or None

    @classmethod
    def empty(cls, measured_on: Any = None) -> "TestCurve":
        return cls(np.empty(0), np.empty(0), measured_on)

    def __len__(self) -> int:
        return len(self.x)

    def add(self, position: float, loss: float) -> "TestCurve":
        """The curve with the test loss at ``position``; points at or after it are replaced (a
        position reached again, by undo or reset, has other weights now)."""
        keep = int(np.searchsorted(self.x, position, side="left"))
        if keep == len(self.x) - 1 and self.y[-1] == loss and self.x[-1] == position:
            return self
        x = np.append(self.x[:keep], float(position))
        y = np.append(self.y[:keep], float(loss))
        if len(x) > MAX_POINTS:  # thin the older points, keep the newest
            x = np.append(x[:-1:2], x[-1])
            y = np.append(y[:-1:2], y[-1])
        return TestCurve(x, y, self.measured_on)

    def follow(self, snap) -> "TestCurve":
        """The curve after a published ``snap`` (core.snapshot): none without a test set, a new
        one for another test set, and this frame's test loss added at the present (not at an
        earlier epoch the timeline shows: added, it would read as an undo and drop the points
        measured after it). ``self`` when nothing changed."""
        if snap.read_only:  # an earlier epoch shown (with the data it had then): the present's curve stays
            return self
        if snap.test is None:
            return self if self.measured_on is None and not len(self) else TestCurve.empty()
        curve = self if snap.test_inputs is self.measured_on else TestCurve.empty(snap.test_inputs)
        return curve.add(position(snap.epoch, snap.cursor, len(snap.inputs)), snap.test.loss)


def position(epoch: int, cursor: int, n_samples: int) -> float:
    """Where training is, in epochs: ``epoch`` whole epochs and ``cursor`` of ``n_samples`` into the next."""
    return epoch + cursor / n_samples

"""The swinging-loss finding: a loss that goes up and down by a factor of two or more (1.1 in full
batch), above where the run started, is a learning rate too large for the network, though it never
grows a thousandfold (the divergence rule's mark): the tanh example with cross-entropy at α = 50
swung between 4.9 and 45.1 every other epoch, from 0.76, and was told only of saturated units."""

from __future__ import annotations

import math

import numpy as np

from .findings import Finding, Kind, Remedy, Severity
from .naming import count, epoch_number
from .numbers import fmt
from .training import Trainer

SWING_EPOCHS = 20  # the last epochs looked at
SWING_RISES = 5  # at least this many of them rise by more than 1% ...
SWING_FACTOR = 2.0  # ... and the highest is at least this many times the lowest ...
# ... or, in full batch, this many: one update an epoch on the whole data's gradient has no sampling
# noise, and a small enough rate never raises the loss (the tanh example at α = 20 swung 8.56 ↔ 11.44)
FULL_BATCH_FACTOR = 1.1
RECENT = 4  # ... and one of the last this many epochs rises


def swinging(trainer: Trainer, precision: int) -> list[Finding]:
    """The finding when the last SWING_EPOCHS losses swing (see the module), else none."""
    values = trainer.history.values
    h = np.asarray(values[-SWING_EPOCHS:], dtype=np.float64)
    if len(h) < SWING_EPOCHS or not np.all(np.isfinite(h)):
        return []
    start = trainer.history.start  # the loss at epoch 0 (a file may not have it: its first epoch's then)
    start = float(values[0]) if start is None else start
    if not math.isfinite(start):
        return []
    up = h[1:] > h[:-1] * 1.01
    rises, low, high = int(np.sum(up)), float(h.min()), float(h.max())
    # still swinging at the end: a rate lowered a few epochs ago falls smoothly, and is not to blame
    factor = FULL_BATCH_FACTOR if trainer.updates_per_epoch == 1 else SWING_FACTOR
    if rises < SWING_RISES or high < factor * low or high <= start or not np.any(up[-RECENT:]):
        return []
    rate = trainer.config.learning_rate
    first = epoch_number(trainer.epoch - SWING_EPOCHS + 1)
    return [Finding(
        Kind.UNSTABLE, Severity.ERROR, "The loss swings: the learning rate is too large",
        f"Between epoch {first} and epoch {epoch_number(trainer.epoch)} the loss went up {count(rises, 'time')}, as "
        f"high as {fmt(high, precision)} (its lowest {fmt(low, precision)}), above the {fmt(start, precision)} the "
        f"run started at: updates step past the minimum they aim for, to a larger loss on its other side. The learning rate, "
        f"α = {fmt(rate, 6)}, is too large for this network: lower it. Weights it has already thrown far out may "
        "also need re-initializing.",
        numbers=(("lowest loss", low), ("highest loss", high), ("starting loss", start), ("learning rate", rate)),
        remedies=(Remedy.LOWER_RATE, Remedy.XAVIER))]

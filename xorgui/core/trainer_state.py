"""What a Trainer hands out and takes back: the state undo restores, the markers on the loss
plot and the result of one sample step (the trainer itself is in ``training.py``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import TrainingConfig
from .data import Dataset
from .datasets import DataSource
from .history import History
from .init import Initialization
from .timeline import Timeline
from .trace import SampleTrace

Array = np.ndarray


MAX_MARKERS = 100_000  # kept, the oldest dropped beyond: opening a file of 1,000,000 froze the window for 21 s


@dataclass(frozen=True)
class Marker:
    """Something the user did at an epoch (an edit, a settings change), shown on the loss plot."""

    epoch: int
    label: str
    # the mean loss right after it (the history holds the loss before it, at ``epoch``), and whether
    # it changed the weights (an edit, a loaded example, a shape; not a setting or new data): the
    # Why? tab measures a stalled run from the last change that did. None: a file written before
    loss: float | None = None
    sets_weights: bool | None = None


@dataclass(frozen=True)
class TrainerState:
    """Everything a Trainer can be restored to, for undo/redo.

    The loss history is kept as a diff: on restore it is cut back to its first
    ``history_base`` entries and ``history_tail`` is appended (History.since/restore_since;
    a whole bounded copy when the history has been decimated past that point). An undo of ordinary actions
    only cuts (empty tail); a redo appends the epochs the action produced.
    """

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    weights: tuple[Array, ...]
    config: TrainingConfig
    init: Initialization
    epoch: int
    cursor: int
    pending: int
    accumulated: tuple[Array, ...]
    order: Array
    markers: tuple[Marker, ...]
    history_base: int
    history_tail: "Array | History"
    data: Dataset
    test_data: Dataset | None
    source: DataSource
    # (the SampleHistory, its since(history_base)): each sample's losses. The object itself is
    # kept (not copied): new data gets a new one, and the old one is never written again until
    # a restore makes it current
    samples: tuple | None = None
    timeline: Timeline | None = None  # the moments time travel starts from (None in a moment itself)
    start: float | None = None  # History.start: the loss at epoch 0, of the weights the run started from


@dataclass
class StepResult:
    """What one sample step did: the trace of the sample and whether weights changed."""

    sample: int
    trace: SampleTrace
    updated: bool
    epoch_finished: bool


def unchanged(before: TrainerState, after: TrainerState) -> bool:
    """True when ``after`` is ``before`` again (a Reset of a run that has not moved, a seed it
    already has): the network, settings, place in the epoch, data (the same objects: data is never
    changed in place) and loss history alike. The per-sample losses and the timeline follow from
    those and are not compared."""
    def same(xs, ys) -> bool:
        return len(xs) == len(ys) and all(np.array_equal(x, y, equal_nan=True) for x, y in zip(xs, ys))

    tails = before.history_tail, after.history_tail  # a copy of a long history counts as changed
    starts = before.start, after.start  # None before a run's first step
    return ((before.layers, before.activations, before.config, before.init, before.epoch, before.cursor,
             before.pending, before.markers, before.source, before.history_base) ==
            (after.layers, after.activations, after.config, after.init, after.epoch, after.cursor,
             after.pending, after.markers, after.source, after.history_base)
            and before.data is after.data and before.test_data is after.test_data
            and same(before.weights, after.weights) and same(before.accumulated, after.accumulated)
            and np.array_equal(before.order, after.order)
            and all(isinstance(t, np.ndarray) for t in tails) and same(*tails)
            and (starts[0] == starts[1] or None not in starts and same(*((s,) for s in starts))))

"""Time travel: the trainer as it was at a past epoch (two epochs' weights side by side: weight_diff.py).

``trainer_at`` starts from the latest moment the trainer's :class:`~xorgui.core.timeline.Timeline`
kept at or before the epoch and trains forward with the engine: between moments the run only
trained, and training is deterministic, so the result is the state the run had there, bit for
bit (``tests/core/test_timetravel.py`` checks it against recomputing from epoch 0 and against
states captured live).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .network import Network
from .sample_history import SampleHistory
from .training import Trainer, TrainerState

Array = np.ndarray


def viewable(trainer: Trainer) -> tuple[int, int]:
    """(first, last) epochs that ``trainer_at`` can show: from the timeline's first moment to now."""
    first = trainer.timeline.first_epoch
    return (trainer.epoch if first is None else min(first, trainer.epoch)), trainer.epoch


def _rebuild(moment: TrainerState) -> Trainer:
    """A new Trainer in the state of ``moment`` (a ``Trainer.moment()``), with no history."""
    net = Network(list(moment.layers), list(moment.activations), [w.copy() for w in moment.weights])
    past = Trainer(net, moment.data, moment.config, moment.init, moment.epoch,
                   test_data=moment.test_data, source=moment.source)
    past.restore(replace(moment, history_base=0))  # the position in the epoch, accumulated gradients, markers
    return past


def trainer_at(trainer: Trainer, epoch: int, near: Trainer | None = None) -> Trainer:
    """A new Trainer in the state ``trainer`` had at ``epoch``: the moment kept there, or the
    latest earlier one trained forward to the end of that epoch. Its history is ``trainer``'s
    up to ``epoch``; its timeline, ``trainer``'s moments up to ``epoch``.

    ``near``: a trainer an earlier call returned for this same run (nothing changed since),
    used instead of the moment when it is later and not past ``epoch`` (dragging forward
    replays only the difference). ValueError for an epoch outside ``viewable(trainer)``.
    """
    first, last = viewable(trainer)
    epoch = int(epoch)
    if not first <= epoch <= last:
        raise ValueError(f"epoch {epoch} cannot be shown: choose one from {first} to {last}")
    if epoch == last:
        past = _rebuild(trainer.moment())
    else:
        start = trainer.timeline.before(epoch)
        if near is not None and start.epoch < near.epoch <= epoch and near.cursor == 0:
            start = near.moment()
        past = _rebuild(start)
        past.run_epochs(epoch - past.epoch)  # the run only trained from there: replay it
    kept = len(trainer.history) - (trainer.epoch - epoch)  # the epochs recorded up to ``epoch``
    # the losses after ``epoch``, as the run recorded them (the replay's, else its weights'): a long
    # run's history may keep them only inside a bucket, which the cut below would end with
    tracked = trainer.sample_history.width > 0
    if len(past.history):  # replayed
        loss = past.history.last()
        per_sample = past.sample_history.last() if tracked and len(past.sample_history) else None
    elif past.cursor == 0:  # a kept moment at the end of ``epoch``: the losses of its weights
        loss, per_sample = past.current_loss(), (past.sample_losses() if tracked else None)
    else:
        loss = per_sample = None
    past.history = trainer.history.copy()
    if loss is not None:
        past.history.know(kept, loss)
    past.history.truncate(kept)
    samples = trainer.sample_history.copy()
    if per_sample is not None and samples.width == len(per_sample):
        samples.know(kept, per_sample)
    samples.truncate(kept)
    if samples.width != SampleHistory(len(past.data)).width:
        # the data changed size after ``epoch``: the tracks recorded since are other samples',
        # and the shown data's own were not kept
        samples = SampleHistory(len(past.data), start=kept)
    past.sample_history = samples
    past.timeline = trainer.timeline.until(epoch)
    past.name, past.notes = trainer.name, trainer.notes
    return past

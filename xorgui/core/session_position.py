"""``training.position`` of a session file (docs/session-format.md): where a partly stepped epoch
stands, so that a saved session reopens at the same place (and ``xorgui train``, an exported
script and a recovered autosave continue from there instead of replaying the epoch's first samples).

Only what cannot be worked out again is stored: ``cursor`` (how many samples of the epoch have been
stepped) and ``accumulated`` (the gradient sums of the unfinished batch's stepped samples, as the
walkthrough shows them). The epoch's sample order follows from the shuffle seed and
``training.epoch`` (``training.epoch_order``), and the number of pending samples from the cursor
and the batch size. A file without the key is at the start of its epoch, as every file before it was.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from .fields import Obj, SessionError, is_int, matrix, show
from .naming import count
from .timeline import Timeline
from .training import Trainer

KEY = "position"


def position_to_dict(trainer: Trainer) -> dict[str, Any] | None:
    """The ``training.position`` object, or None at the start of an epoch (then it is not written)."""
    if trainer.cursor == 0:
        return None
    doc: dict[str, Any] = {"cursor": trainer.cursor}
    if trainer.pending_samples:
        doc["accumulated"] = [a.tolist() for a in trainer.accumulated()]
    return doc


def read_position(training: Obj, trainer: Trainer) -> tuple[int, tuple[np.ndarray, ...]]:
    """(cursor, accumulated sums) of ``training.position`` for this trainer's network, data and
    batch size; (0, ()) when absent. SessionError naming the field for anything that does not fit."""
    if KEY not in training.value:
        return 0, ()
    pos = training.obj(KEY)
    n, k = len(trainer.data), trainer.batch_size
    cursor = pos.get("cursor", int)
    if not is_int(cursor) or not 0 <= cursor < n:
        raise SessionError(f"{pos.path}.cursor: expected a whole number from 0 to {n - 1} (samples stepped "
                           f"in an epoch of {n}), got {show(cursor)}")
    pending = cursor % k
    acc_doc = pos.get("accumulated", list, default=[])
    if not pending:
        if acc_doc:
            raise SessionError(f"{pos.path}.accumulated: no batch is under way after {cursor} samples in "
                               f"batches of {k}, so there are no gradient sums; leave it out")
        return cursor, ()
    shapes = [w.shape for w in trainer.network.weights]
    if len(acc_doc) != len(shapes):
        raise SessionError(f"{pos.path}.accumulated: the batch under way has {count(pending, 'stepped sample')}, so one gradient sum "
                           f"per weight matrix is needed ({len(shapes)}), got {len(acc_doc)}")
    return cursor, tuple(matrix(m, f"{pos.path}.accumulated[{l}]", s) for l, (m, s) in enumerate(zip(acc_doc, shapes)))


def resume_at(trainer: Trainer, cursor: int, accumulated: tuple[np.ndarray, ...] = ()) -> None:
    """Put ``trainer`` (at the start of its epoch) ``cursor`` samples into the epoch, with the
    unfinished batch's gradient sums. Its weights are those after the ``cursor`` samples, so its
    timeline starts there: the epoch's start, which the file does not hold, is not a moment."""
    if cursor == 0:
        return
    pending = cursor % trainer.batch_size
    trainer.restore(replace(trainer.capture(), cursor=cursor, pending=pending,
                            accumulated=tuple(a.copy() for a in accumulated) if pending else (), timeline=Timeline()))
    trainer.remember()


def copy_position(source: Trainer, target: Trainer) -> None:
    """Give ``target`` (a copy at the start of the same epoch) ``source``'s place in the epoch."""
    resume_at(target, source.cursor, tuple(source.accumulated()) if source.pending_samples else ())

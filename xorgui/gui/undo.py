"""Undo entries: the trainer state before and after one user action.

Every change a user makes is one :class:`StateCommand` on the controller's QUndoStack. Undo and
redo hand a captured :class:`~xorgui.core.training.TrainerState` to ``restore`` (the
controller's), so the stack never needs to know what the action was.
"""

from __future__ import annotations

import sys
from typing import Callable

from PySide6.QtGui import QUndoCommand

from ..core.training import TrainerState

UNDO_LIMIT = 200
NUDGE_MERGE_ID = 1  # successive nudges of one weight merge into one entry


class StateCommand(QUndoCommand):
    """One undo entry. ``merge_key``: entries with the same key merge (nudges of one weight)."""

    def __init__(self, text: str, before: TrainerState, after: TrainerState,
                 restore: Callable[[TrainerState], None], merge_key: tuple | None = None):
        super().__init__(text)
        self.before, self.after, self.merge_key = before, after, merge_key
        self._restore = restore
        self._first = True  # QUndoStack.push calls redo(); the action has already happened

    def id(self) -> int:
        return NUDGE_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, StateCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.after)

    def undo(self) -> None:
        self._run(self.before)

    def _run(self, state: TrainerState) -> None:
        # No exception may cross back into QUndoStack's C++: PySide 6.11 can crash storing it
        # (seen as a segfault in CI). It goes to the excepthook instead, as a slot's would.
        try:
            self._restore(state)
        except Exception:
            sys.excepthook(*sys.exc_info())

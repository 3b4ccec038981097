"""A Trainer's undo support: a restorable copy of its state (``TrainerState``), restoring one,
and the moments it keeps on its timeline for time travel (``timeline.py``)."""

from __future__ import annotations

import numpy as np

from .network import Network
from .timeline import Timeline
from .trainer_state import TrainerState


class TrainerUndo:
    """Mixed into Trainer (``training.py``), whose network, settings, epoch, cursor, histories,
    markers, data and timeline it copies and restores."""

    def capture(self, history_base: int | None = None, pin: bool = True) -> TrainerState:
        """A restorable copy of the state; the history from ``history_base`` on (default:
        none of it) is copied into the state. The losses at ``history_base`` are pinned
        (History.since) unless ``pin`` is False and the state is restored, if at all, before
        TAIL_EPOCHS more epochs are recorded: the divergence watch's replay of a chunk, which
        would otherwise pin an epoch of each loss history for every chunk of a run."""
        n = len(self.history)
        base = n if history_base is None else max(0, min(history_base, n))
        return self._state(base, self.history.since(base, pin),
                           (self.sample_history, self.sample_history.since(base, pin)), self.timeline)

    def moment(self) -> TrainerState:
        """The state without the loss histories or the timeline, for the timeline (core.timeline)."""
        return self._state(len(self.history), np.empty(0), None, None)

    def remember(self) -> None:
        """Keep this state on the timeline. The Trainer does it after each change it makes and
        at the epochs training keeps; after changing its attributes directly, call it."""
        self.timeline = self.timeline.record(self.moment())

    def _state(self, base: int, tail, samples, timeline: Timeline | None) -> TrainerState:
        return TrainerState(
            tuple(self.network.layers), tuple(self.network.activation_names), tuple(self.network.copy_weights()),
            self.config, self.init, self.epoch, self._cursor, self._pending,
            tuple(a.copy() for a in self._acc), self._order.copy(), tuple(self.markers),
            base, tail, self.data, self.test_data, self.source, samples, timeline, self.history.start)

    def restore(self, state: TrainerState) -> None:
        """Return to a captured state (see TrainerState for how the history is restored).
        Never refused: a captured state is restored as it was, non-finite weights included."""
        if list(state.layers) != self.network.layers or list(state.activations) != self.network.activation_names:
            self.network = Network(list(state.layers), list(state.activations), list(state.weights))
        else:
            self.network.set_weights(list(state.weights))
        self.config, self.init, self.epoch = state.config, state.init, state.epoch
        self._cursor, self._pending = state.cursor, state.pending
        self._acc = [a.copy() for a in state.accumulated]
        self._order = state.order.copy()
        self.markers = list(state.markers)
        self.history.restore_since(state.history_base, state.history_tail)
        self.history.start = state.start
        self.data, self.test_data, self.source = state.data, state.test_data, state.source
        if state.samples is not None:
            self.sample_history = state.samples[0]
            self.sample_history.restore_since(state.history_base, state.samples[1])
        if state.timeline is not None:
            self.timeline = state.timeline

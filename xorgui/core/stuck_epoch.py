"""One epoch from the current weights, measured as training takes it (:func:`epoch_move`): what
the stuck-sample finding (:mod:`.stuck`) says an epoch does in the session's batch mode."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network

Array = np.ndarray


@dataclass(frozen=True)
class EpochMove:
    """One epoch of updates from the current weights, taken as training takes them (the epoch's
    batches in its order, regularization included). Lengths are norms over all weights."""

    batch: int  # samples per update: n is full batch, 1 online
    n_samples: int
    learning_rate: float
    updates: tuple[float, ...]  # each update's length, |ΔW|
    net: float  # the distance from the epoch's start to its end
    losses: tuple[float, ...]  # the stuck sample's loss before the epoch and after each update
    shuffled_epoch: int | None  # the epoch (1-based) whose shuffled order it takes; None: 0, 1, …, n − 1
    regularized: str = ""  # the regularizer's title when it adds to the updates, else ""


def epoch_move(net: Network, loss, config, inputs: Array, targets: Array, epoch: int, sample: int) -> EpochMove:
    """Train a copy of ``net`` one epoch, in the order of epoch ``epoch`` (0-based: the one after
    ``epoch`` finished epochs), with ``config``'s batches and the engine's arithmetic
    (:func:`.fastpath.run_batches`), measuring each update and ``sample``'s loss."""
    from .fastpath import run_batches  # the engine, only when a finding needs it
    from .regularizers import get_regularizer
    from .training_rules import epoch_order

    n = len(inputs)
    order = epoch_order(config, n, epoch)
    k = config.effective_batch(n)
    copy = net.copy()

    def flat() -> Array:
        return np.concatenate([w.ravel() for w in copy.weights])

    def sample_loss() -> float:
        fwd = copy.forward(inputs[sample:sample + 1])
        return float(loss.per_sample(fwd.a[-1], fwd.z[-1], targets[sample:sample + 1])[0])

    start = before = flat()
    updates, losses = [], [sample_loss()]
    xs, ys = inputs[order], targets[order]
    plans: dict = {}  # the engine's buffers by batch size, made once for the epoch
    with np.errstate(all="ignore"):
        for first in range(0, n, k):
            run_batches(copy, loss, config, xs[first:first + k], ys[first:first + k], k, plans)
            after = flat()
            updates.append(float(np.linalg.norm(after - before)))
            losses.append(sample_loss())
            before = after
    reg = get_regularizer(config.regularization)
    return EpochMove(k, n, float(config.learning_rate), tuple(updates), float(np.linalg.norm(before - start)),
                     tuple(losses), int(epoch) + 1 if config.shuffle and k < n else None,
                     reg.title if reg.penalizes and config.regularization_rate > 0 else "")

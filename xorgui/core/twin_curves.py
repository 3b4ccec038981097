"""What the twin window's plot draws of a twin run: the run both twins share, once, and each
twin's own losses from where the pair was made.

A twin made from a session at epoch 3,000 shares the session's 3,000 epochs: they are one run,
drawn once (``shared``: epoch 0, the loss of the weights that run started from, when it is known,
to the split). Each twin's own curve (``own``, left first) starts at the split, at the loss of the
weights that twin started from there (``starts``: a changed weight starts the changed twin
elsewhere; a changed rate starts both at the same loss), then the loss after each epoch since.
A twin made mid-epoch splits at ``epoch + samples / n`` (where the main loss plot puts the
current weights), and the shared run ends there at the loss of the unchanged twin's weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .twin import TwinRun

Array = np.ndarray
Curve = tuple[Array, Array]


@dataclass(frozen=True)
class TwinCurves:
    shared: Curve  # (epochs, mean losses) of the run before the pair was made; empty at epoch 0
    own: tuple[Curve, Curve]  # each twin's: (split, its start loss), then (e, loss after epoch e), e > split
    split: float  # the epoch (fractional mid-epoch) where the pair was made
    starts: tuple[float, float]  # each twin's mean loss at the split (left first)


def _points(history, first: float, last: float) -> Curve:
    """The points of a history's curve at epochs ``first <= e <= last``."""
    x, y = history.curve()
    keep = (x >= first) & (x <= last)
    return x[keep], y[keep]


def twin_curves(run: TwinRun) -> TwinCurves:
    """The curves of ``run``'s plot (see the module docstring)."""
    epoch, cursor = run.made_at
    split = epoch + cursor / len(run.left.data)
    unchanged = 0 if run.changed == "right" else 1
    twins = (run.left, run.right)
    history = twins[unchanged].history  # both hold the shared epochs: the unchanged twin's are the run's
    xs, ys = [np.empty(0)], [np.empty(0)]
    if split > 0:
        if history.start is not None:
            xs.append(np.zeros(1)), ys.append(np.array([history.start]))
        x, y = _points(history, 1, epoch)
        xs.append(x), ys.append(y)
        if cursor:  # on to the weights the pair was made from, mid-epoch
            xs.append(np.array([split])), ys.append(np.array([run.start_losses[unchanged]]))
    shared = (np.concatenate(xs).astype(np.float64), np.concatenate(ys).astype(np.float64))
    own = []
    for t, start in zip(twins, run.start_losses):
        x, y = _points(t.history, epoch + 1, np.inf)
        own.append((np.concatenate([[split], x]).astype(np.float64), np.concatenate([[start], y]).astype(np.float64)))
    return TwinCurves(shared, (own[0], own[1]), split, run.start_losses)

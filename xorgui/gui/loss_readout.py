"""The Loss tab's header: the epoch and mean loss read out, "?" where practice hides it."""

from __future__ import annotations

from ..core.hidden import Hidden
from ..core.naming import epoch_number, epoch_place
from ..core.numbers import fmt
from ..core.snapshot import Snapshot


def readout_text(snap: Snapshot, hover_epoch: int | None, hover_loss: float | None, hidden: Hidden = Hidden()) -> str:
    """The plot's header. Not hovering: the snapshot's mean loss with the current weights, the
    number the Run panel shows; mid-epoch it says how far into the next epoch those weights are.
    Hovering: the mean loss recorded at the end of that epoch. A mean loss ``hidden`` hides
    (``Hidden.hides_mean_loss``: practice asks for ŷ and it is the current weights') reads "?"."""
    if hover_epoch is not None and hover_loss is not None:
        hides = hidden.hides_mean_loss(snap.epoch, snap.cursor, hover_epoch)
        shown = "?" if hides else fmt(hover_loss, snap.precision)
        return f"epoch {epoch_number(hover_epoch)} · mean loss {shown}"
    test = f" · test {fmt(snap.test.loss, snap.precision)}" if snap.test is not None else ""
    shown = "?" if hidden.hides_mean_loss(snap.epoch, snap.cursor, snap.epoch, snap.cursor) else fmt(snap.loss, snap.precision)
    return f"epoch {epoch_place(snap.epoch, snap.cursor, len(snap.inputs))} · mean loss {shown}{test}"

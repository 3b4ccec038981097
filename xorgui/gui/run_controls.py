"""Whether the controls that train are offered now, and why not: one rule for the Run menu, the
control panel and the walkthrough panel, which only apply it (the controller publishes it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Offered:
    """One kind of control: ``enabled``, else ``reason`` (its tooltip then; "" when enabled, and
    the control shows its own)."""

    enabled: bool = True
    reason: str = ""


@dataclass(frozen=True)
class RunControls:
    """Train (its Pause too), Step sample, Epoch and Step phase, wherever a view offers them.
    The read-only past is not in here: ``ReadOnlyWhileViewing`` overrides these while it is shown."""

    train: Offered = Offered()
    step: Offered = Offered()
    epoch: Offered = Offered()
    phase: Offered = Offered()

    @classmethod
    def of(cls, cannot_train: str, running: bool) -> RunControls:
        """On a network whose loss is not finite (``Snapshot.cannot_train``, the reason) nothing
        trains, but a run going on can still be paused."""
        if not cannot_train:
            return cls()
        stuck = Offered(False, cannot_train)
        return cls(train=Offered() if running else stuck, step=stuck, epoch=stuck, phase=stuck)

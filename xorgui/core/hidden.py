"""What the window hides while practice questions are open (see ``practice.hidden``, which makes it).

Apart from practice.py so that the views that honour it (the diagram, the truth table) load none
of practice mode's modules to start.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hidden:
    """What the window must not show while practice questions are open, so that nothing on
    screen gives an answer away: for the walk's ``sample``, the unit values still asked
    (``values``: (unit name, "a" | "z" | "δ")) and whether its prediction ŷ and loss are (the
    truth table's row: the loss gives ŷ away)."""

    sample: int = -1
    values: frozenset[tuple[str, str]] = frozenset()
    prediction: bool = False

    def hides(self, sample: int, unit: str, what: str) -> bool:
        """True if ``what`` ("a", "z" or "δ") of ``unit`` for ``sample`` must not be shown."""
        return sample == self.sample and (unit, what) in self.values

    def hides_prediction(self, sample: int) -> bool:
        return self.prediction and sample == self.sample

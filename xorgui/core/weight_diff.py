"""Two networks' weights side by side by their diagram names: two epochs of one run (time
travel's Compare) or the two twins of a twin run. ``first`` and ``second`` are the exact float64
values; ``change`` is ``second − first``, computed once here for every view."""

from __future__ import annotations

from dataclasses import dataclass

from . import naming
from .training import Trainer


@dataclass(frozen=True)
class WeightRow:
    """One weight in two networks (None where that network has no such weight)."""

    name: str
    first: float | None
    second: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first

    @property
    def differs(self) -> bool:
        """Whether the two values are not the same number (NaN is NaN; a missing one differs)."""
        both_nan = self.first != self.first and self.second != self.second
        return not (self.first == self.second or both_nan)


def compare_weights(a: Trainer, b: Trainer) -> list[WeightRow]:
    """Every weight of ``a`` and of ``b`` by name (W11, V10, …), in ``a``'s order, then the
    names only ``b`` has."""
    def named(t: Trainer) -> dict[str, float]:
        names = naming.weight_names(list(t.network.layers))
        return {names[l][r][c]: float(w[r, c])
                for l, w in enumerate(t.network.weights) for r in range(w.shape[0]) for c in range(w.shape[1])}

    first, second = named(a), named(b)
    order = list(first) + [n for n in second if n not in first]
    return [WeightRow(n, first.get(n), second.get(n)) for n in order]

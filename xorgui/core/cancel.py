"""A long export's progress, and stopping it, without Qt: the work calls ``report(fraction)`` now
and then (0 to 1); a caller that wants it stopped raises :class:`Cancelled` from ``report``, and
the export ends before anything is written."""

from __future__ import annotations

from typing import Callable

Report = Callable[[float], None]
REPORT_EVERY = 64  # samples (or rows ×64) between reports: a stop is felt within a tenth of a second


class Cancelled(Exception):
    """The user stopped a long export; nothing was written."""


def part(report: Report | None, start: float, end: float) -> Report | None:
    """``report`` for the part of the work from ``start`` to ``end`` of the whole."""
    if report is None:
        return None
    return lambda fraction: report(start + (end - start) * fraction)

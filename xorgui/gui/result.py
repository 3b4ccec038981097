"""What a controller command returns: done, or refused with the reason a user can read.

Views act on the result of the command they sent (an editor stays open and shows ``reason``);
they never listen to a broadcast message to learn why their own request failed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    ok: bool
    reason: str = ""  # why it was refused; empty when ok
    level: str = "error"  # how the status bar says the reason: "error", or "info" for a hint

    def __bool__(self) -> bool:
        return self.ok


OK = Result(True)


def refused(reason: str, level: str = "error") -> Result:
    return Result(False, reason, level)

"""The errata as text: one line per value, for the errata window and ``xorgui errata`` alike.

Pure formatting of :class:`~xorgui.core.errata.Erratum` fields; nothing here computes a number.
"""

from __future__ import annotations

import textwrap

from .errata import Erratum, Source, Value
from .numbers import fmt

TAGS = {Source.PRINTED: "(printed)", Source.ARTICLE_RULE: "(its rule)"}
DECIMALS = 6
WIDTH = 100  # columns of ``xorgui errata``'s text


def value_line(value: Value) -> str:
    """``label = working = number (tag)``, or ``label: remark`` when there is no number."""
    if value.value is None:
        line = f"{value.label}: {value.remark}" if value.label else value.remark
    else:
        line = " = ".join(p for p in (value.label, value.working, fmt(value.value, DECIMALS)) if p)
    tag = TAGS.get(value.source)
    if tag and (value.value is not None or value.source == Source.ARTICLE_RULE):
        line = f"{line}  {tag}"
    return line


def is_claim_only(values: tuple[Value, ...]) -> bool:
    """The article printed no number here, only a claim."""
    return all(v.value is None and v.source == Source.PRINTED for v in values)


def intro(computed: str = "now") -> str:
    """What the two columns hold, said once for ``xorgui errata`` and the errata window;
    ``computed``: when the engine computed xorgui's numbers ("now" for the command, "when this
    view opened" for the window, which computes them once)."""
    return ("Article: the numbers the article printed, marked (printed), and where it printed none or a "
            "different one, what its own rule gives, worked out by xorgui and marked (its rule). xorgui: "
            f"the correct numbers, computed by the engine {computed}.")


def render_text(rows: tuple[Erratum, ...]) -> str:
    """The errata as numbered blocks: the claim, the article's values, xorgui's, and why."""
    out = ["The article's worked example: what it gets wrong (in the window: Help ▸ The article's errata)",
           "", textwrap.fill(intro(), WIDTH), ""]
    for n, e in enumerate(rows, 1):
        out.append(f"{n}. {e.claim}")
        for heading, values in (("Article:", e.article), ("xorgui: ", e.xorgui)):
            for i, v in enumerate(values):
                out.append(f"   {heading if i == 0 else ' ' * len(heading)} {value_line(v)}")
        out.append(textwrap.fill(e.why, WIDTH, initial_indent="   Why: ", subsequent_indent="        "))
        out.append("")
    return "\n".join(out)

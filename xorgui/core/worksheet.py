"""Check my worksheet: a learner's own working of one step, line by line.

Any session works, so a learner can type a textbook or homework example (weights, inputs, a
learning rate) into a session and check each line of their working: ``a_Z1 = 1.5``,
``δ_D0 = −0.24``, ``W11 := 0.88``. A worksheet is one online step on one sample (one update
right after the sample, as textbooks work it), whatever the session's batch mode.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import naming
from .article import BIAS_HAS_NO_DELTA, same_slip
from .mistakes import Kind, describe
from .numbers import DEFAULT_PRECISION, fmt
from .practice import NOT_FINITE_ANSWER, Verdict, check
from .quantities import Quantity, for_phase, step_quantities
from .walkthrough import Equation, Phase, build_phases

_LINE = re.compile(r"^\s*(?P<name>[^=:]+?)\s*(?P<op>:=|=)\s*(?P<rest>.*)$")


def _key(name: str) -> str:
    """A name as typed in any of its spellings: ``δ_D0`` = ``delta_D0``, ``∂L/∂W11`` = ``dL/dW11``."""
    return (name.strip().lower().replace(" ", "").replace("∂", "d").replace("δ", "delta")
            .replace("ŷ", "yhat").replace("−", "-").replace("′", "'"))


@dataclass(frozen=True)
class Entry:
    """One line of the learner's worksheet and its check. ``verdict`` is None when the line
    names no quantity of this step (``problem`` says why)."""

    line: int  # 1-based
    text: str
    quantity: Quantity | None
    verdict: Verdict | None
    problem: str | None = None


@dataclass(frozen=True)
class Tally:
    """The count of a checked worksheet. Only answers that were read are counted, as practice
    mode counts them: a line marked ? (an answer that is not a number, or a line that names no
    quantity of the step) is reported and not counted."""

    right: int
    counted: int
    unreadable: int = 0  # answers that could not be read
    unchecked: int = 0  # lines that name no quantity of the step (or no NAME = ANSWER)
    repeated: int = 0  # answers to a quantity answered again below: its last answer is the one counted

    @classmethod
    def of(cls, entries: list[Entry]) -> "Tally":
        answered = [e for e in entries if e.verdict is not None and e.verdict.typed is not None]
        last = {e.quantity.name: e.verdict for e in answered}  # a quantity counts once (δ_D0 right, then wrong)
        return cls(sum(v.correct for v in last.values()), len(last),
                   sum(e.verdict is not None and e.verdict.typed is None for e in entries),
                   sum(e.verdict is None for e in entries), len(answered) - len(last))

    @property
    def all_right(self) -> bool:
        """Something was counted and all of it is right (``xorgui practice`` exits 0)."""
        return self.counted > 0 and self.right == self.counted

    def text(self, expected: str = "") -> str:
        """``1 of 2 right`` (:func:`naming.right_of`), then ``expected`` (`` (4 decimals
        expected)``), then what was not counted: ``; 1 answer could not be read, not counted``, or an
        earlier answer to a quantity the learner answered again."""
        left = []
        if self.repeated:  # each is still marked on its own line
            left.append(f"{naming.count(self.repeated, 'earlier answer')} to a quantity answered again below")
        if self.unreadable:
            left.append(f"{naming.count(self.unreadable, 'answer')} could not be read")
        if self.unchecked:
            left.append(f"{naming.count(self.unchecked, 'line')} could not be checked")
        not_counted = "; " + " and ".join(left) + ", not counted" if left else ""
        return naming.right_of(self.right, self.counted) + expected + not_counted


class Worksheet:
    """The quantities of one online step of ``trainer`` on ``sample``, in the walkthrough's
    order, each with the walkthrough's equation (its formula) and a check."""

    def __init__(self, trainer, sample: int, precision: int = DEFAULT_PRECISION):
        n = len(trainer.data)
        if not 0 <= sample < n:
            raise ValueError(f"sample must be from 0 to {n - 1} (the session has {naming.count(n, 'sample')})")
        self.sample = sample
        self.precision = precision
        self.trace = trainer.trace(sample)
        self.quantities = step_quantities(self.trace)
        self.equations: dict[int, Equation] = {}  # id(quantity) → its equation
        self.phases = build_phases(self.trace, precision)
        self.blanks: list[tuple[Phase, list[Quantity]]] = []  # each phase and the quantities it asks for
        for phase in self.phases:
            asked = []
            for eq, q in zip(phase.equations, for_phase(self.quantities, phase)):
                if q is not None:
                    self.equations[id(q)] = eq
                    asked.append(q)
            self.blanks.append((phase, asked))
        self._names: dict[str, Quantity] = {}
        for q in self.quantities:
            for name in (q.name, *q.aliases):
                self._names.setdefault(_key(name), q)

    def equation(self, q: Quantity) -> Equation | None:
        """The walkthrough's equation for ``q`` (its formula and the engine's working)."""
        return self.equations.get(id(q))

    def find(self, name: str) -> Quantity | None:
        """The quantity called ``name`` (any spelling: ``δ_D0``, ``delta_D0``, ``dL/dW11``, ``W11'``)."""
        return self._names.get(_key(name))

    def blank_line(self, q: Quantity) -> str:
        """How a printed worksheet asks for ``q``: ``a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 =`` (then a
        blank to fill in); the formula is the walkthrough's, in the diagram's names."""
        eq = self.equation(q)
        if eq is None or q.kind is Kind.ERROR:  # the error's equation is written in numbers: y − ŷ alone
            return q.label
        return f"{q.label} {eq.formula} ="

    def _no_quantity(self, name: str) -> str:
        """Why ``name`` is not a quantity of this step: a bias unit's delta (the article gives Z0
        one) has its own reason."""
        layers = self.trace.layers
        for k in range(len(layers) - 1):
            bias = naming.unit_names(layers, k)[0]
            if _key(name) in {_key(f"{d}_{bias}") for d in ("δ", "delta", "d")}:
                # the article's slip is a hidden bias unit's delta (Z0)
                return f"there is no δ_{bias}. {BIAS_HAS_NO_DELTA}." + (f" {same_slip('bias_delta')}" if k else "")
        return f"this step has no quantity named “{name}”"

    def check(self, q: Quantity, answer: str, earlier: dict[str, Verdict] | None = None) -> Verdict:
        return check(q, answer, self.precision, earlier)

    def named(self, text: str) -> set[str]:
        """The quantities ``text`` has a line for, answered or still blank (Insert names adds the others)."""
        found = (_LINE.match(raw.split("#", 1)[0].strip()) for raw in text.splitlines())
        return {q.name for m in found if m is not None and (q := self.find(m.group("name"))) is not None}

    def check_text(self, text: str) -> list[Entry]:
        """Check every ``NAME = ANSWER`` (or ``NAME := ANSWER``) line of ``text``. Blank lines,
        ``#`` comments and blanks not filled in (``a_Z1 =``) are skipped; in ``a_Z1 = 1·1 + 0.5 = 1.5`` the last part is the answer.
        Each line is judged with the lines above it: a sign the learner flipped earlier and
        carried through correctly is traced to where it slipped."""
        entries = []
        earlier: dict[str, Verdict] = {}  # the answers read so far, by quantity name
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = _LINE.match(line)
            if m is None:
                entries.append(Entry(number, line, None, None, "write NAME = ANSWER, e.g. a_Z1 = 1.5"))
                continue
            name, rest = m.group("name"), m.group("rest")
            q = self.find(name)
            if q is None:
                entries.append(Entry(number, line, None, None, self._no_quantity(name.strip())))
                continue
            if not rest.split("=")[-1].strip():  # a blank not filled in yet (`a_Z1 =`): no answer
                continue
            verdict = self.check(q, rest.split("=")[-1], earlier)
            if verdict.typed is not None:
                earlier[q.name] = verdict
            entries.append(Entry(number, line, q, verdict))
        return entries


@dataclass(frozen=True)
class CheckedLine:
    """A checked line as every view says it (Run ▸ Check My Worksheet, ``xorgui practice``):
    ``mark`` ✓, ✗ or ?; ``shown`` the learner's line, with its value when it was worked out;
    ``remark`` for a right answer with fewer decimals, or why a ? line was not read; ``correct`` (the
    working with the step's numbers) and ``mistake`` (what went wrong, when known) for a wrong one."""

    mark: str
    shown: str
    remark: str = ""
    correct: str = ""
    mistake: str = ""


def checked_line(entry: Entry, sheet: Worksheet) -> CheckedLine:
    v, p = entry.verdict, sheet.precision
    if v is None or v.typed is None:
        return CheckedLine("?", entry.text, entry.problem if v is None else v.problem)
    shown = entry.text + (f" = {fmt(v.typed, p)}" if v.working else "")
    if v.correct:
        return CheckedLine("✓", shown, f"right; {v.decimals} decimals expected" if v.fewer_decimals else "")
    eq = sheet.equation(entry.quantity)
    correct = eq.text(p) if eq is not None else f"{entry.quantity.label} {fmt(v.expected, p)}"
    return CheckedLine("✗", shown, correct=correct, mistake=wrong_because(v, p))


def wrong_because(v: Verdict, precision: int) -> str:
    """Why a wrong answer is wrong, as far as it is known: the step overflowed, or the mistake
    recognised (core.mistakes), or "" (the practice board's note too)."""
    if not math.isfinite(v.expected):
        return NOT_FINITE_ANSWER
    return describe(v.mistake, v.kind, v.params, precision) if v.mistake is not None else ""

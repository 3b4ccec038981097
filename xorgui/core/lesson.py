"""Phase-by-phase stepping through one sample, with optional practice questions.

A :class:`Walk` holds the phases of the step the trainer will take next (see
``walkthrough_render.step_phases``) and how many of them are revealed. In practice mode the
learner answers each askable equation of a newly revealed phase before the next phase.
The practice switch and the score belong to the :class:`Lesson` (one per session): every walk
of a lesson reads and scores into it, so neither is ever copied. Reading a walk (``question``,
``shown``) never changes it. :class:`WalkView` is the frozen picture a view renders.
Pure Python: the window's walk controller owns a Lesson and its current Walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .practice import Hidden, Score, Verdict, check, check_answer, hidden, reveal_verdict
from .quantities import Quantity, for_phase, index, step_quantities
from .trace import SampleTrace
from .walkthrough import BatchInfo, Equation, Phase, build_phases

ASKED_KINDS = ("sum", "activation", "delta", "gradient", "weight")  # what practice mode asks for


def askable(eq: Equation) -> bool:
    # "sum" is a weighted sum a; the running batch sums ("batch_sum") are bookkeeping, not asked
    return eq.kind in ASKED_KINDS


class _PhaseCursor:
    """Where a walk stands, for the live walk and its frozen view alike: ``revealed`` counts the
    phases shown so far out of ``phases``."""

    phases: tuple[Phase, ...] | list[Phase]
    revealed: int

    @property
    def current(self) -> Phase | None:
        return self.phases[self.revealed - 1] if self.revealed else None

    @property
    def finished(self) -> bool:
        return self.revealed == len(self.phases)


@dataclass
class Lesson:
    """The learner's side of a session: practice mode on or off, and the score so far."""

    practice: bool = False
    score: Score = field(default_factory=Score)


@dataclass
class Walk(_PhaseCursor):
    sample: int
    trace: SampleTrace
    phases: list[Phase]
    lesson: Lesson = field(default_factory=Lesson)
    revealed: int = 0  # phases shown (0 … len(phases))
    answered: int = 0  # equations of the current phase resolved (answered, or revealed)
    last_verdict: Verdict | None = None
    batch: BatchInfo | None = None  # how the phases were built (rebuilt at another precision)
    last_equation: Equation | None = None  # the equation the last verdict is about
    marked: tuple[str, ...] = ()  # targets of the equations a demo points at (until the next move)
    # the verdicts of the answers given in this walk, by quantity name: what a later verdict knows
    # of the learner's own earlier numbers (a sign flipped in δ_D0 and carried through)
    answers: dict[str, Verdict] = field(default_factory=dict, repr=False)
    # whether each question answered in this walk was right, by (phase, equation): asked again
    # after Back, it counts once, as its latest answer (the score had counted it twice)
    scored: dict[tuple[int, int], bool] = field(default_factory=dict, repr=False)
    # the quantity behind each equation of each phase: what an answer is checked against
    quantities: list[list[Quantity | None]] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        self._match()

    def _match(self) -> None:
        every = step_quantities(self.trace, self.batch)
        looked_up = index(every)
        self.quantities = [for_phase(every, phase, looked_up) for phase in self.phases]

    @property
    def practice(self) -> bool:
        return self.lesson.practice

    @property
    def score(self) -> Score:
        return self.lesson.score

    def set_precision(self, precision: int) -> None:
        """Rebuild the phases' text at another precision (same numbers, same progress)."""
        self.phases = build_phases(self.trace, precision, self.batch)
        self._match()

    # -- where we are (pure) -------------------------------------------------------------------
    def _open_index(self) -> int | None:
        """Index in the current phase of the equation to answer now (practice mode), or None."""
        phase = self.current
        if not self.practice or phase is None:
            return None
        eqs = phase.equations
        i = self.answered
        while i < len(eqs) and not askable(eqs[i]):  # equations that are not asked are shown
            i += 1
        return i if i < len(eqs) else None

    def question(self) -> Equation | None:
        """The equation the learner must answer now (practice mode), or None."""
        i = self._open_index()
        return None if i is None else self.current.equations[i]

    def shown(self, phase_index: int) -> int:
        """How many equations of phase ``phase_index`` (0-based) are visible."""
        if phase_index >= self.revealed:
            return 0
        count = len(self.phases[phase_index].equations)
        if phase_index < self.revealed - 1 or not self.practice:
            return count
        i = self._open_index()
        return count if i is None else i

    @property
    def can_advance(self) -> bool:
        return not self.finished and self.question() is None

    # -- moves --------------------------------------------------------------------------------
    def advance(self) -> bool:
        """Reveal the next phase. False (nothing changes) while a question is open or at the end."""
        if not self.can_advance:
            return False
        self.revealed += 1
        self.answered = 0
        self.last_verdict, self.last_equation, self.marked = None, None, ()
        return True

    def mark(self, targets: tuple[str, ...]) -> None:
        """Point at the shown equations whose target is one of ``targets`` (``y − ŷ``, ``L``), as a
        demo does, until the next phase is revealed or hidden."""
        self.marked = tuple(targets)

    def back(self) -> bool:
        """Hide the last revealed phase (its questions are asked again)."""
        if self.revealed == 0:
            return False
        self.revealed -= 1
        self.answered = len(self.current.equations) if self.current else 0
        self.last_verdict, self.last_equation, self.marked = None, None, ()
        return True

    def answer(self, text: str, precision: int) -> Verdict | None:
        """Check the learner's answer to the open question (None if there is none). A number
        is scored once and ends the question: right, or wrong with the correct value shown.
        An answer that cannot be read is not scored and the question stays open."""
        i = self._open_index()
        if i is None:
            return None
        eq = self.current.equations[i]
        q = self.quantities[self.revealed - 1][i]
        verdict = check(q, text, precision, self.answers) if q is not None else check_answer(eq, text, precision)
        if verdict.typed is not None:
            self._score(i, verdict.correct)
            self.answered = i + 1
            if q is not None:
                self.answers[q.name] = verdict
        self.last_verdict, self.last_equation = verdict, eq
        return verdict

    def _score(self, i: int, right: bool) -> None:
        """Score equation ``i`` of the current phase: once per walk, as its latest answer."""
        key = (self.revealed - 1, i)
        before = self.scored.get(key)
        self.scored[key] = right
        score = self.lesson.score
        self.lesson.score = score.add(right) if before is None else Score(score.right - before + right, score.asked)

    def reveal(self, precision: int) -> None:
        """Show the open question's answer (counted as asked, not right)."""
        i = self._open_index()
        if i is None:
            return
        eq = self.current.equations[i]
        self._score(i, False)
        self.answered = i + 1
        if (q := self.quantities[self.revealed - 1][i]) is not None:
            self.answers.pop(q.name, None)  # an answer given before stepping back is not the learner's now
        self.last_verdict, self.last_equation = reveal_verdict(eq, precision), eq

    def hidden(self) -> Hidden:
        """What the window must not show now: the values of every question still to be asked
        in this walk (the rest of the current phase and all later phases). Before the first
        phase only the walk's whole text is withheld (every question is still to come)."""
        if not self.practice:
            return Hidden()
        i = self._open_index()
        still = []
        for k in range(max(self.revealed - 1, 0), len(self.phases)):
            start = (len(self.phases[k].equations) if i is None else i) if k == self.revealed - 1 else 0
            still += [q for eq, q in zip(self.phases[k].equations[start:], self.quantities[k][start:])
                      if q is not None and askable(eq)]
        if self.revealed == 0:
            return Hidden(self.sample, walk_text=bool(still))
        return hidden(self.sample, still, len(self.trace.layers) - 1)

    def view(self, applied: bool = False) -> "WalkView":
        """The frozen picture of this walk that a view renders."""
        return WalkView(
            sample=self.sample, trace=self.trace, phases=tuple(self.phases), revealed=self.revealed,
            shown=tuple(self.shown(i) for i in range(len(self.phases))), question=self.question(),
            verdict=self.last_verdict, applied=applied, verdict_equation=self.last_equation,
            hidden=self.hidden(), marked=self.marked)


@dataclass(frozen=True)
class WalkView(_PhaseCursor):
    """What the walkthrough panel shows of a walk: its phases, how much of each is visible, the
    open question, the last verdict, and whether the trainer's step has been taken."""

    sample: int
    trace: SampleTrace
    phases: tuple[Phase, ...]
    revealed: int
    shown: tuple[int, ...]  # equations visible per phase
    question: Equation | None
    verdict: Verdict | None
    applied: bool = False
    verdict_equation: Equation | None = None  # the equation the verdict is about
    hidden: Hidden = Hidden()  # what the diagram and tables must not show yet
    marked: tuple[str, ...] = ()  # targets of the equations a demo points at


@dataclass(frozen=True)
class LessonView:
    """What ``walk_changed`` carries: the practice switch, the score, the walk (or None), the
    precision its text is written at, and what of the diagram its current phase is about."""

    practice: bool
    score: Score
    walk: WalkView | None
    precision: int

    @property
    def hidden(self) -> Hidden:
        """What the diagram and the truth table must not show while questions are open."""
        return self.walk.hidden if self.walk is not None else Hidden()

    @property
    def highlight(self) -> tuple[frozenset[str], frozenset[str]]:
        """(unit names, weight names) of the current phase; empty when there is none."""
        phase = self.walk.current if self.walk is not None else None
        if phase is None:
            return frozenset(), frozenset()
        return frozenset(phase.units), frozenset(phase.weights)

    @property
    def asked_weights(self) -> frozenset[str]:
        """The weights the open practice question reads or is about (named in its target or its
        formula): the learner needs their labels on the diagram, whatever competes for the room."""
        walk = self.walk
        question = walk.question if walk is not None else None
        if question is None or walk.current is None:
            return frozenset()
        words = re.findall(r"\w+", f"{question.target} {question.formula}")
        return frozenset(words) & frozenset(walk.current.weights)

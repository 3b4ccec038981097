"""Phase-by-phase stepping through one sample, with optional practice questions.

A :class:`Walk` holds the phases of the step the trainer will take next (see
``walkthrough.step_phases``) and how many of them are revealed. In practice mode the
learner answers each askable equation of a newly revealed phase before the next phase.
Pure Python: the controller owns a Walk and applies the trainer's step when the walk's
last phase is revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .practice import Score, Verdict, check_answer
from .trace import SampleTrace
from .walkthrough import BatchInfo, Equation, Phase, build_phases

ASKED_KINDS = ("sum", "activation", "delta", "gradient", "weight")  # what practice mode asks for


def askable(eq: Equation) -> bool:
    # "sum" is a weighted sum a; the running batch sums ("batch_sum") are bookkeeping, not asked
    return eq.kind in ASKED_KINDS


@dataclass
class Walk:
    sample: int
    trace: SampleTrace
    phases: list[Phase]
    revealed: int = 0  # phases shown (0 … len(phases))
    practice: bool = False
    answered: int = 0  # equations of the current phase resolved (answered right or revealed)
    score: Score = field(default_factory=Score)
    last_verdict: Verdict | None = None
    batch: BatchInfo | None = None  # how the phases were built (rebuilt at another precision)
    applied: bool = False  # the trainer's step has been taken (the last phase was revealed)
    undo_index: int = -1  # the controller's undo position right after that step

    def set_precision(self, precision: int) -> None:
        """Rebuild the phases' text at another precision (same numbers, same progress)."""
        self.phases = build_phases(self.trace, precision, self.batch)

    # -- where we are ----------------------------------------------------------------------
    @property
    def current(self) -> Phase | None:
        return self.phases[self.revealed - 1] if self.revealed else None

    @property
    def finished(self) -> bool:
        return self.revealed == len(self.phases)

    def question(self) -> Equation | None:
        """The equation the learner must answer now (practice mode), or None."""
        phase = self.current
        if not self.practice or phase is None:
            return None
        eqs = phase.equations
        while self.answered < len(eqs) and not askable(eqs[self.answered]):
            self.answered += 1
        return eqs[self.answered] if self.answered < len(eqs) else None

    def shown(self, phase_index: int) -> int:
        """How many equations of phase ``phase_index`` (0-based) are visible."""
        if phase_index < self.revealed - 1 or not self.practice:
            return len(self.phases[phase_index].equations) if phase_index < self.revealed else 0
        if phase_index == self.revealed - 1:
            self.question()  # skips equations that are not asked
            return self.answered
        return 0

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
        self.last_verdict = None
        return True

    def back(self) -> bool:
        """Hide the last revealed phase (its questions are asked again)."""
        if self.revealed == 0:
            return False
        self.revealed -= 1
        self.answered = len(self.current.equations) if self.current else 0
        self.last_verdict = None
        return True

    def answer(self, text: str, precision: int) -> Verdict:
        """Check the learner's answer to the open question; a right answer reveals it."""
        eq = self.question()
        if eq is None:
            self.last_verdict = Verdict(False, None, "There is no question open: step to the next phase.")
            return self.last_verdict
        verdict = check_answer(eq, text, precision)
        if verdict.value is not None:  # an unreadable answer is not counted
            self.score = self.score.add(verdict.correct)
        if verdict.correct:
            self.answered += 1
        self.last_verdict = verdict
        return verdict

    def reveal(self, precision: int) -> None:
        """Show the open question's answer (counted as asked, not right)."""
        eq = self.question()
        if eq is None:
            return
        self.score = self.score.add(False)
        self.answered += 1
        self.last_verdict = Verdict(False, None, f"Revealed: {eq.text(precision)}")

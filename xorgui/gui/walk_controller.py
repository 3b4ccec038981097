"""Phase-by-phase stepping: the single owner of the walk, practice mode and the score.

The controller hands user intent here (``step_phase``, ``answer`` …); every change ends in one
``changed`` emission carrying a frozen :class:`~xorgui.core.lesson.LessonView`. The trainer's
step is taken through the controller's one undoable path once the last phase is revealed and,
in practice mode, its questions answered: until then the diagram and tables cannot give the
answers away.

The lesson and its modules (practice, quantities, the walkthrough) are loaded when first used:
the window's first paint shows none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from .result import OK, Result, refused

if TYPE_CHECKING:
    from ..core.lesson import Lesson, LessonView, Walk
    from .controller import Controller


class WalkController(QObject):
    changed = Signal(object)  # LessonView

    def __init__(self, owner: "Controller"):
        super().__init__(owner)
        self.owner = owner
        self._lesson: Lesson | None = None  # made when first used (see the module docstring)
        self.walk: Walk | None = None
        self._step_index: int | None = None  # undo index right after the walk's step was taken
        self._undoing_step = False  # stepping back over the step: the walk survives the undo

    # -- what is shown -----------------------------------------------------------------------
    @property
    def lesson(self) -> Lesson:
        """The practice switch and the score of this session."""
        if self._lesson is None:
            from ..core.lesson import Lesson

            self._lesson = Lesson()
        return self._lesson

    @property
    def practice(self) -> bool:
        return self._lesson is not None and self._lesson.practice

    @property
    def applied(self) -> bool:
        return self._step_index is not None

    def view(self) -> LessonView:
        from ..core.lesson import LessonView

        walk = self.walk.view(self.applied) if self.walk is not None else None
        return LessonView(self.lesson.practice, self.lesson.score, walk, self.owner.precision)

    def _emit(self) -> None:
        self.changed.emit(self.view())

    # -- commands ----------------------------------------------------------------------------
    def step_phase(self) -> Result:
        """Reveal the next phase of the next sample's step (a new walk after a finished one)."""
        owner = self.owner
        owner.pause()
        if (no := owner.travel.refusal()) is not None:  # its last phase is the update, which the past cannot take
            return no
        if self.walk is None or (self.walk.finished and self.applied):
            from ..core.lesson import Walk
            from ..core.walkthrough_render import step_phases  # on the first F8: not needed to start

            sample, trace, batch, phases = step_phases(owner.trainer, owner.precision)
            self.walk, self._step_index = Walk(sample, trace, phases, self.lesson, batch=batch), None
            owner.select_sample(sample)
        if not self.walk.advance():
            if self.walk.question() is not None:
                return refused("Answer the open question first (or press Reveal).", "info")
            return refused("This sample's walk is finished.", "info")
        self._apply_if_done()
        self._emit()
        return OK

    def step_phase_back(self) -> Result:
        """Hide the last revealed phase; stepping back over the final phase undoes the step."""
        walk = self.walk
        if (no := self.owner.travel.refusal()) is not None:
            return no
        if walk is None or walk.revealed == 0:
            return refused("No phase to go back to.", "info")
        if walk.finished and self.applied:
            if self.owner.undo_stack.index() != self._step_index:
                return refused("The step has been followed by other changes: use Undo instead.", "info")
            self.owner.pause()
            self._undoing_step = True
            try:
                self.owner.undo_stack.undo()
            finally:
                self._undoing_step = False
            self._step_index = None
        walk.back()
        if walk.revealed == 0:
            self.walk = None
        self._emit()
        return OK

    def set_practice(self, on: bool) -> Result:
        on = bool(on)
        if on != self.lesson.practice:
            self.lesson.practice = on
            self._emit()
        return OK

    def answer(self, text: str) -> Result:
        """Check the learner's answer to the open question: OK when it is right. A wrong number
        closes the question (its value is shown, scored as not right); an unreadable one does not."""
        if self.walk is None or self.walk.question() is None:
            return refused("There is no question open: step to the next phase.")
        verdict = self.walk.answer(text, self.owner.precision)
        self._apply_if_done()
        self._emit()
        if verdict.correct:
            return OK
        return refused(verdict.problem or "Not right: the correct value is shown, and this question is closed.")

    def reveal_answer(self) -> Result:
        if self.walk is None or self.walk.question() is None:
            return refused("There is no question open.")
        self.walk.reveal(self.owner.precision)
        self._apply_if_done()
        self._emit()
        return OK

    def mark(self, targets: tuple[str, ...]) -> None:
        """Point the board at the walk's equations with these targets (a demo's lines)."""
        if self.walk is not None and targets:
            self.walk.mark(targets)
            self._emit()

    def run_without_practice(self, step_while) -> None:
        """Step phases while ``step_while(walk)`` holds, without asking (a demo shows, it does
        not ask); the learner's practice switch is kept."""
        practice, self.lesson.practice = self.lesson.practice, False
        try:
            while self.step_phase() and step_while(self.walk):
                pass
        finally:
            self.lesson.practice = practice
        self._emit()

    # -- the controller's bookkeeping --------------------------------------------------------
    def drop(self) -> None:
        """The model changed under the walk: its numbers were for the state before."""
        if self.walk is not None and not self._undoing_step:
            self.walk, self._step_index = None, None
            self._emit()

    def reset(self) -> None:
        """A new session: no walk, a new score (the practice switch is the learner's)."""
        self.walk, self._step_index = None, None
        if self._lesson is not None:  # a lesson not made yet has no score to reset
            from ..core.practice import Score

            self._lesson.score = Score()
        self._emit()

    def set_precision(self, precision: int) -> None:
        if self.walk is not None:
            self.walk.set_precision(precision)
        self._emit()

    def _apply_if_done(self) -> None:
        walk = self.walk
        if walk is None or self.applied or not walk.finished or walk.question() is not None:
            return
        # the walk's own trace: the step is not computed a second time
        if self.owner.change(f"Step sample {walk.sample} (phase by phase)",
                             lambda: self.owner.trainer.step_sample(walk.trace), keep_walk=True):
            self._step_index = self.owner.undo_stack.index()
        self.owner.check_divergence()

"""Time travel in the window: which epoch the window shows, and the commands that move it.

The controller goes on owning the present trainer. While an epoch is *viewed* it publishes a
trainer rebuilt at that epoch (``core.timetravel.trainer_at``) instead, so the diagram, the
tables, the truth table and the walkthrough all show the network as it was there; every change
is refused (the past is read-only) until Back to now, or Resume from here, which makes the
viewed state the present as one undoable change (Undo brings the whole run back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ..core.timetravel import trainer_at, viewable
from ..core.training import Trainer
from .result import OK, Result, refused
from ..core.naming import epoch_number

if TYPE_CHECKING:
    from ..core.weight_diff import WeightRow
    from .controller import Controller


@dataclass(frozen=True)
class TimelineView:
    """What the timeline shows: the epochs that can be viewed, and the one viewed (None: now)."""

    first: int
    now: int
    viewing: int | None

    @property
    def read_only(self) -> str:
        """Why nothing that changes the run is allowed now ("" at now): the controls that would
        change it are disabled with this as their tooltip, and a command refuses with it."""
        if self.viewing is None:
            return ""
        return (f"Viewing epoch {epoch_number(self.viewing)} of {epoch_number(self.now)}, which is read-only: press Back to now, "
                "or Resume from here to go on from it.")


class TimeTravel(QObject):
    changed = Signal(object)  # TimelineView, on a real change only

    def __init__(self, owner: "Controller", publish: Callable[[], None]):
        """``publish``: the owner's, which describes what is shown (``shown_trainer``) to the views."""
        super().__init__(owner)
        self.owner = owner
        self._publish_shown = publish
        self.past: Trainer | None = None  # the trainer rebuilt at the viewed epoch
        self._shown: TimelineView | None = None

    # -- what is shown -----------------------------------------------------------------------
    def view(self) -> TimelineView:
        first, now = viewable(self.owner.trainer)
        return TimelineView(first, now, None if self.past is None else self.past.epoch)

    def publish(self) -> None:
        view = self.view()
        if view != self._shown:
            self._shown = view
            self.changed.emit(view)

    def refusal(self) -> Result | None:
        """What every command that would change the run answers while an earlier epoch is shown
        (refused, with ``TimelineView.read_only`` as the reason); None at now. The one place the
        commands (a change, Train, Step phase and back, the twins) take it from."""
        reason = self.view().read_only
        return refused(reason) if reason else None

    # -- commands ----------------------------------------------------------------------------
    def view_epoch(self, epoch: int) -> Result:
        """Show the network as it was at ``epoch``; the present epoch shows the present."""
        owner = self.owner
        owner.pause()
        first, now = viewable(owner.trainer)
        epoch = int(epoch)
        if epoch == now:
            return self.back_to_now()
        if self.past is not None and self.past.epoch == epoch:
            return OK
        try:
            past = trainer_at(owner.trainer, epoch, near=self.past)
        except ValueError as exc:
            return refused(str(exc))
        self.past = past
        owner.walks.drop()  # its numbers were for the network shown before
        self._publish_shown()
        return OK

    def back_to_now(self) -> Result:
        if self.past is None:
            return OK
        self.past = None
        self.owner.walks.drop()
        self._publish_shown()
        return OK

    def resume_here(self) -> Result:
        """The viewed state becomes the present (the history cut there): one undoable change."""
        past = self.past
        if past is None:
            return refused("Drag the timeline to an earlier epoch first: this is already now.")
        epoch = past.epoch
        state = past.capture(history_base=len(past.history))  # restoring it cuts the history there
        self.past = None
        return self.owner.change(f"Resume from epoch {epoch_number(epoch)}", lambda: self.owner.trainer.restore(state),
                                 resets_history=True, marker=f"resumed from epoch {epoch_number(epoch)}")

    def compare(self, first: int, second: int) -> tuple[Result, list[WeightRow]]:
        """Every weight at epochs ``first`` and ``second``, side by side."""
        from ..core.weight_diff import compare_weights  # asked for in the timeline's compare: not to start

        try:
            a = trainer_at(self.owner.trainer, first)
            b = trainer_at(self.owner.trainer, second)
        except ValueError as exc:
            return refused(str(exc)), []
        return OK, compare_weights(a, b)

    def reset(self) -> None:
        """A new session: the window shows its present."""
        self.past = None


class ReadOnlyWhileViewing(QObject):
    """One view's controls that would change the run (widgets or actions), following ``travel``.

    While an earlier epoch is shown each control's tooltip, and its status tip if it has one, is
    the reason (``TimelineView.read_only``); at now its own tips come back. Without ``then`` the
    controls are also disabled in the past and enabled at now; with it the view decides, calling
    ``allow`` (``then`` runs on every later change of the reason: the view renders itself once it
    has this). ``reason`` is "" at now."""

    def __init__(self, travel: TimeTravel, controls: Iterable, *, then: Callable[[], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.reason = travel.view().read_only
        self._own = {control: [control.toolTip(), control.statusTip()] for control in controls}
        self._then = then
        travel.changed.connect(self._follow)
        self._show()

    def _follow(self, view: TimelineView) -> None:
        if view.read_only == self.reason:  # another epoch trained: nothing here changes
            return
        self.reason = view.read_only
        self._show()
        if self._then is not None:
            self._then()

    def _show(self) -> None:
        for control in self._own:
            self._show_tips(control)
            if self._then is None:
                self.allow(control)

    def _show_tips(self, control) -> None:
        tip, status = self._own[control]
        control.setToolTip(self.reason or tip)
        if status:
            control.setStatusTip(self.reason or status)

    def allow(self, control, allowed: bool = True) -> None:
        """Enable ``control`` when ``allowed`` and the present is shown."""
        control.setEnabled(allowed and not self.reason)

    def set_tip(self, control, tip: str, status: str | None = None) -> None:
        """``control``'s own tooltip is now ``tip`` (and its status tip ``status``, if given):
        shown at once, or when back at now."""
        self._own[control][0] = tip
        if status is not None:
            self._own[control][1] = status
        self._show_tips(control)

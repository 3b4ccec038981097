"""The controller's session commands: new, open, save, recover, replace, examples and lottery
runs, and the exports that write the session out. Replacing a session clears the undo history;
taking an example or a lottery run is one undoable change."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

import numpy as np

from ..core.cancel import Report
from ..core.export_script import DEFAULT_EPOCHS, fresh, parse_epochs
from ..core.presets import DEFAULT_PRESET, make_preset
from ..core.naming import epoch_number
from ..core.training import Trainer
from . import files
from .result import OK, Result, refused

T = TypeVar("T")


class SessionCommands:
    """Mixed into the Controller, which provides ``trainer``, ``change``, ``pause``, ``_tell``,
    ``_publish``, the runner, the undo stack, the walks, the time travel and the signals."""

    @staticmethod
    def in_background(label: str, job: Callable[[Report | None], T]) -> T:
        """Run a long export's ``job`` (given a progress report, core.cancel) and return what it
        returns: here at once; the window runs it beside its event loop, with a progress dialog
        (gui.background)."""
        return job(None)

    def replace_session(self, trainer: Trainer, path: Path | None = None) -> Result:
        """Start over on ``trainer`` (a new or opened session): no undo history, no walk."""
        self.pause()
        self.trainer = self.runner.trainer = trainer
        self.runner.forget_divergence()
        self.path = path
        self.selected = 0
        self.undo_stack.clear()
        self.travel.reset()
        self.walks.reset()  # also shows the reset score
        self.file_changed.emit(str(path) if path else "")
        self.dirty_changed.emit(False)
        self._publish(replaced=True)
        return OK

    def recover_session(self, trainer: Trainer, path: Path | None, saved_at: str = "") -> Result:
        """Take back the work an unclean exit left (gui.recovery): like an opened file, but it
        is unsaved work, so the session stays dirty until saved (to ``path``, if it had one)."""
        self.replace_session(trainer, path)
        self.undo_stack.resetClean()
        self.message.emit(f"Restored the unsaved work{' saved ' + saved_at if saved_at else ''}.", "info")
        return OK

    def new_session(self, preset: str = DEFAULT_PRESET) -> Result:
        try:
            trainer = make_preset(preset)
        except ValueError as exc:
            return self._tell(refused(str(exc)))
        return self.replace_session(trainer)

    def open_file(self, path: str | Path) -> Result:
        """Load a session; on any problem say why and keep the current session. The path is kept
        absolute: a recovery record of a relative one, restored from another folder, saved the
        work over another file of that name there."""
        path = Path(path).absolute()
        trainer, result = files.load(path)
        if not result:
            return self._tell(result)
        self.replace_session(trainer, path)
        self.message.emit(f"Opened {path.name}", "info")
        return OK

    def save_file(self, path: str | Path | None = None) -> Result:
        """Save to ``path`` (or the current file); refused, with the reason, if it failed."""
        target = Path(path).absolute() if path else self.path
        if target is None:
            return self._tell(refused("Choose a file name first (File ▸ Save As)."))
        self.stop_twin()  # as any command does: a Train of the twins becomes its undo entry, the saved one
        if self.is_training:  # the run so far becomes its undo entry, the one marked saved: the
            self._push_run_segment()  # mark landed on the state before the run (Undo then showed
            self.runner.open_segment()  # epoch 0 as saved, and it was in no file)
        result = files.save(self.trainer, target)
        if not result:
            return self._tell(result)
        self.path = target
        self.undo_stack.setClean()
        self.file_changed.emit(str(target))
        # the whole run is saved, whichever epoch the timeline shows
        whole = f" (the whole run, to epoch {epoch_number(self.trainer.epoch)})" if self.travel.past else ""
        self.message.emit(f"Saved {target.name}{whole}", "info")
        return OK

    def export_history_csv(self, path: str | Path) -> Result:
        curve = self.loss_curve
        result = self._tell(files.export_history_csv(curve, Path(path)))
        if result:
            n = curve.epochs
            self.message.emit(f"Exported {epoch_number(n)} epoch{'' if n == 1 else 's'} to {Path(path).name}", "info")
        return result

    def export_reproduction(self, path: str | Path, sample: int | None = None,
                            epochs: str | int = DEFAULT_EPOCHS) -> Result:
        """File ▸ Export ▸ Python script, Spreadsheet or Practice worksheet, by the name's suffix
        (the worksheet: of ``sample``, default the selected one, with the window's decimals; the
        script: trains ``epochs``, as typed, refused unless a whole number from 0 to MAX_EPOCHS)."""
        sample = self.selected if sample is None else sample
        if Path(path).suffix.lower() == ".py":
            try:
                epochs = parse_epochs(epochs)
            except ValueError as exc:
                return self._tell(refused(str(exc)))  # nothing written
        shown = self.shown_trainer  # while the timeline shows an earlier epoch: that epoch's
        of = f" (from epoch {epoch_number(shown.epoch)}, the one shown)" if shown is not self.trainer else ""
        began = (shown, shown.epoch, shown.cursor)
        if Path(path).suffix.lower() == ".xlsx":  # ~10 s for 8,000 samples: built beside the event loop,
            copy = fresh(shown)  # from a copy, as training may go on meanwhile
            written, result = self.in_background(f"Writing {Path(path).name}", lambda report: files.export_reproduction(
                copy, Path(path), sample, self.precision, epochs, report))
        else:
            written, result = files.export_reproduction(shown, Path(path), sample, self.precision, epochs)
        if not of and began != (self.trainer, self.trainer.epoch, self.trainer.cursor):  # trained on meanwhile
            of = f" (from epoch {epoch_number(began[1])}, as the session was when the export began)"
        if self._tell(result):
            self.message.emit(f"Exported {Path(path).name}{of}: {written}", "info")
        return result

    def load_example(self, trainer: Trainer, text: str) -> Result:
        """Take an example's network and settings as one undoable change (nothing is lost)."""
        return self.change(text, lambda: self.trainer.adopt(trainer), resets_history=True)

    def open_lottery_run(self, spec, seed: int) -> Result:
        """Take run ``seed`` of a lottery (``core.lottery.LotterySpec``) at its initial weights, as
        one undoable change; refused if the session's data is no longer the lottery's."""
        if not (np.array_equal(spec.data.inputs, self.trainer.data.inputs)
                and np.array_equal(spec.data.targets, self.trainer.data.targets)):
            return self._tell(refused("The session's data changed since this lottery ran: run it again."))
        return self.change(f"Open lottery run (seed {seed})", lambda: self.trainer.adopt(spec.trainer(seed)),
                           resets_history=True)

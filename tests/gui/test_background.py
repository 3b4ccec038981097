"""A long export runs beside the event loop: the window keeps painting and its timers firing, a
progress dialog shows after a moment, and Cancel, Esc or closing it stops the export, which then
writes nothing (a spreadsheet of 8,000 samples froze the window for ~10–28 s)."""

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from xorgui.core.cancel import Cancelled
from xorgui.gui.background import SHOW_AFTER, ProgressDialog, run_beside


def _dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def _slow_job(seconds: float, ran_on: list):
    def job(report):
        ran_on.append(threading.current_thread())
        for i in range(50):
            report(i / 50)
            time.sleep(seconds / 50)
        return "done"
    return job


def test_a_quick_job_returns_its_result_and_shows_no_dialog(window):
    shown = []
    QTimer.singleShot(0, lambda: shown.extend(_dialogs()))
    assert run_beside(window, "Writing", lambda report: report(0.5) or 42) == 42
    assert not shown and not _dialogs()


def test_a_job_that_ends_just_before_its_dialog_would_show_is_not_waited_for(window, monkeypatch):
    """A job that ended within SHOW_AFTER while its thread had not yet exited: its end was delivered
    to the dialog's loop before that loop ran, and the export waited forever (a reviewer's script)."""
    import xorgui.gui.background as background

    class Lingering(threading.Thread):
        def run(self):
            super().run()
            time.sleep(0.05)  # still alive after its end was signalled, as a preempted thread is
    monkeypatch.setattr(background.threading, "Thread", Lingering)
    start = time.perf_counter()
    assert run_beside(window, "quick job", lambda report: (time.sleep(SHOW_AFTER * 0.9), 42)[1]) == 42
    assert time.perf_counter() - start < 5


def test_a_jobs_error_is_raised_to_the_caller(window):
    def job(report):
        raise ValueError("the job's own error")
    with pytest.raises(ValueError, match="the job's own error"):
        run_beside(window, "Writing", job)


def test_a_long_job_runs_on_another_thread_beside_the_event_loop_with_its_progress_shown(window):
    ticks, seen, ran_on = [], [], []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    QTimer.singleShot(int(SHOW_AFTER * 1000) + 300, lambda: seen.extend(
        (d.labelText(), d.value(), d.windowModality(), d.isModal()) for d in _dialogs()))
    start = time.perf_counter()
    assert run_beside(window, "Writing sheet.xlsx", _slow_job(0.9, ran_on)) == "done"
    timer.stop()
    assert ran_on[0] is not threading.main_thread()
    [(label, value, modality, _)] = seen
    assert label == "Writing sheet.xlsx…" and modality == Qt.WindowModality.WindowModal
    assert 100 < value < 1000  # of 1,000: part of the way
    after_wait = [t for t in ticks if t > start + SHOW_AFTER + 0.1]
    assert len(after_wait) >= 10  # the timer fired on while the job ran (~25 times in 0.5 s)
    assert not _dialogs()


@pytest.mark.parametrize("stop", ["Cancel", "Esc", "close"])
def test_cancel_esc_or_closing_the_dialog_stops_the_job_and_it_closes_when_the_job_has(window, qtbot, stop):
    still_blocked = []

    def ask_to_stop():
        [dialog] = _dialogs()
        if stop == "Cancel":
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        elif stop == "Esc":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()
        still_blocked.append((dialog.isVisible(), dialog.labelText()))

    QTimer.singleShot(int(SHOW_AFTER * 1000) + 200, ask_to_stop)
    start = time.perf_counter()
    with pytest.raises(Cancelled):
        run_beside(window, "Writing sheet.xlsx", _slow_job(5, []))
    assert time.perf_counter() - start < 2  # not the job's 5 s
    assert still_blocked == [(True, "Writing sheet.xlsx: stopping…")]  # until the job has stopped
    assert not _dialogs()


def _circle_session(controller, samples: int) -> None:
    """2-3-1 sigmoid in full batch on ``samples`` circle points: a spreadsheet of 2,000 takes ~2.5 s."""
    from xorgui.core.datasets import DataSource, build
    from xorgui.core.init import Initialization
    from xorgui.core.network import Network
    from xorgui.core.training import Trainer, TrainingConfig

    train, _ = build(DataSource("circle", {"size": samples}))
    init = Initialization("uniform", seed=1)
    controller.replace_session(Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), train,
                                       TrainingConfig(batch_size=None), init))


def _export_doing(controller, path, action):
    """Export ``path``, doing ``action`` once its progress dialog shows (polled, never past the end)."""
    done = []

    def when_shown():
        if done:
            return
        if not _dialogs():
            return QTimer.singleShot(20, when_shown)
        action()

    QTimer.singleShot(0, when_shown)
    try:
        return controller.export_reproduction(path)
    finally:
        done.append(True)


def test_a_spreadsheet_export_stopped_in_the_window_writes_nothing_and_says_so(window, controller, messages,
                                                                              tmp_path):
    _circle_session(controller, 2_000)  # stopped well before its end
    result = _export_doing(controller, tmp_path / "sheet.xlsx", lambda: _dialogs()[0].stop_requested.emit())
    assert not result and result.level == "info"
    assert result.reason == messages[-1][1] == "Export cancelled: sheet.xlsx was not written"
    assert list(tmp_path.iterdir()) == []


def test_a_spreadsheet_of_a_session_trained_on_meanwhile_says_which_epoch_it_is(window, controller, messages,
                                                                               tmp_path):
    """Training goes on while a long export runs (from a copy): the message says the sheet is of the
    epoch the export began at, not of the one the window shows when it ends."""
    _circle_session(controller, 800)  # ~1 s: long enough for the dialog
    assert _export_doing(controller, tmp_path / "sheet.xlsx", controller.step_epoch)
    assert controller.trainer.epoch == 1
    assert messages[-1][1].startswith("Exported sheet.xlsx (from epoch 0, as the session was when the export began): ")

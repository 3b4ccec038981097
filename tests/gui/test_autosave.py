"""Autosave and crash recovery (gui.autosave, gui.recovery): what a user who lost the app keeps.

The recovery folder is always a tmp_path: these tests never touch the user's data folder.
"""

import json
from functools import partial

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from xorgui.core import sessionfile
from xorgui.gui import recovery
from xorgui.gui.autosave import RECORD_KEY, Autosave, data_dir, record
from xorgui.gui.main_window import MainWindow


@pytest.fixture
def autosave(controller, tmp_path):
    saver = Autosave(controller, tmp_path, delay_ms=20, interval_ms=20)
    assert saver.claim() == ""
    saver.start()
    yield saver
    saver.finish()


def written(saver):
    saver.wait()
    return saver.file.exists()


def test_a_change_is_written_after_the_delay_and_reads_back_exactly(qtbot, controller, autosave):
    assert not autosave.file.exists() and not autosave.scheduled
    controller.edit_weight(0, 0, 1, "0.25")
    assert autosave.scheduled
    qtbot.waitUntil(lambda: written(autosave))
    back = recovery.read(autosave.file)
    assert back.trainer.network.weights[0][0, 1] == 0.25
    assert [np.array_equal(a, b) for a, b in zip(back.trainer.network.weights, controller.trainer.network.weights)] == [True, True]
    assert [m.label for m in back.trainer.markers] == [m.label for m in controller.trainer.markers]
    assert back.path is None  # never saved


@pytest.mark.qt_no_exception_capture
def test_an_autosave_that_fails_by_a_bug_says_so_and_logs_its_details(qtbot, controller, autosave, tmp_path,
                                                                     monkeypatch, capsys):
    from xorgui.core import sessionfile
    from xorgui.gui.errors import ErrorReport

    def broken(*_):
        raise TypeError("a bug in saving")
    monkeypatch.setattr(sessionfile, "save", broken)
    said = []
    autosave.failed.connect(said.append)
    report = ErrorReport(tmp_path / "logs", lambda: None)
    report.install()
    try:
        controller.edit_weight(0, 0, 1, "0.25")
        qtbot.waitUntil(lambda: bool(said))
    finally:
        report.uninstall()
    assert said == [f"Autosave could not write {autosave.file}: a bug in saving."]
    assert "TypeError: a bug in saving" in (tmp_path / "logs" / "errors.log").read_text()
    assert "xorgui: internal error, the window goes on: TypeError: a bug in saving." in capsys.readouterr().err


def test_nothing_is_written_when_nothing_changed(qtbot, controller, autosave):
    controller.select_sample(2)
    controller.set_precision(6)  # display only: not work to lose
    assert not autosave.scheduled
    autosave.save_now()
    assert not written(autosave)


def test_saving_removes_the_file_and_a_clean_exit_leaves_none(qtbot, controller, autosave, tmp_path):
    controller.step_epoch()
    qtbot.waitUntil(lambda: written(autosave))
    assert controller.save_file(tmp_path / "mine.json")
    qtbot.waitUntil(lambda: not written(autosave))  # saved: nothing left to recover
    controller.step_epoch()
    qtbot.waitUntil(lambda: written(autosave))
    autosave.finish()
    assert not autosave.file.exists()
    again = Autosave(controller, tmp_path)  # the lock was released too
    assert again.claim() == "" and again.leftover() is None
    again.finish()


def test_changes_a_second_apart_are_written_the_delay_after_the_first(qtbot, controller, tmp_path):
    """Each change restarted the delay: a Step every 2 s (3 s delay) was never written, and a kill
    lost all of it."""
    saver = Autosave(controller, tmp_path, delay_ms=150)
    saver.claim()
    saver.start()
    for _ in range(8):  # a change every 75 ms (half the delay) for 0.6 s: the first is written well before
        controller.step_sample()
        qtbot.wait(75)
    assert written(saver)
    saver.finish()


def test_saving_removes_the_file_at_once(qtbot, controller, tmp_path):
    """A crash in the delay after Save left the older work, offered back at the next start; a
    Restore and a Save then wrote it over the newer file."""
    saver = Autosave(controller, tmp_path, delay_ms=3_600_000)
    saver.claim()
    saver.start()
    controller.step_epoch()
    saver.save_now()
    assert written(saver)
    assert controller.save_file(tmp_path / "mine.json")
    assert not written(saver)
    controller.step_epoch()  # a New or an Open the user chose over unsaved work: the same
    saver.save_now()
    assert written(saver)
    assert controller.new_session()
    assert not written(saver)
    saver.finish()


def test_work_left_by_a_crash_and_not_yet_answered_is_kept_when_the_window_closes(new_controller, tmp_path):
    """Closed (or Ctrl+C) while the Restore box was open: finish removed the work it was offering."""
    crash_with_unsaved_work(new_controller, tmp_path, lambda c: c.step_epoch())
    saver = Autosave(new_controller(), tmp_path)
    assert saver.claim() == "" and saver.leftover() is not None
    saver.finish()  # never started: the offer was not answered
    again = Autosave(new_controller(), tmp_path)
    assert again.claim() == "" and again.leftover() is not None  # offered at the next start
    again.start()  # answered (Restore or Discard), then closed: nothing is left
    again.finish()
    assert not again.file.exists()


def test_save_during_a_run_marks_the_run_so_far_as_saved(qtbot, controller, tmp_path):
    """The clean mark landed on the state before the run: after Pause and Undo the window showed
    epoch 0 as saved (closing asked nothing, and autosave removed it), though the file held the run."""
    controller.edit_weight(0, 0, 1, "0.25")
    controller.set_speed(None)
    controller.start()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 0)
    assert controller.save_file(tmp_path / "run.json")
    saved = sessionfile.load(tmp_path / "run.json")
    qtbot.waitUntil(lambda: controller.trainer.epoch > saved.epoch)  # the run goes on after the save
    controller.pause()
    assert controller.dirty
    controller.undo_stack.undo()  # back to what the file holds: clean
    assert controller.trainer.epoch == saved.epoch and not controller.dirty
    assert all(np.array_equal(a, b) for a, b in zip(controller.trainer.network.weights, saved.network.weights))
    controller.undo_stack.undo()  # before the run: not what the file holds
    assert controller.trainer.epoch == 0 and controller.dirty


def test_save_during_a_train_of_the_twins_marks_the_run_so_far_as_saved(qtbot, controller, tmp_path):
    """The clean mark stayed on the state before the twins' run: after it ended and an Undo, epoch 0
    showed as saved, though the file held epoch 16,041 (an audit of actions in combination)."""
    controller.new_session("sigmoid")
    assert controller.save_file(tmp_path / "twins.json")
    assert controller.make_twin("learning_rate", "0.2")
    assert controller.twin_train(100_000)
    qtbot.waitUntil(lambda: controller.trainer.epoch > 0)
    assert controller.save_file()  # as any command does, it ends the twins' run first: that run is saved
    assert not controller.twin_running and not controller.dirty
    saved = sessionfile.load(tmp_path / "twins.json")
    assert saved.epoch == controller.trainer.epoch > 0
    controller.undo_stack.undo()
    assert controller.trainer.epoch == 0 and controller.dirty


def test_a_second_window_autosaves_once_the_first_has_closed(qtbot, new_controller, controller, autosave, tmp_path):
    """It tried only at its start: after the first window closed, its work was never written."""
    second = new_controller()
    other = Autosave(second, tmp_path, delay_ms=20)
    assert "another xorgui window" in other.claim()
    taken = []
    other.take_over_when_free(lambda: (taken.append(True), other.start(), other.schedule()))
    second.set_speed(None)
    second.start()  # a run: no change to retry on until it stops
    qtbot.wait(100)
    assert not taken and not other.owner  # the first still autosaves
    autosave.finish()  # the first window closed
    qtbot.waitUntil(lambda: other.owner)
    qtbot.waitUntil(lambda: written(other) and recovery.read(other.file).trainer.epoch > 0)
    assert taken == [True]
    second.pause()
    other.finish()


def test_the_window_that_takes_over_keeps_what_the_other_left_under_another_name(qtbot, new_controller, controller,
                                                                                autosave, tmp_path, window, monkeypatch):
    monkeypatch.setattr(recovery, "Autosave", partial(Autosave, delay_ms=50))  # it tries again every 50 ms
    recovery.install(window, tmp_path)  # the first window autosaves: this one does not
    assert window.last_message == ("warning", "Autosave is off in this window: another xorgui window is autosaving.")
    window.controller.step_epoch()
    autosave.finish()  # ... and then dies with unsaved work (its lock is stale): here as a file left
    sessionfile.save(controller.trainer, autosave.file, {RECORD_KEY: record(controller.trainer, None)})
    qtbot.waitUntil(lambda: window.last_message[1].startswith("Autosave is on"), timeout=10_000)
    level, text = window.last_message
    kept = next(tmp_path.glob("recovery/another-window-*-session.json"))
    assert (level, text) == ("warning", f"Autosave is on in this window now; the work the other xorgui window left "
                                        f"was kept as {kept} (File ▸ Open opens it).")
    qtbot.waitUntil(lambda: (tmp_path / "recovery" / "session.json").exists())
    assert recovery.read(tmp_path / "recovery" / "session.json").trainer.epoch == 1  # this window's work


def test_training_is_written_on_the_interval_while_it_runs(qtbot, controller, tmp_path):
    saver = Autosave(controller, tmp_path, delay_ms=3_600_000, interval_ms=20)  # only the interval fires
    saver.claim()
    saver.start()
    controller.set_speed(None)
    controller.start()
    qtbot.waitUntil(lambda: written(saver) and recovery.read(saver.file).trainer.epoch > 0, timeout=10_000)
    controller.pause()
    saver.finish()


def test_a_second_window_does_not_take_over_a_running_windows_work(new_controller, controller, autosave, tmp_path):
    other = Autosave(new_controller(), tmp_path)
    assert "another xorgui window" in other.claim()
    assert other.leftover() is None


def test_the_data_folder_can_be_pointed_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("XORGUI_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path


# -- the next start ----------------------------------------------------------------------------
def crash_with_unsaved_work(new_controller, tmp_path, change):
    """Leave the recovery file a killed window leaves (what Autosave writes; no live lock)."""
    c = new_controller()
    session = tmp_path / "mine.json"
    c.save_file(session)
    change(c)
    (tmp_path / "recovery").mkdir()
    sessionfile.save(c.trainer, tmp_path / "recovery" / "session.json", {RECORD_KEY: record(c.trainer, c.path)})
    c.shutdown()  # as the killed window's stopped
    return session, c


@pytest.fixture
def window(new_controller, tmp_path):
    w = MainWindow(new_controller(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w.show()
    yield w
    w.controller.undo_stack.setClean()  # closing never asks to save
    w.close()
    w.deleteLater()  # deleted when the test ends (tests/gui/conftest.py), as is its controller


def offered(window) -> QMessageBox:
    return window.findChild(QMessageBox)


def test_restore_takes_back_the_work_as_unsaved_changes_of_its_file(qtbot, new_controller, tmp_path, window):
    session, crashed = crash_with_unsaved_work(new_controller, tmp_path, lambda c: c.step_epoch())
    saver = recovery.install(window, tmp_path)
    box = offered(window)
    assert box.text() == "xorgui did not close normally last time. It kept the unsaved work of mine.json."
    assert "(local time): a 2-3-1 network at epoch 1." in box.informativeText()
    assert f"File: {session}" in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["Restore", "Discard"]
    next(b for b in box.buttons() if b.text() == "Restore").click()
    c = window.controller
    assert c.trainer.epoch == 1 and c.dirty and c.path == session
    assert np.array_equal(c.trainer.network.weights[1], crashed.trainer.network.weights[1])
    assert window.isWindowModified()
    assert window.controller.save_file()  # Save writes to the file the work belonged to
    assert sessionfile.load(session).epoch == 1
    assert not written(saver)  # saved: the recovery file goes at once, not after the delay
    saver.finish()


def test_discard_deletes_the_work_and_keeps_the_session_that_was_open(qtbot, new_controller, tmp_path, window):
    crash_with_unsaved_work(new_controller, tmp_path, lambda c: c.step_epoch())
    saver = recovery.install(window, tmp_path)
    next(b for b in offered(window).buttons() if b.text() == "Discard").click()
    assert not saver.file.exists()
    assert window.controller.trainer.epoch == 0 and not window.controller.dirty
    saver.finish()


def test_the_work_comes_back_mid_epoch_where_it_stopped(qtbot, new_controller, tmp_path, window):
    """Two of the four samples of a full batch stepped: the next two finish the same update."""
    def two_samples(c):
        c.set_batch_size(None)
        c.step_sample()
        c.step_sample()

    _, crashed = crash_with_unsaved_work(new_controller, tmp_path, two_samples)
    saver = recovery.install(window, tmp_path)
    next(b for b in offered(window).buttons() if b.text() == "Restore").click()
    c = window.controller
    assert (c.trainer.cursor, c.trainer.pending_samples) == (2, 2)
    for controller in (c, crashed):
        controller.step_sample()
        controller.step_sample()
    for mine, uninterrupted in zip(c.trainer.network.weights, crashed.trainer.network.weights):
        assert np.array_equal(mine, uninterrupted)  # exactly, to the last bit
    saver.finish()


def test_a_recovery_file_that_cannot_be_read_is_moved_aside_in_one_line(qtbot, tmp_path, window):
    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "session.json").write_text('{"format": "xorgui-session", "version": 1, "network": 5')
    saver = recovery.install(window, tmp_path)
    assert offered(window) is None
    level, text = window.last_message
    assert level == "error" and text.startswith("Could not restore the autosaved work (the file is not valid JSON")
    assert "\n" not in text
    moved = [p.name for p in folder.iterdir() if p.name.startswith("unreadable-")]
    assert len(moved) == 1 and not saver.file.exists()
    saver.finish()


@pytest.mark.parametrize("field,value,why", [
    # year 1 at +01:00 is before year 1 in UTC: describing it in local time overflowed, outside the
    # guard that moves a bad file aside, so every start of the window crashed on it (an attacker's audit)
    ("saved_at", "0001-01-01T00:00:00+01:00", "recovery.saved_at: expected a date and time"),
    # no file has such a name: restored, its Save (Ctrl+S) raised "embedded null byte"
    ("path", "/tmp/a\0b.json", "recovery.path: not a file name (it holds a NUL or an invalid character)"),
    ("path", "/tmp/a\ud800b.json", "recovery.path: not a file name (it holds a NUL or an invalid character)"),
])
def test_a_recovery_record_no_window_can_use_is_moved_aside_in_one_line(qtbot, tmp_path, window, field, value, why):
    from xorgui.core.presets import make_preset

    folder = tmp_path / "recovery"
    folder.mkdir()
    doc = {**sessionfile.to_dict(make_preset("seed")), RECORD_KEY: {**record(make_preset("seed"), None), field: value}}
    (folder / "session.json").write_text(json.dumps(doc))  # "\ud800" escaped, as JSON allows
    saver = recovery.install(window, tmp_path)
    assert offered(window) is None
    level, text = window.last_message
    assert level == "error" and why in text and "\n" not in text
    assert [p.name for p in folder.iterdir() if p.name.startswith("unreadable-")] and not saver.file.exists()
    saver.finish()


def test_work_restored_mid_epoch_is_not_shown_as_the_end_of_the_epoch_before(qtbot, new_controller, tmp_path,
                                                                              window):
    """Online, two samples into epoch 1: the file holds the weights after those two updates, not
    the weights at the end of epoch 0, so the timeline cannot go back to epoch 0."""
    _, crashed = crash_with_unsaved_work(new_controller, tmp_path, lambda c: (c.step_sample(), c.step_sample()))
    saver = recovery.install(window, tmp_path)
    next(b for b in offered(window).buttons() if b.text() == "Restore").click()
    c = window.controller
    assert (c.trainer.epoch, c.trainer.cursor) == (0, 2)
    c.step_sample()
    c.step_sample()
    assert c.trainer.epoch == 1 and c.travel.view().first == 1
    result = c.travel.view_epoch(0)
    assert not result and result.reason == "epoch 0 cannot be shown: choose one from 1 to 1"
    saver.finish()


def test_the_work_comes_back_with_each_samples_loss_curve(qtbot, controller, autosave):
    """The Per sample tab's lines survive a crash as they survive Save and Open: the autosaved
    copy carries the per-sample history (it used to start an empty one)."""
    assert controller.change("Train 30 epochs", lambda: controller.trainer.run_epochs(30))
    qtbot.waitUntil(lambda: written(autosave))
    back = recovery.read(autosave.file).trainer.sample_history
    mine = controller.trainer.sample_history
    assert back.width == mine.width == 4 and back.start == mine.start and len(back) == len(mine) == 30
    for epoch in (1, 17, 30):
        assert np.array_equal(back.at(epoch), mine.at(epoch))


def test_an_earlier_xorgui_s_autosave_comes_back_where_its_record_says(tmp_path):
    """Autosaves written before session files kept training.position held the place in the
    epoch in the recovery record (cursor, pending, accumulated): it still comes back there."""
    from xorgui.core.presets import make_preset

    live = make_preset("seed")
    live.config = live.config.__class__(**{**live.config.__dict__, "batch_size": None})
    live.step_sample()
    live.step_sample()
    start = make_preset("seed")
    start.config = live.config
    start.network.set_weights([w.copy() for w in live.network.weights])  # the file: the weights, no position
    file = tmp_path / "session.json"
    rec = {**record(start, None), "cursor": 2, "pending": 2, "accumulated": [a.tolist() for a in live.accumulated()]}
    sessionfile.save(start, file, {RECORD_KEY: rec})
    back = recovery.read(file).trainer
    assert (back.cursor, back.pending_samples) == (2, 2)
    for t in (back, live):
        t.step_sample()
        t.step_sample()
    assert all(np.array_equal(a, b) for a, b in zip(back.network.weights, live.network.weights))


def test_a_file_opened_by_a_relative_path_is_recorded_whole_and_restored_there(new_controller, tmp_path,
                                                                               monkeypatch):
    """Started as `xorgui trained.json` in one folder and restored from another, Save wrote the
    work over that other folder's trained.json: the path is made absolute when the file is opened."""
    from xorgui.core.presets import make_preset

    first, elsewhere = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    elsewhere.mkdir()
    sessionfile.save(make_preset("sigmoid"), first / "trained.json")
    monkeypatch.chdir(first)
    c = new_controller()
    assert c.open_file("trained.json")
    assert c.path == first / "trained.json" and record(c.trainer, c.path)["path"] == str(first / "trained.json")
    assert c.save_file("copy.json") and c.path == first / "copy.json"
    # a record of a relative path (an earlier xorgui's) names a folder no longer known: not saved back to
    file = tmp_path / "session.json"
    sessionfile.save(c.trainer, file, {RECORD_KEY: {**record(c.trainer, c.path), "path": "trained.json"}})
    monkeypatch.chdir(elsewhere)
    back = recovery.read(file)
    what, details = back.describe()
    assert back.path is None and what == "xorgui did not close normally last time. It kept the unsaved work of trained.json."
    assert "File: trained.json, in a folder not recorded: Save asks where\n" in details

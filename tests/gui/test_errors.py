"""An unexpected error in the window: logged whole, told in one line (and a box, once), never a
traceback on the user's terminal; the window goes on. The real program's start and a slot that
raises in it are in test_start.py."""

import os
import sys
import tempfile
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from xorgui import bug_report
from xorgui.gui import errors
from xorgui.gui.errors import ErrorReport


def raised(error: Exception) -> tuple:
    try:
        raise error
    except Exception:
        return sys.exc_info()


def boxes() -> list[QMessageBox]:
    from PySide6.QtWidgets import QApplication
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_an_error_is_logged_whole_and_told_in_one_line(tmp_path, parent, capsys):
    report = ErrorReport(tmp_path, lambda: parent, boxes=False)
    report(*raised(ValueError("could not convert 'x'\nsecond line")))
    err = capsys.readouterr().err
    assert err == (f"xorgui: internal error, the window goes on: ValueError: could not convert 'x'. "
                   f"The details are in {tmp_path / 'errors.log'}.\n")
    log = (tmp_path / "errors.log").read_text()
    assert "Traceback (most recent call last)" in log and "raise error" in log and "second line" in log


def test_a_box_tells_each_distinct_error_once_and_never_while_one_is_open(tmp_path, parent, qtbot, capsys):
    report = ErrorReport(tmp_path, lambda: parent)
    report(*raised(KeyError("w")))
    [box] = boxes()
    assert box.parent() is parent and not box.isModal()
    assert "Something went wrong inside xorgui: KeyError: 'w'." in box.text()
    assert str(tmp_path / "errors.log") in box.text()
    report(*raised(ZeroDivisionError("division by zero")))  # while the first box is open: logged only
    report(*raised(KeyError("w")))
    assert boxes() == [box]
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not boxes())
    report(*raised(KeyError("w")))  # told already
    assert not boxes()
    report(*raised(TypeError("bad operand")))
    assert [b.text().split(".")[0] for b in boxes()] == ["Something went wrong inside xorgui: TypeError: bad operand"]
    assert (tmp_path / "errors.log").read_text().count("Traceback") == 5
    assert len(capsys.readouterr().err.splitlines()) == 5


@pytest.mark.parametrize("make", ["folder", "pipe", "link"])
def test_a_log_that_is_no_plain_file_is_not_written_and_the_details_go_aside(tmp_path, parent, monkeypatch,
                                                                              capsys, make):
    log = tmp_path / "data" / "errors.log"
    log.parent.mkdir()
    if make == "folder":
        log.mkdir()
    elif make == "pipe":  # no reader: opening it to write would wait for ever
        os.mkfifo(log)
    else:  # it would lead into another file
        (tmp_path / "notes.txt").write_text("mine\n")
        log.symlink_to(tmp_path / "notes.txt")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "aside"))
    (tmp_path / "aside").mkdir()
    report = ErrorReport(log.parent, lambda: parent, boxes=False)
    report(*raised(RuntimeError("boom")))
    [aside] = (tmp_path / "aside").iterdir()
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"xorgui: internal error, the window goes on: RuntimeError: boom. The details are in "
                           f"{aside} ({log} could not be written: ")
    assert aside.read_text().endswith("RuntimeError: boom\n")
    if make == "link":
        assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_where_nothing_can_be_written_the_details_follow_the_line(tmp_path, parent, monkeypatch, capsys):
    (tmp_path / "file").write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    report = ErrorReport(tmp_path / "file", lambda: parent, boxes=False)  # a file where the folder should be
    report(*raised(RuntimeError("boom")))
    first, *rest = capsys.readouterr().err.splitlines()
    assert first.startswith("xorgui: internal error, the window goes on: RuntimeError: boom. "
                            "The details could not be written (")
    assert rest[0] == "Traceback (most recent call last):" and rest[-1] == "RuntimeError: boom"


def test_an_error_whose_message_fails_is_told_by_its_type(tmp_path, parent, capsys):
    class Odd(Exception):
        def __str__(self):
            raise ValueError("no message")
    ErrorReport(tmp_path, lambda: parent, boxes=False)(*raised(Odd()))
    assert capsys.readouterr().err.startswith("xorgui: internal error, the window goes on: Odd. The details are in ")
    assert "Odd: <exception str() failed>" in (tmp_path / "errors.log").read_text()


def test_one_errors_details_are_kept_up_to_a_bound(tmp_path, parent, capsys):
    ErrorReport(tmp_path, lambda: parent, boxes=False)(*raised(ValueError("x" * 5_000_000)))
    assert len((tmp_path / "errors.log").read_text()) < bug_report.MAX_ENTRY_CHARACTERS + 200
    assert "characters more not kept" in (tmp_path / "errors.log").read_text()


def frame_error(n: int) -> tuple:  # one line raising a new message every frame
    return raised_at_one_line(IndexError(f"index {n} is out of bounds"))


def raised_at_one_line(error: Exception) -> tuple:
    try:
        raise error
    except Exception:
        return sys.exc_info()


def test_boxes_are_one_per_raising_line_and_three_a_run(tmp_path, parent, qtbot, capsys):
    report = ErrorReport(tmp_path, lambda: parent)

    def answer() -> None:
        for box in boxes():
            box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not boxes())
    for n in range(3):  # the message changes, the error does not: one box
        report(*frame_error(n))
        assert len(boxes()) == (1 if n == 0 else 0)
        answer()
    for error in (KeyError("a"), TypeError("b")):  # the second and third distinct errors: a box each
        report(*raised(error))
        assert len(boxes()) == 1
        answer()
    report(*raised(ZeroDivisionError("d")))  # a fourth: logged and told on stderr only
    assert not boxes()
    assert (tmp_path / "errors.log").read_text().count("Traceback") == 6


def test_an_error_that_comes_again_and_again_is_counted_not_repeated(tmp_path, parent, capsys):
    report = ErrorReport(tmp_path, lambda: parent, boxes=False)
    report(*raised(KeyError("the cause")))
    for n in range(1000):
        report(*frame_error(n))
    log = (tmp_path / "errors.log").read_text()
    assert log.count("Traceback") == 1 + errors.REPEATS_IN_FULL and "KeyError: 'the cause'" in log
    counts = [f"(the IndexError: index {n - 1} is out of bounds error above has now come {n:,} times)"
              for n in (10, 100, 1000)]
    assert [line for line in log.splitlines() if line.startswith("(the")] == counts
    assert len(capsys.readouterr().err.splitlines()) == 1 + errors.REPEATS_IN_FULL


def test_a_box_that_failed_to_show_does_not_stop_the_next(tmp_path, parent, qtbot, monkeypatch, capsys):
    real_show, calls = QMessageBox.show, []

    def show_once_failing(box):
        calls.append(box)
        if len(calls) == 1:
            raise RuntimeError("no screen")
        real_show(box)
    monkeypatch.setattr(QMessageBox, "show", show_once_failing)
    report = ErrorReport(tmp_path, lambda: parent)
    report(*raised(KeyError("a")))
    assert capsys.readouterr().err.splitlines()[-1] == ("xorgui: internal error, the window goes on: KeyError: 'a' "
                                                        "(it could not be reported: RuntimeError: no screen)")
    report(*raised(TypeError("b")))
    assert len(boxes()) == 1


def test_a_full_log_is_moved_aside_once(tmp_path, parent, monkeypatch, capsys):
    monkeypatch.setattr(bug_report, "MAX_LOG_BYTES", 100)
    report = ErrorReport(tmp_path, lambda: parent, boxes=False)
    for n in range(3):
        report(*raised(ValueError(f"error {n}")))
    assert "error 2" in (tmp_path / "errors.log").read_text()
    assert "error 1" in (tmp_path / "errors.log.1").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["errors.log", "errors.log.1"]


def test_interrupts_and_exits_go_to_the_hook_before_it(tmp_path, parent, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: seen.append(info[0]))
    report = ErrorReport(tmp_path, lambda: parent, boxes=False)
    report.install()
    try:
        assert sys.excepthook is report
        sys.excepthook(*raised_base(KeyboardInterrupt()))
    finally:
        report.uninstall()
    assert seen == [KeyboardInterrupt] and not (tmp_path / "errors.log").exists()
    assert sys.excepthook is not report


def raised_base(error: BaseException) -> tuple:
    try:
        raise error
    except BaseException:
        return sys.exc_info()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_reported_and_the_event_loop_goes_on(tmp_path, parent, qtbot, capsys):
    report = ErrorReport(tmp_path, lambda: parent, boxes=False)
    report.install()
    try:
        after = []
        QTimer.singleShot(0, lambda: 1 / 0)
        QTimer.singleShot(20, lambda: after.append(True))
        qtbot.waitUntil(lambda: bool(after))
    finally:
        report.uninstall()
    assert capsys.readouterr().err.startswith("xorgui: internal error, the window goes on: ZeroDivisionError: "
                                              "division by zero.")
    assert "Traceback" in (tmp_path / "errors.log").read_text()


def test_an_error_in_another_thread_or_a_futures_callback_is_reported_without_a_box(tmp_path, parent, capsys):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    report = ErrorReport(tmp_path, lambda: parent)
    report.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        with ThreadPoolExecutor(1) as pool:
            pool.submit(time.sleep, 0.2).add_done_callback(lambda _: {}["key"])  # run by the worker, when done
    finally:
        report.uninstall()
    err = capsys.readouterr().err
    assert [line.split(". The details")[0] for line in err.splitlines()] == [
        "xorgui: internal error, the window goes on: ZeroDivisionError: division by zero",
        "xorgui: internal error, the window goes on: KeyError: 'key'"]
    assert not boxes()  # a box belongs to the window's thread
    assert (tmp_path / "errors.log").read_text().count("Traceback") == 2


@pytest.mark.parametrize("autosaving, said", [
    (True, "Your unsaved work is autosaved within 3 s of each change and every 30 s while training."),
    (False, "This window does not autosave: save your work now.")])
def test_the_box_says_whether_this_window_autosaves(tmp_path, parent, capsys, autosaving, said):
    ErrorReport(tmp_path, lambda: parent, autosaving=lambda: autosaving)(*raised(KeyError("w")))
    [box] = boxes()
    assert f"The window goes on. {said} Please report this error." in box.text()
    box.close()

"""A bug on the command line: one line and a file with the traceback, exit status 70; how an error
is said in one line (the window says it the same way: tests/gui/test_errors.py)."""

import os
import re
import tempfile

import pytest

from xorgui import cli
from xorgui.bug_report import one_line


@pytest.fixture(autouse=True)
def as_users_get_it(monkeypatch):  # tests/conftest.py asks for tracebacks
    monkeypatch.delenv(cli.SHOW_TRACEBACKS, raising=False)


def test_a_developer_can_ask_for_the_traceback(monkeypatch):
    monkeypatch.setenv(cli.SHOW_TRACEBACKS, "1")
    monkeypatch.setattr(cli, "cmd_errata", lambda _args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cli.main(["errata"])


def test_a_bug_in_a_command_is_one_line_and_a_file_not_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(_args):
        raise KeyError("a bug")
    monkeypatch.setattr(cli, "cmd_errata", broken)
    assert cli.main(["errata"]) == 70
    out, err = capsys.readouterr()
    [path] = tmp_path.iterdir()
    assert out == "" and err == (f"xorgui: internal error: KeyError: 'a bug'; the details are in {path}. "
                                 "Please report it with the command you ran.\n")
    assert re.fullmatch(r"xorgui-error-\w+\.txt", path.name)
    text = path.read_text()
    assert text.startswith("Traceback (most recent call last):") and "in broken" in text
    assert text.endswith("KeyError: 'a bug'\n")


def test_where_no_file_can_be_made_the_details_follow_the_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    monkeypatch.setattr(cli, "cmd_errata", lambda _args: 1 / 0)
    assert cli.main(["errata"]) == 70
    first, *rest = capsys.readouterr().err.splitlines()
    assert first == ("xorgui: internal error: ZeroDivisionError: division by zero; the details follow. "
                     "Please report it with the command you ran.")
    assert rest[0] == "Traceback (most recent call last):" and rest[-1] == "ZeroDivisionError: division by zero"


def test_a_bug_whose_message_fails_is_told_by_its_type(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    class Odd(Exception):
        def __str__(self):
            raise ValueError("no message")

    def broken(_args):
        raise Odd()
    monkeypatch.setattr(cli, "cmd_errata", broken)
    assert cli.main(["errata"]) == 70
    [path] = tmp_path.iterdir()
    assert capsys.readouterr().err == (f"xorgui: internal error: Odd; the details are in {path}. "
                                       "Please report it with the command you ran.\n")
    assert path.read_text().endswith("Odd: <exception str() failed>\n")


def test_what_the_system_refuses_is_an_error_not_a_bug(monkeypatch, capsys, tmp_path):
    def full(_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(cli, "cmd_errata", full)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert cli.main(["errata"]) == 1
    assert capsys.readouterr().err == "xorgui: error: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.process  # starts the program
def test_a_full_disk_under_the_output_is_one_line(tmp_path):
    import subprocess
    import sys
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "xorgui", "errata"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 1 and result.stderr == "xorgui: error: No space left on device\n"


@pytest.mark.parametrize("error, line", [
    (ValueError(""), "ValueError"), (ValueError("  \n"), "ValueError"),
    (OSError(2, "No such file"), "FileNotFoundError: [Errno 2] No such file"),
    (ValueError("first\nsecond"), "ValueError: first"),
    (ValueError("a\x1b[2J\x00b\udcff δ"), "ValueError: a\\x1b[2J\\x00b\\udcff δ"),
    (ValueError("x" * 500), "ValueError: " + "x" * 199 + "…")])
def test_one_line_is_the_type_and_the_first_line_of_the_message(error, line):
    assert one_line(error) == line

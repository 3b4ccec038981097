"""A session file and a data file larger than their limits are refused before being read, with
the size and the limit in the sentence; a missing file says why it cannot be read."""

import os

import pytest

from xorgui.core import csvdata, sessionfile
from xorgui.core.csvdata import CsvError
from xorgui.core.fields import SessionError


def sparse(path, mib):
    with open(path, "wb") as f:
        f.truncate(mib * 2**20)  # no disk used: the size alone is what is refused
    return path


def test_a_session_file_over_64_mib_is_refused_with_its_size(tmp_path):
    with pytest.raises(SessionError, match=r"^the file is 70\.0 MiB; a session file is at most 64 MiB$"):
        sessionfile.load(sparse(tmp_path / "big.json", 70))


def test_a_data_file_over_8_mib_is_refused_with_its_size(tmp_path):
    with pytest.raises(CsvError, match=r"^the file is 9\.0 MiB; a data file is at most 8 MiB \(and 10,000 rows\)$"):
        csvdata.read_file(sparse(tmp_path / "big.csv", 9))


@pytest.mark.parametrize("read, error", [(sessionfile.load, SessionError), (csvdata.read_file, CsvError)])
def test_a_missing_file_says_it_cannot_be_read(tmp_path, read, error):
    with pytest.raises(error, match=f"^cannot read the file \\({os.strerror(2)}\\)$"):
        read(tmp_path / "nope")


@pytest.mark.parametrize("read, error", [(sessionfile.load, SessionError), (csvdata.read_file, CsvError)])
def test_a_device_a_pipe_or_a_folder_is_refused_before_it_is_read(tmp_path, read, error):
    """/dev/zero reports a size of 0 and never ends (it took 24 GB), a named pipe blocks for ever."""
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.json")
    for path in (zero, tmp_path / "pipe.json"):
        with pytest.raises(error, match=r"^cannot read it: it is not a file \(a device, a pipe or a socket\)$"):
            read(path)
    with pytest.raises(error, match="^cannot read it: it is a folder$"):
        read(tmp_path)


def test_practice_answers_are_bounded_too(tmp_path, capsys):
    from xorgui.cli import main
    from xorgui.core.presets import make_preset

    session = tmp_path / "s.json"
    sessionfile.save(make_preset("article"), session)
    assert main(["practice", str(session), "--answers", "/dev/zero"]) == 2
    assert capsys.readouterr().err.strip() == ("xorgui: error: /dev/zero: cannot read it: it is not a file (a device, "
                                               "a pipe or a socket)")
    big = sparse(tmp_path / "answers.txt", 2)
    assert main(["practice", str(session), "--answers", str(big)]) == 2
    assert capsys.readouterr().err.strip() == f"xorgui: error: {big}: the file is 2.0 MiB; answers are at most 1 MiB"


def test_numbers_too_large_for_a_float_are_named_not_a_traceback():
    """A 401-digit size, seed or noise in a data source overflowed math.isfinite (a traceback at
    start-up); an initialization scale of 1e308 overflowed the random draw on Reset."""
    from xorgui.core.datasets import NOISE, SEED, SIZE
    from xorgui.core.init import Initialization

    huge = 10**400
    for param, words in ((SIZE, "from 4 to 10000"), (SEED, "from 0 to 2^63 − 1"), (NOISE, "from 0 to 1")):
        with pytest.raises(ValueError) as raised:
            param.check(huge)
        assert str(raised.value) == f"{param.label} must be {words}, got a 401-digit number"
    with pytest.raises(ValueError, match="^size must be from 4 to 10000, got a negative 401-digit number$"):
        SIZE.check(-huge)
    for kw, got in (({"scale": 1e308}, "scale must be at most 1e6 in size, got 1e308"),
                    ({"scale": huge}, "scale must be at most 1e6 in size, got a 401-digit number"),
                    ({"value": -2e6}, "value must be at most 1e6 in size, got −2e6")):
        with pytest.raises(ValueError, match=f"^initialization {got}$"):
            Initialization("uniform", **kw)
    assert abs(Initialization("uniform", scale=1e6, seed=1).make([2, 3, 1])[0]).max() <= 1e6


def test_answers_on_the_standard_input_that_are_not_utf8_are_named(tmp_path, capsys, monkeypatch):
    """It said 'cannot read None'."""
    import io
    import sys

    from xorgui.cli import main
    from xorgui.core.presets import make_preset

    session = tmp_path / "s.json"
    sessionfile.save(make_preset("article"), session)
    stdin = io.TextIOWrapper(io.BytesIO(b"a_Z1 = \xff"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["practice", str(session)]) == 2
    assert capsys.readouterr().err.strip() == "xorgui: error: cannot read the standard input: it is not UTF-8 text"

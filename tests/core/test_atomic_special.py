"""A save never replaces something that is not a regular file (a pipe, a device like /dev/null):
renaming a temporary file over it would turn it into a file. Tested on a pipe, never on a device."""

import os
import stat

import pytest

from xorgui.core import Dataset, atomic, sessionfile
from xorgui.core.csvdata import write_csv
from xorgui.core.presets import default_session


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("save", [lambda p: sessionfile.save(default_session(), p),
                                  lambda p: write_csv(p, Dataset.xor())], ids=["session", "data csv"])
def test_a_pipe_is_refused_and_stays_a_pipe(tmp_path, save):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert atomic.problem_writing(pipe) == "it is not a regular file (a device or a pipe)"
    with pytest.raises(OSError, match="it is not a regular file"):
        save(pipe)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_a_long_name_the_disk_takes_is_written_and_a_longer_one_is_refused_in_words(tmp_path):
    """A 245-byte name was refused (its temporary file was 30 bytes longer); a 304-byte one raised
    ENAMETOOLONG out of the refusal itself, a traceback in every export."""
    from xorgui.core import atomic

    ok = tmp_path / ("z" * 240 + ".json")
    atomic.write_text(ok, "{}")
    atomic.write_text(ok, "[]")  # replaced, and its temporary gone
    assert ok.read_text() == "[]" and [p.name for p in tmp_path.iterdir()] == [ok.name]
    long = tmp_path / ("y" * 300 + ".csv")
    assert atomic.problem_writing(long) == os.strerror(36)
    with pytest.raises(OSError) as raised:
        atomic.write_text(long, "x")
    assert atomic.cannot_write(long, raised.value) == (f"cannot write {long}: {os.strerror(36)}. Choose another "
                                                       "folder (one you can write to) or another name.")


def test_a_file_just_over_its_limit_gives_its_size_in_bytes(tmp_path):
    from xorgui.core import atomic

    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * (2**20 + 1))
    with pytest.raises(ValueError) as raised:
        atomic.read_bounded(path, 2**20, "answers are at most 1 MiB", ValueError)
    assert str(raised.value) == "the file is 1,048,577 bytes; answers are at most 1 MiB"  # not "1.0 MiB"


def test_a_name_with_a_nul_is_refused_in_words(tmp_path):
    # a hand-edited list of recent files may hold one: File ▸ Open Recent had raised ValueError
    from xorgui.core import sessionfile

    with pytest.raises(sessionfile.SessionError) as raised:
        sessionfile.load(f"{tmp_path}/a\0b.json")
    assert str(raised.value) == "cannot read the file: its name holds a NUL character"

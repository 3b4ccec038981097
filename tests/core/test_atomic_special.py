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

"""A reader that stops reading (``xorgui diagnose s.json | head -1``) ends every command quietly."""

import os
import subprocess
import sys

import pytest

from xorgui.cli import COMMANDS
from xorgui.core import sessionfile as sf
from xorgui.core.presets import make_preset

PRINTING = {  # every command that prints, with arguments that make it print
    "new": ["new", "--out", "new.json"],
    "train": ["train", "s.json", "--epochs", "3"],
    "walkthrough": ["walkthrough", "s.json"],
    "practice": ["practice", "s.json", "--list"],
    "gradcheck": ["gradcheck", "s.json"],
    "diagnose": ["diagnose", "s.json"],
    "lottery": ["lottery", "r.json", "--runs", "10", "--epochs", "5"],
    "export": ["export", "s.json", "--out", "step.py"],
    "twin": ["twin", "s.json", "--set", "learning_rate=0.2", "--epochs", "2"],
    "errata": ["errata"],
    "--help": ["--help"],
    "train --help": ["train", "--help"],
}


def test_every_command_is_tried():
    assert set(COMMANDS) <= set(PRINTING)


@pytest.mark.process
@pytest.mark.parametrize("name", list(PRINTING))
def test_a_closed_pipe_ends_the_command_without_a_traceback(name, tmp_path):
    sf.save(make_preset("seed"), tmp_path / "s.json")
    sf.save(make_preset("sigmoid"), tmp_path / "r.json")
    read, write = os.pipe()
    os.close(read)  # the reader has gone: every write to the pipe fails with EPIPE
    try:
        r = subprocess.run([sys.executable, "-m", "xorgui", *PRINTING[name]], cwd=tmp_path, stdout=write,
                           stderr=subprocess.PIPE, text=True, timeout=120,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    finally:
        os.close(write)
    assert r.stderr == ""  # no traceback, no "Exception ignored … BrokenPipeError"
    # 128 + SIGPIPE, as `yes | head -1` gives under pipefail; argparse's help ignores the closed pipe itself
    assert r.returncode == (0 if "--help" in name else 141)

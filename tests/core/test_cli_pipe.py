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


@pytest.mark.process
@pytest.mark.parametrize("format", ["text", "json", "markdown"])
def test_a_reader_that_stops_after_a_line_of_a_long_walkthrough_ends_it_with_141(format, tmp_path):
    """`xorgui walkthrough big.json | head -1` exited 0: CPython dropped the rest of the one 4 MB
    write the closing reader cut short, with no error."""
    from xorgui.core import Initialization, Network, Trainer, TrainingConfig
    from xorgui.core.datasets import DataSource, build

    train, _ = build(DataSource("circle", {"size": 400}))  # ~1 MB of walkthrough, more than a pipe holds
    init = Initialization("uniform", seed=1)
    big = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), train,
                  TrainingConfig(batch_size=None), init)
    sf.save(big, tmp_path / "big.json")
    p = subprocess.Popen([sys.executable, "-m", "xorgui", "walkthrough", "big.json", "--format", format], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline()
    p.stdout.close()
    assert p.wait(timeout=120) == 141 and p.stderr.read() == b""

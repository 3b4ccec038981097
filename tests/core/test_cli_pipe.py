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


def test_a_long_walkthrough_is_written_in_pieces_a_closed_pipe_stops(monkeypatch, tmp_path):
    """`xorgui walkthrough big.json | head -1` could exit 0: CPython drops the rest of one big write
    that a closing reader cuts short, with no error. Written in pieces of at most 64 KiB, the next
    piece meets the closed pipe (BrokenPipeError: exit 141, tested above)."""
    import io

    from xorgui import cli

    sizes = []

    class Recording(io.StringIO):
        def write(self, text):
            sizes.append(len(text))
            return super().write(text)

    out = Recording()
    monkeypatch.setattr("sys.stdout", out)
    text = "".join(f"line {i}: δ = −0.25\n" for i in range(200_000))  # ~4 MB, as a batch walkthrough
    cli.write_out(text)
    assert out.getvalue() == text and max(sizes) == 65_536 and len(sizes) == -(-len(text) // 65_536)
    # and the walkthrough command writes so, in every format
    from xorgui.core import Initialization, Network, Trainer, TrainingConfig
    from xorgui.core.datasets import DataSource, build

    train, _ = build(DataSource("circle", {"size": 100}))
    init = Initialization("uniform", seed=1)
    big = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), train,
                  TrainingConfig(batch_size=None), init)
    sf.save(big, tmp_path / "big.json")
    for fmt in ("text", "json", "markdown"):
        sizes.clear()
        assert cli.main(["walkthrough", str(tmp_path / "big.json"), "--format", fmt]) == 0
        assert len(sizes) > 2 and max(sizes) <= 65_536, fmt


@pytest.mark.process
@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_stdout_or_stderr_loses_no_work_and_shows_no_traceback(closed, tmp_path):
    """`xorgui train s.json --out o.json 2>&-` trained every epoch and then raised on the closed stderr
    (its progress line) before writing o.json; `xorgui diagnose s.json >&-` raised on flushing stdout
    (an attacker's audit). What would go to a closed stream goes nowhere; the work is done."""
    sf.save(make_preset("seed"), tmp_path / "s.json")
    other = subprocess.PIPE
    r = subprocess.run([sys.executable, "-m", "xorgui", "train", "s.json", "--epochs", "20000", "--out", "o.json"],
                       cwd=tmp_path, stdout=other if closed == 2 else None, stderr=other if closed == 1 else None,
                       text=True, timeout=120, pass_fds=(), preexec_fn=lambda: os.close(closed),
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert r.returncode == 0
    assert "Traceback" not in ((r.stdout or "") + (r.stderr or ""))
    assert sf.load(tmp_path / "o.json").epoch == 20_000
    if closed == 2:
        assert r.stdout.endswith("wrote o.json\n")

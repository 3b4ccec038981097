"""The command line never destroys a file by surprise, and says what it did and did not write."""

import io
import os
import subprocess
import sys

import pytest

from xorgui import app
from xorgui.cli import build_parser
from xorgui.core import atomic
from xorgui.core import sessionfile as sf
from xorgui.core.presets import make_preset
from xorgui.progress import Progress

from .test_cli import run

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.json"
    sf.save(make_preset("seed"), path)
    return path


# -- train --out ---------------------------------------------------------------------------------
def test_train_refuses_to_replace_its_input_without_force(seed, capsys):
    before = seed.read_bytes()
    code, out, err = run(capsys, "train", seed, "--epochs", 3, "--out", seed)
    assert code == 2 and "is the input file" in err and "--force" in err
    assert seed.read_bytes() == before and out == ""
    code, out, err = run(capsys, "train", seed, "--epochs", 3, "--out", seed, "--force")
    assert code == 0 and sf.load(seed).epoch == 3


def test_train_refuses_to_count_past_the_last_exact_epoch(tmp_path, capsys):
    """A file at epoch 2^53 − 1 trained 2 more was written at 2^53 + 1, which no xorgui could open."""
    import json

    path = tmp_path / "end.json"
    sf.save(make_preset("article"), path)
    doc = json.loads(path.read_text())
    doc["training"]["epoch"] = 2**53 - 1
    del doc["history"]  # a file may leave it out
    path.write_text(json.dumps(doc))
    code, out, err = run(capsys, "train", path, "--epochs", 2, "--out", tmp_path / "out.json")
    assert code == 2 and err.strip() == (
        f"xorgui: error: {path} is at epoch 9,007,199,254,740,991: 2 more would pass 9,007,199,254,740,991, "
        "the most a session counts exactly")
    assert not (tmp_path / "out.json").exists()


def test_train_refuses_an_existing_out_without_force(seed, tmp_path, capsys):
    other = tmp_path / "other.json"
    other.write_text("precious")
    code, out, err = run(capsys, "train", seed, "--epochs", 3, "--out", other)
    assert code == 2 and f"{other} exists; use --force" in err
    assert other.read_text() == "precious"


def test_out_is_checked_before_training(seed, tmp_path, capsys):
    """A long run must not end in 'cannot write': the check comes first, nothing is trained."""
    missing = tmp_path / "no-such-folder" / "t.json"
    code, out, err = run(capsys, "train", seed, "--epochs", 50_000_000, "--out", missing)
    assert code == 2 and "does not exist" in err and "epoch" not in out
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, out, err = run(capsys, "train", seed, "--epochs", 50_000_000, "--out", folder, "--force")
    assert code == 2 and "folder" in err and out == ""


def test_a_read_only_file_is_refused_even_with_force(seed, tmp_path, capsys):
    locked = tmp_path / "locked.json"
    sf.save(make_preset("sigmoid"), locked)
    locked.chmod(0o444)
    before = locked.read_bytes()
    code, out, err = run(capsys, "train", seed, "--epochs", 3, "--out", locked, "--force")
    assert code == 2 and "read-only" in err
    assert locked.read_bytes() == before
    with pytest.raises(PermissionError):  # the GUI's save path too
        sf.save(make_preset("seed"), locked)
    assert locked.read_bytes() == before


def test_saving_over_a_symlink_writes_the_target_and_keeps_the_link(seed, tmp_path, capsys):
    real = tmp_path / "real.json"
    sf.save(make_preset("sigmoid"), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, out, err = run(capsys, "train", seed, "--epochs", 4, "--out", link, "--force")
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sf.load(real).epoch == 4


def test_new_also_checks_the_target(tmp_path, capsys):
    code, out, err = run(capsys, "new", "--out", tmp_path / "nope" / "s.json")
    assert code == 2 and "does not exist" in err


# -- interrupted and diverged runs -------------------------------------------------------------------
def test_ctrl_c_says_nothing_was_written(seed, tmp_path, capsys, monkeypatch):
    from xorgui.core.training import Trainer
    calls, real = [], Trainer.run_epochs

    def interrupted(self, count):  # Ctrl+C arrives during the third chunk
        calls.append(count)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(self, count)
    monkeypatch.setattr(Trainer, "run_epochs", interrupted)
    out = tmp_path / "t.json"
    code, stdout, err = run(capsys, "train", seed, "--epochs", 90_000_000, "--out", out)
    assert code == 130 and stdout == ""
    assert err.strip().splitlines()[-1] == f"xorgui: interrupted at epoch {sum(calls[:2]):,}; {out} not written"
    assert not out.exists()


def test_a_diverged_run_says_why_nothing_was_written(tmp_path, capsys):
    t = make_preset("seed")
    t.set_config(type(t.config)(learning_rate=1000.0))
    path = tmp_path / "wild.json"
    sf.save(t, path)
    out = tmp_path / "out.json"
    code, stdout, err = run(capsys, "train", path, "--epochs", 100, "--out", out)
    assert code == 1 and err.startswith("xorgui: training diverged at epoch")
    assert err.strip().endswith(f"; {out} not written") and not out.exists()


# -- temporary files ----------------------------------------------------------------------------------
def test_a_killed_save_leaves_a_recognisable_temp_file_that_the_next_save_removes(tmp_path):
    path = tmp_path / "s.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f".s.json.xorgui-{int(dead.stdout)}-abc123.tmp"
    leftover.write_text("half a session")
    unrelated = tmp_path / ".s.json.backup"
    unrelated.write_text("mine")
    sf.save(make_preset("seed"), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".s.json.backup", "s.json"]


def test_a_live_save_temp_file_is_left_alone(tmp_path):
    path = tmp_path / "s.json"
    live = tmp_path / f".s.json.xorgui-{os.getppid()}-abc123.tmp"  # our parent is alive
    live.write_text("being written")
    assert atomic.remove_stale_temporaries(atomic.resolve(path)) == []
    assert live.exists()


# -- commands and help --------------------------------------------------------------------------------
@pytest.mark.parametrize("typo,right", [("trian", "train"), ("walkthru", "walkthrough"), ("gradchek", "gradcheck"),
                                        ("diagnoze", "diagnose"), ("nwe", "new")])
def test_a_mistyped_command_suggests_the_right_one(typo, right, capsys):
    code = app.main([typo, "f.json"])
    err = capsys.readouterr().err
    assert code == 2 and f"unknown command '{typo}'" in err and f"did you mean '{right}'" in err


def test_a_file_named_like_a_command_typo_still_opens(tmp_path, monkeypatch):
    path = tmp_path / "trian"
    sf.save(make_preset("seed"), path)
    opened = []
    monkeypatch.setattr(app, "run_window", lambda argv: opened.append(argv) or 0)
    assert app.main([str(path)]) == 0 and opened == [[str(path)]]


def test_help_lists_the_window_options_and_every_option_has_a_description(capsys):
    with pytest.raises(SystemExit):
        app.main(["--help"])
    text = capsys.readouterr().out
    for option in ("--self-test", "--screenshot", "--size", "train", "walkthrough"):
        assert option in text
    parser = build_parser()
    parsers = [parser] + [p for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict)
                          for p in a.choices.values()]
    from xorgui.window_args import build_gui_parser
    parsers.append(build_gui_parser())
    for p in parsers:
        for action in p._actions:
            assert action.help, f"{p.prog}: {action.dest} has no description"


# -- progress -------------------------------------------------------------------------------------------
class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_progress_writes_plain_lines_with_rate_and_eta_when_not_a_terminal():
    stream, clock = io.StringIO(), FakeClock()
    p = Progress(1000, stream, clock)
    for done in range(100, 1001, 100):
        clock.t += 1.0
        p.update(done, "0.5")
    p.finish()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue() and len(lines) == 1  # one line every 5 s, none at the end
    assert lines[0] == "500/1,000 epochs (50%)  loss 0.5  100 epochs/s  ETA 5 s"


def test_progress_draws_a_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    stream, clock = Tty(), FakeClock()
    p = Progress(200, stream, clock)
    clock.t = 60.0
    p.update(100, "0.25")
    p.finish()
    assert stream.getvalue() == ("\r[###############...............] 100/200 epochs (50%)  loss 0.25  "
                                 "1.7 epochs/s  ETA 1 min 00 s\x1b[K\n")


@pytest.mark.parametrize("word", ["errata", "foo"])
def test_a_bare_word_is_a_command_or_an_unknown_one_never_a_window_on_a_missing_file(word, capsys, monkeypatch,
                                                                                      tmp_path):
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(app, "run_window", lambda argv: opened.append(argv) or 0)
    code = app.main([word])
    out, err = capsys.readouterr()
    assert opened == []
    if word == "errata":  # Help ▸ The article's errata, as a command
        assert code == 0 and "1. Uses y − ŷ as the output's delta" in out
    else:
        assert code == 2 and err.startswith("xorgui: error: unknown command 'foo', and no file of that name")
        assert "errata" in err  # the commands are listed


def test_progress_says_100_percent_only_when_done_and_a_slow_rate_is_not_zero():
    stream, clock = io.StringIO(), FakeClock()
    p = Progress(1000, stream, clock)
    clock.t = 996 / 0.4  # 0.4 epochs a second
    assert p.line(996, "0.5") == "996/1,000 epochs (99%)  loss 0.5  0.4 epochs/s  ETA 10 s"
    assert p.line(25, "0.5").startswith("25/1,000 epochs (2%)")  # rounded down, as the bar fills


def test_before_the_first_epoch_ends_there_is_no_rate_and_no_eta_yet():
    # it said "0 epochs/s  took 5 s", as if the run had ended
    stream, clock = io.StringIO(), FakeClock()
    p = Progress(100, stream, clock)
    clock.t = 5.0
    assert p.line(0, "0.5") == "0/100 epochs (0%)  loss 0.5  — epochs/s  ETA —"
    clock.t = 30.0
    assert p.line(1, "0.5") == "1/100 epochs (1%)  loss 0.5  30 s an epoch  ETA 49 min 30 s"


def test_train_starts_with_a_one_epoch_chunk_so_a_slow_network_reports_after_its_first_epoch(seed, capsys,
                                                                                             monkeypatch):
    from xorgui.core.training import Trainer
    calls, real = [], Trainer.run_epochs
    monkeypatch.setattr(Trainer, "run_epochs", lambda self, count: calls.append(count) or real(self, count))
    code, _out, _err = run(capsys, "train", seed, "--epochs", 100)
    # a chunk doubles only while it is quick (here, unless the machine stalls): a network taking
    # seconds an epoch stays at one
    assert code == 0 and calls[0] == 1 and sum(calls) == 100
    assert all(later in (chunk, 2 * chunk) for chunk, later in zip(calls, calls[1:-1]))


@pytest.mark.parametrize("seconds, shown", [(10, "1 epochs/s"), (100, "0.1 epochs/s"), (250, "25 s an epoch"),
                                            (2_500, "4 min 10 s an epoch"), (90_000, "2 h 30 min an epoch")])
def test_a_very_slow_run_says_how_long_an_epoch_takes(seconds, shown):
    # 10 epochs done in ``seconds``: below 0.1 epochs/s the rate would read 4e−2
    stream, clock = io.StringIO(), FakeClock()
    p = Progress(1000, stream, clock)
    clock.t = seconds
    assert f"loss 0.5  {shown}  ETA " in p.line(10, "0.5")


def test_an_unknown_option_of_a_command_points_to_that_commands_help(capsys):
    from xorgui.cli import main
    assert main(["train", "s.json", "--epochs", "5", "--bogus"]) == 2
    assert capsys.readouterr().err == "xorgui: error: unrecognized arguments: --bogus (see xorgui train --help)\n"

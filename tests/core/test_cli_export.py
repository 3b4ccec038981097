"""`xorgui export FILE --out NAME.py|.xlsx|.pdf`: what it writes and what it refuses (one line, exit 2)."""

import os
import subprocess
import sys

import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.export_script import python_script
from xorgui.core.presets import make_preset

from .test_cli import run


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "s.json"
    sf.save(make_preset("article"), path)
    return path


@pytest.fixture
def batch_session(tmp_path):
    path = tmp_path / "b.json"
    sf.save(make_preset("tanh"), path)
    return path


def test_export_py_writes_the_script_of_the_session(capsys, session, tmp_path, run_python):
    out = tmp_path / "step.py"
    code, text, err = run(capsys, "export", session, "--out", out, "--epochs", 7)
    assert code == 0, err
    assert text.startswith(f"wrote {out}: the walkthrough's step and 7 epochs in numpy")
    assert out.read_text(encoding="utf-8") == python_script(sf.load(session), epochs=7)
    assert "L_new = 1.4111999999999996" in run_python(out)  # the article's step on (0, 0)


@pytest.mark.process
def test_an_exported_script_runs_in_a_plain_interpreter_on_an_ascii_console(capsys, session, tmp_path):
    """As a learner runs it: a Python of its own, without xorgui's modules, on a console that
    cannot print δ or ŷ (the script switches its output to UTF-8)."""
    out = tmp_path / "step.py"
    assert run(capsys, "export", session, "--out", out)[0] == 0
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, encoding="utf-8", timeout=60,
                       cwd=tmp_path, env=dict(env, PYTHONIOENCODING="ascii", PYTHONUTF8="0"))
    assert r.returncode == 0, r.stderr
    assert "L_new = 1.4111999999999996" in r.stdout and "δ" in r.stdout


def test_export_xlsx_writes_a_workbook(capsys, session, tmp_path):
    out = tmp_path / "step.xlsx"
    code, text, err = run(capsys, "export", session, "--out", out)
    assert code == 0, err
    assert "live formulas" in text
    assert out.read_bytes()[:2] == b"PK"  # an .xlsx is a zip archive


@pytest.mark.parametrize("args, fragment", [
    (["--out", "{tmp}/x.txt"], "must end in .py, .xlsx or .pdf"),
    (["--out", "{tmp}/x.xlsx", "--epochs", "5"], "--epochs is for the Python script (.py) only"),
    (["--out", "{tmp}/x.py", "--precision", "4"], "--precision is for the worksheet (.pdf) only"),
    (["--out", "{tmp}/x.py", "--epochs", "-1"], "--epochs: -1 epochs: the script cannot train a negative number"),
    (["--out", "{tmp}/x.py", "--epochs", "2.5"],  # in the window's words, not argparse's "invalid int value"
     "--epochs: '2.5' is not a whole number of epochs: type one from 0 to 1,000,000."),
    (["--out", "{tmp}/x.pdf", "--precision", "12"], "--precision must be from 2 to 8"),
    (["--out", "{tmp}/x.py", "--sample", "4"], "--sample must be from 0 to 3"),
    (["--out", "{tmp}/missing/x.py"], "does not exist; give --out a file name in a folder you can write to"),
])
def test_bad_arguments_are_refused_on_one_line_and_nothing_is_written(capsys, session, tmp_path, args, fragment):
    argv = [a.format(tmp=tmp_path) for a in args]
    code, out, err = run(capsys, "export", session, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("xorgui: error: ") and fragment in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_an_existing_file_needs_force(capsys, session, tmp_path):
    out = tmp_path / "x.py"
    out.write_text("mine")
    code, _, err = run(capsys, "export", session, "--out", out)
    assert code == 2 and "exists; use --force" in err and out.read_text() == "mine"
    code, _, err = run(capsys, "export", session, "--out", out, "--force")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3")


def test_sample_is_refused_for_a_batch_session_step(capsys, batch_session, tmp_path):
    code, _, err = run(capsys, "export", batch_session, "--out", tmp_path / "x.py", "--sample", "1")
    assert code == 2 and "trains in full batch" in err
    assert not (tmp_path / "x.py").exists()


def test_a_missing_session_file_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "export", tmp_path / "nope.json", "--out", tmp_path / "x.py")
    assert code == 2 and err.startswith("xorgui: error: ") and err.count("\n") == 1


def test_epochs_are_read_as_the_window_reads_them(capsys, session, tmp_path):
    code, out, err = run(capsys, "export", session, "--out", str(tmp_path / "x.py"), "--epochs", "1,000")
    assert code == 0 and "the walkthrough's step and 1,000 epochs in numpy" in out, err

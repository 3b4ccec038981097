"""`xorgui new --data … --layers …` and the test figures `xorgui train` reports."""

import json
from pathlib import Path

import numpy as np
import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.datasets import DataSource, build
from xorgui.core.evaluation import evaluate_test_set
from xorgui.core.numbers import fmt, percent

from .test_cli import run

CORPUS = Path(__file__).parent / "csv_corpus"


def test_new_on_a_library_set_with_a_split(tmp_path, capsys):
    path = tmp_path / "c.json"
    code, out, err = run(capsys, "new", "--out", path, "--preset", "sigmoid", "--data", "circle", "--layers", "2,4,1",
                         "--size", "100", "--noise", "0.1", "--data-seed", "3", "--test-fraction", "0.2")
    assert (code, err) == (0, "")
    assert out == (f"wrote {path} (sigmoid preset on Circle (size 100, noise 0.1, seed 3), 20% kept for testing "
                   "(split seed 0): 80 training samples and 20 test samples, network 2-4-1)\n")
    t = sf.load(path)
    assert t.network.layers == [2, 4, 1] and t.network.activation_names == ["sigmoid", "sigmoid"]
    assert t.source == DataSource("circle", {"size": 100, "noise": 0.1, "seed": 3}, 0.2, 0)
    train, test = build(t.source)
    assert np.array_equal(t.data.inputs, train.inputs) and np.array_equal(t.test_data.targets, test.targets)
    assert t.config.learning_rate == 2.0  # the sigmoid preset's settings


def test_the_input_and_output_layers_follow_the_data_without_layers(tmp_path, capsys):
    path = tmp_path / "h.json"
    assert run(capsys, "new", "--out", path, "--data", "half_adder")[0] == 0
    t = sf.load(path)
    assert t.network.layers == [2, 3, 2] and t.network.activation_names == ["identity", "identity"]
    assert np.all(t.network.weights[1] == 1.0)  # the article's constant 1 initialization


def test_new_on_a_csv_file(tmp_path, capsys):
    path = tmp_path / "csv.json"
    code, out, _ = run(capsys, "new", "--out", path, "--preset", "tanh", "--data",
                       f"csv:{CORPUS / 'good' / 'with_test_column.csv'}", "--layers", "2,5,1")
    # one test row is "1 test sample"; "your own rows" mid-sentence is lower-case
    assert code == 0 and "3 training samples and 1 test sample, network 2-5-1" in out
    assert "tanh preset on your own rows, 25% kept" in out
    # the file's test column chose the test samples, not a seed (it said "split seed 0")
    assert "25% kept for testing (the rows the file's test column marks)" in out and "seed" not in out
    assert json.loads(path.read_text())["data"]["split"] == {"test_fraction": 0.25, "marked": True}
    t = sf.load(path)
    assert t.data.inputs.tolist() == [[0, 0], [0, 1], [1, 1]] and t.test_data.inputs.tolist() == [[1, 0]]
    assert t.source.name == "rows" and t.source.test_fraction == 0.25 and t.source.marked


def test_a_csv_split_by_test_fraction_names_its_seed(tmp_path, capsys):
    path = tmp_path / "s.json"
    code, out, _ = run(capsys, "new", "--out", path, "--data", f"csv:{CORPUS / 'good' / 'xor_header.csv'}",
                       "--test-fraction", "0.25", "--split-seed", "4")
    assert code == 0 and "25% kept for testing (split seed 4)" in out
    assert json.loads(path.read_text())["data"]["split"] == {"test_fraction": 0.25, "seed": 4}


@pytest.mark.parametrize("argv, message", [
    (["--data", "moons"], "--data: unknown dataset 'moons'; choose one of and, or"),
    (["--data", "circle", "--layers", "3,4,1"], "--layers 3,4,1: the data has 2 inputs and 1 target, so the "
                                                 "layers must start with 2 and end with 1"),
    (["--data", "circle", "--layers", "2,x,1"], "--layers: expected whole numbers separated by commas"),
    (["--data", "circle", "--layers", "2,17,1"], "--layers 2,17,1: every layer needs 1 to 16 units, got 17"),
    (["--data", "circle", "--size", "2"], "--data: size must be from 4 to 10000, got 2"),
    (["--data", "xor", "--test-fraction", "0.95"], "--data: the test fraction must be from 0 to 0.9"),
    (["--data", "sine", "--preset", "tanh"], "that data does not fit the tanh preset: the cross-entropy loss "
                                              "needs targets between 0 and 1 (choose another --preset)"),
    # the file is named: the learner may have typed several paths
    (["--data", "csv:/nowhere/d.csv"], "--data: /nowhere/d.csv: cannot read the file (No such file or directory)"),
    (["--data", f"csv:{CORPUS / 'bad' / 'ragged.csv'}"],
     f"--data: {CORPUS / 'bad' / 'ragged.csv'}: line 3: 2 values, but the first row has 3"),
    # and so it is when the rows read but the test column cannot be used
    (["--data", f"csv:{CORPUS / 'bad' / 'bad_test_marker.csv'}"],
     f"--data: {CORPUS / 'bad' / 'bad_test_marker.csv'}: line 3, column 3: the test column 'test' must hold 0"),
    (["--data", f"csv:{CORPUS / 'bad' / 'all_test.csv'}"],
     f"--data: {CORPUS / 'bad' / 'all_test.csv'}: every row is marked as a test sample in 'test'"),
    # the command line has no way to choose roles: it says how it assigns them (was "choose at least one input column")
    (["--data", f"csv:{CORPUS / 'bad' / 'one_column.csv'}"],
     f"--data: {CORPUS / 'bad' / 'one_column.csv'} has 1 column of values, and the file needs at least one input "
     "and one target column: with a header row, the columns named y, y1…, t, t1…, target…, label…, class… or "
     "output… (else the last column) are targets, a column named test marks test samples with 1, the others are "
     "inputs (the window's File ▸ Import data… lets you "
     "choose each column's role)"),
    (["--data", f"csv:{CORPUS / 'good' / 'xor_header.csv'}", "--size", "10"],
     "--size, --noise and --data-seed describe a generated set, not a CSV file"),
])
def test_bad_data_arguments_are_one_line_errors_and_write_nothing(tmp_path, capsys, argv, message):
    path = tmp_path / "x.json"
    code, out, err = run(capsys, "new", "--out", path, *argv)
    assert code == 2 and out == "" and not path.exists()
    assert err.startswith(f"xorgui: error: {message}") and len(err.strip().splitlines()) == 1


def test_train_reports_the_test_loss_and_accuracy(tmp_path, capsys):
    path = tmp_path / "g.json"
    run(capsys, "new", "--out", path, "--preset", "sigmoid", "--data", "gaussians", "--layers", "2,2,1",
        "--size", "60", "--test-fraction", "0.25")
    out_path = tmp_path / "g2.json"
    code, out, err = run(capsys, "train", path, "--epochs", "50", "--quiet", "--out", out_path)
    assert code == 0
    t = sf.load(out_path)
    ev = evaluate_test_set(t)
    lines = out.splitlines()
    assert lines[0].startswith("epoch 50  loss ")
    assert lines[1] == (f"test (15 samples): loss {fmt(ev.loss, 8)}  accuracy {ev.right}/15 "
                        f"({100 * ev.accuracy:.0f}%)")


def test_train_groups_epochs_and_samples_as_the_window_does(tmp_path, capsys):
    # '1,200' epochs and '1,000' samples as the window writes them, not '1200' and '1000'
    path = tmp_path / "x.json"
    run(capsys, "new", "--out", path, "--preset", "sigmoid")
    code, out, err = run(capsys, "train", path, "--epochs", "1200", "--quiet")
    assert code == 0 and out.startswith("epoch 1,200  loss ")
    path = tmp_path / "g.json"  # 2,000 samples, 1,000 kept for testing
    run(capsys, "new", "--out", path, "--preset", "sigmoid", "--data", "gaussians", "--layers", "2,2,1",
        "--size", "2000", "--test-fraction", "0.5")
    code, out, err = run(capsys, "train", path, "--epochs", "1", "--quiet", "--out", tmp_path / "g2.json")
    ev = evaluate_test_set(sf.load(tmp_path / "g2.json"))
    assert code == 0 and ev.samples == 1000 and ev.right >= 1000 // 2
    assert out.splitlines()[1] == (f"test (1,000 samples): loss {fmt(ev.loss, 8)}  accuracy {ev.right:,}/1,000 "
                                   f"({percent(ev.accuracy)})")


def test_train_says_one_test_sample_in_the_singular(tmp_path, capsys):
    path = tmp_path / "x.json"
    run(capsys, "new", "--out", path, "--preset", "sigmoid", "--data", "xor", "--test-fraction", "0.25")
    code, out, err = run(capsys, "train", path, "--epochs", "1", "--quiet")
    assert code == 0 and out.splitlines()[1].startswith("test (1 sample): loss ")


def test_train_without_a_test_set_reports_no_test_line(tmp_path, capsys):
    path = tmp_path / "x.json"
    run(capsys, "new", "--out", path)
    code, out, _ = run(capsys, "train", path, "--epochs", "3", "--quiet")
    assert code == 0 and "test" not in out


def test_new_notes_when_the_presets_output_cannot_reach_the_datas_targets(tmp_path, capsys):
    # the deep preset's sigmoid output on the sine (targets about -1.2..1.2): written, with a note
    code, out, err = run(capsys, "new", "--out", tmp_path / "s.xorgui", "--preset", "deep", "--data", "sine")
    assert code == 0 and out.startswith("wrote ")
    assert err.startswith("note: Targets the output unit cannot produce. The sigmoid output unit produces values "
                          "from 0 to 1, but ")
    code, out, err = run(capsys, "new", "--out", tmp_path / "x.xorgui", "--preset", "deep", "--data", "xor")
    assert code == 0 and err == ""

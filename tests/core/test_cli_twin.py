"""``xorgui twin``: the first difference a user reads, the JSON a script reads, and bad input."""

import json

import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.presets import make_preset

from .test_cli import run


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.json"
    sf.save(make_preset("article"), path)
    return path


def test_text_names_the_first_difference_and_both_losses(article, capsys):
    code, out, err = run(capsys, "twin", article, "--set", "learning_rate=0.05", "--epochs", 20)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[1] == "first difference: W10 after sample 0 of epoch 1: 0.6 vs 0.8"
    assert lines[2].startswith("loss after epoch 20: left ")
    left = make_preset("article")
    left.run_epochs(20)
    assert f"left {left.current_loss():.10g}," in lines[2]


def test_json_has_the_difference_and_both_losses(article, capsys):
    code, out, _ = run(capsys, "twin", article, "--set", "W21=0.5", "--epochs", 3, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["change"] == {"W21": "0.5"}
    assert doc["difference"]["line"] == "W21 before sample 0 of epoch 1: 1 vs 0.5"
    assert (doc["difference"]["left"], doc["difference"]["right"]) == (1.0, 0.5)
    assert set(doc["loss"]) == {"left", "right"} and doc["identical"] is False


def test_a_diverging_twin_stops_both_there_and_says_so_as_the_window_does(article, capsys):
    # α = 0.5 on the article's example: the right twin's loss is 1.946e114 after epoch 3, more than
    # 1000 × its lowest before (1.75); the window stops both twins there, and so does the CLI
    code, text, _ = run(capsys, "twin", article, "--set", "learning_rate=0.5")
    assert code == 0
    lines = text.splitlines()
    assert lines[1] == "The right twin diverged at epoch 3 (loss 1.946e114): both twins stopped there."
    assert lines[2] == "first difference: W10 after sample 0 of epoch 1: 0.6 vs −1"
    # ten digits for a script, written as the sentence above writes them (not "1.946372544e+114")
    assert lines[3] == "loss after epoch 3: left 0.3331186331, right 1.946372544e114 (diverged)"
    left = make_preset("article")
    left.run_epochs(3)  # the left twin trained exactly the 3 epochs, not the 100 asked
    assert f"left {left.current_loss():.10g}," in lines[3]
    code, out, _ = run(capsys, "twin", article, "--set", "learning_rate=0.5", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["epochs"] == 100 and doc["epochs_trained"] == 3
    assert doc["diverged"] == {"epoch": 3, "left": None, "right": {"epoch": 3, "loss": doc["loss"]["right"], "best": 1.75},
                               "line": lines[1]}
    assert abs(doc["loss"]["right"] / 1.9463725436637e114 - 1) < 1e-12


def test_a_twin_that_does_not_diverge_trains_every_epoch_asked_and_says_nothing_of_it(article, capsys):
    code, out, _ = run(capsys, "twin", article, "--set", "learning_rate=0.2", "--epochs", 50, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["epochs_trained"] == 50 and doc["diverged"] is None
    _, text, _ = run(capsys, "twin", article, "--set", "learning_rate=0.2", "--epochs", 50)
    assert "diverged" not in text and "loss after epoch 50:" in text


def test_the_same_setting_is_reported_as_the_same_run(article, capsys):
    code, out, _ = run(capsys, "twin", article, "--set", "batch_size=1", "--epochs", 5)
    assert code == 0 and "no difference: the twins are the same run" in out


@pytest.mark.parametrize("setting, message", [
    ("learning_rate", "--set needs KEY=VALUE"),
    ("W99=1", "unknown setting 'W99'"),
    ("learning_rate=fast", "is not a number"),
    ("batch_size=0", "batch size must be a whole number of at least 1"),
    ("activations=tanh", "activations needs 2 names"),
    ("activations=tanh,cosine", "unknown activation 'cosine'"),
    ("loss=cross_entropy", "--set loss=cross_entropy:"),
])
def test_bad_changes_get_one_line_and_exit_2(article, capsys, setting, message):
    code, out, err = run(capsys, "twin", article, "--set", setting)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_bad_epochs_exit_2(article, capsys):
    code, _, err = run(capsys, "twin", article, "--set", "learning_rate=0.2", "--epochs", 0)
    assert code == 2 and "--epochs must be from 1" in err


def test_the_change_can_go_into_the_left_twin(article, capsys):
    code, out, _ = run(capsys, "twin", article, "--set", "learning_rate=0.05", "--in", "left", "--epochs", 20)
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"left: {article} with learning_rate=0.05; right: {article} as saved"
    assert lines[1] == "first difference: W10 after sample 0 of epoch 1: 0.8 vs 0.6"
    saved = make_preset("article")
    saved.run_epochs(20)
    assert lines[2].endswith(f"right {saved.current_loss():.10g}")
    code, out, _ = run(capsys, "twin", article, "--set", "W21=0.5", "--in", "left", "--format", "json")
    doc = json.loads(out)
    assert doc["changed_twin"] == "left" and doc["difference"]["line"] == "W21 before sample 0 of epoch 1: 0.5 vs 1"

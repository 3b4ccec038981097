"""``xorgui lottery``: the summary a user reads, the JSON a script reads, and what bad input gets."""

import json

from xorgui.core import sessionfile as sf
from xorgui.core.lottery import LotterySpec
from xorgui.core.lottery_report import LABELS, run_lottery
from xorgui.core.presets import make_preset

from .test_cli import run


def session(tmp_path, preset="sigmoid"):
    path = tmp_path / f"{preset}.json"
    sf.save(make_preset(preset), path)
    return path


def test_text_summary_names_the_setup_the_share_solved_and_the_failures(tmp_path, capsys):
    path = session(tmp_path)
    code, out, err = run(capsys, "lottery", path, "--runs", 20, "--epochs", 400, "--quiet")
    assert code == 0 and err == ""
    expected = run_lottery(LotterySpec.of(make_preset("sigmoid"), 20, 400))
    lines = out.splitlines()
    assert lines[0] == ("Lottery: 20 runs of 2-3-1 sigmoid/sigmoid, squared error loss, full batch, learning rate 2, "
                        "random initialization (uniform in ±1), seeds 1–20, 400 epochs")
    solved = len(expected.solved)
    assert lines[1] == f"Solved: {solved} of 20 ({100 * solved / 20:.1f}%)"
    assert "Not solved, by diagnosis:" in out and "Solved means: A run is solved" in out
    for key, count in expected.by_diagnosis():
        assert any(line.strip().startswith(LABELS[key]) and f" {count}  seeds " in line for line in lines)


def test_json_has_every_run_with_its_seed_and_the_criterion(tmp_path, capsys):
    path = session(tmp_path, "tanh")
    code, out, _ = run(capsys, "lottery", path, "--runs", 10, "--epochs", 120, "--format", "json",
                       "--init", "uniform", "--scale", "0.5", "--first-seed", 40, "--quiet")
    assert code == 0
    doc = json.loads(out)
    assert doc["init"] == {"method": "uniform", "value": 1.0, "scale": 0.5, "seed": 40}
    assert [r["seed"] for r in doc["results"]] == list(range(40, 50))
    assert doc["solved"] == sum(r["solved"] for r in doc["results"])
    assert doc["criterion"].startswith("A run is solved when")
    for r in doc["results"]:
        assert (r["epochs_to_solve"] is None) == (not r["solved"]) == (r["diagnosis"] is not None)


def test_standard_output_holds_only_the_result(tmp_path, capsys):
    code, out, err = run(capsys, "lottery", session(tmp_path), "--runs", 10, "--epochs", 50)
    assert code == 0 and out.startswith("Lottery: 10 runs")
    assert "epochs/s" not in out


def test_bad_arguments_get_one_line_and_exit_2(tmp_path, capsys):
    path = session(tmp_path)
    for argv, fragment in [
        (("--runs", 5, "--epochs", 10), "the number of runs must be from 10 to 10,000"),
        (("--runs", 10, "--epochs", 0), "the number of epochs must be from 1 to 1,000,000"),
        (("--runs", 10, "--epochs", 10, "--scale", -1), "initialization scale must not be negative"),
        (("--runs", 10, "--epochs", 10, "--first-seed", -3), "seed must be a whole number"),
        (("--runs", 10, "--epochs", 10, "--precision", 12), "decimals must be from 2 to 8"),
    ]:
        code, out, err = run(capsys, "lottery", path, *argv)
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.startswith("xorgui: error: ") and fragment in err and len(err.strip().splitlines()) == 1


def test_a_constant_initialization_is_refused_with_the_way_out(tmp_path, capsys):
    path = session(tmp_path, "article")
    code, _, err = run(capsys, "lottery", path, "--epochs", 10)
    assert code == 2
    assert "constant initialization gives every seed the same weights" in err and "--init xavier" in err
    code, out, _ = run(capsys, "lottery", path, "--epochs", 10, "--runs", 10, "--init", "xavier", "--quiet")
    assert code == 0 and "random initialization (Xavier/Glorot uniform)" in out and "Linear network" in out


def test_unknown_init_and_missing_epochs_are_usage_errors(tmp_path, capsys):
    path = session(tmp_path)
    code, _, err = run(capsys, "lottery", path, "--epochs", 10, "--init", "constant")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "lottery", path)
    assert code == 2 and "--epochs" in err


def test_one_epoch_is_too_few_to_call_a_loss_still_falling(tmp_path, capsys):
    # a plateau needs 200 epochs to be judged: after 1 epoch no run may be said to be "still improving"
    code, out, _ = run(capsys, "lottery", session(tmp_path), "--runs", 10, "--epochs", 1, "--quiet")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("seeds 1–10, 1 epoch")
    assert "Not solved yet" not in out
    assert any(line.strip().startswith("Too few epochs to tell") for line in lines)

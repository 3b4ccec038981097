"""`xorgui walkthrough`: it follows the session's batch mode, says which it is doing, and its
numbers are the trainer's own (a batch walkthrough ends where `xorgui train --epochs 1` does)."""

import json

import numpy as np
import pytest

from xorgui.core import TrainingConfig
from xorgui.core import sessionfile as sf
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset

from .test_cli import assert_one_line_error, assert_usage_error, run, write_doc


def new(tmp_path, capsys, preset, name="s.json", **training):
    path = tmp_path / name
    assert run(capsys, "new", "--out", path, "--preset", preset)[0] == 0
    if training:
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["training"].update(training)
        write_doc(path, doc)
    return path


def walk_json(capsys, path, *args):
    code, out, err = run(capsys, "walkthrough", path, "--format", "json", *args)
    assert code == 0 and err == "", err
    return json.loads(out)


def trained_one_epoch(capsys, path, tmp_path):
    out = tmp_path / "trained.json"
    assert run(capsys, "train", path, "--epochs", 1, "--out", out, "--quiet")[0] == 0
    return sf.load(out).network.weights


@pytest.fixture
def article(tmp_path, capsys):
    return new(tmp_path, capsys, "article", "article.json")


@pytest.fixture
def seed(tmp_path, capsys):
    return new(tmp_path, capsys, "seed", "seed.json")


# -- online: the article's step ------------------------------------------------------------------------
def test_online_session_text_is_the_articles_step_corrected(article, capsys):
    code, out, err = run(capsys, "walkthrough", article)
    assert code == 0 and err == ""
    lines = [line.strip() for line in out.splitlines()]
    assert lines[1] == ("Online: one update on sample 0, as this session trains (it updates the weights "
                        "after every sample).")
    for expected in ["a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1",
                     "ŷ = z_D0 = f(a_D0) = f(4) = 4", "y − ŷ = 0 − 4 = −4",
                     "δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4",
                     "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6", "W11 := W11 − α·∂L/∂W11 = 1 − 0.1·0 = 1",
                     "ŷ_new = z_D0 through the new weights = 1.68",
                     "L_new = ½·(ŷ_new − y)² = ½·(1.68 − 0)² = 1.4112"]:
        assert expected in lines, expected
    assert sf.load(article).network.weights[0].tolist() == [[1.0] * 3] * 3  # the file is not changed
    # the command line has no diagram to point at (phase 8 said "the diagram now shows this forward pass")
    assert "diagram" not in out and "This sample again, forward through the new weights." in out


def test_online_session_json(article, capsys, tmp_path):
    doc = walk_json(capsys, article)
    assert doc["mode"] == "online" and doc["description"].startswith("Online: one update on sample 0")
    assert doc["weights_before"] == [[[1, 1, 1]] * 3, [[1, 1, 1, 1]]]
    assert doc["weights_after"] == [[[0.6, 1, 1]] * 3, [[0.6, 0.6, 0.6, 0.6]]]
    (step,) = doc["steps"]
    assert step["forward"][0]["a"] == [1, 1, 1] and step["forward"][1]["z"] == [4]
    assert step["deltas"][1]["delta"] == [4] and step["deltas"][0]["delta"] == [4, 4, 4]
    assert step["gradients"] == [[[4, 0, 0]] * 3, [[4, 4, 4, 4]]]
    assert step["loss"] == 8 and step["error"] == [-4]
    (update,) = doc["updates"]
    trainer = make_preset("article")
    trainer.step_sample()  # what the window's first Step does
    assert doc["weights_after"] == [w.tolist() for w in trainer.network.weights]
    assert update["outputs_after"] == trainer.network.forward(trainer.data.inputs[:1]).output.tolist()


def test_online_session_other_sample(article, capsys):
    doc = walk_json(capsys, article, "--sample", "3")
    step = doc["steps"][0]
    assert step["sample"] == 3 and step["inputs"] == [1, 1] and step["target"] == [0]
    assert step["forward"][1]["z"] == [10] and step["loss"] == 50
    assert doc["weights_after"][1] == [[0.0, -2.0, -2.0, -2.0]]


OTHER_SAMPLE = ("One online step on sample {s} with the weights as they are now: this session steps sample {n} "
                "next and reaches sample {s} only after other samples' updates, so this shows one sample's "
                "arithmetic, not its training step.")


def test_online_session_other_sample_is_not_its_training_step(article, capsys, tmp_path):
    # the session steps sample 0 next: its own step on sample 3 comes after three updates with other weights
    code, out, err = run(capsys, "walkthrough", article, "--sample", "3")
    assert code == 0 and err == ""
    assert out.splitlines()[1] == OTHER_SAMPLE.format(s=3, n=0)
    stepped = tmp_path / "stepped.json"
    trainer = sf.load(article)
    trainer.step_sample()  # the window's first Step: sample 1 is next
    sf.save(trainer, stepped)
    assert walk_json(capsys, stepped, "--sample", "0")["description"] == OTHER_SAMPLE.format(s=0, n=1)
    for args in (["--sample", "1"], []):  # the sample it steps next: its training step, default or named
        doc = walk_json(capsys, stepped, *args)
        assert doc["steps"][0]["sample"] == 1
        assert doc["description"] == ("Online: one update on sample 1, as this session trains (it updates the "
                                      "weights after every sample).")


# -- full batch: the seed's epoch ------------------------------------------------------------------------
def test_full_batch_walkthrough_ends_where_one_trained_epoch_does(seed, capsys, tmp_path):
    doc = walk_json(capsys, seed)
    assert doc["mode"] == "full batch"
    assert doc["description"].startswith("Full batch: the gradients of all 4 samples are summed")
    assert [s["sample"] for s in doc["steps"]] == [0, 1, 2, 3]
    assert [s["batch_position"] for s in doc["steps"]] == [[1, 4], [2, 4], [3, 4], [4, 4]]
    (update,) = doc["updates"]
    assert update["samples"] == [0, 1, 2, 3]
    assert update["losses"] == [8, 18, 18, 50] and update["mean_loss"] == 23.5  # the batch's mean, not 50
    assert update["gradients"] == [[[6.5, 4, 4]] * 3, [[6.5, 14.5, 14.5, 14.5]]]
    trained = trained_one_epoch(capsys, seed, tmp_path)
    for got, want in zip(doc["weights_after"], trained):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)
    np.testing.assert_allclose(doc["weights_after"][1], [[0.35, -0.45, -0.45, -0.45]], atol=1e-15)
    t = sf.load(seed)
    t.run_epochs(1)
    assert update["mean_loss_after"] == pytest.approx(t.history.last(), rel=1e-14)


def test_full_batch_text_says_so_and_reports_the_mean_loss(seed, capsys):
    code, out, err = run(capsys, "walkthrough", seed)
    assert code == 0
    assert out.splitlines()[1].startswith("Full batch: the gradients of all 4 samples are summed, then every "
                                          "weight moves once by the mean gradient")
    assert "Σ∂L/∂V00 = Σ so far + ∂L/∂V00 = 16 + 10 = 26" in out
    assert "V01 := V01 − α·Σ∂L/∂V01 / 4 = 1 − 0.1·58 / 4 = −0.45" in out
    assert "J = (1/4)·Σ L = (8 + 18 + 18 + 50) / 4 = 23.5" in out
    t = sf.load(seed)
    t.run_epochs(1)
    assert out.rstrip().endswith(f"13 of 13 weights changed; the batch's mean loss J went from 23.5 to "
                                 f"{fmt(t.history.last())}.")
    assert out.count("No weight changed yet") == 3


@pytest.mark.parametrize("batch_size,shuffle", [(2, False), (3, False), (2, True)])
def test_mini_batch_walkthrough_is_one_trained_epoch(tmp_path, capsys, batch_size, shuffle):
    path = new(tmp_path, capsys, "sigmoid", batch_size=batch_size, shuffle=shuffle, shuffle_seed=5)
    doc = walk_json(capsys, path)
    assert doc["mode"] == f"mini-batch of {batch_size}"
    assert doc["description"].startswith(f"Mini-batch of {batch_size}:")
    assert len(doc["updates"]) == -(-4 // batch_size)
    assert sorted(s["sample"] for s in doc["steps"]) == [0, 1, 2, 3]
    assert sum((u["samples"] for u in doc["updates"]), []) == [s["sample"] for s in doc["steps"]]
    trained = trained_one_epoch(capsys, path, tmp_path)
    for got, want in zip(doc["weights_after"], trained):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def test_a_mini_batch_session_saved_mid_epoch_counts_the_updates_left(tmp_path, capsys):
    # batches of 2 on 4 samples, 3 samples stepped: the walk finishes the epoch with 1 of its 2 updates
    from dataclasses import replace

    t = make_preset("sigmoid")
    t.set_config(replace(t.config, batch_size=2))
    for _ in range(3):
        t.step_sample()
    path = tmp_path / "mid.json"
    sf.save(t, path)
    doc = walk_json(capsys, path)
    assert len(doc["updates"]) == 1
    assert doc["description"].endswith("after its last sample: 1 update of the epoch's 2 is left (it is under way), "
                                       "as `xorgui train --epochs 1` finishes it.")
    assert walk_json(capsys, new(tmp_path, capsys, "sigmoid", batch_size=2))["description"].endswith(
        "after its last sample: 2 updates make the epoch, as `xorgui train --epochs 1` does.")


def test_regularized_full_batch_walkthrough_equals_training(tmp_path, capsys):
    path = new(tmp_path, capsys, "seed", regularization="l2", regularization_rate=0.1)
    doc = walk_json(capsys, path)
    assert doc["regularization"] == "l2" and doc["regularization_rate"] == 0.1
    assert doc["updates"][0]["regularization"][1] == [[0, 0.1, 0.1, 0.1]]
    for got, want in zip(doc["weights_after"], trained_one_epoch(capsys, path, tmp_path)):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)


# -- --online on a batch session ----------------------------------------------------------------------------
def test_online_flag_forces_one_step_on_the_sample(seed, capsys):
    doc = walk_json(capsys, seed, "--online", "--sample", "1")
    assert doc["mode"] == "online" and len(doc["steps"]) == 1 and doc["steps"][0]["sample"] == 1
    assert "this session itself trains in full batch" in doc["description"]
    expected = make_preset("seed").trace(1).weights_after
    assert doc["weights_after"] == [w.tolist() for w in expected]
    code, out, _ = run(capsys, "walkthrough", seed, "--online")
    assert out.splitlines()[1].startswith("One online step on sample 0 alone (--online)")


def test_sample_without_online_on_a_batch_session_is_refused(seed, capsys):
    code, out, err = run(capsys, "walkthrough", seed, "--sample", "2")
    assert_one_line_error(code, err, "--online")
    assert out == ""


def test_markdown(article, capsys):
    code, out, err = run(capsys, "walkthrough", article, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Back-propagation worked by hand\n\nOnline: one update on sample 0")
    assert "`W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6`" in out


def test_precision(tmp_path, capsys):
    src = new(tmp_path, capsys, "sigmoid")
    t = sf.load(src)
    t.set_config(TrainingConfig(learning_rate=t.config.learning_rate, batch_size=1))
    tr = t.trace(0)
    code, out, _ = run(capsys, "walkthrough", src, "--online", "--precision", "8")
    assert code == 0
    assert f"ŷ = z_D0 = f(a_D0) = f({fmt(tr.a[1][0], 8)}) = {fmt(tr.z[1][0], 8)}" in out


def test_json_of_an_overflowing_step_is_valid_json(tmp_path, capsys):
    doc = sf.default_document()
    doc["network"]["weights"] = [[[1e200] * 3] * 3, [[1e200] * 4]]
    src = write_doc(tmp_path / "s.json", doc)
    code, out, err = run(capsys, "walkthrough", src, "--format", "json", "--online", "--sample", "3")
    assert code == 0 and "Traceback" not in err
    def refuse(token):
        raise AssertionError(f"{token} is not JSON")

    parsed = json.loads(out, parse_constant=refuse)  # strict JSON: no Infinity / NaN tokens
    assert parsed["steps"][0]["loss"] is None and parsed["updates"][0]["losses_after"] == [None]
    assert "∞" in " ".join(line for p in parsed["phases"] for line in p["lines"])  # the text shows them


@pytest.mark.parametrize("args,fragment", [
    (["--sample", "4"], "--sample"),
    (["--sample", "-1"], "--sample"),
    (["--precision", "1"], "--precision"),
    (["--precision", "13"], "--precision"),
])
def test_bad_values(article, capsys, args, fragment):
    code, out, err = run(capsys, "walkthrough", article, *args)
    assert_one_line_error(code, err, fragment)
    assert out == ""


@pytest.mark.parametrize("args,fragment", [
    (["--format", "xml"], "--format"),
    (["--sample", "x"], "--sample"),
    (["--bogus"], "--bogus"),
])
def test_bad_arguments(article, capsys, args, fragment):
    code, out, err = run(capsys, "walkthrough", article, *args)
    assert_usage_error(code, err, fragment)


@pytest.mark.parametrize("batch_size, stepped, says", [
    (4, 2, "Full batch: the gradients of all 4 samples are summed (the first 2 already are: their sums are the Σ so "
           "far below), then every weight moves once by the mean gradient, as `xorgui train --epochs 1` finishes it."),
    (2, 1, "Mini-batch of 2: the gradients of each batch's samples are summed (of the batch under way, the first "
           "already is: its sums are the Σ so far below) and the weights move by the batch's mean gradient after its "
           "last sample: 2 updates of the epoch's 2 are left (it is under way), as `xorgui train --epochs 1` "
           "finishes it."),
])
def test_a_session_saved_mid_batch_says_its_first_samples_are_summed_already(tmp_path, capsys, batch_size, stepped,
                                                                            says):
    # the walk starts at sample 2 (or 1) from the saved sums: it said "all 4 samples are summed", as
    # if it summed them here, and "2 updates make the epoch" of an epoch under way
    from dataclasses import replace

    t = make_preset("sigmoid")
    t.set_config(replace(t.config, batch_size=batch_size))
    for _ in range(stepped):
        t.step_sample()
    path = tmp_path / "mid.json"
    sf.save(t, path)
    doc = walk_json(capsys, path)
    assert doc["description"] == says
    assert doc["steps"][0]["sample"] == stepped
    # the first update is the whole batch's, the samples summed before the save included: its
    # losses and mean are theirs too (they were of the samples stepped here only), as its J line says
    first = doc["updates"][0]
    batch = list(range(batch_size))
    assert first["samples"] == batch
    x, y = t.data.inputs[batch], t.data.targets[batch]
    losses = 0.5 * ((t.network.forward(x).z[-1] - y) ** 2).sum(axis=1)  # the preset's squared error
    assert first["losses"] == pytest.approx(list(losses), rel=1e-12)
    assert first["mean_loss"] == pytest.approx(float(np.mean(losses)), rel=1e-12)

"""`xorgui train`, `xorgui diagnose` and the window name one divergence: the history's (its first
epoch), the run's watch only when the history cannot (core.divergence.named)."""

from xorgui.cli import main
from xorgui.core import sessionfile as sf


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def diverged_at_3(tmp_path):
    """Online at α = 0.5, 3 epochs trained (as the window does: it saves a diverged run):
    losses 1.75, 140.1, 1.946e114 with finite weights; the rule fires at epoch 3."""
    doc = sf.default_document()
    doc["training"]["batch_size"] = 1
    doc["training"]["learning_rate"] = 0.5
    trainer = sf.from_dict(doc)
    trainer.run_epochs(3)
    path = tmp_path / "div3.xorgui"
    sf.save(trainer, path)
    return path


def test_train_names_the_divergence_the_history_is_in_as_diagnose_does(tmp_path, capsys):
    path = diverged_at_3(tmp_path)
    code, out, _ = run(capsys, "diagnose", path)
    assert "Training diverged at epoch 3" in out
    code, out, err = run(capsys, "train", path, "--epochs", 5)
    # this run's watch fires at epoch 4 (NaN), but the run was already diverged from epoch 3
    assert code == 1
    assert err.strip() == "xorgui: training diverged at epoch 3 (loss 1.946e114)"  # no --out: nothing to say of it

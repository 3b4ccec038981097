"""The exported Python script, run as ``python FILE`` runs it, prints the engine's numbers (1e-12). It
runs in the test's process (``run_python``); tests/core/test_cli_export.py runs one in a real
interpreter, among the process tests (``-m process``)."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import naming
from xorgui.core.data import Dataset
from xorgui.core.datasets import DataSource, build
from xorgui.core.export_script import ACTIVATION_CODE, LOSS_CODE, REGULARIZER_CODE, python_script
from xorgui.core.activations import ACTIVATIONS
from xorgui.core.init import Initialization
from xorgui.core.losses import LOSSES
from xorgui.core.network import Network
from xorgui.core.presets import make_preset
from xorgui.core.regularizers import REGULARIZERS
from xorgui.core.training import Trainer, TrainingConfig
from xorgui.core.walkthrough_render import work

from .saturation import output_at

EPOCHS = 12


def _minibatch_l2():
    t = make_preset("sigmoid")  # 4 samples in batches of 3: a batch of 3, then one of 1
    config = replace(t.config, batch_size=3, shuffle=True, shuffle_seed=7, regularization="l2",
                     regularization_rate=0.01)
    return Trainer(t.network, t.data, config, t.init, epoch=5)  # the shuffled orders depend on the epoch


def _two_outputs():
    layers = [2, 3, 2]
    data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.25]], [[0, 1], [1, 0], [1, 0], [0, 1], [0.5, 0.5]])
    t = Trainer(Network(layers, ["tanh", "identity"], Initialization("uniform", seed=4).make(layers)), data,
                TrainingConfig(learning_rate=0.05, batch_size=2, regularization="l1", regularization_rate=0.001))
    return t


def _library(name: str, layers, activations, **config):
    """A session on a dataset of the library (any shape: the exports read it from the trainer)."""
    source = DataSource(name, {"size": 60} if name == "circle" else {}, 0.2 if name == "circle" else 0.0, 1)
    train, test = build(source)
    return Trainer(Network(layers, activations, Initialization("xavier", seed=5).make(layers)), train,
                   TrainingConfig(**config), test_data=test, source=source)


SESSIONS = {
    "article": lambda: make_preset("article"),  # the default: online, identity units
    "tanh": lambda: make_preset("tanh"),  # full batch, cross-entropy
    "deep": lambda: make_preset("deep"),  # 2-4-4-1, three weight layers, leaky ReLU
    "minibatch_l2": _minibatch_l2,
    "two_outputs": _two_outputs,
    # library data: 3 inputs, batches of 3, 3 and 2 (cross-entropy); the circle's 48 training samples
    # (12 kept for testing), shuffled mini-batches of 16
    "parity3": lambda: _library("parity3", [3, 4, 3, 1], ["tanh", "tanh", "sigmoid"], learning_rate=0.3,
                                batch_size=3, loss="cross_entropy"),
    "circle": lambda: _library("circle", [2, 5, 1], ["relu", "sigmoid"], learning_rate=0.2, batch_size=16,
                               shuffle=True, shuffle_seed=3),
}


def run_script(source: str, tmp_path, run_python) -> list[tuple[str, str, float]]:
    path = tmp_path / "exported.py"
    path.write_text(source, encoding="utf-8")
    rows = []
    for line in run_python(path).splitlines():
        if not line or line.startswith("#"):
            continue
        name_op, value = line.rsplit(" ", 1)
        name, op = name_op.rsplit(" ", 1)
        rows.append((name, op, float(value)))
    return rows


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


@pytest.mark.parametrize("session", SESSIONS)
def test_script_prints_the_walkthrough_and_the_training_of_the_engine(session, tmp_path, run_python):
    trainer = SESSIONS[session]()
    rows = run_script(python_script(trainer, epochs=EPOCHS), tmp_path, run_python)

    walk = work(trainer, online_sample=trainer.next_sample if trainer.batch_size == 1 else None)
    expected = [(eq.target, eq.op, eq.value) for step in walk.steps for phase in step.phases
                for eq in phase.equations]
    got, rest = rows[:len(expected)], rows[len(expected):]
    assert [(n, op) for n, op, _ in got] == [(n, op) for n, op, _ in expected]
    bad = [(n, v, e) for (n, _, v), (_, _, e) in zip(got, expected) if not close(v, e)]
    assert not bad

    trainer.run_epochs(EPOCHS)
    losses = [(n, v) for n, _, v in rest if n.startswith("J after epoch")]
    first = trainer.epoch - EPOCHS
    assert [n for n, _ in losses] == [f"J after epoch {first + e}" for e in range(1, EPOCHS + 1)]
    assert all(close(v, e) for (_, v), e in zip(losses, trainer.history.values[-EPOCHS:]))
    weights = rest[len(losses):]
    names = [n for layer in naming.weight_names(trainer.network.layers) for row in layer for n in row]
    assert [n for n, _, _ in weights] == names
    engine = np.concatenate([w.ravel() for w in trainer.network.weights])
    assert all(close(v, e) for (_, _, v), e in zip(weights, engine))


def test_an_edited_weight_in_the_script_changes_its_numbers_like_the_engine(tmp_path, run_python):
    """A learner edits WEIGHTS in the file: the script follows (nothing is baked in but the data)."""
    trainer = make_preset("article")
    source = python_script(trainer, epochs=1).replace(
        "[1.0, 1.0, 1.0],  # W10 W11 W12", "[1.0, -0.5, 1.0],  # W10 W11 W12")
    rows = dict((n, v) for n, _, v in run_script(source, tmp_path, run_python))
    trainer.set_weight(0, 0, 1, -0.5)
    walk = work(trainer, online_sample=0)
    values = {eq.target: eq.value for ph in walk.steps[0].phases for eq in ph.equations}
    assert rows["L_new"] == pytest.approx(values["L_new"], abs=1e-12)


def test_every_registered_function_can_be_exported():
    """A new activation, loss or regularizer must be written out here too (or say it cannot)."""
    assert set(ACTIVATIONS) <= set(ACTIVATION_CODE)
    assert set(LOSSES) <= set(LOSS_CODE)
    assert set(REGULARIZERS) <= set(REGULARIZER_CODE)


def test_script_uses_numpy_only_and_says_what_it_does():
    source = python_script(make_preset("article"))
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports == {"sys", "numpy"}
    assert "xorgui walkthrough FILE" in source and "EPOCHS = 100" in source
    assert "# W10 W11 W12" in source  # the diagram's names beside the numbers


@pytest.mark.parametrize("name", ['run """ one', 'a""', '"quoted"', "C:\\Users\\xorgui run", "x\\N{", "tab\there", "nul\x00", "é 😀"])
def test_any_session_name_gives_a_script_that_runs(name, tmp_path, run_python):
    """A name is any text (docs/session-format.md); in the docstring a triple quote or a backslash
    made the whole script a SyntaxError."""
    trainer = make_preset("article")
    trainer.name = name
    source = python_script(trainer, epochs=1)
    compile(source, "exported.py", "exec")
    assert run_script(source, tmp_path, run_python)[-1][0] == "V03"
    assert "# weights after 1 epoch\n" in run_python(tmp_path / "exported.py")  # not "1 epochs"


def test_a_diverged_weight_is_written_as_python_reads_it(tmp_path, run_python):
    """A step that overflows leaves inf and nan in the weights; the script wrote them as 'nan',
    a NameError when run, while the window said it exported it."""
    trainer = make_preset("article")
    trainer.network.set_weights([np.full_like(w, np.inf) if l == 0 else w for l, w in enumerate(trainer.network.weights)])
    trainer.network.weights[1][0, 1] = np.nan
    source = python_script(trainer, epochs=1)
    assert "float('inf')" in source and "float('nan')" in source
    rows = dict((n, v) for n, _, v in run_script(source, tmp_path, run_python))
    assert np.isnan(rows["V01"])


@pytest.mark.parametrize("loss, output", [("squared", "sigmoid"), ("squared", "tanh"), ("cross_entropy", "sigmoid")])
def test_a_saturated_output_prints_its_tiny_error_loss_and_delta_as_the_walkthrough(loss, output, tmp_path,
                                                                                    run_python):
    # the output's bias at 40: ŷ rounds to 1, and for the target 1 the script printed y − ŷ = 0 where the
    # walkthrough (and the engine) have σ(−40) = 4.248e−18 (3.6e−35 for tanh): every tiny number within
    # a relative 1e−12 of the walkthrough's
    t = output_at(40.0)
    w = t.network.copy_weights()
    trainer = Trainer(Network([2, 3, 1], ["sigmoid", output], w), t.data,
                      TrainingConfig(learning_rate=0.5, batch_size=1, loss=loss))
    trainer.step_sample()  # sample 1 next: its target is 1
    rows = run_script(python_script(trainer, epochs=1), tmp_path, run_python)
    walk = work(trainer, online_sample=1)
    expected = {eq.target: eq.value for phase in walk.steps[0].phases for eq in phase.equations}
    printed = {n: v for n, _, v in rows}
    for name in ("y − ŷ", "L", "δ_D0", "∂L/∂V00"):
        assert expected[name] != 0.0 and printed[name] == pytest.approx(expected[name], rel=1e-12, abs=0), name

"""The session file's data section (version 3): source, split, test rows; migration of versions 1 and 2."""

import json

import numpy as np
import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.datasets import DataSource, build
from xorgui.core.init import Initialization
from xorgui.core.network import Network
from xorgui.core.training import Trainer, TrainingConfig

WEIGHTS_231 = [[[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, 1, 1, 1]]]


def old_file(version: int, inputs, targets) -> dict:
    """A document exactly as version 1 or 2 wrote it: data is its rows, nothing more."""
    doc = {
        "format": "xorgui-session", "version": version, "name": "old", "notes": "",
        "network": {"layers": [len(inputs[0]), 3, len(targets[0])], "activations": ["sigmoid", "sigmoid"],
                    "weights": [[[0.5] * (1 + len(inputs[0]))] * 3, [[0.5] * 4] * len(targets[0])]},
        "training": {"learning_rate": 0.5, "loss": "squared", "batch_size": None, "regularization": "none",
                     "regularization_rate": 0.0, "shuffle": False, "shuffle_seed": 0, "epoch": 2},
        "initialization": {"method": "constant", "value": 1.0, "scale": 1.0, "seed": 0},
        "data": {"inputs": inputs, "targets": targets},
        "markers": [],
    }
    doc["history"] = [0.3, 0.2] if version == 1 else {
        "encoding": "base64 float64 little-endian", "epochs": 2, "bucket": 0,
        "head": sf.history_to_dict(_history([0.3, 0.2]))["head"]}
    return doc


def _history(values):
    from xorgui.core.history import History
    return History(values)


XOR = ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]])
OWN = ([[0.5, 2], [1, -1], [3, 3]], [[1], [0], [0.25]])


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("rows, source", [(XOR, "xor"), (OWN, "rows")])
def test_older_files_migrate_with_their_rows_a_source_and_no_test_set(tmp_path, version, rows, source):
    path = tmp_path / f"v{version}.json"
    path.write_text(json.dumps(old_file(version, *rows)))
    t = sf.load(path)
    assert t.data.inputs.tolist() == rows[0] and t.data.targets.tolist() == rows[1]
    assert t.test_data is None and t.source == DataSource(source)
    assert t.history.values.tolist() == [0.3, 0.2] and t.epoch == 2
    sf.save(t, path)  # written back as version 3, then read back the same
    doc = json.loads(path.read_text())
    assert doc["version"] == 3
    assert doc["data"]["source"] == {"name": source} and doc["data"]["split"] == {"test_fraction": 0.0, "seed": 0}
    assert "test_inputs" not in doc["data"]
    again = sf.load(path)
    assert np.array_equal(again.data.inputs, t.data.inputs) and again.source == t.source
    assert again.history.values.tolist() == [0.3, 0.2]


def spiral_trainer() -> Trainer:
    source = DataSource("spiral", {"size": 50, "noise": 0.05, "seed": 4}, 0.2, 9)
    train, test = build(source)
    init = Initialization("xavier", seed=2)
    return Trainer(Network([2, 4, 1], ["tanh", "sigmoid"], init.make([2, 4, 1])), train,
                   TrainingConfig(learning_rate=0.3), init, test_data=test, source=source)


def test_a_library_set_with_a_split_round_trips_exactly(tmp_path):
    t = spiral_trainer()
    sf.save(t, tmp_path / "s.json")
    doc = json.loads((tmp_path / "s.json").read_text())
    assert doc["data"]["source"] == {"name": "spiral", "size": 50, "noise": 0.05, "seed": 4}
    assert doc["data"]["split"] == {"test_fraction": 0.2, "seed": 9}
    assert len(doc["data"]["inputs"]) == 40 and len(doc["data"]["test_inputs"]) == 10
    back = sf.load(tmp_path / "s.json")
    assert back.source == t.source
    for a, b in ((back.data, t.data), (back.test_data, t.test_data)):
        assert np.array_equal(a.inputs, b.inputs) and np.array_equal(a.targets, b.targets)


def test_a_file_may_describe_a_library_set_without_its_rows():
    doc = sf.to_dict(spiral_trainer())
    for key in ("inputs", "targets", "test_inputs", "test_targets"):
        del doc["data"][key]
    t = sf.from_dict(doc)
    ref = spiral_trainer()
    assert np.array_equal(t.data.inputs, ref.data.inputs) and np.array_equal(t.test_data.targets, ref.test_data.targets)


def test_rows_win_over_the_description():
    """The rows are what trained: a file's rows are used even if the generator changed since."""
    doc = sf.to_dict(spiral_trainer())
    doc["data"]["inputs"][0] = [0.123, 0.456]
    assert sf.from_dict(doc).data.inputs[0].tolist() == [0.123, 0.456]


def test_test_rows_without_a_source_are_kept_with_their_share():
    doc = sf.to_dict(spiral_trainer())
    del doc["data"]["source"], doc["data"]["split"]
    t = sf.from_dict(doc)
    assert len(t.test_data) == 10 and t.source == DataSource("rows", {}, 0.2, 0)


def document_with(path, value):
    doc = sf.to_dict(spiral_trainer())
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize("path, value, message", [
    (("data", "source", "name"), "moons", 'data.source.name: unknown dataset "moons"; choose one of rows, and,'),
    (("data", "source", "name"), 3, "data.source.name: expected text, got 3"),
    (("data", "source", "size"), 3, "data.source: size must be from 4 to 10000, got 3"),
    (("data", "source", "colour"), 1, "data.source: spiral has no parameter 'colour'"),
    (("data", "split", "test_fraction"), 0.95, "data.split: the test fraction must be from 0 to 0.9"),
    (("data", "split", "test_fraction"), "a", 'data.split.test_fraction: expected a whole number or a number, got "a"'),
    (("data", "split", "seed"), -1, "data.split.seed: expected a whole number from 0 to 2^63 − 1, got -1"),
    (("data", "split", "seed"), 1.5, "data.split.seed: expected a whole number, got 1.5"),
    (("data", "test_inputs"), [[0, 0]], "data.test_targets: expected 1 rows, got 10"),
    (("data", "test_inputs", 2), [0], "data.test_inputs[2]: expected a row of 2 numbers, got 1"),
    (("data", "test_targets", 0), ["x"], 'data.test_targets[0][0]: expected a finite number, got "x"'),
    (("data", "test_inputs"), [], "data.test_inputs: need 1 to 10000 samples, got 0"),
    (("data", "test_targets", 0), [2], "network/training: the squared"),
])
def test_bad_data_sections_name_the_field(path, value, message):
    doc = document_with(path, value)
    if message.startswith("network/training"):  # squared error takes any target: make it cross-entropy
        doc["training"]["loss"] = "cross_entropy"
        message = "network/training: the cross-entropy loss needs targets between 0 and 1"
    with pytest.raises(sf.SessionError) as exc:
        sf.from_dict(doc)
    assert str(exc.value).startswith(message)


def test_a_described_set_must_fit_the_network():
    doc = sf.to_dict(spiral_trainer())
    doc["data"] = {"source": {"name": "parity3"}}
    with pytest.raises(sf.SessionError, match="data.source: parity3 has 3 inputs and 1 targets, the network 2 inputs"):
        sf.from_dict(doc)


def test_an_older_file_ignores_keys_it_could_not_have_had():
    doc = old_file(2, *XOR)
    doc["data"]["test_inputs"] = [[5, 5]]  # not a version 2 key: ignored, like any unknown key
    assert sf.from_dict(doc).test_data is None

"""Hostile session files: every one loads or fails with a short SessionError, in bounded memory.

Memory is measured with tracemalloc (numpy reports its buffers to it): the peak while
loading must stay within a small multiple of the file's size plus a constant.
"""

import json
import tracemalloc

import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.sessionfile import SessionError

MiB = 2**20


def v1_document(epoch: int, history: list) -> str:
    d = sf.default_document()
    d["version"] = 1
    d["training"]["epoch"] = epoch
    d["history"] = history
    return json.dumps(d)


def load_measured(raw):
    """(trainer or SessionError, peak bytes allocated while loading)."""
    tracemalloc.start()
    try:
        try:
            result = sf.loads(raw)
        except SessionError as exc:
            result = exc
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def bounded(raw) -> int:
    return 12 * len(raw) + 12 * MiB


@pytest.mark.parametrize("epoch", [52_000_000, 10**12, 2**53 - 1])
def test_a_huge_epoch_count_with_a_short_history_loads_in_bounded_memory(tmp_path, epoch):
    """421 bytes with epoch 1e12 used to allocate 7.28 TiB (NaN for every unknown loss)."""
    raw = v1_document(epoch, [0.5, 0.25])
    assert len(raw) < 500
    trainer, peak = load_measured(raw)
    assert not isinstance(trainer, Exception), trainer
    assert trainer.epoch == epoch and len(trainer.history) == epoch and trainer.history.last() == 0.25
    assert peak < bounded(raw)
    path = tmp_path / "big.json"
    sf.save(trainer, path)  # and it saves small and reopens
    assert path.stat().st_size < 3 * MiB and sf.load(path).epoch == epoch
    trainer.run_epochs(3)
    assert trainer.epoch == epoch + 3


def deepest_parseable() -> int:
    """The deepest nesting json.loads accepts here (985-994 from a plain script)."""
    depth = 1000
    while depth > 0:
        try:
            json.loads("[" * depth + "]" * depth)
            return depth
        except RecursionError:
            depth -= 3
    return depth


@pytest.mark.parametrize("field", ["format", "layers", "weight", "history", "marker"])
def test_deep_nesting_that_parses_is_a_named_error(field):
    """Nesting just under the parser's limit used to raise RecursionError while the message
    (which printed the value) was built."""
    depth = deepest_parseable() - 6  # the value sits 2-5 levels down in the document
    nested = "[" * depth + "]" * depth
    d = sf.default_document()
    if field == "history":
        d["version"], d["training"]["epoch"], d["history"] = 1, 2, [0.5, "NESTED"]
    if field == "marker":
        d["markers"] = [{"epoch": "NESTED", "label": "x"}]
    raw = json.dumps(d)
    raw = {"format": raw.replace('"xorgui-session"', '"NESTED"'),
           "layers": raw.replace("[2, 3, 1]", '[2, "NESTED", 1]'),
           "weight": raw.replace("[1, 1, 1, 1]", '[1, 1, "NESTED", 1]')}.get(field, raw)
    raw = raw.replace('"NESTED"', nested)
    json.loads(raw)  # it parses
    result, peak = load_measured(raw)
    assert isinstance(result, SessionError)
    message = str(result)
    assert "a list of 1 item" in message and len(message) < 200 and "\n" not in message


@pytest.mark.parametrize("case", ["epoch", "weight", "learning_rate"])
def test_huge_numbers_are_named_errors(case):
    d = sf.default_document()
    big = "9" * 4000  # under the 4300-digit limit of int(): parses, cannot be a float
    raw = json.dumps(d)
    raw = {"epoch": raw.replace('"epoch": 0', f'"epoch": {big}'),
           "weight": raw.replace("[1, 1, 1, 1]", f"[1, 1, {big}, 1]"),
           "learning_rate": raw.replace('"learning_rate": 0.1', f'"learning_rate": {big}.5e99999')}[case]
    result, peak = load_measured(raw)
    assert isinstance(result, SessionError)
    assert len(str(result)) < 200 and peak < bounded(raw)


@pytest.mark.parametrize("field", ["format", "name", "loss", "label"])
def test_huge_strings_are_refused_with_a_short_message(field):
    text = "ä" * MiB
    d = sf.default_document()
    if field == "label":
        d["markers"] = [{"epoch": 0, "label": text}]
    else:
        target = d["training"] if field == "loss" else d
        target[field] = text
    raw = json.dumps(d, ensure_ascii=False).encode()
    result, peak = load_measured(raw)
    assert isinstance(result, SessionError)
    assert len(str(result)) < 200 and peak < bounded(raw)


WHERE = ["layers", "inputs", "weights", "history", "markers", "activations"]


@pytest.mark.parametrize("where", WHERE)
def test_huge_arrays_are_refused_before_their_items_are_read(where):
    """30,000 items: three times the largest list the loader accepts (MAX_SAMPLES samples)."""
    refused_in_bounded_memory(where, 30_000)


@pytest.mark.slow
@pytest.mark.parametrize("where", WHERE)
def test_ten_times_larger_arrays_are_refused_too(where):
    refused_in_bounded_memory(where, 300_000)  # ~3 MB files: parsing under tracemalloc takes seconds


def refused_in_bounded_memory(where: str, n: int) -> None:
    d = sf.default_document()
    if where == "layers":
        d["network"]["layers"] = [2] * n
    elif where == "inputs":
        d["data"]["inputs"] = [[0, 0]] * n
    elif where == "weights":
        d["network"]["weights"][0] = [[1, 1, 1]] * n
    elif where == "history":
        d["version"], d["training"]["epoch"], d["history"] = 1, 10, [0.5] * n
    elif where == "markers":
        d["markers"] = [{"epoch": 1, "label": "x"}] * n
    else:
        d["network"]["activations"] = ["identity"] * n
    raw = json.dumps(d)
    result, peak = load_measured(raw)
    assert isinstance(result, SessionError), where
    assert len(str(result)) < 200 and peak < bounded(raw)


@pytest.mark.slow
def test_a_large_valid_version_1_history_loads_in_bounded_memory():
    n = 1_100_000  # an old file of ~7 MB, past the exact limit
    raw = v1_document(n, [0.25] * n)
    result, peak = load_measured(raw)
    assert not isinstance(result, Exception)
    assert result.history.decimated and result.history.last() == 0.25
    assert peak < bounded(raw)


@pytest.mark.parametrize("filler,what", [
    ('"notes_of_mine": [' + "{}," * 1_000_000 + "{}]", "the file holds 1,000,025 objects and lists, more than a "
                                                      "session has (at most 1,000,000)"),
    ('"notes_of_mine": [' + "0," * 5_000_000 + "0]", "the file holds 5,000,038 commas between values, more than a "
                                                    "session has (at most 5,000,000)"),
])
def test_more_objects_or_values_than_any_session_are_refused_before_parsing(filler, what):
    """A 64 MiB file of 22 million {} in a key xorgui ignores took 1.7 GB to parse (an attacker's audit):
    JSON's objects take ~10 times their text. Counted in the text first, refused in bounded memory."""
    doc = json.dumps(sf.default_document())
    raw = doc[:-1] + ", " + filler + "}"
    result, peak = load_measured(raw)
    assert isinstance(result, SessionError) and what in str(result) and "so it is not a session file" in str(result)
    assert peak < 2 * len(raw) + MiB  # the text and its decoding, nothing parsed


def test_the_largest_session_the_app_writes_is_read_back():
    """Ten layers of 16 units, 10,000 samples of 16 inputs and 16 targets, the 100,000 markers a session
    keeps and notes full of braces and commas: under both counts above, and read back whole."""
    import numpy as np

    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    from xorgui.core.network import MAX_LAYERS, MAX_UNITS
    from xorgui.core.trainer_state import MAX_MARKERS, Marker

    rng = np.random.default_rng(0)
    layers = [MAX_UNITS] * MAX_LAYERS
    init = Initialization("xavier", seed=1)
    t = Trainer(Network(layers, ["sigmoid"] * (MAX_LAYERS - 1), init.make(layers)),
                Dataset(rng.uniform(-1, 1, (10_000, MAX_UNITS)), rng.integers(0, 2, (10_000, MAX_UNITS)).astype(float)),
                TrainingConfig(), init)
    t.markers = [Marker(0, f"W{i % 9}{i % 7} edited, {{again}}", 0.25, True) for i in range(MAX_MARKERS)]
    t.notes = "{[,]}" * (sf.MAX_TEXT // 5)
    raw = json.dumps(sf.to_dict(t))
    assert raw.count("{") + raw.count("[") < sf.MAX_CONTAINERS and raw.count(",") < sf.MAX_VALUES
    back = sf.loads(raw)
    assert len(back.markers) == MAX_MARKERS and back.notes == t.notes and len(back.data) == 10_000


def test_more_markers_than_a_session_keeps_are_refused_and_a_session_keeps_no_more():
    """1,000,000 markers froze the window's Open for 21 s (an attacker's audit)."""
    from xorgui.core import training
    from xorgui.core.presets import make_preset
    from xorgui.core.trainer_state import MAX_MARKERS

    d = sf.default_document()
    d["markers"] = [{"epoch": 0, "label": "x"}] * (MAX_MARKERS + 1)
    with pytest.raises(SessionError, match=r"^markers: 100,001 of them, more than the 100,000 a session keeps$"):
        sf.from_dict(d)
    d["markers"] = d["markers"][1:]
    assert len(sf.from_dict(d).markers) == MAX_MARKERS
    t = make_preset("seed")  # so the app never writes a file it would refuse: the oldest go
    training.MAX_MARKERS, saved = 3, training.MAX_MARKERS
    try:
        for label in "abcde":
            t.add_marker(label)
    finally:
        training.MAX_MARKERS = saved
    assert [m.label for m in t.markers] == ["c", "d", "e"]

"""Session files: round trip, atomic save, and a named error for every kind of bad file."""

import copy
import json
import math
import os

import numpy as np
import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.presets import PRESETS, make_preset
from xorgui.core.history import History
from xorgui.core.sessionfile import SessionError


def doc():
    """The default document with an (empty) version 2 history object."""
    d = copy.deepcopy(sf.default_document())
    d["history"] = sf.history_to_dict(History())
    return d


def v1(d):
    """The same document as version 1 wrote it (history as a list of numbers or null)."""
    d["version"] = 1
    d["history"] = []
    return d


# -- round trip ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_round_trip_fresh_preset(tmp_path, name):
    t = make_preset(name)
    path = tmp_path / "s.json"
    sf.save(t, path)
    assert sf.to_dict(sf.load(path)) == sf.to_dict(t)


@pytest.mark.parametrize("batch", [None, 1, 3])
def test_round_trip_trained_session_is_exact(tmp_path, batch):
    t = make_preset("tanh")
    t.set_config(type(t.config)(learning_rate=0.37, loss="cross_entropy", batch_size=batch,
                                regularization="l2", regularization_rate=0.003, shuffle=True, shuffle_seed=9))
    t.run_epochs(123)
    t.name = "my run ✓"
    t.notes = "line one\nline two, with \"quotes\" and ünïcode"
    path = tmp_path / "s.json"
    sf.save(t, path)
    back = sf.load(path)
    d = sf.to_dict(back)
    assert d == sf.to_dict(t)
    assert d["training"]["epoch"] == 123 and d["history"]["epochs"] == 123
    # bit-exact weights and history
    assert all(np.array_equal(a, b) for a, b in zip(back.network.weights, t.network.weights))
    assert np.array_equal(back.history.values, t.history.values)
    # and it trains on identically
    t.run_epochs(5)
    back.run_epochs(5)
    assert all(np.array_equal(a, b) for a, b in zip(back.network.weights, t.network.weights))


def test_round_trip_of_diverged_history(tmp_path):
    t = make_preset("seed")
    t.set_config(type(t.config)(learning_rate=1000.0))
    t.run_epochs(10)
    assert not np.all(np.isfinite(t.history.values))
    t.network.set_weights([np.ones_like(w) for w in t.network.weights])  # savable weights
    sf.save(t, tmp_path / "d.json")
    back = sf.load(tmp_path / "d.json").history.values
    # the binary encoding keeps inf and nan apart (version 1 stored both as null)
    assert np.array_equal(back, t.history.values, equal_nan=True)
    assert np.isinf(back).any() or np.isnan(back).any()
    # a version 1 history with null (nan) entries loads back as nan
    good = v1(doc())
    good["history"] = [1.0, None, 0.5]
    good["training"]["epoch"] = 3
    h = sf.from_dict(good).history.values
    assert h[0] == 1.0 and math.isnan(h[1]) and h[2] == 0.5


def test_diverged_weights_are_refused_on_save_with_a_session_error(tmp_path):
    t = make_preset("seed")
    t.set_config(type(t.config)(learning_rate=1000.0))
    t.run_epochs(10)
    assert not all(np.all(np.isfinite(w)) for w in t.network.weights)
    path = tmp_path / "d.json"
    path.write_text("previous")
    with pytest.raises(SessionError, match="not finite"):
        sf.save(t, path)
    assert path.read_text() == "previous"
    assert os.listdir(tmp_path) == ["d.json"]


def test_default_document_loads_as_the_seed():
    t = sf.from_dict(sf.default_document())
    seed = make_preset("seed")
    a, b = sf.to_dict(t), sf.to_dict(seed)
    for key in ("network", "training", "data", "format", "version"):
        assert a[key] == b[key]


def test_saved_file_has_the_fixed_field_names(tmp_path):
    path = tmp_path / "s.json"
    sf.save(make_preset("seed"), path)
    d = json.loads(path.read_text(encoding="utf-8"))
    assert d["format"] == "xorgui-session" and d["version"] == sf.VERSION == 3
    assert d["network"] == sf.default_document()["network"]
    for key, value in sf.default_document()["training"].items():
        assert d["training"][key] == value
    assert d["data"] == dict(sf.default_document()["data"], source={"name": "xor"},
                             split={"test_fraction": 0.0, "seed": 0})
    assert path.read_text(encoding="utf-8").endswith("\n")


# -- atomic save -----------------------------------------------------------------------------------
def test_save_replaces_an_existing_file_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old content that is not a session")
    sf.save(make_preset("sigmoid"), path)
    assert os.listdir(tmp_path) == ["s.json"]
    assert sf.to_dict(sf.load(path)) == sf.to_dict(make_preset("sigmoid"))
    sf.save(make_preset("seed"), path)
    assert os.listdir(tmp_path) == ["s.json"]
    assert sf.load(path).name == "seed"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits and umask")
def test_save_keeps_permissions_of_the_replaced_file_and_uses_umask_for_new_ones(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old")
    os.chmod(path, 0o640)
    sf.save(make_preset("seed"), path)
    assert path.stat().st_mode & 0o777 == 0o640
    new = tmp_path / "new.json"
    umask = os.umask(0o022)
    try:
        sf.save(make_preset("seed"), new)
    finally:
        os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600


def test_save_uses_a_temp_file_and_rename(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    path.write_text("previous")
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((str(src), str(dst)))
        # while the rename has not happened yet, the old file is intact
        assert path.read_text() == "previous"
        assert os.path.dirname(str(src)) == str(tmp_path)
        return real_replace(src, dst)

    monkeypatch.setattr(sf.os, "replace", spy)
    sf.save(make_preset("seed"), path)
    assert len(calls) == 1 and calls[0][1] == str(path) and calls[0][0] != str(path)
    assert os.listdir(tmp_path) == ["s.json"]


def test_failed_save_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    path.write_text("previous")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sf.os, "replace", boom)
    with pytest.raises(OSError):
        sf.save(make_preset("seed"), path)
    assert path.read_text() == "previous"
    assert os.listdir(tmp_path) == ["s.json"]


def test_save_into_missing_directory_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        sf.save(make_preset("seed"), tmp_path / "nope" / "s.json")


# -- load: unreadable files ---------------------------------------------------------------------------
def test_load_missing_file_and_directory(tmp_path):
    with pytest.raises(SessionError, match="cannot read"):
        sf.load(tmp_path / "missing.json")
    with pytest.raises(SessionError, match="cannot read"):
        sf.load(tmp_path)


def test_load_too_big_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc()))
    monkeypatch.setattr(sf, "MAX_FILE_BYTES", 10)
    with pytest.raises(SessionError, match="MiB"):
        sf.load(path)


# -- load: every kind of malformed file -----------------------------------------------------------------
def mutate(path, value):
    """A copy of the default document with the field at ``path`` (a tuple of keys) set or deleted."""
    d = doc()
    target = d
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return d


DELETE = object()

BAD_DOCUMENTS = [
    # id, path, value, fragment of the message
    ("format", ("format",), "something-else", "format"),
    ("format_missing", ("format",), DELETE, "format: missing"),
    ("format_type", ("format",), 1, "format"),
    ("newer_version", ("version",), 4, "newer"),
    ("version_text", ("version",), "1", "version"),
    ("version_bool", ("version",), True, "version"),
    ("missing_network", ("network",), DELETE, "network: missing"),
    ("network_list", ("network",), [], "network"),
    ("layers_type", ("network", "layers"), "2-3-1", "network.layers"),
    ("layers_dict", ("network", "layers"), {"a": 1}, "network.layers"),
    ("layers_too_few", ("network", "layers"), [2], "network.layers"),
    ("layers_too_many", ("network", "layers"), [2] * 11, "network.layers"),
    ("layer_size_0", ("network", "layers"), [2, 0, 1], "network.layers[1]"),
    ("layer_size_1000", ("network", "layers"), [2, 1000, 1], "network.layers[1]"),
    ("layer_size_float", ("network", "layers"), [2, 3.0, 1], "network.layers[1]"),
    ("layer_size_bool", ("network", "layers"), [2, True, 1], "network.layers[1]"),
    ("layer_size_text", ("network", "layers"), [2, 3, "1"], "network.layers[2]"),
    ("unknown_activation", ("network", "activations"), ["identity", "softmax"], "network.activations[1]"),
    ("activation_number", ("network", "activations"), [1, "identity"], "network.activations[0]"),
    ("activations_count", ("network", "activations"), ["identity"], "network.activations"),
    ("activations_type", ("network", "activations"), "identity", "network.activations"),
    ("weights_missing", ("network", "weights"), DELETE, "network.weights: missing"),
    ("weights_count", ("network", "weights"), [[[1, 1, 1]] * 3], "network.weights"),
    ("weights_rows", ("network", "weights"), [[[1, 1, 1]] * 2, [[1, 1, 1, 1]]], "network.weights[0]"),
    ("weights_cols", ("network", "weights"), [[[1, 1, 1], [1, 1], [1, 1, 1]], [[1, 1, 1, 1]]],
     "network.weights[0][1]"),
    ("weights_cols_out", ("network", "weights"), [[[1, 1, 1]] * 3, [[1, 1, 1, 1, 1]]], "network.weights[1][0]"),
    ("weights_row_not_list", ("network", "weights"), [[[1, 1, 1], 5, [1, 1, 1]], [[1, 1, 1, 1]]],
     "network.weights[0][1]"),
    ("weight_abc", ("network", "weights"), [[[1, 1, 1], [1, 1, "abc"], [1, 1, 1]], [[1, 1, 1, 1]]],
     "network.weights[0][1][2]"),
    ("weight_null", ("network", "weights"), [[[1, 1, 1], [1, 1, 1], [1, None, 1]], [[1, 1, 1, 1]]],
     "network.weights[0][2][1]"),
    ("weight_bool", ("network", "weights"), [[[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, True, 1, 1]]],
     "network.weights[1][0][1]"),
    ("weight_list", ("network", "weights"), [[[1, 1, 1], [1, 1, 1], [1, 1, [1]]], [[1, 1, 1, 1]]],
     "network.weights[0][2][2]"),
    ("training_missing", ("training",), DELETE, "training: missing"),
    ("lr_text", ("training", "learning_rate"), "0.1", "training.learning_rate"),
    ("lr_bool", ("training", "learning_rate"), True, "training.learning_rate"),
    ("lr_null", ("training", "learning_rate"), None, "training.learning_rate"),
    ("lr_zero", ("training", "learning_rate"), 0, "learning rate"),
    ("lr_huge", ("training", "learning_rate"), 1e6, "learning rate"),
    ("bad_loss", ("training", "loss"), "hinge", "training.loss"),
    ("loss_type", ("training", "loss"), 3, "training.loss"),
    ("batch_size_0", ("training", "batch_size"), 0, "training.batch_size"),
    ("batch_size_negative", ("training", "batch_size"), -4, "training.batch_size"),
    ("batch_size_float", ("training", "batch_size"), 2.5, "training.batch_size"),
    ("batch_size_bool", ("training", "batch_size"), True, "training.batch_size"),
    ("batch_size_text", ("training", "batch_size"), "full", "training.batch_size"),
    ("regularization", ("training", "regularization"), "dropout", "training.regularization"),
    ("regularization_rate", ("training", "regularization_rate"), -1, "regularization rate"),
    ("regularization_rate_text", ("training", "regularization_rate"), "0", "training.regularization_rate"),
    ("negative_epoch", ("training", "epoch"), -1, "training.epoch"),
    ("epoch_float", ("training", "epoch"), 1.5, "training.epoch"),
    ("shuffle_type", ("training", "shuffle"), "yes", "training.shuffle"),
    ("shuffle_seed_negative", ("training", "shuffle_seed"), -1, "shuffle seed"),
    ("data_missing", ("data",), DELETE, "data: missing"),
    ("inputs_empty", ("data", "inputs"), [], "data.inputs"),
    ("inputs_width", ("data", "inputs"), [[0, 0, 0], [0, 1], [1, 0], [1, 1]], "data.inputs[0]"),
    ("input_value", ("data", "inputs"), [[0, 0], [0, 1], [1, "x"], [1, 1]], "data.inputs[2][1]"),
    ("targets_width", ("data", "targets"), [[0, 1], [1, 0], [1, 0], [0, 1]], "data.targets[0]"),
    ("targets_rows", ("data", "targets"), [[0], [1], [1]], "data.targets"),
    ("targets_type", ("data", "targets"), "0110", "data.targets"),
    ("history_type", ("history",), [0.5], "history: expected an object"),
    ("history_encoding", ("history", "encoding"), "float32", "history.encoding"),
    ("history_epochs", ("history", "epochs"), 5, "history.epochs: expected training.epoch (0)"),
    ("history_base64", ("history", "head"), "not base64!", "history.head: not valid base64"),
    ("history_bytes", ("history", "head"), "AAAA", "history.head: 3 bytes"),
    ("history_count", ("history", "head"), "AAAAAAAAAAA=", "history: 1 exact losses for 0 epochs"),
    ("history_bucket", ("history", "bucket"), 3, "history.min: missing"),
    ("name_type", ("name",), 5, "name"),
    ("notes_type", ("notes",), ["a"], "notes"),
    ("init_method", ("initialization",), {"method": "zeros"}, "initialization.method"),
    ("init_seed", ("initialization",), {"method": "uniform", "seed": -3}, "initialization"),
    ("init_type", ("initialization",), "he", "initialization"),
    ("markers_type", ("markers",), {"epoch": 1}, "markers"),
    ("marker_not_object", ("markers",), [3], "markers[0]"),
    ("marker_negative_epoch", ("markers",), [{"epoch": -1, "label": "edit"}], "markers[0]"),
    ("marker_label_type", ("markers",), [{"epoch": 1, "label": 5}], "markers[0].label"),
    ("marker_epoch_missing", ("markers",), [{"label": "edit"}], "markers[0].epoch"),
]


@pytest.mark.parametrize("path,value,fragment", [c[1:] for c in BAD_DOCUMENTS], ids=[c[0] for c in BAD_DOCUMENTS])
def test_malformed_document_names_the_field(tmp_path, path, value, fragment):
    bad = mutate(path, value)
    with pytest.raises(SessionError) as exc:
        sf.from_dict(bad)
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value)
    # the same through a file
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad))
    with pytest.raises(SessionError) as exc2:
        sf.load(f)
    assert str(exc2.value) == str(exc.value)


def test_weight_abc_message_is_exact():
    bad = mutate(("network", "weights"), [[[1, 1, 1], [1, 1, "abc"], [1, 1, 1]], [[1, 1, 1, 1]]])
    with pytest.raises(SessionError) as exc:
        sf.from_dict(bad)
    assert str(exc.value) == 'network.weights[0][1][2]: expected a finite number, got "abc"'


def test_cross_entropy_with_identity_output():
    bad = mutate(("training", "loss"), "cross_entropy")
    with pytest.raises(SessionError) as exc:
        sf.from_dict(bad)
    msg = str(exc.value)
    assert "training" in msg and "cross-entropy" in msg and "sigmoid" in msg and "identity" in msg


def test_cross_entropy_targets_out_of_range():
    bad = doc()
    bad["network"]["activations"] = ["sigmoid", "sigmoid"]
    bad["training"]["loss"] = "cross_entropy"
    bad["data"]["targets"] = [[0], [1], [2], [0]]
    with pytest.raises(SessionError, match="between 0 and 1"):
        sf.from_dict(bad)


def test_document_not_an_object():
    for value in ([], "session", 3, None):
        with pytest.raises(SessionError, match="expected an object"):
            sf.from_dict(value)


RAW_BAD = [
    ("not_json", b"this is not json", "not valid JSON"),
    ("truncated", json.dumps(sf.default_document())[:-5].encode(), "not valid JSON"),
    ("empty", b"", "not valid JSON"),
    ("not_utf8", b"\xff\xfe\x00{" + b"\x80" * 10, "UTF-8"),
    ("latin1", json.dumps(sf.default_document()).replace('"squared"', '"squ\xe4red"').encode("latin-1"), "UTF-8"),
    ("deep_nesting", b"[" * 100000, "nested too deeply"),
    ("deep_object_nesting", b'{"a":' * 100000, "nested too deeply"),
    ("huge_integer_literal", b"1" + b"0" * 5000, "not valid JSON"),
    ("huge_integer_weight", json.dumps(sf.default_document()).replace("[1, 1, 1, 1]", "[1, 1, 1, 1" + "0" * 5000 + "]").encode(),
     "not valid JSON"),
    ("nan_literal", json.dumps(sf.default_document()).replace("[1, 1, 1, 1]", "[1, NaN, 1, 1]").encode(),
     "network.weights[1][0][1]"),
    ("infinity_literal", json.dumps(sf.default_document()).replace('"learning_rate": 0.1', '"learning_rate": Infinity').encode(),
     "training.learning_rate"),
    ("minus_infinity_history", json.dumps(dict(sf.default_document(), version=1, history=[0.1]))
     .replace("[0.1]", "[-Infinity]").replace('"epoch": 0', '"epoch": 1').encode(), "history[0]"),
    ("1e400", json.dumps(sf.default_document()).replace("[1, 1, 1, 1]", "[1, 1, 1e400, 1]").encode(),
     "network.weights[1][0][2]"),
    ("1e400_lr", json.dumps(sf.default_document()).replace('"learning_rate": 0.1', '"learning_rate": 1e400').encode(),
     "training.learning_rate"),
]


@pytest.mark.parametrize("raw,fragment", [c[1:] for c in RAW_BAD], ids=[c[0] for c in RAW_BAD])
def test_malformed_file(tmp_path, raw, fragment):
    with pytest.raises(SessionError) as exc:
        sf.loads(raw)
    assert fragment in str(exc.value)
    f = tmp_path / "bad.json"
    f.write_bytes(raw)
    with pytest.raises(SessionError) as exc2:
        sf.load(f)
    assert fragment in str(exc2.value)


def test_loads_accepts_text_and_bytes():
    text = json.dumps(sf.default_document())
    assert sf.to_dict(sf.loads(text)) == sf.to_dict(sf.loads(text.encode("utf-8")))


def test_nested_list_where_a_number_belongs():
    """Deep but parseable nesting inside a weight is a named field error, not a crash."""
    inner = "[" * 900 + "]" * 900
    raw = json.dumps(sf.default_document()).replace("[1, 1, 1, 1]", f"[1, 1, {inner}, 1]")
    with pytest.raises(SessionError, match=r"network\.weights\[1\]\[0\]\[2\]"):
        sf.loads(raw)


def test_optional_fields_have_defaults():
    t = sf.from_dict(doc())
    assert t.name == "" and t.notes == "" and len(t.history) == 0
    assert t.config.shuffle is False and t.config.shuffle_seed == 0
    assert t.init.method == "constant"


def test_markers_round_trip(tmp_path):
    t = make_preset("sigmoid")
    t.add_marker("start")
    t.run_epochs(7)
    t.add_marker("α → 0.5")
    sf.save(t, tmp_path / "m.json")
    back = sf.load(tmp_path / "m.json")
    assert [(m.epoch, m.label) for m in back.markers] == [(0, "start"), (7, "α → 0.5")]
    assert [m.loss for m in back.markers] == [m.loss for m in t.markers] == [t.history.start, t.current_loss()]
    assert sf.to_dict(back) == sf.to_dict(t)


def test_a_markers_loss_is_optional_finite_and_not_negative():
    """The loss right after a change (the Why? tab measures a stalled run from it): files written before
    it was kept load without it; a value that is no mean loss is refused by name."""
    d = v1(doc())
    d["training"]["epoch"], d["history"] = 2, [0.3, 0.2]
    d["markers"] = [{"epoch": 1, "label": "edit"}]
    assert sf.from_dict(d).markers[0].loss is None
    d["markers"] = [{"epoch": 1, "label": "edit", "loss": 0.375}]
    assert sf.from_dict(d).markers[0].loss == 0.375
    for bad, why in ((-1, r"markers\[0\].loss: expected a mean loss of 0 or more, got -1"),
                     ("0.3", r"markers\[0\].loss: expected a whole number or a number, got \"0.3\""), (float("nan"), r"markers\[0\].loss")):
        d["markers"][0]["loss"] = bad
        with pytest.raises(sf.SessionError, match=why):
            sf.from_dict(d)


# -- regressions: huge integers, string-safe compaction of number lists ---------------------------------
@pytest.mark.parametrize("path,fragment", [
    (("network", "weights"), "network.weights[0][1][2]"),
    (("training", "learning_rate"), "training.learning_rate"),
    (("history",), "history[0]"),
])
def test_integer_too_large_for_a_float_is_a_named_error(path, fragment):
    """10**309 parses (it has fewer than 4300 digits) but overflows float(): must be a SessionError."""
    big = 10 ** 309
    if path == ("network", "weights"):
        value = [[[1, 1, 1], [1, 1, big], [1, 1, 1]], [[1, 1, 1, 1]]]
    else:
        value = big
    if path == ("history",):
        d = v1(doc())
        d["history"], d["training"]["epoch"] = [big], 1
    else:
        d = mutate(path, value)
    raw = json.dumps(d)
    with pytest.raises(SessionError) as exc:
        sf.loads(raw)
    assert fragment in str(exc.value)


# -- core bugs still open: these fail until fixed ----------------------------------------------------
@pytest.mark.parametrize("value", [["identity"], {"name": "identity"}])
def test_unhashable_activation_is_a_named_error(value):
    """An activation that is a list or object must give a SessionError, not TypeError."""
    with pytest.raises(SessionError) as exc:
        sf.from_dict(mutate(("network", "activations"), [value, "identity"]))
    assert "network.activations[0]" in str(exc.value)


@pytest.mark.parametrize("text", ["[1  2]", "[ 1 ]", "see [1,\t2]", "[nul  l]", "[\n  1,\n  2\n]"])
def test_name_and_notes_survive_a_round_trip_verbatim(tmp_path, text):
    """dumps() puts each list of numbers on one line; it must never touch string values."""
    t = make_preset("seed")
    t.name = text
    t.notes = "notes: " + text
    path = tmp_path / "s.json"
    sf.save(t, path)
    back = sf.load(path)
    assert back.name == text
    assert back.notes == "notes: " + text


def test_a_session_that_loads_can_be_saved(tmp_path):
    """A lone surrogate (\\ud800) is valid JSON text and loads, but save() then raises
    UnicodeEncodeError. Either load must refuse it (naming the field) or save must work."""
    raw = json.dumps(dict(sf.default_document(), name="\ud800"))  # ensure_ascii: "\\ud800"
    try:
        t = sf.loads(raw)
    except SessionError as exc:
        assert "name" in str(exc)
        return
    sf.save(t, tmp_path / "s.json")
    assert sf.load(tmp_path / "s.json").name == t.name


@pytest.mark.parametrize("history,fragment", [
    ([0.5, "low"], "history[1]: expected a number or null, got \"low\""),
    ([False], "history[0]: expected a number or null, got false"),
    ([0.5, [[[]]]], "history[1]: expected a number or null, got a list of 1 item"),
    ({"0": 1}, "history: expected a list"),
])
def test_version_1_history_errors_name_the_entry(history, fragment):
    d = v1(doc())
    d["training"]["epoch"] = 2
    d["history"] = history
    with pytest.raises(SessionError) as exc:
        sf.from_dict(d)
    assert fragment in str(exc.value)


def test_history_and_markers_must_fit_the_epoch_count():
    d = v1(doc())
    d["history"] = [1.0, 0.5]
    d["training"]["epoch"] = 1
    with pytest.raises(sf.SessionError, match="history: 2 losses for 1 epochs"):
        sf.from_dict(d)
    d["training"]["epoch"] = 5  # fewer losses than epochs: the early ones are unknown (NaN)
    h = sf.from_dict(d).history.values
    assert len(h) == 5 and np.isnan(h[:3]).all() and list(h[3:]) == [1.0, 0.5]
    d["markers"] = [{"epoch": 6, "label": "edit"}]
    with pytest.raises(sf.SessionError, match=r"markers\[0\].epoch"):
        sf.from_dict(d)
    d["markers"] = []
    d["training"]["epoch"] = 10**30
    with pytest.raises(sf.SessionError, match="training.epoch"):
        sf.from_dict(d)


def test_data_values_are_bounded():
    d = doc()
    d["data"]["inputs"][0][0] = 1e300
    with pytest.raises(sf.SessionError, match="between"):
        sf.from_dict(d)


@pytest.mark.parametrize("written", ["1e-400", "-2.5E-350", "0." + "0" * 400 + "1"])
def test_a_weight_too_near_zero_to_represent_is_refused_not_read_as_zero(written):
    # json read 1e-400 as 0.0: the network opened with a weight its file does not hold
    d = sf.default_document()
    d["network"]["weights"][0][0][0] = 12345.678
    with pytest.raises(SessionError, match="too near 0 to represent: it would become 0") as refused:
        sf.loads(json.dumps(d).replace("12345.678", written))
    assert f"holds the number {written[:37]}" in str(refused.value)


@pytest.mark.parametrize("value", [5e-324, -2.5e-310, 0.0, -0.0])
def test_a_subnormal_or_zero_weight_xorgui_wrote_reads_back_as_it_was(value):
    d = sf.default_document()
    d["network"]["weights"][0][0][0] = value
    t = sf.loads(json.dumps(d))
    got = t.network.weights[0][0, 0]
    assert got == value and math.copysign(1, got) == math.copysign(1, value)

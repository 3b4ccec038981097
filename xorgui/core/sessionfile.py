"""Session files: versioned JSON, validated on load, saved atomically.

The format is documented in ``docs/session-format.md``. Every problem found while loading
raises :class:`SessionError` with a message that names the field, e.g.
``network.weights[0][1][2]: expected a finite number, got "abc"``.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any

import numpy as np

from . import atomic
from .activations import ACTIVATIONS
from .session_data import data_from_dict, data_to_dict
from .init import Initialization, METHODS
from .losses import LOSSES
from .network import Network, MAX_LAYERS, MAX_UNITS, weight_shapes
from .numbers import UNDERFLOW, underflows
from .fields import Obj, SessionError, is_int, is_number, matrix, show
from .history import History
from .session_history import history_from, history_to_dict, samples_from, samples_to_dict
from .presets import make_preset
from .session_position import KEY as POSITION, position_to_dict, read_position, resume_at
from .regularizers import REGULARIZERS
from .trainer_state import MAX_MARKERS
from .training import MAX_EPOCH, Marker, Trainer, TrainingConfig

FORMAT = "xorgui-session"
# 2: the history is compact (base64 float64) and bounded; 3: the data's source, split and test
# set (session_data.py). Versions 1 and 2 are migrated on load. training.position (mid-epoch, see
# session_position.py) was added within version 3: optional, so older files read as at an epoch's start.
VERSION = 3
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT = 100_000  # characters of name or notes
# Counted in the text before it is parsed: JSON's objects, lists and values take ~10 times their
# text in memory (a 64 MiB file of 22 million {} took 1.7 GB). The largest session the app writes
# holds ~120,000 objects and lists (10,000 samples' rows, 100,000 markers) and under a million values
# (10,000 samples of 16 inputs and 16 targets; tests/core/test_loader_bombs.py loads it).
MAX_CONTAINERS = 1_000_000
MAX_VALUES = 5_000_000


# -- writing -------------------------------------------------------------------------
def to_dict(trainer: Trainer) -> dict[str, Any]:
    """The JSON-ready document for a trainer (see docs/session-format.md)."""
    net, cfg = trainer.network, trainer.config
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": trainer.name,
        "notes": trainer.notes,
        "network": {
            "layers": list(net.layers),
            "activations": net.activation_names,
            "weights": [w.tolist() for w in net.weights],
        },
        "training": {
            "learning_rate": cfg.learning_rate,
            "loss": cfg.loss,
            "batch_size": cfg.batch_size,
            "regularization": cfg.regularization,
            "regularization_rate": cfg.regularization_rate,
            "shuffle": cfg.shuffle,
            "shuffle_seed": cfg.shuffle_seed,
            "epoch": trainer.epoch,
            **({POSITION: position} if (position := position_to_dict(trainer)) else {}),
        },
        "initialization": trainer.init.to_dict(),
        "data": data_to_dict(trainer.data, trainer.test_data, trainer.source),
        "markers": [{"epoch": m.epoch, "label": m.label,
                     **({"loss": m.loss} if m.loss is not None and math.isfinite(m.loss) else {}),
                     **({"sets_weights": m.sets_weights} if m.sets_weights is not None else {})} for m in trainer.markers],
        "history": history_to_dict(trainer.history),
        **({"sample_history": samples} if (samples := samples_to_dict(trainer.sample_history)) else {}),
    }


# A list of numbers as json.dumps(indent=…) lays it out: "[" and a newline. JSON strings never
# hold a raw newline, so text inside a name or notes is never touched.
_NUMBER_LIST = re.compile(r"\[\n\s*([-+0-9.eE,\snul]*?)\s*\]")


def dumps(trainer: Trainer, extra: dict[str, Any] | None = None) -> str:
    """The session as indented JSON with each list of numbers (a weight row) on one line.
    ``extra``: more top-level keys (readers ignore keys they do not know), e.g. an autosave's
    recovery record. Raises SessionError if the weights are not finite (a diverged run)."""
    if not all(np.all(np.isfinite(w)) for w in trainer.network.weights):
        raise SessionError("the weights are not finite numbers (training diverged); undo or reset "
                           "to finite weights before saving")
    doc = to_dict(trainer)
    doc.update(extra or {})
    # the histories are a few base64 strings (about 2 MB, and 3.4 MB for 16 samples, at most), so the
    # indenting encoder is quick
    text = json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False)
    return _NUMBER_LIST.sub(lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text) + "\n"


def save(trainer: Trainer, path: str | os.PathLike, extra: dict[str, Any] | None = None) -> None:
    """Write the session (and ``extra`` keys, see dumps) to ``path`` atomically: a crash never
    leaves half a file (core/atomic.py: symbolic links are followed, a read-only file raises
    PermissionError)."""
    atomic.write_text(path, dumps(trainer, extra))


# -- reading -------------------------------------------------------------------------
def load(path: str | os.PathLike) -> Trainer:
    """Read and validate a session file. Raises SessionError (never anything else for bad
    content) or OSError-derived SessionError for unreadable files."""
    return load_with_extra(path)[0]


def load_with_extra(path: str | os.PathLike) -> tuple[Trainer, dict[str, Any]]:
    """(the session in ``path``, the whole parsed document, for keys ``save(extra=…)`` wrote)."""
    raw = atomic.read_bounded(path, MAX_FILE_BYTES, f"a session file is at most {MAX_FILE_BYTES // 2**20} MiB",
                              SessionError)
    doc = _parse(raw)
    return from_dict(doc), doc


def loads(raw: bytes | str) -> Trainer:
    """Parse and validate a session document. Any failure is a SessionError: memory and time
    stay bounded by the size of the text (a huge epoch count allocates nothing)."""
    return from_dict(_parse(raw))


def _parse(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SessionError("the file is not UTF-8 text, so it is not a session file") from None
    for what, found, most in (("objects and lists", raw.count("{") + raw.count("["), MAX_CONTAINERS),
                              ("commas between values", raw.count(","), MAX_VALUES)):
        if found > most:
            raise SessionError(f"the file holds {found:,} {what}, more than a session has (at most {most:,}), "
                               "so it is not a session file")
    try:
        # NaN/Infinity literals and 1e400 become non-finite floats, rejected below by field name
        return json.loads(raw, parse_constant=float, parse_float=_float)
    except SessionError:
        raise
    except RecursionError:
        raise SessionError("the file is nested too deeply to be a session file") from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        raise SessionError(f"the file is not valid JSON ({exc})") from None
    except MemoryError:
        raise SessionError("the file is too large to read into memory") from None


def _float(text: str) -> float:
    """A JSON number; SessionError if it ``underflows`` (1e-400 would silently become 0)."""
    if underflows(text):
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise SessionError(f"the file holds the number {shown}, {UNDERFLOW}")
    return float(text)


def from_dict(doc: Any) -> Trainer:
    """Validate a parsed document and build the trainer it describes."""
    try:
        return _from_dict(doc)
    except RecursionError:  # a deeply nested value somewhere a message had to describe
        raise SessionError("the file is nested too deeply to be a session file") from None
    except MemoryError:
        raise SessionError("the file describes more than fits in memory") from None


def _from_dict(doc: Any) -> Trainer:
    root = Obj(doc, "")
    fmt = root.get("format", str)
    if fmt != FORMAT:
        raise SessionError(f"format: expected {FORMAT!r}, got {show(fmt)}")
    version = root.get("version", int)
    if version not in range(1, VERSION + 1):
        newer = " (made by a newer xorgui)" if version > VERSION else ""
        raise SessionError(f"version: this xorgui reads versions 1 to {VERSION}, the file has {version}{newer}")

    net = root.obj("network")
    layers = net.get("layers", list)
    if not 2 <= len(layers) <= MAX_LAYERS:
        raise SessionError(f"network.layers: need 2 to {MAX_LAYERS} layers, got {len(layers)}")
    for i, n in enumerate(layers):
        if not is_int(n) or not 1 <= n <= MAX_UNITS:
            raise SessionError(f"network.layers[{i}]: expected a whole number from 1 to {MAX_UNITS}, got {show(n)}")
    activations = net.get("activations", list)
    if len(activations) != len(layers) - 1:
        raise SessionError(f"network.activations: need {len(layers) - 1} (one per layer after the input), "
                           f"got {len(activations)}")
    for i, name in enumerate(activations):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise SessionError(f"network.activations[{i}]: unknown activation {show(name)}; "
                               f"choose one of {', '.join(ACTIVATIONS)}")
    weights_doc = net.get("weights", list)
    shapes = weight_shapes(layers)
    if len(weights_doc) != len(shapes):
        raise SessionError(f"network.weights: need {len(shapes)} matrices for layers {layers}, got {len(weights_doc)}")
    weights = [matrix(m, f"network.weights[{l}]", shape) for l, (m, shape) in enumerate(zip(weights_doc, shapes))]

    tr = root.obj("training")
    lr = tr.number("learning_rate")
    loss = tr.get("loss", str)
    if loss not in LOSSES:
        raise SessionError(f"training.loss: unknown loss {show(loss)}; choose one of {', '.join(LOSSES)}")
    batch = tr.get("batch_size", (int, type(None)))
    if batch is not None and (not is_int(batch) or batch < 1):
        raise SessionError(f"training.batch_size: expected null (full batch) or a whole number ≥ 1, got {show(batch)}")
    reg = tr.get("regularization", str)
    if reg not in REGULARIZERS:
        raise SessionError(f"training.regularization: expected one of {', '.join(REGULARIZERS)}, got {show(reg)}")
    reg_rate = tr.number("regularization_rate")
    epoch = tr.get("epoch", int)
    if not is_int(epoch) or not 0 <= epoch < MAX_EPOCH:
        raise SessionError(f"training.epoch: expected a whole number from 0 to 2^53 − 1, got {show(epoch)}")
    shuffle = tr.get("shuffle", bool, default=False)
    shuffle_seed = tr.get("shuffle_seed", int, default=0)

    data, test_data, source = data_from_dict(root, version, layers)

    init_doc = root.obj("initialization", optional=True)
    init_method = init_doc.get("method", str, default="constant")
    if init_method not in METHODS:
        raise SessionError(f"initialization.method: expected one of {', '.join(METHODS)}, got {show(init_method)}")
    init_args = dict(method=init_method, value=init_doc.number("value", default=1.0),
                     scale=init_doc.number("scale", default=1.0), seed=init_doc.get("seed", int, default=0))

    history = _history_v1(root, epoch) if version == 1 else history_from(root, epoch)

    name = root.get("name", str, default="")
    notes = root.get("notes", str, default="")
    if len(name) > MAX_TEXT or len(notes) > MAX_TEXT:
        raise SessionError(f"name/notes: at most {MAX_TEXT} characters")

    markers = []
    listed = root.get("markers", list, default=[])
    if len(listed) > MAX_MARKERS:
        raise SessionError(f"markers: {len(listed):,} of them, more than the {MAX_MARKERS:,} a session keeps")
    for i, m in enumerate(listed):
        mo = Obj(m, f"markers[{i}]")
        m_epoch, label = mo.get("epoch", int), mo.get("label", str)
        if not 0 <= m_epoch <= epoch:
            raise SessionError(f"markers[{i}].epoch: expected a whole number from 0 to training.epoch ({epoch})")
        if len(label) > 1000:
            raise SessionError(f"markers[{i}].label: at most 1000 characters")
        after = mo.number("loss") if "loss" in m else None  # the loss right after the change
        if after is not None and after < 0:
            raise SessionError(f"markers[{i}].loss: expected a mean loss of 0 or more, got {after:g}")
        sets = mo.get("sets_weights", bool, default=None)
        markers.append(Marker(m_epoch, label, after, sets))
        if m_epoch not in history.pinned:
            history.pin(m_epoch)

    # The constructors validate ranges and combinations; report those by field too.
    try:
        config = TrainingConfig(learning_rate=lr, loss=loss, batch_size=batch, regularization=reg,
                                regularization_rate=reg_rate, shuffle=shuffle, shuffle_seed=shuffle_seed)
    except ValueError as exc:
        raise SessionError(f"training: {exc}") from None
    try:
        init = Initialization(**init_args)
    except ValueError as exc:
        raise SessionError(f"initialization: {exc}") from None
    try:
        trainer = Trainer(Network(layers, activations, weights), data, config, init, epoch=epoch,
                          history=history, name=name, notes=notes, test_data=test_data, source=source)
    except ValueError as exc:
        raise SessionError(f"network/training: {exc}") from None
    trainer.markers = markers
    trainer.sample_history = samples_from(root, epoch, len(data))
    cursor, accumulated = read_position(tr, trainer)
    if cursor:  # part of the epoch stepped: reopen there (its timeline starts there, with the markers)
        resume_at(trainer, cursor, accumulated)
    else:
        trainer.remember()  # the first moment of the timeline has the file's markers (time travel shows them)
    return trainer


def _history_v1(root: "Obj", epoch: int) -> History:
    """Version 1: a JSON list of numbers or null (NaN), the last epochs when shorter."""
    doc = root.get("history", list, default=[])
    if len(doc) > epoch:
        raise SessionError(f"history: {len(doc)} losses for {epoch} epochs (one loss per epoch)")
    # checked a whole list at a time: an old file may hold millions of losses
    if set(map(type, doc)) <= {int, float, type(None)}:
        try:
            losses = np.array(doc, dtype=np.float64)  # null becomes NaN
        except OverflowError:
            losses = None
        if losses is not None:
            bad = ~np.isfinite(losses) & ~np.equal(np.array(doc, dtype=object), None)
            if not bad.any():
                history = History()
                # a file with fewer losses than epochs (e.g. written by hand) keeps epoch numbers
                # right: the unknown early losses are NaN, which the plot leaves out
                history.extend_constant(math.nan, epoch - len(doc))
                history.extend(losses)
                return history
    for i, v in enumerate(doc):
        if v is not None and not is_number(v):
            raise SessionError(f"history[{i}]: expected a number or null, got {show(v)}")
    raise AssertionError("unreachable: a bad entry was found above")  # pragma: no cover


def default_document() -> dict[str, Any]:
    """The seed article's setup, exactly: 2-3-1, identity, all weights 1, α = 0.1, XOR.

    It is the "seed" preset written out (presets.py is the one definition of that setup),
    with only the fields the issue text names and whole numbers written without ".0".
    """
    doc = to_dict(make_preset("seed"))
    keys = ("learning_rate", "loss", "batch_size", "regularization", "regularization_rate", "epoch")
    return _whole({"format": FORMAT, "version": VERSION, "network": doc["network"],
                   "training": {k: doc["training"][k] for k in keys},
                   "data": {k: doc["data"][k] for k in ("inputs", "targets")}})


def _whole(value: Any) -> Any:
    """``value`` with every integral float in its lists (weights, data) written as an int."""
    if isinstance(value, dict):
        return {k: v if k in ("regularization_rate", "learning_rate") else _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value

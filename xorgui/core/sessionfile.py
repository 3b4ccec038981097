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
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .activations import ACTIVATIONS
from .data import Dataset, MAX_SAMPLES
from .init import Initialization, METHODS
from .losses import LOSSES
from .network import Network, MAX_LAYERS, MAX_UNITS, weight_shapes
from .presets import make_preset
from .regularizers import REGULARIZERS
from .training import MAX_EPOCH, Marker, Trainer, TrainingConfig

FORMAT = "xorgui-session"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT = 100_000  # characters of name or notes


class SessionError(ValueError):
    """A session file that cannot be read; the message is fit to show a user."""


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
        },
        "initialization": trainer.init.to_dict(),
        "data": {
            "inputs": trainer.data.inputs.tolist(),
            "targets": trainer.data.targets.tolist(),
        },
        "markers": [{"epoch": m.epoch, "label": m.label} for m in trainer.markers],
        # non-finite losses (a diverged run) are stored as null
        "history": [v if math.isfinite(v) else None for v in trainer.history.values.tolist()],
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
    history = doc.pop("history")
    doc.update(extra or {})
    text = json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False)
    text = _NUMBER_LIST.sub(lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    # the history last, on one line, by the C encoder: the indenting encoder and the regex
    # would take ~10 s for a million epochs, this ~1 s (the text is the same)
    return f'{text[:-2]},\n  "history": {json.dumps(history, allow_nan=False)}\n}}\n'


def save(trainer: Trainer, path: str | os.PathLike, extra: dict[str, Any] | None = None) -> None:
    """Write the session (and ``extra`` keys, see dumps) to ``path`` atomically: a crash never
    leaves half a file."""
    path = Path(path)
    text = dumps(trainer, extra)
    try:
        mode = path.stat().st_mode & 0o777  # keep the permissions of the file we replace
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- reading -------------------------------------------------------------------------
def load(path: str | os.PathLike) -> Trainer:
    """Read and validate a session file. Raises SessionError (never anything else for bad
    content) or OSError-derived SessionError for unreadable files."""
    return load_with_extra(path)[0]


def load_with_extra(path: str | os.PathLike) -> tuple[Trainer, dict[str, Any]]:
    """(the session in ``path``, the whole parsed document, for keys ``save(extra=…)`` wrote)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionError(f"the file is {size / 2**20:.1f} MiB; a session file is at most "
                               f"{MAX_FILE_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except SessionError:
        raise
    except OSError as exc:
        raise SessionError(f"cannot read the file ({exc.strerror or exc})") from None
    doc = _parse(raw)
    return from_dict(doc), doc


def loads(raw: bytes | str) -> Trainer:
    """Parse and validate a session document."""
    return from_dict(_parse(raw))


def _parse(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SessionError("the file is not UTF-8 text, so it is not a session file") from None
    try:
        # NaN/Infinity literals and 1e400 become non-finite floats, rejected below by field name
        return json.loads(raw, parse_constant=float)
    except RecursionError:
        raise SessionError("the file is nested too deeply to be a session file") from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        raise SessionError(f"the file is not valid JSON ({exc})") from None


def from_dict(doc: Any) -> Trainer:
    """Validate a parsed document and build the trainer it describes."""
    root = _Obj(doc, "")
    fmt = root.get("format", str)
    if fmt != FORMAT:
        raise SessionError(f"format: expected {FORMAT!r}, got {fmt!r}")
    version = root.get("version", int)
    if version != VERSION:
        newer = " (made by a newer xorgui)" if version > VERSION else ""
        raise SessionError(f"version: this xorgui reads version {VERSION}, the file has {version}{newer}")

    net = root.obj("network")
    layers = net.get("layers", list)
    if not 2 <= len(layers) <= MAX_LAYERS:
        raise SessionError(f"network.layers: need 2 to {MAX_LAYERS} layers, got {len(layers)}")
    for i, n in enumerate(layers):
        if not _is_int(n) or not 1 <= n <= MAX_UNITS:
            raise SessionError(f"network.layers[{i}]: expected a whole number from 1 to {MAX_UNITS}, got {_show(n)}")
    activations = net.get("activations", list)
    if len(activations) != len(layers) - 1:
        raise SessionError(f"network.activations: need {len(layers) - 1} (one per layer after the input), "
                           f"got {len(activations)}")
    for i, name in enumerate(activations):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise SessionError(f"network.activations[{i}]: unknown activation {_show(name)}; "
                               f"choose one of {', '.join(ACTIVATIONS)}")
    weights_doc = net.get("weights", list)
    shapes = weight_shapes(layers)
    if len(weights_doc) != len(shapes):
        raise SessionError(f"network.weights: need {len(shapes)} matrices for layers {layers}, got {len(weights_doc)}")
    weights = [_matrix(m, f"network.weights[{l}]", shape) for l, (m, shape) in enumerate(zip(weights_doc, shapes))]

    tr = root.obj("training")
    lr = tr.number("learning_rate")
    loss = tr.get("loss", str)
    if loss not in LOSSES:
        raise SessionError(f"training.loss: unknown loss {_show(loss)}; choose one of {', '.join(LOSSES)}")
    batch = tr.get("batch_size", (int, type(None)))
    if batch is not None and (not _is_int(batch) or batch < 1):
        raise SessionError(f"training.batch_size: expected null (full batch) or a whole number ≥ 1, got {_show(batch)}")
    reg = tr.get("regularization", str)
    if reg not in REGULARIZERS:
        raise SessionError(f"training.regularization: expected one of {', '.join(REGULARIZERS)}, got {_show(reg)}")
    reg_rate = tr.number("regularization_rate")
    epoch = tr.get("epoch", int)
    if not _is_int(epoch) or not 0 <= epoch < MAX_EPOCH:
        raise SessionError(f"training.epoch: expected a whole number from 0 to 2^53, got {_show(epoch)}")
    shuffle = tr.get("shuffle", bool, default=False)
    shuffle_seed = tr.get("shuffle_seed", int, default=0)

    data = root.obj("data")
    inputs_doc, targets_doc = data.get("inputs", list), data.get("targets", list)
    if not 1 <= len(inputs_doc) <= MAX_SAMPLES:
        raise SessionError(f"data.inputs: need 1 to {MAX_SAMPLES} samples, got {len(inputs_doc)}")
    inputs = _matrix(inputs_doc, "data.inputs", (len(inputs_doc), layers[0]))
    targets = _matrix(targets_doc, "data.targets", (len(inputs_doc), layers[-1]))

    init_doc = root.obj("initialization", optional=True)
    init_method = init_doc.get("method", str, default="constant")
    if init_method not in METHODS:
        raise SessionError(f"initialization.method: expected one of {', '.join(METHODS)}, got {_show(init_method)}")
    init_args = dict(method=init_method, value=init_doc.number("value", default=1.0),
                     scale=init_doc.number("scale", default=1.0), seed=init_doc.get("seed", int, default=0))

    history_doc = root.get("history", list, default=[])
    losses = np.empty(len(history_doc))
    for i, v in enumerate(history_doc):
        if v is None:
            losses[i] = math.nan
        elif _is_number(v):
            losses[i] = v
        else:
            raise SessionError(f"history[{i}]: expected a number or null, got {_show(v)}")
    if len(losses) > epoch:
        raise SessionError(f"history: {len(losses)} losses for {epoch} epochs (one loss per epoch)")
    # a file with fewer losses than epochs (e.g. written by hand) keeps epoch numbers right:
    # the unknown early losses are NaN, which the plot leaves out
    history = np.concatenate([np.full(epoch - len(losses), np.nan), losses])

    name = root.get("name", str, default="")
    notes = root.get("notes", str, default="")
    if len(name) > MAX_TEXT or len(notes) > MAX_TEXT:
        raise SessionError(f"name/notes: at most {MAX_TEXT} characters")

    markers = []
    for i, m in enumerate(root.get("markers", list, default=[])):
        mo = _Obj(m, f"markers[{i}]")
        m_epoch, label = mo.get("epoch", int), mo.get("label", str)
        if not 0 <= m_epoch <= epoch:
            raise SessionError(f"markers[{i}].epoch: expected a whole number from 0 to training.epoch ({epoch})")
        if len(label) > 1000:
            raise SessionError(f"markers[{i}].label: at most 1000 characters")
        markers.append(Marker(m_epoch, label))

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
        trainer = Trainer(Network(layers, activations, weights), Dataset(inputs, targets), config, init,
                          epoch=epoch, history=history, name=name, notes=notes)
    except ValueError as exc:
        raise SessionError(f"network/training: {exc}") from None
    trainer.markers = markers
    return trainer


def default_document() -> dict[str, Any]:
    """The seed article's setup, exactly: 2-3-1, identity, all weights 1, α = 0.1, XOR.

    It is the "seed" preset written out (presets.py is the one definition of that setup),
    with only the fields the issue text names and whole numbers written without ".0".
    """
    doc = to_dict(make_preset("seed"))
    keys = ("learning_rate", "loss", "batch_size", "regularization", "regularization_rate", "epoch")
    return _whole({"format": FORMAT, "version": VERSION, "network": doc["network"],
                   "training": {k: doc["training"][k] for k in keys}, "data": doc["data"]})


def _whole(value: Any) -> Any:
    """``value`` with every integral float in its lists (weights, data) written as an int."""
    if isinstance(value, dict):
        return {k: v if k in ("regularization_rate", "learning_rate") else _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


# -- validation helpers ------------------------------------------------------------------
_TYPE_WORDS = {list: "a list", dict: "an object", str: "text", int: "a whole number",
               bool: "true or false", float: "a number", type(None): "null"}


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return False
    try:
        return math.isfinite(v)  # an int beyond float range raises OverflowError
    except OverflowError:
        return False


def _show(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool) and not _is_number(v):
        return "an integer too large for a number"
    text = json.dumps(v, allow_nan=True) if not isinstance(v, float) or math.isfinite(v) else repr(v)
    return text if len(text) <= 40 else text[:37] + "…"


class _Obj:
    """A JSON object being validated, with its dotted path for messages."""

    def __init__(self, value: Any, path: str):
        if not isinstance(value, dict):
            raise SessionError(f"{path or 'the file'}: expected an object {{…}}, got {_show(value)}")
        self.value, self.path = value, path

    def _field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, types, default: Any = ...):
        if key not in self.value:
            if default is not ...:
                return default
            raise SessionError(f"{self._field(key)}: missing")
        v = self.value[key]
        types = types if isinstance(types, tuple) else (types,)
        ok = isinstance(v, types) and not (isinstance(v, bool) and bool not in types)
        if not ok:
            want = " or ".join(_TYPE_WORDS.get(t, t.__name__) for t in types)
            raise SessionError(f"{self._field(key)}: expected {want}, got {_show(v)}")
        if isinstance(v, str):
            try:
                v.encode("utf-8")  # JSON allows lone surrogates; a file could then never be saved
            except UnicodeEncodeError:
                raise SessionError(f"{self._field(key)}: the text contains an invalid character") from None
        return v

    def number(self, key: str, default: Any = ...) -> float:
        v = self.get(key, (int, float), default)
        if not _is_number(v):
            raise SessionError(f"{self._field(key)}: expected a finite number, got {_show(v)}")
        return float(v)

    def obj(self, key: str, optional: bool = False) -> "_Obj":
        if optional and key not in self.value:
            return _Obj({}, self._field(key))
        return _Obj(self.get(key, dict), self._field(key))


def _matrix(value: Any, path: str, shape: tuple[int, int]) -> np.ndarray:
    rows, cols = shape
    if not isinstance(value, list) or len(value) != rows:
        raise SessionError(f"{path}: expected {rows} rows, got {_show(value) if not isinstance(value, list) else len(value)}")
    out = np.empty(shape)
    for r, row in enumerate(value):
        if not isinstance(row, list) or len(row) != cols:
            got = len(row) if isinstance(row, list) else _show(row)
            raise SessionError(f"{path}[{r}]: expected a row of {cols} numbers, got {got}")
        for c, v in enumerate(row):
            if not _is_number(v):
                raise SessionError(f"{path}[{r}][{c}]: expected a finite number, got {_show(v)}")
            out[r, c] = v
    return out

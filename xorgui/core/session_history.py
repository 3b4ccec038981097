"""Loss histories in a session file: the mean loss's ``history`` object and, for data of at most
``sample_history.MAX_TRACKED`` samples, each sample's own (``sample_history``).

One encoding serves both (docs/session-format.md): base64 little-endian float64 arrays, either
every epoch (``bucket`` 0) or a head, min/max/last buckets and a tail. The mean loss is written
as the bounded History holds it. Each sample's track is written *coarser*, so that 16 of them
stay small whatever the run's length: every epoch up to ``SAMPLE_EXACT`` epochs, beyond that a
head of ``SAMPLE_HEAD`` epochs (the History's own 16,384 once it is decimated), at most
``SAMPLE_BUCKETS`` buckets and the last ``SAMPLE_TAIL`` epochs exactly (which the stuck-sample
finding reads).
"""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from .fields import Obj, SessionError, is_int, is_number, show
from .envelope import bucketed, merged
from .history import History, check_parts
from .sample_history import MAX_TRACKED, SampleHistory

ENCODING = "base64 float64 little-endian"
KEYS = ("head", "min", "max", "last", "tail")
SAMPLE_EXACT = 4096     # a sample's track is written exactly up to this many epochs
SAMPLE_HEAD = 1024      # then: exact first epochs (unless the History already decimated: its head)
SAMPLE_BUCKETS = 1024   # at most this many min/max/last buckets
SAMPLE_TAIL = 1024      # exact last epochs (more than stuck.STUCK_EPOCHS)

Array = np.ndarray


# -- writing ---------------------------------------------------------------------------------
def history_to_dict(history: History) -> dict[str, Any]:
    """The ``history`` object (see docs/session-format.md)."""
    doc = _parts_to_dict(history.parts())
    if doc["bucket"]:
        doc["pinned"] = [[e, v if math.isfinite(v) else None] for e, v in sorted(history.pinned.items())]
    return _with_start(doc, history.start)  # the loss at epoch 0 (null: it was not a finite number)


def samples_to_dict(samples: SampleHistory) -> dict[str, Any] | None:
    """The ``sample_history`` object, or None when there is nothing to keep (no track, or no epoch
    and no loss at ``start``: a partly stepped first epoch keeps its lines' starting points)."""
    if not samples.width or not (len(samples) or samples.origin is not None):
        return None
    return {"start": samples.start, "tracks": [_with_start(_parts_to_dict(coarse_parts(h)), h.start)
                                               for h in samples.tracks]}


def _with_start(doc: dict[str, Any], start: float | None) -> dict[str, Any]:
    """``doc`` with the loss before its first epoch (``start``) when known (null: not finite)."""
    if start is not None:
        doc["start"] = start if math.isfinite(start) else None
    return doc


def coarse_parts(history: History) -> dict[str, Any]:
    """``history.parts()`` at the per-sample file resolution (module docstring): at most about
    (16,384 + 3·1,024 + 1,024) values whatever the length, every epoch up to SAMPLE_EXACT."""
    parts, n = history.parts(), len(history)
    if not parts.get("bucket"):
        values = parts["head"]
        if n <= SAMPLE_EXACT:
            return parts
        head, rest, bucket = values[:SAMPLE_HEAD], values[SAMPLE_HEAD:], 1
        while -(-len(rest) // bucket) > SAMPLE_BUCKETS:
            bucket *= 2
        mins, maxs, lasts = bucketed(rest, bucket)
        return {"epochs": n, "head": head, "bucket": bucket, "min": mins, "max": maxs, "last": lasts,
                "tail": values[-SAMPLE_TAIL:]}
    # decimated: merge the History's buckets (which start right after its head) pairwise
    mins, maxs, lasts, bucket = parts["min"], parts["max"], parts["last"], parts["bucket"]
    while len(lasts) > SAMPLE_BUCKETS:
        (mins, maxs, lasts), bucket = merged(mins, maxs, lasts), bucket * 2
    return {"epochs": n, "head": parts["head"], "bucket": bucket, "min": mins, "max": maxs, "last": lasts,
            "tail": parts["tail"][-SAMPLE_TAIL:]}


def _parts_to_dict(parts: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {"encoding": ENCODING, "epochs": int(parts["epochs"]), "head": _b64(parts["head"]),
                           "bucket": int(parts.get("bucket", 0))}
    if doc["bucket"]:
        doc.update({k: _b64(parts[k]) for k in ("min", "max", "last", "tail")})
    return doc


def _b64(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")


# -- reading ---------------------------------------------------------------------------------
def history_from(root: Obj, epoch: int) -> History:
    """The ``history`` object of a version 2 or 3 file (every loss unknown when it is missing)."""
    if "history" not in root.value:
        history = History()
        history.extend_constant(math.nan, epoch)
        return history
    return _history(root.obj("history"), epoch, "training.epoch", pinned=True)


def samples_from(root: Obj, epoch: int, n_samples: int) -> SampleHistory:
    """The ``sample_history`` object: each training sample's loss from epoch ``start`` + 1 to
    ``epoch``. Missing (an older file, or more than MAX_TRACKED samples): recording starts at
    ``epoch``, as for a new session."""
    if "sample_history" not in root.value:
        return SampleHistory(n_samples, start=epoch)
    s = root.obj("sample_history")
    start = s.get("start", int)
    if not is_int(start) or not 0 <= start <= epoch:
        raise SessionError(f"sample_history.start: expected a whole number from 0 to training.epoch ({epoch}), "
                           f"got {show(start)}")
    tracks = s.get("tracks", list)
    if len(tracks) != n_samples or n_samples > MAX_TRACKED:
        raise SessionError(f"sample_history.tracks: expected one per training sample ({n_samples}, at most "
                           f"{MAX_TRACKED}), got {len(tracks)}")
    out = SampleHistory(0, start)
    out.tracks = [_history(Obj(t, f"sample_history.tracks[{i}]"), epoch - start,
                           "training.epoch − sample_history.start") for i, t in enumerate(tracks)]
    return out


def _history(h: Obj, epochs_expected: int, what: str, pinned: bool = False) -> History:
    """One history object at ``h.path`` covering ``epochs_expected`` epochs."""
    encoding = h.get("encoding", str)
    if encoding != ENCODING:
        raise SessionError(f"{h.path}.encoding: expected {ENCODING!r}, got {show(encoding)}")
    epochs = h.get("epochs", int)
    if epochs != epochs_expected:
        raise SessionError(f"{h.path}.epochs: expected {what} ({epochs_expected}), got {show(epochs)}")
    bucket = h.get("bucket", int)
    arrays = {k: _floats(h, k) for k in KEYS if k == "head" or bucket}
    if not bucket:
        problem = check_parts(epochs, len(arrays["head"]), 0, 0, 0)
    elif not len(arrays["min"]) == len(arrays["max"]) == len(arrays["last"]):
        problem = "min, max and last must hold one value per bucket each"
    else:
        problem = check_parts(epochs, len(arrays["head"]), bucket, len(arrays["last"]), len(arrays["tail"]))
    if problem:
        raise SessionError(f"{h.path}: {problem}")
    pins = {}
    for i, pair in enumerate(h.get("pinned", list, default=[]) if bucket and pinned else []):
        if not (isinstance(pair, list) and len(pair) == 2 and is_int(pair[0]) and 1 <= pair[0] <= epochs
                and (pair[1] is None or is_number(pair[1]))):
            raise SessionError(f"{h.path}.pinned[{i}]: expected [epoch from 1 to {epochs}, loss or null], "
                               f"got {show(pair)}")
        pins[pair[0]] = math.nan if pair[1] is None else float(pair[1])
    start = h.value.get("start", ...)  # the loss before the first epoch; missing: unknown
    if not (start is ... or start is None or is_number(start)):
        raise SessionError(f"{h.path}.start: expected a number or null, got {show(start)}")
    return History.from_parts(epochs, arrays["head"], bucket, arrays.get("min"), arrays.get("max"),
                              arrays.get("last"), arrays.get("tail"), pins,
                              None if start is ... else math.nan if start is None else float(start))


def _floats(h: Obj, key: str) -> np.ndarray:
    text = h.get(key, str)
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise SessionError(f"{h.path}.{key}: not valid base64 text") from None
    if len(raw) % 8:
        raise SessionError(f"{h.path}.{key}: {len(raw)} bytes is not a whole number of float64 values")
    return np.frombuffer(raw, dtype="<f8").astype(np.float64)

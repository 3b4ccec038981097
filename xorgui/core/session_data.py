"""The ``data`` section of a session file (docs/session-format.md): the rows of the training and
test sets, where they came from (``source``: a library entry and its parameters, or ``rows``) and
the split (``test_fraction`` and its ``seed``).

The rows are what trains: when a file has them they are used as they are, never regenerated
(a library set is only regenerated from its description when the file leaves the rows out).
Files of versions 1 and 2 have rows only: their source is the truth table the rows are exactly
(XOR for most), else ``rows``, and there is no test set; so is a later file's without a ``source``.
"""

from __future__ import annotations

from typing import Any

from .data import Dataset, MAX_SAMPLES
from .datasets import LIBRARY, MAX_TEST_FRACTION, ROWS, DataSource, build, identify
from .fields import Obj, SessionError, is_int, matrix, show


def data_to_dict(data: Dataset, test_data: Dataset | None, source: DataSource) -> dict[str, Any]:
    """The JSON-ready ``data`` object."""
    doc: dict[str, Any] = {
        "source": {"name": source.name, **source.params},
        # marked test rows: no seed chose them, so none is written
        "split": {"test_fraction": source.test_fraction, "marked": True} if source.marked else
                 {"test_fraction": source.test_fraction, "seed": source.split_seed},
        "inputs": data.inputs.tolist(),
        "targets": data.targets.tolist(),
    }
    if test_data is not None:
        doc["test_inputs"] = test_data.inputs.tolist()
        doc["test_targets"] = test_data.targets.tolist()
    return doc


def data_from_dict(root: Obj, version: int, layers: list[int]) -> tuple[Dataset, Dataset | None, DataSource]:
    """(training set, test set or None, source) from a document's ``data`` object; SessionError
    naming the field for anything wrong."""
    data = root.obj("data")
    source = _source(data) if version >= 3 and "source" in data.value else None
    has_rows = "inputs" in data.value or "targets" in data.value
    if not has_rows and source is not None and source.entry is not None:
        try:
            train, test = build(source)
        except ValueError as exc:
            raise SessionError(f"data.split: {exc}") from None
        if (train.n_inputs, train.n_outputs) != (layers[0], layers[-1]):
            raise SessionError(f"data.source: {source.name} has {train.n_inputs} inputs and {train.n_outputs} "
                               f"targets, the network {layers[0]} inputs and {layers[-1]} outputs")
        return train, test, source
    train = _rows(data, "inputs", "targets", layers)
    test = _rows(data, "test_inputs", "test_targets", layers) if version >= 3 and (
        "test_inputs" in data.value or "test_targets" in data.value) else None
    if source is None:  # rows alone; a test set without a recorded split: its share of the rows
        source = identify(train) if test is None else DataSource(
            ROWS, {}, min(len(test) / (len(train) + len(test)), MAX_TEST_FRACTION))
    return train, test, source


def _rows(data: Obj, inputs_key: str, targets_key: str, layers: list[int]) -> Dataset:
    inputs_doc, targets_doc = data.get(inputs_key, list), data.get(targets_key, list)
    if not 1 <= len(inputs_doc) <= MAX_SAMPLES:
        raise SessionError(f"data.{inputs_key}: need 1 to {MAX_SAMPLES} samples, got {len(inputs_doc)}")
    inputs = matrix(inputs_doc, f"data.{inputs_key}", (len(inputs_doc), layers[0]))
    targets = matrix(targets_doc, f"data.{targets_key}", (len(inputs_doc), layers[-1]))
    try:
        return Dataset(inputs, targets)
    except ValueError as exc:
        raise SessionError(f"data.{inputs_key}: {exc}") from None


def _source(data: Obj) -> DataSource:
    src = data.obj("source", optional=True)
    name = src.get("name", str, default=ROWS)
    if name != ROWS and name not in LIBRARY:
        raise SessionError(f"data.source.name: unknown dataset {show(name)}; choose one of "
                           f"{', '.join((ROWS,) + tuple(LIBRARY))}")
    params = {k: v for k, v in src.value.items() if k != "name"}
    split = data.obj("split", optional=True)
    fraction = split.number("test_fraction", default=0.0)
    seed = split.get("seed", int, default=0)
    marked = split.get("marked", bool, default=False)
    if not is_int(seed) or not 0 <= seed < 2**63:
        raise SessionError(f"data.split.seed: expected a whole number from 0 to 2^63 − 1, got {show(seed)}")
    try:
        DataSource(name, params)
    except ValueError as exc:
        raise SessionError(f"data.source: {exc}") from None
    try:
        return DataSource(name, params, fraction, seed, marked)
    except ValueError as exc:
        raise SessionError(f"data.split: {exc}") from None

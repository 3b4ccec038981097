"""Checking a parsed JSON document field by field, with messages that name the field.

Every problem is a :class:`SessionError` whose message starts with the dotted path of the
field (``network.weights[0][1][2]: expected a finite number, got "abc"``). Describing a bad
value never walks into it, so a huge or deeply nested value costs nothing to report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class SessionError(ValueError):
    """A session file that cannot be read; the message is fit to show a user."""


TYPE_WORDS = {list: "a list", dict: "an object", str: "text", int: "a whole number",
               bool: "true or false", float: "a number", type(None): "null"}


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v: Any) -> bool:
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return False
    try:
        return math.isfinite(v)  # an int beyond float range raises OverflowError
    except OverflowError:
        return False


def show(v: Any) -> str:
    """A short description of a JSON value for a message: never walks a nested value, so a
    deeply nested or huge one costs nothing (it is summarised, not printed)."""
    if isinstance(v, list):
        return "an empty list" if not v else f"a list of {len(v):,} item{'s' if len(v) > 1 else ''}"
    if isinstance(v, dict):
        return "an empty object" if not v else f"an object with {len(v):,} key{'s' if len(v) > 1 else ''}"
    if isinstance(v, int) and not isinstance(v, bool) and not is_number(v):
        return "an integer too large for a number"
    import json  # only to describe a bad value in a message: the window starts without it

    if isinstance(v, str):
        text = json.dumps(v[:40], ensure_ascii=False)
        return text if len(v) <= 40 else text[:-1] + "…\""
    text = json.dumps(v, allow_nan=True) if not isinstance(v, float) or math.isfinite(v) else repr(v)
    return text if len(text) <= 40 else text[:37] + "…"


class Obj:
    """A JSON object being validated, with its dotted path for messages."""

    def __init__(self, value: Any, path: str):
        if not isinstance(value, dict):
            raise SessionError(f"{path or 'the file'}: expected an object {{…}}, got {show(value)}")
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
            want = " or ".join(TYPE_WORDS.get(t, t.__name__) for t in types)
            raise SessionError(f"{self._field(key)}: expected {want}, got {show(v)}")
        if isinstance(v, str):
            try:
                v.encode("utf-8")  # JSON allows lone surrogates; a file could then never be saved
            except UnicodeEncodeError:
                raise SessionError(f"{self._field(key)}: the text contains an invalid character") from None
        return v

    def number(self, key: str, default: Any = ...) -> float:
        v = self.get(key, (int, float), default)
        if not is_number(v):
            raise SessionError(f"{self._field(key)}: expected a finite number, got {show(v)}")
        return float(v)

    def obj(self, key: str, optional: bool = False) -> "Obj":
        if optional and key not in self.value:
            return Obj({}, self._field(key))
        return Obj(self.get(key, dict), self._field(key))


def matrix(value: Any, path: str, shape: tuple[int, int]) -> np.ndarray:
    rows, cols = shape
    if not isinstance(value, list) or len(value) != rows:
        raise SessionError(f"{path}: expected {rows} rows, got {show(value) if not isinstance(value, list) else len(value)}")
    out = np.empty(shape)
    for r, row in enumerate(value):
        if not isinstance(row, list) or len(row) != cols:
            got = len(row) if isinstance(row, list) else show(row)
            raise SessionError(f"{path}[{r}]: expected a row of {cols} numbers, got {got}")
        for c, v in enumerate(row):
            if not is_number(v):
                raise SessionError(f"{path}[{r}][{c}]: expected a finite number, got {show(v)}")
            out[r, c] = v
    return out

"""Data from and to CSV files: read a table of numbers, pick input and target columns.

Reading is two steps, so that a dialog can show a preview and let the user choose:
:func:`read_table` parses the text into a :class:`Table` of numbers (refusing what is not one),
then :meth:`Table.datasets` picks the columns. Every refusal is a :class:`CsvError` whose
message names the line (1-based, as an editor shows it) and the column where it can.

Accepted: UTF-8 text (a byte-order mark is ignored), values separated by commas, semicolons or
tabs (the first line decides), optional header row, ``#`` comment lines and blank lines
(skipped), decimal point or decimal comma (``1,5``: then the separator must be ``;`` or a tab).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass

import numpy as np

from .atomic import read_bounded
from .data import MAX_SAMPLES, MAX_VALUE, Dataset
from .numbers import UNDERFLOW, limit_text, underflows

Array = np.ndarray

MAX_BYTES = 8 * 2**20  # 10,000 rows of 16 columns of 20-character numbers is about 3.4 MB
MAX_COLUMNS = 64
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
TEST_COLUMN = "test"  # a column of this name (any case) marks test samples (1) and training ones (0)
MAX_LINES = 100_000  # blank and comment lines included (MAX_SAMPLES of them hold data)
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits
_NOT_DECIMAL = re.compile(r"[^-+0-9.,eE \t\0]")
_COMMA_NUMBER = re.compile(r"^\s*[-+]?\d*,\d+([eE][-+]?\d+)?\s*$", re.ASCII)  # ASCII digits: float() reads "٣" too


class CsvError(ValueError):
    """A file that cannot be used as data; ``line`` and ``column`` (1-based) when one is to blame."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f"line {line}" if line else ""
        if line and column:
            where += f", column {column}"
        super().__init__(f"{where}: {message}" if where else message)
        self.line, self.column = line, column
        # what the reading had settled (given or guessed) when it failed; None: not yet known
        self.header: bool | None = None
        self.decimal_comma: bool | None = None


@dataclass(frozen=True)
class Table:
    """A CSV file's numbers: ``values`` is ``(rows, columns)`` float64; ``names`` one per column
    (the header's, or "column 1", …); ``lines[r]`` is the file line of row ``r`` (1-based)."""

    names: tuple[str, ...]
    values: Array
    lines: tuple[int, ...]
    separator: str
    decimal_comma: bool
    header: bool

    def default_roles(self) -> tuple[list[int], list[int], int | None]:
        """(input columns, target columns, test column or None) a dialog starts from: a column
        named ``test`` marks the split, a column named like ``y``/``target``/``label``/``class``/
        ``output`` is a target (else the last column is), the rest are inputs."""
        test = next((c for c, n in enumerate(self.names) if n.strip().lower() == TEST_COLUMN), None)
        rest = [c for c in range(len(self.names)) if c != test]
        targets = [c for c in rest if re.match(r"^(y\d*|t\d*|target.*|label.*|class.*|output.*)$",
                                                self.names[c].strip().lower())] if self.header else []
        if not targets or len(targets) == len(rest):
            targets = rest[-1:]
        return [c for c in rest if c not in targets], targets, test

    def datasets(self, inputs: list[int], targets: list[int], test: int | None = None) -> tuple[Dataset, Dataset | None]:
        """(training set, test set or None) from the chosen columns; ``test``: a column of 0
        (training) and 1 (test). CsvError for a choice or a value that cannot be used."""
        k = len(self.names)
        chosen = list(inputs) + list(targets) + ([test] if test is not None else [])
        if not inputs:
            raise CsvError("choose at least one input column")
        if not targets:
            raise CsvError("choose at least one target column")
        if any(not 0 <= c < k for c in chosen) or len(set(chosen)) != len(chosen):
            raise CsvError("each column can be an input, a target or the test marker, not two of these")
        from .network import MAX_UNITS  # the network has one unit per input and per target
        for what, cols in (("input", inputs), ("target", targets)):
            if len(cols) > MAX_UNITS:
                raise CsvError(f"at most {MAX_UNITS} {what} columns (a layer holds at most {MAX_UNITS} units), "
                               f"{len(cols)} chosen")
        values = self.values[:, chosen]
        bad = np.argwhere(np.abs(values) > MAX_VALUE)
        if len(bad):
            r, c = bad[0]
            raise CsvError(f"{limit_text(values[r, c])} in {self.names[chosen[c]]!r} is too large: values must lie "
                           f"between {limit_text(-MAX_VALUE)} and {limit_text(MAX_VALUE)}", self.lines[r], chosen[c] + 1)
        is_test = np.zeros(len(self.values), dtype=bool)
        if test is not None:
            marks = self.values[:, test]
            odd = np.flatnonzero((marks != 0) & (marks != 1))
            if len(odd):
                raise CsvError(f"the test column {self.names[test]!r} must hold 0 (training) or 1 (test), "
                               f"got {limit_text(marks[odd[0]])}", self.lines[odd[0]], test + 1)
            is_test = marks == 1
            if is_test.all():
                raise CsvError(f"every row is marked as a test sample in {self.names[test]!r}: "
                               "at least one must train")
        x, y = self.values[:, inputs], self.values[:, targets]
        train = Dataset(x[~is_test], y[~is_test])
        return train, (Dataset(x[is_test], y[is_test]) if is_test.any() else None)


def read_file(path: str | os.PathLike, header: bool | None = None, decimal_comma: bool | None = None) -> Table:
    """Read and parse ``path`` (see :func:`read_table`); CsvError if it cannot be read."""
    raw = read_bounded(path, MAX_BYTES, f"a data file is at most {MAX_BYTES // 2**20} MiB (and {MAX_SAMPLES:,} rows)",
                       CsvError)
    return read_table(raw, header, decimal_comma)


def read_table(raw: bytes | str, header: bool | None = None, decimal_comma: bool | None = None) -> Table:
    """Parse CSV text into a Table. ``header``/``decimal_comma`` None: guessed (a first row is a
    header when it holds more names than numbers, see :func:`_looks_like_names`; numbers like
    ``1,5`` under a ``;`` or tab separator mean decimal comma)."""
    text = _decode(raw)
    # before splitting: 8 MiB of "0⏎" took 540 MB to refuse (every break splitlines splits at; ⏎ after ↵ is one)
    lines = sum(text.count(c) for c in LINE_BREAKS) - text.count("\r\n")
    if lines > MAX_LINES:
        raise CsvError(f"{lines:,} lines; a data file has at most {MAX_SAMPLES:,} rows of data and "
                       f"{MAX_LINES:,} lines in all (with blank and # comment lines)")
    # (file line, text) of the lines that hold values: blank and # comment lines are skipped
    numbered = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        raise CsvError("the file holds no data (it is empty, or only blank and # comment lines)")
    sep = "\t" if "\t" in numbered[0][1] else ";" if ";" in numbered[0][1] else ","
    first = _cells(numbered[0], sep)
    width = len(first)
    if width > MAX_COLUMNS:
        raise CsvError(f"{width} columns; a data file has at most {MAX_COLUMNS}", numbered[0][0])
    if header is None:
        header = _looks_like_names(first)
    if len(numbered) - header > MAX_SAMPLES:  # refused before parsing them all
        raise CsvError(f"{len(numbered) - header:,} rows; a session holds at most {MAX_SAMPLES:,} samples")
    rows: list[tuple[int, list[str]]] = []  # (file line, cells)
    try:
        # one line at a time: a quoted value never spans lines, so each row keeps its line number
        reader = csv.reader([ln for _, ln in numbered], delimiter=sep, skipinitialspace=True)
        for line_no, cells in zip((n for n, _ in numbered), reader):
            if reader.line_num != len(rows) + 1:  # the reader went on into the next line: "1⏎2" became 12
                raise CsvError("a quoted value runs on to the next line; a value must be on one line", line_no)
            if len(cells) != width:
                raise CsvError(f"{len(cells)} values, but the first row has {width} (every row needs the same "
                               f"number of columns; separator: {SEPARATORS[sep]})", line_no)
            rows.append((line_no, cells))
    except csv.Error as exc:
        raise CsvError(f"not a CSV row ({exc})", numbered[len(rows)][0]) from None
    if decimal_comma is None:
        decimal_comma = sep != "," and any(_COMMA_NUMBER.match(c) for _, cells in rows[:50] for c in cells)
    if decimal_comma and sep == ",":
        raise CsvError("a decimal comma needs values separated by semicolons or tabs, and this file "
                       "separates them by commas", rows[0][0])
    names = tuple(c.strip() or f"column {j + 1}" for j, c in enumerate(rows[0][1])) if header else \
        tuple(f"column {j + 1}" for j in range(width))
    body = rows[1:] if header else rows
    if not body:
        raise CsvError("the file has a header but no rows of numbers")
    values = _numbers(body, width, decimal_comma)
    if values is None:  # find the first cell to blame, one at a time (only on failure)
        for line_no, cells in body:
            for c, cell in enumerate(cells):
                if _number(cell, decimal_comma) is None:
                    error = CsvError(_not_a_number(cell, decimal_comma, header, names[c]), line_no, c + 1)
                    error.header, error.decimal_comma = bool(header), bool(decimal_comma)
                    raise error
        raise CsvError("a value is not a plain decimal number")  # the two rules disagree: never a traceback
    values.flags.writeable = False
    return Table(names, values, tuple(ln for ln, _ in body), sep, bool(decimal_comma), bool(header))


def _cells(numbered_line: tuple[int, str], sep: str) -> list[str]:
    try:
        return next(csv.reader([numbered_line[1]], delimiter=sep, skipinitialspace=True))
    except csv.Error as exc:
        raise CsvError(f"not a CSV row ({exc})", numbered_line[0]) from None


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    if b"\0" in raw[:4096]:
        raise CsvError("the file is not text (it holds NUL bytes): save the data as CSV")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CsvError("the file is not UTF-8 text: save it as CSV UTF-8", line) from None


def _numbers(body: list[tuple[int, list[str]]], width: int, decimal_comma: bool) -> Array | None:
    """Every cell as a float64 ``(rows, width)`` matrix, or None if any cell is not a finite
    decimal number or is one too near 0 for a double. Converted in one go (10,000 rows in
    milliseconds); :func:`_number` is the rule, applied cell by cell only to find the culprit."""
    flat = [cell for _, cells in body for cell in cells]
    joined = "\0".join(flat)
    # float() takes "inf", "nan", "1_000" and "٣" too: none of these is data here
    if _NOT_DECIMAL.search(joined) or ("." if decimal_comma else ",") in joined:
        return None
    if decimal_comma:
        flat = joined.replace(",", ".").split("\0")
    try:
        values = np.array(flat, dtype=np.float64).reshape(len(body), width)
    except ValueError:
        return None
    if not np.all(np.isfinite(values)):
        return None
    if not _MAY_UNDERFLOW.search(joined):
        return values  # (XOR's thousands of 0s need no exact check)
    zeros = np.flatnonzero(values.ravel() == 0.0)  # only these can have underflowed
    return None if any(underflows(flat[i]) for i in zeros) else values


# A plain decimal becomes 0 as a double only with a negative exponent or 300 zeros after the point
_MAY_UNDERFLOW = re.compile(r"[eE]-|0{300}")
_PLAIN_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", re.ASCII)


_NOT_A_NAME = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)


def _looks_like_names(cells: list[str]) -> bool:
    """Whether a first row is column names: more of its cells are names than numbers. A name is
    a cell that is neither a number (either decimal mark) nor a stray value such as ``nan`` or
    ``inf``, so ``0,0,nan`` is a row of data with one bad value (reported on line 1), not a header."""
    numbers = sum(_number(c, False) is not None or _number(c, True) is not None for c in cells)
    names = sum(bool(c.strip()) and not _NOT_A_NAME.fullmatch(c.strip()) for c in cells) - numbers
    return names > numbers


def _number(cell: str, decimal_comma: bool) -> float | None:
    """The finite number in a cell, or None. Only plain decimal numbers: no "inf", "nan",
    thousands separators or hex."""
    text = cell.strip()
    if decimal_comma:
        if "." in text:
            return None
        text = text.replace(",", ".")
    if not _PLAIN_DECIMAL.fullmatch(text):
        return None
    v = float(text)
    return v if math.isfinite(v) and not underflows(text) else None


def _not_a_number(cell: str, decimal_comma: bool, header: bool, name: str) -> str:
    shown = cell.strip()
    shown = repr(shown if len(shown) <= 30 else shown[:29] + "…")
    where = f" in {name!r}" if header else ""
    if not cell.strip():
        return f"an empty value{where}: every cell needs a number"
    if not decimal_comma and _COMMA_NUMBER.match(cell):
        return f"{shown}{where} is not a number with a decimal point; tick 'decimal comma' if the file uses them"
    if decimal_comma and "." in cell:
        return f"{shown}{where} has a '.', but the file is read with a decimal comma"
    plain = cell.strip().replace(",", ".") if decimal_comma else cell.strip()
    if _PLAIN_DECIMAL.fullmatch(plain) and "e" in plain.lower() and math.isinf(float(plain)):
        # a plain number whose exponent overflows (1e400): a number, but beyond any float
        return f"{shown}{where} is too large: values must lie between {limit_text(-MAX_VALUE)} and {limit_text(MAX_VALUE)}"
    if _PLAIN_DECIMAL.fullmatch(plain) and underflows(plain):
        return f"{shown}{where} is {UNDERFLOW}"
    return f"{shown}{where} is not a number"


def write_csv(path: str | os.PathLike, data: Dataset, test_data: Dataset | None = None) -> None:
    """Write the data as CSV with a header ``x1,…,y1,…`` (and a ``test`` column of 0/1 when there
    is a test set, training rows first), numbers in full (``repr``) precision so that reading it
    back gives the same floats; written atomically."""
    from . import atomic
    n_in, n_out = data.n_inputs, data.n_outputs
    header = [f"x{i + 1}" for i in range(n_in)] + (["y"] if n_out == 1 else [f"y{j + 1}" for j in range(n_out)])
    parts = [(data, 0)] + ([(test_data, 1)] if test_data is not None else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header + ([TEST_COLUMN] if test_data is not None else []))
    for part, mark in parts:
        for x, y in zip(part.inputs.tolist(), part.targets.tolist()):
            writer.writerow([repr(v) for v in x + y] + ([mark] if test_data is not None else []))
    atomic.write_text(path, out.getvalue())

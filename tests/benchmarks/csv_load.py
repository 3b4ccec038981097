"""Benchmark: loading a CSV file of 10,000 rows (the most a session holds) as File ▸ Import data
and ``xorgui new --data csv:FILE`` do: read and parse the file, pick the default columns, make
the datasets. The issue's target is under a second.

Run: ``python tests/benchmarks/csv_load.py [--rows N] [--columns K] [--repeat R]``. Prints the
file size and the best and median of R loads.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from xorgui.core.csvdata import read_file


def write_file(path: Path, rows: int, columns: int) -> None:
    """Random numbers written in full precision (about 20 characters a value), a header row."""
    x = np.random.default_rng(0).normal(size=(rows, columns))
    header = ",".join([f"x{i + 1}" for i in range(columns - 1)] + ["y"])
    path.write_text(header + "\n" + "\n".join(",".join(repr(v) for v in row) for row in x.tolist()) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        write_file(path, args.rows, args.columns)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            table = read_file(path)
            train, _test = table.datasets(*table.default_roles())
            times.append(time.perf_counter() - t0)
        size = path.stat().st_size
    print(f"{args.rows:,} rows x {args.columns} columns ({size / 2**20:.2f} MiB): "
          f"best {min(times):.3f} s, median {statistics.median(times):.3f} s over {args.repeat} loads "
          f"({len(train):,} samples, {train.n_inputs} inputs, {train.n_outputs} target)")
    print("target: under 1 s -", "met" if statistics.median(times) < 1.0 else "NOT met")


if __name__ == "__main__":
    main()

"""Every row of issue 11's performance table, each against a reference measured in this run.

Run ``python tests/benchmarks/run_all.py`` (about 5 minutes on an idle 2-core machine;
``--quick`` for shorter runs of the same rows, ``--tests`` to also time the default test tier).
Rows come from ``processes.py`` (whole processes, memory, files, a large data set) and
``gui.py`` (the window training, its event loop, start to first paint) and ``diagram_steady.py``
(a weight label turning scientific in a big network's diagram). PyTorch CPU eager is a
reference when torch is installed and skipped with a line otherwise. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import diagram_steady  # noqa: E402
import gui  # noqa: E402
import processes  # noqa: E402
from gui import Row  # noqa: E402


def test_tier_rows() -> list[Row]:
    """The default ``pytest`` tier, against the fast tier the landing script runs."""
    root = HERE.parents[1]
    times = []
    for args in ([], ["-m", "not slow", "-n", "2"]):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=root,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return [Row("python -m pytest (default tier)", f"{times[0]:.0f} s", f"{times[1]:.0f} s", times[0] / 60,
                "ratio: / 60 s, target <= 1; reference: the fast tier")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (a tenth of the epochs, fewer rounds)")
    parser.add_argument("--tests", action="store_true", help="also time the default test tier (minutes)")
    args = parser.parse_args()
    q = 10 if args.quick else 1
    print(f"platform {os.environ['QT_QPA_PLATFORM']}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    sections = [
        lambda: processes.train_rows(200_000 // q, 3 if q == 1 else 1),
        lambda: gui.training_rows(1.0, 5 if q == 1 else 2),
        lambda: gui.long_epoch_rows(2.0 if q == 1 else 1.0),
        lambda: gui.startup_rows(5 if q == 1 else 2),
        lambda: processes.memory_rows(2_000_000 // q),
        lambda: processes.long_session_rows(5_000_000 // q),
        processes.large_data_rows,
        lambda: diagram_steady.rows(7 if q == 1 else 3),
    ]
    if args.tests:
        sections.append(test_tier_rows)
    else:
        print("# test tier: not timed (add --tests)")
    for section in sections:
        for row in section():
            print(row.line(), flush=True)


if __name__ == "__main__":
    main()

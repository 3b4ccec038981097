"""Run packaging/build.py and record its outcome: `python record_build.py OUT`.

The packaging tests' conftest starts this in the background as soon as a run has selected a
packaging test, so the build overlaps the other slow tests; the `build` fixture reads OUT/build.json.
The record is written whole (a temporary file renamed), so a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    try:
        # one timed self-test launch per app: the tests check that both start and that the build
        # prints the figure; its median over several launches is a benchmark (build.py's default, 5)
        result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out / "dist"),
                                 "--work", str(out / "work"), "--runs", "1"],
                                capture_output=True, text=True, timeout=1200)
        record = {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
    except subprocess.TimeoutExpired as exc:
        record = {"returncode": -1, "stdout": str(exc.stdout or ""), "stderr": "build.py took over 20 minutes"}
    temporary = out / "build.json.part"
    temporary.write_text(json.dumps(record))
    os.replace(temporary, out / "build.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

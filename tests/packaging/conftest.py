"""The packaging build, made once per pytest run and shared by every test (and every xdist worker).

packaging/build.py takes about a minute and a half: it runs once, under a file lock, into a folder
all workers of this run share; the first worker builds, the others wait for it and read the result.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _shared_folder(tmp_path_factory) -> Path:
    """A folder of this run: its base temp folder, or under xdist the parent all workers share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Run packaging/build.py once per run; its outputs and the figures it printed."""
    import fcntl  # the packaging tests run on Linux only; Windows has no fcntl

    out = _shared_folder(tmp_path_factory) / "packaging"
    out.mkdir(exist_ok=True)
    record = out / "build.json"
    with open(out / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not record.exists():
            result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out / "dist"),
                                     "--work", str(out / "work"), "--runs", "3"],
                                    capture_output=True, text=True, timeout=1200)
            record.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout,
                                          "stderr": result.stderr}))
    result = json.loads(record.read_text())
    assert result["returncode"] == 0, f"build failed:\n{result['stdout'][-4000:]}\n{result['stderr'][-4000:]}"
    dist = out / "dist"
    lines = re.findall(r"^\w+ +(\S+): ([\d.]+) MiB", result["stdout"], re.M)  # "bundle  PATH: 148.8 MiB ..."
    figures = {Path(path).name: float(mib) for path, mib in lines}
    (deb,) = dist.glob("xorgui_*.deb")
    (tarball,) = dist.glob("xorgui-*-linux-*.tar.xz")
    return SimpleNamespace(bundle=dist / "xorgui", deb=deb, tarball=tarball, figures=figures, log=result["stdout"],
                           root=out)

"""The packaging build, made once per pytest run and shared by every test (and every xdist worker).

packaging/build.py takes minutes: it runs once per run, into a folder all workers of this run share,
in a background process (record_build.py) started as soon as the run has selected a packaging test,
so it overlaps the long slow tests (the 10,000-action random test) whichever worker runs them; the
`build` fixture waits for its record. An interrupted run (Ctrl+C) stops it with the process group.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

_BACKGROUND = []  # the build process this worker started, kept referenced while it runs


def _shared_folder(tmp_path_factory) -> Path:
    """A folder of this run: its base temp folder, or under xdist the parent all workers share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _start_build(out: Path) -> Path:
    """Start record_build.py into ``out`` unless this run already has; the record's path."""
    import fcntl  # the packaging tests run on Linux only; Windows has no fcntl

    out.mkdir(exist_ok=True)
    with open(out / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        started = out / "build.started"
        if not started.exists():
            started.write_text(str(os.getpid()))
            _BACKGROUND.append(subprocess.Popen([sys.executable, str(Path(__file__).with_name("record_build.py")), str(out)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return out / "build.json"


def pytest_collection_finish(session):
    here = Path(__file__).parent
    if session.config.option.collectonly:
        return
    if any(Path(item.path).is_relative_to(here) for item in session.items):
        _start_build(_shared_folder(session.config._tmp_path_factory) / "packaging")  # = the tmp_path_factory fixture


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """packaging/build.py's outputs and the figures it printed (waits for the background build)."""
    out = _shared_folder(tmp_path_factory) / "packaging"
    record = _start_build(out)
    deadline = time.monotonic() + 1500  # record_build.py gives up after 1200 s and says so
    while not record.exists():
        assert time.monotonic() < deadline, "the packaging build left no record"
        time.sleep(1)  # a separate process: nothing to wait on but its file
    result = json.loads(record.read_text())
    assert result["returncode"] == 0, f"build failed:\n{result['stdout'][-4000:]}\n{result['stderr'][-4000:]}"
    dist = out / "dist"
    lines = re.findall(r"^\w+ +(\S+): ([\d.]+) MiB", result["stdout"], re.M)  # "bundle  PATH: 148.8 MiB ..."
    figures = {Path(path).name: float(mib) for path, mib in lines}
    (deb,) = dist.glob("xorgui_*.deb")
    (tarball,) = dist.glob("xorgui-*-linux-*.tar.xz")
    return SimpleNamespace(bundle=dist / "xorgui", deb=deb, tarball=tarball, figures=figures, log=result["stdout"],
                           root=out)

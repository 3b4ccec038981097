"""End to end: the real program, killed with SIGKILL after a change, gives the change back at the
next start (in a real X server, and offscreen). The data folder is a temporary one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xorgui.core import sessionfile

pytestmark = pytest.mark.slow
SEED = Path(__file__).resolve().parents[1] / "resources" / "examples" / "seed.json"


@pytest.fixture(params=["xcb", "offscreen"])
def platform_env(request, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM=request.param, XORGUI_DATA_DIR=str(tmp_path / "data"))
    if request.param == "xcb":
        env["DISPLAY"] = request.getfixturevalue("xvfb_display")
    return env


def wait_for_epoch(file: Path, epoch: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if file.exists() and sessionfile.load(file).epoch == epoch:  # written atomically: never half
            return
        time.sleep(0.1)
    raise AssertionError(f"no recovery file at epoch {epoch} after {timeout} s")


@pytest.mark.parametrize("answer, epoch_after", [("restore", 2), ("discard", 1)])
def test_kill_9_after_a_change_and_the_next_start_offers_it_back(platform_env, tmp_path, answer, epoch_after):
    session = tmp_path / "seed.json"
    shutil.copy(SEED, session)
    recovery = tmp_path / "data" / "recovery" / "session.json"
    # 1: open a session, press Epoch once (the documented test hook), wait for the autosave, kill -9
    app = subprocess.Popen([sys.executable, "-m", "xorgui", str(session)], env=dict(platform_env, XORGUI_TEST_STEP_EPOCH="1"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_epoch(recovery, 1)
    finally:
        app.kill()
        _, err = app.communicate(timeout=30)
    assert "Traceback" not in err
    assert sessionfile.load(session).epoch == 0  # the change was never saved by the user
    trainer, doc = sessionfile.load_with_extra(recovery)
    assert doc["recovery"]["path"] == str(session)
    # 2: the next start answers the box; the self-test then runs one more epoch and exits cleanly
    result = subprocess.run([sys.executable, "-m", "xorgui", "--self-test", "--screenshot", str(tmp_path / "after.png")],
                            env=dict(platform_env, XORGUI_TEST_RECOVERY=answer), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # restored: the killed run's epoch 1, plus the self-test's; discarded: the self-test's only
    assert f"self-test passed: platform {platform_env['QT_QPA_PLATFORM']}, epoch {epoch_after}" in result.stdout
    assert not recovery.exists()  # a clean exit leaves nothing to recover
    assert "Traceback" not in result.stderr

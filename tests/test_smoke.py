"""End to end: the real program in a real X server (Xvfb) renders a window that is not blank."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _run_app(display: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return subprocess.run([sys.executable, "-m", "xorgui", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def _image_stats(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct colours in a 64×40 thumbnail), read with Qt offscreen."""
    code = ("import sys; from PySide6.QtGui import QGuiApplication, QImage; app = QGuiApplication([]); "
            "im = QImage(sys.argv[1]); s = im.scaled(64, 40); "
            "print(im.width(), im.height(), len({s.pixel(x, y) for x in range(s.width()) for y in range(s.height())}))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                         capture_output=True, text=True, timeout=60, check=True).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


def test_window_appears_in_a_real_x_server(xvfb_display, tmp_path):
    shot = tmp_path / "window.png"
    result = _run_app(xvfb_display, "--screenshot", str(shot), "--size", "1400x860")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    width, height, colours = _image_stats(shot)
    assert (width, height) == (1400, 860)
    assert colours > 20, "the screenshot is (nearly) blank"


def test_self_test_runs_an_epoch_under_x11(xvfb_display, tmp_path):
    shot = tmp_path / "self.png"
    result = _run_app(xvfb_display, "--self-test", "--screenshot", str(shot))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed: platform xcb, epoch 1" in result.stdout


def test_opening_a_corrupt_file_keeps_the_app_alive(xvfb_display, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "xorgui-session", "version": 1, "network": 5}')
    shot = tmp_path / "after-bad.png"
    result = _run_app(xvfb_display, str(bad), "--screenshot", str(shot))
    # the error is shown in a dialog, the default session stays open, no traceback
    assert "Traceback" not in result.stderr
    assert shot.exists()

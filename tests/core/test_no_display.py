"""Without a display, `xorgui` says so in one line and exits 1 (Qt would abort with exit 134 and
a misleading hint about libxcb-cursor0). The checks of ``display_problem`` run in this process; the
program itself runs in processes of its own (``-m process``, left out of the default tier)."""

import os
import subprocess
import sys

import pytest

from xorgui.display import display_problem, missing_xcb_libraries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")


def xorgui(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    base["PYTHONPATH"] = os.pathsep.join(sys.path)
    return subprocess.run([sys.executable, "-m", "xorgui", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.process
@pytest.mark.parametrize("args", [(), ("session.json",), ("--size", "800x600")])
def test_no_display_is_one_clear_line_and_exit_1(args):
    result = xorgui(*args)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("xorgui: no display found") and "xorgui train" in lines[0]
    assert "libxcb-cursor0" not in lines[0] and "Aborted" not in result.stderr


def test_no_display_is_named_with_the_commands_that_need_none():
    problem = display_problem({})
    assert problem.startswith("xorgui: no display found") and "\n" not in problem
    assert "xorgui train" in problem and "QT_QPA_PLATFORM=offscreen" in problem
    assert "libxcb-cursor0" not in problem


def test_an_unreachable_x_display_is_named_also_where_a_library_is_missing(monkeypatch):
    from xorgui import display

    # the X11 plugin's libraries are checked first: take them as loadable, and ask a real libxcb
    monkeypatch.setattr(display, "missing_xcb_libraries", lambda: [])
    assert display_problem({"DISPLAY": ":97"}) == (
        "xorgui: cannot connect to the X display :97; xorgui train, walkthrough, gradcheck and "
        "diagnose run without a window (xorgui --help); QT_QPA_PLATFORM=offscreen renders off screen")


@pytest.mark.process
@pytest.mark.skipif(bool(missing_xcb_libraries()), reason="a missing X11 library is named first (tested below)")
def test_an_unreachable_x_display_is_named():
    result = xorgui(DISPLAY=":97")  # no X server listens there
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "xorgui: cannot connect to the X display :97; xorgui train, walkthrough, gradcheck and "
        "diagnose run without a window (xorgui --help); QT_QPA_PLATFORM=offscreen renders off screen")


@pytest.mark.process
def test_headless_commands_and_help_need_no_display(tmp_path):
    assert xorgui("--help").returncode == 0
    assert xorgui("new", "--out", str(tmp_path / "s.json")).returncode == 0


@pytest.mark.parametrize("env,ok", [
    ({}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, True),
    ({"QT_QPA_PLATFORM": "minimal"}, True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "xcb"}, False),
])
def test_which_environments_count_as_a_display(env, ok):
    assert (display_problem(env) is None) == ok


def test_a_missing_library_of_the_x11_plugin_is_named(monkeypatch):
    import ctypes

    from xorgui import display

    def cdll(name):
        raise OSError(f"{name}: libxcb-cursor.so.0: cannot open shared object file: No such file or directory")
    monkeypatch.setattr(display, "xcb_plugin_path", lambda: "/qt/plugins/platforms/libqxcb.so")
    monkeypatch.setattr(ctypes, "CDLL", cdll)
    problem = display_problem({"DISPLAY": ":0"})
    assert "Qt's X11 plugin needs libxcb-cursor.so.0" in problem and "\n" not in problem


def test_a_wayland_display_without_its_compositor_or_an_unknown_platform_is_one_line(tmp_path):
    """Both aborted in Qt (exit 134) with the libxcb-cursor0 hint display.py exists to prevent."""
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert display_problem(env) == (
        f"xorgui: cannot connect to the Wayland display wayland-0 (no {tmp_path / 'wayland-0'}); xorgui train, "
        "walkthrough, gradcheck and diagnose run without a window (xorgui --help); QT_QPA_PLATFORM=offscreen "
        "renders off screen")
    (tmp_path / "wayland-0").touch()  # the compositor's socket (a file stands for it here)
    assert display_problem(env) is None
    assert display_problem({"DISPLAY": ":99", "QT_QPA_PLATFORM": "bogus"}).startswith(
        "xorgui: Qt has no platform plugin 'bogus' (QT_QPA_PLATFORM); use xcb, wayland or offscreen; ")
    assert display_problem({"QT_QPA_PLATFORM": "bogus;offscreen"}) is None  # Qt tries the next one
    # "wayland;xcb" (as many desktops set it) with the compositor gone: Qt falls back to X11
    assert display_problem({**env, "QT_QPA_PLATFORM": "wayland;offscreen"}) is None
    (tmp_path / "wayland-0").unlink()
    assert display_problem({**env, "QT_QPA_PLATFORM": "wayland;offscreen"}) is None
    assert display_problem({**env, "QT_QPA_PLATFORM": "wayland;xcb"}).startswith("xorgui: no display found")

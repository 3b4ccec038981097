"""Can a window open here? Checked before Qt is started, because Qt aborts (exit 134) with a
misleading hint about libxcb-cursor0 when there is no display at all.

Only Linux and other X11/Wayland systems are checked; Windows and macOS always have a display.
"""

from __future__ import annotations

import os
import sys

HEADLESS = ("xorgui train, walkthrough, gradcheck and diagnose run without a window "
            "(xorgui --help); QT_QPA_PLATFORM=offscreen renders off screen")
# platforms that need no display server (Qt's own names)
_NO_SERVER = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "minimalegl"}


def display_problem(environ=None) -> str | None:
    """One line saying why no window can open (no display, an unreachable X server, a
    library the X11 plugin needs is missing), or None if it looks fine."""
    env = os.environ if environ is None else environ
    if sys.platform.startswith(("win", "darwin")):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    asked = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    known = available_platforms(platform) if asked else set()
    usable = [p for p in asked if p in known or p.startswith("wayland")]  # Qt takes the first it has
    if asked and not usable:  # Qt would abort (134)
        return (f"xorgui: Qt has no platform plugin '{platform}' (QT_QPA_PLATFORM); use xcb, wayland or "
                f"offscreen; {HEADLESS}")
    platform = usable[0] if usable else platform
    if platform in _NO_SERVER:
        return None
    if (platform.startswith("wayland") and env.get("WAYLAND_DISPLAY")) or (
            not platform and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY")):  # Qt picks Wayland
        socket = wayland_socket(env)
        if socket is None or os.path.exists(socket):
            return None
        if len(usable) < 2:  # with "wayland;xcb" Qt goes on to the next: checked below
            return f"xorgui: cannot connect to the Wayland display {env['WAYLAND_DISPLAY']} (no {socket}); {HEADLESS}"
        platform = usable[1]
        if platform in _NO_SERVER:
            return None
    if not env.get("DISPLAY"):
        return f"xorgui: no display found (DISPLAY and WAYLAND_DISPLAY are not set); {HEADLESS}"
    if platform and platform != "xcb":
        return None
    missing = missing_xcb_libraries()
    if missing:
        return (f"xorgui: cannot open a window on display {env['DISPLAY']}: Qt's X11 plugin needs "
                f"{', '.join(missing)} (install the package that provides it); {HEADLESS}")
    if not _x_server_answers(env["DISPLAY"]):
        return f"xorgui: cannot connect to the X display {env['DISPLAY']}; {HEADLESS}"
    return None


def wayland_socket(env) -> str | None:
    """Where the compositor's socket should be (WAYLAND_DISPLAY, relative to XDG_RUNTIME_DIR),
    or None when that cannot be said (no runtime folder: Qt says why itself)."""
    name = env["WAYLAND_DISPLAY"]
    if os.path.isabs(name):
        return name
    runtime = env.get("XDG_RUNTIME_DIR")
    return os.path.join(runtime, name) if runtime else None


def available_platforms(wanted: str) -> set[str]:
    """Qt's platform plugins here (``wanted`` too when the plugin folder cannot be read: Qt will say)."""
    try:
        from PySide6.QtCore import QLibraryInfo  # QtCore needs no display
    except ImportError:
        return {wanted}
    folder = os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms")
    try:
        names = os.listdir(folder)
    except OSError:
        return {wanted}
    return {n[len("libq"):].split(".")[0] for n in names if n.startswith("libq")}


def missing_xcb_libraries() -> list[str]:
    """Shared libraries Qt's xcb platform plugin needs that cannot be loaded (empty if it
    loads, or if the plugin cannot be found to check)."""
    import ctypes  # here, as in _x_server_answers: only an X11 start needs them (~3 ms)
    import re

    plugin = xcb_plugin_path()
    if plugin is None:
        return []
    try:
        ctypes.CDLL(plugin)
        return []
    except OSError as exc:  # the loader names the first library it could not find
        m = re.search(r"([\w.+-]+\.so[.\d]*): cannot open shared object file", str(exc))
        return [m.group(1) if m else str(exc).splitlines()[0]]


def xcb_plugin_path() -> str | None:
    try:
        from PySide6.QtCore import QLibraryInfo  # QtCore needs no display
    except ImportError:
        return None
    path = os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms", "libqxcb.so")
    return path if os.path.exists(path) else None


def _x_server_answers(display: str) -> bool:
    """True if libxcb connects to ``display`` (or libxcb cannot be asked)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
        xcb.xcb_connect.restype = ctypes.c_void_p
        xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
        xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
        xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return True
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)

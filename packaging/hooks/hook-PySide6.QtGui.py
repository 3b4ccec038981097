"""Replaces PyInstaller's hook for PySide6.QtGui: the same collection, minus unwanted Qt plugins.

PyInstaller's own hook collects every plugin QtGui might load (GTK platform theme, EGL device
integrations, evdev input, ten image formats, ...), and their system libraries with them. The spec
decides which plugins to keep (hooksconfig ``xorgui`` ▸ ``keep_qt_binary``); filtering here, before
PyInstaller resolves shared-library dependencies, means a dropped plugin drags nothing in.
"""

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, _binaries, datas = add_qt6_dependencies(__file__)


def hook(hook_api):
    keep = get_hook_config(hook_api, "xorgui", "keep_qt_binary")
    hook_api.add_binaries([entry for entry in _binaries if keep is None or keep(*entry)])

"""Replaces PyInstaller's hook for PySide6.QtWidgets: the same collection, minus unwanted style plugins.

See hook-PySide6.QtGui.py: the spec's hooksconfig ``xorgui`` ▸ ``keep_qt_binary`` decides.
"""

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, _binaries, datas = add_qt6_dependencies(__file__)


def hook(hook_api):
    keep = get_hook_config(hook_api, "xorgui", "keep_qt_binary")
    hook_api.add_binaries([entry for entry in _binaries if keep is None or keep(*entry)])

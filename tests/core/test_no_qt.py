"""xorgui.core (and the headless CLI) never import Qt."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import xorgui

PACKAGE = Path(xorgui.__file__).resolve().parent
QT = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6", "qtpy")


@pytest.mark.process
def test_importing_core_and_cli_loads_no_qt():
    code = (
        "import xorgui.core, xorgui.core.diagnostics, xorgui.core.walkthrough, xorgui.core.presets, "
        "xorgui.core.sessionfile, xorgui.core.gradcheck, xorgui.core.naming, xorgui.cli, sys\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt')))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


@pytest.mark.process
def test_every_core_module_imports_without_qt():
    modules = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
    assert {"network", "training", "sessionfile", "walkthrough", "diagnostics"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('xorgui.core.' + m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt')))\n"
        "assert not bad, bad\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


@pytest.mark.process
def test_headless_cli_commands_load_no_qt(tmp_path):
    """A whole headless run through the real entry point (xorgui.__main__ → app → cli)."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['xorgui', 'new', '--out', 's.json']\n"
        "try:\n"
        "    runpy.run_module('xorgui', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "from xorgui.app import main\n"
        "assert main(['walkthrough', 's.json']) == 0\n"
        "assert main(['train', 's.json', '--epochs', '5', '--quiet']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt')))\n"
        "assert not bad, bad\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr


IMPORT_QT = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(QT) + r")\b", re.MULTILINE)


def test_no_qt_import_statement_in_core_sources():
    offenders = []
    files = sorted((PACKAGE / "core").rglob("*.py")) + [PACKAGE / "cli.py", PACKAGE / "bug_report.py"]
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        if IMPORT_QT.search(text) or re.search(r"import_module\(\s*['\"](" + "|".join(QT) + ")", text):
            offenders.append(str(path.relative_to(PACKAGE)))
        # nor the GUI package, which imports Qt
        if re.search(r"^\s*(?:from|import)\s+(?:xorgui\.gui|\.\.gui|\.gui)\b", text, re.MULTILINE):
            offenders.append(str(path.relative_to(PACKAGE)) + " (imports xorgui.gui)")
    assert offenders == []


def test_the_static_check_would_catch_an_import():
    assert IMPORT_QT.search("from PySide6.QtCore import Qt")
    assert IMPORT_QT.search("    import pyqtgraph as pg")
    assert not IMPORT_QT.search("# PySide6 is not imported here")

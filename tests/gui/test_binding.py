"""The Qt binding this project is installed with must not corrupt the interpreter."""

import sys

from PySide6.QtCore import QPointF


def test_void_qt_calls_keep_none_alive():
    # PySide6 6.12.0 on CPython 3.11 lowers None's reference count on every call that returns
    # nothing; after a few thousand calls Python aborts. pyproject.toml excludes that build.
    point = QPointF()
    point.setX(0.0)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        point.setX(1.0)
    assert sys.getrefcount(None) >= before - 100


def test_signal_emits_keep_booleans_alive(qtbot):
    from PySide6.QtWidgets import QCheckBox

    box = QCheckBox()
    qtbot.addWidget(box)
    seen = []
    box.toggled.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2_000):
        box.setChecked(True)
        box.setChecked(False)
    assert len(seen) == 4_000
    assert sys.getrefcount(True) >= before[0] - 100
    assert sys.getrefcount(False) >= before[1] - 100

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

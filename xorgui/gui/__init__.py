"""The window: controller, run loop and views (Qt); the maths is in xorgui.core.

Once imported, PySide6 reads the source of every module imported after it, to see whether it
asks for a ``__feature__`` (~0.1 ms a module; 15-25 ms for numpy and the core). So the numpy
core the window needs at start is imported here, before any module of this package imports Qt,
and app.run_window imports this package before its display check imports QtCore.
"""

from ..core import (  # noqa: F401
    atomic, cancel, diagnostics, divergence, export_script, naming, numbers, presets, reshape,
    session_position, snapshot, testcurve, timetravel, training,
)

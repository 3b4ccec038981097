"""Find bundled resources (icons, example sessions) from a checkout, a wheel or a bundle.

* PyInstaller bundle: ``sys._MEIPASS/resources`` (the spec copies ``resources/`` there).
* Installed wheel: ``xorgui/_resources`` (pyproject maps the top-level ``resources/`` there).
* Checkout or editable install: ``<repo>/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    here = Path(__file__).resolve().parent
    candidates = []
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        candidates.append(Path(sys._MEIPASS) / "resources")
    candidates += [here / "_resources", here.parent / "resources"]
    for path in candidates:
        if (path / "icons").is_dir():
            return path
    raise FileNotFoundError("xorgui's resources are missing; looked in " + ", ".join(map(str, candidates)))


def resource_path(relative: str) -> Path:
    """Absolute path of a resource such as ``icons/xorgui.svg``."""
    return resource_root() / relative

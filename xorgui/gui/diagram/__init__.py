"""The network diagram: every unit and weight of the network, live, with in-place editing.

``style`` (colours, fonts), ``items`` (units, weight labels, the editor), ``links`` (all links, one item), ``layout``
(where things go and which labels show: plain numpy, no Qt), ``scene`` (the items for a
snapshot, updated in place), ``export`` (PNG/SVG), ``input`` (mouse and keys) and ``view``
(the widget: renders snapshots, forwards intent).

The Qt parts load on first use, so that ``diagram.layout`` can be imported (and tested)
without Qt.
"""

from importlib import import_module

_EXPORTS = {"DiagramView": "view", "DIM_OPACITY": "style", "LinkItem": "links", "NodeItem": "items",
            "TextBox": "items", "WeightEditor": "items", "WeightLabel": "items"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The network diagram: every unit and weight of the network, live, with in-place editing.

``style`` (colours, sizes, fonts), ``items`` (units, links, weight labels, the editor),
``layout`` (where things go: pure numpy), ``scene`` (the items for a snapshot, updated in place),
``export`` (PNG/SVG) and ``view`` (the widget: renders snapshots, forwards intent).
"""

from .items import LinkItem, NodeItem, TextBox, WeightEditor, WeightLabel
from .style import DIM_OPACITY
from .view import DiagramView

__all__ = ["DIM_OPACITY", "DiagramView", "LinkItem", "NodeItem", "TextBox", "WeightEditor", "WeightLabel"]

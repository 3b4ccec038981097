"""The architecture buttons on the diagram: − and + under each layer's title for its units, ✕
to remove a hidden layer, and + between two layers for a new hidden layer there.

A button that would be refused is drawn faded and its tooltip says why (the cap, or that the
data sets the input and output sizes: :func:`xorgui.core.reshape.why_not`); the view forwards a
click on an enabled one to the controller command of the same name.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from ...core.reshape import describe, why_not
from .items import TextBox
from ..theme import mix
from .style import Colors, Z_CAPTION

GLYPHS = {"remove_unit": "−", "add_unit": "+", "remove_layer": "✕", "add_layer": "+"}


class ControlButton(TextBox):
    """One architecture button: ``action`` and ``layer`` name the controller command and its
    argument; ``reason`` is why it is disabled (None when enabled)."""

    def __init__(self, action: str, layer: int, layers: list[int], font: QFont):
        super().__init__(font)
        self.action, self.layer = action, layer
        # add_layer k: a hidden layer at position k; why_not judges the network as it is
        self._own_reason, self._own_tip = why_not(layers, action, layer), describe(layers, action, layer)
        self.setText(GLYPHS[action])
        self.setZValue(Z_CAPTION)
        self.side = 0.0
        self.set_read_only("")

    def set_read_only(self, reason: str) -> None:
        """While an earlier epoch is shown (``reason``, "" at now) the button is disabled with it
        as its tip; restyle after (``style``)."""
        self.reason = reason or self._own_reason
        self.setToolTip(self.reason or self._own_tip)
        if self.enabled:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    @property
    def enabled(self) -> bool:
        return self.reason is None

    def set_side(self, side: float, font: QFont) -> None:
        """A square of ``side`` px with the glyph in ``font``."""
        self.set_font(font)
        self.side = side
        self.prepareGeometryChange()
        self._rect = QRectF(-side / 2, -side / 2, side, side)
        self._text_rect = QRectF(self._rect)

    def style(self, colors: Colors) -> None:
        text = colors.text if self.enabled else mix(colors.base, colors.text, 0.3)
        border = QPen(mix(colors.base, colors.text, 0.55 if self.enabled else 0.2), 1)
        border.setCosmetic(True)
        self.set_style(mix(colors.base, colors.text, 0.04), border, QColor(text))


def build(scene, layers: list[int], font: QFont) -> dict[tuple[str, int], ControlButton]:
    """The buttons for ``layers``, added to ``scene`` (placed later by :func:`place`)."""
    buttons = {}
    last = len(layers) - 1
    for k in range(len(layers)):
        actions = ["remove_unit", "add_unit"] + (["remove_layer"] if 0 < k < last else [])
        if k:
            actions.append("add_layer")
        for action in actions:
            button = ControlButton(action, k, layers, font)
            scene.addItem(button)
            buttons[(action, k)] = button
    return buttons


def place(buttons: dict[tuple[str, int], ControlButton], lay, font: QFont) -> None:
    """Put each button where the layout planned it."""
    for key, button in buttons.items():
        if key in lay.controls:
            button.setPos(*lay.controls[key])
            button.set_side(lay.control_side, font)

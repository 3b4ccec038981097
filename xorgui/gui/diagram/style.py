"""How the diagram looks: colours from the palette, fonts, pen widths, stacking order."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette

from ..theme import mix

DIM_OPACITY = 0.18  # what is not highlighted fades to this
NUDGE, FINE_NUDGE = 0.1, 0.01
MIN_LINK_PX, MAX_LINK_PX = 1.0, 8.0
MIN_MAP_PX = 56.0  # a unit map narrower than this on screen is a pale strip under the texts: not drawn
MIN_BUTTON_PX = 12.0  # the architecture buttons narrower than this on screen are hidden
ZOOM_STEP = 1.25
MAX_ZOOM = 12.0  # times the fitted scale
ERROR_RED = "#d32f2f"
Z_LINK, Z_LINK_HIGH, Z_NODE, Z_CAPTION, Z_LABEL, Z_LABEL_SELECTED = 0, 1, 2, 3, 4, 5


@dataclass
class Colors:
    """The diagram's colours, derived from a palette so that light and dark themes both work."""

    base: QColor
    text: QColor
    muted: QColor
    node_fill: QColor
    input_fill: QColor
    bias_fill: QColor
    node_border: QColor
    positive: QColor
    negative: QColor
    zero: QColor
    highlight: QColor

    @classmethod
    def from_palette(cls, pal: QPalette) -> "Colors":
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        dark = base.lightnessF() < 0.5
        return cls(
            base=base, text=text, muted=mix(base, text, 0.62),
            node_fill=mix(base, text, 0.04), input_fill=mix(base, text, 0.09),
            bias_fill=mix(base, text, 0.17), node_border=mix(base, text, 0.72),
            # blue / orange-red: distinguishable for the common colour blindnesses, and contrasting
            # with the background in either theme
            positive=QColor("#64b0ff" if dark else "#1c64c8"),
            negative=QColor("#ff8a57" if dark else "#d2460f"),
            zero=mix(base, text, 0.4),
            highlight=QColor("#ffd54a" if dark else "#e0a100"),
        )


def font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def font_metrics(base: QFont, px: int) -> QFontMetricsF:
    return QFontMetricsF(font(base, px))


"""How the diagram looks: colours from the palette, sizes for a network shape, fonts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette

from ...core.numbers import fmt

DIM_OPACITY = 0.18  # what is not highlighted fades to this
NUDGE, FINE_NUDGE = 0.1, 0.01
MIN_LINK_PX, MAX_LINK_PX = 1.0, 8.0
MIN_LEGIBLE_PX = 5.0  # weight labels smaller than this on screen are not painted at all
ZOOM_STEP = 1.25
ASPECT = 1.45  # width / height the layout aims for (a typical diagram pane)
MAX_ZOOM = 12.0  # times the fitted scale
ERROR_RED = "#d32f2f"
Z_LINK, Z_LINK_HIGH, Z_NODE, Z_CAPTION, Z_LABEL, Z_LABEL_SELECTED = 0, 1, 2, 3, 4, 5
PAD_X, PAD_Y = 7.0, 2.0  # text inside a box: room either side, above and below

def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)

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

@dataclass(frozen=True)
class Metrics:
    """Sizes in scene units for one network shape and display precision."""

    name_px: int
    value_px: int
    label_px: int
    detail_px: int
    title_px: int
    radius: float  # node radius
    unit_gap: float  # vertical distance between unit centres
    layer_gap: float  # horizontal distance between layer centres
    label_w: float  # widest expected weight label (used to place labels)
    label_h: float
    detail_h: float  # height of the a/δ caption under a node (0 when hidden)

    @classmethod
    def for_shape(cls, layers: tuple[int, ...], precision: int, details: bool, font: QFont,
                  widest_label: str = "") -> "Metrics":
        links = max((layers[l] + 1) * layers[l + 1] for l in range(len(layers) - 1))
        units = max(n + (i < len(layers) - 1) for i, n in enumerate(layers))
        dense = links > 24 or units > 6
        name_px, value_px, label_px, detail_px, title_px = (13, 15, 13, 12, 15) if dense else (22, 28, 26, 20, 20)
        sample = fmt(-0.123456789, precision)
        value_w = font_metrics(font, value_px).horizontalAdvance(sample)
        radius = max(26.0 if dense else 40.0, value_w / 2 + 9)
        lfm = font_metrics(font, label_px)
        label_w = max(lfm.horizontalAdvance(sample), lfm.horizontalAdvance(widest_label)) + 2 * PAD_X
        label_h = lfm.height() + 2 * PAD_Y
        detail_h = 2 * font_metrics(font, detail_px).height() + 2 * PAD_Y + 4 if details else 0.0
        unit_gap = 2 * radius + (22 if dense else 44) + detail_h
        if dense:
            layer_gap = min(max(4.4 * radius + 2.2 * label_w, 280 + 3.0 * links), 3.2 * radius + 5.0 * label_w)
        else:
            layer_gap = max(3.0 * radius + 1.8 * label_w, 300 + 3.0 * links)
            # use the width of a typical 3:2 view: more room for the labels at no cost in scale
            n = max(layers)
            height = (n - 1) * unit_gap + 3.9 * radius + 62 + detail_h + 2.2 * title_px
            wide = (ASPECT * height - 2 * radius) / (len(layers) - 1)
            layer_gap = min(max(layer_gap, wide), 1.35 * layer_gap)
        return cls(name_px, value_px, label_px, detail_px, title_px, radius, unit_gap, layer_gap,
                   label_w, label_h, detail_h)

def font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f

def font_metrics(base: QFont, px: int) -> QFontMetricsF:
    return QFontMetricsF(font(base, px))


"""The heatmaps' colour scale and the images made from it (once per published surface, never in paint).

Low values are orange, the middle of the range is a light grey, high values are blue (the
diagram's negative and positive colours, distinguishable with the common colour blindnesses).
A value that is not finite (a diverged run) has no colour on the scale: it is drawn in the 'no
value' colour NOT_FINITE, a mid grey darker than the scale's middle. A flat scale (``hi == lo``, or
an end that is not finite) has no direction: every finite value gets the scale's middle colour.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage

from ..core.surface import Surface, output_range, value_range

LOW, MID, HIGH = (0xF5, 0x93, 0x22), (0xEE, 0xEE, 0xEE), (0x08, 0x77, 0xBD)
NOT_FINITE = (0x80, 0x80, 0x80)
STEPS = 256
UNIT_PIXELS = 50  # a unit's map on the diagram: about this many pixels across (the unit is ~80 px)


def _lut() -> np.ndarray:
    """``(STEPS, 3)`` uint8: LOW → MID over the first half, MID → HIGH over the second."""
    t = np.linspace(0.0, 1.0, STEPS)[:, None]
    low, mid, high = (np.array(c, dtype=np.float64) for c in (LOW, MID, HIGH))
    rgb = np.where(t < 0.5, low + (mid - low) * (t / 0.5), mid + (high - mid) * ((t - 0.5) / 0.5))
    return np.round(rgb).astype(np.uint8)


LUT = _lut()
# the ground under the samples' dots: the same scale, paler, so that the dots (full colour) stand out
PALE_LUT = np.round(LUT + (255 - LUT.astype(np.float64)) * 0.45).astype(np.uint8)


def levels(values: np.ndarray, lo, hi) -> np.ndarray:
    """Indices into LUT for ``values`` on the scale ``lo``..``hi`` (clipped, rounded; ``lo`` and
    ``hi`` may be arrays that broadcast against ``values``); the middle index where the scale is
    flat (see the module docstring); -1 where a value is not finite. Never warns. Done in place on
    one float buffer: this runs for every map on every frame."""
    v = np.asarray(values, dtype=np.float64)
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    with np.errstate(all="ignore"):  # overflow of v - lo is clipped below; nothing else can warn
        span = hi * 0.5 - lo * 0.5  # halves: the span of two finite ends never overflows
        sloped = np.isfinite(span) & (span > 0)
        t = v * 0.5
        t -= lo * 0.5
        if sloped.all():
            t *= (STEPS - 1) / span
        else:  # a flat scale: the middle for every value (t is NaN only where v is not finite)
            t = np.where(sloped, t * ((STEPS - 1) / np.where(sloped, span, 1.0)), (STEPS - 1) / 2 + 0 * v)
        t += 0.5  # rounds to nearest on the truncation below (t >= 0 after the clip)
    finite = np.isfinite(v)
    all_finite = finite.all()
    if not all_finite:
        bad = np.broadcast_to(~finite, t.shape)
        t[bad] = 0.0
    np.clip(t, 0.0, STEPS - 0.5, out=t)
    index = t.astype(np.int16)
    if not all_finite:
        index[bad] = -1
    return index


def _packed(lut: np.ndarray) -> np.ndarray:
    """``lut`` as one 32-bit word per colour, bytes R, G, B, 255: a lookup moves one word a pixel."""
    words = np.empty((len(lut), 4), dtype=np.uint8)
    words[:, :3], words[:, 3] = lut, 255
    return words.view(np.uint32).ravel()


LUT32, PALE_LUT32 = _packed(LUT), _packed(PALE_LUT)
NOT_FINITE32 = _packed(np.array([NOT_FINITE], dtype=np.uint8))[0]


def rgba(values: np.ndarray, lo, hi, lut32: np.ndarray = LUT32) -> np.ndarray:
    """The colours of ``values`` on a packed LUT (LUT32, PALE_LUT32): ``values.shape + (4,)``
    uint8, alpha 255."""
    index = levels(values, lo, hi)
    if index.size and index.min() < 0:
        words = lut32.take(np.maximum(index, 0))
        words[index < 0] = NOT_FINITE32
    else:
        words = lut32.take(index)
    return words.view(np.uint8).reshape(index.shape + (4,))


def rgb(values: np.ndarray, lo, hi) -> np.ndarray:
    """The colours of ``values``: ``values.shape + (3,)`` uint8."""
    return rgba(values, lo, hi)[..., :3]


def neutral(shape: tuple[int, int], base: QColor, text: QColor, share: float = 0.12) -> np.ndarray:
    """One pale grey for a whole plane, ``shape + (4,)`` uint8 RGBA: ``share`` of ``text`` over
    ``base`` (the palette's), what a map shows while its colours are hidden."""
    grey = [round(255 * ((1 - share) * b + share * t)) for b, t in zip(base.getRgbF()[:3], text.getRgbF()[:3])]
    rgba = np.empty((*shape, 4), dtype=np.uint8)
    rgba[...] = (*grey, 255)
    return rgba


def image(values: np.ndarray, lo: float, hi: float) -> QImage:
    """``values`` ``(rows, columns)`` with row 0 at the bottom (y ascending) as an image with
    row 0 at the top, as a screen shows it."""
    return _qimage(rgba(values, lo, hi))


def _qimage(colours: np.ndarray) -> QImage:
    """``(rows, columns, 4)`` uint8 RGBA colours, row 0 at the bottom, as an image (row 0 at the top)."""
    colours = np.ascontiguousarray(colours[::-1])
    rows, cols = colours.shape[:2]
    # the QImage only borrows the buffer: copy() gives it its own before the array goes
    return QImage(colours.data, cols, rows, 4 * cols, QImage.Format.Format_RGBX8888).copy()


def unit_images(surface: Surface, targets: np.ndarray | None = None) -> dict[tuple[int, int], tuple[QImage, float, float]]:
    """Each non-input unit's map: ``{(layer, j): (image, lo, hi)}`` with ``layer`` 1 for the first
    hidden layer, ``j`` the unit (0-based, bias excluded) and lo..hi its colour scale (the
    activation's range, else the unit's own values over the plane). With the data's ``targets``
    ``(n_samples, n_outputs)``, an output unit's scale is the decision boundary's
    (``output_range``: the span of its targets). A unit shows the data's plane: a widened
    surface gives its part over the data (``Surface.around_data``)."""
    surface = surface.around_data()
    step = max(1, surface.plane.resolution // UNIT_PIXELS)
    last = len(surface.z) - 1
    if targets is not None and targets.shape[1] != surface.layers[-1]:
        targets = None  # data of another shape: its surface follows
    maps = {}
    for l, z in enumerate(surface.z):
        values = np.moveaxis(z[::step, ::step, :], 2, 0)  # (units, rows, columns)
        act = surface.activations[l]
        ranges = [output_range(act, targets[:, j], v) if l == last and targets is not None
                  else value_range(act, v) for j, v in enumerate(values)]
        lo, hi = (np.array([r[k] for r in ranges])[:, None, None] for k in (0, 1))
        colours = rgba(values, lo, hi)  # every unit of the layer in one pass
        for j, (low, high) in enumerate(ranges):
            maps[(l + 1, j)] = (_qimage(colours[j]), low, high)
    return maps

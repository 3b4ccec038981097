"""The heatmaps' colour scale and the images made from it (once per published surface, never in paint).

Low values are orange, the middle of the range is a light grey, high values are blue (the
diagram's negative and positive colours, distinguishable with the common colour blindnesses).
A value that is not finite (a diverged run) is drawn mid grey.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from ..core.surface import Surface, value_range

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


def levels(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Indices into LUT for ``values`` on the scale ``lo``..``hi`` (clipped, rounded); -1 where
    not finite. Done in place on one float buffer: this runs for every map on every frame."""
    v = np.asarray(values, dtype=np.float64)
    t = v - lo
    t *= (STEPS - 1) / (hi - lo)
    t += 0.5  # rounds to nearest on the truncation below (t >= 0 after the clip)
    finite = np.isfinite(v).all()
    if not finite:
        bad = ~np.isfinite(t)
        t[bad] = 0.0
    np.clip(t, 0.0, STEPS - 0.5, out=t)
    index = t.astype(np.int16)
    if not finite:
        index[bad] = -1
    return index


def rgb(values: np.ndarray, lo: float, hi: float, lut: np.ndarray = LUT) -> np.ndarray:
    """The colours of ``values`` on ``lut``: ``values.shape + (3,)`` uint8."""
    index = levels(values, lo, hi)
    out = lut[np.maximum(index, 0)]
    out[index < 0] = NOT_FINITE
    return out


def image(values: np.ndarray, lo: float, hi: float) -> QImage:
    """``values`` ``(rows, columns)`` with row 0 at the bottom (y ascending) as an image with
    row 0 at the top, as a screen shows it."""
    colours = np.ascontiguousarray(rgb(values, lo, hi)[::-1])
    rows, cols = colours.shape[:2]
    # the QImage only borrows the buffer: copy() gives it its own before the array goes
    return QImage(colours.data, cols, rows, 3 * cols, QImage.Format.Format_RGB888).copy()


def unit_images(surface: Surface) -> dict[tuple[int, int], tuple[QImage, float, float]]:
    """Each non-input unit's map: ``{(layer, j): (image, lo, hi)}`` with ``layer`` 1 for the first
    hidden layer, ``j`` the unit (0-based, bias excluded) and lo..hi its colour scale (the
    activation's range, else the unit's own values over the plane)."""
    step = max(1, surface.plane.resolution // UNIT_PIXELS)
    maps = {}
    for l, z in enumerate(surface.z):
        for j in range(z.shape[2]):
            values = z[::step, ::step, j]
            lo, hi = value_range(surface.activations[l], values)
            maps[(l + 1, j)] = (image(values, lo, hi), lo, hi)
    return maps

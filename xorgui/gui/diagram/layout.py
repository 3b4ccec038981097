"""Where things go on the diagram: plain numpy, no Qt, so it can be tested anywhere."""

from __future__ import annotations

import numpy as np


def place_labels(segments: np.ndarray, sizes: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """Where along each link its label goes, as a fraction ``t`` from source to target.

    ``segments`` is ``(n, 4)`` (x0, y0, x1, y1), ``sizes`` ``(n, 2)`` label width and height,
    ``obstacles`` ``(m, 4)`` rectangles (left, top, right, bottom) labels should avoid. Greedy:
    each label takes the candidate position that overlaps least with labels already placed,
    with obstacles, and with other links, preferring positions staggered by target row.
    """
    n = len(segments)
    ts = np.linspace(0.14, 0.86, 37)
    placed = np.empty((0, 4))
    x0, y0, x1, y1 = segments.T
    # links into the same target converge: stagger their preferred positions by target
    targets = {(a, b): i for i, (a, b) in enumerate(sorted({(round(x), round(y)) for x, y in zip(x1, y1)}))}
    n_targets = max(len(targets), 1)
    result = np.empty(n)
    order = sorted(range(n), key=lambda i: (abs(y1[i] - y0[i]), i))  # flat links first: least room
    for i in order:
        w, h = sizes[i] + 12.0  # a little air between boxes
        cx = x0[i] + ts * (x1[i] - x0[i])
        cy = y0[i] + ts * (y1[i] - y0[i])
        boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
        area = w * h
        cost = 10.0 * _overlap(boxes, placed).sum(axis=1) / area
        cost += 10.0 * _overlap(boxes, obstacles).sum(axis=1) / area
        others = np.arange(n) != i
        dist = _distance_to_segments(cx, cy, segments[others])
        cost += 0.35 * (dist < h * 0.55).sum(axis=1)
        rank = targets[(round(x1[i]), round(y1[i]))]
        pref = 0.5 if n_targets == 1 else 0.3 + 0.4 * rank / (n_targets - 1)
        cost += 3.0 * (ts - pref) ** 2
        best = int(np.argmin(cost))
        result[i] = ts[best]
        placed = np.vstack([placed, boxes[best]])
    return result


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Overlap areas, ``(len(boxes), len(others))``."""
    if len(others) == 0:
        return np.zeros((len(boxes), 1))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _distance_to_segments(px: np.ndarray, py: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Distances from points ``(k,)`` to segments ``(m, 4)``: ``(k, m)``."""
    if len(segs) == 0:
        return np.full((len(px), 1), np.inf)
    ax, ay, bx, by = (segs[:, j][None, :] for j in range(4))
    dx, dy = bx - ax, by - ay
    length2 = np.maximum(dx * dx + dy * dy, 1e-9)
    t = np.clip(((px[:, None] - ax) * dx + (py[:, None] - ay) * dy) / length2, 0, 1)
    return np.hypot(px[:, None] - (ax + t * dx), py[:, None] - (ay + t * dy))


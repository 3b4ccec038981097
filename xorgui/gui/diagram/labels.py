"""Where weight labels sit on their links, and from which zoom each one shows: plain numpy.

Units grow when the user zooms in; weight labels keep their size on screen (like the names on
a map), so the closer one zooms the more of them fit. Every label gets a *reveal scale*, the
least zoom at which it is shown (1 = the fitted view), chosen so that two labels shown at the
same zoom never overlap and no label covers a unit, a caption or a title:

- two labels with centres ``dx``, ``dy`` apart (at scale 1) are clear at zoom ``s`` once
  ``s·|dx| ≥ w`` or ``s·|dy| ≥ h``: below ``clear = min(w/|dx|, h/|dy|)`` they overlap, so
  they may both show at zoom ``s`` only if ``s ≥ clear``; whichever is placed later takes a
  reveal scale of at least ``clear`` unless the earlier one only shows from ``clear`` anyway;
- an obstacle of half size ``(ox, oy)`` grows with the zoom while the label does not: clear
  once ``s·(|dx| − ox) ≥ w/2`` or ``s·(|dy| − oy) ≥ h/2``.

Both conditions only get easier as the zoom grows, so checking each pair at the larger of the
two reveal scales proves them clear at every zoom.
"""

from __future__ import annotations

import numpy as np

LABEL_GAP = 4.0  # clear space kept between two labels, px
# where along its link a label may sit (fraction from the source): 45 spots from near one end to
# near the other let the 2-4-4-1 example show all 37 labels in the 956x479 pane of a 1400x860
# window (31 spots from 0.08 to 0.92 left one out); units are obstacles, so spots near the ends
# are taken only where a label clears its unit
CANDIDATES = np.linspace(0.06, 0.94, 45)
SPARSE = CANDIDATES[::3]  # 15 spots for a layer of more than FEW_LINKS links: placed as quickly as before


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-D array of finite numbers, without np.unique: it imports
    numpy.ma (~8 ms), which the window's first paint needs nothing else from."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)  # the first of each run of equal values
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]
FEW_LINKS = 120  # in a layer with more links than this, labels show mostly on demand: place them quicker
# No label shows below this zoom (they would cover the diagram), so labels further apart than
# the clearance at this zoom never compete: that keeps placement quick for big networks.
REVEAL_FLOOR = 0.5


def place_labels(segments: np.ndarray, groups, size: tuple[float, float], obstacles: np.ndarray,
                 fixed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Where each link's label goes, and the zoom from which it shows.

    ``segments`` ``(n, 4)``: each link from (x0, y0) to (x1, y1), pixels at scale 1;
    ``groups[i]``: the weight layer of link i (labels compete with their own layer's and the
    previous one's); ``size``: a label's box on screen; ``obstacles`` ``(m, 4)``: boxes as
    centre and half sizes, which grow with the zoom; ``fixed`` ``(k, 2)``: centres of labels
    that always show (the selected one), which the others keep clear of.
    Returns centres ``(n, 2)`` and reveal scales ``(n,)``.

    Greedy, flattest links first (they have the least room): each label takes the spot along
    its link shown at the fitted zoom nearest its preferred one (staggered by target, since
    links into one unit converge there), else the spot shown soonest; then a second pass moves
    labels still hidden at the fitted zoom to a better spot if one has come free.
    """
    n = len(segments)
    x0, y0, x1, y1 = np.asarray(segments, dtype=float).reshape(-1, 4).T
    groups = np.asarray(groups)
    fixed = np.zeros((0, 2)) if fixed is None else np.asarray(fixed, dtype=float).reshape(-1, 2)
    centres, reveal = np.zeros((n, 2)), np.full(n, np.inf)
    # a label further than this from every spot on a link is clear of it at any zoom shown
    clear_x, reach_y = (size[0] + LABEL_GAP) / REVEAL_FLOOR, (size[1] + LABEL_GAP) / REVEAL_FLOOR
    reach_x = clear_x + np.abs(x1 - x0).max(initial=0)
    pref = np.full(n, 0.5)
    for g in _distinct(groups):
        members = np.flatnonzero(groups == g)
        ty = _distinct(y1[members])
        if len(ty) > 1:
            pref[members] = 0.3 + 0.4 * np.searchsorted(ty, y1[members]) / (len(ty) - 1)

    ends = np.column_stack([x0, y0, x1, y1]).tolist()  # as Python floats: quicker one at a time

    def best_spot(i: int, px: np.ndarray, py: np.ndarray, pr: np.ndarray, nearby: tuple[np.ndarray, ...],
                  ts: np.ndarray) -> tuple[float, float, float]:
        """Label i's spot among ``ts``, given the labels it competes with (centres ``px``, ``py``,
        reveal scales ``pr``) and the obstacles ``nearby`` (as ``nearby_obstacles`` gives them)."""
        ax, ay, bx, by = ends[i]
        cx, cy = ax + ts * (bx - ax), ay + ts * (by - ay)
        lo, hi = min(ay, by) - reach_y, max(ay, by) + reach_y
        left, right = min(ax, bx) - clear_x, max(ax, bx) + clear_x
        near = (py > lo) & (py < hi) & (px > left) & (px < right)
        ox, oy, o_reveal = px[near], py[near], pr[near]
        if len(fixed):
            ox, oy = np.concatenate([ox, fixed[:, 0]]), np.concatenate([oy, fixed[:, 1]])
            o_reveal = np.concatenate([o_reveal, np.zeros(len(fixed))])
        boxes, top, bottom = nearby
        ob = boxes[(bottom > lo) & (top < hi)]
        scales = np.maximum(_label_scales(cx, cy, ox, oy, o_reveal, size), _obstacle_scales(cx, cy, ob, size))
        # any spot shown at the fitted zoom will do; among those, the preferred one (measured:
        # this shows more labels when fitted than chasing the lowest reveal scale everywhere)
        best = int(np.argmin(np.maximum(scales, 1.0) + 0.2 * (ts - pref[i]) ** 2))
        return cx[best], cy[best], max(scales[best], REVEAL_FLOOR)

    # the groups whose labels can come within reach of a group's: its neighbours, and more
    # when layers are close together
    spans = {g: (min(x0[groups == g].min(), x1[groups == g].min()) - reach_x,
                 max(x0[groups == g].max(), x1[groups == g].max()) + reach_x) for g in _distinct(groups)}
    within = {g: [h for h in spans if spans[h][0] < spans[g][1] and spans[g][0] < spans[h][1]] for g in spans}
    pools = {g: (np.flatnonzero(np.isin(groups, [h for h in within[g] if h <= g])), np.flatnonzero(groups == g))
             for g in spans}
    following = {g: np.flatnonzero(np.isin(groups, [h for h in within[g] if h > g])) for g in spans}

    def nearby_obstacles(members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The obstacles within reach of ``members``' links, with their tops and bottoms."""
        left, right = x0[members].min() - reach_x, x1[members].max() + reach_x
        boxes = obstacles[(obstacles[:, 0] + obstacles[:, 2] > left) & (obstacles[:, 0] - obstacles[:, 2] < right)]
        return boxes, boxes[:, 1] - boxes[:, 3], boxes[:, 1] + boxes[:, 3]

    for g, (pool, members) in pools.items():  # groups in order: the earlier ones are all placed
        nearby = nearby_obstacles(members)
        ts = CANDIDATES if len(members) <= FEW_LINKS else SPARSE
        earlier = pool[groups[pool] != g]
        # the placed labels this group's compete with, in arrays filled in as they are placed: the
        # k-th of them sees the first k (their order does not matter: a label takes the worst)
        start, order = len(earlier), sorted(members, key=lambda i: (abs(y1[i] - y0[i]), i))
        px, py, pr = (np.empty(start + len(order)) for _ in range(3))
        px[:start], py[:start], pr[:start] = centres[earlier, 0], centres[earlier, 1], reveal[earlier]
        for k, i in enumerate(order, start):
            x, y, r = best_spot(i, px[:k], py[:k], pr[:k], nearby, ts)
            centres[i], reveal[i], px[k], py[k], pr[k] = (x, y), r, x, y, r
    # second pass: every other label is placed now, so a hidden one may find a free spot
    for g, (pool, members) in pools.items():
        if len(members) > FEW_LINKS:
            continue
        nearby = nearby_obstacles(members)
        everyone = np.concatenate([pool, following[g]])
        for i in members[reveal[members] > 1.0]:
            others = everyone[everyone != i]
            x, y, r = best_spot(i, centres[others, 0], centres[others, 1], reveal[others], nearby, CANDIDATES)
            if r < reveal[i]:
                centres[i], reveal[i] = (x, y), r
    return centres, reveal


def _label_scales(cx: np.ndarray, cy: np.ndarray, ox: np.ndarray, oy: np.ndarray, others_reveal: np.ndarray,
                  size: tuple[float, float]) -> np.ndarray:
    """For candidate centres ``(k,)``: the least zoom at which a label there overlaps none of
    the others (centres ``ox``, ``oy``) that show at that zoom."""
    if len(ox) == 0:
        return np.zeros(len(cx))
    w, h = size[0] + LABEL_GAP, size[1] + LABEL_GAP
    with np.errstate(divide="ignore"):
        clear = np.minimum(w / np.abs(cx[:, None] - ox[None, :]), h / np.abs(cy[:, None] - oy[None, :]))
    # one shown only from a zoom at which the two are clear already is no conflict
    return np.where(others_reveal[None, :] < clear, clear, 0.0).max(axis=1)


def _obstacle_scales(cx: np.ndarray, cy: np.ndarray, obstacles: np.ndarray, size: tuple[float, float]) -> np.ndarray:
    """The least zoom at which a label at each candidate centre clears every obstacle."""
    if len(obstacles) == 0:
        return np.zeros(len(cx))
    dx = np.abs(cx[:, None] - obstacles[None, :, 0]) - obstacles[None, :, 2]
    dy = np.abs(cy[:, None] - obstacles[None, :, 1]) - obstacles[None, :, 3]
    # inside an obstacle's column and its row at once: never clear
    sx = (size[0] / 2 + 1) / np.maximum(dx, 1e-9)
    sy = (size[1] / 2 + 1) / np.maximum(dy, 1e-9)
    return np.minimum(sx, sy).max(axis=1)

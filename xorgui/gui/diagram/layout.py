"""Where things go on the diagram: plain numpy, no Qt, so it can be tested anywhere.

:func:`layout` turns layer sizes, the size of the pane and a few text measurements into
positions in pixels at the fitted zoom (scale 1): the largest legible text that fits, spare
room spread between rows and layers, and every weight label with the zoom from which it shows
(see :mod:`.labels`). :func:`visible_labels` says which labels show, and where, at a zoom and
with a focus (a hovered unit, a highlighted phase, the selected weight).

Keys as in the scene: nodes ``(layer, index)`` with the bias unit at index 0 in every layer but
the output; weights ``(l, row, col)`` as in ``weights[l][row, col]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from .labels import FEW_LINKS, LABEL_GAP, place_labels

NodeKey = tuple[int, int]
WeightKey = tuple[int, int, int]

MARGIN = 12.0  # around the whole diagram, px
PAD_X, PAD_Y = 7.0, 2.0  # inside a text box, px
MIN_VALUE_PX, MAX_VALUE_PX = 11, 26  # the unit's value font: never smaller at the fitted zoom
MIN_LEGIBLE_PX = 7.0  # unit names and values, layer titles smaller than this on screen (zoomed out) are hidden
MIN_CIRCLE_PX = 14  # smaller than this, a round unit wastes too much room: units become pills
MAX_FULL_ZOOM = 16.0  # a compact fit must show every label within this zoom, else a roomier layout is scaled down
RETRIES = 4  # how many smaller text sizes to try so that every label of a small network shows
CONTROL_GAP = 4.0  # between the architecture buttons under a layer's title, px


@dataclass(frozen=True)
class TextMetrics:
    """Text widths in ems (advance ÷ pixel size), measured by the caller with the real fonts."""

    name_em: float  # the longest unit name (bold)
    value_em: float  # the widest value a unit may show at the display precision
    label_em: float  # the widest weight label
    title_em: float  # the widest line of a layer title
    line_em: float = 1.2  # line height
    title_lines: int = 2  # the output's title also names the target
    end_title_em: float = 0.0  # the widest line of the first and last layers' titles (on the edges)


@dataclass(frozen=True, eq=False)  # compared by identity: a layout is made once and only read
class Layout:
    """Everything placed, in pixels at the fitted zoom; the scene is ``(0, 0, width, height)``.

    ``node_w``/``node_h`` are a unit's full size; ``shape`` is ``"circle"``, ``"pill"`` (name
    over value) or ``"row"`` (name beside value). Font sizes are pixels at scale 1 except
    ``label_px``, which is the labels' constant size on screen; ``label_size`` is their box.
    """

    layers: tuple[int, ...]
    width: float
    height: float
    shape: str
    node_w: float
    node_h: float
    name_px: int
    value_px: int
    label_px: int
    detail_px: int
    title_px: int
    label_size: tuple[float, float]
    nodes: dict[NodeKey, tuple[float, float]]
    details: dict[NodeKey, tuple[float, float]]  # centre of the a/δ caption under each unit
    detail_size: tuple[float, float]
    titles: dict[int, tuple[float, float]]  # centre of each layer's title
    title_size: tuple[float, float]
    labels: dict[WeightKey, tuple[float, float]]  # centre of each weight label
    reveal: dict[WeightKey, float]  # shown at zoom ≥ this (1 = the fitted view)
    # the architecture buttons (square, ``control_side`` wide) under the titles, by
    # (action, layer): "remove_unit"/"add_unit" for every layer, "remove_layer" for a hidden
    # one, and "add_layer" at position k (a new hidden layer between layers k − 1 and k)
    controls: dict[tuple[str, int], tuple[float, float]] = field(default_factory=dict)
    control_side: float = 0.0
    zoom: float = 1.0  # the fitted view's scale: 1 if it fits, else < 1 to show the whole network

    @property
    def fits(self) -> bool:
        """False: even the smallest legible text needs more room; shown whole at ``zoom``."""
        return self.zoom >= 1.0

    @property
    def full_zoom(self) -> float:
        """The zoom at which every label shows."""
        return max(self.reveal.values(), default=1.0)

    def obstacles(self) -> np.ndarray:
        """Boxes labels must keep off, ``(m, 4)`` as centre x, y and half width, height."""
        boxes = [(x, y, self.node_w / 2 + 3, self.node_h / 2 + 3) for x, y in self.nodes.values()]
        boxes += [(x, y, self.detail_size[0] / 2, self.detail_size[1] / 2) for x, y in self.details.values()]
        boxes += [(x, y, self.title_size[0] / 2, self.title_size[1] / 2) for x, y in self.titles.values()]
        boxes += [(x, y, self.control_side / 2, self.control_side / 2) for x, y in self.controls.values()]
        return np.array(boxes, dtype=float).reshape(-1, 4)

    def segments(self, keys) -> np.ndarray:
        """The links of ``keys``, ``(n, 4)``: source x, y, target x, y."""
        return np.array([[*self.nodes[(l, c)], *self.nodes[target_of(self.layers, l, r)]] for l, r, c in keys])


def visible_labels(lay: Layout, scale: float, focus: frozenset[WeightKey] = frozenset(),
                   forced: tuple[WeightKey, ...] = (),
                   asked: frozenset[WeightKey] = frozenset()) -> dict[WeightKey, tuple[float, float]]:
    """The weight labels shown at zoom ``scale`` (1 = fitted) and their centres; none overlaps
    another or covers a unit, a forced one aside.

    ``forced`` (the selected label, the one being edited) always shows where it is. ``asked``
    (the weights an open practice question reads: the learner needs their values) is placed
    anew among itself first, around the forced ones, so all of it shows unless it cannot
    without overlapping (17 links into one unit of a 16-unit layer: zoom in). ``focus`` (the
    links of a hovered unit, a highlighted phase) is placed anew around those, so more of it
    shows than among all labels. Other labels show from their reveal scale, where they are,
    unless they would overlap one of the above.
    """
    forced = tuple(dict.fromkeys(forced))
    asked = frozenset(asked) - set(forced)
    if not focus and not forced and not asked:
        return {k: lay.labels[k] for k, r in lay.reveal.items() if r <= scale}
    w, h = lay.label_size[0] + LABEL_GAP, lay.label_size[1] + LABEL_GAP

    def add_clear(shown: dict, keys) -> dict:
        """``shown`` plus those of ``keys`` (at their places) that overlap nothing in it."""
        for k in keys:
            taken = np.array(list(shown.values())).reshape(-1, 2) * scale
            x, y = lay.labels[k][0] * scale, lay.labels[k][1] * scale
            if not np.any((np.abs(taken[:, 0] - x) < w) & (np.abs(taken[:, 1] - y) < h)):
                shown[k] = lay.labels[k]
        return shown

    focus = frozenset(focus) - set(forced) - asked
    first, keys, centres, reveal = _focus_placement(lay, focus, forced, asked)
    first_shown = {k: lay.labels[k] for k in forced} | {k: centre for k, (centre, r) in first.items() if r <= scale}
    placed = dict(first_shown)
    placed.update({k: (float(x), float(y)) for k, (x, y), r in zip(keys, centres, reveal) if r <= scale})
    # placed anew among themselves they usually show more; where not, they stay where they were
    kept = add_clear(dict(first_shown), [k for k in sorted(focus) if lay.reveal[k] <= scale])
    shown = placed if len(placed) >= len(kept) else kept
    return add_clear(shown, [k for k, r in lay.reveal.items() if r <= scale and k not in shown and k not in focus])


@lru_cache(maxsize=8)
def _focus_placement(lay: Layout, focus: frozenset[WeightKey], forced: tuple[WeightKey, ...],
                     asked: frozenset[WeightKey]):
    """The asked labels' centres and reveal scales, placed among themselves clear of the forced
    ones; then the focus placed clear of both: its keys, centres and reveal scales."""
    fixed = np.array([lay.labels[k] for k in forced]).reshape(-1, 2)
    first = {}
    if asked:
        ordered = sorted(asked)
        centres, reveal = place_labels(lay.segments(ordered), [k[0] for k in ordered], lay.label_size,
                                       lay.obstacles(), fixed)
        first = {k: ((float(x), float(y)), float(r)) for k, (x, y), r in zip(ordered, centres, reveal)}
        fixed = np.vstack([fixed, centres])
    keys = sorted(focus)
    if not keys:
        return first, [], np.zeros((0, 2)), np.zeros(0)
    centres, reveal = place_labels(lay.segments(keys), [k[0] for k in keys], lay.label_size, lay.obstacles(), fixed)
    return first, keys, centres, reveal


def target_of(layers: tuple[int, ...], l: int, row: int) -> NodeKey:
    """The unit that row ``row`` of ``weights[l]`` feeds (hidden layers have their bias at 0)."""
    return (l + 1, row if l + 1 == len(layers) - 1 else row + 1)


def weight_keys(layers: tuple[int, ...]) -> list[WeightKey]:
    return [(l, r, c) for l in range(len(layers) - 1) for r in range(layers[l + 1]) for c in range(layers[l] + 1)]


@dataclass(frozen=True)
class _Sizes:
    shape: str
    value_px: int
    name_px: int
    node_w: float
    node_h: float
    label_w: float
    label_h: float
    label_px: int
    detail_px: int
    detail_h: float
    detail_w: float
    title_px: int
    title_band: float
    row_gap: float  # least distance between unit centres in a column
    layer_gap: float  # least distance between layer centres
    end_title_w: float  # the widest box of the first and last layers' titles

    @property
    def column_w(self) -> float:
        """The first and last layers' width: their units, captions or titles ("targets: in each
        unit's tooltip", wider than the units, was cut off at the right edge)."""
        return max(self.node_w, self.detail_w, self.end_title_w)


def _sizes(shape: str, v: int, text: TextMetrics, details: bool, compact: bool = False) -> _Sizes:
    """``compact``: layers only as far apart as their titles and units need (fewer weight labels
    show when fitted, more as one zooms): the last resort before the whole network is shown scaled down."""
    name_px = max(10, round(0.82 * v))
    name_w, value_w = text.name_em * name_px, text.value_em * v
    line_n, line_v = text.line_em * name_px, text.line_em * v
    if shape == "circle":  # name over value inside a circle: 1.7 r of usable width
        d = 2 * max(max(name_w, value_w) / 1.7 + 2, (line_n + line_v) / 1.3)
        node_w = node_h = d
    elif shape == "pill":
        node_w, node_h = max(name_w, value_w) + 0.6 * v + 16, line_n + line_v + 8
    else:  # "row": name and value side by side
        node_w, node_h = name_w + value_w + 0.6 * v + 14, line_v + 5
    label_px = int(min(16, max(11, round(0.85 * v))))
    label_w, label_h = text.label_em * label_px + 2 * PAD_X, text.line_em * label_px + 2 * PAD_Y
    detail_px = max(10, round(0.72 * v))
    detail_h = 2 * text.line_em * detail_px + 2 * PAD_Y if details else 0.0
    detail_w = max(text.value_em + 2.2, 0) * detail_px + 2 * PAD_X if details else 0.0
    title_px = int(min(16, max(11, round(0.7 * v))))
    title_band = text.title_lines * text.line_em * title_px + 2 * PAD_Y + 8
    row_gap = node_h + max(5.0, 0.3 * node_h) + (detail_h + 4 if details else 0.0)
    layer_gap = max(node_w + (0.4 if compact else 1.2) * label_w + 2 * LABEL_GAP, text.title_em * title_px + 2 * PAD_X + 8,
                    node_w + 40, detail_w + 8)
    return _Sizes(shape, v, name_px, node_w, node_h, label_w, label_h, label_px, detail_px, detail_h, detail_w,
                  title_px, title_band, row_gap, layer_gap, text.end_title_em * title_px + 2 * PAD_X)


def _extent(layers: tuple[int, ...], s: _Sizes, row_gap: float, layer_gap: float) -> tuple[float, float]:
    rows = max(layers)
    width = 2 * MARGIN + (len(layers) - 1) * layer_gap + s.column_w
    height = (2 * MARGIN + (rows - 1) * row_gap + _bias_gap(s, row_gap) + s.node_h + s.detail_h
              + (4 if s.detail_h else 0) + s.title_band + _control_side(s.title_px) + 6)
    return width, height


def _control_side(title_px: int) -> float:
    """The architecture buttons' side: a little taller than a title line."""
    return float(round(1.7 * title_px))


def _controls(layers: tuple[int, ...], left: float, layer_gap: float, y: float, side: float) -> dict:
    """Centres of the architecture buttons in a row at ``y``: under each layer − and + (and ✕
    for a hidden layer), and + midway between two layers for a new hidden layer there."""
    step = side + CONTROL_GAP
    last = len(layers) - 1
    places = {}
    for k in range(len(layers)):
        x = left + k * layer_gap
        actions = ("remove_unit", "add_unit") + (("remove_layer",) if 0 < k < last else ())
        first = x - (len(actions) - 1) * step / 2
        places.update({(a, k): (first + i * step, y) for i, a in enumerate(actions)})
        if k:
            places[("add_layer", k)] = (x - layer_gap / 2, y)
    return places


def _bias_gap(s: _Sizes, row_gap: float) -> float:
    """From the bias row to the first unit row: a little more than a row, to set it apart."""
    return row_gap + max(8.0, 0.25 * s.node_h)


def layout(layers: tuple[int, ...], width: float, height: float, text: TextMetrics,
           details: bool = False) -> Layout:
    """Place a network of ``layers`` (units per layer, inputs first) in a ``width`` × ``height``
    pane: the largest legible text that fits, spare room spread between rows and layers, and
    every weight label with its reveal scale. Pure: same inputs, same layout (made once and
    shared: do not change it)."""
    return _layout(tuple(int(n) for n in layers), float(width), float(height), text, bool(details))


@lru_cache(maxsize=16)
def _layout(layers: tuple[int, ...], width: float, height: float, text: TextMetrics, details: bool) -> Layout:
    candidates = [_sizes(shape, v, text, details) for shape, v in
                  [("circle", v) for v in range(MAX_VALUE_PX, MIN_CIRCLE_PX - 1, -1)]
                  + [(shape, v) for v in range(MIN_CIRCLE_PX, MIN_VALUE_PX - 1, -1) for shape in ("pill", "row")]]
    # then the smallest texts with layers closer together: a 2-8-8-1 at 1024×700 shows its output
    compact = [_sizes(shape, v, text, details, compact=True)
               for v in range(MIN_CIRCLE_PX, MIN_VALUE_PX - 1, -1) for shape in ("pill", "row")]
    candidates, n_compact = candidates + compact, len(compact)
    needs = [max(w / width, h / height) for w, h in (_extent(layers, s, s.row_gap, s.layer_gap) for s in candidates)]
    fitting = [s for s, need in zip(candidates, needs) if need <= 1]
    lay = _arrange(layers, width, height, text, fitting[0]) if fitting else None
    if lay is None or (fitting[0] in compact and lay.full_zoom >= MAX_FULL_ZOOM):
        return _overview(layers, width, height, text, candidates, needs, n_compact)
    if max((layers[l] + 1) * layers[l + 1] for l in range(len(layers) - 1)) <= FEW_LINKS:
        # few links: a little smaller text may let every label show when fitted
        for s in fitting[1:1 + RETRIES]:
            if max(lay.reveal.values()) <= 1.0:
                break
            smaller = _arrange(layers, width, height, text, s)
            if sum(r <= 1 for r in smaller.reveal.values()) > sum(r <= 1 for r in lay.reveal.values()):
                lay = smaller
    return lay


def _overview(layers: tuple[int, ...], width: float, height: float, text: TextMetrics, candidates: list[_Sizes],
              needs: list[float], n_compact: int) -> Layout:
    """Too big for the pane at the smallest legible text: laid out for a pane of the same shape
    ``need`` times as large, which the view shows whole at ``zoom = 1 / need`` (the output on
    screen from the start; texts too small there are hidden until one zooms in). Roomy layers
    (labels show sooner as one zooms in, and on hover), unless only compact ones keep the unit
    texts legible and still show every label within MAX_FULL_ZOOM."""
    roomy = int(np.argmin(needs[:len(needs) - n_compact]))
    compact = len(needs) - n_compact + int(np.argmin(needs[len(needs) - n_compact:]))

    def legible(i: int) -> bool:
        return candidates[i].name_px / needs[i] >= MIN_LEGIBLE_PX

    lay = None
    if legible(compact) and not legible(roomy):
        lay = _arrange(layers, width * needs[compact], height * needs[compact], text, candidates[compact])
    if lay is None or lay.full_zoom >= MAX_FULL_ZOOM:
        lay = _arrange(layers, width * needs[roomy], height * needs[roomy], text, candidates[roomy])
    return replace(lay, zoom=min(1.0, width / lay.width, height / lay.height))


def _arrange(layers: tuple[int, ...], width: float, height: float, text: TextMetrics, s: _Sizes) -> Layout:
    details = s.detail_h > 0
    rows, n_layers = max(layers), len(layers)
    w_min, h_min = _extent(layers, s, s.row_gap, s.layer_gap)
    # spread the spare room, but not without limit: a 2-1 network in a wide pane stays compact
    row_gap = s.row_gap + min(max(height - h_min, 0) / max(rows, 1), 2.2 * s.row_gap)
    layer_gap = s.layer_gap
    if n_layers > 1:
        layer_gap += min(max(width - w_min, 0) / (n_layers - 1), 4 * s.label_w + s.node_w)
    w_used, h_used = _extent(layers, s, row_gap, layer_gap)
    scene_w, scene_h = max(width, w_used), max(height, h_used)
    left = (scene_w - w_used) / 2 + MARGIN + s.column_w / 2
    bias_y = (scene_h - h_used) / 2 + MARGIN + s.node_h / 2
    first_row = bias_y + _bias_gap(s, row_gap)

    nodes: dict[NodeKey, tuple[float, float]] = {}
    for layer, n in enumerate(layers):
        x = left + layer * layer_gap
        bias = layer < n_layers - 1
        if bias:
            nodes[(layer, 0)] = (x, bias_y)
        for i in range(n):
            nodes[(layer, i + bias)] = (x, first_row + (i + (rows - n) / 2) * row_gap)
    detail_size = (s.detail_w, s.detail_h)
    details_at = {} if not details else {
        (layer, i): (x, y + s.node_h / 2 + 3 + s.detail_h / 2)
        for (layer, i), (x, y) in nodes.items() if layer > 0 and not (layer < n_layers - 1 and i == 0)}
    bottom = first_row + (rows - 1) * row_gap + s.node_h / 2 + s.detail_h + (4 if details else 0)
    titles = {layer: (left + layer * layer_gap, bottom + 4 + s.title_band / 2) for layer in range(n_layers)}
    title_size = (max(text.title_em * s.title_px, 1) + 2 * PAD_X, s.title_band)
    # no wider than keeps a layer's three buttons clear of the + between layers
    side = max(12.0, min(_control_side(s.title_px), (layer_gap - 4 * CONTROL_GAP) / 4))
    controls = _controls(layers, left, layer_gap, bottom + 4 + s.title_band + 2 + side / 2, side)
    result = Layout(layers, scene_w, scene_h, s.shape, s.node_w, s.node_h, s.name_px, s.value_px, s.label_px, s.detail_px,
                    s.title_px, (s.label_w, s.label_h), nodes, details_at, detail_size, titles, title_size, {}, {},
                    controls, side)
    keys = weight_keys(layers)
    centres, reveal = place_labels(result.segments(keys), [k[0] for k in keys], result.label_size, result.obstacles())
    result.labels.update({k: (float(x), float(y)) for k, (x, y) in zip(keys, centres)})
    result.reveal.update({k: float(r) for k, r in zip(keys, reveal)})
    return result

"""The diagram's layout, a pure function: no weight labels overlap, for every shape up to the cap.

No Qt here (``diagram.layout`` imports none): text widths are given in ems as the view would
measure them with DejaVu Sans, the font of the offscreen tests.
"""

import subprocess
import sys

import numpy as np
import pytest

from xorgui.core.network import MAX_LAYERS, MAX_UNITS
from xorgui.gui.diagram.layout import MIN_VALUE_PX, TextMetrics, layout, target_of, visible_labels, weight_keys

# the diagram's pane in the main window at its default split (test_the_panes_are_the_windows checks them)
PANES = {"1400x860": (956, 479), "1024x700": (580, 385)}
SCALES = (0.5, 1.0, 1.6, 3.0, 12.0)  # zoomed out, fitted, zoomed in


def text_for(layers):
    """Ems as measured in the view: DejaVu Sans, 4 decimals (−0.1235: 4.34 ems in the window's
    font), names like Z8_16."""
    longest = max(len(f"Z{len(layers) - 2}_{max(layers)}") if len(layers) > 3 else len(f"Z{max(layers)}"), 2)
    return TextMetrics(name_em=0.69 * longest, value_em=4.34, label_em=4.34, title_em=9.2, line_em=1.164)


EXTREMES = [(2, 3, 1), (2, 4, 4, 1), (2, 8, 8, 1), (2, 16, 1), (2, 8, 8, 8, 8, 8, 8, 1), (16, 1, 16),
            (2,) + (3,) * (MAX_LAYERS - 2) + (1,), (1, 16) * (MAX_LAYERS // 2), (2, 16, 16, 1),
            (MAX_UNITS,) * 2, (MAX_UNITS,) * 4, (MAX_UNITS,) * MAX_LAYERS]


def shapes(step):
    """2-layer and 3-layer shapes with unit counts in steps, then the extremes up to the cap."""
    found = [(a, b) for a in step for b in step]
    found += [(a, h, o) for a in step[::2] for h in step for o in (1, 2, MAX_UNITS)]
    return list(dict.fromkeys(found + EXTREMES))


# the fast tier samples the shape space coarsely; the slow tier in finer steps, with every
# depth of the widest layers, at both sizes
FAST = [(s, "1400x860") for s in shapes((1, 3, 8, MAX_UNITS))] + [(s, "1024x700") for s in EXTREMES[:-1]]
SLOW = [(s, p) for s in shapes((1, 2, 3, 4, 6, 8, 12, MAX_UNITS)) + [(MAX_UNITS,) * k for k in range(3, MAX_LAYERS)]
        for p in PANES if (s, p) not in FAST]


def shapes_ids(layers):
    return "-".join(map(str, layers))


def boxes_overlap(a, b):
    """Pairs (i, j) of boxes (left, top, right, bottom) in ``a`` and ``b`` that share area."""
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.argwhere((w > 0) & (h > 0))


def unit_boxes(lay, scale):
    c = np.array(list(lay.nodes.values())) * scale
    w, h = lay.node_w * scale / 2, lay.node_h * scale / 2
    return np.column_stack([c[:, 0] - w, c[:, 1] - h, c[:, 0] + w, c[:, 1] + h])


def label_boxes(shown, size, scale):
    """Screen boxes of labels at ``scale``: centres move with the zoom, boxes keep their size."""
    w, h = size
    c = np.array(list(shown.values())).reshape(-1, 2) * scale
    return np.column_stack([c[:, 0] - w / 2, c[:, 1] - h / 2, c[:, 0] + w / 2, c[:, 1] + h / 2])


def check_shown(lay, shown, scale, forced=()):
    """No two shown labels overlap; none but a forced one covers a unit."""
    keys = list(shown)
    boxes = label_boxes(shown, lay.label_size, scale)
    pairs = [(keys[i], keys[j]) for i, j in boxes_overlap(boxes, boxes) if i < j]
    assert not pairs, f"{len(pairs)} overlapping label pairs at zoom {scale}, e.g. {pairs[:3]}"
    free = [i for i, k in enumerate(keys) if k not in forced]
    covered = boxes_overlap(boxes[free], unit_boxes(lay, scale))
    assert len(covered) == 0, f"{len(covered)} labels cover a unit at zoom {scale}"


def check_every_zoom(layers, pane):
    lay = layout(layers, *PANES[pane], text_for(layers))
    assert set(lay.labels) == set(weight_keys(layers))
    for scale in (*SCALES, lay.zoom, lay.full_zoom):
        check_shown(lay, visible_labels(lay, scale), scale)
    # the fitted view shows the whole network, the outputs with it (scaled down if it must be)
    assert lay.zoom == 1.0 if lay.fits else lay.zoom <= 1.0
    assert lay.width * lay.zoom <= PANES[pane][0] + 1e-6 and lay.height * lay.zoom <= PANES[pane][1] + 1e-6
    # zooming in reveals every label in the end (the view lets one zoom that far)
    assert set(visible_labels(lay, lay.full_zoom)) == set(lay.labels) and lay.full_zoom < 16


@pytest.mark.parametrize(("layers", "pane"), FAST, ids=[f"{shapes_ids(s)}@{p}" for s, p in FAST])
def test_no_labels_overlap_at_any_zoom(layers, pane):
    check_every_zoom(layers, pane)


@pytest.mark.slow
@pytest.mark.parametrize(("layers", "pane"), SLOW, ids=[f"{shapes_ids(s)}@{p}" for s, p in SLOW])
def test_no_labels_overlap_at_any_zoom_finer(layers, pane):
    check_every_zoom(layers, pane)


@pytest.mark.parametrize("layers", [(2, 3, 1), (2, 4, 4, 1), (2, 16, 1), (16, 16, 16), (MAX_UNITS,) * MAX_LAYERS],
                         ids=shapes_ids)
def test_focused_labels_show_without_overlapping(layers):
    """A hovered unit's links, a highlighted phase and the selected label show first."""
    lay = layout(layers, *PANES["1400x860"], text_for(layers))
    l = len(layers) // 2 - 1
    phase = frozenset(k for k in lay.labels if k[0] == l)
    unit = (l + 1, 1)
    hovered = frozenset(k for k in lay.labels if (k[0], k[2]) == unit or target_of(layers, k[0], k[1]) == unit)
    selected = max(lay.labels, key=lambda k: lay.reveal[k])  # the last to show on its own
    for scale in (1.0, 2.0):
        for focus, forced in ((phase, ()), (hovered, ()), (frozenset(), (selected,)), (phase | hovered, (selected,))):
            shown = visible_labels(lay, scale, focus, forced)
            check_shown(lay, shown, scale, forced)
            assert set(forced) <= set(shown)
            if not forced:  # the focus shows at least as much of itself as it would among all labels
                assert len(set(shown) & focus) >= len(set(visible_labels(lay, scale)) & focus)
            # a label shown moved at most along its own link
            for k, (x, y) in shown.items():
                (x0, y0), (x1, y1) = lay.nodes[(k[0], k[2])], lay.nodes[target_of(layers, k[0], k[1])]
                assert abs((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0)) < 1e-6 * max(1, abs(x1 - x0) * abs(y1 - y0))
                assert min(x0, x1) < x < max(x0, x1)
    # hovering a unit of a dense layer at the fitted zoom shows most of its links (up to 33)
    assert len(set(visible_labels(lay, 1.0, hovered)) & hovered) >= 0.6 * len(hovered)


@pytest.mark.parametrize("layers", [(2, 3, 1), (2, 4, 4, 1)], ids=shapes_ids)
def test_small_networks_show_every_label_when_fitted(layers):
    lay = layout(layers, *PANES["1400x860"], text_for(layers))
    assert lay.fits and set(visible_labels(lay, 1.0)) == set(lay.labels)


@pytest.mark.parametrize("pane", sorted(PANES))
@pytest.mark.parametrize("layers", [(2, 3, 1), (2, 4, 4, 1), (2, 16, 1), (16, 16, 16, 16), (MAX_UNITS,) * MAX_LAYERS],
                         ids=shapes_ids)
def test_units_are_legible_and_apart(layers, pane):
    """Unit names and values never shrink below a legible size; a network too big for the pane
    at that size is laid out larger (the view scrolls) instead of being squeezed."""
    width, height = PANES[pane]
    lay = layout(layers, width, height, text_for(layers))
    assert lay.value_px >= MIN_VALUE_PX and lay.name_px >= 10 and lay.label_px >= 11
    units = unit_boxes(lay, 1.0)
    assert not [p for p in boxes_overlap(units, units) if p[0] < p[1]]
    assert units[:, 0].min() >= 0 and units[:, 1].min() >= 0
    assert units[:, 2].max() <= lay.width and units[:, 3].max() <= lay.height
    assert lay.width >= width and lay.height >= height
    if lay.fits:
        assert (lay.width, lay.height) == pytest.approx((width, height))
    # the bias units sit above the others of their layer
    for layer in range(len(layers) - 1):
        assert lay.nodes[(layer, 0)][1] < min(y for (l, i), (_, y) in lay.nodes.items() if l == layer and i > 0)


def test_a_seed_sized_network_fills_the_pane_and_the_biggest_is_scaled_down():
    seed = layout((2, 3, 1), *PANES["1400x860"], text_for((2, 3, 1)))
    assert seed.fits and seed.shape == "circle" and seed.zoom == 1.0
    biggest = layout((MAX_UNITS,) * MAX_LAYERS, *PANES["1024x700"], text_for((MAX_UNITS,) * MAX_LAYERS))
    assert not biggest.fits and biggest.shape != "circle" and biggest.zoom < 1
    # laid out for a pane of the pane's shape: the whole network fills it, width or height
    width, height = PANES["1024x700"]
    assert max(biggest.width * biggest.zoom / width, biggest.height * biggest.zoom / height) == pytest.approx(1)


def test_a_network_only_a_little_too_big_keeps_its_unit_texts_legible_when_shown_whole():
    """Layers closer together (compact) when that keeps the names legible scaled down."""
    layers = (2,) + (3,) * (MAX_LAYERS - 2) + (1,)
    lay = layout(layers, *PANES["1400x860"], text_for(layers))
    assert not lay.fits and lay.name_px * lay.zoom >= 7


def test_layout_is_pure():
    args = (2, 4, 4, 1), 955, 510, text_for((2, 4, 4, 1))
    a, b = layout(*args), layout(*args)
    assert a.labels == b.labels and a.reveal == b.reveal and a.nodes == b.nodes


@pytest.mark.process
def test_layout_imports_no_qt():
    code = ("import sys, xorgui.gui.diagram.layout; "
            "sys.exit(any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- the architecture buttons under the titles (diagram.controls) -------------------------------
def centred_boxes(centres, half_w, half_h):
    c = np.array(list(centres)).reshape(-1, 2)
    return np.column_stack([c[:, 0] - half_w, c[:, 1] - half_h, c[:, 0] + half_w, c[:, 1] + half_h])


@pytest.mark.parametrize("layers,pane", FAST, ids=[f"{shapes_ids(s)}@{p}" for s, p in FAST])
def test_buttons_sit_clear_of_everything(layers, pane):
    lay = layout(layers, *PANES[pane], text_for(layers))
    last = len(layers) - 1
    expected = {(a, k) for k in range(len(layers)) for a in ("remove_unit", "add_unit")}
    expected |= {("remove_layer", k) for k in range(1, last)} | {("add_layer", k) for k in range(1, last + 1)}
    assert set(lay.controls) == expected
    half = lay.control_side / 2
    assert half * 2 >= 12  # big enough to hit
    buttons = centred_boxes(lay.controls.values(), half, half)
    assert buttons[:, 0].min() >= 0 and buttons[:, 2].max() <= lay.width and buttons[:, 3].max() <= lay.height
    assert all(i == j for i, j in boxes_overlap(buttons, buttons))
    assert len(boxes_overlap(buttons, unit_boxes(lay, 1.0))) == 0
    titles = centred_boxes(lay.titles.values(), lay.title_size[0] / 2, lay.title_size[1] / 2)
    assert len(boxes_overlap(buttons, titles)) == 0
    labels = centred_boxes(lay.labels.values(), lay.label_size[0] / 2, lay.label_size[1] / 2)
    assert len(boxes_overlap(buttons, labels)) == 0


@pytest.mark.parametrize("window_size", [(1400, 860), (1024, 700)], ids=["1400x860", "1024x700"])
def test_the_panes_are_the_windows(window, window_size):
    """The sizes laid out above are the diagram's pane in the real window (the default split):
    a layout change of the window shows here, not as a label test of a pane nobody sees."""
    pane = window.diagram.viewport().size()
    want = PANES["{}x{}".format(*window_size)]
    assert abs(pane.width() - want[0]) <= 3 and abs(pane.height() - want[1]) <= 3, (pane, want)


@pytest.mark.parametrize(("layers", "pane"), [((2, 4, 4, 1), "1024x700"), ((2, 16, 16, 1), "1400x860"),
                                              ((16, 16, 16), "1400x860")], ids=lambda v: str(v))
def test_the_weights_a_question_reads_show_first(layers, pane):
    """Practice asks a_Z1_1 = W1_10·z_X0 + W1_11·z_X1 + W1_12·z_X2 (or a unit's sum deeper in):
    the weights it reads show before the phase's others, as many as can without overlapping."""
    lay = layout(layers, *PANES[pane], text_for(layers))
    for l in range(len(layers) - 1):
        phase = frozenset(k for k in lay.labels if k[0] == l)
        asked = frozenset(k for k in phase if target_of(layers, k[0], k[1]) == target_of(layers, l, 0))
        for scale in (1.0, 2.0, lay.full_zoom):
            shown = visible_labels(lay, scale, phase, asked=asked)
            check_shown(lay, shown, scale)
            # as many as if they were all there was to show
            assert set(visible_labels(lay, scale, asked)) & asked <= set(shown)
        if layers == (2, 4, 4, 1):  # where they fit, all of them: W1_12 was hidden by the crowd at 1024x700
            assert asked <= set(visible_labels(lay, 1.0, phase, asked=asked))
    if layers == (2, 4, 4, 1):
        assert (0, 0, 2) not in visible_labels(lay, 1.0, frozenset(k for k in lay.labels if k[0] == 0))

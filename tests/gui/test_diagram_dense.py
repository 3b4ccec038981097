"""The diagram of a big network: labels shown on hover, selection and zoom, never overlapping, and
the biggest network opened whole, zoomable to legible units."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from xorgui.core import sessionfile
from xorgui.gui.diagram import DiagramView

from .test_diagram import deep_trainer, node, units_on_screen


@pytest.fixture
def view(shown, controller):
    return shown(DiagramView(controller), 900, 600)


def open_shape(controller, tmp_path, layers):
    """Open a session of this shape through the controller, as File ▸ Open would."""
    path = tmp_path / f"{'-'.join(map(str, layers))}.json"
    sessionfile.save(deep_trainer(layers), path)
    assert controller.open_file(path)


def assert_no_overlap(view):
    rects = []
    for key, label in view.labels.items():
        if label.isVisible():
            centre = view.mapFromScene(label.scenePos())
            rects.append(label.box().translated(centre.x(), centre.y()))
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1:])
    return len(rects)


def links_of(view, name):
    unit = node(view, name)
    sources = {key for key in view.labels if (key[0], key[2]) == unit.key}
    targets = {key for key, label in view.labels.items() if label.toolTip().split("\n")[0].endswith(f"→ {name}")}
    return unit, sources | targets


def test_a_dense_network_shows_labels_on_hover_and_zoom_without_overlaps(qtbot, view, controller, tmp_path):
    open_shape(controller, tmp_path, [2, 16, 1])
    every = set(view.labels)
    fitted = view.shown_weights()
    assert 0 < len(fitted) < len(every)  # 65 labels: not all fit at once
    assert assert_no_overlap(view) == len(fitted)
    # unit names and values are readable at the fitted zoom
    z9 = node(view, "Z9")
    assert z9.name_item.isVisible() and z9.value_item.isVisible()
    assert z9.value_item.font().pixelSize() * z9.value_item.scale() * view.transform().m11() >= 11
    # hovering a unit shows (nearly) all of its links' labels, and still none overlap
    unit, links = links_of(view, "Z9")
    assert len(links) == 4  # from X0, X1, X2 and into D0
    qtbot.mouseMove(view.viewport(), view.mapFromScene(unit.scenePos()))
    qtbot.waitUntil(lambda: links <= view.shown_weights(), timeout=2000)
    assert_no_overlap(view)
    # the mouse may follow a link to one of those labels and click it: they stay
    key = max(links, key=lambda k: k[0])  # into D0
    target = view.mapFromScene(view.labels[key].scenePos())
    for step in (0.25, 0.5, 0.75, 1.0):
        start = view.mapFromScene(unit.scenePos())
        qtbot.mouseMove(view.viewport(), start + (target - start) * step)
    assert view.hovered_links() == links
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert view.selected_weight() == key and key in view.shown_weights()
    view.scene().clearSelection()
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))  # the mouse leaves the diagram
    assert view.shown_weights() == fitted
    # zooming in reveals more; the most zoom shows every label
    view.zoom_in()
    assert view.shown_weights() > fitted
    assert_no_overlap(view)
    for _ in range(30):
        view.zoom_in()
    assert view.shown_weights() == every
    assert_no_overlap(view)


def test_a_hidden_label_shows_when_selected_or_highlighted(view, controller, tmp_path):
    open_shape(controller, tmp_path, [16, 16, 16])
    hidden = sorted(set(view.labels) - view.shown_weights())
    assert hidden
    view.select_weight(*hidden[0])
    assert hidden[0] in view.shown_weights() and view.labels[hidden[0]].isSelected()
    assert_no_overlap(view)
    view.scene().clearSelection()
    # a walkthrough phase about the second weight layer: its labels come first (as many as fit)
    second = {key for key in view.labels if key[0] == 1}
    before = view.shown_weights()
    view.highlight(set(), {view.labels[key].name for key in second})
    assert len(view.shown_weights() & second) >= len(before & second) > 0
    assert_no_overlap(view)
    view.zoom_in()
    assert len(view.shown_weights() & second) > len(before & second)
    assert_no_overlap(view)
    view.reset_zoom()
    view.highlight(set(), set())
    assert view.shown_weights() == before


def test_the_biggest_network_opens_whole_and_zooms_in_to_legible_units(view, controller, tmp_path):
    """Too big for legible text in the pane: shown whole (every unit and the outputs on screen),
    the texts too small there hidden; zooming in brings them back at a legible size."""
    open_shape(controller, tmp_path, [16] * 10)
    assert view.horizontalScrollBar().maximum() == 0 and view.verticalScrollBar().maximum() == 0
    assert units_on_screen(view) and not view.is_zoomed()
    x1 = node(view, "X1")
    fitted = view.transform().m11()
    assert fitted < 1 and not x1.name_item.isVisible()  # 11 px text at ~0.6: too small to read
    assert not any(t.isVisible() for t in view.titles.values())
    assert view.zoom_hint.isVisible() and "zoom in" in view.zoom_hint.text()
    assert_no_overlap(view)
    while view.transform().m11() < 1:
        view.zoom_in()
    assert x1.name_item.isVisible() and x1.value_item.isVisible()
    assert x1.value_item.font().pixelSize() * x1.value_item.scale() * view.transform().m11() >= 11
    assert all(t.isVisible() for t in view.titles.values()) and not view.zoom_hint.isVisible()
    assert view.horizontalScrollBar().maximum() > 0  # now it scrolls
    assert assert_no_overlap(view) > 0
    view.reset_zoom()
    assert view.transform().m11() == pytest.approx(fitted) and units_on_screen(view)


@pytest.mark.parametrize("size", [(900, 600), (560, 380)])
def test_every_layer_title_is_whole_inside_the_diagram(qtbot, view, controller, tmp_path, size):
    # 16 outputs: the output's title says "targets: in each unit's tooltip", wider than a unit;
    # centred on the last column it ran past the scene's right edge, cut off in the window
    view.resize(*size)
    open_shape(controller, tmp_path, [16, 16, 16])
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    titles = view.titles.values()
    assert any("targets: in each unit's tooltip" in t.text() for t in titles)
    for title in titles:
        assert title.isVisible() and shown.contains(title.sceneBoundingRect()), title.text()

"""The diagram's links as a user sees them: every link drawn in its weight's colour, the
highlighted ones over the rest, the name of the link under the mouse as its tooltip, and the
weight labels of a big network, mostly hidden, showing the current weight whenever they show."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from xorgui.core.data import Dataset
from xorgui.core.network import Network
from xorgui.core.numbers import fmt
from xorgui.core.training import Trainer
from xorgui.gui.diagram import DiagramView

LAYERS = [16, 16, 16]


@pytest.fixture
def big(new_controller, shown):
    """16-16-16 with every weight +0.05 but one −0.5 (thin blue links, one wide orange), in a
    1024×700 pane."""
    rng = np.random.default_rng(1)
    weights = [np.full((LAYERS[i + 1], LAYERS[i] + 1), 0.05) for i in range(len(LAYERS) - 1)]
    weights[0][1, 9] = -0.5
    trainer = Trainer(Network(LAYERS, ["tanh", "sigmoid"], weights),
                      Dataset(rng.uniform(-1, 1, (8, 16)), rng.uniform(0, 1, (8, 16))))
    controller = new_controller(trainer)
    return controller, shown(DiagramView(controller), 1024, 700)


def near(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 8


def open_points(view, key, exclude=()):
    """Viewport points along a link that no unit or shown weight label covers, nor a link of
    ``exclude`` comes near."""
    line = view.links[key].line()
    covers = [view.mapFromScene(n.sceneBoundingRect()).boundingRect().adjusted(-2, -2, 2, 2)
              for n in view.nodes.values()]
    covers += [view.mapFromScene(lab.sceneBoundingRect()).boundingRect().adjusted(-2, -2, 2, 2)
               for lab in view.labels.values() if lab.isVisible()]
    points = []
    for t in np.linspace(0.05, 0.95, 60):
        p = view.mapFromScene(line.pointAt(t))
        if any(r.contains(p) for r in covers):
            continue
        if any(_distance(view, p, other) < 12 for other in exclude if other != key):
            continue
        points.append(p)
    return points


def _distance(view, p: QPoint, key) -> float:
    line = view.links[key].line()
    a, b = view.mapFromScene(line.p1()), view.mapFromScene(line.p2())
    a, b, q = (np.array([v.x(), v.y()], float) for v in (a, b, p))
    t = np.clip(np.dot(q - a, b - a) / np.dot(b - a, b - a), 0, 1)
    return float(np.hypot(*(a + t * (b - a) - q)))


def colours_at(view, points):
    image = view.viewport().grab().toImage()
    return [image.pixelColor(p) for p in points]


def test_every_link_of_a_big_network_is_drawn_in_its_weights_colour(big):
    controller, view = big
    assert len(view.links) == 2 * 17 * 16
    negative = view.colors.negative
    # one link at a time turned negative (and wide): its colour shows along it, not before
    for key in [(0, 0, 0), (0, 7, 9), (0, 15, 16), (1, 0, 0), (1, 8, 3), (1, 15, 16)]:
        points = open_points(view, key)
        assert len(points) >= 5, key  # somewhere the link is not under a unit or a label
        assert not any(near(c, negative) for c in colours_at(view, points))
        assert controller.edit_weight(*key, "-0.5")
        assert view.links[key].pen().color() == negative
        shown = colours_at(view, points)
        assert sum(near(c, negative) for c in shown) >= 3, key  # where no later link crosses it
        assert controller.edit_weight(*key, "0.05")
        assert not any(near(c, negative) for c in colours_at(view, points))


def test_a_highlighted_link_is_drawn_over_the_others_and_the_rest_faded(big):
    controller, view = big
    key = (0, 1, 9)  # the wide orange one, X9 → Z2, drawn early: links into Z3..Z16 cross it
    points = open_points(view, key)
    negative = view.colors.negative
    before = sum(near(c, negative) for c in colours_at(view, points))
    assert 0 < before < len(points)  # the test means something: others cross it
    view.highlight(set(), {view.links[key].name})
    on_top = open_points(view, key)  # its label now shows
    assert len(on_top) >= len(points) - 10 and all(near(c, negative) for c in colours_at(view, on_top))
    elsewhere = open_points(view, (1, 3, 5), exclude=[key])
    assert elsewhere and not any(near(c, view.colors.positive) for c in colours_at(view, elsewhere))  # faded
    view.highlight(set(), set())
    assert sum(near(c, negative) for c in colours_at(view, points)) == before


def tooltip_at(view, qtbot, point: QPoint) -> str:
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    qtbot.mouseMove(view.viewport(), point)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_a_link_shows_its_name(qtbot, big):
    controller, view = big
    key = (1, 15, 16)  # drawn last of all: on top wherever it runs
    point = open_points(view, key)[len(open_points(view, key)) // 2]
    assert tooltip_at(view, qtbot, point) == view.links[key].name == "V15,16"
    empty = view.mapFromScene(view.scene().sceneRect().bottomRight()) - QPoint(3, 3)
    assert tooltip_at(view, qtbot, empty) == ""


def test_a_weight_label_hidden_while_its_weight_changes_shows_the_new_weight_when_it_appears(qtbot, big):
    controller, view = big
    snap = controller.snapshot
    key = next(k for k, label in view.labels.items() if not label.isVisible() and k[0] == 1)
    assert controller.edit_weight(*key, "-0.123456") and controller.edit_weight(*key, "0.25")
    assert view.labels[key].text() == "0.25"  # read while hidden
    assert controller.edit_weight(*key, "-12.375")
    view.select_weight(*key)  # a selected label always shows
    label = view.labels[key]
    fm = QFontMetricsF(label.font())
    assert label.isVisible() and label.boundingRect().width() >= fm.horizontalAdvance("−12.375")  # drawn to fit it
    assert label.text() == "−12.375"
    shown = next(lab for k, lab in view.labels.items() if lab.isVisible() and k != key)  # and one on screen
    assert controller.edit_weight(*shown.key, "-23.625")
    assert shown.boundingRect().width() >= fm.horizontalAdvance("−23.625") and shown.text() == "−23.625"
    assert all(lab.text() == fmt(float(controller.snapshot.weights[l][r, c]), snap.precision)
               for (l, r, c), lab in view.labels.items())

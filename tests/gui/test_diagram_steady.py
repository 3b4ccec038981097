"""The diagram holds still while numbers change (issue 11): a weight label whose text turns to
scientific notation or grows an integer digit, or a unit's value that does, moves no unit,
label, title or caption; the text is shown whole, condensed into the room its label had, and
the labels on screen still do not overlap."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from xorgui.core.data import Dataset
from xorgui.core.network import Network
from xorgui.core.numbers import fmt
from xorgui.core.training import Trainer
from xorgui.gui.diagram import DiagramView
from xorgui.gui.diagram.layout import PAD_X

LAYERS = [2, 16, 16, 1]
XOR = (np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float), np.array([[0], [1], [1], [0]], float))


@pytest.fixture
def big(new_controller, shown):
    """A 2-16-16-1 sigmoid network from random weights in (−0.9, 0.9) on XOR, in a 956×479 pane
    (the diagram's share of a 1400×860 window)."""
    rng = np.random.default_rng(3)
    weights = [rng.uniform(-0.9, 0.9, (LAYERS[i + 1], LAYERS[i] + 1)) for i in range(len(LAYERS) - 1)]
    controller = new_controller(Trainer(Network(LAYERS, ["sigmoid"] * 3, weights), Dataset(*XOR)))
    return controller, shown(DiagramView(controller), 956, 479)


def places(view) -> dict:
    """Where everything is, and which labels show."""
    return {"units": {k: (n.x(), n.y(), n.size) for k, n in view.nodes.items()},
            "labels": {k: (lab.x(), lab.y()) for k, lab in view.labels.items() if lab.isVisible()},
            "titles": {k: (t.x(), t.y()) for k, t in view.titles.items()},
            "captions": {k: (c.x(), c.y()) for k, c in view.details.items()},
            "scene": view.sceneRect(), "zoom": view.transform().m11()}


def label_boxes(view) -> list:
    """The boxes of the labels on screen, in viewport pixels (labels keep their size on screen)."""
    boxes = []
    for label in view.labels.values():
        if label.isVisible():
            centre = view.mapFromScene(label.scenePos())
            boxes.append(label.box().translated(centre.x(), centre.y()))
    return boxes


def overlapping(boxes) -> list:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.intersects(b)]


def drawn(label) -> QImage:
    """The label drawn on its own, black on white, over its bounding rectangle."""
    rect = label.boundingRect()
    image = QImage(int(rect.width()) + 2, int(rect.height()) + 2, QImage.Format.Format_ARGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    label.set_style(QColor(Qt.GlobalColor.white), label.border, QColor(Qt.GlobalColor.black))
    painter = QPainter(image)
    painter.translate(-rect.x(), -rect.y())
    label.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    return image


def ink_columns(image: QImage) -> list[int]:
    """The columns where the text's ink is."""
    return [x for x in range(image.width()) if any(max(QColor(image.pixel(x, y)).getRgb()[:3]) < 140
                                                   for y in range(image.height()))]


def inner(label) -> tuple[float, float]:
    """Where the box's text may go, in the columns of :func:`drawn`."""
    box = label.box().translated(-label.boundingRect().x(), 0)
    return box.left() + PAD_X, box.right() - PAD_X


@pytest.mark.parametrize("text", ["-3.14159e-5", "-2.5e-13", "-123.456789", "-98765.4321"])
def test_a_weight_whose_text_grows_moves_nothing(big, text):
    controller, view = big
    key = next(k for k, label in view.labels.items() if label.isVisible() and k[0] == 1)
    fraction = next(k for k, label in view.labels.items() if label.isVisible() and k != key)
    assert controller.edit_weight(*fraction, "-0.123456")  # as wide as a fraction gets
    before = places(view)
    assert controller.edit_weight(*key, text)
    label = view.labels[key]
    assert label.text() == fmt(float(text), controller.snapshot.precision)  # the whole number
    assert len(label.text()) > len(view.labels[fraction].text())  # the test means something
    assert places(view) == before
    assert label.box().width() <= view.labels[fraction].box().width()  # in the room it had
    assert not overlapping(label_boxes(view))


def test_a_text_wider_than_its_label_is_condensed_into_it_not_cut(big):
    controller, view = big
    key = next(k for k, label in view.labels.items() if label.isVisible())
    label = view.labels[key]
    assert controller.edit_weight(*key, "-0.123456")
    room = inner(label)
    ink = ink_columns(drawn(label))
    assert room[0] - 2 <= ink[0] and ink[-1] <= room[1] + 2  # a fraction fits
    images = []
    for text in ("-987654.4321", "-187654.4329"):  # 12 characters in the room of 7
        assert controller.edit_weight(*key, text)
        assert inner(label) == room
        ink = ink_columns(drawn(label))
        assert room[0] - 2 <= ink[0] and ink[-1] <= room[1] + 2  # inside its box
        images.append(drawn(label))
    # their first and last digits are drawn, in the box's left and right thirds: condensed, not cut
    third = (room[1] - room[0]) / 3
    differ = [x for x in range(images[0].width())
              if any(images[0].pixel(x, y) != images[1].pixel(x, y) for y in range(images[0].height()))]
    assert any(x < room[0] + third for x in differ) and any(x > room[1] - third for x in differ)


def test_a_unit_whose_value_turns_scientific_moves_nothing_and_stays_inside_its_unit(shown, new_controller):
    rng = np.random.default_rng(4)
    weights = [rng.uniform(-0.9, 0.9, (LAYERS[i + 1], LAYERS[i] + 1)) for i in range(len(LAYERS) - 1)]
    weights[1][15, :] = 0.0  # Z2_16 (the longest name: its unit has no room to spare) is its bias alone
    weights[2][:] = 0.0  # and so is the output
    network = Network(LAYERS, ["sigmoid", "identity", "identity"], weights)
    controller = new_controller(Trainer(network, Dataset(*XOR)))
    view = shown(DiagramView(controller), 956, 479)
    view.set_show_details(True)  # the a and δ captions under the units too
    unit, other, caption = view.nodes[(2, 16)], view.nodes[(2, 1)], view.details[(3, 0)]
    before = places(view)
    assert controller.edit_weight(2, 0, 0, "-0.123456")  # sample 0's target is 0: a = δ = −0.1235
    assert caption.text() == "a = −0.1235\nδ = −0.1235"  # as wide as a fraction gets
    room = caption.box().width()
    assert controller.edit_weight(1, 15, 0, "-3.2156e-5") and controller.edit_weight(2, 0, 0, "-3.2156e-5")
    assert unit.value_text() == "−3.216e−5"  # wider than the −0.1235 the units were made for
    assert places(view) == before
    drawn_value = unit.value_item.mapRectToParent(unit.value_item.boundingRect())
    assert drawn_value.width() <= unit.size[0] - 8
    # condensed, not shrunk: as tall as a fraction in another unit
    fraction = other.value_item.mapRectToParent(other.value_item.boundingRect())
    assert drawn_value.height() == pytest.approx(fraction.height())
    assert caption.text() == "a = −3.216e−5\nδ = −3.216e−5"
    assert caption.box().width() <= room + 1  # boxes are whole pixels: the layout's gaps take one


def test_training_a_big_network_moves_nothing(big, qtbot):
    controller, view = big
    before = places(view)
    for _ in range(30):
        controller.step_epoch()
    assert places(view) == before
    assert not overlapping(label_boxes(view))


def test_a_caption_condenses_only_its_line_that_is_too_wide(shown, new_controller):
    """a = 1 over δ = −3.216e−5 (sample 1, target 1): the δ line is condensed into the room, the
    a line is drawn at full width, as wide as the same a over δ = 0."""
    rng = np.random.default_rng(4)
    weights = [rng.uniform(-0.9, 0.9, (LAYERS[i + 1], LAYERS[i] + 1)) for i in range(len(LAYERS) - 1)]
    weights[2][:] = 0.0  # the output is its bias alone: a = the bias, δ = a − 1 for sample 1
    network = Network(LAYERS, ["sigmoid", "identity", "identity"], weights)
    controller = new_controller(Trainer(network, Dataset(*XOR)))
    view = shown(DiagramView(controller), 956, 479)
    view.set_show_details(True)
    assert controller.select_sample(1)
    caption = view.details[(3, 0)]

    def ink(line: int) -> tuple[int, int]:
        """The first and last columns of the ink of the caption's ``line`` (0: a, 1: δ)."""
        caption.box()  # measured, as when it shows
        image = drawn(caption)
        half = image.height() // 2
        rows = range(0, half) if line == 0 else range(half, image.height())
        columns = [x for x in range(image.width())
                   if any(max(QColor(image.pixel(x, y)).getRgb()[:3]) < 140 for y in rows)]
        return columns[0], columns[-1]
    assert controller.edit_weight(2, 0, 0, "1")
    assert caption.text() == "a = 1\nδ = 0"
    whole = ink(0)[1] - ink(0)[0]
    assert controller.edit_weight(2, 0, 0, "0.99996784")
    assert caption.text() == "a = 1\nδ = −3.216e−5"  # wider than the room kept for a fraction
    room = inner(caption)
    first, last = ink(1)
    assert room[0] - 2 <= first and last <= room[1] + 2  # the δ line is condensed into the room
    assert ink(0)[1] - ink(0)[0] == whole  # the a line is not: as wide as over δ = 0

"""The network diagram: what it shows, and editing weights through it with real key events."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from xorgui.core.data import Dataset
from xorgui.core.init import Initialization
from xorgui.core.network import Network
from xorgui.core.numbers import fmt
from xorgui.core.training import Trainer
from xorgui.gui.diagram import DIM_OPACITY, DiagramView, WeightLabel

W10, W11 = (0, 0, 0), (0, 0, 1)


@pytest.fixture
def view(shown, controller):
    return shown(DiagramView(controller), 900, 600)


def node(view, name):
    (item,) = [n for n in view.nodes.values() if n.name == name]
    return item


def weights(controller):
    return [w.copy() for w in controller.trainer.network.weights]


def same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def label_pos(view, key):
    """Viewport coordinates of a weight label's centre."""
    return view.mapFromScene(view.labels[key].sceneBoundingRect().center())


def open_editor(qtbot, view, key):
    view.select_weight(*key)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = view.editor()
    assert editor is not None and editor.isVisible() and editor.key == key
    return editor


# -- what is drawn ---------------------------------------------------------------------------

def test_default_session_shows_every_unit_and_weight(view):
    assert sorted(n.name for n in view.nodes.values()) == ["D0", "X0", "X1", "X2", "Z0", "Z1", "Z2", "Z3"]
    assert len(view.labels) == 13 and len(view.links) == 13
    assert {label.text() for label in view.labels.values()} == {"1"}
    assert view.labels[W10].name == "W10" and view.labels[(1, 0, 3)].name == "V03"
    assert view.labels[W10].toolTip().startswith("W10: X0 → Z1")
    assert view.labels[(1, 0, 3)].toolTip().startswith("V03: Z3 → D0")
    # sample 0 = (0, 0): every hidden unit is 1 (bias only), D0 = 1 + 3·1
    assert node(view, "D0").value_text() == "4"
    assert node(view, "Z2").value_text() == "1"
    assert node(view, "X0").bias and node(view, "Z0").bias and not node(view, "Z1").bias
    # the bias units are drawn at the top of their layers
    assert node(view, "X0").y() < node(view, "X1").y() < node(view, "X2").y()
    assert node(view, "Z0").y() < node(view, "Z1").y()


def test_selected_sample_and_precision_change_the_values(view, controller):
    controller.select_sample(3)  # (1, 1): hidden 3 each, D0 = 1 + 9
    assert node(view, "X1").value_text() == "1"
    assert node(view, "D0").value_text() == "10"
    controller.set_precision(2)
    controller.set_hidden_activation("sigmoid")
    assert node(view, "Z1").value_text() == "0.95"  # sigmoid(3)


def test_labels_do_not_overlap_in_the_default_shape(view, controller):
    controller.new_session("sigmoid")  # labels as wide as they get at 4 decimals
    boxes = [label.sceneBoundingRect() for label in view.labels.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.adjusted(3, 3, -3, -3).intersects(b.adjusted(3, 3, -3, -3))
        for n in view.nodes.values():
            assert not a.adjusted(3, 3, -3, -3).intersects(n.sceneBoundingRect())


def test_link_colour_is_the_sign_and_thickness_the_magnitude(view, controller):
    assert controller.edit_weight(*W10, "-2")
    neg, pos = view.links[W10].pen(), view.links[W11].pen()
    assert neg.color() == view.colors.negative and pos.color() == view.colors.positive
    assert neg.widthF() == pytest.approx(8.0) and pos.widthF() == pytest.approx(1 + 7 * 0.5)
    assert neg.isCosmetic()
    assert controller.edit_weight(*W10, "0")
    assert view.links[W10].pen().color() == view.colors.zero
    assert view.links[W10].pen().widthF() == pytest.approx(1.0)


def test_ordinary_updates_keep_the_items(view, controller):
    items = dict(view.labels), dict(view.nodes)
    controller.step_epoch()
    controller.new_session("sigmoid")  # same shape: updated in place
    assert view.labels == items[0] and view.nodes == items[1]
    assert all(view.labels[k] is items[0][k] for k in items[0])
    assert node(view, "D0").value_text() == "0.2977"


def test_details_and_tooltips_show_a_z_and_delta(view, controller):
    z1 = node(view, "Z1")
    caption = view.details[z1.key]
    assert not caption.isVisible()
    view.set_show_details(True)
    assert caption.isVisible() and view.show_details()
    # seed, sample 0: a = z = 1 at Z1; δ_D0 = 4 − 0 = 4, δ_Z1 = 1·V01·4 = 4
    assert caption.text() == "a = 1\nδ = 4"
    assert view.details[node(view, "D0").key].text() == "a = 4\nδ = 4"
    assert z1.toolTip().splitlines()[1:4] == ["a = 1  (weighted sum)", "z = 1  (activation)", "δ = 4  (dL/da)"]
    assert "X0" not in [view.nodes[k].name for k in view.details]  # no details on bias or inputs
    view.set_show_details(False)
    assert not caption.isVisible()


def test_changing_the_activation_updates_the_nodes(view, controller):
    controller.set_hidden_activation("sigmoid")
    assert node(view, "Z1").value_text() == "0.7311"  # sigmoid(1)
    assert node(view, "D0").value_text() == "3.1932"  # 1 + 3·sigmoid(1)
    assert "sigmoid" in view.titles[1].text()


# -- editing ---------------------------------------------------------------------------------

def test_edit_with_keys_updates_model_and_diagram(qtbot, view, controller):
    editor = open_editor(qtbot, view, W10)
    assert editor.text() == "1.0" and editor.selectedText() == "1.0"
    qtbot.keyClicks(editor, "0,5")
    assert controller.trainer.network.weights[0][0, 0] == 1.0  # nothing until Enter
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert controller.trainer.network.weights[0][0, 0] == 0.5
    assert view.labels[W10].text() == "0.5"
    assert node(view, "Z1").value_text() == "0.5"
    assert node(view, "D0").value_text() == "3.5"
    assert view.editor() is None
    assert view.links[W10].pen().widthF() < view.links[W11].pen().widthF()


def test_a_weight_typed_as_1_comma_000_is_refused_and_the_message_says_why(qtbot, view, controller, messages):
    before = weights(controller)
    editor = open_editor(qtbot, view, W10)
    editor.clear()
    qtbot.keyClicks(editor, "1,000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert same(weights(controller), before)
    assert messages[-1][0] == "error"
    assert "“1,000” could be 1.000 (a decimal comma) or 1000 (a thousands comma)" in messages[-1][1]


def test_double_click_opens_the_editor(qtbot, view):
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=label_pos(view, (1, 0, 2)))
    assert view.editor() is not None and view.editor().key == (1, 0, 2)
    assert view.selected_weight() == (1, 0, 2)


@pytest.mark.parametrize("bad", ["abc", "", "nan", "inf", "1e400"])
def test_bad_input_is_refused_and_changes_nothing(qtbot, view, controller, messages, bad):
    before = weights(controller)
    editor = open_editor(qtbot, view, W10)
    editor.clear()
    qtbot.keyClicks(editor, bad)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert same(weights(controller), before)
    assert messages and messages[-1][0] == "error" and "W10" in messages[-1][1]
    assert view.labels[W10].text() == "1"
    assert node(view, "D0").value_text() == "4"
    # the editor stays open with the text, marked, so the user can fix it
    assert view.editor() is editor and editor.text() == bad
    assert editor.toolTip() == messages[-1][1] and "border" in editor.styleSheet()
    qtbot.keyClicks(editor, "7")  # typing clears the mark
    assert editor.toolTip() == ""


def test_escape_cancels(qtbot, view, controller):
    editor = open_editor(qtbot, view, W10)
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.editor() is None
    assert controller.trainer.network.weights[0][0, 0] == 1.0
    assert view.labels[W10].text() == "1"


def test_tab_commits_and_moves_to_the_next_weight(qtbot, view, controller):
    editor = open_editor(qtbot, view, W10)
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert controller.trainer.network.weights[0][0, 0] == 2.0
    editor = view.editor()
    assert editor.key == W11 and view.labels[W11].name == "W11"
    assert view.selected_weight() == W11
    qtbot.keyClick(editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert view.editor().key == W10
    qtbot.keyClick(view.editor(), Qt.Key.Key_Backtab)  # wraps around to the last weight
    assert view.editor().key == (1, 0, 3)


def test_arrow_keys_nudge_the_selected_weight_and_undo_restores_it(qtbot, view, controller):
    view.select_weight(*W10)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(1.1)
    assert view.labels[W10].text() == "1.1"
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(1.11)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(1.01)
    # one marker for the three nudges, with the loss after the last (Why? measures a stalled run from it)
    [marker] = controller.trainer.markers
    assert marker.label == "W10 nudged" and marker.loss == controller.trainer.current_loss()
    controller.undo()
    assert controller.trainer.network.weights[0][0, 0] == 1.0  # exactly
    assert view.labels[W10].text() == "1"


def wheel(view, pos, steps=1, modifiers=Qt.KeyboardModifier.NoModifier):
    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_wheel_over_the_selected_label_nudges_elsewhere_it_does_not(qtbot, view, controller):
    pos = label_pos(view, W11)
    wheel(view, pos)  # not selected yet: no change
    assert controller.trainer.network.weights[0][0, 1] == 1.0
    view.select_weight(*W11)
    wheel(view, pos)
    assert controller.trainer.network.weights[0][0, 1] == pytest.approx(1.1)
    wheel(view, pos, -1, Qt.KeyboardModifier.ShiftModifier)
    assert controller.trainer.network.weights[0][0, 1] == pytest.approx(1.09)
    wheel(view, QPoint(3, 3))  # empty space
    assert controller.trainer.network.weights[0][0, 1] == pytest.approx(1.09)


def test_training_never_overwrites_an_open_editor(qtbot, view, controller):
    controller.set_learning_rate(0.01)
    editor = open_editor(qtbot, view, W10)
    qtbot.keyClicks(editor, "0.25")
    other = view.labels[(1, 0, 0)].text()
    controller.start()
    # the rest of the diagram follows training (redraws are throttled: wait for one)
    qtbot.waitUntil(lambda: view.labels[(1, 0, 0)].text() != other, timeout=30_000)
    assert controller.trainer.epoch > 0
    assert view.editor() is editor and editor.text() == "0.25"
    controller.pause()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert controller.trainer.network.weights[0][0, 0] == 0.25


def test_weight_selected_is_emitted_on_click(qtbot, view):
    with qtbot.waitSignal(view.weight_selected, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=label_pos(view, (1, 0, 1)))
    assert blocker.args == [1, 0, 1]
    assert view.selected_weight() == (1, 0, 1)


# -- shapes, highlight, zoom, export ---------------------------------------------------------

def deep_trainer(layers):
    rng = np.random.default_rng(5)
    acts = ["tanh"] * (len(layers) - 2) + ["sigmoid"]
    network = Network(layers, acts, Initialization("uniform", seed=1).make(layers))
    return Trainer(network, Dataset(rng.random((4, layers[0])), rng.random((4, layers[-1]))))


def test_a_deep_session_is_rebuilt_and_drawn(qtbot, view, controller):
    layers = [2, 8, 8, 8, 8, 8, 8, 1]
    old_label = view.labels[W10]
    controller.replace_session(deep_trainer(layers))
    n_bias = len(layers) - 1
    assert len(view.nodes) == sum(layers) + n_bias
    n_weights = sum((layers[i] + 1) * layers[i + 1] for i in range(len(layers) - 1))
    assert len(view.labels) == len(view.links) == n_weights == 393
    assert view.labels[W10] is not old_label
    rect = view.scene().sceneRect()
    assert all(rect.contains(n.sceneBoundingRect()) for n in view.nodes.values())
    assert all(rect.contains(lab.sceneBoundingRect()) for lab in view.labels.values())
    assert {n.name for n in view.nodes.values()} >= {"X0", "Z1_0", "Z6_8", "D0"}
    snap = controller.snapshot
    assert view.labels[(3, 2, 5)].text() == fmt(snap.weights[3][2, 5], snap.precision)
    # and back to the small shape
    controller.new_session("seed")
    assert len(view.nodes) == 8 and len(view.labels) == 13


def test_highlight_dims_the_rest_and_clears(view):
    normal = node(view, "X1").pen().color()
    view.highlight({"Z1", "D0"}, {"V01"})
    assert not node(view, "Z1").dimmed and not node(view, "D0").dimmed
    assert node(view, "X1").dimmed and node(view, "X1").pen().color() != normal
    assert view.links[(1, 0, 1)].opacity() == 1.0 and view.labels[(1, 0, 1)].opacity() == 1.0
    assert view.links[W10].opacity() == DIM_OPACITY and view.labels[W10].opacity() == DIM_OPACITY
    assert node(view, "Z1").pen().color() == view.colors.highlight
    view.highlight(set(), set())
    assert not any(n.dimmed for n in view.nodes.values())
    assert node(view, "X1").pen().color() == normal
    assert all(item.opacity() == 1.0 for item in [*view.links.values(), *view.labels.values()])
    assert node(view, "Z1").pen().color() != view.colors.highlight


def units_on_screen(view):
    area = view.viewport().rect()
    return all(area.contains(view.mapFromScene(n.sceneBoundingRect()).boundingRect()) for n in view.nodes.values())


def test_zoom_keys_and_reset(qtbot, view):
    fitted = view.transform().m11()
    assert units_on_screen(view)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() == pytest.approx(fitted * 1.25) and view.is_zoomed()
    assert view.dragMode() == view.DragMode.ScrollHandDrag
    wheel(view, QPoint(450, 300), 1, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() == pytest.approx(fitted * 1.25 ** 2)
    assert not units_on_screen(view)
    view.resize(700, 500)  # zoomed: a resize keeps the zoom
    assert view.transform().m11() == pytest.approx(fitted * 1.25 ** 2)
    view.reset_zoom()  # laid out again for the smaller view: all of it shows
    assert not view.is_zoomed() and units_on_screen(view)
    view.resize(900, 600)  # fitted: follows the size once it settles
    qtbot.waitUntil(lambda: view.scene().sceneRect().width() == view.viewport().width(), timeout=3000)
    assert view.is_laid_out() and units_on_screen(view)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() < fitted


def test_render_png_and_svg(tmp_path, view):
    png = tmp_path / "diagram.png"
    assert view.render_png(png)
    image = QImage(str(png))
    rect = view.scene().sceneRect()
    assert image.width() == round(rect.width() * 2) and image.height() == round(rect.height() * 2)
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)  # kept: constBits() does not keep it alive
    pixels = np.frombuffer(rgb.constBits(), np.uint32)
    assert len(np.unique(pixels)) > 10
    svg = tmp_path / "diagram.svg"
    assert view.render_svg(svg)
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert not view.render_png(tmp_path / "missing" / "x.png")
    assert not view.render_svg(tmp_path / "missing" / "x.svg")


def test_follows_the_palette(view):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    light_positive = view.colors.positive
    view.setPalette(dark)
    assert view.colors.base == QColor("#202124")
    assert view.labels[W10].fill.color() == QColor("#202124")
    assert view.colors.positive != light_positive  # a lighter blue on a dark background
    assert view.links[W10].pen().color() == view.colors.positive


def test_labels_are_weight_labels_and_selectable(view):
    label = view.labels[W10]
    assert isinstance(label, WeightLabel)
    assert label.flags() & label.GraphicsItemFlag.ItemIsSelectable
    assert label.flags() & label.GraphicsItemFlag.ItemIsFocusable


def test_deleting_the_diagram_with_a_label_selected_raises_nothing(controller, qtbot):
    """The scene is torn down after the view: deselecting its label then must not reach the
    view's deleted items (issue 10: a RuntimeError reported in whichever test ran next)."""
    view = DiagramView(controller)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.select_weight(*W11)
    assert view.selected_weight() == W11
    view.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(10)  # anything queued by the teardown runs here, inside this test
    controller.edit_weight(*W11, "2")  # the controller still publishes: nothing is listening wrongly
    assert controller.snapshot.weights[0][0, 1] == 2.0

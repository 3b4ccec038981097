"""Activations are named in words wherever a learner reads them: "leaky ReLU", never "leaky_relu"."""

from xorgui.gui.diagram import DiagramView
from xorgui.gui.panel import ControlPanel


def test_the_diagram_the_panel_and_undo_say_leaky_relu(shown, qtbot, controller):
    view = shown(DiagramView(controller), 900, 600)
    panel = ControlPanel(controller)
    qtbot.addWidget(panel)
    controller.new_session("deep")  # 2-4-4-1, leaky ReLU hidden layers
    assert view.titles[1].text().endswith("· leaky ReLU")
    assert view.titles[2].text().endswith("· leaky ReLU")
    assert panel.hidden_act.currentText() == "leaky ReLU"
    controller.set_hidden_activation("relu")
    assert view.titles[1].text().endswith("· ReLU")
    controller.set_hidden_activation("leaky_relu")
    assert controller.undo_stack.undoText() == "Hidden activation leaky ReLU"
    shown_texts = [t.text() for t in view.titles.values()] + [controller.undo_stack.undoText()]
    assert not any("leaky_relu" in t or "leaky relu" in t for t in shown_texts)

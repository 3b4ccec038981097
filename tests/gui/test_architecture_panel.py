"""The Network tab: −/+ and layer buttons change the shape; controls that would be refused are
disabled and say why; the seed new weights come from is shown."""

from PySide6.QtCore import Qt

from xorgui.core.network import MAX_UNITS
from xorgui.gui.architecture_panel import ArchitecturePanel


def test_buttons_change_the_shape_and_explain_where_they_stop(controller, shown, qtbot):
    panel = shown(ArchitecturePanel(controller), 420, 400)
    qtbot.mouseClick(panel.rows[1]["add_unit"], Qt.MouseButton.LeftButton)
    assert controller.snapshot.layers == (2, 4, 1)
    assert panel.rows[1]["units"].text() == "4 units"
    qtbot.mouseClick(panel.rows[1]["add_layer"], Qt.MouseButton.LeftButton)
    assert controller.snapshot.layers == (2, 4, 4, 1)
    assert set(panel.rows) == {0, 1, 2, 3}
    qtbot.mouseClick(panel.rows[2]["remove_layer"], Qt.MouseButton.LeftButton)
    assert controller.snapshot.layers == (2, 4, 1)
    # the input and output follow the data: disabled, and the tooltip says so
    assert not panel.rows[0]["add_unit"].isEnabled()
    assert "input column" in panel.rows[0]["add_unit"].toolTip()
    assert not panel.rows[2]["remove_unit"].isEnabled()
    controller.set_layer_units(1, MAX_UNITS)
    assert not panel.rows[1]["add_unit"].isEnabled()
    assert f"at most {MAX_UNITS} units" in panel.rows[1]["add_unit"].toolTip()


def test_each_layer_has_its_own_activation_and_the_seed_is_shown(controller, shown):
    controller.new_session("deep")  # 2-4-4-1, He initialization seed 3
    panel = shown(ArchitecturePanel(controller), 420, 400)
    panel.rows[2]["activation"].setCurrentIndex(panel.rows[2]["activation"].findData("tanh"))
    assert controller.snapshot.activations == ("leaky_relu", "tanh", "sigmoid")
    assert "He normal, seed 3" in panel.init_label.text()
    controller.undo()
    assert controller.snapshot.activations == ("leaky_relu", "leaky_relu", "sigmoid")
    assert panel.rows[2]["activation"].currentData() == "leaky_relu"


def test_the_settings_box_says_mixed_when_hidden_layers_differ(controller, shown):
    from xorgui.gui.panel import MIXED, ControlPanel

    controller.new_session("deep")  # 2-4-4-1, leaky ReLU hidden layers
    panel = shown(ControlPanel(controller), 420, 600)
    assert panel.hidden_act.currentData() == "leaky_relu"
    controller.set_activation(1, "tanh")  # the second hidden layer only
    assert panel.hidden_act.currentData() == MIXED
    assert "mixed" in panel.hidden_act.currentText()
    panel.hidden_act.setCurrentIndex(panel.hidden_act.findData("sigmoid"))  # one choice for all again
    assert controller.snapshot.activations == ("sigmoid", "sigmoid", "sigmoid")
    assert panel.hidden_act.currentData() == "sigmoid"


def test_the_per_sample_tab_says_why_it_has_no_lines_for_big_data(window, controller):
    import numpy as np

    from xorgui.core import Dataset, Initialization, Network, Trainer

    n = 40
    data = Dataset(np.linspace(-1, 1, n).reshape(-1, 1), np.zeros((n, 1)))
    init = Initialization("uniform", seed=1)
    controller.replace_session(Trainer(Network([1, 3, 1], ["tanh", "sigmoid"], init.make([1, 3, 1])), data))
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert controller.step_epoch()
    assert plot.lines == [] and plot.readout.text().startswith(
        "40 samples are too many for a line each (up to 16): each one's loss after epoch 1, worst first.")


def test_a_new_shape_shows_only_its_own_rows_at_once(controller, shown):
    # the old rows stayed visible until Qt deleted them: "hidden" painted under "hidden 1", "output" under "hidden 2"
    from PySide6.QtWidgets import QApplication, QLabel
    panel = shown(ArchitecturePanel(controller), 420, 400)
    assert controller.add_layer(1)
    QApplication.processEvents()  # a frame's worth of events, without a nested event loop that would delete them
    titles = [label.text() for label in panel.findChildren(QLabel)
              if label.isVisibleTo(panel) and label.text().startswith("<b>")]
    assert titles == ["<b>input</b>", "<b>hidden 1</b>", "<b>hidden 2</b>", "<b>output</b>"]


def test_the_diagram_and_the_network_tab_describe_each_button_alike(controller, shown):
    """Two texts of their own had drifted: the diagram said "Remove hidden layer 1 (its neighbours
    are joined by new weights)", the Network tab "Remove hidden layer 1" (review)."""
    from xorgui.gui.diagram.view import DiagramView

    assert controller.add_layer(1)  # 2-3-3-1: every kind of button, each allowed
    panel = shown(ArchitecturePanel(controller), 420, 400)
    diagram = shown(DiagramView(controller), 700, 500)
    tips = {key: button.toolTip() for key, button in diagram.controls.items()}
    # the tab's "+ layer" below layer k adds layer k + 1, as the diagram's between k and k + 1
    assert {(action, k + (action == "add_layer")): row[action].toolTip() for k, row in panel.rows.items()
            for action in ("remove_unit", "add_unit", "remove_layer", "add_layer") if action in row} == tips
    assert tips[("remove_layer", 1)] == "Remove hidden layer 1 (its neighbours are joined by new weights)"

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

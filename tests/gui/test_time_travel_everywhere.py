"""While the timeline shows an earlier epoch, what the window works out, exports and explains is
of that epoch, as the diagram and the tables are (or says plainly that it is of the whole run);
what would change the run is refused; and looking at the past changes nothing of the present,
not even the test curve measured so far. The oracle is a fresh run of the preset to the epoch."""

import csv

import numpy as np
import pytest

from xorgui.core.datasets import DataSource
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.core.worksheet import Worksheet
from xorgui.gui import help_view

READ_ONLY = "Viewing epoch 400 of 1,500, which is read-only: press Back to now, or Resume from here to go on from it."


@pytest.fixture
def viewing_400(window, controller):
    """The sigmoid preset trained 1,500 epochs, the timeline at epoch 400."""
    controller.replace_session(make_preset("sigmoid"))
    assert controller.change("Train 1500 epochs", lambda: controller.trainer.run_epochs(1500))
    window.timeline_bar.slider.setValue(400)
    assert window.timeline_bar.label.text() == "viewing epoch 400 of 1,500"
    return window


def fresh(epochs):
    t = make_preset("sigmoid")
    t.run_epochs(epochs)
    return t


def values(sheet):
    return [(q.name, q.value) for q in sheet.quantities]


def test_the_worksheet_is_of_the_epoch_shown_and_says_so(viewing_400, controller):
    past, now = fresh(400), fresh(1500)
    assert values(controller.worksheet(0)) == values(Worksheet(past, 0))
    assert values(controller.worksheet(0)) != values(Worksheet(now, 0))
    dialog = viewing_400.show_worksheet()
    assert "with the weights of epoch 400 (shown)" in dialog.about.text()
    # a learner who works a_Z1 out from the weights on the screen is right
    a = next(q for q in Worksheet(past, 0).quantities if q.name == "a_Z1")
    dialog.editor.setPlainText(f"a_Z1 = {fmt(a.value, 4)}")
    (entry,) = dialog.check()
    assert entry.verdict.correct
    viewing_400.timeline_bar.now_button.click()
    assert "with this session's weights" in dialog.about.text()
    dialog.close()


def test_the_script_and_the_data_csv_are_of_the_epoch_shown(viewing_400, controller, messages, tmp_path):
    past = fresh(400)
    assert controller.export_reproduction(tmp_path / "run.py")
    script = (tmp_path / "run.py").read_text()
    assert "FIRST_EPOCH = 400" in script and repr(float(past.network.weights[0][1, 0])) in script
    assert messages[-1][1].startswith("Exported run.py (from epoch 400, the one shown): ")
    assert controller.export_data_csv(tmp_path / "data.csv")
    assert messages[-1][1] == "Exported 4 samples to data.csv (the data of epoch 400, the one shown)"
    with open(tmp_path / "data.csv") as f:
        assert len(list(csv.reader(f))) == 1 + 4


def test_saving_while_viewing_says_the_whole_run_is_saved(viewing_400, controller, messages, tmp_path):
    assert controller.save_file(tmp_path / "run.json")
    assert messages[-1][1] == "Saved run.json (the whole run, to epoch 1,500)"
    viewing_400.timeline_bar.now_button.click()
    assert controller.save_file(tmp_path / "run.json") and messages[-1][1] == "Saved run.json"


def test_the_explanations_use_the_numbers_of_the_epoch_shown(viewing_400, controller):
    past, now = fresh(400), fresh(1500)
    dialog = help_view.show_help(viewing_400, controller)
    text = dialog.view.text()
    assert fmt(past.network.weights[0][1, 0], 4) in text and fmt(now.network.weights[0][1, 0], 4) not in text
    dialog.close()


def test_no_twin_is_made_from_the_past_and_its_buttons_say_why(viewing_400, controller):
    from xorgui.gui.twin_dialog import TwinDialog

    dialog = TwinDialog(controller, viewing_400)
    dialog.show()
    assert not dialog.make_button.isEnabled() and dialog.make_button.toolTip() == READ_ONLY
    made = controller.make_twin("learning_rate", "1", "right")
    assert not made and made.reason == READ_ONLY and controller.twin_view() is None
    viewing_400.timeline_bar.now_button.click()
    assert dialog.make_button.isEnabled() and dialog.make_button.toolTip() != READ_ONLY
    assert controller.make_twin("learning_rate", "1", "right")
    assert dialog.step_button.isEnabled()
    controller.travel.view_epoch(400)
    assert not dialog.step_button.isEnabled() and dialog.step_button.toolTip() == READ_ONLY
    dialog.close()


def test_a_sample_only_the_epoch_shown_has_can_be_selected(window, controller):
    controller.replace_session(make_preset("sigmoid"))
    assert controller.add_sample()  # a fifth row, trained on, then removed
    assert controller.change("Train 300", lambda: controller.trainer.run_epochs(300))
    assert controller.remove_sample(4)
    assert controller.change("Train 700", lambda: controller.trainer.run_epochs(700))
    controller.travel.view_epoch(200)
    assert window.truth_table.rowCount() == 5
    controller.select_sample(4)
    assert controller.snapshot.selected == 4
    controller.travel.back_to_now()
    assert controller.snapshot.selected == 3  # now has four rows: the last one


def test_viewing_the_past_keeps_the_test_curve_measured_after_it(window, controller):
    window.bottom_tabs.setCurrentIndex(0)
    plot = window.plot
    assert controller.set_library_data(DataSource("circle", {"size": 100}, 0.2, 3))
    for _ in range(8):
        assert controller.change("Train 25", lambda: controller.trainer.run_epochs(25))
    x, y = (a.copy() for a in plot.test.data())
    assert len(x) == 9 and x[-1] == 200
    controller.travel.view_epoch(50)
    controller.travel.back_to_now()
    after_x, after_y = plot.test.data()
    assert np.array_equal(after_x, x) and np.array_equal(after_y, y)


def test_the_per_sample_read_out_is_of_the_epoch_shown(viewing_400, controller, qtbot):
    viewing_400.bottom_tabs.setCurrentIndex(3)
    plot = viewing_400.sample_plot
    qtbot.waitUntil(plot.isVisible)
    p = controller.precision
    past = fresh(400)
    losses = [fmt(v, p) for v in controller.snapshot.sample_losses]
    assert plot.readout.text() == "after epoch 400: " + " · ".join(f"{j}: {v}" for j, v in enumerate(losses))
    # the losses a fresh run has after epoch 400, as the truth table shows them
    assert losses == [fmt(v, p) for v in past.sample_losses()]
    assert plot.viewed_line.epoch() == 400  # the dashed line, as on the Loss tab
    viewing_400.timeline_bar.now_button.click()
    assert plot.readout.text().startswith("after epoch 1,500: ") and plot.viewed_line.epoch() is None


def test_remedies_and_errata_demos_are_disabled_while_viewing_and_say_why(window, controller):
    from xorgui.gui.errata_view import ErrataView

    assert controller.change("Train 50", lambda: controller.trainer.run_epochs(50))  # the article's example
    window.tabs.setCurrentIndex(1)
    panel = window.diagnostics
    window.show_errata()
    demos = window.errata_dialog.findChild(ErrataView).demo_buttons
    controller.travel.view_epoch(10)
    reason = "Viewing epoch 10 of 50, which is read-only: press Back to now, or Resume from here to go on from it."
    assert panel.remedy_buttons and demos
    for button in [*panel.remedy_buttons.values(), *demos.values()]:
        assert not button.isEnabled() and button.toolTip() == reason
    controller.travel.back_to_now()
    for button in [*panel.remedy_buttons.values(), *demos.values()]:
        assert button.isEnabled() and button.toolTip() != reason
    window.errata_dialog.close()


def test_the_network_tab_is_read_only_while_viewing_and_says_why(viewing_400, controller):
    viewing_400.tabs.setCurrentIndex(2)
    panel = viewing_400.architecture
    controls = [w for row in panel.rows.values() for key, w in row.items() if key not in ("name", "units")]
    assert controls and all(not w.isEnabled() and w.toolTip() == READ_ONLY for w in controls)
    viewing_400.timeline_bar.now_button.click()
    hidden = panel.rows[1]
    assert hidden["add_unit"].isEnabled() and hidden["activation"].isEnabled()
    assert hidden["add_unit"].toolTip() == "Add a unit to the hidden layer"


def test_the_diagrams_architecture_buttons_are_off_while_viewing_and_say_why(viewing_400, controller):
    add = viewing_400.diagram.controls["add_unit", 1]
    assert not add.enabled and add.toolTip() == READ_ONLY
    assert not viewing_400.diagram.press_control("add_unit", 1)
    viewing_400.timeline_bar.now_button.click()
    assert add.enabled and add.toolTip() == "Add a unit to the hidden layer"


def test_dragging_through_the_past_keeps_the_network_tab_and_names_each_epoch(viewing_400, controller):
    viewing_400.tabs.setCurrentIndex(2)
    add = viewing_400.architecture.rows[1]["add_unit"]
    viewing_400.timeline_bar.slider.setValue(500)
    assert viewing_400.architecture.rows[1]["add_unit"] is add  # the same widget: nothing rebuilt per epoch
    assert add.toolTip().startswith("Viewing epoch 500 of 1,500") and not add.isEnabled()
    assert viewing_400.diagram.controls["add_unit", 1].toolTip().startswith("Viewing epoch 500 of 1,500")


def test_the_data_menus_changes_and_the_tables_row_actions_are_off_while_viewing(viewing_400):
    data = [a for a in viewing_400.data_menu.actions() if not a.isSeparator()]
    changes = [a for a in data if a.text() in ("&Choose dataset…", "&Import data…", "&Add sample", "&Remove selected sample")]
    table = viewing_400.truth_table
    assert len(changes) == 4
    for action in changes + [table.add_action, table.remove_action]:
        assert not action.isEnabled() and action.toolTip() == READ_ONLY, action.text()
    export = next(a for a in data if a.text() == "&Export as CSV…")
    assert export.isEnabled()  # it writes the data of the epoch shown
    viewing_400.timeline_bar.now_button.click()
    assert all(a.isEnabled() for a in changes + [table.add_action, table.remove_action])

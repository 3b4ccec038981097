"""What a user does with the data in the window: edit the truth table, add and remove samples,
import a CSV file through its dialog, choose a library dataset."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from xorgui.core.datasets import DataSource
from xorgui.core.presets import make_preset
from xorgui.gui import data_menu
from xorgui.gui.tables import TruthTable

CORPUS = Path(__file__).parent.parent / "core" / "csv_corpus"


@pytest.fixture
def truth(controller, shown):
    return shown(TruthTable(controller))


def column(table, title):
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    c = titles.index(title)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def edit_cell(table, qtbot, row, col, text):
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    opened_with = editor.text()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.findChild(QLineEdit) is None or not table.findChild(QLineEdit).isVisible())
    return opened_with


# -- the truth table as an editor -------------------------------------------------------------
def test_typing_into_an_input_cell_changes_the_sample_and_undo_restores_it(truth, controller, qtbot):
    opened_with = edit_cell(truth, qtbot, 2, 0, "0.25")  # X1 of sample 2
    assert opened_with == "1.0"  # the full value, not the 4 decimals shown
    assert column(truth, "X1") == ["0", "0", "0.25", "1"]
    # the article's network (all weights 1, identity): ŷ = 1 + 3·(1 + X1 + X2) = 1 + 3·1.25
    assert column(truth, "ŷ")[2] == "4.75"
    assert controller.undo_stack.undoText() == "Set X1 of sample 2 to 0.25"
    controller.undo()
    assert column(truth, "X1") == ["0", "0", "1", "1"]


def test_a_target_is_edited_like_an_input(truth, controller, qtbot):
    edit_cell(truth, qtbot, 0, 2, "1")
    assert column(truth, "y") == ["1", "1", "1", "0"]
    assert controller.trainer.data.targets[:, 0].tolist() == [1, 1, 1, 0]


def test_garbage_is_refused_and_the_cell_keeps_its_value(truth, controller, messages, qtbot):
    edit_cell(truth, qtbot, 1, 1, "abc")
    assert column(truth, "X2") == ["0", "1", "0", "1"]
    assert messages[-1] == ("error", "X2 of sample 1 not changed: “abc” is not a number (try 0.5, -1e-3 or 1/3)")
    assert not controller.undo_stack.canUndo()


def test_a_target_outside_the_losss_range_is_refused(truth, controller, messages, qtbot):
    controller.replace_session(make_preset("tanh"))  # cross-entropy
    edit_cell(truth, qtbot, 3, 2, "2")
    assert column(truth, "y")[3] == "0"
    assert messages[-1] == ("error", "y of sample 3 not changed: the cross-entropy loss needs targets "
                                     "between 0 and 1.")


def test_predictions_losses_and_ok_are_not_editable(truth):
    flags = lambda c: truth.item(0, c).flags() & Qt.ItemFlag.ItemIsEditable  # noqa: E731
    assert [bool(flags(c)) for c in range(truth.columnCount())] == [True, True, True, False, False, False]


def test_right_click_adds_and_removes_samples(truth, controller):
    truth.selectRow(1)
    truth.add_action.trigger()
    assert truth.rowCount() == 5 and column(truth, "X2") == ["0", "1", "1", "0", "1"]
    assert truth.currentRow() == 2  # the new sample, ready to edit
    truth.remove_action.trigger()
    assert truth.rowCount() == 4 and controller.trainer.data.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert controller.undo_stack.count() == 2


# -- menus ---------------------------------------------------------------------------------------
def test_the_data_menu_sits_after_edit_with_its_commands(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:4] == ["&File", "&Edit", "&Data", "&Run"]
    items = [a.text() for a in window.data_menu.actions() if not a.isSeparator()]
    assert items == ["&Choose dataset…", "&Import data…", "&Export as CSV…", "&Add sample", "&Remove selected sample"]
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert file_items.index("&Import data…") == file_items.index("&Export") - 1


def test_add_sample_from_the_menu_copies_the_selected_one(window, controller):
    controller.select_sample(3)
    next(a for a in window.data_menu.actions() if a.text() == "&Add sample").trigger()
    assert controller.trainer.data.inputs.tolist()[3:] == [[1, 1], [1, 1]]
    assert window.truth_table.rowCount() == 5


# -- importing a CSV file -----------------------------------------------------------------------
def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_import_shows_the_file_and_imports_the_chosen_columns(window, controller):
    dialog = data_menu.import_csv(window, str(CORPUS / "good" / "with_test_column.csv"))
    assert dialog.isVisible() and dialog.header_box.isChecked() and not dialog.comma_box.isChecked()
    assert [dialog.preview.horizontalHeaderItem(c).text() for c in range(4)] == ["x1", "x2", "y", "test"]
    assert dialog.roles() == ([0, 1], [2], 3)
    assert dialog.summary.text() == "3 training samples and 1 test sample: 2 inputs, 1 target."
    ok_button(dialog).click()
    t = controller.trainer
    assert t.data.inputs.tolist() == [[0, 0], [0, 1], [1, 1]] and t.test_data.inputs.tolist() == [[1, 0]]
    assert t.source.title == "Your own rows, 25% kept for testing (the rows the file's test column marks)"
    assert controller.undo_stack.undoText() == "Import data from with_test_column.csv"
    assert window.truth_table.rowCount() == 3


def test_import_counts_samples_as_xorgui_new_does_thousands_grouped(window, tmp_path):
    # the dialog and the command line say a data set's samples with one rule (core.naming.sample_counts)
    path = tmp_path / "many.csv"
    path.write_text("x,y,test\n" + "".join(f"{i / 2000},{i % 2},{int(i % 5 == 0)}\n" for i in range(2000)))
    dialog = data_menu.import_csv(window, str(path))
    assert dialog.summary.text().startswith("1,600 training samples and 400 test samples: 1 input, 1 target.")


def test_choosing_columns_reshapes_the_network_and_says_so_first(window, controller):
    dialog = data_menu.import_csv(window, str(CORPUS / "good" / "half_adder_two_targets.csv"))
    assert dialog.summary.text().startswith("4 training samples: 2 inputs, 2 targets. The network becomes 2-3-2 "
                                            "(now 2-3-1)")
    dialog.set_role(3, "Ignore")
    assert dialog.summary.text() == "4 training samples: 2 inputs, 1 target."
    dialog.set_role(2, "Ignore")
    assert dialog.summary.text() == "Cannot import: choose at least one target column"
    assert not ok_button(dialog).isEnabled()
    dialog.set_role(0, "Target")
    dialog.set_role(3, "Target")  # x2 → y1, y2: 1 input, 2 targets
    ok_button(dialog).click()
    assert controller.trainer.network.layers == [1, 3, 2]
    assert controller.trainer.data.targets.tolist() == [[0, 0], [0, 0], [1, 0], [1, 1]]


def test_the_header_and_decimal_comma_switches_read_the_file_again(window, controller):
    dialog = data_menu.import_csv(window, str(CORPUS / "good" / "decimal_comma_semicolon.csv"))
    assert dialog.comma_box.isChecked() and dialog.preview.item(1, 0).text() == "0.5"
    dialog.comma_box.setChecked(False)
    assert dialog.summary.text() == ("Cannot import: line 2, column 1: '0,5' in 'a' is not a number with a decimal "
                                     "point; tick 'decimal comma' if the file uses them")
    assert not ok_button(dialog).isEnabled()
    dialog.comma_box.setChecked(True)
    dialog.header_box.setChecked(False)
    assert dialog.summary.text().startswith("Cannot import: line 1, column 1: 'a' is not a number")
    dialog.header_box.setChecked(True)
    assert ok_button(dialog).isEnabled()
    dialog.reject()
    assert controller.trainer.source == DataSource("xor")  # cancelled: nothing changed


@pytest.mark.parametrize("name", ["ragged.csv", "binary.csv", "empty.csv"])
def test_a_bad_file_shows_its_message_in_the_dialog_and_changes_nothing(window, controller, name):
    from tests.core.test_csvdata import BAD
    dialog = data_menu.import_csv(window, str(CORPUS / "bad" / name))
    assert dialog.summary.text() == f"Cannot import: {BAD[name]}"
    assert not ok_button(dialog).isEnabled()
    dialog.accept()  # even forced, nothing is imported
    assert controller.trainer.source == DataSource("xor") and controller.undo_stack.count() == 0


def test_an_unreadable_file_is_reported_without_a_dialog(window, controller, tmp_path, qtbot):
    assert data_menu.import_csv(window, str(tmp_path / "missing.csv")) is None
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == "Cannot import missing.csv: cannot read the file (No such file or directory)"
    box.close()
    assert controller.undo_stack.count() == 0


def test_data_the_session_cannot_use_is_refused_after_the_dialog(window, controller, tmp_path):
    controller.replace_session(make_preset("tanh"))  # cross-entropy
    (tmp_path / "big_targets.csv").write_text("x,y\n0,0\n1,3\n")
    dialog = data_menu.import_csv(window, str(tmp_path / "big_targets.csv"))
    ok_button(dialog).click()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == "Data not changed: the cross-entropy loss needs targets between 0 and 1."
    box.close()
    assert controller.trainer.source == DataSource("xor")


# -- the library -------------------------------------------------------------------------------------
def test_choosing_a_library_dataset_with_a_split(window, controller):
    dialog = data_menu.choose_dataset(window)
    assert dialog.entry_box.currentText() == "XOR" and not dialog.size_box.isEnabled()
    dialog.entry_box.setCurrentIndex(dialog.entry_box.findData("spiral"))
    assert dialog.size_box.isEnabled() and dialog.size_box.value() == 200
    dialog.size_box.setValue(100)
    dialog.noise_box.setValue(0.1)
    dialog.test_box.setValue(20)
    assert "80 samples train, 20 are kept for testing" in dialog.note.text()
    dialog.accept()
    t = controller.trainer
    assert t.source == DataSource("spiral", {"size": 100, "noise": 0.1, "seed": 0}, 0.2, 0)
    assert (len(t.data), len(t.test_data)) == (80, 20)
    again = data_menu.choose_dataset(window)  # opens on what the session has
    assert again.entry_box.currentData() == "spiral" and again.size_box.value() == 100 and again.test_box.value() == 20
    again.reject()


def test_the_split_the_dialog_announces_is_the_split_made(window, controller):
    # 90 samples, 35 %: it said 58 train and 32 for testing (90·35/100 = 31.5 rounds to 32), but
    # the split keeps round(90 × 0.35) = round(31.499…) = 31
    dialog = data_menu.choose_dataset(window)
    dialog.entry_box.setCurrentIndex(dialog.entry_box.findData("circle"))
    dialog.size_box.setValue(90)
    dialog.test_box.setValue(35)
    assert "59 samples train, 31 are kept for testing" in dialog.note.text()
    dialog.accept()
    assert (len(controller.trainer.data), len(controller.trainer.test_data)) == (59, 31)


def test_the_library_dialog_says_when_the_network_will_change(window):
    dialog = data_menu.choose_dataset(window)
    dialog.entry_box.setCurrentIndex(dialog.entry_box.findData("sine"))
    assert "The network becomes 1-3-1" in dialog.note.text()
    assert "use an identity output and the squared loss" in dialog.note.text()
    dialog.reject()


# -- a long table -------------------------------------------------------------------------------------
def test_ten_thousand_samples_fill_the_rows_in_view_and_scrolling_shows_others(truth, controller, qtbot):
    from xorgui.core.numbers import fmt
    assert controller.set_library_data(DataSource("circle", {"size": 10_000}))
    assert truth.rowCount() == 10_000
    made = [r for r in range(truth.rowCount()) if truth.item(r, 0) is not None]
    assert 0 < len(made) < 100  # rows are made as they come into view, not 60,000 cells at once
    x = controller.trainer.data.inputs
    assert truth.item(0, 0).text() == fmt(x[0, 0], controller.precision)
    truth.verticalScrollBar().setValue(5000)
    top = truth.rowAt(0)
    assert top >= 4990 and truth.item(top, 1).text() == fmt(x[top, 1], controller.precision)
    assert truth.verticalHeaderItem(top).text() == str(top)
    controller.select_sample(top + 1)
    assert truth.currentRow() == top + 1


def test_a_first_row_of_numbers_with_one_bad_value_is_data_not_column_names(window, controller):
    # it read as a header 'nan' and blamed line 3 "'inf' in 'nan'", with the header switch ticked
    dialog = data_menu.import_csv(window, str(CORPUS / "bad" / "nan_first_row.csv"))
    assert dialog.summary.text() == "Cannot import: line 1, column 3: 'nan' is not a number"
    assert not dialog.header_box.isChecked() and not ok_button(dialog).isEnabled()
    dialog.reject()


def test_a_file_with_text_among_numbers_shows_its_lines_and_the_header_it_was_read_with(window, controller, tmp_path):
    path = tmp_path / "text.csv"
    path.write_text("x1,x2,y\n0,0,0\n0,abc,1\n1,0,1\n")
    dialog = data_menu.import_csv(window, str(path))
    assert dialog.summary.text() == "Cannot import: line 3, column 2: 'abc' in 'x2' is not a number"
    # the message names a column by its header: the switch says the first row was read as names
    assert dialog.header_box.isChecked() and not dialog.comma_box.isChecked()
    assert dialog.preview.verticalHeaderItem(2).text() == "line 3" and dialog.preview.item(2, 0).text() == "0,abc,1"
    assert not ok_button(dialog).isEnabled()
    dialog.reject()
    assert controller.trainer.source == DataSource("xor") and controller.undo_stack.count() == 0

"""The Data menu (choose a library dataset, import and export CSV, add and remove samples) and
File ▸ Import data…: dialogs that gather the user's choice and hand it to the controller's data
commands; a refusal is shown as it is, and nothing changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from .result import refused
from .time_travel import ReadOnlyWhileViewing

if TYPE_CHECKING:  # the dialogs are imported when first opened: not needed for the first paint
    from .dataset_dialog import DatasetDialog
    from .import_dialog import ImportDialog

CSV_FILTER = "CSV files (*.csv *.txt *.tsv);;All files (*)"


def build(window, file_menu, export_menu) -> None:
    """File ▸ Import data…, File ▸ Export ▸ Data as CSV… and the Data menu, on ``window``."""
    c = window.controller
    before = next((a for a in file_menu.actions() if a.menu() is export_menu), None)
    window.import_data_action = _action(window, "&Import data…", lambda: import_csv(window),
                                        "Train on your own data: a CSV file of numbers")
    file_menu.insertAction(before, window.import_data_action)
    export_menu.addAction(_action(window, "&Data as CSV…", lambda: export_csv(window),
                                  "The training samples (and the test samples, marked) as CSV"))
    # after Edit, before Run
    data = QMenu("&Data", window)
    window.menuBar().insertMenu(window.menuBar().actions()[2], data)
    window.data_menu = data
    choose = _action(window, "&Choose dataset…", lambda: choose_dataset(window),
                     "AND, OR, XOR, parity, half adder, circle, spiral, … with size, noise and a test split")
    data.addAction(choose)
    data.addAction(window.import_data_action)
    data.addAction(_action(window, "&Export as CSV…", lambda: export_csv(window), "The data as a CSV file"))
    data.addSeparator()
    add = _action(window, "&Add sample", lambda: c.add_sample(c.snapshot.selected),
                  "A copy of the selected sample right after it; edit its values in the table")
    remove = _action(window, "&Remove selected sample", lambda: c.remove_sample(c.snapshot.selected),
                     "Remove the sample selected in the table")
    data.addActions([add, remove])
    # they change the run: disabled while an earlier epoch is shown, the reason as their tips
    ReadOnlyWhileViewing(c.travel, (choose, window.import_data_action, add, remove), parent=window)


def _action(window, text: str, slot, tip: str) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(slot)
    return action


def _folder(window) -> str:
    return str(window.settings.value("last_dir", str(Path.home())))


def choose_dataset(window) -> DatasetDialog:
    """Open the dataset chooser (not blocking); OK applies the choice through the controller."""
    from .dataset_dialog import DatasetDialog

    c = window.controller
    dialog = DatasetDialog(c.trainer.source, c.trainer.network.layers, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _apply_dataset(window, dialog))
    dialog.open()
    return dialog


def _apply_dataset(window, dialog: DatasetDialog) -> None:
    try:
        result = window.controller.set_library_data(dialog.source())
    except ValueError as exc:  # a split the parameters cannot give (say, 4 rows, 90 % for testing)
        result = refused(f"Data not changed: {exc}.")
    if not result:
        window.report_error("Data not changed", result.reason)


def import_csv(window, path: str | None = None) -> ImportDialog | None:
    """Ask for a CSV file (unless ``path`` is given) and open the import dialog on it (not
    blocking); Import hands the chosen columns to the controller."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import data", _folder(window), CSV_FILTER)
        if not path:
            return None
    from ..core.atomic import read_bounded
    from ..core.csvdata import CsvError, MAX_BYTES  # the CSV reader: not needed to start

    path = Path(path)
    try:
        raw = read_bounded(path, MAX_BYTES, f"a data file is at most {MAX_BYTES // 2**20} MiB", CsvError)
    except CsvError as exc:
        window.report_error("Data not imported", f"Cannot import {path.name}: {exc}")
        return None
    from .import_dialog import ImportDialog

    dialog = ImportDialog(raw, path.name, window.controller.trainer.network.layers, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _apply_import(window, dialog, path.name))
    dialog.open()
    return dialog


def _apply_import(window, dialog: ImportDialog, name: str) -> None:
    if dialog.datasets is None:
        return
    train, test = dialog.datasets
    result = window.controller.import_data(train, test, name)
    if not result:
        window.report_error("Data not imported", result.reason)


def export_csv(window) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "Export data", str(Path(_folder(window)) / "data.csv"), CSV_FILTER)
    if path:
        result = window.controller.export_data_csv(path)
        if not result:
            window.report_error("Data not exported", result.reason)

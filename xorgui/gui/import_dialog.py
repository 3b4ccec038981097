"""File ▸ Import data: a CSV file's preview, with a role for each column (input, target, test
marker or ignored), a header switch and a decimal-comma switch. Nothing changes until OK; what
cannot be used is said in the dialog, naming the line and column, and OK stays disabled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.csvdata import CsvError, Table, read_table
from ..core.data import Dataset
from ..core.naming import count, sample_counts
from ..core.numbers import fmt

ROLES = ("Input", "Target", "Ignore", "Test marker")
PREVIEW_ROWS = 12
ERROR_STYLE = "color: #c62828; font-weight: bold;"


class ImportDialog(QDialog):
    """Shows ``raw`` (the file's bytes) as a table; :attr:`datasets` is (train, test) when the
    choices can be used, else None and :attr:`problem` says why."""

    def __init__(self, raw: bytes, name: str, network_layers: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Import data from {name}")
        self._raw, self._layers = raw, list(network_layers)
        self.table: Table | None = None
        self.datasets: tuple[Dataset, Dataset | None] | None = None
        self.problem = ""
        self.header_box = QCheckBox("First row holds column names")
        self.comma_box = QCheckBox("Decimal comma (1,5 means one and a half)")
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        switches = QHBoxLayout()
        switches.addWidget(self.header_box)
        switches.addWidget(self.comma_box)
        switches.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(switches)
        hint = QLabel("Choose what each column is. Rows of a 'Test marker' column hold 1 for a test "
                      "sample (measured, never trained on) and 0 for a training sample.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(640, 440)
        self._combos: list[QComboBox] = []
        self._read(header=None, decimal_comma=None)
        self.header_box.toggled.connect(lambda on: self._read(on, self.comma_box.isChecked()))
        self.comma_box.toggled.connect(lambda on: self._read(self.header_box.isChecked(), on))

    # -- reading and choosing ------------------------------------------------------------------
    def _read(self, header: bool | None, decimal_comma: bool | None) -> None:
        try:
            self.table = read_table(self._raw, header, decimal_comma)
        except CsvError as exc:
            self.table = None
            self._show_problem(f"Cannot import: {exc}")
            self._set_boxes(exc.header, exc.decimal_comma)  # the reading the message is about
            self._show_lines()
            return
        self._set_boxes(self.table.header, self.table.decimal_comma)
        self._fill_preview()
        self._choose()

    def _set_boxes(self, header: bool | None, decimal_comma: bool | None) -> None:
        for box, value in ((self.header_box, header), (self.comma_box, decimal_comma)):
            if value is not None:
                box.blockSignals(True)
                box.setChecked(value)
                box.blockSignals(False)

    def _show_lines(self) -> None:
        """An unreadable file: its first lines as they are, so the line the message names can be found."""
        lines = self._raw.decode("utf-8", "replace").splitlines()[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(1)
        self.preview.setRowCount(len(lines))
        self.preview.setHorizontalHeaderLabels(["the file as it is"])
        self.preview.setVerticalHeaderLabels([f"line {i + 1}" for i in range(len(lines))])
        for r, text in enumerate(lines):
            self.preview.setItem(r, 0, QTableWidgetItem(text[:200]))  # a binary file's "line" may be megabytes

    def _fill_preview(self) -> None:
        t = self.table
        rows = min(PREVIEW_ROWS, len(t.values))
        self.preview.clear()
        self.preview.setColumnCount(len(t.names))
        self.preview.setRowCount(1 + rows)
        self.preview.setHorizontalHeaderLabels(list(t.names))
        self.preview.setVerticalHeaderLabels(["role"] + [f"line {t.lines[r]}" for r in range(rows)])
        inputs, targets, test = t.default_roles()
        self._combos = []
        for c in range(len(t.names)):
            combo = QComboBox()
            combo.addItems(ROLES)
            combo.setCurrentIndex(0 if c in inputs else 1 if c in targets else 3 if c == test else 2)
            combo.currentIndexChanged.connect(self._choose)
            combo.setToolTip(f"What column {c + 1} ({t.names[c]}) is")
            self.preview.setCellWidget(0, c, combo)
            self._combos.append(combo)
            for r in range(rows):
                item = QTableWidgetItem(fmt(t.values[r, c], 6))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.preview.setItem(1 + r, c, item)

    def roles(self) -> tuple[list[int], list[int], int | None]:
        """(input columns, target columns, test column or None) as chosen."""
        chosen = [combo.currentIndex() for combo in self._combos]
        tests = [c for c, r in enumerate(chosen) if r == 3]
        return ([c for c, r in enumerate(chosen) if r == 0], [c for c, r in enumerate(chosen) if r == 1],
                tests[0] if len(tests) == 1 else (-1 if tests else None))

    def set_role(self, column: int, role: str) -> None:
        """Choose ``role`` (one of ROLES) for ``column``, as a click in its box would."""
        self._combos[column].setCurrentIndex(ROLES.index(role))

    def _choose(self) -> None:
        inputs, targets, test = self.roles()
        if test == -1:
            self._show_problem("Cannot import: only one column can be the test marker.")
            return
        try:
            self.datasets = self.table.datasets(inputs, targets, test)
        except (CsvError, ValueError) as exc:
            self._show_problem(f"Cannot import: {exc}")
            return
        train, test_set = self.datasets
        self.problem = ""
        n_in, n_out = train.n_inputs, train.n_outputs
        text = f"{sample_counts(len(train), test_set and len(test_set))}: {count(n_in, 'input')}, {count(n_out, 'target')}."
        if (n_in, n_out) != (self._layers[0], self._layers[-1]):
            new = [n_in] + self._layers[1:-1] + [n_out]
            text += (f" The network becomes {'-'.join(map(str, new))} (now {'-'.join(map(str, self._layers))}): "
                     "its weights that remain keep their values, new ones come from the initialization.")
        self.summary.setStyleSheet("")
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _show_problem(self, text: str) -> None:
        self.datasets, self.problem = None, text
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

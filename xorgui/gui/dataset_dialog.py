"""Data ▸ Choose dataset: a library set with its parameters (size, noise, seed) and the share kept
for testing. It only builds a :class:`~xorgui.core.datasets.DataSource`; the controller applies it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout,
    QWidget,
)

from ..core.datasets import LIBRARY, MAX_TEST_FRACTION, DataSource, test_count
from .panel import SEED_MAX

KIND_NOTES = {
    "truth table": "Every row of the truth table, inputs and targets 0 or 1.",
    "classification": "Points in the plane (inputs about −1 to 1), target 1 or 0, half of each; noise moves "
                      "each point by a random amount of that standard deviation, so the classes overlap.",
    "regression": "x from −1 to 1 and the target sin(πx) plus noise: the targets go below 0, so use an "
                  "identity output and the squared loss.",
}


class DatasetDialog(QDialog):
    """Pick an entry of the library; :meth:`source` is what was chosen."""

    def __init__(self, current: DataSource, layers: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose a dataset")
        self._layers = list(layers)
        self.entry_box = QComboBox()
        for entry in LIBRARY.values():
            self.entry_box.addItem(entry.title, entry.name)
        self.size_box = QSpinBox()
        self.noise_box = QDoubleSpinBox()
        self.noise_box.setDecimals(2)
        self.noise_box.setSingleStep(0.05)
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, SEED_MAX)
        self.test_box = QSpinBox()
        self.test_box.setRange(0, round(MAX_TEST_FRACTION * 100))
        self.test_box.setSuffix(" %")
        self.test_box.setSingleStep(5)
        self.split_seed_box = QSpinBox()
        self.split_seed_box.setRange(0, SEED_MAX)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Dataset", self.entry_box)
        form.addRow("Samples", self.size_box)
        form.addRow("Noise", self.noise_box)
        form.addRow("Seed", self.seed_box)
        form.addRow("Kept for testing", self.test_box)
        form.addRow("Split seed", self.split_seed_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.entry_box.currentIndexChanged.connect(self._entry_changed)
        self.test_box.valueChanged.connect(self._describe)
        self.size_box.valueChanged.connect(self._describe)
        name = current.name if current.entry else "xor"
        self.entry_box.setCurrentIndex(list(LIBRARY).index(name))
        self._entry_changed(keep=current.params)
        self.test_box.setValue(round(current.test_fraction * 100))
        self.split_seed_box.setValue(min(current.split_seed, SEED_MAX))

    def _entry_changed(self, _index: int = 0, keep: dict | None = None) -> None:
        entry = LIBRARY[self.entry_box.currentData()]
        params = {p.name: p for p in entry.params}
        for key, box in (("size", self.size_box), ("noise", self.noise_box), ("seed", self.seed_box)):
            box.setEnabled(key in params)
            if key in params:
                p = params[key]
                box.setRange(p.low, min(p.high, SEED_MAX))
                value = (keep or {}).get(key, p.default)
                box.setValue(min(value, SEED_MAX) if key == "seed" else value)
        if "size" not in params:
            self.size_box.setRange(0, 2**16)
            self.size_box.setValue(2 ** entry.n_inputs)
        self._describe()

    def _describe(self) -> None:
        entry = LIBRARY[self.entry_box.currentData()]
        text = KIND_NOTES[entry.kind]
        n = self.size_box.value()
        if self.test_box.value():
            n_test = test_count(n, self._test_fraction())  # as the split will make it
            text += f" {n - n_test} samples train, {n_test} are kept for testing."
        if (entry.n_inputs, entry.n_outputs) != (self._layers[0], self._layers[-1]):
            new = [entry.n_inputs] + self._layers[1:-1] + [entry.n_outputs]
            text += (f" The network becomes {'-'.join(map(str, new))}: the weights that remain keep their "
                     "values, new ones come from the initialization.")
        self.note.setText(text)

    def source(self) -> DataSource:
        """The chosen dataset (ValueError if its parameters cannot be used, e.g. a split of 4 rows)."""
        entry = LIBRARY[self.entry_box.currentData()]
        boxes = {"size": self.size_box, "noise": self.noise_box, "seed": self.seed_box}
        params = {p.name: boxes[p.name].value() for p in entry.params}
        return DataSource(entry.name, params, self._test_fraction(), self.split_seed_box.value())

    def _test_fraction(self) -> float:
        return self.test_box.value() / 100

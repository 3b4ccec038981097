"""The architecture panel: one row per layer with −/+ for its units, its activation, and buttons
to add or remove hidden layers. It renders the snapshot's shape and forwards every click to one
controller command; a control that would be refused is disabled, its tooltip saying why
(:func:`xorgui.core.reshape.why_not`)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from ..core.activations import ACTIVATIONS
from ..core.naming import layer_title
from ..core.network import MAX_LAYERS, MAX_UNITS
from ..core import reshape
from ..core.reshape import CAP_REASON, describe, layer_words, new_weights_text
from ..core.snapshot import Snapshot


def _button(text: str, tip: str | None, enabled_tip: str, action) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setEnabled(tip is None)
    b.setToolTip(enabled_tip if tip is None else tip)
    b.clicked.connect(action)
    return b


class ArchitecturePanel(QWidget):
    """Layers, units and activations; ``rows[layer]`` holds that layer's widgets by name."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.rows: dict[int, dict[str, QWidget]] = {}
        self._built: tuple | None = None
        # ten layers' rows are taller than the tab: they scroll, the window keeps its size
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self.layout().setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(6, 6, 6, 6)
        self.grid = QGridLayout()
        outer.addLayout(self.grid)
        self.init_label = QLabel()
        self.init_label.setWordWrap(True)
        self.cap_label = QLabel(f"At most {MAX_UNITS} units in a layer and {MAX_LAYERS} layers, so that "
                                f"{CAP_REASON}. The input and output layers follow the data's columns.")
        self.cap_label.setWordWrap(True)
        for label in (self.init_label, self.cap_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            outer.addWidget(label)
        outer.addStretch(1)
        controller.snapshot_changed.connect(self.render)
        self.render(controller.snapshot)

    def render(self, snap: Snapshot) -> None:
        # while an earlier epoch is shown every control is disabled, the reason its tip
        past = snap.read_only
        built = (snap.layers, snap.activations, bool(past))
        if built != self._built:
            self._built = built
            self._build(snap)
        elif past:  # another epoch of the past: the same controls, the reason names that epoch
            for row in self.rows.values():
                for key, widget in row.items():
                    if key not in ("name", "units"):
                        widget.setToolTip(past)
        self.init_label.setText(f"New weights: {new_weights_text(snap.init)} (Settings ▸ Initialization). "
                                "Weights that survive a change keep their values; Edit ▸ Undo takes a change back.")

    def _build(self, snap: Snapshot) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                # hidden now: deleteLater waits for the event loop, and the old rows would paint under the new
                item.widget().hide()
                item.widget().deleteLater()
        self.rows.clear()
        c, layers = self.controller, list(snap.layers)
        last, past = len(layers) - 1, snap.read_only

        def why_not(layers, action, k):
            return past or reshape.why_not(layers, action, k)
        for k, n in enumerate(layers):
            title, words = layer_title(layers, k), layer_words(layers, k)
            row: dict[str, QWidget] = {}
            name = QLabel(f"<b>{title}</b>")
            units = QLabel(f"{n} unit{'s' if n != 1 else ''}")
            units.setMinimumWidth(units.fontMetrics().horizontalAdvance("16 units") + 4)
            row["name"], row["units"] = name, units
            row["remove_unit"] = _button("−", why_not(layers, "remove_unit", k), describe(layers, "remove_unit", k),
                                         lambda _=False, k=k: c.remove_unit(k))
            row["add_unit"] = _button("+", why_not(layers, "add_unit", k), describe(layers, "add_unit", k),
                                      lambda _=False, k=k: c.add_unit(k))
            for col, key in enumerate(("name", "remove_unit", "units", "add_unit")):
                self.grid.addWidget(row[key], 2 * k, col)
            if k > 0:
                act = QComboBox()
                for a in ACTIVATIONS.values():
                    act.addItem(a.label, a.name)
                with QSignalBlocker(act):
                    act.setCurrentIndex(act.findData(snap.activations[k - 1]))
                act.setToolTip(past or f"Activation of the units of {words}")
                act.setEnabled(not past)
                act.currentIndexChanged.connect(lambda i, k=k, box=act: c.set_activation(k - 1, box.itemData(i)))
                row["activation"] = act
                self.grid.addWidget(act, 2 * k, 4)
            if 0 < k < last:
                row["remove_layer"] = _button("✕", why_not(layers, "remove_layer", k),
                                              describe(layers, "remove_layer", k), lambda _=False, k=k: c.remove_layer(k))
                self.grid.addWidget(row["remove_layer"], 2 * k, 5)
            if k < last:
                tip = why_not(layers, "add_layer", k + 1)
                row["add_layer"] = _button("+ layer", tip, describe(layers, "add_layer", k + 1),
                                           lambda _=False, k=k: c.add_layer(k + 1))
                row["add_layer"].setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                self.grid.addWidget(row["add_layer"], 2 * k + 1, 4, 1, 2, Qt.AlignmentFlag.AlignRight)
            self.rows[k] = row
        self.grid.setColumnStretch(4, 1)

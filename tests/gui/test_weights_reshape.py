"""The Weights tab after the shape changes: only the new shape's grids and captions show, at
once (the old ones used to stay visible until Qt got round to deleting them, painting a 2-3-1's
"Z0 Z1 Z2" header and "W: X → Z" caption under a 2-8-8-1's)."""

from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from xorgui.core import Dataset, Initialization, Network, Trainer, sessionfile


def shown(table_widget):
    """The captions and the grids' shapes a user sees in the Weights tab."""
    QApplication.processEvents()  # a frame's worth of events, as the window gets between two paints
    captions = [label.text().split()[0] for label in table_widget.findChildren(QLabel) if label.isVisibleTo(table_widget)]
    grids = [(t.rowCount(), t.columnCount()) for t in table_widget.findChildren(QTableWidget)
             if t.isVisibleTo(table_widget)]
    return captions, grids


def test_opening_a_deeper_session_shows_only_its_grids(window, controller, tmp_path):
    window.tabs.setCurrentWidget(window.weights_table)
    assert shown(window.weights_table) == (["W:", "V:"], [(3, 3), (1, 4)])  # the 2-3-1 seed
    init = Initialization("uniform", seed=1)
    path = tmp_path / "deep.json"
    sessionfile.save(Trainer(Network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], init.make([2, 8, 8, 1])),
                             Dataset.xor(), init=init), path)
    assert window.open_path(str(path))
    assert shown(window.weights_table) == (["W1:", "W2:", "W3:"], [(8, 3), (8, 9), (1, 9)])


def test_a_new_layer_replaces_the_grids_shown(window, controller):
    window.tabs.setCurrentWidget(window.weights_table)
    assert controller.add_layer(1)
    layers = controller.snapshot.layers
    assert len(layers) == 4
    assert shown(window.weights_table) == (
        ["W1:", "W2:", "W3:"], [(layers[l + 1], layers[l] + 1) for l in range(3)])


def test_a_new_units_weights_show_without_another_change(window, controller, qtbot):
    """A unit added (2-3-1 → 2-4-1) got a V column that stayed blank until the next change, and so
    did V's last column after the half adder's data: the grids were laid out after the cells in view
    were drawn, and nothing drew the cells that then came into view."""
    from xorgui.core.datasets import DataSource

    assert controller.add_unit(1)
    grid = window.weights_table
    qtbot.waitUntil(lambda: [grid.cell_text(1, 0, c) for c in range(5)] == ["1"] * 5, timeout=2000)
    assert controller.set_library_data(DataSource("half_adder"))
    qtbot.waitUntil(lambda: all(grid.cell_text(1, r, c) == "1" for r in range(2) for c in range(5)), timeout=2000)

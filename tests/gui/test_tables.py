"""The truth table and the weights table render the controller's snapshot and forward edits."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.datasets import DataSource
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.gui.tables import MAX_UNSCROLLED_ROWS, TruthTable
from xorgui.gui.weights_table import WeightsTable


@pytest.fixture
def truth(controller, shown):
    return shown(TruthTable(controller))


@pytest.fixture
def weights(controller, shown):
    return shown(WeightsTable(controller))


def column(table, title):
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    c = titles.index(title)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def headers(table):
    return [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]


# -- truth table --------------------------------------------------------------------------
def test_truth_table_shows_the_seed_numbers(truth):
    # All weights 1, identity units: every Z = 1 + x1 + x2, D0 = 1 + 3·Z → 4, 7, 7, 10;
    # squared loss ½(D0 − y)² → 8, 18, 18, 50 (the core's seed test derives the same).
    assert truth.rowCount() == 4
    assert [truth.horizontalHeaderItem(c).text() for c in range(truth.columnCount())] == \
        ["X1", "X2", "y", "ŷ", "ok", "loss"]
    assert column(truth, "X1") == ["0", "0", "1", "1"]
    assert column(truth, "X2") == ["0", "1", "0", "1"]
    assert column(truth, "y") == ["0", "1", "1", "0"]
    assert column(truth, "ŷ") == ["4", "7", "7", "10"]
    assert column(truth, "loss") == ["8", "18", "18", "50"]
    assert column(truth, "ok") == ["✘"] * 4
    # inputs and targets are edited in place (tests/gui/test_data_editor.py); the rest is computed
    assert [bool(truth.item(0, c).flags() & Qt.ItemFlag.ItemIsEditable) for c in range(6)] == [True] * 3 + [False] * 3


def test_clicking_a_row_selects_that_sample(truth, controller, qtbot):
    shown = []
    controller.snapshot_changed.connect(lambda snap: shown.append(snap.selected))
    rect = truth.visualItemRect(truth.item(2, 1))
    qtbot.mouseClick(truth.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert controller.selected == 2 and controller.snapshot.selected == 2
    assert shown == [2]  # one publish: showing the selection did not select again
    assert [i.row() for i in truth.selectionModel().selectedRows()] == [2]


def test_selection_follows_the_controller(truth, controller):
    assert [i.row() for i in truth.selectionModel().selectedRows()] == [0]
    controller.select_sample(3)
    assert [i.row() for i in truth.selectionModel().selectedRows()] == [3]
    assert controller.selected == 3


def test_next_sample_marker_moves_after_a_step(truth, controller):
    assert headers(truth) == ["▶ 0", "1", "2", "3"]
    assert truth.verticalHeaderItem(0).toolTip() == "next Step uses this sample"
    controller.step_sample()
    assert headers(truth) == ["0", "▶ 1", "2", "3"]
    assert truth.verticalHeaderItem(1).toolTip() == "next Step uses this sample"
    assert truth.verticalHeaderItem(0).toolTip() != "next Step uses this sample"


def test_truth_table_follows_the_precision(truth, controller):
    controller.edit_weight(1, 0, 0, "1/3")  # V00 = 1/3: predictions 10/3, 19/3, 19/3, 28/3
    snap = controller.snapshot
    assert column(truth, "ŷ") == [fmt(v, 4) for v in snap.predictions[:, 0]] == \
        ["3.3333", "6.3333", "6.3333", "9.3333"]
    controller.set_precision(6)
    assert column(truth, "ŷ") == ["3.333333", "6.333333", "6.333333", "9.333333"]
    assert column(truth, "loss") == [fmt(v, 6) for v in controller.snapshot.sample_losses]


def test_ok_column_marks_correct_rounded_predictions(truth, controller):
    trainer = make_preset("sigmoid")
    trainer.run_epochs(2000)
    controller.replace_session(trainer)
    assert column(truth, "ok") == ["✔"] * 4  # the sigmoid preset has learned XOR by then


# -- weights table ------------------------------------------------------------------------
def test_weights_table_names_rows_columns_and_cells(weights, read_weight):
    w, v = weights.tables
    assert [c.text() for c in weights.captions] == ["W: X → Z   (input → hidden)", "V: Z → D   (hidden → output)"]
    assert [w.horizontalHeaderItem(c).text() for c in range(3)] == ["X0", "X1", "X2"]
    assert [w.verticalHeaderItem(r).text() for r in range(3)] == ["Z1", "Z2", "Z3"]
    assert [v.horizontalHeaderItem(c).text() for c in range(4)] == ["Z0", "Z1", "Z2", "Z3"]
    assert [v.verticalHeaderItem(r).text() for r in range(1)] == ["D0"]
    assert w.item(1, 1).toolTip() == "W21: X1 → Z2"
    assert w.item(0, 0).toolTip() == "W10: X0 → Z1"
    assert v.item(0, 3).toolTip() == "V03: Z3 → D0"
    assert all(read_weight(weights, l, r, c) == "1" for l, m in enumerate(controller_weights(weights))
               for r in range(m.shape[0]) for c in range(m.shape[1]))


def controller_weights(widget):
    return widget.controller.snapshot.weights


def open_editor(weights, qtbot, layer, row, col):
    table = weights.tables[layer]
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the platform's edit key
    editor = weights.editor(layer)
    assert editor is not None and editor.isVisible()
    return editor


def commit(weights, qtbot, editor, layer):
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: weights.editor(layer) is None)  # Qt commits on the next event loop turn


def type_into(weights, qtbot, editor, text, layer=0):
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    assert editor.text() == text
    commit(weights, qtbot, editor, layer)


def test_editing_a_cell_sets_the_weight(weights, controller, qtbot, read_weight):
    before = controller.snapshot.loss
    editor = open_editor(weights, qtbot, 0, 1, 1)
    assert editor.text() == "1.0"  # full precision
    type_into(weights, qtbot, editor, "1/4")
    assert controller.trainer.network.weights[0][1, 1] == 0.25
    assert controller.snapshot.weights[0][1, 1] == 0.25
    assert controller.snapshot.loss != before
    assert read_weight(weights, 0, 1, 1) == "0.25"
    assert weights.editor(0) is None
    assert controller.snapshot.markers[-1].label == "W21 edited"


@pytest.mark.parametrize("text", ["abc", "nan", "1e400", ""])
def test_refused_input_leaves_the_weight(weights, controller, messages, qtbot, text, read_weight):
    editor = open_editor(weights, qtbot, 0, 1, 1)
    type_into(weights, qtbot, editor, text)
    assert controller.trainer.network.weights[0][1, 1] == 1.0
    assert read_weight(weights, 0, 1, 1) == "1"
    assert messages and messages[-1][0] == "error" and messages[-1][1].startswith("W21 not changed")
    assert controller.undo_stack.count() == 0


def test_decimal_comma_and_full_precision_editor(weights, controller, qtbot, read_weight):
    type_into(weights, qtbot, open_editor(weights, qtbot, 1, 0, 2), "0,5", layer=1)
    assert controller.trainer.network.weights[1][0, 2] == 0.5
    controller.edit_weight(0, 2, 0, "1/3")
    assert read_weight(weights, 0, 2, 0) == "0.3333"
    editor = open_editor(weights, qtbot, 0, 2, 0)
    assert editor.text() == repr(1 / 3)
    commit(weights, qtbot, editor, 0)  # unchanged: no new edit, no undo entry
    assert controller.undo_stack.count() == 2


def test_an_open_editor_is_not_overwritten(weights, controller, qtbot, read_weight):
    editor = open_editor(weights, qtbot, 0, 1, 1)
    editor.selectAll()
    qtbot.keyClicks(editor, "0.7")
    controller.step_epoch()  # changes every weight and publishes
    assert editor.text() == "0.7"
    new = controller.snapshot.weights
    assert read_weight(weights, 0, 0, 0) == fmt(new[0][0, 0], 4)  # the other cells follow
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: weights.editor(0) is None)
    assert controller.trainer.network.weights[0][1, 1] == new[0][1, 1]
    assert read_weight(weights, 0, 1, 1) == fmt(new[0][1, 1], 4)


def test_precision_change_rerenders_the_weights(weights, controller, read_weight):
    controller.edit_weight(1, 0, 1, "-2/3")
    assert read_weight(weights, 1, 0, 1) == "−0.6667"
    controller.set_precision(6)
    assert read_weight(weights, 1, 0, 1) == "−0.666667"
    assert read_weight(weights, 0, 0, 0) == "1"


def test_undo_is_shown(weights, controller, read_weight):
    controller.edit_weight(0, 0, 1, "2")
    assert read_weight(weights, 0, 0, 1) == "2"
    controller.undo()
    assert read_weight(weights, 0, 0, 1) == "1"


def test_new_shape_rebuilds_the_grids(weights, controller, qtbot, read_weight):
    editor = open_editor(weights, qtbot, 0, 0, 0)
    qtbot.keyClicks(editor, "5")
    controller.replace_session(make_preset("deep"))  # 2-4-4-1
    assert weights.editor(0) is None  # the edit belonged to the old session
    assert [t.rowCount() for t in weights.tables] == [4, 4, 1]
    assert [t.columnCount() for t in weights.tables] == [3, 5, 5]
    assert weights.captions[1].text() == "W2: Z1 → Z2   (hidden 1 → hidden 2)"
    t = weights.tables[1]
    assert t.verticalHeaderItem(0).text() == "Z2_1" and t.horizontalHeaderItem(0).text() == "Z1_0"
    assert t.item(0, 1).toolTip() == f"{controller.snapshot.weight_names[1][0][1]}: Z1_1 → Z2_1"
    snap = controller.snapshot
    assert read_weight(weights, 2, 0, 4) == fmt(snap.weights[2][0, 4], 4)


def test_typing_on_a_selected_cell_starts_an_edit(weights, controller, qtbot, read_weight):
    table = weights.tables[1]
    table.setCurrentCell(0, 3)
    qtbot.keyClick(table, "-")  # the first key opens the editor and replaces the value
    editor = weights.editor(1)
    assert editor is not None and editor.text() == "-"
    qtbot.keyClick(editor, "2")  # the editor has the focus now
    assert editor.text() == "-2"
    commit(weights, qtbot, editor, 1)
    assert controller.trainer.network.weights[1][0, 3] == -2.0
    assert read_weight(weights, 1, 0, 3) == "−2"


def test_a_16_row_weights_grid_shows_every_column_at_1024x700(qtbot, controller, tmp_path, read_weight):
    """2-16-1: the 16-row grid of W shows X0, X1 and X2 whole, with no sideways scrolling;
    the 17-column grid of V beside it scrolls on its own instead of widening the panel."""
    import numpy as np
    from PySide6.QtCore import QPoint, QSettings

    from xorgui.core import sessionfile
    from xorgui.core.data import Dataset
    from xorgui.core.init import Initialization
    from xorgui.core.network import Network
    from xorgui.core.training import Trainer
    from xorgui.gui.main_window import MainWindow

    network = Network([2, 16, 1], ["tanh", "sigmoid"], Initialization("xavier", seed=1).make([2, 16, 1]))
    sessionfile.save(Trainer(network, Dataset.xor()), tmp_path / "wide.json")
    window = MainWindow(controller, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert controller.open_file(tmp_path / "wide.json")
        panel = window.weights_table
        w, v = panel.tables
        qtbot.waitUntil(lambda: w.isVisible() and v.isVisible())
        assert not panel.scroll_area.horizontalScrollBar().isVisible()
        assert w.horizontalScrollBar().maximum() == 0  # nothing of W is out of sight
        header = w.horizontalHeader()
        assert [w.horizontalHeaderItem(c).text() for c in range(3)] == ["X0", "X1", "X2"]
        right = header.sectionViewportPosition(2) + header.sectionSize(2)  # of X2's column
        seen = panel.scroll_area.viewport()
        assert 0 < header.viewport().mapTo(seen, QPoint(right, 0)).x() <= seen.width()
        assert all(np.isfinite(float(read_weight(panel, 0, r, 1).replace("−", "-"))) for r in range(16))
        assert v.columnCount() == 17 and v.width() <= panel.width()
    finally:
        controller.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_a_long_tables_columns_fit_every_number_they_show(new_controller, shown):
    # 16 inputs on 20 samples (a long table: its columns are not measured row by row): shared
    # evenly, every cell read "0…"; each column now takes the widest text its range can give
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, (20, 16))
    x[:, 1] *= 1000  # "−987.1234": wider
    x[0, 2] = -3e-7  # "−3e−7" at 4 decimals
    y = (rng.uniform(0, 1, (20, 16)) > 0.5).astype(float)  # "0", "1": narrow
    init = Initialization("xavier", seed=2)
    controller = new_controller(Trainer(Network([16, 4, 16], ["tanh", "sigmoid"], init.make([16, 4, 16])),
                                        Dataset(x, y), TrainingConfig(), init))
    truth = shown(TruthTable(controller), 900, 400)
    assert truth.rowCount() == 20 > MAX_UNSCROLLED_ROWS
    header, metrics = truth.horizontalHeader(), truth.fontMetrics()

    def fits(c):
        texts = [truth.item(r, c).text() for r in range(truth.rowCount()) if truth.item(r, c) is not None]
        return header.sectionSize(c) >= max(metrics.horizontalAdvance(t) for t in texts) + 8

    for decimals in (4, 6):
        assert controller.set_precision(decimals)
        for c in range(truth.columnCount()):
            truth.horizontalScrollBar().setValue(header.sectionPosition(c))  # into view: its cells are made
            assert fits(c), (decimals, truth.horizontalHeaderItem(c).text())
    assert header.sectionSize(1) > header.sectionSize(3) > header.sectionSize(16)  # X2, X4, y(D0)


def test_a_long_table_of_few_columns_still_fills_its_width(new_controller, shown):
    controller = new_controller()
    assert controller.set_library_data(DataSource("circle", {"size": 40}))
    truth = shown(TruthTable(controller), 700, 300)
    assert truth.rowCount() == 40 > MAX_UNSCROLLED_ROWS
    header = truth.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(truth.columnCount()))
    assert truth.viewport().width() - truth.columnCount() <= used <= truth.viewport().width()
    assert truth.horizontalScrollBar().maximum() == 0


def test_a_long_tables_loss_and_unbounded_predictions_widen_as_they_grow(new_controller, shown):
    # identity outputs and losses have no bound: "2305.8851" was cut to "230…" in a column sized for
    # losses up to 99, and each ŷ column was sized for −8888888888.8888 whatever the values
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-1, 1, (20, 16)), (rng.uniform(0, 1, (20, 16)) > 0.5).astype(float)
    init = Initialization("xavier", seed=2)
    controller = new_controller(Trainer(Network([16, 4, 16], ["tanh", "identity"], init.make([16, 4, 16])),
                                        Dataset(x, y), TrainingConfig(), init))
    truth = shown(TruthTable(controller), 900, 400)
    header, metrics = truth.horizontalHeader(), truth.fontMetrics()
    titles = [truth.horizontalHeaderItem(c).text() for c in range(truth.columnCount())]
    loss, first = titles.index("loss"), titles.index("ŷ(D0)")
    assert header.sectionSize(first) < metrics.horizontalAdvance("−8888888888.8888")
    for value in (17.3456, 1234.5):  # every output's bias: ŷ near it, the loss near 16·½·value²
        for o in range(16):
            assert controller.edit_weight(1, o, 0, str(value))
        truth.horizontalScrollBar().setValue(header.sectionPosition(first))
        for c in (first, loss):
            truth.horizontalScrollBar().setValue(header.sectionPosition(c))
            texts = [truth.item(r, c).text() for r in range(truth.rowCount()) if truth.item(r, c) is not None]
            assert texts and header.sectionSize(c) >= max(metrics.horizontalAdvance(t) for t in texts) + 8, texts


def test_a_narrow_truth_table_never_clips_a_title_its_columns_scroll_instead(new_controller, shown):
    # the half adder at α = 1000: predictions like 1.76655e−64 at 6 decimals took the width, and the
    # targets' titles read "/(D0" in a table 440 px wide (the window at 1024×700)
    from xorgui.core.datasets import build

    train, _ = build(DataSource("half_adder"))
    init = Initialization("uniform", scale=1.0, seed=1)
    t = Trainer(Network([2, 3, 2], ["sigmoid", "sigmoid"], init.make([2, 3, 2])), train,
                TrainingConfig(learning_rate=1000.0), init)
    t.run_epochs(300)
    controller = new_controller(t)
    controller.set_precision(6)
    table = shown(TruthTable(controller), 440, 200)
    assert column(table, "ŷ(D1)")[0] == "1.76655e−64"
    header, metrics = table.horizontalHeader(), table.fontMetrics()
    for c in range(table.columnCount()):
        title = table.horizontalHeaderItem(c).text()
        assert header.sectionSize(c) >= metrics.horizontalAdvance(title), title
    assert table.horizontalScrollBar().maximum() > 0  # the rest is a scroll away

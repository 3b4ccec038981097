"""16-16-16 on 10,000 samples in the window: the views draw only what is in view, and what the
user brings into view (scrolling, another tab) shows the current numbers."""

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.numbers import fmt
from xorgui.gui.tables import OK_MARK, WRONG_MARK

# a 16-16-16 window on 10,000 samples per test (~0.5 s each): the slow tier, which .ci/run runs too
pytestmark = pytest.mark.slow


@pytest.fixture
def controller(new_controller):
    rng = np.random.default_rng(0)
    init = Initialization("xavier", seed=2)
    x = rng.uniform(-1, 1, (10_000, 16))
    y = (rng.uniform(0, 1, (10_000, 16)) > 0.5).astype(float)
    return new_controller(Trainer(Network([16, 16, 16], ["tanh", "sigmoid"], init.make([16, 16, 16])),
                                  Dataset(x, y), TrainingConfig(learning_rate=0.1), init))


@pytest.fixture
def window_size():
    return (1400, 860)


def test_the_truth_table_scrolled_sideways_after_an_epoch_shows_that_epoch(window, controller):
    truth = window.truth_table
    assert controller.step_epoch() and controller.step_epoch()
    snap, p = controller.snapshot, controller.precision
    bar = truth.horizontalScrollBar()
    assert bar.maximum() > 0  # 50 columns: the predictions, ok and loss are out of view at first
    bar.setValue(bar.maximum())
    titles = [truth.horizontalHeaderItem(c).text() for c in range(truth.columnCount())]
    top, loss, ok, first = truth.rowAt(0), titles.index("loss"), titles.index("ok"), titles.index("ŷ(D0)")
    for r in range(top, top + 5):
        assert truth.item(r, loss).text() == fmt(snap.sample_losses[r], p)
        assert truth.item(r, ok).text() == (OK_MARK if snap.correct[r] else WRONG_MARK)
        assert truth.item(r, titles.index("ŷ(D15)")).text() == fmt(snap.predictions[r, 15], p)
    assert truth.columnAt(truth.viewport().width() - 1) == loss and truth.columnAt(0) > first
    bar.setValue(0)  # and back: the inputs, and the epoch's predictions that had scrolled out
    assert truth.item(top, 0).text() == fmt(snap.inputs[top, 0], p)


def test_every_weight_reads_the_epoch_in_the_grid_and_on_the_diagram(window, controller, read_weight):
    assert controller.step_epoch()
    snap = controller.snapshot
    for (l, r, c), label in window.diagram.labels.items():
        want = fmt(float(snap.weights[l][r, c]), snap.precision)
        assert label.text() == want and read_weight(window.weights_table, l, r, c) == want



def test_weights_scrolled_into_view_after_an_epoch_show_that_epoch(window, controller):
    grids = window.weights_table
    assert controller.step_epoch() and controller.step_epoch()
    snap = controller.snapshot
    shows = lambda l, r, c: grids.tables[l].item(r, c).text() == fmt(float(snap.weights[l][r, c]), snap.precision)  # noqa: E731
    first, last = grids.tables
    down = grids.scroll_area.verticalScrollBar()
    assert down.maximum() > 0  # the test means something: the grids do not fit the tab
    down.setValue(down.maximum())  # the last grid's last row, into view
    assert all(shows(1, 15, c) for c in range(last.columnAt(0), last.columnAt(last.viewport().width() - 1) + 1))
    side = last.horizontalScrollBar()
    assert side.maximum() > 0  # 17 columns are wider than the tab
    side.setValue(side.maximum())
    assert shows(1, 15, 16) and shows(1, 15, last.columnAt(0))
    down.setValue(0)
    assert shows(0, 0, 0)


def test_after_an_epoch_every_link_and_unit_shows_that_epoch(window, controller):
    from xorgui.gui.diagram.style import MAX_LINK_PX, MIN_LINK_PX

    assert controller.step_epoch() and controller.select_sample(3) and controller.step_epoch()
    snap, view, p = controller.snapshot, window.diagram, controller.precision
    largest = max(float(np.abs(w).max()) for w in snap.weights)
    for (l, r, c), link in view.links.items():
        w = float(snap.weights[l][r, c])
        assert link.pen().color() == (view.colors.positive if w > 0 else view.colors.negative)
        assert link.pen().widthF() == pytest.approx(MIN_LINK_PX + abs(w) / largest * (MAX_LINK_PX - MIN_LINK_PX), abs=0.051)
    z2 = next(node for node in view.nodes.values() if node.name == "Z2")
    assert z2.toolTip().splitlines()[:4] == ["Z2, sample 3", f"a = {fmt(snap.a[0][3, 1], p)}  (weighted sum)",
                                             f"z = {fmt(snap.z[0][3, 1], p)}  (activation)", f"δ = {fmt(snap.deltas[0][1], p)}  (dL/da)"]
    x2 = next(node for node in view.nodes.values() if node.name == "X2")
    assert x2.toolTip() == f"X2 = {fmt(snap.inputs[3, 1], p)}\ninput of sample 3" and x2.value_text() == fmt(snap.inputs[3, 1], p)


def in_view(grid):
    """(rows, columns) of a grid on screen."""
    rect = grid.viewport().visibleRegion().boundingRect()
    if rect.isEmpty():
        return range(0), range(0)
    bottom, right = grid.rowAt(rect.bottom()), grid.columnAt(rect.right())
    return (range(max(grid.rowAt(rect.top()), 0), grid.rowCount() if bottom < 0 else bottom + 1),
            range(max(grid.columnAt(rect.left()), 0), grid.columnCount() if right < 0 else right + 1))


def test_a_wider_weights_panel_shows_the_weights_that_come_into_view(window, controller, qtbot):
    grids = window.weights_table
    assert controller.step_epoch() and controller.step_epoch()
    qtbot.wait(10)  # laid out and painted
    narrow = len(in_view(grids.tables[0])[1])
    left, right = window.main.sizes()
    window.main.setSizes([left - 500, right + 500])  # the splitter dragged: the grids widen
    qtbot.wait(10)
    snap = controller.snapshot
    assert len(in_view(grids.tables[0])[1]) > narrow  # the test means something: more columns in view
    for l, grid in enumerate(grids.tables):
        rows, cols = in_view(grid)
        assert all(grid.item(r, c).text() == fmt(float(snap.weights[l][r, c]), snap.precision) for r in rows for c in cols)


def shows_the_snapshot(grids, snap):
    """Every cell in view in every grid shows ``snap``'s weight."""
    return all(grid.item(r, c).text() == fmt(float(snap.weights[l][r, c]), snap.precision)
               for l, grid in enumerate(grids.tables) for r in in_view(grid)[0] for c in in_view(grid)[1])


def test_a_taller_weights_panel_shows_the_weights_that_come_into_view(window, controller, qtbot):
    grids = window.weights_table
    assert controller.step_epoch() and controller.step_epoch()
    qtbot.wait(10)
    short = len(in_view(grids.tables[0])[0])
    top, mid, bottom = window.right.sizes()
    window.right.setSizes([top - 100, mid - 150, bottom + 250])  # the tabs' splitter dragged up
    qtbot.wait(10)
    assert len(in_view(grids.tables[0])[0]) > short  # more rows in view, at the same scroll position 0
    assert grids.scroll_area.verticalScrollBar().value() == 0
    assert shows_the_snapshot(grids, controller.snapshot)


def test_a_taller_window_shows_the_weights_that_come_into_view(window, controller, qtbot):
    grids = window.weights_table
    assert controller.step_epoch() and controller.step_epoch()
    qtbot.wait(10)
    short = len(in_view(grids.tables[0])[0])
    window.resize(1400, 1200)
    qtbot.wait(20)
    assert len(in_view(grids.tables[0])[0]) > short
    assert shows_the_snapshot(grids, controller.snapshot)


def test_a_window_made_taller_behind_another_tab_shows_the_weights_when_shown(window, controller, qtbot):
    grids = window.weights_table
    qtbot.wait(10)
    short = len(in_view(grids.tables[0])[0])
    window.tabs.setCurrentWidget(window.diagnostics)
    window.resize(1400, 1200)
    qtbot.wait(20)
    window.tabs.setCurrentWidget(grids)  # no new snapshot came while it was hidden
    qtbot.wait(20)
    assert len(in_view(grids.tables[0])[0]) > short
    assert shows_the_snapshot(grids, controller.snapshot)


def test_a_layer_added_and_undone_shows_the_weights_in_view(window, controller, qtbot):
    grids = window.weights_table
    assert controller.step_epoch() and controller.add_layer(1)
    qtbot.wait(10)
    assert len(grids.tables) == 3 and shows_the_snapshot(grids, controller.snapshot)
    assert controller.undo()
    qtbot.wait(10)
    assert len(grids.tables) == 2 and shows_the_snapshot(grids, controller.snapshot)


def test_more_decimals_while_scrolled_down_show_in_every_cell_brought_into_view(window, controller, qtbot):
    grids = window.weights_table
    down = grids.scroll_area.verticalScrollBar()
    down.setValue(down.maximum() // 2)
    assert controller.step_epoch() and controller.set_precision(6)
    qtbot.wait(10)
    assert shows_the_snapshot(grids, controller.snapshot)
    down.setValue(0)  # the rows scrolled past while the decimals changed
    assert shows_the_snapshot(grids, controller.snapshot)
    assert len(grids.tables[0].item(0, 0).text().split(".")[1]) > 4


def test_tabs_shown_after_an_epoch_show_that_epoch(window, controller, qtbot):
    window.tabs.setCurrentWidget(window.diagnostics)  # the weights behind another tab
    window.plot  # noqa: B018 - built now (only the program builds it after its first paint)
    assert controller.step_epoch() and controller.step_epoch()
    snap = controller.snapshot
    window.tabs.setCurrentWidget(window.weights_table)
    qtbot.wait(10)
    for l, grid in enumerate(window.weights_table.tables):
        rows, cols = in_view(grid)
        assert all(grid.item(r, c).text() == fmt(float(snap.weights[l][r, c]), snap.precision) for r in rows for c in cols)
    window.bottom_tabs.setCurrentWidget(window.sample_plot)  # each sample's loss, worst first
    x, y = window.sample_plot.profile.getData()
    assert len(y) == 10_000 and np.array_equal(y, np.sort(snap.sample_losses)[::-1])
    assert np.array_equal(snap.sample_losses, controller.trainer.sample_losses())

"""Views that draw only what changed, and tabs drawn when shown, still show the current numbers."""

from PySide6.QtCore import Qt

from xorgui.core.numbers import fmt


def weights_shown(window, read_weight):
    snap = window.controller.snapshot
    return all(read_weight(window.weights_table, l, r, c) == fmt(float(w[r, c]), snap.precision)
               for l, w in enumerate(snap.weights) for r in range(w.shape[0]) for c in range(w.shape[1]))


def test_the_weights_tab_shows_the_current_weights_when_it_is_opened(window, controller, read_weight):
    window.tabs.setCurrentWidget(window.diagnostics)
    before = read_weight(window.weights_table, 0, 1, 1)
    for _ in range(3):
        assert controller.step_epoch()
    now = fmt(float(controller.snapshot.weights[0][1, 1]), controller.snapshot.precision)
    assert now != before  # the test means something: the weight changed while the tab was hidden
    window.tabs.setCurrentWidget(window.weights_table)
    assert read_weight(window.weights_table, 0, 1, 1) == now
    assert weights_shown(window, read_weight)


def test_the_loss_tab_shows_every_epoch_when_it_is_opened(window, controller, qtbot):
    window.plot  # noqa: B018 - built now (only the program builds it after its first paint)
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    for _ in range(4):
        assert controller.step_epoch()
    window.bottom_tabs.setCurrentWidget(window.plot)
    x, y = window.plot.curve_data()
    assert len(y) == 4 and y[-1] == controller.history[-1]


def test_cells_and_labels_show_the_right_text_after_many_frames(window, controller, read_weight):
    controller.set_learning_rate(0.01)  # small steps: most texts keep theirs from frame to frame
    for _ in range(40):
        assert controller.step_epoch()
    assert controller.set_precision(6)
    assert controller.step_epoch()
    snap = controller.snapshot
    assert weights_shown(window, read_weight)
    for (l, r, c), label in window.diagram.labels.items():
        assert label.text() == fmt(float(snap.weights[l][r, c]), 6)


def test_the_editor_opens_with_the_full_value_of_a_weight_that_moved_less_than_shown(window, controller, qtbot, read_weight):
    assert controller.edit_weight(0, 1, 1, "0.5")
    assert controller.edit_weight(0, 1, 1, "0.50001")  # the cell still reads 0.5 at 4 decimals
    table = window.weights_table
    assert read_weight(table, 0, 1, 1) == "0.5"
    grid = table.tables[0]
    grid.setCurrentCell(1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    assert table.editor(0).text() == "0.50001"
    qtbot.keyClick(table.editor(0), Qt.Key.Key_Escape)


def test_tabs_opened_late_show_the_current_session(window, controller, qtbot):
    # changes made before the Why? and Network tabs were ever opened
    assert window.tabs.tabText(2) == "Network" and window.tabs.tabText(1) == "Why? (2)"  # linear, symmetric
    assert controller.apply_remedy("randomize") and controller.apply_remedy("sigmoid_hidden")
    assert controller.add_unit(1)
    assert window.tabs.tabText(1) == "Why?"  # the count follows without the tab being opened
    qtbot.mouseClick(window.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=window.tabs.tabBar().tabRect(2).center())
    assert window.tabs.currentIndex() == 2 and window.tabs.currentWidget() is window.architecture
    assert window.architecture.rows[1]["units"].text() == "4 units"
    window.tabs.setCurrentIndex(1)
    assert window.tabs.currentWidget() is window.diagnostics
    assert [kind for kind, *_ in window.diagnostics.cards()] == [f.kind for f in controller.snapshot.findings]
    assert window.tabs.tabToolTip(1).startswith("Why isn't it learning?")


def test_the_walkthrough_tab_opened_late_shows_the_current_step(window, controller):
    assert controller.step_phase()
    assert controller.step_phase()
    window.bottom_tabs.setCurrentIndex(0)
    assert window.bottom_tabs.tabText(1) == "Walkthrough"
    window.bottom_tabs.setCurrentIndex(1)
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1" in window.walkthrough.text()


def test_a_diagram_changed_before_it_is_shown_is_laid_out_for_its_size(controller, shown):
    from xorgui.gui.diagram import DiagramView

    view = DiagramView(controller)
    assert controller.add_unit(1) and controller.set_precision(6) and controller.edit_weight(0, 3, 0, "1/3")
    shown(view, 900, 600)
    rect = view.mapFromScene(view.scene().sceneRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)  # fitted to the pane it got
    assert len(view.nodes) == 9 and view.shown_weights() == set(view.labels)  # 2-4-1: every label fits
    assert view.labels[(0, 3, 0)].text() == "0.333333"

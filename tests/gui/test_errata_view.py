"""The errata view puts the article's numbers beside the engine's and sets each case up live."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from xorgui.core.errata import LINEAR_EPOCHS, SYMMETRY_EPOCHS
from xorgui.gui.errata_view import ARTICLE, CLAIM, WHY, XORGUI, ErrataView


@pytest.fixture
def view(controller, shown):
    return shown(ErrataView(controller), 900, 520)


def row_text(view, key):
    """Everything a user reads in the row of erratum ``key``, cells joined by " | "."""
    r = [e.key for e in view.rows].index(key)
    return " | ".join(view.table.item(r, c).text() for c in (CLAIM, ARTICLE, XORGUI, WHY))


def cell(view, key, column):
    return view.table.item([e.key for e in view.rows].index(key), column).text()


def test_ten_rows_with_the_four_columns_and_a_button_where_there_is_a_demo(view):
    table = view.table
    assert table.rowCount() == 10
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == \
        ["What the article does", "Article", "xorgui (computed now)", "Why"]
    assert [e.key for e in view.rows] == ["sign", "zero_inputs", "bias_delta", "prediction", "negative_cost",
                                         "logistic_cost", "batch", "linear", "symmetry", "blame"]
    assert list(view.demo_buttons) == ["sign", "zero_inputs", "bias_delta", "prediction", "negative_cost", "linear",
                                      "symmetry"]
    assert all(b.text() == "Show me" for b in view.demo_buttons.values())
    assert view.intro.text() == (
        "Article: the numbers the article printed, marked (printed), and where it printed none or a different one, "
        "what its own rule gives, worked out by xorgui and marked (its rule). xorgui: the correct numbers, computed "
        "by the engine when this view opened. “Show me” sets a case up in the main window so you can check it "
        "yourself.")


def test_the_window_and_xorgui_errata_explain_the_columns_in_the_same_words(view):
    # one sentence in core, the window saying when it computed and what its buttons do
    from xorgui.core.errata_render import render_text
    text = " ".join(render_text(view.rows).split("\n\n")[1].split())
    assert text == view.intro.text().replace("when this view opened", "now").split(" “Show me”")[0]


def test_sign_row_says_which_numbers_were_printed_and_which_computed(view):
    # Article: δ = y − ŷ = −4, W := W − α·Z·δ = 1 + 0.4 = 1.4, so every weight 1.4 and the new
    # prediction for (0,0) is V0 + 3·V·Z = 1.4 + 3·1.4·1.4 = 7.28. Descent: W10 = 1 − 0.1·1·4 = 0.6,
    # V0 = V1..3 = 1 − 0.1·1·4 = 0.6, every Z = W·0 + 0.6, prediction 0.6 + 3·0.6·0.6 = 1.68.
    assert cell(view, "sign", ARTICLE).split("\n") == [
        "δ_D0 = −4  (printed)", "W10 = 1.4  (printed)",
        "ŷ for (0, 0) with those weights = 1.4 + 3·1.4·1.4 = 7.28  (its rule)"]
    assert cell(view, "sign", XORGUI).split("\n") == [
        "δ_D0 = ŷ − y = 4", "W10 = 1 − 0.1·1·4 = 0.6", "V00 = 0.6", "ŷ for (0, 0) after the step = 1.68",
        "L after the step = ½·1.68² = 1.4112"]


def test_zero_inputs_linear_and_symmetry_rows(view):
    assert cell(view, "zero_inputs", ARTICLE).split("\n") == [
        "W11 = 1.4  (printed)", "W11 by its own rule = 1 − 0.1·0·(−4) = 1  (its rule)"]
    assert cell(view, "zero_inputs", XORGUI) == "W11 = 1 − 0.1·X1·δ_Z1 = 1 − 0.1·0·4 = 1"
    assert cell(view, "bias_delta", XORGUI) == "δ_Z0: none (Z0 has no weighted sum)"
    assert "ln(1 − 4) = ln(−3)" in cell(view, "logistic_cost", ARTICLE)
    linear = row_text(view, "linear")
    assert "mean of ½(ŷ − y)² = 0.125" in linear and f"{LINEAR_EPOCHS} full-batch epochs: 0.5, 0.5, 0.5, 0.5" in linear
    assert cell(view, "linear", ARTICLE) == "no number: a claim"
    symmetry = cell(view, "symmetry", XORGUI)
    assert "W11 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1) = 1" in symmetry
    assert "W12 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1) = 0.4" in symmetry
    assert f"units still identical after {SYMMETRY_EPOCHS} full-batch sigmoid epochs (all-1, α = 2): Z1, Z2, Z3" in symmetry


def test_numbers_stand_out_from_the_explanations(view):
    why = QFontInfo(view.table.item(0, WHY).font())
    for column in (ARTICLE, XORGUI):
        numbers = QFontInfo(view.table.item(0, column).font())
        assert numbers.bold() and not why.bold()
        assert numbers.pointSizeF() > why.pointSizeF()


def test_no_horizontal_scrolling_and_no_clipped_rows_at_900(view):
    table = view.table
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(table.columnWidth(c) for c in range(table.columnCount())) <= table.viewport().width()
    for r in range(table.rowCount()):
        assert table.rowHeight(r) >= table.sizeHintForRow(r)
        assert table.rowHeight(r) > 2 * table.fontMetrics().height()  # wrapped, not one clipped line
        button = view.demo_buttons.get(view.rows[r].key)
        if button is not None:
            assert button.width() <= table.columnWidth(4) and button.height() <= table.rowHeight(r)


def test_columns_follow_a_resize(view, qtbot):
    before = view.table.columnWidth(WHY)
    view.resize(1200, 600)
    qtbot.waitUntil(lambda: view.table.columnWidth(WHY) > before)
    assert view.table.horizontalScrollBar().maximum() == 0
    assert all(view.table.rowHeight(r) >= view.table.sizeHintForRow(r) for r in range(9))


def test_show_me_sign_finishes_the_articles_step(view, controller, qtbot):
    controller.set_learning_rate(0.5)  # not the article's: the demo must replace the session
    qtbot.mouseClick(view.demo_buttons["sign"], Qt.MouseButton.LeftButton)
    snap = controller.snapshot
    assert snap.layers == (2, 3, 1) and set(snap.activations) == {"identity"}
    assert snap.config.learning_rate == pytest.approx(0.1)
    assert controller.walk is not None and controller.walk.finished
    assert controller.trainer.network.weights[0][0, 0] == pytest.approx(0.6)
    assert controller.trainer.network.weights[0][0, 1] == pytest.approx(1.0)  # W11: input 0, no gradient


def test_show_me_symmetry_trains_the_symmetric_preset(view, controller, qtbot):
    qtbot.mouseClick(view.demo_buttons["symmetry"], Qt.MouseButton.LeftButton)
    assert controller.trainer.epoch == SYMMETRY_EPOCHS == 5000
    assert "symmetric" in [f.kind for f in controller.snapshot.findings]
    assert "linear" not in [f.kind for f in controller.snapshot.findings]


def test_prediction_row_says_the_model_predicted_4_and_the_target_is_0(view):
    # the article: "predicted an output of 1 for {0, 0}", "4 instead of 1"; its forward pass gives
    # D0 = 1·1 + 1·1 + 1·1 + 1·1 = 4, and 0 XOR 0 = 0
    assert cell(view, "prediction", ARTICLE).split("\n") == [
        "ŷ for (0, 0) = 1  (printed)", "what it should have given = 1  (printed)"]
    assert cell(view, "prediction", XORGUI).split("\n") == [
        "ŷ for (0, 0) = V00·1 + V01·z_Z1 + V02·z_Z2 + V03·z_Z3 = 1 + 1 + 1 + 1 = 4", "y for (0, 0) = 0 XOR 0 = 0"]
    assert "predicts 4 for (0, 0), not 1" in cell(view, "prediction", WHY)
    assert view.demo_buttons["prediction"].text() == "Show me"

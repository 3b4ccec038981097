"""While a practice question is open, nothing on screen gives its answer away."""

import pytest



@pytest.fixture
def window(window):
    """The shared window (tests/gui/conftest.py) with View ▸ Show a and δ on."""
    window.details_action.setChecked(True)
    return window


def unit(window, name):
    """(value shown in the unit, its "a = …, δ = …" caption, its tooltip)."""
    key, node = next((k, n) for k, n in window.diagram.nodes.items() if n.name == name)
    caption = window.diagram.details.get(key)
    return node.value_text(), caption.text() if caption is not None else "", node.toolTip()


def row(window, r):
    """The truth table's row ``r`` as its column title → text."""
    t = window.truth_table
    return {t.horizontalHeaderItem(c).text(): t.item(r, c).text() for c in range(t.columnCount())}


def answer_open(controller, text=None):
    """Answer the open question with ``text`` (or its own value), returning its target."""
    q = controller.walk.question
    controller.answer(text if text is not None else repr(float(q.value)))
    return q.target


def test_the_diagram_and_truth_table_hide_what_is_asked(window, controller):
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.question.target == "a_Z1"
    # every unit value of sample 0 is still to be found: "?" on the diagram and in the table
    assert unit(window, "Z1") == ("?", "a = ?\nδ = ?", "Z1, sample 0\na = ?  (weighted sum)\nz = ?  (activation)\n"
                                  "δ = ?  (dL/da)")
    assert unit(window, "D0")[0] == "?"
    assert unit(window, "X1")[0] == "0" and unit(window, "Z0")[0] == "1"  # inputs and bias are given
    assert row(window, 0) == {"X1": "0", "X2": "0", "y": "0", "ŷ": "?", "ok": "?", "loss": "?"}
    assert row(window, 1)["ŷ"] == "7" and row(window, 1)["loss"] == "18"  # other samples give nothing away
    # nor can the mean loss and the accuracy, which would give sample 0's away with them
    assert window.panel.loss_label.text() == "Mean loss <b>?</b>" and window.panel.accuracy_label.text() == "Accuracy <b>?</b>"

    answer_open(controller, "1")  # a_Z1: right, so it shows; z_Z1 is asked next
    assert unit(window, "Z1")[:2] == ("?", "a = 1\nδ = ?")
    while controller.walk.question is not None:
        answer_open(controller)
    assert controller.step_phase()
    answer_open(controller)  # a_D0
    assert row(window, 0)["ŷ"] == "?"
    answer_open(controller)  # ŷ
    assert unit(window, "D0")[:2] == ("4", "a = 4\nδ = ?")
    assert row(window, 0) == {"X1": "0", "X2": "0", "y": "0", "ŷ": "4", "ok": "✘", "loss": "8"}
    assert window.panel.loss_label.text() == "Mean loss <b>23.5</b>"
    assert unit(window, "Z2")[:2] == ("1", "a = 1\nδ = ?")  # deltas come later


def test_a_finished_walk_and_plain_stepping_hide_nothing(window, controller):
    assert controller.step_phase()  # practice off: the phases show everything
    assert unit(window, "Z1")[:2] == ("1", "a = 1\nδ = 4")
    assert row(window, 0)["ŷ"] == "4"
    controller.set_practice(True)  # now this phase's values and the rest of the walk are asked
    assert unit(window, "Z1")[:2] == ("?", "a = ?\nδ = ?")
    while True:
        while controller.walk.question is not None:
            controller.reveal_answer()
        if controller.walk.finished:
            break
        assert controller.step_phase()
    assert controller.walk.applied
    # the step was taken: the diagram shows the new weights' values, nothing is hidden
    assert "?" not in "".join(unit(window, n)[1] for n in ("Z1", "Z2", "Z3", "D0"))
    assert "?" not in "".join(row(window, 0).values())

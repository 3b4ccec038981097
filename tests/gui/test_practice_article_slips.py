"""The window's practice names the article's slips as the errata do (the worksheet's CLI twin is
tests/core/test_article_slips.py)."""

from PySide6.QtCore import Qt

from xorgui.core.errata import errata
from xorgui.gui.walkpanel import WalkthroughPanel

CLAIM = {e.key: e.claim for e in errata()}


def answer_right_until(controller, target: str):
    while controller.walk is None or controller.walk.question is None or controller.walk.question.target != target:
        if controller.walk is not None and controller.walk.question is not None:
            controller.answer(repr(float(controller.walk.question.value)))
        else:
            assert controller.step_phase()


def type_answer(qtbot, panel, text: str):
    panel.answer_edit.setText(text)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)


def test_the_articles_slips_in_the_window(qtbot, shown, controller):
    panel = shown(WalkthroughPanel(controller), 700, 600)
    panel.practice_box.setChecked(True)
    answer_right_until(controller, "δ_D0")
    type_answer(qtbot, panel, "-4")  # y − ŷ, the article's output delta
    assert "The sign is flipped" in panel.text() and f"“{CLAIM['sign']}”" in panel.text()
    answer_right_until(controller, "W11")
    type_answer(qtbot, panel, "1.4")  # the article's W11
    text = panel.text()
    assert "Correct: W11 := 1" in text
    assert "z_X1 = 0 in this sample, so ∂L/∂W11 = z_X1·δ_Z1 = 0 and W11 keeps its value" in text
    assert f"“{CLAIM['zero_inputs']}”" in text

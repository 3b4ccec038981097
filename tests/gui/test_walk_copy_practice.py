"""The walkthrough's Copy and Export while practice questions are open: the whole walkthrough they
give holds every answer (ŷ, the gradients, the new weights), so they are withheld, and say why,
until the walk's last question is answered."""

import pytest
from PySide6.QtWidgets import QApplication

from xorgui.core.hidden import NOTE
from xorgui.gui.walkpanel import WalkthroughPanel


@pytest.fixture
def panel(shown, controller):
    return shown(WalkthroughPanel(controller), 520, 700)


def withheld(panel) -> bool:
    buttons = (panel.copy_button, panel.export_button)
    off = [not b.isEnabled() and NOTE in b.toolTip() for b in buttons]
    assert off[0] == off[1]
    return off[0]


def test_copy_and_export_are_withheld_while_questions_are_open(panel, controller, tmp_path):
    controller.set_practice(True)
    assert controller.step_phase()
    assert controller.walk.question is not None
    assert withheld(panel)
    QApplication.clipboard().setText("before")
    assert not panel.copy_markdown() and QApplication.clipboard().text() == "before"
    assert not panel.export_markdown(tmp_path / "walk.md") and not panel.export_html(tmp_path / "walk.html")
    assert not any(tmp_path.iterdir())
    assert NOTE in panel.status_label.text()
    assert panel.markdown() == "" and panel.html() == ""


def test_they_stay_withheld_between_phases_while_questions_are_still_to_come(panel, controller):
    controller.set_practice(True)
    assert controller.step_phase()
    while controller.walk.question is not None:
        controller.reveal_answer()
    assert controller.walk.question is None and not controller.walk.finished
    assert withheld(panel)  # the next phases' answers are in the whole text


def test_they_come_back_once_every_question_is_answered(panel, controller, tmp_path):
    controller.set_practice(True)
    while not (controller.walk and controller.walk.finished):
        while controller.walk is not None and controller.walk.question is not None:
            controller.reveal_answer()
        assert controller.step_phase()
    assert not withheld(panel)
    assert panel.copy_button.isEnabled() and "Copy this sample" in panel.copy_button.toolTip()
    assert panel.copy_markdown() and panel.export_markdown(tmp_path / "walk.md")


def test_switching_practice_off_gives_them_back(panel, controller):
    controller.set_practice(True)
    assert controller.step_phase()
    assert withheld(panel)
    controller.set_practice(False)
    assert not withheld(panel) and panel.copy_markdown()

"""Practice on a small screen (1024×700): the phase's title, the question and the verdict in view."""

import pytest

from .test_errata_show_me import lines_in_view


@pytest.fixture
def window_size():
    return (1024, 700)


def practice_to(window, controller, qtbot, title: str):
    """Practice mode, right answers (the engine's values) up to the first question of ``title``."""
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    controller.set_practice(True)
    while controller.walk is None or controller.walk.current.title != title:
        while controller.walk is not None and controller.walk.question is not None:
            controller.answer(repr(float(controller.walk.question.value)))
        assert controller.step_phase()
    qtbot.wait(20)


def test_a_verdict_at_1024_leaves_the_title_and_the_answered_line_in_view(qtbot, window, controller):
    practice_to(window, controller, qtbot, "Deltas: output layer")
    panel = window.walkthrough
    assert "δ_D0 = (ŷ − y)·f'(a_D0) = ?" in lines_in_view(panel.board)
    assert "Deltas: output layer" in lines_in_view(panel.board)
    controller.answer("-4")  # the article's sign: wrong, and the question closes
    qtbot.wait(20)
    seen = lines_in_view(panel.board)
    assert "Deltas: output layer" in seen
    assert "δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4" in seen
    label = panel.verdict_label
    assert label.isVisible() and label.height() >= label.heightForWidth(label.width())  # not cut
    assert "Correct: δ_D0 = 4" in panel.text()
    assert window.width() == 1024  # nothing made the window wider than the screen


def test_a_question_far_down_at_1024_is_in_view_with_the_line_answered_before_it(qtbot, window, controller):
    practice_to(window, controller, qtbot, "Gradients and updates: W weights")
    for _ in range(7):  # down to W20's update
        controller.answer(repr(float(controller.walk.question.value)))
    qtbot.wait(20)
    seen = lines_in_view(window.walkthrough.board)
    assert "W20 := W20 − α·∂L/∂W20 = ?" in seen
    assert "∂L/∂W20 = z_X0·δ_Z2 = 1·4 = 4" in seen


def test_the_board_keeps_room_for_a_heading_and_a_few_lines_at_1024(qtbot, window, controller):
    practice_to(window, controller, qtbot, "Forward: output layer")
    controller.answer("5")
    qtbot.wait(20)
    board = window.walkthrough.board
    assert board.viewport().height() >= 120  # was 60: two lines of the sample's header

"""Practice on a small screen (1024×700): the phase's title, the question and the verdict in view;
where the learner scrolled the board stays put when its height changes."""

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


def test_the_export_message_leaves_the_board_where_the_learner_scrolled(qtbot, window, controller, tmp_path):
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    for _ in range(7):
        assert controller.step_phase()
    qtbot.wait(20)
    panel = window.walkthrough
    board, bar = panel.board, panel.board.verticalScrollBar()
    bar.setValue(bar.maximum())  # the learner reads the sample's first phase, at the end of the board
    qtbot.wait(20)
    last = board.document().lastBlock().text().replace("\u00a0", " ")
    assert last in lines_in_view(board)
    assert panel.export_markdown(tmp_path / "walk.md")
    qtbot.wait(20)
    assert panel.status_label.isVisible()  # its row took room from the board...
    assert bar.value() == bar.maximum() > 0  # ...and the board stays at its end
    assert last in lines_in_view(board)


def test_a_taller_or_shorter_window_leaves_the_board_where_the_learner_scrolled(qtbot, window, controller):
    practice_to(window, controller, qtbot, "Gradients and updates: W weights")
    for _ in range(7):  # a question far down the phase: the board scrolled to it
        controller.answer(repr(float(controller.walk.question.value)))
    qtbot.wait(20)
    board = window.walkthrough.board
    assert board.verticalScrollBar().value() > 0
    board.verticalScrollBar().setValue(0)  # the learner goes back up to the sample's line
    qtbot.wait(20)
    header = lines_in_view(board)[0]
    assert header.startswith("Sample ")
    for height in (860, 700):  # the board gets taller, then shorter
        window.resize(1024, height)
        qtbot.wait(20)
        assert board.verticalScrollBar().value() == 0
        assert lines_in_view(board)[0] == header
    # the next render scrolls again: the answered line and the next question in view
    controller.answer(repr(float(controller.walk.question.value)))
    qtbot.wait(20)
    assert any(line.endswith("= ?") for line in lines_in_view(board))


def step_to(controller, title: str) -> None:
    while controller.walk is None or controller.walk.current.title != title:
        assert controller.step_phase()


def test_at_1024_a_phase_shows_its_first_weights_equations_and_the_diagram_keeps_half(qtbot, window, controller):
    # the gradients phase: the sample, the title and a four-line note filled the board, and every
    # equation was below the fold; the board now takes room from the diagram, up to half the column
    diagram_before = window.diagram.height()
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    step_to(controller, "Gradients and updates: W weights")
    qtbot.wait(20)
    seen = lines_in_view(window.walkthrough.board)
    assert "Gradients and updates: W weights" in seen and "∂L/∂W10 = z_X0·δ_Z1 = 1·4 = 4" in seen
    top, bottom = window.left.sizes()
    assert window.diagram.height() < diagram_before and top >= bottom  # taken from the diagram, at most half


def test_a_split_the_learner_moved_is_left_where_they_put_it(qtbot, window, controller):
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    window.left.moveSplitter(window.left.sizes()[0] + 40, 1)  # as a drag of the handle does (splitterMoved)
    sizes = window.left.sizes()
    step_to(controller, "Gradients and updates: W weights")
    qtbot.wait(20)
    assert window.left.sizes() == sizes


def test_a_split_left_in_an_earlier_run_is_not_taken_back(qtbot, controller, settings):
    from xorgui.gui import window_state
    from xorgui.gui.main_window import MainWindow

    first = MainWindow(controller, settings)
    first.resize(1024, 700)
    first.show()
    qtbot.waitExposed(first)
    window_state.save(first)  # whatever split: the learner's
    first.hide()
    again = MainWindow(controller, settings)
    again.resize(1024, 700)
    again.show()
    qtbot.waitExposed(again)
    sizes = again.left.sizes()
    again.bottom_tabs.setCurrentWidget(again.walkthrough)
    step_to(controller, "Gradients and updates: W weights")
    qtbot.wait(20)
    assert again.left.sizes() == sizes
    for w in (first, again):
        w.hide()
        w.deleteLater()


@pytest.mark.parametrize("size", [(1024, 700), (1400, 860)])
@pytest.mark.parametrize("preset", ["article", "deep"])
def test_the_board_never_shows_half_a_line_at_its_top(qtbot, window, controller, preset, size):
    # the deep example at 1400×860, a wrong first answer: only the lower half of "Sample 0: …" showed
    from xorgui.core.presets import make_preset

    window.resize(*size)
    controller.replace_session(make_preset(preset))
    window.bottom_tabs.setCurrentWidget(window.walkthrough)
    controller.set_practice(True)
    assert controller.step_phase()
    controller.answer("5")
    qtbot.wait(20)
    board = window.walkthrough.board
    doc, top = board.document(), board.verticalScrollBar().value()
    block = doc.begin()
    while block.isValid() and doc.documentLayout().blockBoundingRect(block).bottom() <= top:
        block = block.next()
    assert doc.documentLayout().blockBoundingRect(block).top() >= top - 1, block.text()


def test_at_1024_the_weights_a_question_reads_show_on_the_diagram(qtbot, window, controller):
    """Deep example, practice: a_Z1_1 = W1_10·z_X0 + W1_11·z_X1 + W1_12·z_X2 = ? The learner reads
    the three weights off the diagram; W1_12 (0.3414) was hidden by the phase's other labels."""
    controller.new_session("deep")
    practice_to(window, controller, qtbot, "Forward: hidden 1 layer")
    assert controller.walk.question.formula == "W1_10·z_X0 + W1_11·z_X1 + W1_12·z_X2"
    labels = window.diagram.labels
    assert [labels[(0, 0, c)].text() for c in range(3) if labels[(0, 0, c)].isVisible()] == ["1.6664", "−2.0867",
                                                                                          "0.3414"]
    for _ in range(2):  # a_Z1_1 and z_Z1_1 answered: a_Z1_2 reads W1_20, W1_21, W1_22
        controller.answer(repr(float(controller.walk.question.value)))
    qtbot.wait(20)
    assert controller.walk.question.target == "a_Z1_2"
    assert all(labels[(0, 1, c)].isVisible() for c in range(3))

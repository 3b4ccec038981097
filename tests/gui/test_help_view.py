"""Help ▸ Back-propagation explained: what a learner reads, with the session's numbers."""

from xorgui.core.learning import sections
from xorgui.core.numbers import fmt
from xorgui.core.presets import make_preset
from xorgui.gui.help_view import HelpView


def help_action(window):
    (action,) = [a for m in window.menuBar().actions() if m.text() == "&Help" for a in m.menu().actions()
                 if a.text() == "&Back-propagation explained…"]
    return action


def test_the_help_menu_opens_the_explanations_with_the_sessions_numbers(qtbot, window, controller):
    help_action(window).trigger()
    dialog = window.help_dialog
    qtbot.waitExposed(dialog)
    text = dialog.view.text()
    assert "δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4" in text
    assert "for sample 0 of this session" in text
    assert "J = (8 + 18 + 18 + 50) / 4 = 23.5" in text
    assert "−0.45" in text and "0.35" in text  # the full-batch epoch beside the online step
    assert "V01 := V01 − α·∂L/∂V01 = 0.6 − 0.1·3.968 = 0.2032" in text  # the second step
    titles = [dialog.view.contents.item(i).text() for i in range(dialog.view.contents.count())]
    assert titles == [s.title for s in sections(controller.trainer)]


def test_the_explanations_follow_the_session_while_open(qtbot, window, controller):
    help_action(window).trigger()
    dialog = window.help_dialog
    qtbot.waitExposed(dialog)
    controller.step_sample()  # online: the weights move and sample 1 is next
    text = dialog.view.text()
    assert "for sample 1 of this session" in text
    tr = controller.trainer.trace(1)
    assert f"δ_D0 = (ŷ − y)·f'(a_D0) = ({fmt(tr.output[0])} − 1)·1 = {fmt(tr.deltas[1][0])}" in text
    assert f"In this session (its squared error loss) J is {fmt(controller.trainer.current_loss())} now." in text


def test_contents_jump_to_a_section_and_matrices_show_the_diagrams_names(qtbot, shown, controller):
    view = shown(HelpView(), 1024, 700)
    view.set_sections(sections(controller.trainer))
    bar = view.browser.verticalScrollBar()
    assert bar.value() == 0
    view.contents.setCurrentRow(3)  # the matrix form
    assert bar.value() > 0
    text = view.text()
    for name in ("X0", "X1", "X2", "Z1", "Z2", "Z3", "D0", "∇W", "∇V", "[1; x]"):
        assert name in text


def test_no_number_of_the_matrices_is_split_over_two_lines_in_a_narrow_window(qtbot, shown):
    # the deep preset's three matrices side by side at the dialog's 980 px: "−0.1779" wrapped as
    # "−0.17" over "79"
    view = shown(HelpView(), 740, 600)
    view.set_sections(sections(make_preset("deep")))
    doc, numbers = view.browser.document(), 0
    block = doc.begin()
    while block.isValid():
        text = block.text()
        if text and text.replace("−", "").replace(".", "").isdigit():  # a cell holding one number
            numbers += 1
            doc.documentLayout().blockBoundingRect(block)  # laid out now
            assert block.layout().lineCount() == 1, text
        block = block.next()
    assert numbers > 40


def test_the_notation_cards_sentences_still_wrap_to_the_window(qtbot, shown):
    # nowrap on every cell made the card 1,788 px wide in a 696 px view
    view = shown(HelpView(), 980, 600)
    view.set_sections(sections(make_preset("article")))
    doc = view.browser.document()
    assert doc.documentLayout().documentSize().width() <= view.browser.viewport().width() + 1


def test_the_shortcuts_help_lists_are_the_keys_the_window_has(window):
    """Every key Help ▸ Keyboard shortcuts names does what it says, and every key of a menu item is named."""
    import re

    from PySide6.QtGui import QAction, QKeySequence

    from xorgui.gui.help_menu import SHORTCUTS

    named = {k for _, keys, _ in SHORTCUTS for k in re.split(r" / | or |, ", keys)
             if re.fullmatch(r"(\w+\+)*\w+", k) and not k.endswith("wheel")}
    bound = {QKeySequence(k).toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
    by_the_diagram = {"Enter", "F2"}  # the diagram's own keys (diagram/input.py; tests/gui/test_diagram.py)
    assert named - by_the_diagram <= bound, named - by_the_diagram - bound
    standard = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
    platform_extras = {k.toString() for key in standard for k in QKeySequence.keyBindings(key)[1:]} | {"Undo", "Redo"}
    def items(actions):
        for a in actions:
            yield a
            if a.menu():
                yield from items(a.menu().actions())
    menu_keys = {k.toString() for a in items(window.menuBar().actions()) for k in a.shortcuts()}
    assert {"Ctrl+N", "F5", "Ctrl+D"} <= menu_keys  # the menus were read
    assert menu_keys - platform_extras <= named, menu_keys - platform_extras - named

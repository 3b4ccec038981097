"""The walkthrough panel: phase by phase through one sample, as a learner sees and uses it."""

import html

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.numbers import fmt
from xorgui.gui.diagram import DiagramView
from xorgui.gui.main_window import highlight_walk_on_diagram
from xorgui.gui.walkpanel import HINT, WalkthroughPanel

ONLINE_2_3_1 = [
    "Forward: hidden layer", "Forward: output layer", "Output error and loss", "Deltas: output layer",
    "Deltas: hidden layer", "Gradients and updates: W weights", "Gradients and updates: V weights",
    "After the update",
]
SEED_LINES = [  # the seed article's step on sample (0, 0), with the update sign corrected
    "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1",
    "z_Z1 = f(a_Z1) = f(1) = 1",
    "δ_Z1 = V01·δ_D0·f'(a_Z1) = 1·4·1 = 4",
    "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6",
]


@pytest.fixture
def panel(shown, controller):
    return shown(WalkthroughPanel(controller), 520, 700)


@pytest.fixture
def online(controller):
    controller.set_batch_size(1)
    return controller


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def current_title(panel) -> str:
    """The title the panel shows for the current phase (the line after "Phase k of n")."""
    lines = panel.text().splitlines()
    (i,) = [i for i, line in enumerate(lines) if line.startswith("Phase ") and " of " in line]
    return lines[i + 1]


def phase_titles(qtbot, panel) -> list[str]:
    """Click Step phase until the sample is done; the current title after each click."""
    titles = []
    while True:
        click(qtbot, panel.step_button)
        titles.append(current_title(panel))
        if panel.controller.walk.finished:
            return titles


def test_without_a_walk_the_panel_says_how_to_start(panel):
    assert panel.text() == HINT
    assert not panel.back_button.isEnabled()
    assert panel.step_button.isEnabled()
    assert not panel.copy_button.isEnabled()


def test_phase_order_for_the_default_shape(qtbot, panel, online):
    assert phase_titles(qtbot, panel) == ONLINE_2_3_1
    assert "Sample 0: z_X1 = 0, z_X2 = 0 (bias z_X0 = 1); target y = 0." in panel.text()
    assert "Phase 8 of 8" in panel.text()


def test_phase_order_for_a_deeper_network(qtbot, panel, controller):
    layers = [2, 3, 3, 1]
    init = Initialization("uniform", seed=2)
    trainer = Trainer(Network(layers, ["sigmoid"] * 3, init.make(layers)), Dataset.xor(),
                      TrainingConfig(batch_size=1), init)
    controller.replace_session(trainer)
    assert phase_titles(qtbot, panel) == [
        "Forward: hidden 1 layer", "Forward: hidden 2 layer", "Forward: output layer", "Output error and loss",
        "Deltas: output layer", "Deltas: hidden 2 layer", "Deltas: hidden 1 layer",
        "Gradients and updates: W1 weights", "Gradients and updates: W2 weights",
        "Gradients and updates: W3 weights", "After the update",
    ]


def test_the_seed_example_shows_the_hand_numbers(qtbot, panel, online):
    phase_titles(qtbot, panel)
    text = panel.text()
    for line in SEED_LINES:
        assert line in text


def test_history_lists_the_phases_done_most_recent_first(qtbot, panel, online):
    for _ in range(3):
        click(qtbot, panel.step_button)
    text = panel.text()
    assert current_title(panel) == "Output error and loss"
    assert text.index("2. Forward: output layer") < text.index("1. Forward: hidden layer")
    assert "Deltas" not in text


def test_back_hides_the_last_phase_and_undoes_the_update(qtbot, panel, online):
    for _ in range(3):
        click(qtbot, panel.step_button)
    click(qtbot, panel.back_button)
    assert current_title(panel) == "Forward: output layer"
    assert "Output error and loss" not in panel.text()

    for _ in range(5):
        click(qtbot, panel.step_button)
    assert current_title(panel) == "Gradients and updates: V weights"
    assert online.trainer.network.weights[0][0, 0] == 1.0  # taken when the check after it is shown
    click(qtbot, panel.step_button)
    assert online.trainer.network.weights[0][0, 0] == pytest.approx(0.6)
    click(qtbot, panel.back_button)
    assert online.trainer.network.weights[0][0, 0] == 1.0
    assert current_title(panel) == "Gradients and updates: V weights"
    assert "After the update" not in panel.text()

    for _ in range(7):
        click(qtbot, panel.back_button)
    assert panel.text() == HINT
    assert not panel.back_button.isEnabled()


def test_the_diagram_highlights_what_the_phase_touches(qtbot, shown, online):
    diagram = DiagramView(online)
    panel = shown(WalkthroughPanel(online), 520, 700)
    highlight_walk_on_diagram(online, diagram)  # the window's wiring
    links = {link.name: link for link in diagram.links.values()}
    nodes = {node.name: node for node in diagram.nodes.values()}

    click(qtbot, panel.step_button)  # forward, hidden layer: the links into Z1..Z3
    assert not any(links[n].dimmed for n in links if n.startswith("W"))
    assert all(links[n].dimmed for n in links if n.startswith("V"))
    assert not any(nodes[n].dimmed for n in ("Z1", "Z2", "Z3", "X1"))
    assert nodes["D0"].dimmed

    for _ in range(4):  # output, loss, output delta, hidden deltas
        click(qtbot, panel.step_button)
    assert current_title(panel) == "Deltas: hidden layer"
    assert not any(links[n].dimmed for n in ("V01", "V02", "V03"))
    assert links["V00"].dimmed  # the bias unit has no delta
    assert all(links[n].dimmed for n in links if n.startswith("W"))
    assert not nodes["D0"].dimmed and nodes["X1"].dimmed

    for _ in range(5):
        click(qtbot, panel.back_button)  # back to no walk: nothing dimmed
    assert online.walk is None
    assert not any(link.dimmed for link in links.values())
    assert not any(node.dimmed for node in nodes.values())


def test_exports_carry_the_panels_numbers(qtbot, panel, online, tmp_path):
    phase_titles(qtbot, panel)
    shown = [line for phase in online.walk.phases for line in phase.lines(online.precision)]
    assert len(shown) == 6 + 2 + 2 + 1 + 3 + 18 + 8 + 2  # + ŷ and L after the update
    text, md, page = panel.text(), panel.markdown(), panel.html()
    for line in shown:
        assert line in text
        assert f"- `{line}`" in md
        assert f"<code>{html.escape(line)}</code>" in page

    assert panel.export_markdown(tmp_path / "walk.md")
    assert (tmp_path / "walk.md").read_text(encoding="utf-8") == md
    assert panel.export_html(tmp_path / "walk.html")
    assert (tmp_path / "walk.html").read_text(encoding="utf-8") == page
    assert "walk.html" in panel.status_label.text()

    assert panel.copy_markdown()
    assert QApplication.clipboard().text() == md


def test_export_menu_asks_for_a_file(qtbot, panel, online, tmp_path, monkeypatch):
    target = tmp_path / "chosen.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    click(qtbot, panel.step_button)
    panel.export_markdown_action.trigger()
    assert target.read_text(encoding="utf-8") == panel.markdown()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # cancelled
    assert not panel.export_html_dialog()


def test_a_failed_export_is_shown_not_raised(qtbot, panel, online, tmp_path):
    click(qtbot, panel.step_button)
    assert not panel.export_markdown(tmp_path)  # a folder: OSError
    assert not panel.export_html(tmp_path / "missing" / "walk.html")
    assert "Could not export" in panel.status_label.text()
    assert panel.isVisible()


def test_an_export_over_a_read_only_file_is_refused_and_leaves_it(qtbot, panel, online, tmp_path):
    """The walkthrough's exports wrote with open(): a read-only file was replaced as any other, and an
    error midway left half a file. They write as every export does now (core.atomic)."""
    click(qtbot, panel.step_button)
    kept = tmp_path / "walk.md"
    kept.write_text("the teacher's own notes")
    kept.chmod(0o444)
    assert not panel.export_markdown(kept)
    assert kept.read_text() == "the teacher's own notes"
    assert panel.status_label.text() == (f"Could not export: cannot write {kept}: the file is read-only. Choose another "
                                         "folder (one you can write to) or another name.")


def test_nothing_to_export_without_a_walk(panel, tmp_path):
    assert panel.markdown() == "" and panel.html() == ""
    assert not panel.export_markdown(tmp_path / "walk.md")
    assert not (tmp_path / "walk.md").exists()
    assert "Step phase" in panel.status_label.text()


def test_full_batch_walk_accumulates_then_updates_with_the_mean(qtbot, panel, controller):
    controller.new_session("seed")
    assert controller.trainer.batch_size == 4  # the seed example is full batch
    for sample in range(4):
        titles = phase_titles(qtbot, panel)
        assert f"Sample {sample}: " in panel.text()
    assert titles[5:] == ["Gradients (4 of 4 in the batch): W weights", "Gradients (4 of 4 in the batch): V weights",
                          "Update with the mean gradient: W weights", "Update with the mean gradient: V weights",
                          "After the update"]
    text = panel.text()
    names = controller.snapshot.weight_names
    for l, w in enumerate(controller.trainer.network.weights):
        for (row, col), value in np.ndenumerate(w):
            line = next(line for line in text.splitlines() if line.startswith(f"{names[l][row][col]} := "))
            assert line.endswith(f" = {fmt(value, controller.precision)}")
    md, page = panel.markdown(), panel.html()  # render_markdown knows no batch phases: formatted here
    for phase in controller.walk.phases:
        assert phase.title in md and html.escape(phase.title) in page
        for line in phase.lines(controller.precision):
            assert f"- `{line}`" in md
            assert f"<code>{html.escape(line)}</code>" in page
            assert line in text


def test_practice_hides_values_and_checks_answers(qtbot, panel, online, messages):
    click(qtbot, panel.practice_box)
    assert online.practice
    assert not panel.answer_edit.isEnabled()
    click(qtbot, panel.step_button)
    text = panel.text()
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = ?" in text
    assert "1·1 + 1·0" not in text
    assert panel.answer_edit.isEnabled() and panel.answer_edit.isVisible()
    assert not panel.step_button.isEnabled()  # the open question must be answered first

    qtbot.keyClicks(panel.answer_edit, "2")
    qtbot.keyClick(panel.answer_edit, Qt.Key.Key_Return)
    text = panel.text()
    assert "Not quite (counted as not right).\nYours: a_Z1 = 2   Correct: a_Z1 = 1" in text
    # the question is closed: its working is on the board, the next one is open
    assert SEED_LINES[0] in text and "z_Z1 = f(a_Z1) = ?" in text
    assert panel.score_label.text() == "Score: 0 of 1 right"
    assert panel.answer_edit.text() == ""

    qtbot.keyClicks(panel.answer_edit, "one")  # cannot be read: not counted, stays to fix
    click(qtbot, panel.check_button)
    assert "Could not read that: “one” uses something other than numbers" in panel.text()
    assert panel.score_label.text() == "Score: 0 of 1 right"
    assert panel.answer_edit.text() == "one"

    panel.answer_edit.clear()
    qtbot.keyClicks(panel.answer_edit, "1")
    click(qtbot, panel.check_button)
    assert "Right.\nz_Z1 = f(a_Z1) = f(1) = 1" in panel.text()
    assert panel.score_label.text() == "Score: 1 of 2 right"
    assert "a_Z2 = W20·z_X0 + W21·z_X1 + W22·z_X2 = ?" in panel.text()
    assert panel.answer_edit.text() == ""

    click(qtbot, panel.reveal_button)
    assert "Revealed (counted as not right).\na_Z2 = W20·z_X0 + W21·z_X1 + W22·z_X2 = 1·1 + 1·0 + 1·0 = 1" \
        in panel.text()
    assert panel.score_label.text() == "Score: 1 of 3 right"
    assert not [m for m in messages if m[0] == "error"]


def test_a_wrong_answer_names_the_mistake(qtbot, panel, online):
    click(qtbot, panel.practice_box)
    walk_to_update(qtbot, panel)
    qtbot.keyClicks(panel.answer_edit, "1 + 0.1*4")  # W10 := W + α·∂L/∂W: the article's sign
    click(qtbot, panel.check_button)
    text = panel.text()
    assert "Yours: W10 := 1 + 0.1*4 = 1.4   Correct: W10 := 0.6" in text
    assert "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6" in text  # the working, on the board
    assert "The sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W." in text


def walk_to_update(qtbot, panel):
    """Answer (reveal) every question until W10's update is the one open."""
    while True:
        walk = panel.controller.walk
        q = walk.question if walk is not None else None
        if q is not None and q.target == "W10":
            return
        click(qtbot, panel.reveal_button if q is not None else panel.step_button)


def test_step_phase_is_enabled_again_when_every_question_is_answered(qtbot, panel, online):
    click(qtbot, panel.practice_box)
    click(qtbot, panel.step_button)
    for _ in range(6):
        assert not panel.step_button.isEnabled()
        click(qtbot, panel.reveal_button)
    assert panel.step_button.isEnabled()
    assert not panel.answer_edit.isEnabled()
    click(qtbot, panel.step_button)
    assert current_title(panel) == "Forward: output layer"


def test_practice_turned_off_shows_everything(qtbot, panel, online):
    click(qtbot, panel.practice_box)
    click(qtbot, panel.step_button)
    click(qtbot, panel.practice_box)
    assert not online.practice
    assert SEED_LINES[0] in panel.text()
    assert "= ?" not in panel.text()
    assert panel.step_button.isEnabled()
    assert not panel.answer_edit.isVisible()


def test_a_precision_change_redraws_the_numbers(qtbot, panel, controller):
    trainer = Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], [np.full((3, 3), 0.5), np.full((1, 4), 0.5)]),
                      Dataset.xor(), TrainingConfig(batch_size=1))
    controller.replace_session(trainer)
    click(qtbot, panel.step_button)
    z = float(controller.walk.trace.z[0][0])  # sigmoid(0.5)
    assert f"z_Z1 = f(a_Z1) = f(0.5) = {fmt(z, 4)}" in panel.text()
    controller.set_precision(6)
    assert f"= {fmt(z, 6)}" in panel.text()
    assert fmt(z, 6) != fmt(z, 4)


def test_the_sign_demo_ends_with_the_corrected_update(panel, controller):
    controller.run_demo("sign")
    assert current_title(panel) == "After the update"
    assert "V01 := V01 − α·∂L/∂V01 = 1 − 0.1·4 = 0.6" in panel.text()
    for line in SEED_LINES:
        assert line in panel.text()


def test_a_question_far_down_a_long_phase_is_scrolled_into_view(qtbot, shown, online):
    panel = shown(WalkthroughPanel(online), 520, 560)
    panel.practice_box.setChecked(True)
    while online.walk is None or online.walk.revealed < 6:  # to the W update, revealing every answer
        if online.walk is not None and online.walk.question is not None:
            click(qtbot, panel.reveal_button)
        else:
            click(qtbot, panel.step_button)
    for _ in range(12):
        click(qtbot, panel.reveal_button)
    assert online.walk.question.target == "∂L/∂W30"
    doc, board = panel.board.document(), panel.board
    block = doc.begin()
    while block.isValid() and not block.text().replace("\u00a0", " ").startswith("∂L/∂W30 = z_X0·δ_Z3 = ?"):
        block = block.next()
    question, after = (doc.documentLayout().blockBoundingRect(b).translated(0, -board.verticalScrollBar().value())
                       for b in (block, block.next()))
    assert question.top() >= 0 and after.bottom() <= board.viewport().height()  # and the line after it


def equation_px(panel, start: str) -> int:
    block = panel.board.document().begin()
    while not block.text().replace("\u00a0", " ").startswith(start):
        block = block.next()
    return block.begin().fragment().charFormat().font().pixelSize()


def test_ctrl_plus_enlarges_the_board_for_the_back_of_the_hall(qtbot, panel, online):
    click(qtbot, panel.step_button)
    normal = equation_px(panel, "a_Z1 = ")
    assert normal >= 18
    panel.board.setFocus()
    qtbot.keyClick(panel.board, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert equation_px(panel, "a_Z1 = ") > normal
    qtbot.keyClick(panel.board, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert equation_px(panel, "a_Z1 = ") == normal


def test_the_export_arrow_has_room_of_its_own_beside_the_word(qtbot, panel, online):
    """The menu arrow used to be drawn over the "t" of "Export": the word and the arrow each get their part."""
    from PySide6.QtWidgets import QStyle, QStyleOptionToolButton

    click(qtbot, panel.step_button)
    button = panel.export_button
    option = QStyleOptionToolButton()
    button.initStyleOption(option)
    style = button.style()
    label = style.subControlRect(QStyle.ComplexControl.CC_ToolButton, option, QStyle.SubControl.SC_ToolButton, button)
    arrow = style.subControlRect(QStyle.ComplexControl.CC_ToolButton, option,
                                 QStyle.SubControl.SC_ToolButtonMenu, button)
    assert not label.intersects(arrow)
    assert label.width() >= button.fontMetrics().horizontalAdvance(button.text())
    assert button.rect().contains(label) and button.rect().contains(arrow)


def test_clicking_the_word_export_opens_its_menu(qtbot, panel, online):
    from PySide6.QtCore import QTimer

    click(qtbot, panel.step_button)
    opened = []
    menu = panel.export_button.menu()
    menu.aboutToShow.connect(lambda: (opened.append(True), QTimer.singleShot(0, menu.close)))
    click(qtbot, panel.export_button)
    assert opened

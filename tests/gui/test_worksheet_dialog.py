"""Run ▸ Check My Worksheet: a learner's own working of a step, checked line by line in the window."""

import numpy as np

from xorgui.core import Dataset, Network, Trainer, TrainingConfig


def mazur() -> Trainer:
    """Matt Mazur's step-by-step example (2-2-2 sigmoid, α = 0.5), bias weights first in each row."""
    net = Network([2, 2, 2], ["sigmoid", "sigmoid"],
                  [np.array([[0.35, 0.15, 0.20], [0.35, 0.25, 0.30]]),
                   np.array([[0.60, 0.40, 0.45], [0.60, 0.50, 0.55]])])
    return Trainer(net, Dataset([[0.05, 0.10]], [[0.01, 0.99]]), TrainingConfig(learning_rate=0.5, batch_size=1))


def test_a_textbook_example_is_checked_line_by_line(window, controller):
    controller.replace_session(mazur())
    action = next(a for a in window.menuBar().actions() if a.text() == "&Run").menu()
    entry = next(a for a in action.actions() if a.text() == "Check My &Worksheet…")
    entry.trigger()
    dialog = window.worksheet_dialog
    assert dialog.isVisible()
    assert "One online step on sample 0" in dialog.about.text() and "α = 0.5" in dialog.about.text()
    dialog.editor.setPlainText("a_Z1 = 0.15*0.05 + 0.2*0.1 + 0.35\n"
                               "z_Z1 = 0.593269992\n"
                               "δ_D0 = -0.1385\n"  # the sign flipped
                               "W11 := 0.149780716\n"
                               "V99 = 1\n")
    entries = dialog.check()
    assert [e.verdict.correct if e.verdict else None for e in entries] == [True, True, False, True, None]
    text = dialog.results.toPlainText()
    assert "✓  a_Z1 = 0.15*0.05 + 0.2*0.1 + 0.35" in text
    assert "✗  δ_D0 = -0.1385" in text
    assert "correct: δ_D0 = (ŷ_D0 − y_D0)·f'(a_D0) = (0.7514 − 0.01)·0.1868 = 0.1385" in text
    assert "The sign is flipped: δ = ∂L/∂a = (ŷ − y)·f'(a)" in text
    assert "this step has no quantity named “V99”" in text
    assert dialog.summary.text() == "3 of 4 right; 1 line could not be checked, not counted"


def test_an_unreadable_answer_is_not_counted(window, controller):
    dialog = window.show_worksheet()  # the article's step
    dialog.editor.setPlainText("a_Z1 = 1\nz_Z1 = 1 . 1\nz_Z2 = \n")  # the article's product dot; a blank
    dialog.check()
    assert dialog.summary.text() == "1 of 1 right; 1 answer could not be read, not counted"
    assert ("“1 . 1” is not a number: “.” is a decimal point, written without spaces (0.5); for a product "
            "write * or ×, as in 1 × 1" in " ".join(dialog.results.toPlainText().split()))


def test_insert_names_lists_the_quantities_still_to_write(window, controller):
    dialog = window.show_worksheet()
    dialog.editor.setPlainText("a_Z1 = 1")
    dialog.insert_names()
    lines = dialog.editor.toPlainText().splitlines()
    assert lines[0] == "a_Z1 = 1" and lines[1] == "z_Z1 = " and "a_Z1 = " not in lines
    assert "W10 := " in lines and "ŷ = " in lines
    dialog.insert_names()  # again: the blanks already there are not added twice
    assert dialog.editor.toPlainText().splitlines() == lines
    dialog.sample_box.setValue(2)
    assert "sample 2" in dialog.about.text()
    assert dialog.worksheet().sample == 2


def test_the_line_above_follows_the_learning_rate_the_decimals_and_the_data(window, controller):
    # it kept the α and the decimals it opened with, even after closing and reopening
    window.show_worksheet()
    dialog = window.worksheet_dialog
    assert "α = 0.1;" in dialog.about.text() and "4 decimals expected" in dialog.about.text()
    assert controller.set_learning_rate(0.75)
    assert "α = 0.75;" in dialog.about.text()
    assert controller.set_precision(8)
    assert "8 decimals expected" in dialog.about.text()
    dialog.close()
    assert controller.set_learning_rate(2)
    window.show_worksheet()
    assert "α = 2;" in dialog.about.text()
    dialog.sample_box.setValue(3)
    assert controller.remove_sample(3) and controller.remove_sample(2)  # two samples left
    assert dialog.sample_box.maximum() == 1 and dialog.sample_box.value() == 1
    assert "One online step on sample 1" in dialog.about.text()


def test_the_window_and_the_command_line_say_the_same_of_the_same_answers(window, controller, tmp_path,
                                                                            monkeypatch, capsys):
    """The dialog and `xorgui practice` had three formatters of their own: a blank `a_Z1 =` was
    skipped in the window and "could not be read" on the command line, and a wrong error y − ŷ was
    corrected as "y − ŷ = −4" in one and "y − ŷ = 0 − 4 = −4" in the other."""
    import io

    from xorgui.app import main
    from xorgui.core import sessionfile

    answers = "y − ŷ = 123\na_Z1 =\nz_Z1 = 1\n"
    dialog = window.show_worksheet()  # the article's step on sample 0
    dialog.editor.setPlainText(answers)
    dialog.check()
    in_window = [line.strip() for line in dialog.results.toPlainText().splitlines() if line.strip()]
    sessionfile.save(controller.trainer, tmp_path / "s.json")
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    assert main(["practice", str(tmp_path / "s.json"), "--sample", "0"]) == 1
    on_the_command_line = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert in_window == ["✗  y − ŷ = 123", "correct: y − ŷ = 0 − 4 = −4", "✓  z_Z1 = 1"]
    assert on_the_command_line == in_window + ["1 of 2 right (4 decimals expected)"]
    assert dialog.summary.text() == "1 of 2 right"


def test_an_overflowed_step_says_no_answer_is_right_in_the_window_and_on_the_command_line(window, controller,
                                                                                         tmp_path, capsys):
    from xorgui.cli_practice import render
    from xorgui.core.practice import NOT_FINITE_ANSWER

    from xorgui.core.presets import default_session

    diverged = default_session()  # as training left it: weights too large to type; L = ½·(1e200·…)² overflows
    diverged.network.weights[1][:] = 1e200
    assert controller.replace_session(diverged)
    dialog = window.show_worksheet()
    dialog.editor.setPlainText("L = 5\n")
    [entry] = dialog.check()
    assert NOT_FINITE_ANSWER in " ".join(dialog.results.toPlainText().split())
    assert render(entry, dialog.worksheet()).endswith(NOT_FINITE_ANSWER)

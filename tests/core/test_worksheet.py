"""Check my worksheet: a learner's own working of a textbook example, checked line by line."""

import io

import numpy as np
import pytest

from xorgui.cli import main
from xorgui.core import Dataset, Network, Trainer, TrainingConfig, sessionfile
from xorgui.core.mistakes import Kind, Mistake
from xorgui.core.presets import make_preset
from xorgui.core.practice import Score
from xorgui.core.worksheet import Tally, Worksheet


def mazur() -> Trainer:
    """Matt Mazur's "A Step by Step Backpropagation Example": 2-2-2 sigmoid network, inputs
    0.05 and 0.10, targets 0.01 and 0.99, α = 0.5; in xorgui's convention each row starts with
    its bias weight (b1 = 0.35, b2 = 0.60)."""
    net = Network([2, 2, 2], ["sigmoid", "sigmoid"],
                  [np.array([[0.35, 0.15, 0.20], [0.35, 0.25, 0.30]]),
                   np.array([[0.60, 0.40, 0.45], [0.60, 0.50, 0.55]])])
    return Trainer(net, Dataset([[0.05, 0.10]], [[0.01, 0.99]]), TrainingConfig(learning_rate=0.5, batch_size=1))


# His published working (out_h1, out_o1, E_total, w5+ … w1+ …), as a learner copies it.
MAZUR_WORKING = """
# forward pass
a_Z1 = 0.15*0.05 + 0.2*0.1 + 0.35 = 0.3775
z_Z1 = 0.593269992
z_Z2 = 0.596884378
z_D0 = 0.75136507
z_D1 = 0.772928465
L = 0.298371109
# new weights
V01 := 0.35891648
V02 := 0.408666186
V11 := 0.511301270
V12 := 0.561370121
W11 := 0.149780716
W12 := 0.19956143
W21 := 0.24975114
W22 := 0.29950229
"""


@pytest.mark.parametrize("precision", [4, 6, 8])
def test_a_textbook_example_checks_line_by_line(precision):
    sheet = Worksheet(mazur(), 0, precision)
    entries = sheet.check_text(MAZUR_WORKING)
    assert [e.quantity.name for e in entries] == [
        "a_Z1", "z_Z1", "z_Z2", "ŷ_D0", "ŷ_D1", "L", "V01", "V02", "V11", "V12", "W11", "W12", "W21", "W22"]
    assert [e.line for e in entries][:2] == [3, 4]  # comments and blank lines are skipped
    assert all(e.verdict.correct for e in entries), [(e.text, e.verdict) for e in entries if not e.verdict.correct]


def test_wrong_lines_name_the_mistake():
    sheet = Worksheet(mazur(), 0)
    yhat, y = sheet.find("z_D0").value, 0.01
    slope = yhat * (1 - yhat)
    text = "\n".join([
        f"delta_D0 = {(y - yhat) * slope:.6f}",  # (y − ŷ)·f′: the sign
        f"d_D0 = {2 * (yhat - y) * slope:.6f}",  # the ½ forgotten
        "a_Z1 = 0.15*0.05 + 0.2*0.1",  # the bias
        "dL/dW10 = 0",  # the bias input taken as 0
        "z_Z1 = 0.3775",  # a, not f(a)
        "W11 := 0.15 + 0.5*0.000438568",  # W + α·∂L/∂W: the sign
        "W12 := 0.21",  # wrong in no way it recognises
        "nonsense",
        "W99 := 1",
    ])
    entries = sheet.check_text(text)
    got = [(e.verdict.mistake if e.verdict else e.problem) for e in entries]
    assert got[:6] == [Mistake.SIGN_FLIPPED, Mistake.HALF_FORGOTTEN, Mistake.BIAS_FORGOTTEN,
                       Mistake.BIAS_FORGOTTEN, Mistake.WRONG_FUNCTION, Mistake.SIGN_FLIPPED]
    assert not entries[6].verdict.correct and got[6] is None
    assert got[7] == "write NAME = ANSWER, e.g. a_Z1 = 1.5"
    assert got[8] == "this step has no quantity named “W99”"
    assert entries[0].verdict.kind is Kind.DELTA and entries[0].verdict.decimals == 4


def test_names_in_any_spelling():
    sheet = Worksheet(make_preset("article"), 0)
    assert sheet.find("δ_Z1") is sheet.find("delta_Z1") is sheet.find("d_Z1")
    assert sheet.find("∂L/∂W11") is sheet.find("dL/dW11") is sheet.find("dl/dw11")
    assert sheet.find("ŷ") is sheet.find("yhat") is sheet.find("z_D0")
    assert sheet.find("W11").op == ":=" and sheet.find("W11'") is sheet.find("new W11") is sheet.find("W11")
    assert sheet.find("W11_new") is sheet.find("W11")  # as the spreadsheet's column A names the update
    assert sheet.find("loss") is sheet.find("L") and sheet.find("y − ŷ").kind is Kind.ERROR
    assert sheet.find("W99") is None
    # every quantity has the walkthrough's equation beside it
    assert all(sheet.equation(q) is not None for q in sheet.quantities)
    assert len(sheet.quantities) == 8 + 2 + 4 + 2 * 13


def test_a_worksheet_is_one_online_step_whatever_the_batch_mode():
    full = make_preset("seed")  # full batch: the session's own step would not update yet
    sheet = Worksheet(full, 0)
    assert sheet.find("W10").value == pytest.approx(0.6)  # the article's corrected online step
    with pytest.raises(ValueError, match="sample must be from 0 to 3"):
        Worksheet(full, 4)


# -- the command line ----------------------------------------------------------------------------
@pytest.fixture
def mazur_file(tmp_path):
    path = tmp_path / "mazur.json"
    sessionfile.save(mazur(), path)
    return path


def test_cli_checks_a_worksheet_from_a_file(mazur_file, tmp_path, capsys):
    answers = tmp_path / "answers.txt"
    answers.write_text(MAZUR_WORKING, encoding="utf-8")
    assert main(["practice", str(mazur_file), "--answers", str(answers)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✓  a_Z1 = 0.15*0.05 + 0.2*0.1 + 0.35 = 0.3775"
    assert out[-1] == "14 of 14 right (4 decimals expected)"


def test_cli_reads_stdin_and_explains_a_wrong_line(mazur_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("V01 := 0.4 + 0.5*0.082167041\nz_Z1 = 0.5933\n"))
    assert main(["practice", str(mazur_file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✗  V01 := 0.4 + 0.5*0.082167041 = 0.4411"
    assert out[1] == "   correct: V01 := V01 − α·∂L/∂V01 = 0.4 − 0.5·0.0822 = 0.3589"
    assert out[2].startswith("   The sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W.")
    assert out[3] == "✓  z_Z1 = 0.5933"
    assert out[-1] == "1 of 2 right (4 decimals expected)"


def test_cli_does_not_count_an_answer_it_cannot_read(mazur_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("z_Z1 = 0.5933\na_Z1 = 0.15 . 0.05 + 0.2 . 0.1 + 0.35\n"))
    assert main(["practice", str(mazur_file)]) == 0  # every answer read is right
    out = capsys.readouterr().out.splitlines()
    assert out[1] == ("?  line 2: a_Z1 = … — “0.15 . 0.05 + 0.2 . 0.1 + 0.35” is not a number: “.” is a decimal "
                      "point, written without spaces (0.5); for a product write * or ×, as in 0.15 × 0.05 + 0.2 × 0.1 + 0.35")
    assert out[-1] == "1 of 1 right (4 decimals expected); 1 answer could not be read, not counted"


def test_cli_fails_when_nothing_could_be_read(mazur_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("z_Z1 = 1 . 1\nV99 = 1\n"))
    assert main(["practice", str(mazur_file)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "none checked (4 decimals expected); 1 answer could not be read and 1 line could not be checked, "
        "not counted")


def test_the_worksheet_and_the_walk_say_a_score_in_the_same_words():
    # one phrase for "N of M right", the zero case decided once (not "0 of 0 right" here and
    # "no answers yet" there); counts said by naming.count
    for right, counted in ((0, 0), (1, 1), (1, 2), (1000, 1200)):
        score = Score(right, counted)
        assert Tally(right, counted).text() == str(score)
    assert str(Score()) == "none checked"
    assert str(Score(1000, 1200)) == "1,000 of 1,200 right"
    assert Tally(2, 3, 2, 1000).text(" (4 decimals expected)") == (
        "2 of 3 right (4 decimals expected); 2 answers could not be read and 1,000 lines could not be checked, "
        "not counted")


def test_cli_states_its_exit_status(capsys):
    with pytest.raises(SystemExit):
        main(["practice", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 when every answer read is right; 1 when an answer is wrong or none could be read" in help_text


def test_cli_lists_the_quantities(mazur_file, capsys):
    assert main(["practice", str(mazur_file), "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "# One online step on sample 0, learning rate α = 0.5; write your answer after each ="
    assert out[1] == "a_Z1 =    # W10·z_X0 + W11·z_X1 + W12·z_X2"
    assert "W22 :=    # W22 − α·∂L/∂W22" in out


@pytest.mark.parametrize("args,message", [
    (["--sample", "1"], "--sample: sample must be from 0 to 0 (the session has 1 sample)"),
    (["--precision", "1"], "--precision must be from 2 to 8"),
])
def test_cli_usage_errors(mazur_file, capsys, monkeypatch, args, message):
    monkeypatch.setattr("sys.stdin", io.StringIO("a_Z1 = 1"))
    assert main(["practice", str(mazur_file), *args]) == 2
    assert capsys.readouterr().err == f"xorgui: error: {message}\n"


def test_cli_without_answers(mazur_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n# nothing\n"))
    assert main(["practice", str(mazur_file)]) == 2
    assert "no answers given" in capsys.readouterr().err


def test_an_answer_worked_from_the_printed_weights_is_right():
    """The worksheet PDF prints W10 = 0.0236, W12 = −0.7117 and answers a_Z1 = −0.688 (exact
    −0.688038); worked from the printed weights a learner writes −0.6881: right, as its note says."""
    sheet = Worksheet(make_preset("sigmoid"), 1, 4)
    assert round(sheet.find("a_Z1").value, 6) == -0.688038
    (entry,) = sheet.check_text("a_Z1 = 0.0236*1 + 0.9009*0 + -0.7117*1 = -0.6881")
    assert entry.verdict.correct
    (entry,) = sheet.check_text("a_Z1 = -0.6871")  # a digit further off is not
    assert not entry.verdict.correct


def test_checking_a_diverged_step_warns_nothing():
    """`xorgui practice` on a run with weights of 1e200 printed numpy's "RuntimeWarning: overflow
    encountered in multiply" twice: the wrong slopes it tries (z·(1 − z) at 4e200) are inf, a value."""
    import warnings

    from xorgui.core.presets import default_session

    diverged = default_session()
    diverged.network.weights[1][:] = 1e200
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [entry] = Worksheet(diverged, 0).check_text("δ_D0 = 5")
    assert entry.verdict is not None and not entry.verdict.correct


def test_each_kind_of_checked_line_as_every_view_says_it():
    from xorgui.core.practice import NOT_FINITE_ANSWER
    from xorgui.core.presets import default_session
    from xorgui.core.worksheet import CheckedLine, checked_line

    sheet = Worksheet(default_session(), 0, 4)  # the article's step on sample 0: y − ŷ = −4, ŷ = 4
    lines = "\n".join(["ŷ = 2*2", "y − ŷ = 123", "a_Z1 = 1 . 1", "V99 = 1", "δ_D0 = -4", "z_Z1 = 1.0000001"])
    assert [checked_line(e, sheet) for e in sheet.check_text(lines)] == [
        CheckedLine("✓", "ŷ = 2*2 = 4"),  # worked out: its value follows
        CheckedLine("✗", "y − ŷ = 123", correct="y − ŷ = 0 − 4 = −4"),
        CheckedLine("?", "a_Z1 = 1 . 1", "“1 . 1” is not a number: “.” is a decimal point, written without spaces "
                                           "(0.5); for a product write * or ×, as in 1 × 1"),
        CheckedLine("?", "V99 = 1", "this step has no quantity named “V99”"),
        CheckedLine("✗", "δ_D0 = -4", correct="δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4",
                    mistake=describe_for("δ_D0 = -4", sheet)),
        CheckedLine("✓", "z_Z1 = 1.0000001"),
    ]
    diverged = default_session()
    diverged.network.weights[1][:] = 1e200
    [entry] = Worksheet(diverged, 0, 4).check_text("L = 5")
    assert checked_line(entry, Worksheet(diverged, 0, 4)).mistake == NOT_FINITE_ANSWER


def describe_for(line, sheet):
    from xorgui.core.mistakes import describe

    [entry] = sheet.check_text(line)
    v = entry.verdict
    assert v.mistake is not None
    return describe(v.mistake, v.kind, v.params, 4)


def test_an_update_that_ignores_the_learners_own_zero_gradient_is_told_so():
    """After a right ∂L/∂W11 = 0, W11 := 1.4 was told "your update subtracts correctly": by the
    learner's own gradient the weight keeps its value (a teacher's review)."""
    from xorgui.core.presets import default_session
    from xorgui.core.worksheet import checked_line

    sheet = Worksheet(default_session(), 0, 4)
    *_, update = [checked_line(e, sheet) for e in sheet.check_text("δ_D0 = -4\n∂L/∂W11 = 0\nW11 := 1.4")]
    assert update.mistake.startswith("That moves W11 as if its input were 1, but z_X1 = 0 in this sample, so "
                                     "∂L/∂W11 = z_X1·δ_Z1 = 0 and W11 keeps its value (your own ∂L/∂W11 = 0 says "
                                     "so): a weight's gradient is its source's value times its target's delta. The "
                                     "article makes the same slip")
    *_, alone = [checked_line(e, sheet) for e in sheet.check_text("δ_D0 = -4\nW11 := 1.4")]
    assert "your update subtracts correctly" in alone.mistake  # no gradient of theirs: the sign is traced
    *_, wrong_own = [checked_line(e, sheet) for e in sheet.check_text("∂L/∂W11 = 0.4\nW11 := 1.4")]
    assert "your own" not in wrong_own.mistake


def test_a_worksheet_on_units_past_the_saturated_forms_edges_is_checked_as_any_other():
    # the tanh example after 600 epochs (a hidden sum of −5.27, past TANH_FAR) and the sigmoid example
    # with its first weights ×12 (sums past SIGMOID_FAR): building their questions raised a TypeError
    from dataclasses import replace

    tanh = make_preset("tanh")
    tanh.run_epochs(600)
    sigmoid = make_preset("sigmoid")
    sigmoid.network.set_weights([12 * sigmoid.network.weights[0], sigmoid.network.weights[1]])
    sigmoid.set_config(replace(sigmoid.config, batch_size=1))
    for trainer, sample in ((tanh, 3), (sigmoid, 0)):
        sheet = Worksheet(trainer, sample)
        q = next(q for q in sheet.quantities if q.name.startswith("δ_Z"))
        (entry,) = sheet.check_text(f"{q.name} = {q.value!r}")
        assert entry.verdict.correct


def test_a_quantity_answered_on_two_lines_counts_once_as_its_last():
    # δ_D0 right, then wrong, was counted twice: "15 of 16 right" for 15 questions
    sheet = Worksheet(make_preset("article"), 0)
    entries = sheet.check_text("δ_D0 = 4\na_Z1 = 1\nδ_D0 = 5")
    assert [e.verdict.correct for e in entries] == [True, True, False]  # each line still marked
    tally = Tally.of(entries)
    assert (tally.right, tally.counted) == (1, 2)
    assert tally.text() == "1 of 2 right; 1 earlier answer to a quantity answered again below, not counted"

"""Practice mode: reading the learner's answer, checking it and explaining a wrong one."""

import math

import pytest

from xorgui.core.practice import MAX_ANSWER_CHARS, Score, Verdict, check_answer, evaluate, tolerance
from xorgui.core.walkthrough import Equation

W10 = Equation("weight", "W10", "W10 − α·X0·δ_Z1", "1 − 0.1·1·4", 0.6, op=":=")
A_Z1 = Equation("sum", "a_Z1", "W10·X0 + W11·X1 + W12·X2", "1·1 + 1·0 + 1·0", 1.0)


# -- evaluate ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("1 - 0.1*1*4", 0.6),
    ("1 − 0.1·1·4", 0.6),  # the walkthrough's own signs
    ("1·1 + 1·0", 1.0),
    ("1·1 + 1·0 + 1·0", 1.0),
    ("0,5", 0.5),
    ("3/5", 0.6),
    ("−2", -2.0),
    ("-2", -2.0),
    ("+2", 2.0),
    ("  0.6  ", 0.6),
    (".5", 0.5),
    ("1e-3", 0.001),
    ("(1 + 2) × 3", 9.0),
    ("6 ÷ 4", 1.5),
    ("1 − 0.1·(58 / 4 + 0.1)", -0.46),
    ("−(−4)", 4.0),
])
def test_evaluate_accepts_numbers_and_working(text, value):
    assert evaluate(text) == pytest.approx(value, abs=1e-12)
    assert isinstance(evaluate(text), float)


def test_a_number_that_reads_two_ways_is_refused_not_judged():
    """'1,000' as 1.0 would judge wrong a learner who meant a thousand (or right one who did not)."""
    for text in ("1,000", "1,000*0,5", "(2,500)"):
        with pytest.raises(ValueError, match=r"\(a decimal comma\) or \d+ \(a thousands comma\)"):
            evaluate(text)
    assert evaluate("0,5*1,5") == 0.75 and evaluate("0,500") == 0.5


def test_evaluate_exact_values():
    assert evaluate("3/5") == 3 / 5
    assert evaluate("0,5") == 0.5
    assert evaluate("−2") == -2.0
    assert evaluate("1 - 0.1*1*4") == 1 - 0.1 * 1 * 4


@pytest.mark.parametrize("text", [
    "__import__('os')",
    "__import__('os').system('true')",
    "a",
    "x + 1",
    "2**5",  # powers beyond the fourth (a square or cube is working: ½·(4 − 0)²)
    "7 % 2",
    "7 // 2",
    "1/0",
    "1 / (1 - 1)",
    "1e400",
    "-1e400",
    "1e308 * 10",
    "",
    "   ",
    "1" * 300,
    "1 + " * 75 + "1",  # 300 characters of working
    "True",
    "1j",
    "[1]",
    "(1, 2)",
    "'1'",
    "nan",
    "inf",
    "1 +",
    "lambda: 1",
    "abs(-1)",
])
def test_evaluate_refuses_everything_else(text):
    with pytest.raises(ValueError) as exc:
        evaluate(text)
    assert str(exc.value)  # a message fit for the learner


def test_evaluate_length_limit():
    assert len("1" * 300) > MAX_ANSWER_CHARS
    with pytest.raises(ValueError, match="too long"):
        evaluate("1" * 300)
    with pytest.raises(ValueError, match="divides by zero"):
        evaluate("1/0")
    with pytest.raises(ValueError, match="too large"):
        evaluate("1e400")


# -- tolerance ------------------------------------------------------------------------------------
def test_tolerance_is_half_the_last_decimal():
    assert tolerance(1.0, 4) == pytest.approx(5e-5)
    assert tolerance(-0.6, 4) == pytest.approx(5e-5)
    assert tolerance(1.0, 6) == pytest.approx(5e-7)
    assert tolerance(0.0, 2) == pytest.approx(5e-3)
    # where the value is shown in e-notation (2.000e9): half a unit in the mantissa's last digit
    assert tolerance(2e9, 4) == pytest.approx(0.5e6)
    assert tolerance(-2e9, 4) == pytest.approx(0.5e6)
    assert tolerance(1.5e-5, 4) == pytest.approx(0.5e-8)  # shown as 1.5e-5 (1.500e-5)


# -- check_answer -------------------------------------------------------------------------------
def test_right_answers():
    for text in ("0.6", "0,6", "3/5", "1 - 0.1*1*4", "1 − 0.1·1·4", "0.60004"):
        v = check_answer(W10, text, 4)
        assert isinstance(v, Verdict)
        assert v.correct, text
        assert v.typed == pytest.approx(0.6, abs=1e-4)
        assert (v.expected, v.quantity, v.mistake) == (0.6, "W10", None)


def test_tolerance_matches_the_precision():
    one = Equation("activation", "z_Z1", "f(a_Z1)", "f(1)", 1.0)
    assert check_answer(one, "0.99996", 4).correct  # 4e-5 off: rounds to 1 at 4 decimals
    assert check_answer(one, "1.00004", 4).correct
    assert not check_answer(one, "0.9999", 4).correct  # 1e-4 off
    assert not check_answer(one, "1.0001", 4).correct
    assert not check_answer(one, "0.99996", 6).correct  # at 6 decimals it is wrong
    assert check_answer(one, "0.9999996", 6).correct
    assert check_answer(one, "1", 0).correct and check_answer(one, "1.4", 0).correct
    assert not check_answer(one, "1.6", 0).correct


def test_wrong_working_is_kept_for_the_view():
    v = check_answer(W10, "1 - 0.1*1*(-4)", 4)  # the article's sign mistake
    assert not v.correct
    assert v.typed == pytest.approx(1.4) and v.working == "1 - 0.1*1*(-4)" and v.typed_decimals is None
    v = check_answer(W10, "1.4", 4)
    assert not v.correct and v.typed == 1.4 and v.working is None and v.typed_decimals == 1
    v = check_answer(A_Z1, "  2 ", 4)
    assert (v.typed, v.expected, v.quantity, v.decimals) == (2.0, 1.0, "a_Z1", 4)


def test_wrong_answer_at_another_precision():
    eq = Equation("activation", "z_Z1", "f(a_Z1)", "f(0.5)", 0.6224593312018546)
    v = check_answer(eq, "0.62", 6)
    assert not v.correct and v.decimals == 6
    assert check_answer(eq, "0.6225", 4).correct


def test_unreadable_answer():
    v = check_answer(W10, "zero point six", 4)
    assert v == Verdict(False, None, expected=0.6, decimals=4, quantity="W10", problem=v.problem)
    assert v.typed is None and not v.correct and "zero point six" in v.problem
    v = check_answer(W10, "", 4)
    assert v.typed is None and not v.correct


@pytest.mark.parametrize("expected", [math.inf, -math.inf, math.nan])
def test_non_finite_expected_value(expected):
    eq = Equation("weight", "V00", "V00 − α·Z0·δ_D0", None, expected, op=":=")
    v = check_answer(eq, "1", 4)
    assert not v.correct
    assert v.typed == 1.0 and not math.isfinite(v.expected)
    # even a learner's huge number is not "right"
    assert not check_answer(eq, "1e300", 4).correct


def test_tiny_values_shown_in_e_notation_are_checked_relatively():
    # BUG: tolerance() says "relative, where the value is shown in e-notation", and fmt()
    # shows |x| < 10**-precision in e-notation (1.5e−5), but tolerance() only switches to a
    # relative tolerance for |x| >= 1e9: 1.5e−5 gets the absolute 5e−5, larger than the value
    # itself, so an answer with the wrong sign (or 4 times too large) is marked right.
    eq = Equation("gradient", "∂L/∂W11", "X1·δ_Z1", None, 1.5e-5)
    assert eq.text(4) == "∂L/∂W11 = X1·δ_Z1 = 1.5e−5"
    assert check_answer(eq, "1.5e-5", 4).correct
    assert tolerance(1.5e-5, 4) < 1.5e-5
    assert not check_answer(eq, "-3e-5", 4).correct  # wrong sign
    assert not check_answer(eq, "6e-5", 4).correct  # four times too large


def test_large_values_use_a_relative_tolerance():
    eq = Equation("weight", "V00", "V00 − α·Z0·δ_D0", None, 2.5e9, op=":=")
    assert check_answer(eq, "2.5e9", 4).correct
    assert check_answer(eq, "2500001000", 4).correct  # 1e3 off of 2.5e9: within 0.05 %
    assert not check_answer(eq, "2.6e9", 4).correct


# -- Score ------------------------------------------------------------------------------------------
def test_score_counts():
    s = Score()
    assert (s.right, s.asked) == (0, 0)
    assert str(s) == "none checked"
    s1 = s.add(True)
    assert (s.right, s.asked) == (0, 0)  # immutable: add returns a new score
    assert (s1.right, s1.asked) == (1, 1)
    s3 = s1.add(False).add(True)
    assert s3 == Score(2, 3)
    assert str(s3) == "2 of 3 right"
    assert str(Score().add(False)) == "0 of 1 right"


def test_the_walkthroughs_own_notation_is_read_as_working():
    from xorgui.core.practice import evaluate
    # L = ½·(ŷ − y)² as the walkthrough writes it, copied with its numbers: ½·(4 − 0)² = 8
    assert evaluate("½·(4 − 0)²") == 8.0 and evaluate("0.5*(4-0)^2") == 8.0 and evaluate("(0.5)**2") == 0.25
    assert evaluate("2³") == 8.0
    for huge in ("2^10", "9**9**9", "2^0.5"):
        with pytest.raises(ValueError, match="powers are squares and cubes"):
            evaluate(huge)


@pytest.mark.parametrize("typed, message", [
    ("0x10", "“0x10” is not a decimal number (write 16, 0.5 or 2e-3)"),  # Python's hexadecimal: 16
    ("1_000 - 1", "“1_000” is not a decimal number (write 16, 0.5 or 2e-3)"),  # Python's 1000
    ("1e-400", "“1e-400” is too small to represent: numbers nearer to 0 than about 2.2e−308 become 0 in the "
               "computer's arithmetic (type 0 for zero)"),  # it became 0 without a word
])
def test_an_answer_python_would_read_otherwise_is_refused_with_why(typed, message):
    with pytest.raises(ValueError) as exc:
        evaluate(typed)
    assert str(exc.value) == message
    assert evaluate("0e5") == 0.0 and evaluate(".5") == 0.5 and evaluate("2E-3") == 0.002

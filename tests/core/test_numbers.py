"""Reading what a learner types and writing numbers the way the window shows them."""

import math

import pytest

from xorgui.core.numbers import MAX_WEIGHT, apart, fmt, parse_number, significant


# -- parse_number: what is accepted, and the exact value -------------------------------------
@pytest.mark.parametrize("text, value", [
    ("0.5", 0.5), (".5", 0.5), ("5.", 5.0), ("-1e-3", -0.001), ("+2", 2.0), ("1E2", 100.0),
    ("0,5", 0.5),  # a decimal comma
    ("−0.25", -0.25),  # the true minus sign the window prints
    ("  3 ", 3.0), ("1 000", 1000.0), ("-1 000 000", -1e6), ("12 345,5", 12345.5),  # spaces group thousands
    ("- 1", -1.0), ("1 / 4", 0.25), ("1 000/ 2", 500.0),  # and may follow a sign or surround a slash
    ("1\u00a0000", 1000.0), ("1\u202f000,5", 1000.5), ("0.123 456", 0.123456),  # no-break spaces; decimals grouped
    ("1/4", 0.25), ("-3/4", -0.75), ("1/-4", -0.25), ("1,5/3", 0.5), ("1e2/1e3", 0.1),
    ("1/3", 1 / 3),  # the quotient in float64, not a rounded decimal
    ("0", 0.0), ("-0", 0.0),
])
def test_accepted_forms_and_their_values(text, value):
    assert parse_number(text) == value


def test_the_limit_is_inclusive_and_applies_to_both_signs():
    assert parse_number("1e6") == MAX_WEIGHT == 1e6
    assert parse_number("-1e6") == -1e6
    assert parse_number("2000000/2") == 1e6  # a fraction is checked after dividing
    assert parse_number("5", limit=5) == 5 and parse_number("-5", limit=5) == -5
    for text in ("1000001", "-1000001", "2000001/2"):
        with pytest.raises(ValueError, match=r"out of range: use a value from −1e6 to 1e6$"):
            parse_number(text)
    with pytest.raises(ValueError, match="out of range"):
        parse_number("5.000001", limit=5)


@pytest.mark.parametrize("text, message", [
    ("", "type a number"), ("   ", "type a number"),
    ("abc", "is not a number"), ("1.2.3", "is not a number"), ("1/2/3", "is not a number"),
    ("1,5,0", "is not a number"),  # two commas: neither a decimal comma nor a number
    ("1,5.0", "is not a number"),  # a comma next to a point is not a decimal comma
    ("e5", "is not a number"), ("--1", "is not a number"), ("1/", "is not a number"),
    ("nan", "is not a number"), ("inf", "is not a number"), ("0x10", "is not a number"),
    ("1e400", "too large"), ("1/0", "divide by zero"), ("0/0", "divide by zero"),
    ("1e300/1e-300", "out of range"),  # each part finite, the quotient overflows
])
def test_refusals_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_number(text)


@pytest.mark.parametrize("text, decimal, thousands", [
    ("1,000", "1.000", "1000"), ("-1,500", "−1.500", "−1500"), ("−12,345", "−12.345", "−12345"),
    ("+999,999", "999.999", "999999"), ("1,000/3", "1.000", "1000"), ("3/1,000", "1.000", "1000"),
    ("1,500e-3", "1.500e−3", "1500e−3"),  # 1.5e−3 or 1.5: the exponent said with both
])
def test_a_comma_before_three_digits_is_refused_as_it_reads_two_ways(text, decimal, thousands):
    """The window's epoch counts take 1,000 as a thousand: a weight of "1,000" was set to 1."""
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == (f"“{text}” could be {decimal} (a decimal comma) or {thousands} (a thousands comma): "
                               "write it with a point, or without the comma")


@pytest.mark.parametrize("text, value", [
    ("0,500", 0.5),  # a leading 0 is no thousands
    ("1,50", 1.5), ("1,0000", 1.0),  # not three digits after the comma
    ("1000,000", 1000.0),  # four digits before it: no thousands comma either
    ("1 000,500", 1000.5),  # the spaces group the thousands: the comma is a decimal comma
])
def test_a_comma_that_reads_one_way_is_a_decimal_comma(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["0.5 1", "1 2", "10 00", "1 0000", "0. 5", "1e 3", "1 2/3", "1 0,5"])
def test_a_space_that_does_not_group_thousands_is_refused(text):
    """'0.5 1' was read as 0.51 and '1 2' as 12, each accepted as an edit."""
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"“{text}” is not a number: a space may only group digits by three (1 000 000)"


@pytest.mark.parametrize("text", ["abc def", "one half", "1 2 x"])
def test_words_with_spaces_are_not_told_about_grouping_digits(text):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"“{text}” is not a number (try 0.5, -1e-3 or 1/3)"


def test_a_long_refused_text_is_quoted_short():
    """A pasted megabyte was repeated whole in the status bar."""
    with pytest.raises(ValueError) as info:
        parse_number("1" * 10**6)
    assert str(info.value) == f"“{'1' * 39}…” is too large to be a number here"
    with pytest.raises(ValueError) as info:
        parse_number("x" * 100)
    assert str(info.value) == f"“{'x' * 39}…” is not a number (try 0.5, -1e-3 or 1/3)"


def test_an_empty_text_and_a_division_by_zero_are_told_in_whole_sentences():
    for text, message in (("", "type a number, e.g. 0.5, -1e-3 or 1/3"), ("  ", "type a number, e.g. 0.5, -1e-3 or 1/3"),
                          ("1/0", "cannot divide by zero"), ("1 000 / 0", "cannot divide by zero")):
        with pytest.raises(ValueError) as info:
            parse_number(text)
        assert str(info.value) == message


def test_a_refusal_quotes_what_was_typed_without_the_surrounding_spaces():
    with pytest.raises(ValueError) as info:
        parse_number("  12abc ")
    assert str(info.value) == "“12abc” is not a number (try 0.5, -1e-3 or 1/3)"


# -- fmt: the numbers on screen --------------------------------------------------------------
@pytest.mark.parametrize("x, precision, text", [
    (0.6, 4, "0.6"), (1.0, 4, "1"), (-4.0, 4, "−4"), (0.0012, 4, "0.0012"),
    (0.123456, 4, "0.1235"), (0.123456, 2, "0.12"), (2.5, 0, "2"),  # round half to even
    (0.00005, 4, "5e−5"),  # below the last decimal shown: scientific, no digit lost
    (-0.00001234, 4, "−1.234e−5"),
    (123456789.0, 4, "123456789"), (1e9, 4, "1e9"), (-2.5e12, 4, "−2.5e12"),
    (0.0, 4, "0"), (-0.0, 4, "0"), (-0.00001, 3, "−1e−5"),
    (1e-4, 4, "0.0001"),  # exactly the last decimal: still fixed-point
])
def test_fmt(x, precision, text):
    assert fmt(x, precision) == text


def test_fmt_of_values_that_are_not_finite():
    assert fmt(math.inf) == "∞" and fmt(-math.inf) == "−∞" and fmt(math.nan) == "NaN"


def test_fmt_default_precision_is_four_decimals():
    assert fmt(1 / 3) == "0.3333" and fmt(2 / 3) == "0.6667"


def test_what_fmt_shows_reads_back_as_the_rounded_value():
    for x in (1 / 3, -2 / 7, 123.456789, 1.5e-7, -3e10):
        for precision in (2, 4, 8):
            shown = fmt(x, precision)
            back = parse_number(shown, limit=math.inf)
            assert back == pytest.approx(x, rel=10.0 ** (1 - precision), abs=10.0 ** -precision)


def test_percentages_round_half_up_as_people_do():
    from xorgui.core.numbers import percent
    # 23 of 40 is 57.5%: Python's rounding (half to even, on the float 57.4999…) shows 57%
    assert percent(23 / 40) == "58%" and percent(1 / 8) == "13%" and percent(1 / 8, 1) == "12.5%"
    assert percent(0.0) == "0%" and percent(1.0) == "100%" and percent(2 / 3, 1) == "66.7%"
    assert percent(0.2) == "20%" and percent(1 / 3) == "33%"


def test_percentages_say_100_or_0_only_when_exact():
    from xorgui.core.numbers import percent
    # 1 wrong sample of 10,000: the Run panel must not say "Accuracy 100%" while Why? says 1 is wrong
    assert percent(9999 / 10000) == "99.99%" and percent(0.995) == "99.5%" and percent(0.0049) == "0.5%"
    assert percent(1 / 10000) == "0.01%" and percent(0.9995, 1) == "99.95%" and percent(1.0, 1) == "100.0%"
    assert percent(0.99) == "99%" and percent(0.0) == "0%" and percent(1 - 1e-12) == "> 99.999%"


@pytest.mark.parametrize("x,text", [(0.1771753, "0.1772"), (0.0442938, "0.04429"), (0.00023173, "0.0002317"),
                                    (0.000192, "0.000192"), (3.1112e-6, "3.111e−6"), (12.345678, "12.3457"),
                                    (2.0, "2"), (0.0, "0"), (-0.00023173, "−0.0002317"), (1e-29, "1e−29"),
                                    (math.inf, "∞")])
def test_significant_keeps_four_digits_where_fmt_keeps_four_decimals(x, text):
    assert significant(x) == text
    assert fmt(0.00023173) == "0.0002"  # what fmt's four decimals leave of it


def test_apart_adds_digits_only_while_two_different_numbers_would_read_the_same():
    assert apart(0.1264, 0.1256) == ("0.1264", "0.1256")
    assert apart(0.4999998283, 0.4999996980) == ("0.4999998", "0.4999997")
    assert apart(0.4999996908, 0.4999996985) == ("0.49999969", "0.4999997")  # rose, and reads so
    assert apart(0.5, 0.5) == ("0.5", "0.5")


def test_apart_is_total_for_any_number_of_digits():
    # with 18 digits or more there is nothing left to add: the numbers as asked, not UnboundLocalError
    assert apart(1, 2, 18) == (significant(1, 18), significant(2, 18)) == ("1", "2")
    assert apart(0.5, 0.5, 20) == ("0.5", "0.5")
    assert apart(0.1, 0.1 + 2 ** -56, 17) == (significant(0.1, 17), significant(0.1 + 2 ** -56, 17))
    left, right = apart(1 / 3, math.nextafter(1 / 3, 1), 2)  # neighbouring floats still read apart
    assert left != right and float(left) == 1 / 3


# -- parse_number: a non-zero too small for a double is refused, not read as 0 --------------------
TINY = ("is too small to represent: numbers nearer to 0 than about 2.2e−308 lose digits or become 0 in the "
        "computer's arithmetic (type 0 for zero)")


@pytest.mark.parametrize("text, shown", [
    ("1e-400", "1e-400"),  # underflows to 0
    ("−1e-400", "−1e-400"),
    ("3e-310", "3e-310"),  # a subnormal: digits lost
    ("1e-200/1e200", "1e-200/1e200"),  # the quotient underflows
    ("1/1e-400", "1e-400"),  # the denominator would be 0: not 'cannot divide by zero'
    ("0,1e-400", "0,1e-400"),
])
def test_a_number_too_small_to_represent_is_refused(text, shown):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"“{shown}” {TINY}"


@pytest.mark.parametrize("text, value", [
    ("0e-400", 0.0), ("0.000e-999", 0.0), ("-0", 0.0), ("0/1e-300", 0.0),  # zero as typed stays zero
    ("2.2250738585072014e-308", 2.2250738585072014e-308),  # the smallest normal double
    ("1e-300", 1e-300), ("1e-300/1e5", 1e-305),
])
def test_zero_as_typed_and_the_smallest_normal_numbers_are_accepted(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("x,text", [
    (1e6, "1e6"), (-1e6, "−1e6"), (-1000, "−1000"), (2e7, "2e7"), (1e-5, "1e−5"),
    (1000000.5, "1000000.5"), (float("inf"), "∞"),
])
def test_limit_text_is_short_and_exact(x, text):
    from xorgui.core.numbers import limit_text
    assert limit_text(x) == text


@pytest.mark.parametrize("x,digits,text", [
    (0.000232, 4, "0.000232"),  # below 1: exactly `digits` significant digits
    (12.3456789, 4, "12.3457"),  # ≥ 1: `digits` decimals, so more significant digits
    (140.1395836869, 10, "140.1395836869"),  # a twin's loss at 10: 13 significant digits
])
def test_significant_gives_at_least_digits_significant_digits(x, digits, text):
    assert significant(x, digits) == text


@pytest.mark.parametrize("x, shown", [(2.372e-321, "2.4e−321"), (-6.966e-322, "−7e−322"), (5e-324, "5e−324"),
                                      (1e-310, "1e−310"), (2.2e-308, "2.2e−308"), (1.767e-64, "1.767e−64")])
def test_a_subnormal_number_is_written_with_no_more_digits_than_it_holds(x, shown):
    # a slope of 2.362e−321 computed as the double 2.372e−321 was written with 4 digits it does not hold
    assert fmt(x) == shown and fmt(x, 8) == shown

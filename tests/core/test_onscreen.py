"""What a learner can compute from rounded on-screen numbers: value and bound, by hand."""

import math

import pytest

from xorgui.core.onscreen import Exact, Shown, apply, apply2, display_halfwidth, shown_value, total


def test_a_shown_number_is_read_rounded_with_half_a_unit_of_doubt():
    assert Shown(0.33449).reach(3) == (0.334, pytest.approx(5e-4))
    assert Shown(0.33449).reach(4) == (0.3345, pytest.approx(5e-5))
    assert Shown(0.25).reach(4) == (0.25, 0.0)  # shown exactly: no doubt
    assert Shown(1.0).reach(2) == (1.0, 0.0)
    assert Shown(-4.8123e-4).reach(2) == (-4.8e-4, pytest.approx(0.5e-5))  # e-notation: its mantissa
    assert Exact(0.1).reach(2) == (0.1, 0.0)  # a learning rate is known exactly
    assert shown_value(-1.23456, 3) == -1.235
    assert display_halfwidth(2.5e9, 4) == pytest.approx(0.5e6)


def test_sums_and_products_add_their_doubts_and_the_rounding_of_the_result():
    # 0.3345·0.6667 from 0.33449 and 0.66666 at 4 decimals: doubt |a|·eb + |b|·ea + ea·eb,
    # plus the learner rounding the product itself (0.22301… → half a unit)
    value, bound = (Shown(0.33449) * Shown(0.66666)).reach(4)
    assert value == pytest.approx(0.3345 * 0.6667)
    assert bound == pytest.approx(0.3345 * 5e-5 + 0.6667 * 5e-5 + 25e-10 + 5e-5)
    value, bound = (Exact(1.0) - Exact(0.1) * Shown(0.25)).reach(4)
    assert (value, bound) == (pytest.approx(0.975), 0.0)  # every number exact, results exact at 4
    value, bound = total([Shown(0.5), Shown(0.125), Exact(1.0)]).reach(2)  # 0.125 is shown as 0.12
    assert value == pytest.approx(1.62) and bound == pytest.approx(5e-3)  # 1.62 itself is exact at 2


def test_a_function_moves_as_far_as_it_moves_over_the_doubt():
    sig = lambda a: 1 / (1 + math.exp(-a))
    value, bound = apply(sig, Shown(0.51234)).reach(2)  # read as 0.51 ± 0.005
    assert value == pytest.approx(sig(0.51))
    assert bound == pytest.approx(max(sig(0.515) - sig(0.51), sig(0.51) - sig(0.505)) + 5e-3, rel=1e-9)
    # z·(1 − z) turns at 0.5: the bound still covers both sides
    value, bound = apply2(lambda a, z: z * (1 - z), Exact(0.0), Shown(0.50004)).reach(4)
    assert value == 0.25 and bound == pytest.approx(0.25 - 0.50005 * 0.49995)  # 0.25 is shown exactly


def test_exact_values_use_the_engines_numbers():
    expr = Shown(0.33449) * Shown(0.66666) - Exact(2.0) * Shown(0.1)
    assert expr.exact() == 0.33449 * 0.66666 - 2.0 * 0.1
    assert (-Shown(0.5)).exact() == -0.5
    assert (Shown(3.0) / 4).exact() == 0.75

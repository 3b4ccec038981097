"""The Why? tab while practice questions are open: core.hidden decides which findings would give
an asked value away, core.findings words what is shown in their place."""

import numpy as np
import pytest

from xorgui.core.diagnostics import Kind, diagnose
from xorgui.core.findings import HIDDEN_TITLE, hides_finding, no_findings_text, shown_findings
from xorgui.core.hidden import NOTE, Hidden

from .test_findings import _dead_relu, _saturated


def test_a_finding_that_quotes_an_asked_value_is_shown_only_as_hidden():
    dead = diagnose(_dead_relu())
    relu = next(f for f in dead if f.kind == Kind.DEAD_RELU)
    assert relu.units == ("Z1", "Z2", "Z3")
    z2 = Hidden(0, frozenset({("Z2", "z")}))  # "outputs 0 for every sample" is z_Z2's answer
    shown = shown_findings(tuple(dead), z2)
    hidden = next(f for f in shown if f.kind == Kind.DEAD_RELU)
    assert (hidden.title, hidden.remedies, hidden.numbers, hidden.units) == (HIDDEN_TITLE, (), (), ())
    assert "0" not in hidden.explanation and "Z" not in hidden.explanation
    assert [f for f in shown if f.kind != Kind.DEAD_RELU] == [f for f in dead if f.kind != Kind.DEAD_RELU]
    assert shown_findings(tuple(dead), Hidden(0, frozenset({("Z1", "δ")}))) == tuple(dead)  # a δ: nothing to hide
    # while ŷ is asked: the findings that quote predictions or losses, not the others
    yhat = Hidden(0, frozenset({("D0", "z")}), prediction=True)
    for kind, hides in ((Kind.SATURATED_OUTPUT, True), (Kind.STUCK_SAMPLE, True), (Kind.PLATEAU, True),
                        (Kind.LINEAR, False), (Kind.SYMMETRIC, False), (Kind.NO_HIDDEN, False)):
        assert hides_finding(yhat, kind) is hides, kind
    assert not hides_finding(Hidden(), Kind.STUCK_SAMPLE) and not hides_finding(Hidden(), Kind.DEAD_RELU, ("Z1",))


@pytest.mark.parametrize("what", ["a", "z"])
def test_a_saturated_unit_finding_is_hidden_while_that_units_value_is_asked(what):
    found = tuple(diagnose(_saturated()))
    saturated = next(f for f in found if f.kind == Kind.SATURATED)
    unit = saturated.units[0]
    shown = shown_findings(found, Hidden(0, frozenset({(unit, what)})))
    assert next(f for f in shown if f.kind == Kind.SATURATED).title == HIDDEN_TITLE
    for asked in ((unit, "δ"), ("D0", what)):  # its δ, or another unit's value: nothing given away
        assert asked[0] not in saturated.units or asked[1] == "δ"
        shown = shown_findings(found, Hidden(0, frozenset({asked})))
        assert next(f for f in shown if f.kind == Kind.SATURATED) == saturated


def test_while_a_prediction_is_asked_the_no_findings_line_counts_no_wrong_samples():
    yhat = Hidden(0, frozenset({("D0", "z")}), prediction=True)
    for correct in (np.array([True, False, False, True]), np.ones(4, bool)):  # "no problems" alone says all are right
        assert no_findings_text(correct, 7, hidden=yhat) == (
            f"No problems found in the weights, the data or the recent losses; how many samples are wrong is {NOTE}.")
    assert "2 of 4 training samples are wrong" in no_findings_text(np.array([True, False, False, True]), 0,
                                                                    hidden=Hidden(0, frozenset({("Z1", "δ")})))

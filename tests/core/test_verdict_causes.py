"""Verdicts name the cause the learner's own numbers show: a sign flipped in an earlier answer and
carried through is traced there (not blamed on the update rule, which the article also gets right),
and "keep more decimals" is said only where the working has inexact numbers to round."""

import io

import pytest

from xorgui.cli import main
from xorgui.core.errata import errata
from xorgui.core.lesson import Lesson, Walk
from xorgui.core.mistakes import Kind, Mistake, describe
from xorgui.core.practice import check, evaluate
from xorgui.core.presets import make_preset
from xorgui.core.quantities import step_quantities
from xorgui.core.walkthrough_render import step_phases
from xorgui.core.worksheet import Worksheet

from .test_worksheet import mazur

CLAIM = {e.key: e.claim for e in errata()}
ARTICLE_SIGN = f"The article makes the same slip (errata: “{CLAIM['sign']}”)."
BLAMES_UPDATE = "descent moves against the gradient"


@pytest.fixture(scope="module")
def article():
    return Worksheet(make_preset("article"), 0)


def said(sheet, text):
    """Each line's verdict sentence ("" when right or nothing is recognised)."""
    out = []
    for e in sheet.check_text(text):
        v = e.verdict
        out.append(describe(v.mistake, v.kind, v.params, sheet.precision) if v.mistake else "")
    return out


# -- 1. a flipped sign, traced to where it slipped ------------------------------------------------
def test_the_review_repro_traces_1_4_to_the_learners_own_delta(article):
    delta, grad, w10, w11 = said(article, "δ_D0 = -4\n∂L/∂W10 = -4\nW10 = 1.4\nW11 = 1.4\n")
    assert grad == ("The sign is flipped: ∂L/∂W = (its source's z)·(its target's δ). It is the sign of your "
                    "δ_D0 = −4 carried through correctly: the slip is in δ_D0, and this value follows from it. "
                    + ARTICLE_SIGN)
    assert w10 == ("Your update is right: with your ∂L/∂W10 = −4, W10 − α·∂L/∂W10 gives this. The sign slipped "
                   "before the update, in your δ_D0 = −4, and was carried through correctly. " + ARTICLE_SIGN)
    assert w11 == ("That moves W11 as if its input were 1, but z_X1 = 0 in this sample, so ∂L/∂W11 = z_X1·δ_Z1 = 0 "
                   "and W11 keeps its value: a weight's gradient is its source's value times its target's delta. "
                   "The step's sign is that of your δ_D0 = −4, carried through: your update subtracts correctly. "
                   f"The article makes the same slip (errata: “{CLAIM['zero_inputs']}”).")
    assert BLAMES_UPDATE not in w10 + w11 and "flips the update" not in w11


def test_an_output_weights_update_after_a_flipped_output_delta_cites_the_article_as_w10s_does(article):
    # V00's source is the bias, so its gradient is δ_D0 itself: the slip is in that delta, the article's
    _, v00 = said(article, "δ_D0 = -4\nV00 := 1.4\n")
    assert v00 == ("Your update is right: with your δ_D0 = −4, V00 − α·∂L/∂V00 gives this. The sign slipped "
                   "before the update, in δ_D0. " + ARTICLE_SIGN)


@pytest.fixture(scope="module")
def deep():
    return Worksheet(make_preset("deep"), 0)  # 2-4-4-1: a hidden δ of layer 1 sums four deltas of layer 2


def test_a_hidden_delta_is_not_said_to_carry_one_flipped_term_of_its_sum(deep):
    # only δ_Z2_4, the smallest of the four terms, flipped: that cannot flip δ_Z1_4's sum (from the
    # learner's own numbers 0.3048·0.0003 + 0.9777·0.005 + 1.2239·0.0366 − 0.1845·0.0015 = +0.0495),
    # so a flipped δ_Z1_4 is its own slip, and what follows from it is traced to it, not to δ_Z2_4
    answers = ("δ_D0 = 0.0864\nδ_Z2_1 = 0.0003\nδ_Z2_2 = 0.0050\nδ_Z2_3 = 0.0366\nδ_Z2_4 = 0.0015\n"
               "δ_Z1_4 = -0.0501\n∂L/∂W1_40 = -0.0501\nW1_40 := 2.7132+0.1*0.0501\n")
    *_, z24, z14, grad, update = said(deep, answers)
    assert z24.endswith("Your δ_D0 = 0.0864 has the right sign: the slip is here.")
    assert z14 == ("The sign is flipped: a hidden unit's δ = f'(a)·Σ W·δ over its links to the next layer, each δ "
                   "there with its own sign.")
    assert grad.endswith("It is the sign of your δ_Z1_4 = −0.0501 carried through correctly: the slip is in "
                         "δ_Z1_4, and this value follows from it.")
    assert update.endswith("The sign slipped before the update, in your δ_Z1_4 = −0.0501, and was carried "
                           "through correctly.")
    assert "δ_Z2_4" not in z14 + grad + update and "If your δ_D0 was" not in z14


def test_a_layer_flipped_whole_carries_its_sign_through_the_next_sum(deep):
    # every δ of layer 2 flipped (δ_D0 right): then δ_Z1_4's sum flips with them, and the slip is that layer's
    answers = ("δ_D0 = 0.0864\nδ_Z2_1 = -0.0003\nδ_Z2_2 = -0.0050\nδ_Z2_3 = -0.0366\nδ_Z2_4 = 0.0015\n"
               "δ_Z1_4 = -0.0501\n")
    *_, z14 = said(deep, answers)
    assert z14.endswith("It is the sign of your δ_Z2_1, δ_Z2_2, δ_Z2_3 and δ_Z2_4 carried through correctly: the "
                        "slip is in them, every one flipped, and this value follows from it.")


def test_the_update_rule_is_blamed_only_when_the_learners_gradient_has_the_right_sign(article):
    _, _, w10, _, w11 = said(article, "δ_D0 = 4\n∂L/∂W10 = 4\nW10 = 1.4\nδ_Z1 = 4\nW11 = 1.4\n")
    assert w10 == ("The update's sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W. "
                   "Your ∂L/∂W10 = 4 has the right sign.")
    assert "That answer also flips the update's sign: descent moves against the gradient" in w11
    assert "article makes the same slip (errata: “Uses" not in w10 + w11  # the article subtracts correctly


def test_a_gradient_flipped_after_a_right_delta_is_the_slip_itself(article):
    _, grad, w20 = said(article, "δ_D0 = 4\n∂L/∂W20 = -4\nW20 := 1.4\n")
    assert grad == ("The sign is flipped: ∂L/∂W = (its source's z)·(its target's δ). "
                    "Your δ_D0 = 4 has the right sign: the slip is here.")
    assert w20 == ("Your update is right: with your ∂L/∂W20 = −4, W20 − α·∂L/∂W20 gives this. "
                   "The sign slipped before the update, in ∂L/∂W20.")


def test_without_earlier_answers_both_readings_are_offered(article):
    (w10,) = said(article, "W10 := 1.4")
    assert w10 == ("The sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W. If your δ_D0 was "
                   "y − ŷ, your update is right and this is that sign carried through: the slip is in δ_D0. "
                   + ARTICLE_SIGN)


def walk_through(typed: dict, preset="article", steps=0) -> dict:
    """A practice walk of the next step, answering ``typed[target]`` where given and the engine's
    value elsewhere; the verdicts by target (the last of a target asked twice)."""
    t = make_preset(preset)
    for _ in range(steps):
        t.step_sample()
    sample, trace, batch, phases = step_phases(t, 4)
    walk = Walk(sample, trace, phases, Lesson(True), batch=batch)
    verdicts = {}
    while not walk.finished:
        walk.advance()
        while (q := walk.question()) is not None:
            verdicts[q.target] = walk.answer(typed.get((q.target, q.kind), repr(float(q.value))), 4)
    return verdicts


def sentence(v) -> str:
    return describe(v.mistake, v.kind, v.params, 4)


def test_the_walkthrough_knows_the_learners_earlier_answers():
    # the sign of y − ŷ carried on, though the board shows δ_D0 = 4 once it is answered
    verdicts = walk_through({("δ_D0", "delta"): "-4", ("δ_Z1", "delta"): "-4", ("∂L/∂W10", "gradient"): "-4",
                             ("W10", "weight"): "1.4", ("W11", "weight"): "1.4"})
    w10 = verdicts["W10"]
    assert w10.mistake is Mistake.SIGN_FLIPPED and w10.params["slip"] == "δ_D0"
    assert sentence(w10).startswith("Your update is right: with your ∂L/∂W10 = −4")
    # after the learner's own ∂L/∂W11 = 0, right: that gradient keeps W11 (the sign of δ_D0 = −4
    # carried through, "your update subtracts correctly", affirmed a step their own 0 contradicts)
    assert "keeps its value (your own ∂L/∂W11 = 0 says so):" in sentence(verdicts["W11"])
    assert "subtracts correctly" not in sentence(verdicts["W11"])


def test_a_slip_after_the_board_showed_the_right_delta_is_placed_where_it_was_made():
    # δ_D0 = −4, then δ_Z1 = 4 as the board shows
    verdicts = walk_through({("δ_D0", "delta"): "-4", ("∂L/∂W10", "gradient"): "-4", ("W10", "weight"): "1.4"})
    assert sentence(verdicts["∂L/∂W10"]).endswith("Your δ_Z1 = 4 has the right sign: the slip is here.")
    assert verdicts["W10"].params["slip"] == "∂L/∂W10"


def test_an_answer_revealed_after_stepping_back_no_longer_explains_a_later_one():
    t = make_preset("article")
    sample, trace, batch, phases = step_phases(t, 4)
    walk = Walk(sample, trace, phases, Lesson(True), batch=batch)
    while walk.question() is None or walk.question().target != "δ_D0":
        while walk.question() is not None:
            walk.answer(repr(float(walk.question().value)), 4)
        walk.advance()
    walk.answer("-4", 4)
    walk.back()
    walk.advance()  # δ_D0 asked again: revealed this time
    walk.reveal(4)
    assert "δ_D0" not in walk.answers


def test_a_full_batch_update_with_a_flipped_sign_does_not_cite_the_article():
    # the article's network, one update per epoch of 4: the last sample's walk ends with it
    verdicts = walk_through({("V00", "weight"): "1.65"}, "seed", steps=3)  # 1 + 0.1·26/4
    assert sentence(verdicts["V00"]) == ("The update's sign is flipped: descent moves against the mean gradient, "
                                         "W := W − α·(Σ∂L/∂W)/4.")


# -- 2. rounding is named only where there is something to round -----------------------------------
def test_a_wrong_last_digit_of_an_exact_value_is_not_called_rounding(article):
    (text,) = said(article, "a_Z1 = 1.0001")
    assert text == ("Close, but 0.0001 off: 1 is exact, and so is every number of its working, so rounding "
                    "cannot explain it: check the last digit against the correct working.")


def test_no_near_miss_of_the_articles_exact_step_says_keep_decimals():
    """Every number of the article's step is exact: no near miss can be rounding of intermediates."""
    for q in step_quantities(make_preset("article").trace(0)):
        for off in (1e-4, -2e-4):
            v = check(q, repr(float(q.value) + off), 4)
            if v.mistake is Mistake.ROUNDING:
                assert "intermediate" not in describe(v.mistake, v.kind, v.params, 4), q.name


def test_rounding_is_named_where_the_working_rounds():
    sheet = Worksheet(mazur(), 0, 4)
    z, delta = said(sheet, "z_Z1 = 0.5935\nδ_D0 = 0.1388")
    # σ(0.3775): the input is exact, only the result is rounded
    assert z == ("Close, but 0.00023 off: the numbers of this working are exact, so only the result is rounded, "
                 "0.59327 to 0.5933 at 4 decimals.")
    # (ŷ − y)·ŷ·(1 − ŷ) from ŷ = 0.7514 (shown rounded): ŷ rounded to 0.75 gives 0.1388
    assert delta == "Close, but 0.000301 off: keep at least 4 decimals in the intermediate results."


def test_a_sum_of_exact_products_is_exact_despite_float_error():
    # 0.15·0.05 is 0.0074999… in floats: still the 0.0075 the learner writes, nothing to round
    sheet = Worksheet(mazur(), 0, 4)
    (text,) = said(sheet, "a_Z1 = 0.3777")
    assert text.startswith("Close, but 0.0002 off: 0.3775 is exact, and so is every number of its working")


def test_a_near_miss_further_than_rounding_reaches_is_not_called_rounding():
    sheet = Worksheet(mazur(), 0, 4)  # ŷ_D0 = σ(1.1059…) = 0.75137
    (text,) = said(sheet, "ŷ_D0 = 0.7510")
    assert text == "Close, but 0.000365 off, more than rounding the numbers shown explains: check the arithmetic."


def test_rounding_intermediates_two_decimals_coarser_is_still_rounding():
    # δ_D0 = (ŷ − y)·ŷ·(1 − ŷ) = 0.13822 with ŷ = 0.7514 shown; read as 0.75 (two decimals fewer) it is
    # (0.75 − 0.01)·0.75·0.25 = 0.13875: 0.1388 is that working
    sheet = Worksheet(mazur(), 0, 4)
    (delta,) = said(sheet, "δ_D0 = 0.1388")
    assert delta == "Close, but 0.000301 off: keep at least 4 decimals in the intermediate results."


def test_a_miss_no_coarser_working_gives_is_not_put_down_to_rounding():
    # ŷ_D0 = σ(a_D0) with a_D0 = 1.1059 shown: kept to 3 decimals it is σ(1.106) = 0.75138 (the right
    # 0.7514), to 2 σ(1.11) = 0.75213. 0.7512, 0.7516 and 0.7511 are none of these: an interval of every
    # a_D0 that rounds to 1.11 had called the first two rounding
    sheet = Worksheet(mazur(), 0, 4)
    assert said(sheet, "ŷ_D0 = 0.7512\nŷ_D0 = 0.7516\nŷ_D0 = 0.7511") == [
        "Close, but 0.000165 off, more than rounding the numbers shown explains: check the arithmetic.",
        "Close, but 0.000235 off, more than rounding the numbers shown explains: check the arithmetic.",
        "Close, but 0.000265 off, more than rounding the numbers shown explains: check the arithmetic."]


def test_a_last_digit_slip_with_nothing_to_round_in_between_is_not_put_down_to_intermediates():
    # W11 := −0.5264 − 0.5·0 (tanh example, a learner's audit): no intermediate result to round, and
    # −0.526 or −0.53 is what fewer decimals give, never −0.5261
    from xorgui.core.onscreen import Exact, Shown
    from xorgui.core.practice import Quantity, check
    from xorgui.core.quantities import Kind

    q = Quantity(Kind.WEIGHT, "W11", -0.52642, 0, 0, 1, (Shown(-0.52642) - Exact(0.5) * Exact(0.0),), (), op=":=")
    verdict = check(q, "-0.5261", 4)
    assert verdict.params["cause"] == "near"


# -- 3. the article's "." products ---------------------------------------------------------------
@pytest.mark.parametrize("text, example", [
    ("1 . 1", "1 × 1"), ("1 . 1 + 1 . 0", "1 × 1 + 1 × 0"), ("1 − 0.1 . 1 . (−4)", "1 − 0.1 × 1 × (−4)"),
    ("0.1.4", "1 × 1 + 1 × 0"),
])
def test_a_dot_used_as_a_product_sign_is_explained(text, example):
    with pytest.raises(ValueError) as exc:
        evaluate(text)
    assert str(exc.value) == (f"“{text}” is not a number: “.” is a decimal point, written without spaces "
                              f"(0.5); for a product write * or ×, as in {example}")
    assert evaluate(example) is not None


def test_other_unreadable_text_keeps_its_message():
    with pytest.raises(ValueError, match="is not a number or a sum of products"):
        evaluate("1 +")


def test_kinds_of_weight_sentences_need_no_earlier_answers():
    assert describe(Mistake.SIGN_FLIPPED, Kind.WEIGHT, {}, 4) == (
        "The sign is flipped: descent moves against the gradient, W := W − α·∂L/∂W.")


def test_an_exact_result_with_float_error_is_exact_in_the_cli(tmp_path, capsys, monkeypatch):
    # W10 = 1 − 0.1·6 is 0.3999999999999999 in floats: still the 0.4 the learner writes, as
    # onscreen counts it when it bounds the working (one rule: onscreen.shown_exactly)
    assert main(["new", "--out", str(tmp_path / "art.xorgui")]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("W10 := 0.4001\n"))
    assert main(["practice", str(tmp_path / "art.xorgui"), "--sample", "1"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-4:-1] == ["✗  W10 := 0.4001", "   correct: W10 := W10 − α·∂L/∂W10 = 1 − 0.1·6 = 0.4",
                          "   Close, but 0.0001 off: 0.4 is exact, and so is every number of its working, so "
                          "rounding cannot explain it: check the last digit against the correct working."]

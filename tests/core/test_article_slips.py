"""Practice answers that copy the seed article's slips are recognised and explained in the errata's words.

The article's step on (0, 0) (every weight 1, α = 0.1): δ_D0 = y − ŷ = −4 instead of 4, every
weight to 1.4 (W11 and W12 from the zero inputs X1, X2 included), a delta for the bias unit Z0,
and the error y − ŷ = −4 reported as the cost.
"""

import io

import pytest

from xorgui.cli import main
from xorgui.core import sessionfile
from xorgui.core.errata import errata
from xorgui.core.mistakes import Mistake, describe
from xorgui.core.presets import make_preset
from xorgui.core.walkthrough import build_phases
from xorgui.core.worksheet import Worksheet

CLAIM = {e.key: e.claim for e in errata()}  # what the errata table says the article does


@pytest.fixture(scope="module")
def sheet():
    return Worksheet(make_preset("article"), 0)


def explained(sheet, line: str):
    (entry,) = sheet.check_text(line)
    assert entry.verdict is not None and not entry.verdict.correct, line
    v = entry.verdict
    return v.mistake, describe(v.mistake, v.kind, v.params, sheet.precision) if v.mistake else ""


@pytest.mark.parametrize("line, mistake, key, says", [
    ("W11 := 1.4", Mistake.ZERO_SOURCE_IGNORED, "zero_inputs",
     ["That moves W11 as if its input were 1", "z_X1 = 0", "∂L/∂W11 = z_X1·δ_Z1 = 0", "W11 keeps its value",
      "The step's sign is flipped too: the update's (descent moves against the gradient, W := W − α·∂L/∂W) "
      "or, if your δ_D0 was y − ŷ, that sign carried through."]),
    ("W32 := 1.4", Mistake.ZERO_SOURCE_IGNORED, "zero_inputs", ["z_X2 = 0", "W32 keeps its value"]),
    ("W12 := 0.6", Mistake.ZERO_SOURCE_IGNORED, "zero_inputs", ["W12 keeps its value"]),
    ("∂L/∂W11 = 4", Mistake.ZERO_SOURCE_IGNORED, "zero_inputs", ["∂L/∂W11 = z_X1·δ_Z1 = 0"]),
    ("∂L/∂W21 = -4", Mistake.ZERO_SOURCE_IGNORED, "zero_inputs", ["z_X1 = 0"]),
    ("W10 := 1.4", Mistake.SIGN_FLIPPED, "sign", ["W := W − α·∂L/∂W"]),
    ("V00 := 1.4", Mistake.SIGN_FLIPPED, "sign", ["W := W − α·∂L/∂W"]),
    ("δ_D0 = -4", Mistake.SIGN_FLIPPED, "sign", ["(ŷ − y)·f'(a)"]),
    ("L = -4", Mistake.ERROR_AS_LOSS, "negative_cost", ["error y − ŷ", "never negative", "½·(ŷ − y)²"]),
])
def test_the_articles_slips_are_named_with_the_errata_claim(sheet, line, mistake, key, says):
    found, text = explained(sheet, line)
    assert found is mistake
    for part in says:
        assert part in text
    assert f"“{CLAIM[key]}”" in text  # the errata's own words, one place for them


def test_a_weight_from_the_bias_is_not_called_a_zero_input(sheet):
    found, text = explained(sheet, "W10 := 1")  # the gradient forgotten: z_X0 = 1, not 0
    assert found is not Mistake.ZERO_SOURCE_IGNORED and "z_X0 = 0" not in text


def test_slips_the_article_does_not_make_are_not_pinned_on_it(sheet):
    for line in ("a_Z1 = 0", "L = 16"):  # the bias forgotten; the ½ forgotten
        found, text = explained(sheet, line)
        assert found is not None and "article" not in text


def test_why_z0_has_no_delta_is_said_in_the_same_words_by_the_walkthrough_errata_and_practice(sheet):
    reason = "The bias unit has no weighted sum: it is the constant 1 and nothing feeds it"
    phases = build_phases(make_preset("article").trace(0))
    (note,) = [p.note for p in phases if p.title == "Deltas: hidden layer"]
    assert f"{reason}, so Z0 has no δ." in note
    (row,) = [e for e in errata() if e.key == "bias_delta"]
    assert reason in row.why
    (entry,) = sheet.check_text("δ_Z0 = -4")
    assert reason in entry.problem


def test_a_delta_for_a_bias_unit_is_explained_not_unknown(sheet):
    for name in ("δ_Z0", "delta_Z0", "d_Z0"):
        (entry,) = sheet.check_text(f"{name} = -4")
        assert entry.verdict is None
        assert entry.problem.startswith("there is no δ_Z0.")
        assert "The bias unit has no weighted sum" in entry.problem
        assert f"“{CLAIM['bias_delta']}”" in entry.problem
    (entry,) = sheet.check_text("δ_X0 = 1")  # an input bias: no delta either, not the article's slip
    assert entry.problem.startswith("there is no δ_X0.") and "article" not in entry.problem
    (entry,) = sheet.check_text("δ_Z9 = 1")
    assert entry.problem == "this step has no quantity named “δ_Z9”"


def test_the_cli_explains_the_articles_slips(tmp_path, capsys, monkeypatch):
    path = tmp_path / "seed.json"
    sessionfile.save(make_preset("article"), path)
    monkeypatch.setattr("sys.stdin", io.StringIO("W11 := 1.4\nδ_Z0 = 4\n"))
    assert main(["practice", str(path), "--sample", "0"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✗  W11 := 1.4"
    assert out[1] == "   correct: W11 := W11 − α·∂L/∂W11 = 1 − 0.1·0 = 1"
    assert out[2].startswith("   That moves W11 as if its input were 1, but z_X1 = 0 in this sample, "
                             "so ∂L/∂W11 = z_X1·δ_Z1 = 0 and W11 keeps its value")
    assert CLAIM["zero_inputs"] in out[2]
    assert out[3].startswith("?  line 2: there is no δ_Z0. A delta is ∂L/∂a for a unit's weighted sum a.")
    assert CLAIM["bias_delta"] in out[3]


def test_under_a_penalty_a_weight_from_a_zero_input_is_said_to_move_by_the_penalty_alone():
    # with L2 (λ = 0.1) W11 goes to 1 − 0.1·(0 + 0.1·1) = 0.99: it said "W11 keeps its value"
    # under the correct line, which shows it moving
    from dataclasses import replace
    t = make_preset("article")
    t.set_config(replace(t.config, regularization="l2", regularization_rate=0.1))
    penalized = Worksheet(t, 0)
    found, text = explained(penalized, "W11 := 0.59")  # 1 − 0.1·(δ_Z1 + R'), as if z_X1 were 1
    assert found is Mistake.ZERO_SOURCE_IGNORED
    assert text == ("That moves W11 as if its input were 1, but z_X1 = 0 in this sample, so ∂L/∂W11 = "
                    "z_X1·δ_Z1 = 0: a weight's gradient is its source's value times its target's delta. Only the "
                    "penalty moves W11: W11 := W11 − α·R'(W11), with R'(W11) = 0.1. The article makes the same "
                    f"slip (errata: “{CLAIM['zero_inputs']}”).")
    (entry,) = penalized.check_text("W11 := 0.99")
    assert entry.verdict.correct


def test_a_weight_from_a_silent_hidden_unit_is_said_to_move_as_if_that_unit_were_1_not_its_input():
    # sample (1, 1): Z1 (ReLU, a = −5 + 1 + 1) outputs 0, so V01 gets no gradient; "as if its input
    # were 1" named an input the weight does not have
    import numpy as np
    from xorgui.core import Network, Trainer, TrainingConfig
    net = Network([2, 2, 1], ["relu", "identity"],
                  [np.array([[-5.0, 1.0, 1.0], [0.5, 1.0, -1.0]]), np.array([[0.1, 0.7, 0.3]])])
    sheet = Worksheet(Trainer(net, make_preset("article").data, TrainingConfig(learning_rate=0.1, batch_size=1)), 3)
    found, text = explained(sheet, "V01 := 0.675")  # 0.7 − 0.1·δ_D0, δ_D0 = 0.25
    assert found is Mistake.ZERO_SOURCE_IGNORED
    assert text.startswith("That moves V01 as if z_Z1 were 1, but z_Z1 = 0 in this sample, so ∂L/∂V01 = "
                           "z_Z1·δ_D0 = 0 and V01 keeps its value")


def test_activations_are_named_as_the_app_writes_them():
    # "That is the slope of relu (…): this unit is leaky_relu"
    assert describe(Mistake.WRONG_DERIVATIVE, None, {"unit": "leaky_relu", "used": "relu"}, 4) == (
        "That is the slope of ReLU (f'(a) = 1 if a > 0 else 0): this unit is leaky ReLU, "
        "f'(a) = 1 if a > 0 else 0.01.")
    assert describe(Mistake.WRONG_FUNCTION, None, {"unit": "leaky_relu", "used": "relu"}, 4) == (
        "That is the ReLU of a: this unit is leaky ReLU, f(a) = a if a > 0 else 0.01·a.")


def _last_said(sheet, text: str) -> str:
    """What the last line of ``text`` (a learner's working, line by line) is told."""
    *_, entry = sheet.check_text(text)
    v = entry.verdict
    return describe(v.mistake, v.kind, v.params, 4)


def _penalized_sheet():
    from dataclasses import replace
    t = make_preset("article")  # L2, λ = 0.1: V01 := 1 − 0.1·(4 + 0.1·1) = 0.59 on (0, 0)
    t.set_config(replace(t.config, regularization="l2", regularization_rate=0.1))
    return Worksheet(t, 0)


def test_under_a_penalty_a_flipped_delta_carried_through_is_credited_and_a_reversed_penalty_is_not():
    sheet = _penalized_sheet()
    # δ_D0 = −4 carried on: ∂L/∂V01 = −4, V01 := 1 − 0.1·(−4 + 0.1) = 1.39 (it was left unexplained)
    assert _last_said(sheet, "δ_D0 = -4\n∂L/∂V01 = -4\nV01 := 1.39").startswith(
        "Your update is right: with your ∂L/∂V01 = −4, V01 − α·(∂L/∂V01 + R'(V01)) gives this. The sign slipped "
        "before the update, in your δ_D0 = −4, and was carried through correctly.")
    # 1 + 0.1·(4 + 0.1) = 1.41 reverses the penalty's pull too: it was called "your update is right"
    assert _last_said(sheet, "δ_D0 = -4\n∂L/∂V01 = -4\nV01 := 1.41") == (
        "That adds α·(∂L/∂V01 + R'(V01)) instead of subtracting it: descent moves against the gradient and the "
        "penalty pulls towards 0, V01 := V01 − α·(∂L/∂V01 + R'(V01)).")
    (entry,) = sheet.check_text("V01 := 0.59")
    assert entry.verdict.correct


def test_under_a_penalty_the_flipped_update_says_the_rule_with_its_penalty():
    sheet = _penalized_sheet()
    assert _last_said(sheet, "V01 := 1.39").startswith(  # no earlier answer tells where the sign slipped
        "The sign is flipped: descent moves against the gradient, V01 := V01 − α·(∂L/∂V01 + R'(V01)). If your δ_D0 "
        "was y − ŷ, your update is right and this is that sign carried through: the slip is in δ_D0.")
    assert _last_said(sheet, "δ_D0 = 4\n∂L/∂V01 = 4\nV01 := 1.39") == (  # its gradient right: the slip is here
        "The update's sign is flipped: descent moves against the gradient, V01 := V01 − α·(∂L/∂V01 + R'(V01)). "
        "Your ∂L/∂V01 = 4 has the right sign.")


def test_a_weight_given_as_it_was_before_the_update_is_named():
    # Check My Worksheet marked "V01 := 1" (its value before the step) ✗ without a word; a weight from a
    # zero input keeps 1 and is right, and a bias weight's forgotten input says more
    sheet = Worksheet(make_preset("article"), 0)
    assert explained(sheet, "V01 := 1") == (
        Mistake.NOT_UPDATED, "That is V01 before the update, which moves it here: W := W − α·∂L/∂W.")
    (entry,) = sheet.check_text("W11 := 1")
    assert entry.verdict.correct
    assert explained(sheet, "W10 := 1")[0] is Mistake.BIAS_FORGOTTEN
    # under a penalty: V01 before its step, and W11 (from a zero input), which only the penalty moves
    assert explained(_penalized_sheet(), "V01 := 1") == (
        Mistake.NOT_UPDATED, "That is V01 before the update, which moves it here: W := W − α·(∂L/∂W + R'(W)).")
    assert explained(_penalized_sheet(), "W11 := 1")[0] is Mistake.REGULARIZATION_FORGOTTEN

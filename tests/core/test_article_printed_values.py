"""Practice recognises the article's printed ŷ = 1 and its δ_Z1 = −4, ∂L/∂W10 = −4 on (0, 0), and
says so in the errata's words; for a hidden delta or a gradient the sign flip is traced to the
output delta the learner may have carried through."""

import pytest

from xorgui.core.errata import errata
from xorgui.core.mistakes import describe
from xorgui.core.presets import make_preset
from xorgui.core.worksheet import Worksheet

CLAIM = {e.key: e.claim for e in errata()}


@pytest.fixture(scope="module")
def sheet():
    return Worksheet(make_preset("article"), 0)


def said(sheet, line):
    (entry,) = sheet.check_text(line)
    v = entry.verdict
    assert v is not None and not v.correct and v.mistake is not None, line
    return describe(v.mistake, v.kind, v.params, sheet.precision)


def test_the_articles_prediction_of_1_is_named_in_the_errata_words(sheet):
    text = said(sheet, "ŷ = 1")
    assert "the prediction the article states" in text and "ŷ = z_D0 = f(4) = 4" in text
    assert f"The article makes the same slip (errata: “{CLAIM['prediction']}”)." in text


@pytest.mark.parametrize("line", ["δ_Z1 = −4", "δ_Z3 = -4", "∂L/∂W10 = −4", "∂L/∂W20 = -4"])
def test_a_flipped_sign_carried_from_the_output_delta_is_traced_to_it(sheet, line):
    text = said(sheet, line)
    assert "If your δ_D0 was y − ŷ, this is that sign carried through correctly" in text
    assert f"The article makes the same slip (errata: “{CLAIM['sign']}”)." in text


def test_another_session_has_no_article_prediction(sheet):
    other = Worksheet(make_preset("sigmoid"), 0)
    (entry,) = other.check_text("ŷ = 1")
    assert entry.verdict.mistake is None or "article states" not in describe(
        entry.verdict.mistake, entry.verdict.kind, entry.verdict.params, other.precision)

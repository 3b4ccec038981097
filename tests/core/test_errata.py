"""The article's worked example and its errata: printed numbers, the article's rule, the engine."""

from dataclasses import replace

import numpy as np
import pytest

from xorgui.core.numbers import fmt

from xorgui.core import Trainer, TrainingConfig
from xorgui.core.accuracy import right_samples
from xorgui.core.errata import (
    LINEAR_EPOCHS, PRINTED_BIAS_DELTA, PRINTED_LOSS, PRINTED_WEIGHT, SYMMETRY_EPOCHS, Erratum, Source,
    Value, article_trainer, errata,
)
from xorgui.core.presets import make_preset

KEYS = ["sign", "zero_inputs", "bias_delta", "prediction", "negative_cost", "logistic_cost", "batch", "linear",
        "symmetry", "blame"]


@pytest.fixture(scope="module")
def rows():
    return {e.key: e for e in errata()}


def values(values_, label):
    """The value labelled ``label`` in a row's article or xorgui values."""
    found = [v for v in values_ if v.label == label]
    assert len(found) == 1, [v.label for v in values_]
    return found[0]


def test_rows_are_structured(rows):
    assert list(rows) == KEYS
    for e in rows.values():
        assert isinstance(e, Erratum) and e.claim and e.why
        assert e.article and e.xorgui
        assert all(isinstance(v, Value) for v in e.article + e.xorgui)
        assert {v.source for v in e.article} <= {Source.PRINTED, Source.ARTICLE_RULE}
        assert {v.source for v in e.xorgui} == {Source.ENGINE}
        assert all(v.value is not None or v.remark for v in e.article + e.xorgui)
        assert not any("; " in v.label for v in e.article + e.xorgui)
    assert {e.demo for e in rows.values()} - {None} == {"sign", "zero_inputs", "bias_delta", "prediction",
                                                         "negative_cost", "linear", "symmetry"}


def test_printed_numbers_are_what_the_articles_rule_gives_where_it_was_consistent():
    # the article: loss = actual − predicted = 0 − 4, used as every delta; W := W − α·Z·δ
    t = article_trainer()
    tr = t.trace(0)
    assert float(tr.error[0]) == PRINTED_LOSS == PRINTED_BIAS_DELTA
    w, lr, (x1, _) = t.network.weights[0][0], t.config.learning_rate, t.data.inputs[0]  # W10..W12, α, sample
    assert w[0] - lr * 1.0 * PRINTED_LOSS == pytest.approx(PRINTED_WEIGHT)  # W10 = 1.4 follows (X0 = 1)
    assert w[1] - lr * x1 * PRINTED_LOSS == 1.0 != PRINTED_WEIGHT  # W11 = 1.4 does not: its source X1 is 0


def test_sign_row(rows):
    sign = rows["sign"]
    # hand derivation: all weights w, input (0, 0): each hidden unit is w, ŷ = w + 3·w·w
    assert values(sign.article, "δ_D0") == Value("δ_D0", -4.0, Source.PRINTED)
    assert values(sign.article, "W10").value == 1.4 and values(sign.article, "W10").source == Source.PRINTED
    pred = values(sign.article, "ŷ for (0, 0) with those weights")
    assert pred.source == Source.ARTICLE_RULE  # 7.28 is computed, the article never printed it
    assert pred.value == pytest.approx(1.4 + 3 * 1.4 * 1.4) == pytest.approx(7.28)
    assert values(sign.xorgui, "δ_D0").value == 4.0 and values(sign.xorgui, "δ_D0").working == "ŷ − y"
    assert values(sign.xorgui, "W10").value == pytest.approx(0.6)
    assert values(sign.xorgui, "V00").value == pytest.approx(0.6)
    assert values(sign.xorgui, "ŷ for (0, 0) after the step").value == pytest.approx(0.6 + 3 * 0.6 * 0.6)
    assert values(sign.xorgui, "L after the step").value == pytest.approx(0.5 * 1.68 ** 2) == pytest.approx(1.4112)
    assert "∂L/∂ŷ = ŷ − y = 4" in sign.why and "too high" in sign.why
    assert "from 4 to 1.68" in sign.why and "7.28" in sign.why


def test_sign_row_numbers_come_from_the_engine():
    t = article_trainer()
    assert t.config.batch_size == 1 and t.config.learning_rate == 0.1
    t.step_sample()
    assert t.network.weights[0][:, 0] == pytest.approx([0.6] * 3)
    assert t.network.weights[0][:, 1:] == pytest.approx(np.ones((3, 2)))  # zero inputs: no change
    assert t.network.weights[1] == pytest.approx(np.full((1, 4), 0.6))
    assert float(t.network.forward(t.data.inputs[:1]).output[0, 0]) == pytest.approx(1.68)


def test_w11_does_not_follow_even_from_the_articles_rule(rows):
    z = rows["zero_inputs"]
    assert values(z.article, "W11") == Value("W11", 1.4, Source.PRINTED)
    own = values(z.article, "W11 by its own rule")
    assert own.source == Source.ARTICLE_RULE and own.value == 1.0
    assert own.working == "1 − 0.1·0·(−4)"
    assert values(z.xorgui, "W11").value == 1.0
    assert "Even the article's own rule gives 1 here, not 1.4" in z.why
    assert "only W10, W20 and W30, from the bias X0, change" in z.why
    after = article_trainer().trace(0).weights_after[0]
    assert np.all(after[:, 0] != 1.0) and np.all(after[:, 1:] == 1.0)  # and that is what the engine does


def test_bias_delta_is_a_conceptual_error_the_article_never_uses(rows):
    b = rows["bias_delta"]
    assert values(b.article, "δ_Z0") == Value("δ_Z0", -4.0, Source.PRINTED)
    assert values(b.xorgui, "δ_Z0").value is None
    assert "conceptual error" in b.why and "never uses" in b.why
    # true: the engine has no delta for a bias unit (one delta per unit with a weighted sum)
    tr = article_trainer().trace(0)
    assert [d.shape for d in tr.deltas] == [(3,), (1,)]


def test_prediction_row_the_model_predicts_4_and_the_target_is_0(rows):
    # the article's forward pass: every Z = 1·1 + 1·0 + 1·0 = 1, D0 = 1 + 1 + 1 + 1 = 4; 0 XOR 0 = 0
    p = rows["prediction"]
    assert values(p.article, "ŷ for (0, 0)") == Value("ŷ for (0, 0)", 1.0, Source.PRINTED)
    assert values(p.article, "what it should have given") == Value("what it should have given", 1.0, Source.PRINTED)
    assert values(p.xorgui, "ŷ for (0, 0)").value == 4.0 == float(article_trainer().forward().output[0, 0])
    assert values(p.xorgui, "y for (0, 0)").value == 0.0 == float(article_trainer().data.targets[0, 0])
    assert "predicts 4 for (0, 0), not 1" in p.why and "0 XOR 0 = 0, not 1" in p.why
    assert p.demo == "prediction"


def test_negative_cost_and_the_loss_xorgui_uses(rows):
    neg = rows["negative_cost"]
    assert values(neg.article, "cost").value == -4.0 and values(neg.article, "cost").source == Source.PRINTED
    assert values(neg.xorgui, "L").value == 8.0 == article_trainer().trace(0).loss  # ½·4²
    assert values(neg.xorgui, "error y − ŷ").value == -4.0


def test_logistic_cost_is_undefined_at_4(rows):
    log = rows["logistic_cost"]
    (article,) = log.article
    assert article.value is None and article.source == Source.ARTICLE_RULE
    assert "ln(1 − 4) = ln(−3)" in article.remark
    assert values(log.xorgui, "L = ½(ŷ − y)²").value == 8.0
    assert "uses the squared loss ½(ŷ − y)²" in log.why and "says so" in log.why
    # and the engine refuses that cost for an identity output
    t = article_trainer()
    with pytest.raises(ValueError, match="sigmoid output"):
        Trainer(t.network, t.data, TrainingConfig(loss="cross_entropy"))


def test_batch_row_is_the_engines_full_batch_epoch(rows):
    batch = rows["batch"]
    t = article_trainer()
    t.set_config(replace(t.config, batch_size=None))
    t.run_epochs(1)
    w, v = t.network.weights
    assert values(batch.xorgui, "W10, batch of all 4").value == w[0, 0] == pytest.approx(0.35)
    assert values(batch.xorgui, "W11, batch of all 4").value == w[0, 1] == pytest.approx(0.6)
    assert values(batch.xorgui, "V00, batch of all 4").value == v[0, 0] == pytest.approx(0.35)
    assert values(batch.xorgui, "V01, batch of all 4").value == v[0, 1] == pytest.approx(-0.45)
    assert values(batch.xorgui, "W10, one sample (online)").value == pytest.approx(0.6)


def test_linear_row(rows):
    lin = rows["linear"]
    preds = values(lin.xorgui, f"predictions after {LINEAR_EPOCHS} full-batch epochs")
    assert preds.remark == "0.5, 0.5, 0.5, 0.5"
    assert values(lin.xorgui, "mean of ½(ŷ − y)²").value == pytest.approx(0.125)
    # the article's own online updates: near 0.5, never on the right side for every sample
    t = article_trainer()
    t.run_epochs(LINEAR_EPOCHS)
    online = values(lin.xorgui, f"predictions after {LINEAR_EPOCHS} online epochs")
    assert online.remark == ", ".join(fmt(v, 6) for v in t.forward().output[:, 0])
    assert all(abs(v - 0.5) < 0.02 for v in t.forward().output[:, 0])
    assert "full-batch training settles there" in lin.why and "as in the article" in lin.why


def test_symmetry_row_units_stay_identical_not_every_weight(rows):
    sym = rows["symmetry"]
    # one step on (0, 1) from all-1 weights: ŷ = 1 + 3·2 = 7, δ = 6, W12 = 1 − 0.1·1·6 = 0.4
    t = article_trainer()
    after = t.trace(1).weights_after
    assert values(sym.xorgui, "W11 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1)").value == after[0][0, 1] == 1.0
    w12 = values(sym.xorgui, "W12 after a correct step on (0, 1) (all-1 weights, identity, α = 0.1)").value
    assert w12 == after[0][0, 2] == pytest.approx(0.4)
    assert np.array_equal(after[0][0], after[0][1]) and np.array_equal(after[0][0], after[0][2])  # units equal
    assert values(sym.xorgui, f"units still identical after {SYMMETRY_EPOCHS} full-batch sigmoid epochs (all-1, α = 2)").remark == "Z1, Z2, Z3"
    s = make_preset("symmetric")
    s.run_epochs(SYMMETRY_EPOCHS)
    right = int(right_samples(s.forward().output, s.data.targets, 4).sum())
    assert values(sym.xorgui, "samples right").value == right <= 3  # one unit cannot separate XOR
    assert "act as one" in sym.why and "one hidden unit cannot separate XOR" in sym.why
    # the article never stepped on (0, 1); its own rule (δ = y − ŷ = −6, W := W − α·z·δ) would raise W12 to 1.6
    assert "one correct step on the sample (0, 1), from the article's all-1 weights" in sym.why
    assert "random" in sym.why and "Any weights that differ between the units" in sym.why


def test_blame_row_shows_a_step_that_raises_a_weight(rows):
    blame = rows["blame"]
    delta = next(v for v in blame.xorgui if v.label.startswith("δ_D0"))
    before = next(v for v in blame.xorgui if v.label.startswith("V00 before"))
    after = next(v for v in blame.xorgui if v.label.startswith("V00 after"))
    assert delta.value < 0 and after.value > before.value
    # replay: the article's first 8 online steps; the one shown has the largest error of those
    # that predict too low (a small one would agree with the claim's "vice versa"): step 6, on
    # (0, 1), δ_D0 = −1.4566, V00 0.1832 → 0.3289
    step = int(delta.label.split()[-1])
    t = article_trainer()
    traces = [t.step_sample().trace for _ in range(8)]
    deltas = [float(tr.deltas[-1][0]) for tr in traces]
    assert delta.value == min(deltas) and step == 6
    tr = traces[step - 1]
    assert float(tr.deltas[-1][0]) == delta.value and float(tr.weights_after[1][0, 0]) == after.value
    assert "step 6 (sample (0, 1)) predicts too low by more than any other of the first 8 steps" in blame.why


def test_claims_do_not_copy_the_articles_sentences(rows):
    article = ("the usual cost function of logistic regression", "is the loss of the unit",
               "giving the nodes with higher error rates lower weights", "all the weights have the same value")
    text = " ".join(e.claim + " " + e.why for e in rows.values())
    assert not any(phrase.lower() in text.lower() for phrase in article)


def test_the_linear_row_grants_what_the_article_gets_right(rows):
    # the article: more training gets "closer to the minimum loss/cost"; true of the loss, which
    # falls from the all-1 weights' 23.5 (½·(4² + 7² + 7² + 10²) / 4, by hand) to the best line's 0.125
    assert "More training does lower the loss, as the article says: the mean of ½(ŷ − y)² falls from 23.5 to 0.125." \
        in rows["linear"].why

"""The learning content: every number a section quotes is recomputed here, by hand or by an
independent route through the engine, and the text shows exactly those numbers."""

import math
from dataclasses import replace

import numpy as np
import pytest

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig, naming
from xorgui.core.activations import get_activation
from xorgui.core.learning import GLOSSARY, Section, batch, chain_rule, glossary, matrix_form, second_step, sections
from xorgui.core.numbers import fmt
from xorgui.core.presets import PRESETS, make_preset
from xorgui.core.walkthrough import build_phases
from xorgui.core.walkthrough_render import step_phases


def full_text(section: Section, p: int = 4) -> str:
    parts = []
    for b in section.blocks:
        parts.append(b.text)
        parts += [eq.text(p) for eq in b.equations]
        parts += [" | ".join(row) for row in b.table]
        parts += [fmt(v, p) for m in b.matrices for v in m.values.ravel()]
    return "\n".join(parts)


def equations(section: Section):
    return [eq for b in section.blocks for eq in b.equations]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_section_builds_for_every_preset_and_quotes_its_values(preset):
    t = make_preset(preset)
    before = [w.copy() for w in t.network.weights]
    secs = sections(t)
    assert [s.key for s in secs] == ["chain-rule", "batch", "second-step", "matrix", "glossary"]
    assert all(np.array_equal(a, b) for a, b in zip(before, t.network.weights))  # the session is not changed
    for s in secs:
        text = full_text(s)
        for name, value in s.values.items():
            if name not in ("sample", "n", "a"):
                assert fmt(value) in text, (s.key, name, fmt(value))


def test_a_network_without_hidden_layer_still_gets_the_chain_rule():
    from xorgui.core import Dataset, Network, Trainer
    t = Trainer(Network([2, 1], ["sigmoid"], [np.array([[0.1, 0.2, -0.3]])]), Dataset.xor(), TrainingConfig())
    s = chain_rule(t)
    assert "At a hidden unit" not in full_text(s)
    assert s.values["grad_bias"] == s.values["delta_out"]


# -- the chain rule ---------------------------------------------------------------------------------------
def test_chain_rule_on_the_articles_step_by_hand():
    s = chain_rule(make_preset("article"))
    # ŷ = 4, y = 0, f' = 1: δ_D0 = (4 − 0)·1; δ_Z1 = V01·δ_D0·1; ∂L/∂W11 = z_X1·δ_Z1 = 0; ∂L/∂W10 = 1·δ_Z1
    assert s.values == {"sample": 0, "delta_out": 4.0, "delta_hidden": 4.0, "grad_in": 0.0, "grad_bias": 4.0}
    assert [eq.text() for eq in equations(s)] == [
        "δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4", "δ_Z1 = V01·δ_D0·f'(a_Z1) = 1·4·1 = 4",
        "∂L/∂W11 = z_X1·δ_Z1 = 0·4 = 0", "∂L/∂W10 = z_X0·δ_Z1 = 1·4 = 4"]
    text = full_text(s)
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2" in text and "∂L/∂W10 = δ_Z1·1 = δ_Z1" in text


def test_chain_rule_follows_the_session_and_its_next_sample():
    t = make_preset("sigmoid")
    t.step_sample()
    t.step_sample()
    s = chain_rule(t)
    tr = t.trace(2)
    yhat, y = tr.output[0], tr.target[0]
    assert s.values["sample"] == 2
    assert s.values["delta_out"] == pytest.approx((yhat - y) * yhat * (1 - yhat), rel=1e-12)
    z1 = tr.z[0][0]
    assert s.values["delta_hidden"] == pytest.approx(tr.weights_before[1][0, 1] * s.values["delta_out"]
                                                     * z1 * (1 - z1), rel=1e-12)
    assert s.values["grad_in"] == pytest.approx(tr.inputs[0] * s.values["delta_hidden"])
    # the walkthrough's own lines, not a second rendering
    phases = build_phases(tr)
    assert {eq.text() for eq in equations(s)} <= {eq.text() for p in phases for eq in p.equations}


def test_chain_rule_with_cross_entropy_explains_the_cancellation():
    text = full_text(chain_rule(make_preset("tanh")))
    assert "the product is ŷ − y" in text and "cross-entropy loss" in text


# -- from one sample to the batch ---------------------------------------------------------------------------
def test_batch_section_puts_the_seed_epoch_beside_the_online_step():
    s = batch(make_preset("article"))
    v = s.values
    # online step on (0, 0): 1 − 0.1·4 on bias and hidden-source weights, inputs 0 leave W11 at 1
    assert (v["online_W10"], v["online_W11"], v["online_V00"], v["online_V01"]) == (0.6, 1.0, 0.6, 0.6)
    # full batch, mean gradients 6.5 (bias), 4 (inputs), 14.5 (hidden sources)
    assert v["batch_W10"] == pytest.approx(1 - 0.1 * 6.5) == pytest.approx(0.35)
    assert v["batch_W11"] == pytest.approx(1 - 0.1 * 4) == pytest.approx(0.6)
    assert v["batch_V00"] == pytest.approx(0.35)
    assert v["batch_V01"] == pytest.approx(1 - 0.1 * 14.5) == pytest.approx(-0.45)
    # ŷ = 1 + 3·(1 + x1 + x2): 4, 7, 7, 10 against 0, 1, 1, 0
    assert [v[f"L{i}"] for i in range(4)] == [0.5 * 16, 0.5 * 36, 0.5 * 36, 0.5 * 100]
    assert v["J"] == 23.5 and v["n"] == 4
    (table,) = [b.table for b in s.blocks if b.kind == "table"]
    assert table[1:] == (("W10", "bias weight into a hidden unit", "0.6", "0.35"), ("W11", "from an input", "1", "0.6"),
                         ("V00", "bias weight into the output", "0.6", "0.35"), ("V01", "from a hidden unit", "0.6", "−0.45"))
    text = full_text(s)
    assert "One sample's loss is L = ½·(ŷ − y)², the squared error" in text
    assert "what gradient descent lowers is the mean of their losses, J = (1/n)·Σ L, Σ over the n samples" in text
    assert "J = (8 + 18 + 18 + 50) / 4 = 23.5" in text
    # the squared error is xorgui's choice, not the article's (it names the logistic-regression cost,
    # undefined at ŷ = 4, and never printed these losses)
    assert "the squared error, which xorgui uses for the article's example" in text
    assert "the article's)" not in text and "The article's data" not in text
    assert "The article's network and data at the start (all weights 1), with the squared error: L = 8, 18" in text


def test_batch_section_quotes_the_current_sessions_J():
    t = make_preset("sigmoid")
    t.run_epochs(3)
    s = batch(t)
    assert s.values["current_J"] == t.current_loss()
    assert f"In this session (its squared error loss) J is {fmt(t.current_loss())} now." in full_text(s)


def test_under_cross_entropy_the_help_names_that_loss_and_the_chain_rule_keeps_its_factors():
    # cross-entropy: δ = ∂L/∂ŷ·f'(a) = ŷ − y, not (ŷ − y)·f'(a), the squared error's (tanh preset:
    # sample 0's ŷ = 0.338034, (ŷ − y)·f'(a) = 0.0756, the δ shown is 0.3380); J is its mean cross-entropy
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, loss="cross_entropy", regularization="l2", regularization_rate=0.1))
    text = full_text(batch(t))
    assert f"In this session (its cross-entropy loss, without the L2 penalty) J is {fmt(t.current_loss())} now." in text
    # its L is the cross-entropy, not the squared error the section once gave as every session's J
    assert text.startswith("In this session one sample's loss is the cross-entropy, L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]: "
                           "the logistic-regression cost the article names, defined here because the sigmoid output")
    assert "½(ŷ − y)², Σ" not in text and "J = (1/n)·Σ L" in text
    assert "For the article's example xorgui uses the squared error, L = ½·(ŷ − y)²" in text
    rule = full_text(chain_rule(t))
    assert "δ_D0 = ∂L/∂ŷ · ∂ŷ/∂a_D0 = ∂L/∂ŷ·f'(a_D0). For cross-entropy" in rule
    assert "(ŷ − y)·f'(a). For cross-entropy" not in rule


# -- a second step --------------------------------------------------------------------------------------------
def test_with_several_outputs_the_loss_is_summed_over_them():
    x = Dataset.xor()
    init = Initialization("xavier", seed=1)
    t = Trainer(Network([2, 3, 2], ["sigmoid", "sigmoid"], init.make([2, 3, 2])),
                Dataset(x.inputs, np.column_stack([x.targets, 1 - x.targets])), TrainingConfig(), init)
    assert "One sample's loss is L = ½·Σ(ŷ − y)², summed over the output units, the squared error" in full_text(batch(t))
    t.set_config(replace(t.config, loss="cross_entropy"))
    assert "the cross-entropy, L = −Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)], summed over the output units: the" in \
        full_text(batch(t))


def test_second_step_by_hand():
    s = second_step()
    v = s.values
    # after step 1: W_j0 = V0k = 0.6, input weights 1; sample 1 = (0, 1), y = 1
    a = 0.6 * 1 + 1 * 0 + 1 * 1
    yhat = 0.6 + 3 * 0.6 * a
    d_out = yhat - 1
    d_z = 0.6 * d_out
    assert v["sample"] == 1 and v["a_Z1"] == pytest.approx(a) == pytest.approx(1.6)
    assert v["y_hat"] == pytest.approx(yhat) == pytest.approx(3.48)
    assert v["delta_out"] == pytest.approx(2.48) and v["delta_Z1"] == pytest.approx(1.488)
    assert v["W10"] == pytest.approx(0.6 - 0.1 * d_z) == pytest.approx(0.4512)
    assert v["W11"] == 1.0  # z_X1 = 0 again
    assert v["W12"] == pytest.approx(1 - 0.1 * d_z) == pytest.approx(0.8512)
    assert v["V00"] == pytest.approx(0.6 - 0.1 * d_out) == pytest.approx(0.352)
    assert v["V01"] == pytest.approx(0.6 - 0.1 * a * d_out) == pytest.approx(0.2032)
    t = make_preset("article")
    t.step_sample()
    assert [eq.text() for eq in equations(s)] == [eq.text() for p in step_phases(t)[3] for eq in p.equations]
    assert "ŷ_new = z_D0 through the new weights = 1.1459" in full_text(s)  # 0.352 + 3·0.2032·(0.4512 + 0.8512)


# -- the matrix form ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("preset", ["article", "sigmoid", "tanh", "deep"])
def test_matrix_form_is_the_walkthrough_in_matrices(preset):
    t = make_preset(preset)
    t.step_sample()
    s = matrix_form(t)
    tr = t.trace(t.next_sample)
    mats = {}
    for b in s.blocks:
        for m in b.matrices:
            mats.setdefault(m.name, []).append(m)
    L = len(tr.layers) - 1
    names = [naming.weight_prefix(tr.layers, l).rstrip("_") for l in range(L)]
    grads = {eq.target: eq.value for p in build_phases(tr) for eq in p.equations if eq.kind == "gradient"}
    wn = naming.weight_names(tr.layers)
    deltas = list(reversed(mats["δ"]))  # shown from the output backwards
    for l, W in enumerate(names):
        (w,), (g,) = mats[W], mats[f"∇{W}"]
        x1 = np.concatenate([[1.0], tr.inputs if l == 0 else tr.z[l - 1]])
        np.testing.assert_array_equal(w.values, tr.weights_before[l])
        np.testing.assert_allclose(mats["a"][l].values.ravel(), w.values @ x1, rtol=1e-12)  # a = W·[1; x]
        f = get_activation(tr.activations[l])
        a = mats["a"][l].values.ravel()
        np.testing.assert_allclose(mats["z"][l].values.ravel(), f.function(a), rtol=1e-12)
        d = deltas[l].values.ravel()
        if l < L - 1:  # δ_hidden = (Vᵀδ) ⊙ f'(a), V without its bias column
            nxt = tr.weights_before[l + 1][:, 1:]
            expected = (nxt.T @ deltas[l + 1].values.ravel()) * f.derivative(a, f.function(a))
            np.testing.assert_allclose(d, expected, rtol=1e-12)
        np.testing.assert_allclose(g.values, np.outer(d, x1), rtol=1e-12)  # ∇W = δ·[1; x]ᵀ
        assert g.values.ravel().tolist() == [grads[f"∂L/∂{n}"] for row in wn[l] for n in row]
        assert w.rows == tuple(naming.target_name(tr.layers, l + 1, j) for j in range(tr.layers[l + 1]))
        assert w.cols == tuple(naming.unit_names(tr.layers, l))


# -- the notation card ----------------------------------------------------------------------------------------
def test_glossary_covers_the_notation_and_its_weight_names_are_the_diagrams():
    terms = {term for term, _ in GLOSSARY}
    assert {"a_U", "z_U", "ŷ, y", "L", "J", "error", "δ_U", "∂L/∂W", "α", "W21", "epoch", "batch", "online",
            "full batch", "mini-batch"} <= terms
    meaning = dict(GLOSSARY)["W21"]
    layers = [2, 3, 1]
    assert naming.weight_name(layers, 0, 1, 1) == "W21"  # row Z2, column X1
    assert naming.target_name(layers, 1, 1) == "Z2" and naming.source_name(layers, 0, 1) == "X1"
    assert "W21 goes from X1 into Z2" in meaning
    assert naming.weight_name(layers, 1, 0, 3) == "V03" and "V03 from Z3 into D0" in meaning
    assert naming.weight_name(layers, 0, 0, 0) == "W10" and "W10 is Z1's bias weight" in meaning


def test_why_squared_loss_with_a_sigmoid_output_saturates():
    s = glossary(make_preset("article"))
    v = s.values
    yhat = 1 / (1 + math.exp(-4.6))
    assert v["y_hat"] == pytest.approx(yhat, rel=1e-12)
    assert v["slope"] == pytest.approx(yhat * (1 - yhat), rel=1e-12)
    assert v["delta_squared"] == pytest.approx((yhat - 0) * yhat * (1 - yhat), rel=1e-12)
    assert v["delta_cross_entropy"] == pytest.approx(yhat, rel=1e-12)
    assert v["delta_squared"] < v["delta_cross_entropy"] / 100  # a hundred times smaller
    assert "This session trains online." in full_text(s)


@pytest.mark.parametrize("batch_size, says", [(None, "in full batch"), (2, "in mini-batches of 2")])
def test_the_notation_card_says_how_the_session_trains_in_plain_words(batch_size, says):
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, batch_size=batch_size))
    assert f"This session trains {says}." in full_text(glossary(t))  # was "trains mini-batch of 2"


def test_the_glossary_holds_for_deeper_networks_several_outputs_and_regularization():
    rows = dict(GLOSSARY)
    assert "Z1_0, Z2_0" in rows["z_U"] and "D0, D1" in rows["ŷ, y"]  # the deep preset's bias units; two outputs
    assert "with the penalty, when regularized" in rows["J"]
    assert "the output's too" in rows["W21"]  # the deep preset names its output weights W3_


def test_the_batch_sections_first_sentences_whole_for_each_loss():
    squared = batch(make_preset("article")).blocks[0].text
    assert squared.startswith(
        "One sample's loss is L = ½·(ŷ − y)², the squared error, which xorgui uses for the article's example (the "
        "logistic-regression cost the article names is undefined at its outputs, such as ŷ = 4). Training data has")
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, loss="cross_entropy"))
    assert batch(t).blocks[0].text.startswith(
        "In this session one sample's loss is the cross-entropy, L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]: the "
        "logistic-regression cost the article names, defined here because the sigmoid output keeps ŷ strictly "
        "between 0 and 1. For the article's example xorgui uses the squared error, L = ½·(ŷ − y)², as that cost "
        "is undefined at the article's outputs, such as ŷ = 4. Training data has")

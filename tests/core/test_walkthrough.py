"""The worked example: number formatting, text / Markdown / JSON renderings, phases."""

import dataclasses
import decimal
import json
import math
import re

import numpy as np
import pytest

from xorgui.core import Network, TrainingConfig
from xorgui.core.presets import make_preset
from xorgui.core.trace import trace_sample
from xorgui.core.walkthrough import build_phases, factor, fmt
from xorgui.core.walkthrough_render import render_markdown, render_text, step_phases, to_json, work

from .saturation import output_at

MINUS = "\u2212"


# -- fmt ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("x,precision,text", [
    (0.6, 4, "0.6"),
    (1.0, 4, "1"),
    (-4, 4, "−4"),
    (-0.0, 4, "0"),
    (0.0, 4, "0"),
    (4, 4, "4"),
    (100, 4, "100"),
    (1e-7, 4, "1e−7"),
    (-1e-7, 4, "−1e−7"),
    (1.5e-5, 4, "1.5e−5"),
    (0.0001, 4, "0.0001"),
    (0.00012, 4, "0.0001"),
    (0.0012, 4, "0.0012"),
    (0.123456, 4, "0.1235"),
    (0.123456, 6, "0.123456"),
    (0.6 - 1e-16, 4, "0.6"),
    (0.9999999, 4, "1"),
    (-0.00004, 6, "−0.00004"),
    (-1e-9, 4, "−1e−9"),
    (2.5e9, 4, "2.5e9"),
    (123456.789, 2, "123456.79"),
    (float("inf"), 4, "∞"),
    (float("-inf"), 4, "−∞"),
    (float("nan"), 4, "NaN"),
    (np.float64(0.35), 4, "0.35"),
    (7.28, 4, "7.28"),
])
def test_fmt(x, precision, text):
    assert fmt(x, precision) == text


def test_fmt_default_precision_and_true_minus():
    assert fmt(1e-7) == "1e" + MINUS + "7"  # scientific at the default precision 4
    assert "-" not in fmt(-123.25) and fmt(-123.25) == MINUS + "123.25"
    assert "e" in fmt(1e-7, 4) and "e" not in fmt(1e-3, 4)


def test_fmt_no_sign_on_rounded_zero():
    # tiny negatives switch to scientific, so a "−0" never appears
    for x in (-0.0, -1e-20, -4e-5):
        assert fmt(x) != MINUS + "0"


def test_factor_parenthesizes_negatives():
    assert factor(-4, 4) == "(−4)"
    assert factor(4, 4) == "4"
    assert factor(-0.0, 4) == "0"


@pytest.mark.parametrize("x,text", [(10, "10"), (100, "100"), (-20, "−20"), (7, "7"), (2.5, "2")])
def test_fmt_precision_zero(x, text):
    """Rounding to 0 decimals must not strip the zeros of a whole number (10 → "10", not "1")."""
    assert fmt(x, 0) == text


# -- the seed walkthrough -----------------------------------------------------------------------
@pytest.fixture
def seed_trace():
    return make_preset("seed").trace(0)


def test_text_is_the_seed_worked_example(seed_trace):
    text = render_text(seed_trace, 0)
    lines = [line.strip() for line in text.splitlines()]
    for expected in [
        "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1",
        "z_Z1 = f(a_Z1) = f(1) = 1",
        "a_D0 = V00·z_Z0 + V01·z_Z1 + V02·z_Z2 + V03·z_Z3 = 1·1 + 1·1 + 1·1 + 1·1 = 4",
        "y − ŷ = 0 − 4 = −4",
        "L = ½·(ŷ − y)² = ½·(4 − 0)² = 8",
        "δ_D0 = (ŷ − y)·f'(a_D0) = (4 − 0)·1 = 4",
        "δ_Z1 = V01·δ_D0·f'(a_Z1) = 1·4·1 = 4",
        "∂L/∂W10 = z_X0·δ_Z1 = 1·4 = 4",
        "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6",
        "∂L/∂W11 = z_X1·δ_Z1 = 0·4 = 0",
        "W11 := W11 − α·∂L/∂W11 = 1 − 0.1·0 = 1",
        "V03 := V03 − α·∂L/∂V03 = 1 − 0.1·4 = 0.6",
        "ŷ_new = z_D0 through the new weights = 1.68",
        "L_new = ½·(ŷ_new − y)² = ½·(1.68 − 0)² = 1.4112",
        "7 of 13 weights changed; this sample's loss went from 8 to 1.4112 (ŷ from 4 to 1.68).",
    ]:
        assert expected in lines, expected
    assert "α = 0.1" in text
    assert "Sample 0: z_X1 = 0, z_X2 = 0 (bias z_X0 = 1); target y = 0." in text
    # order: forward, error and loss, deltas backwards, updates
    order = [text.index(s) for s in ("a_Z1 =", "a_D0 =", "y − ŷ", "δ_D0 =", "δ_Z1 =", "W10 :=", "V00 :=")]
    assert order == sorted(order)


def test_text_for_another_sample():
    t = make_preset("seed")
    text = render_text(t.trace(3), 3)
    assert "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·1 + 1·1 = 3" in text
    assert "a_D0 = V00·z_Z0 + V01·z_Z1 + V02·z_Z2 + V03·z_Z3 = 1·1 + 1·3 + 1·3 + 1·3 = 10" in text
    assert "W11 := W11 − α·∂L/∂W11 = 1 − 0.1·10 = 0" in text
    assert "V01 := V01 − α·∂L/∂V01 = 1 − 0.1·30 = −2" in text


def test_markdown(seed_trace):
    md = render_markdown(seed_trace, 0)
    assert md.startswith("# Back-propagation worked by hand\n\nOne online step on sample 0.")
    assert "- `W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6`" in md
    assert "- `a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1`" in md
    assert md.count("\n## ") == 8  # the check after the update is a phase of its own


def test_json_has_the_seed_numbers():
    doc = to_json(work(make_preset("article")))
    json.dumps(doc, allow_nan=False)  # plain JSON types only
    assert doc["mode"] == "online" and len(doc["steps"]) == 1 and len(doc["updates"]) == 1
    assert doc["weights_before"] == [[[1.0] * 3] * 3, [[1.0] * 4]]
    assert doc["weights_after"] == [[[0.6, 1.0, 1.0]] * 3, [[0.6] * 4]]
    (update,) = doc["updates"]
    assert update["samples"] == [0] and update["losses"] == [8.0] and update["mean_loss"] == 8.0
    assert update["outputs_after"] == [[pytest.approx(1.68, abs=1e-15)]]
    assert update["losses_after"] == [pytest.approx(1.4112, abs=1e-14)]
    step = doc["steps"][0]
    assert step["weights_used"] == doc["weights_before"] and step["batch_position"] is None
    assert step["forward"] == [
        {"layer": 1, "units": ["Z1", "Z2", "Z3"], "a": [1.0, 1.0, 1.0], "z": [1.0, 1.0, 1.0]},
        {"layer": 2, "units": ["D0"], "a": [4.0], "z": [4.0]},
    ]
    assert step["deltas"] == [
        {"layer": 1, "units": ["Z1", "Z2", "Z3"], "delta": [4.0, 4.0, 4.0]},
        {"layer": 2, "units": ["D0"], "delta": [4.0]},
    ]
    assert step["gradients"] == [[[4.0, 0.0, 0.0]] * 3, [[4.0] * 4]]
    assert step["loss"] == 8.0
    assert step["error"] == [-4.0]
    assert step["output"] == [4.0]
    assert step["sample"] == 0 and step["inputs"] == [0.0, 0.0] and step["target"] == [0.0]
    assert doc["learning_rate"] == 0.1
    assert doc["weight_names"][0][0] == ["W10", "W11", "W12"]
    assert doc["weight_names"][1] == [["V00", "V01", "V02", "V03"]]
    assert [p["kind"] for p in doc["phases"]] == ["forward", "forward", "loss", "delta", "delta", "update", "update",
                                                 "after"]
    assert "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6" in doc["phases"][5]["lines"]
    assert doc["phases"][7]["lines"] == ["ŷ_new = z_D0 through the new weights = 1.68",
                                             "L_new = ½·(ŷ_new − y)² = ½·(1.68 − 0)² = 1.4112"]


def test_phases_highlight_what_they_touch(seed_trace):
    phases = build_phases(seed_trace)
    fwd = phases[0]
    assert fwd.kind == "forward" and fwd.layer == 1
    assert set(fwd.units) >= {"X0", "X1", "X2", "Z1", "Z2", "Z3"}
    assert set(fwd.weights) == {"W10", "W11", "W12", "W20", "W21", "W22", "W30", "W31", "W32"}
    upd = phases[-2]
    assert upd.kind == "update" and set(upd.weights) == {"V00", "V01", "V02", "V03"}
    assert not any(eq.kind == "after" for eq in upd.equations)  # the updates use only the old values
    after = phases[-1]
    assert after.kind == "after" and {"Z1", "D0"} <= set(after.units)
    assert [eq.target for eq in after.equations] == ["ŷ_new", "L_new"]
    hidden_delta = phases[4]
    assert hidden_delta.kind == "delta" and set(hidden_delta.weights) == {"V01", "V02", "V03"}


# -- other networks -------------------------------------------------------------------------------
def test_sigmoid_walkthrough_numbers_are_the_engines():
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"],
                  [np.array([[0.1, 0.4, -0.7], [-0.3, 0.9, 0.2]]), np.array([[0.25, -1.1, 0.8]])])
    tr = trace_sample(net, TrainingConfig(learning_rate=0.5), [0.8, -0.3], [1.0])
    text = render_text(tr, 0, precision=6)
    a1 = 0.1 + 0.4 * 0.8 - 0.7 * -0.3
    assert f"a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 0.1·1 + 0.4·0.8 + (−0.7)·(−0.3) = {fmt(a1, 6)}" in text
    z1 = 1 / (1 + math.exp(-a1))
    assert f"z_Z1 = f(a_Z1) = f({fmt(a1, 6)}) = {fmt(z1, 6)}" in text
    assert "f(a) = 1 / (1 + e^(−a))" in text or "f(a) = 1 / (1 + e^(-a))" in text


def test_cross_entropy_walkthrough_uses_yhat_minus_y():
    t = make_preset("tanh")
    tr = t.trace(1)
    text = render_text(tr, 1)
    yhat = tr.output[0]
    assert f"δ_D0 = ŷ − y = {fmt(yhat)} − 1 = {fmt(yhat - 1)}" in text
    assert "cross-entropy loss" in text and "cross_entropy" not in text


def test_regularized_update_line():
    t = make_preset("sigmoid")
    t.set_config(TrainingConfig(learning_rate=2.0, regularization="l2", regularization_rate=0.5))
    tr = t.trace(0)
    lines = [line.strip() for line in render_text(tr, 0, 6).splitlines()]
    w11 = tr.weights_before[0][0, 1]
    r = tr.regularization[0][0, 1]
    assert r == pytest.approx(0.5 * w11)
    assert any(line.startswith("W11 := W11 − α·(∂L/∂W11 + R'(W11)) = ") and line.endswith(fmt(tr.weights_after[0][0, 1], 6))
               for line in lines)
    # the bias weight W10 has no regularization term
    assert any(line.startswith("W10 := W10 − α·∂L/∂W10 = ") for line in lines)


def test_deep_network_names():
    t = make_preset("deep")
    doc = to_json(work(t, online_sample=2))
    assert doc["layers"] == [2, 4, 4, 1]
    assert [f["units"] for f in doc["steps"][0]["forward"]] == [["Z1_1", "Z1_2", "Z1_3", "Z1_4"],
                                                     ["Z2_1", "Z2_2", "Z2_3", "Z2_4"], ["D0"]]
    assert doc["weight_names"][0][0] == ["W1_10", "W1_11", "W1_12"]
    assert doc["weight_names"][2] == [["W3_00", "W3_01", "W3_02", "W3_03", "W3_04"]]
    text = render_text(t.trace(2), 2)
    assert "a_Z2_1 = W2_10·z_Z1_0 + W2_11·z_Z1_1" in text


def test_overflowing_step_renders_without_error():
    net = Network([2, 3, 1], ["identity", "identity"], [np.full((3, 3), 1e200), np.full((1, 4), 1e200)])
    tr = trace_sample(net, TrainingConfig(), [1.0, 1.0], [0.0])
    text = render_text(tr, 0)
    assert "∞" in text
    assert "ŷ_new = z_D0 through the new weights = NaN" in text  # the network refuses such weights


# -- what the notes and the notation promise ------------------------------------------------------------
def notes(phases, kind="update"):
    return " ".join(p.note for p in phases if p.kind == kind)


def test_unregularized_note_says_a_weight_without_data_gradient_keeps_its_value():
    phases = build_phases(make_preset("article").trace(0))
    text = notes(phases)
    assert "no data gradient when its source's z is 0 (here z_X1 = z_X2 = 0) or its target's δ is 0" in text
    assert "then it keeps its value" in text and "R'" not in text


@pytest.mark.parametrize("kind,rate,formula", [("l2", 0.5, "R'(W) = λ·W for the L2 penalty ½·λ·ΣW², λ = 0.5"),
                                               ("l1", 0.2, "R'(W) = λ·sign(W) for the L1 penalty λ·Σ|W|, λ = 0.2")])
def test_regularized_note_defines_r_prime_and_never_claims_the_weight_keeps_its_value(kind, rate, formula):
    t = make_preset("article")
    t.set_config(TrainingConfig(batch_size=1, regularization=kind, regularization_rate=rate))
    tr = t.trace(0)
    phases = build_phases(tr)
    text = notes(phases)
    assert "keeps its value" not in text
    assert formula in text and "it still moves by −α·R'(W), towards 0" in text
    # an L1 step is α·λ whatever the weight's size: one smaller than that goes past 0, and the note says so
    assert ("past 0 when |W| is smaller than the step α·λ" in text) == (kind == "l1")
    # W11's source is 0, so its data gradient is 0, and still it moves: 1 − 0.1·(0 + R'(1))
    assert tr.gradients[0][0, 1] == 0.0
    expected = 1 - 0.1 * (0 + rate)
    assert tr.weights_after[0][0, 1] == pytest.approx(expected)
    assert f"W11 := W11 − α·(∂L/∂W11 + R'(W11)) = 1 − 0.1·(0 + {fmt(rate)}) = {fmt(expected)}" in \
        [line for p in phases for line in p.lines()]


def test_the_output_layers_notes_name_its_weights_v_not_w():
    # the V phase's note said "it still moves by −α·R'(W) … where R'(W)" of the V weights
    t = make_preset("article")
    t.set_config(TrainingConfig(learning_rate=2, batch_size=1, regularization="l2", regularization_rate=1.5))
    v_notes = [p.note for p in build_phases(t.trace(0)) if p.kind == "update" and p.layer == 1]
    assert v_notes and all("R'(W)" not in note and "·W" not in note for note in v_notes)
    assert any("it still moves by −α·R'(V), to (1 − α·λ)·V = −2·V: with α·λ = 3 > 1, past 0 and further from "
               "it, where R'(V) is the gradient of the penalty: R'(V) = λ·V for the L2 penalty ½·λ·ΣW², λ = 1.5."
               in note for note in v_notes)
    t = make_preset("seed")  # in a batch: the note of the mean gradient's step
    t.set_config(TrainingConfig(regularization="l1", regularization_rate=0.1))
    for _ in range(3):
        t.step_sample()
    (note,) = [p.note for p in step_phases(t)[3] if p.kind == "update" and p.layer == 1]
    assert "V := V − α·(1/4)·Σ∂L/∂V − α·R'(V)" in note and "R'(V) = λ·sign(V) for the L1 penalty λ·Σ|W|" in note


def test_an_l2_step_of_the_weights_own_size_takes_it_to_0_and_is_said_to_move_it_towards_0():
    t = make_preset("article")  # α·λ = 2·0.5 = 1: W11 = 1 becomes (1 − 1)·1 = 0
    t.set_config(TrainingConfig(learning_rate=2, batch_size=1, regularization="l2", regularization_rate=0.5))
    tr = t.trace(0)
    assert tr.weights_after[0][0, 1] == 0.0
    assert "it still moves by −α·R'(W), towards 0, where" in notes(build_phases(tr))


@pytest.mark.parametrize("lam, where", [(0.75, "past 0"), (1.0, "past 0, as far on the other side"),
                                        (1.5, "past 0 and further from it")])
def test_an_l2_step_larger_than_the_weight_is_not_said_to_move_it_towards_0(lam, where):
    # α = 2: W11 = 1 (source 0, no data gradient) becomes (1 − 2λ)·1: −0.5, −1, −2
    t = make_preset("article")
    t.set_config(TrainingConfig(learning_rate=2, batch_size=1, regularization="l2", regularization_rate=lam))
    tr = t.trace(0)
    assert tr.weights_after[0][0, 1] == pytest.approx(1 - 2 * lam)
    text = notes(build_phases(tr))
    assert f"moves by −α·R'(W), to (1 − α·λ)·W = {fmt(1 - 2 * lam, 6)}·W: with α·λ = {fmt(2 * lam, 6)} > 1, {where}," \
        in text
    assert "towards 0" not in text


def test_regularized_batch_update_note_defines_r_prime():
    t = make_preset("seed")
    t.set_config(TrainingConfig(regularization="l2", regularization_rate=0.1))
    for _ in range(3):
        t.step_sample()
    phases = step_phases(t)[3]
    assert "R'(W) = λ·W for the L2 penalty ½·λ·ΣW², λ = 0.1" in notes(phases)


def test_a_dead_relu_gets_no_data_gradient_and_the_note_says_why():
    net = Network([2, 2, 1], ["relu", "identity"],
                  [np.array([[-5.0, 1.0, 1.0], [0.5, 1.0, -1.0]]), np.array([[0.1, 0.7, 0.3]])])
    tr = trace_sample(net, TrainingConfig(), [1.0, 1.0], [0.0])
    assert tr.a[0][0] < 0 and tr.deltas[0][0] == 0.0  # Z1 is dead: δ_Z1 = 0
    assert np.all(tr.gradients[0][0] == 0.0)
    assert "or its target's δ is 0 (here δ_Z1 = 0: a ReLU's slope is 0 where its sum a ≤ 0)" in notes(build_phases(tr))


def test_a_zero_delta_of_a_live_relu_is_not_blamed_on_its_slope():
    # ŷ = y exactly: nothing comes back, so δ_Z1 = δ_Z2 = 0 with both sums positive (2.5 and 0.5)
    net = Network([2, 2, 1], ["relu", "identity"],
                  [np.array([[0.5, 1.0, 1.0], [0.5, 1.0, -1.0]]), np.array([[0.0, 0.5, -0.5]])])
    tr = trace_sample(net, TrainingConfig(), [1.0, 1.0], [1.0])
    assert np.all(tr.a[0] > 0) and np.all(tr.deltas[0] == 0)
    text = notes(build_phases(tr))
    assert "or its target's δ is 0 (here δ_Z1 = δ_Z2 = 0): then it keeps its value" in text
    assert "slope is 0" not in text


@pytest.mark.parametrize("preset, says", [
    ("article", "or its target's δ is 0: then"),  # identity units: no ReLU to name (was "a dead ReLU, say")
    ("sigmoid", "or its target's δ is 0: then"),
])
def test_a_network_without_relu_units_is_not_told_of_dead_relus(preset, says):
    text = notes(build_phases(make_preset(preset).trace(0)))
    assert says in text and "ReLU" not in text


def test_a_live_relu_layer_names_the_cause_its_units_can_have():
    net = Network([2, 2, 1], ["relu", "identity"],
                  [np.array([[0.5, 1.0, 1.0], [0.5, 1.0, -1.0]]), np.array([[0.1, 0.7, 0.3]])])
    tr = trace_sample(net, TrainingConfig(), [1.0, 1.0], [0.0])
    assert np.all(tr.a[0] > 0) and np.all(tr.deltas[0] != 0)
    text = notes(build_phases(tr))
    assert "or its target's δ is 0 (a ReLU unit whose sum a ≤ 0, say): then it keeps its value" in text
    assert "or its target's δ is 0: then it keeps its value" in text  # the output's weights: an identity unit


@pytest.mark.parametrize("preset", ["article", "seed", "sigmoid", "tanh", "deep"])
def test_one_notation_everywhere(preset):
    """Units appear as a_U, z_U or δ_U (never bare), the prediction as ŷ, derivatives with ∂,
    and losses and activations as words."""
    import re

    t = make_preset(preset)
    for _ in range(4):
        phases = step_phases(t)[3]
        lines = [line for p in phases for line in p.lines()]
        text = " ".join(lines + [p.note for p in phases])
        assert not [m for line in lines for m in re.findall(r"\b[XZD]\d[\d_]*", line)], lines
        assert "dL/" not in text and "cross_entropy" not in text and "leaky_relu" not in text
        assert any(line.startswith("ŷ = z_D0 = f(a_D0)") for line in lines)
        assert all("z_D0 − y" not in line for line in lines)  # the loss and δ use ŷ
        t.step_sample()
    setup = render_text(t.trace(0), 0).splitlines()[3]
    assert "_" not in setup.split("learning rate")[0]  # 'cross-entropy', 'leaky ReLU', 'squared error'


def test_a_loss_that_changed_never_reads_as_going_from_a_number_to_itself():
    # the article's step at α = 1e-8: L 8 → 7.99999888, ŷ 4 → 3.99999972 (hand: 8 − 1e-8·Σ…, see the
    # α = 0.1 step above, whose gradients are the same); at 4 decimals both would read 8 and 4
    trainer = make_preset("seed")
    trainer.set_config(dataclasses.replace(trainer.config, learning_rate=1e-8))
    last = render_text(trainer.trace(0), 0, 4).splitlines()[-1]
    assert last == "7 of 13 weights changed; this sample's loss went from 8 to 7.999999 (ŷ from 4 to 3.9999997)."
    at_8 = render_text(trainer.trace(0), 0, 8).splitlines()[-1]
    assert at_8.endswith("loss went from 8 to 7.99999888 (ŷ from 4 to 3.99999972).")


def test_a_deeper_networks_hidden_units_are_named_by_their_layer():
    lines = render_text(make_preset("deep").trace(0), 0).splitlines()
    notes = [line.strip().split(" reaches the loss")[0] for line in lines if "reaches the loss only" in line]
    assert notes == ["A unit of hidden layer 2", "A unit of hidden layer 1"]  # not "A hidden 2 unit"


def test_the_v_weights_phase_writes_its_chain_rule_with_v():
    # it said "a_target contains W·z_source, so ∂L/∂W" over the V weights' equations
    [w, v] = [p.note for p in build_phases(make_preset("article").trace(0)) if p.kind == "update"]
    assert w.startswith("Chain rule: a_target contains W·z_source, so ∂L/∂W = δ_target·z_source. Descent moves "
                        "each weight against it: W := W − α·∂L/∂W. ")
    assert v.startswith("Chain rule: a_target contains V·z_source, so ∂L/∂V = δ_target·z_source. Descent moves "
                        "each weight against it: V := V − α·∂L/∂V. ")


def test_a_batchs_v_phases_write_their_sums_and_update_with_v():
    # the full batch's V phases still wrote "∂L/∂W = δ_target·z_source" and "W := W − α·(1/4)·Σ∂L/∂W"
    from dataclasses import replace

    t = make_preset("article")
    t.config = replace(t.config, batch_size=None)
    walk = work(t)
    notes = [(p.kind, p.layer, p.note) for step in walk.steps for p in step.phases if p.kind in ("gradient", "update")]
    v_sums = [note for kind, layer, note in notes if kind == "gradient" and layer == 1]
    assert len(v_sums) == 4 and all("∂L/∂V = δ_target·z_source, as for one sample; Σ∂L/∂V adds it up" in note
                                    for note in v_sums)
    [(_, _, v_update)] = [n for n in notes if n[0] == "update" and n[1] == 1]
    assert "V := V − α·(1/4)·Σ∂L/∂V: the mean gradient" in v_update
    [(_, _, w_update)] = [n for n in notes if n[0] == "update" and n[1] == 0]
    assert "W := W − α·(1/4)·Σ∂L/∂W: the mean gradient" in w_update


def test_several_outputs_loss_is_written_with_its_sum_as_help_writes_it():
    # "L = ½·(ŷ − y)² is this sample's squared error, summed over the output units" beside Help's ½·Σ(ŷ − y)²
    from xorgui.core import Dataset, Initialization, Trainer

    x, init = Dataset.xor(), Initialization("xavier", seed=1)
    t = Trainer(Network([2, 3, 2], ["sigmoid", "sigmoid"], init.make([2, 3, 2])),
                Dataset(x.inputs, np.column_stack([x.targets, 1 - x.targets])), TrainingConfig(), init)
    assert "L = ½·Σ(ŷ − y)² is this sample's squared error, summed over the output units" in notes(
        build_phases(t.trace(0)), "loss")


@pytest.mark.parametrize("bias, out, says_slope", [
    (-1.0, 1.0, True),  # a = −1 + 1·1 = 0 exactly: the ReLU's slope there is 0
    (-0.5, 0.0, False),  # a = 0.5 (≤ 1, > 0), δ = 0 because the output weight is 0: not the slope
])
def test_a_zero_delta_is_put_down_to_the_relu_slope_exactly_where_the_sum_is_at_most_0(bias, out, says_slope):
    net = Network([2, 1, 1], ["relu", "identity"], [np.array([[bias, 1.0, 0.0]]), np.array([[0.0, out]])])
    tr = trace_sample(net, TrainingConfig(), [1.0, 0.0], [0.5])
    assert tr.deltas[0][0] == 0.0
    text = notes(build_phases(tr))
    assert ("(here δ_Z1 = 0: a ReLU's slope is 0 where its sum a ≤ 0)" in text) is says_slope
    assert ("(here δ_Z1 = 0)" in text) is not says_slope


def test_a_step_too_small_for_a_weights_digits_is_said_to_leave_it_unchanged():
    # the output's sum above 50: σ'(a) < 2e−22, so every step is ~1e−22 and no weight changes in
    # floats; "0 of 13 weights changed" beside nonzero gradients said nothing of why
    from xorgui.core.walkthrough_render import summary_line

    t = output_at(50.0, 0.5, learning_rate=0.5, batch_size=1)
    trace = t.trace(0)  # x = (0, 0): the 6 weights from X1 and X2 get no gradient at all
    step = 0.5 * abs(float(trace.gradients[1][0, 0]))  # V00's: δ_D0 = (1 − 0)·σ'(50)
    assert 0 < step < 1e-21 and np.array_equal(np.concatenate([x.ravel() for x in trace.weights_after]),
                                               np.concatenate([x.ravel() for x in trace.weights_before]))
    line = summary_line(trace, build_phases(trace), 4)
    assert line.startswith(f"0 of 13 weights changed (7 weights did not change though their step was not 0: at most "
                           f"{fmt(step)}, below the last digit they hold); this sample's loss went from 0.5 to 0.5")


def test_a_saturated_cross_entropy_output_writes_1_minus_y_hat_from_its_sum_before_and_after():
    # a_D0 = 40 for every sample: ŷ rounds to 1, 1 − ŷ = σ(−40) = 4.248e−18
    t = output_at(40.0, learning_rate=0.5, batch_size=1, loss="cross_entropy")
    lines = [line for p in build_phases(t.trace(0)) for line in p.lines()]
    assert "L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = −[0·ln(1 − 4.248e−18) + 1·ln 4.248e−18] = 40" in lines
    (after,) = [line for line in lines if line.startswith("L_new")]
    assert after.endswith("= −[0·ln(1 − 1.272e−17) + 1·ln 1.272e−17] = 38.9031")  # σ(−38.9031): L_new is its −ln
    # sample 1 (target 1): its loss σ(−40)-small, its δ = ŷ − y = −σ(−40), not 1 − 1 = 0, and ŷ written as
    # 1 − σ(−40): "1 − 1 = −4.248e−18" stood beside it
    lines = [line for p in build_phases(t.trace(1)) for line in p.lines()]
    assert "L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = −[1·ln(1 − 4.248e−18) + 0·ln 4.248e−18] = 4.248e−18" in lines
    assert "δ_D0 = ŷ − y = (1 − 4.248e−18) − 1 = −4.248e−18" in lines


def test_a_squared_error_output_that_rounds_to_its_target_keeps_its_tiny_error():
    # ŷ = σ(40) rounds to 1: for target 1 the error, the loss and δ were 0; they are σ(−40) = 4.248e−18,
    # ½·σ(−40)² and −σ(−40)·σ'(40), and the truth table's loss is the same
    t = output_at(40.0, learning_rate=0.5, batch_size=1)
    lines = [line for p in build_phases(t.trace(1)) for line in p.lines()]
    assert "y − ŷ = 1 − (1 − 4.248e−18) = 4.248e−18" in lines
    assert "L = ½·(ŷ − y)² = ½·((1 − 4.248e−18) − 1)² = 9.024e−36" in lines
    assert "δ_D0 = (ŷ − y)·f'(a_D0) = ((1 − 4.248e−18) − 1)·4.248e−18 = −1.805e−35" in lines
    rest = math.exp(-40) / (1 + math.exp(-40))  # σ(−40), written out
    assert t.sample_losses()[1] == pytest.approx(0.5 * rest * rest, rel=1e-13)


def _evaluated(substitution: str) -> float:
    """An equation's substitution as arithmetic read back from its text alone, in 60-digit decimals
    (1 − (1 − 4.248e−18) is 0 in floats)."""
    text = re.sub(r"ln (\S+)", r"log(\1)", substitution.replace("ln(", "log("))
    for shown, python in (("−", "-"), ("·", "*"), ("½", "0.5"), ("²", "**2"), ("[", "("), ("]", ")")):
        text = text.replace(shown, python)
    text = re.sub(r"\d+(\.\d+)?(e-?\d+)?", lambda m: f"D('{m.group(0)}')", text)
    with decimal.localcontext(decimal.Context(prec=60)):
        return float(eval(text, {"log": lambda d: d.ln(), "D": decimal.Decimal}))


@pytest.mark.parametrize("precision", [4, 8])
@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
@pytest.mark.parametrize("a", [-40.0, -12.0, -9.95, -8.9, -6.6, -4.25, 0.3, 4.25, 6.6, 8.9, 9.95, 12.0, 40.0])
def test_the_output_lines_substitute_numbers_that_give_their_value(a, loss, precision):
    # σ(12) = 0.999993856 shows as 1 at 4 decimals: "y − ŷ = 1 − 1 = 6.144e−6", "½·(1 − 1)² = 1.888e−11" and
    # "−[1·ln 1 + …] = 6.144e−6" stood in the walkthrough. Every output line, read back as arithmetic from
    # its own text, now gives its value to the digits shown
    t = output_at(a, learning_rate=0.5, batch_size=1, loss=loss)
    for sample in (0, 1):  # targets 0 and 1
        phases = build_phases(t.trace(sample), precision)
        eqs = [e for p in phases for e in p.equations if e.kind in ("error", "loss", "after") or e.target == "δ_D0"]
        numbers = {e.text(precision): (e.formula if e.kind == "error" else e.substitution, e.value)  # y − ŷ = 1 − 0.5744
                   for e in eqs}
        numbers = {line: pair for line, pair in numbers.items() if pair[0] is not None}  # not ŷ_new = z_D0 … = 1
        assert len(numbers) == 4
        for line, (substitution, value) in numbers.items():
            # to 3 significant digits at least: an operand from 0.01 to 0.1 keeps 3 at 4 decimals, its
            # square 0.56% off at most (½·(0.0141 − 0)² = 9.94e−5 beside 9.889e−5, ŷ = 0.014064)
            assert _evaluated(substitution) == pytest.approx(value, rel=6e-3, abs=1e-300), line


def test_an_output_near_a_target_that_shows_exactly_is_written_as_the_target_and_the_difference():
    from xorgui.core.losses import shown_output

    assert shown_output(0.999993856, 1.0, -6.144e-6, 4) == "(1 − 6.144e−6)"  # σ(12), target 1
    assert shown_output(-0.99999, -1.0, 1e-5, 4) == "(−1 + 1e−5)"  # a tanh output, target −1
    assert shown_output(0.9987, 1.0, -0.0013, 4) == "(1 − 0.0013)"  # within 0.01
    assert shown_output(0.9503, 1.0, -0.0497, 4) == "0.9503"  # further: as shown
    # at 8 decimals 0.9987 keeps its digits, σ(12) does not (0.99999386 − 1 has 3 left)
    assert shown_output(0.9987, 1.0, -0.0013, 8) == "0.9987"
    assert shown_output(0.999993856, 1.0, -6.1438e-6, 8) == "(1 − 0.0000061438)"
    assert shown_output(1 - 8e-6, 1.0, -8e-6, 8) == "(1 − 0.000008)"  # 0.99999200 − 1 keeps 3 digits
    assert shown_output(1 - 5e-5, 1.0, -5e-5, 8) == "0.99995"  # 0.99995000 − 1 keeps 4
    assert shown_output(0.1234499, 0.12345, -1e-7, 8) == "(0.12345 − 0.0000001)"  # 0.12345 shows at 8, not at 4
    # a target that does not show exactly is not written as if it did: 0.2 − (0.2 − 4e−5) stated y = 0.2
    assert shown_output(0.2, 0.20004, -4e-5, 4) == "0.2"
    assert shown_output(0.00013221, 0.0, 0.00013221, 4) == "0.0001322"  # small: its significant digits


def test_a_factor_fmt_would_leave_fewer_than_4_significant_digits_gets_them():
    from xorgui.core.numbers import operand

    assert operand(0.0001322, 4) == "0.0001322" and operand(-0.0001322, 4) == "(−0.0001322)"
    assert operand(0.09999, 4) == "0.09999" and operand(0.1, 4) == "0.1" and operand(0.5744, 4) == "0.5744"
    assert operand(0.0123456, 4) == "0.01235" and operand(0.0123456, 6) == "0.012346" and operand(-0.5, 4) == "(−0.5)"
    assert operand(0.0, 4) == "0"


def test_a_slope_beside_a_z_that_shows_as_1_says_it_is_computed_from_a():
    # z_D0 = σ(40) shows as 1, and z·(1 − z) of that is 0 beside f'(a_D0) = 4.248e−18 on the same line
    t = output_at(40.0, learning_rate=0.5, batch_size=1)
    output, hidden = [p.note for p in build_phases(t.trace(1)) if p.kind == "delta"]
    assert output.endswith("here f'(a) = z·(1 − z). z_D0 = 1 is rounded: the slope is computed from a, "
                           "f'(a) = σ(a)·σ(−a) = e^−|a|/(1 + e^−|a|)², not from the rounded z.")
    assert "rounded" not in hidden  # its z are 0.5 to 0.73
    t = output_at(9.95, learning_rate=0.5, batch_size=1)  # σ(9.95) = 0.999952 shows as 1 too, but short of
    output = [p.note for p in build_phases(t.trace(1)) if p.kind == "delta"][0]
    assert output.endswith("z_D0 = 1 is rounded: the slope is computed from the unrounded z, not from the rounded z.")
    assert "rounded" not in [p.note for p in build_phases(make_preset("sigmoid").trace(1)) if p.kind == "delta"][0]


def test_one_weight_left_by_a_step_too_small_is_named_in_the_singular():
    from xorgui.core import Dataset, Trainer
    from xorgui.core.walkthrough_render import summary_line

    # Z1 (ReLU) is off on (0, 0), so only D0's bias weight V10 has a gradient: σ'(40)-small
    net = Network([2, 1, 1], ["relu", "sigmoid"], [np.array([[-1.0, 1.0, 1.0]]), np.array([[40.0, 0.5]])])
    trace = Trainer(net, Dataset.xor(), TrainingConfig(learning_rate=0.5, batch_size=1)).trace(0)
    step = 0.5 * abs(float(trace.gradients[1][0, 0]))
    line = summary_line(trace, build_phases(trace, 6), 6)
    assert line.startswith(f"0 of 5 weights changed (1 weight did not change though its step was not 0: at most "
                           f"{fmt(step, 6)}, below the last digit it holds)")

"""Practice mode is fair: right working from the numbers on screen is right, and a wrong answer
names the mistake the learner made."""

import math
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from xorgui.core.activations import get_activation
from xorgui.core.mistakes import Kind, Mistake, describe
from xorgui.core.numbers import fmt
from xorgui.core.practice import accepted_distance, check, evaluate, typed_decimals
from xorgui.core.presets import PRESETS, make_preset
from xorgui.core.quantities import for_phase, step_quantities
from xorgui.core.walkthrough_render import step_phases

# -- a simulated learner: it works only from the numbers on screen (each equation's substitution
# at the display precision, the gradient on the line above) and types its result rounded as a
# person would. It shares no code with the checker it tests.
ASKED = ("sum", "activation", "delta", "gradient", "weight")
PRECISIONS = (2, 3, 4, 6)


def read(x: float, p: int) -> float:
    """A number as the screen shows it, read back."""
    return evaluate(fmt(x, p))


def typed_forms(v: float, p: int) -> list[str]:
    """What a learner types for a value they computed: as the screen would show it, and rounded
    half up to ``p`` decimals as a person rounds (0.995 → 1.00)."""
    out = {fmt(v, p)}
    if abs(v) < 1e9:
        out.add(str(Decimal(repr(v)).quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP)))
    return sorted(out)


def right_values(trace, phase, k: int, eq, p: int) -> list[float]:
    """Values a learner computes for equation ``k`` of ``phase`` from the numbers shown."""
    out = []
    if eq.kind == "activation":
        a = read(trace.a[phase.layer - 1][k // 2], p)
        out.append(float(get_activation(trace.activations[phase.layer - 1]).function(np.array(a))))
    elif eq.substitution is not None:
        out.append(evaluate(eq.substitution))
    if eq.kind == "weight" and k and phase.equations[k - 1].kind == "gradient":
        l, cols = phase.layer, trace.weights_before[phase.layer].shape[1]
        j, i = divmod(k // 2, cols)
        r = trace.regularization[l][j, i]
        w = read(trace.weights_before[l][j, i], p)
        g = read(phase.equations[k - 1].value, p)  # the gradient on the line above, as shown
        out.append(w - trace.learning_rate * (g + (read(r, p) if r else 0.0)))
    return out


def walks(precision: int):
    """(preset, mode, sample, trace, batch, phases) through one epoch of every preset, in its
    own batch mode and online."""
    for name in PRESETS:
        for mode in ("own", "online"):
            t = make_preset(name)
            if mode == "online":
                t.set_config(replace(t.config, batch_size=1))
            for _ in range(len(t.data)):
                sample, trace, batch, phases = step_phases(t, precision)
                yield name, mode, sample, trace, batch, phases
                t.step_sample()


def asked(precision):
    """(trace, batch, phase, k, equation, quantity) for every question of every walk."""
    for name, mode, sample, trace, batch, phases in walks(precision):
        qs = step_quantities(trace, batch)
        for phase in phases:
            for k, (eq, q) in enumerate(zip(phase.equations, for_phase(qs, phase))):
                if eq.kind in ASKED and math.isfinite(eq.value):
                    yield (name, mode, sample), trace, batch, phase, k, eq, q


# -- the simulated learner ------------------------------------------------------------------------
@pytest.mark.parametrize("p", PRECISIONS)
def test_right_working_from_the_screen_is_judged_right(p):
    """Every preset, its own batch mode and online, every question, answered from the rounded
    numbers shown (the substitution at this precision; W − α·(shown gradient)) and typed
    rounded as the screen rounds or half up: 0 wrong verdicts (today's checker gave 1052 of
    14129 over the four precisions)."""
    wrong, answers = [], 0
    for where, trace, batch, phase, k, eq, q in asked(p):
        assert q is not None, (where, eq.text(p))
        for text in {t for v in right_values(trace, phase, k, eq, p) for t in typed_forms(v, p)}:
            answers += 1
            v = check(q, text, p)
            if not v.correct:
                wrong.append((where, eq.text(p), text, v.mistake))
    assert answers > 2000
    assert wrong == []


def _mistakes(trace, batch, phase, k, eq):
    """(mistake, value) pairs a learner typically makes on this question, computed here from
    the trace the wrong way, independently of the checker's own wrong ways."""
    kind, layer = eq.kind, phase.layer
    out = []
    if kind == "sum":
        j = k // 2
        w, src = trace.weights_before[layer - 1][j], trace.sources[layer - 1]
        out.append((Mistake.BIAS_FORGOTTEN, float(w[1:] @ src[1:])))
    elif kind == "activation":
        out.append((Mistake.WRONG_FUNCTION, float(trace.a[layer - 1][k // 2])))  # a itself
    elif kind == "delta":
        l, j = layer - 1, k
        a, z = trace.a[l][j], trace.z[l][j]
        act = get_activation(trace.activations[l])
        if l == len(trace.deltas) - 1:
            yhat, y = trace.output[j], trace.target[j]
            slope = 1.0 if trace.loss_name == "cross_entropy" else float(act.derivative(a, z))
            out.append((Mistake.SIGN_FLIPPED, (y - yhat) * slope))
            if trace.loss_name == "squared":
                out.append((Mistake.HALF_FORGOTTEN, 2 * (yhat - y) * slope))
        else:
            v_before, v_after = trace.weights_before[l + 1], trace.weights_after[l + 1]
            back = float(v_before[:, j + 1] @ trace.deltas[l + 1])
            if act.name in ("sigmoid", "tanh"):
                other = get_activation("tanh" if act.name == "sigmoid" else "sigmoid")
                out.append((Mistake.WRONG_DERIVATIVE, back * float(other.written_derivative(a, z))))
            if batch is None or batch.size == 1:
                early = float(v_after[:, j + 1] @ trace.deltas[l + 1])
                out.append((Mistake.UPDATED_WEIGHT_TOO_EARLY, early * float(act.derivative(a, z))))
    elif kind == "gradient":
        out.append((Mistake.SIGN_FLIPPED, -eq.value))
        if _column(trace, phase, eq) == 0:
            out.append((Mistake.BIAS_FORGOTTEN, 0.0))
    elif kind == "weight":
        l = phase.layer
        j, i = _row_col(trace, phase, eq)
        w = trace.weights_before[l][j, i]
        if batch is None or batch.size == 1:
            out.append((Mistake.SIGN_FLIPPED, w + trace.learning_rate * trace.gradients[l][j, i]))
        else:
            total = batch.sums_before[l][j, i] + trace.gradients[l][j, i]
            out.append((Mistake.BATCH_MEAN_FORGOTTEN, w - trace.learning_rate * total))
        if i == 0:
            out.append((Mistake.BIAS_FORGOTTEN, w))
    return out


def _row_col(trace, phase, eq):
    same = [e for e in phase.equations if e.kind == eq.kind]
    cols = trace.weights_before[phase.layer].shape[1]
    return divmod(same.index(eq), cols)


def _column(trace, phase, eq):
    return _row_col(trace, phase, eq)[1]


@pytest.mark.parametrize("p", (3, 4, 6))
def test_typical_mistakes_are_judged_wrong_and_named(p):
    named, seen = [], set()
    for where, trace, batch, phase, k, eq, q in asked(p):
        for mistake, value in _mistakes(trace, batch, phase, k, eq):
            if not math.isfinite(value) or abs(value - eq.value) <= 0.05 * abs(eq.value) + 20 * 10.0 ** -p:
                continue  # too close to the right value to be told apart at this precision
            v = check(q, fmt(value, p + 1), p)
            named.append((where, eq.text(p), mistake, v.mistake))
            seen.add(mistake)
            assert not v.correct, (where, eq.text(p), mistake)
    assert [n for n in named if n[2] is not n[3]] == []
    assert len(named) > 200
    assert seen == {Mistake.BIAS_FORGOTTEN, Mistake.WRONG_FUNCTION, Mistake.SIGN_FLIPPED, Mistake.HALF_FORGOTTEN,
                    Mistake.WRONG_DERIVATIVE, Mistake.UPDATED_WEIGHT_TOO_EARLY, Mistake.BATCH_MEAN_FORGOTTEN}


def test_every_way_computes_the_engines_value():
    """The checker's right ways are the right formulas: from the engine's own unrounded numbers
    each gives the engine's value; every wrong way gives another."""
    for where, trace, batch, phase, k, eq, q in asked(4):
        for way in q.ways:
            assert way.exact() == pytest.approx(q.value, rel=1e-9, abs=1e-12), (where, eq.text(4))


# -- the cases the issue names --------------------------------------------------------------------
def _quantity(preset, name, steps=0, online=False, p=4):
    t = make_preset(preset)
    if online:
        t.set_config(replace(t.config, batch_size=1))
    for _ in range(steps):
        t.step_sample()
    _, trace, batch, phases = step_phases(t, p)
    return next(q for q in step_quantities(trace, batch) if q.name == name), phases


def test_update_from_the_shown_gradient_with_a_large_learning_rate():
    # sigmoid preset online, second sample (α = 2): V03 := −0.4225 − 2·(−0.0927) = −0.237 at 4
    # decimals, but from the numbers shown the learner gets −0.2371 (the old checker: wrong)
    q, phases = _quantity("sigmoid", "V03", steps=1, online=True)
    g = next(eq for ph in phases for eq in ph.equations if eq.target == "∂L/∂V03")
    assert (fmt(g.value, 4), fmt(q.value, 4)) == ("−0.0927", "−0.237")
    v = check(q, "-0.4225 - 2*(-0.0927)", 4)
    assert v.correct and v.typed == pytest.approx(-0.2371)
    assert check(q, "−0.2371", 4).correct
    assert not check(q, "−0.2375", 4).correct
    wrong = check(q, "-0.4225 + 2*(-0.0927)", 4)
    assert not wrong.correct and wrong.mistake is Mistake.SIGN_FLIPPED
    assert wrong.params["value"] == pytest.approx(-0.4225 + 2 * -0.0927, abs=1e-3)


def test_values_in_e_notation_are_judged_from_their_digits():
    # deep preset, sample 0: z_Z2_1 = f(−0.05) is −4.8e−4 at 2 decimals (leaky slope 0.01)
    q, _ = _quantity("deep", "z_Z2_1", p=2)
    assert fmt(q.value, 2) == "−4.8e−4"
    for text in ("−4.8e−4", "-0.0005", "-0.00", "0.01*(-0.05)"):
        assert check(q, text, 2).correct, text
    assert not check(q, "-0.05", 2).correct  # a itself: the leaky slope 0.01 was not applied
    assert check(q, "-0.05", 2).mistake is Mistake.WRONG_FUNCTION


def test_one_decimal_short_is_right_to_the_decimals_given():
    q, _ = _quantity("article", "a_Z1")  # 1 exactly; build one with 4 decimals instead
    sig, _ = _quantity("sigmoid", "ŷ", p=4)
    shown = fmt(sig.value, 4)
    three = f"{round(sig.value, 3):.3f}"
    v = check(sig, three, 4)
    assert v.correct and v.typed_decimals == 3 and v.decimals == 4, (shown, three)
    two = f"{round(sig.value, 2):.2f}"
    v = check(sig, two, 4)
    assert not v.correct and v.mistake is Mistake.ROUNDING and v.params["typed_decimals"] == 2
    assert describe(v.mistake, v.kind, v.params, 4) == "That is the value rounded to 2 decimals: give 4."
    assert check(q, "1", 4).correct


def test_verdict_fields():
    q, _ = _quantity("article", "W10", online=True)  # W10 := 1 − 0.1·1·4 = 0.6
    v = check(q, "1 - 0.1*1*(-4)", 4)
    assert (v.correct, v.typed, v.expected, v.decimals) == (False, pytest.approx(1.4), pytest.approx(0.6), 4)
    assert v.quantity == "W10" and v.kind is Kind.WEIGHT and v.working == "1 - 0.1*1*(-4)"
    assert v.mistake is Mistake.SIGN_FLIPPED and v.params["value"] == pytest.approx(1.4)
    right = check(q, "0.6", 4)
    assert right.correct and right.mistake is None and right.working is None and right.typed_decimals == 1
    bad = check(q, "six tenths", 4)
    assert not bad.correct and bad.typed is None and bad.problem


@pytest.mark.parametrize("text,decimals", [("0.335", 3), ("2", 0), ("−0,50", 2), ("1e-3", None),
                                           ("1 - 0.1", None), ("3/5", None), (".5", 1)])
def test_typed_decimals(text, decimals):
    assert typed_decimals(text) == decimals


def test_accepted_distance():
    assert accepted_distance(0.3345, 4, None) == pytest.approx(5e-5)
    assert accepted_distance(0.3345, 4, 3) == pytest.approx(5e-4)  # one short, from 4 decimals up
    assert accepted_distance(0.3345, 4, 2) == pytest.approx(5e-5)  # two short: not widened
    assert accepted_distance(0.334, 3, 2) == pytest.approx(5e-4)  # at 3 decimals all 3 are needed
    assert accepted_distance(1.5e-5, 4, None) == pytest.approx(0.5e-8)  # e-notation: its digits
    assert accepted_distance(1.5e-5, 4, 4) == pytest.approx(5e-5)  # 0.0000 to 4 decimals


# -- the sentences --------------------------------------------------------------------------------
def test_mistake_sentences_state_the_rule():
    assert describe(Mistake.SIGN_FLIPPED, Kind.DELTA, {}, 4).startswith(
        "The sign is flipped: δ = ∂L/∂a = (ŷ − y)·f'(a)")
    assert "W := W − α·∂L/∂W" in describe(Mistake.SIGN_FLIPPED, Kind.WEIGHT, {}, 4)
    assert describe(Mistake.BIAS_FORGOTTEN, Kind.SUM, {"weight": "W10", "bias": "X0"}, 4) == (
        "The bias term is missing: a includes W10·z_X0, and the bias unit X0 always outputs z_X0 = 1.")
    assert describe(Mistake.HALF_FORGOTTEN, Kind.DELTA, {}, 4).startswith("That is twice δ")
    assert describe(Mistake.BATCH_MEAN_FORGOTTEN, Kind.WEIGHT, {"batch": 4}, 4).endswith("W := W − α·(Σ∂L/∂W)/4.")
    assert describe(Mistake.WRONG_DERIVATIVE, Kind.DELTA, {"unit": "sigmoid", "used": "tanh"}, 4) == (
        "That is the slope of tanh (f'(a) = 1 − z²): this unit is sigmoid, f'(a) = z·(1 − z).")
    assert describe(Mistake.UPDATED_WEIGHT_TOO_EARLY, Kind.DELTA, {"weights": ("V01",)}, 4).startswith(
        "That uses V01 after the update")
    assert describe(Mistake.LEARNING_RATE_FORGOTTEN, Kind.WEIGHT, {"alpha": 0.1}, 4).endswith("α = 0.1.")


def test_every_mistake_has_a_sentence_for_every_kind_it_is_found_in():
    for where, trace, batch, phase, k, eq, q in asked(4):
        for wrong in q.wrong:
            assert describe(wrong.mistake, q.kind, {**wrong.params, "value": 0.0}, 4)


def test_the_same_checks_on_a_hand_made_example():
    """A 1-1-1 sigmoid network, worked by hand: a = 0.5·1 + 1·1 = 1.5, z = σ(1.5)."""
    from xorgui.core import Dataset, Network, Trainer, TrainingConfig
    net = Network([1, 1, 1], ["sigmoid", "identity"], [np.array([[0.5, 1.0]]), np.array([[0.0, 2.0]])])
    t = Trainer(net, Dataset([[1.0]], [[1.0]]), TrainingConfig(learning_rate=0.5, batch_size=1))
    qs = {q.name: q for q in step_quantities(t.trace(0))}
    z = 1 / (1 + math.exp(-1.5))
    assert qs["a_Z1"].value == 1.5 and qs["z_Z1"].value == pytest.approx(z)
    yhat = 2 * z
    assert qs["ŷ"].value == pytest.approx(yhat)
    assert qs["δ_D0"].value == pytest.approx(yhat - 1)
    assert qs["δ_Z1"].value == pytest.approx(2 * (yhat - 1) * z * (1 - z))
    assert check(qs["δ_D0"], fmt(1 - yhat, 4), 4).mistake is Mistake.SIGN_FLIPPED
    assert check(qs["δ_D0"], fmt(2 * (yhat - 1), 4), 4).mistake is Mistake.HALF_FORGOTTEN
    assert check(qs["a_Z1"], "1", 4).mistake is Mistake.BIAS_FORGOTTEN
    assert check(qs["W10"], fmt(0.5 - 0.5 * qs["δ_Z1"].value, 4), 4).correct
    assert check(qs["W10"], "0.5", 4).mistake is Mistake.BIAS_FORGOTTEN
    assert read(qs["W10"].value, 4) == float(fmt(qs["W10"].value, 4))


# -- nothing on screen gives an open question away -------------------------------------------------
def test_hidden_values_follow_the_questions_still_asked():
    from xorgui.core.practice import Hidden, hidden
    t = make_preset("article")
    _, trace, batch, phases = step_phases(t, 4)
    qs = step_quantities(trace, batch)
    h = hidden(0, qs, len(trace.layers) - 1)
    assert h.hides(0, "Z1", "a") and h.hides(0, "Z1", "z") and h.hides(0, "Z1", "δ") and h.hides(0, "D0", "z")
    assert not h.hides(1, "Z1", "z")  # another sample's values give nothing away
    assert h.hides_prediction(0) and not h.hides_prediction(1)
    assert not h.hides(0, "Z0", "z")  # a bias unit is always 1
    # once the forward pass is answered only the deltas stay hidden, and ŷ and its loss show
    later = [q for q in qs if q.kind in (Kind.DELTA, Kind.GRADIENT, Kind.WEIGHT)]
    h = hidden(0, later, len(trace.layers) - 1)
    assert h.values == {("Z1", "δ"), ("Z2", "δ"), ("Z3", "δ"), ("D0", "δ")}
    assert not h.hides_prediction(0)
    assert hidden(0, [], 2) == Hidden() and not Hidden().hides(-1, "Z1", "z")


def test_a_units_map_is_hidden_while_its_sum_or_activation_is_asked():
    # its colour at the sample is the unit's value: a δ still asked leaves the map alone
    from xorgui.core.practice import hidden
    _, trace, batch, _ = step_phases(make_preset("article"), 4)
    qs = step_quantities(trace, batch)
    still = lambda *names: hidden(0, [q for q in qs if q.name in names], len(trace.layers) - 1)  # noqa: E731
    assert still("a_Z1").hides_map("Z1") and still("z_Z1").hides_map("Z1")
    assert not still("z_Z1").hides_map("Z2") and not still("δ_Z1").hides_map("Z1")
    assert still("ŷ").hides_map("D0") and still("ŷ").prediction and not still("ŷ").hides_map("Z1")
    assert not still("∂L/∂W10", "W10").hides_map("Z1") and not still("∂L/∂W10", "W10").hides_map("D0")


def test_a_flipped_delta_is_explained_by_the_rule_of_that_delta():
    # the tanh example: cross-entropy at a sigmoid output, δ_D0 = ŷ − y (no f'(a)); tanh hidden units
    trace = make_preset("tanh").trace(0)
    qs = {q.name: q for q in step_quantities(trace)}
    out, hidden = qs["δ_D0"], qs["δ_Z1"]
    flipped = check(out, fmt(float(trace.target[0] - trace.output[0]), 6), 6)  # y − ŷ
    assert flipped.mistake is Mistake.SIGN_FLIPPED
    assert describe(flipped.mistake, flipped.kind, flipped.params, 6) == (
        "The sign is flipped: with cross-entropy and a sigmoid output δ = ∂L/∂a = ŷ − y; y − ŷ gives −δ.")
    flipped = check(hidden, fmt(-hidden.value, 6), 6)
    assert flipped.mistake is Mistake.SIGN_FLIPPED
    said = describe(flipped.mistake, flipped.kind, flipped.params, 6)
    assert said.startswith(
        "The sign is flipped: a hidden unit's δ = f'(a)·Σ W·δ over its links to the next layer, "
        "each δ there with its own sign. If your δ_D0 was y − ŷ, this is that sign carried through")
    assert "article" not in said  # cross-entropy's δ = ŷ − y: not the article's squared-loss slip
    # the squared loss's output delta keeps its sentence, with f'(a)
    sig = {q.name: q for q in step_quantities(make_preset("sigmoid").trace(0))}["δ_D0"]
    flipped = check(sig, fmt(-sig.value, 6), 6)
    said = describe(flipped.mistake, flipped.kind, flipped.params, 6)
    assert said.startswith("The sign is flipped: δ = ∂L/∂a = (ŷ − y)·f'(a) at the output; y − ŷ gives −δ.")
    assert "inherit" not in said  # a hidden δ takes its sign from the weights too


def test_an_update_without_its_regularization_term_is_named_not_called_rounding():
    # the article's session with L2, λ = 0.5: R'(W) = λ·W = 0.5 for every weight of 1; online,
    # W11 (zero input) := 1 − 0.1·(0 + 0.5) = 0.95 and V01 := 1 − 0.1·(4 + 0.5) = 0.55 (hand), so
    # 1 and 0.6 are the step without α·R'(W), which the check called off by rounding
    trainer = make_preset("seed")
    trainer.set_config(replace(trainer.config, regularization="l2", regularization_rate=0.5, batch_size=1))
    quantities = {q.name: q for q in step_quantities(trainer.trace(0))}
    assert quantities["W11"].value == pytest.approx(0.95) and quantities["V01"].value == pytest.approx(0.55)
    for name in ("W11", "V01"):
        q = quantities[name]
        without = float(trainer.network.weights[q.layer][q.row, q.col]) - trainer.config.learning_rate * (
            float(trainer.trace(0).gradients[q.layer][q.row, q.col]))
        verdict = check(q, fmt(without, 4), 4)
        assert not verdict.correct and verdict.mistake is Mistake.REGULARIZATION_FORGOTTEN
        assert describe(verdict.mistake, q.kind, verdict.params, 4) == (
            f"The regularization term is missing: with L2 regularization the step is W := W − α·(∂L/∂W + R'(W)), "
            f"and R'({name}) = 0.5 here.")


def test_a_batch_mean_update_without_its_regularization_term_is_named_too():
    # the seed session (full batch) with L2, λ = 0.5, at its last sample: W11 := 1 − 0.1·(16/4 + 0.5)
    # = 0.55 (the walkthrough's line, by hand); 0.6 is the step without α·R'(W11)
    t = make_preset("seed")
    t.set_config(replace(t.config, regularization="l2", regularization_rate=0.5))
    for _ in range(3):
        t.step_sample()
    _, trace, batch, _ = step_phases(t, 4)
    q = next(q for q in step_quantities(trace, batch) if q.name == "W11" and q.kind is Kind.WEIGHT)
    assert q.value == pytest.approx(0.55)
    verdict = check(q, "0.6", 4)
    assert verdict.mistake is Mistake.REGULARIZATION_FORGOTTEN and "R'(W11) = 0.5 here" in describe(
        verdict.mistake, q.kind, verdict.params, 4)


def test_under_a_penalty_the_update_rules_quoted_carry_r_prime_and_a_batchs_mean():
    # L2 (λ = 0.1), batches of 2, α = 2: the flipped and α-forgotten sentences quoted
    # W := W − α·(Σ∂L/∂W)/2 and W − α·∂L/∂W, without the R'(W) the board's update has
    t = make_preset("sigmoid")
    t.set_config(replace(t.config, batch_size=2, regularization="l2", regularization_rate=0.1, learning_rate=2.0))
    t.step_sample()
    _, trace, batch, _ = step_phases(t, 4)
    q = next(q for q in step_quantities(trace, batch) if q.name == "W11")
    said = {w.mistake: describe(w.mistake, q.kind, w.params, 4) for w in q.wrong}
    assert said[Mistake.SIGN_FLIPPED] == ("The update's sign is flipped: descent moves against the mean gradient, "
                                          "W := W − α·((Σ∂L/∂W)/2 + R'(W)).")
    assert said[Mistake.LEARNING_RATE_FORGOTTEN] == ("The step is scaled by the learning rate: "
                                                     "W := W − α·((Σ∂L/∂W)/2 + R'(W)) with α = 2.")
    assert said[Mistake.BATCH_MEAN_FORGOTTEN] == ("The update uses the mean gradient of the batch: divide the sum "
                                                  "by 2, W := W − α·((Σ∂L/∂W)/2 + R'(W)).")
    assert said[Mistake.REGULARIZATION_FORGOTTEN].startswith(
        "The regularization term is missing: with L2 regularization the step is W := W − α·((Σ∂L/∂W)/2 + R'(W)), "
        "and R'(W11) = ")

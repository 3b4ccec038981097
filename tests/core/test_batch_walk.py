"""step_phases in every batch mode, the renderings of a batch walk, and the trainer's batch state."""

import html

import numpy as np
import pytest

from xorgui.core import Dataset, TrainingConfig
from xorgui.core.lesson import askable
from xorgui.core.presets import make_preset
from xorgui.core.walkthrough import BatchInfo, build_phases
from xorgui.core.walkthrough_render import render_html, render_markdown, render_text, step_phases

XOR = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]
ONLINE_KINDS = ["forward", "forward", "loss", "delta", "delta", "update", "update", "after"]
W_NAMES = ("W10", "W11", "W12", "W20", "W21", "W22", "W30", "W31", "W32")
V_NAMES = ("V00", "V01", "V02", "V03")


def weight_values(phases, kind="update"):
    return [eq.value for ph in phases if ph.kind == kind for eq in ph.equations if eq.kind == "weight"]


def flat(weights):
    return np.concatenate([np.asarray(w).ravel() for w in weights])


def eq_value(phase, target):
    (eq,) = [e for e in phase.equations if e.target == target]
    return eq.value


def seed_by_hand():
    """The default network (identity, all weights 1): every hidden a = 1 + x1 + x2,
    ŷ = 1 + 3·a, δ_D0 = ŷ − y; δ_Z = V·δ_D0 = δ_D0."""
    rows = []
    for (x1, x2), y in XOR:
        a = 1 + x1 + x2
        rows.append((x1, x2, a, (1 + 3 * a) - y))
    return rows


# -- online: the article's worked example ------------------------------------------------------------
def test_article_online_phases():
    t = make_preset("article")
    sample, trace, batch, phases = step_phases(t)
    assert sample == 0 and batch is None
    assert [(p.kind, p.layer) for p in phases] == [
        ("forward", 1), ("forward", 2), ("loss", 2), ("delta", 2), ("delta", 1), ("update", 0), ("update", 1),
        ("after", 2)]
    assert [p.title for p in phases] == [
        "Forward: hidden layer", "Forward: output layer", "Output error and loss",
        "Deltas: output layer", "Deltas: hidden layer",
        "Gradients and updates: W weights", "Gradients and updates: V weights", "After the update"]
    f1, f2, loss, d2, d1, u0, u1, after = phases
    # what each phase touches, for highlighting
    assert f1.units == ("X0", "X1", "X2", "Z1", "Z2", "Z3")
    assert f1.weights == W_NAMES
    assert f2.units == ("Z0", "Z1", "Z2", "Z3", "D0")
    assert f2.weights == V_NAMES
    assert loss.units == ("D0",) and loss.weights == ()
    assert d2.units == ("D0",) and d2.weights == ()
    assert set(d1.units) == {"Z1", "Z2", "Z3", "D0"} and len(d1.units) == 4
    assert d1.weights == ("V01", "V02", "V03")
    assert u0.units == ("X0", "X1", "X2", "Z1", "Z2", "Z3") and u0.weights == W_NAMES
    assert u1.units == ("Z0", "Z1", "Z2", "Z3", "D0") and u1.weights == V_NAMES
    assert after.units == ("X0", "X1", "X2", "Z0", "Z1", "Z2", "Z3", "D0") and after.weights == W_NAMES + V_NAMES
    assert after.lines() == ["ŷ_new = z_D0 through the new weights = 1.68",
                             "L_new = ½·(ŷ_new − y)² = ½·(1.68 − 0)² = 1.4112"]
    # the seed's numbers
    assert f1.lines()[0] == "a_Z1 = W10·z_X0 + W11·z_X1 + W12·z_X2 = 1·1 + 1·0 + 1·0 = 1"
    assert f2.lines() == ["a_D0 = V00·z_Z0 + V01·z_Z1 + V02·z_Z2 + V03·z_Z3 = 1·1 + 1·1 + 1·1 + 1·1 = 4",
                          "ŷ = z_D0 = f(a_D0) = f(4) = 4"]
    assert loss.lines() == ["y − ŷ = 0 − 4 = −4", "L = ½·(ŷ − y)² = ½·(4 − 0)² = 8"]
    assert d1.lines()[0] == "δ_Z1 = V01·δ_D0·f'(a_Z1) = 1·4·1 = 4"
    assert u0.lines()[1] == "W10 := W10 − α·∂L/∂W10 = 1 − 0.1·4 = 0.6"
    assert eq_value(u0, "W10") == pytest.approx(0.6)
    assert eq_value(u0, "W11") == 1.0 and eq_value(u0, "W32") == 1.0  # zero inputs: no change
    assert eq_value(u1, "V03") == pytest.approx(0.6)
    # the update equations are the engine's weights after the step, exactly
    for l, ph in ((0, u0), (1, u1)):
        vals = np.array([eq.value for eq in ph.equations if eq.kind == "weight"])
        assert np.array_equal(vals, trace.weights_after[l].ravel())
        assert [eq.target for eq in ph.equations if eq.kind == "weight"] == list(ph.weights)
    t.step_sample()
    assert np.array_equal(flat(t.network.weights), np.array(weight_values(phases)))


def test_article_summary_counts_changed_weights():
    t = make_preset("article")
    sample, trace, batch, phases = step_phases(t)
    md = render_markdown(trace, sample, phases=phases)
    assert md.rstrip("\n").endswith(
        "7 of 13 weights changed; this sample's loss went from 8 to 1.4112 (ŷ from 4 to 1.68).")
    assert render_markdown(trace, sample) == md  # the default phases are the online step


def test_deeper_network_phase_order_and_highlights():
    t = make_preset("deep")  # 2-4-4-1, online
    sample, trace, batch, phases = step_phases(t)
    assert batch is None
    assert [(p.kind, p.layer) for p in phases] == [
        ("forward", 1), ("forward", 2), ("forward", 3), ("loss", 3), ("delta", 3), ("delta", 2), ("delta", 1),
        ("update", 0), ("update", 1), ("update", 2), ("after", 3)]
    assert [p.title for p in phases] == [
        "Forward: hidden 1 layer", "Forward: hidden 2 layer", "Forward: output layer", "Output error and loss",
        "Deltas: output layer", "Deltas: hidden 2 layer", "Deltas: hidden 1 layer",
        "Gradients and updates: W1 weights", "Gradients and updates: W2 weights",
        "Gradients and updates: W3 weights", "After the update"]
    assert phases[1].units == ("Z1_0", "Z1_1", "Z1_2", "Z1_3", "Z1_4", "Z2_1", "Z2_2", "Z2_3", "Z2_4")
    assert len(phases[1].weights) == 20 and phases[1].weights[0] == "W2_10"
    # Z1_1's delta collects through the links from Z1_1 into hidden layer 2
    assert phases[6].weights[:4] == ("W2_11", "W2_21", "W2_31", "W2_41")
    assert len(phases[6].weights) == 16
    assert phases[5].weights == ("W3_01", "W3_02", "W3_03", "W3_04")
    for l, ph in enumerate(phases[7:10]):
        vals = np.array([eq.value for eq in ph.equations if eq.kind == "weight"])
        assert np.array_equal(vals, trace.weights_after[l].ravel())
    t.step_sample()
    assert np.array_equal(np.array(weight_values(phases)), flat(t.network.weights))


# -- full batch: the seed -----------------------------------------------------------------------------
def test_seed_full_batch_accumulates_then_updates_with_the_mean():
    t = make_preset("seed")
    assert t.config.batch_size is None
    hand = seed_by_hand()
    assert [d for *_, d in hand] == [4, 6, 6, 10]
    sum_v00 = sum_v01 = sum_w10 = sum_w11 = sum_w12 = 0.0
    for sample, (x1, x2, a, d) in enumerate(hand):
        s, trace, batch, phases = step_phases(t)
        assert s == sample
        assert isinstance(batch, BatchInfo)
        assert (batch.position, batch.size) == (sample + 1, 4)
        assert batch.complete == (sample == 3)
        g0, g1 = phases[5], phases[6]
        assert (g0.kind, g0.layer, g1.kind, g1.layer) == ("gradient", 0, "gradient", 1)
        assert g0.title == f"Gradients ({sample + 1} of 4 in the batch): W weights"
        assert g1.title == f"Gradients ({sample + 1} of 4 in the batch): V weights"
        assert g0.weights == W_NAMES and g1.weights == V_NAMES
        assert [p.kind for p in phases[:5]] == ONLINE_KINDS[:5]
        sum_v00 += 1 * d
        sum_v01 += a * d
        sum_w10 += 1 * d  # δ_Z1 = V01·δ_D0 = δ_D0
        sum_w11 += x1 * d
        sum_w12 += x2 * d
        assert eq_value(g1, "∂L/∂V00") == d
        assert eq_value(g1, "Σ∂L/∂V00") == sum_v00
        assert eq_value(g1, "Σ∂L/∂V01") == sum_v01
        assert eq_value(g0, "Σ∂L/∂W10") == sum_w10
        assert eq_value(g0, "Σ∂L/∂W11") == sum_w11
        assert eq_value(g0, "Σ∂L/∂W32") == sum_w12
        if sample < 3:
            assert len(phases) == 7
            assert batch.weights_after is None
            assert "update" not in [p.kind for p in phases]
            before = flat(t.network.weights)
            assert not t.step_sample().updated
            assert np.array_equal(flat(t.network.weights), before)  # no weight moves mid-batch
        else:
            assert len(phases) == 10
            assert [p.title for p in phases[7:]] == ["Update with the mean gradient: W weights",
                                                     "Update with the mean gradient: V weights", "After the update"]
            assert [eq.target for eq in phases[9].equations] == ["J", "J_new"]
            assert phases[7].weights == W_NAMES and phases[8].weights == V_NAMES
            u1 = phases[8]
            assert u1.lines()[0] == "V00 := V00 − α·Σ∂L/∂V00 / 4 = 1 − 0.1·26 / 4 = 0.35"
            assert eq_value(u1, "V00") == pytest.approx(1 - 0.1 * 26 / 4) == pytest.approx(0.35)
            assert eq_value(u1, "V01") == pytest.approx(1 - 0.1 * 58 / 4) == pytest.approx(-0.45)
            assert eq_value(phases[7], "W10") == pytest.approx(0.35)
            assert eq_value(phases[7], "W21") == pytest.approx(1 - 0.1 * 16 / 4)
            predicted = np.array(weight_values(phases))
            assert np.array_equal(predicted, flat(batch.weights_after))
            assert t.step_sample().updated
            assert np.array_equal(predicted, flat(t.network.weights))  # to the last bit
    assert (sum_v00, sum_v01, sum_w11) == (26, 58, 16)


def test_seed_running_sums_after_each_sample():
    t = make_preset("seed")
    seen = []
    for _ in range(3):
        _, _, _, phases = step_phases(t)
        seen.append(eq_value(phases[6], "Σ∂L/∂V00"))
        t.step_sample()
    assert seen == [4, 10, 16]
    assert [a.tolist() for a in t.accumulated()][1] == [[16.0, 28.0, 28.0, 28.0]]


def test_batch_sums_are_bookkeeping_not_questions():
    t = make_preset("seed")
    _, trace, batch, phases = step_phases(t)
    sums = [eq for p in phases for eq in p.equations if eq.target.startswith("Σ")]
    assert len(sums) == 13
    assert not any(askable(eq) for eq in sums)
    assert all(eq.kind not in ("gradient", "weight") for eq in sums)
    assert sums[0].text() == "Σ∂L/∂W10 = Σ so far + ∂L/∂W10 = 0 + 4 = 4"


# -- mini-batch of 3 on 4 samples -----------------------------------------------------------------------
def test_minibatch_of_three_positions_and_the_partial_chunk():
    t = make_preset("seed")
    t.set_config(TrainingConfig(batch_size=3))
    positions = []
    for step in range(4):
        positions.append(t.batch_position())
        sample, trace, batch, phases = step_phases(t)
        if step < 3:
            assert batch is not None and (batch.position, batch.size) == (step + 1, 3)
            assert phases[5].title == f"Gradients ({step + 1} of 3 in the batch): W weights"
        else:
            # the last chunk holds one sample: an ordinary online-looking update
            assert batch is None or batch.size == 1
            assert [p.kind for p in phases] == ONLINE_KINDS
            assert phases[5].title == "Gradients and updates: W weights"
            assert all(not eq.target.startswith("Σ") for p in phases for eq in p.equations)
        predicted = weight_values(phases)
        result = t.step_sample()
        assert result.updated == bool(predicted)
        if predicted:
            assert np.array_equal(np.array(predicted), flat(t.network.weights))
    assert positions == [(1, 3), (2, 3), (3, 3), (1, 1)]
    assert t.cursor == 0 and t.epoch == 1


def test_minibatch_of_three_update_uses_the_mean_of_three():
    t = make_preset("seed")
    t.set_config(TrainingConfig(batch_size=3))
    t.step_sample()
    t.step_sample()
    _, _, batch, phases = step_phases(t)
    assert batch.complete and (batch.position, batch.size) == (3, 3)
    v00 = next(eq for eq in phases[-2].equations if eq.target == "V00")
    assert v00.text() == "V00 := V00 − α·Σ∂L/∂V00 / 3 = 1 − 0.1·16 / 3 = 0.4667"
    assert v00.value == pytest.approx(1 - 0.1 * 16 / 3)


# -- regularization ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["l2", "l1"])
def test_regularized_batch_update_equals_the_trainer(kind):
    t = make_preset("seed")
    t.set_config(TrainingConfig(regularization=kind, regularization_rate=0.1))
    for _ in range(3):
        t.step_sample()
    _, trace, batch, phases = step_phases(t)
    assert batch.complete
    u1 = phases[-2]
    v01 = next(eq for eq in u1.equations if eq.target == "V01")
    assert v01.formula == "V01 − α·(Σ∂L/∂V01 / 4 + R'(V01))"
    assert v01.text() == "V01 := V01 − α·(Σ∂L/∂V01 / 4 + R'(V01)) = 1 − 0.1·(58 / 4 + 0.1) = −0.46"
    assert v01.value == pytest.approx(1 - 0.1 * (58 / 4 + 0.1))
    v00 = next(eq for eq in u1.equations if eq.target == "V00")  # no R' on a bias weight
    assert v00.formula == "V00 − α·Σ∂L/∂V00 / 4"
    assert v00.value == pytest.approx(0.35)
    assert np.array_equal(batch.regularization[1], np.array([[0.0, 0.1, 0.1, 0.1]]))
    predicted = np.array(weight_values(phases))
    t.step_sample()
    assert np.array_equal(predicted, flat(t.network.weights))


def test_regularized_mid_batch_sample_shows_no_regularization():
    t = make_preset("seed")
    t.set_config(TrainingConfig(regularization="l2", regularization_rate=0.1))
    _, _, batch, phases = step_phases(t)
    assert not batch.complete
    assert all(not np.any(r) for r in batch.regularization)
    assert all("R'" not in line for p in phases for line in p.lines())


# -- the walk predicts the trainer in every mode ---------------------------------------------------------
@pytest.mark.parametrize("preset", ["seed", "sigmoid", "tanh", "deep"])
@pytest.mark.parametrize("batch_size", [None, 1, 3])
@pytest.mark.parametrize("reg", ["none", "l2"])
def test_step_phases_predict_the_trainer_exactly(preset, batch_size, reg):
    t = make_preset(preset)
    c = t.config
    t.set_config(TrainingConfig(learning_rate=c.learning_rate, loss=c.loss, batch_size=batch_size,
                                regularization=reg, regularization_rate=0.01 if reg != "none" else 0.0))
    for _ in range(6):
        sample, trace, batch, phases = step_phases(t)
        predicted = weight_values(phases)
        before = flat(t.network.weights)
        result = t.step_sample()
        assert result.sample == sample
        assert result.updated == bool(predicted)
        after = flat(t.network.weights)
        assert np.array_equal(np.array(predicted), after) if predicted else np.array_equal(before, after)


# -- renderings with a batch walk's phases ----------------------------------------------------------------
def test_render_markdown_of_a_batch_sample():
    t = make_preset("seed")
    t.step_sample()
    sample, trace, batch, phases = step_phases(t)
    md = render_markdown(trace, sample, phases=phases)
    code_lines = [line[3:-1] for line in md.splitlines() if line.startswith("- `")]
    assert code_lines == [line for p in phases for line in p.lines()]
    assert "## 6. Gradients (2 of 4 in the batch): W weights" in md
    assert "Σ∂L/∂V00 = Σ so far + ∂L/∂V00 = 4 + 6 = 10" in md
    assert md.rstrip("\n").splitlines()[-1] == (
        "No weight changed yet: the gradients wait in the batch's sums; this sample's loss is L = 18.")
    # without phases= the same trace renders as an online step
    assert "weights changed" in render_markdown(trace, sample)


def test_render_text_and_html_of_a_batch_sample():
    t = make_preset("seed")
    sample, trace, batch, phases = step_phases(t)
    text = render_text(trace, sample, phases=phases)
    for n, p in enumerate(phases, 1):
        assert f"{n}. {p.title}" in text
        for line in p.lines():
            assert f"     {line}\n" in text
    assert "No weight changed yet" in text
    page = render_html(trace, sample, phases=phases)
    for line in (line for p in phases for line in p.lines()):
        assert f"<li><code>{html.escape(line)}</code></li>" in page
    assert "No weight changed yet" in page
    assert page.count("<h2>") == len(phases) == 7


def test_render_of_the_completing_batch_sample():
    t = make_preset("seed")
    for _ in range(3):
        t.step_sample()
    sample, trace, batch, phases = step_phases(t)
    assert sample == 3
    for render in (render_text, render_markdown, render_html):
        out = html.unescape(render(trace, sample, phases=phases))
        # the batch's mean loss, not the last sample's (50): J = (8 + 18 + 18 + 50) / 4
        assert "13 of 13 weights changed; the batch's mean loss J went from 23.5 to 1.3151." in out
        assert "J = (1/4)·Σ L = (8 + 18 + 18 + 50) / 4 = 23.5" in out
        assert "V00 := V00 − α·Σ∂L/∂V00 / 4 = 1 − 0.1·26 / 4 = 0.35" in out
    md = render_markdown(trace, sample, phases=phases)
    assert "## 9. Update with the mean gradient: V weights" in md


def test_phases_render_at_the_given_precision():
    t = make_preset("sigmoid")
    sample, trace, batch, phases = step_phases(t, precision=6)
    p4 = build_phases(trace, 4, batch)
    assert [p.title for p in p4] == [p.title for p in phases]
    assert [eq.value for p in p4 for eq in p.equations] == [eq.value for p in phases for eq in p.equations]
    assert p4[0].lines(4) != phases[0].lines(6)


# -- the trainer's batch state -------------------------------------------------------------------------------
def test_batch_position_in_each_mode():
    for batch_size, expected in ((None, [(1, 4), (2, 4), (3, 4), (4, 4)]),
                                 (1, [(1, 1)] * 4),
                                 (2, [(1, 2), (2, 2), (1, 2), (2, 2)]),
                                 (3, [(1, 3), (2, 3), (3, 3), (1, 1)]),
                                 (8, [(1, 4), (2, 4), (3, 4), (4, 4)])):
        t = make_preset("seed")
        t.set_config(TrainingConfig(batch_size=batch_size))
        got = []
        for _ in range(4):
            got.append(t.batch_position())
            t.step_sample()
        assert got == expected, batch_size
        assert t.batch_position() == expected[0]  # a new epoch starts a new batch


def test_accumulated():
    t = make_preset("seed")
    acc = t.accumulated()
    assert [a.shape for a in acc] == [(3, 3), (1, 4)]
    assert all(not np.any(a) for a in acc)
    t.step_sample()
    t.step_sample()
    acc = t.accumulated()
    # samples (0,0) and (0,1): δ 4 and 6, hidden a 1 and 2
    assert np.array_equal(acc[1], np.array([[10.0, 16.0, 16.0, 16.0]]))
    assert np.array_equal(acc[0], np.array([[10.0, 0.0, 6.0]] * 3))
    acc[1][0, 0] = 99.0  # a copy: changing it changes nothing
    assert t.accumulated()[1][0, 0] == 10.0
    t.step_sample()
    t.step_sample()  # the batch completed: nothing accumulated
    assert all(not np.any(a) for a in t.accumulated())


def _other_state():
    other = make_preset("sigmoid")
    other.run_epochs(7)
    other.add_marker("an edit")
    return other


def test_adopt_takes_network_settings_and_history():
    t = make_preset("seed")
    t.run_epochs(3)
    t.step_sample()
    other = _other_state()
    t.adopt(other)
    assert t.network is not other.network
    assert t.network.layers == other.network.layers
    assert t.network.activation_names == ["sigmoid", "sigmoid"]
    assert np.array_equal(flat(t.network.weights), flat(other.network.weights))
    assert t.config == other.config and t.init == other.init
    assert t.epoch == 7
    assert np.array_equal(t.history.values, other.history.values) and len(t.history) == 7
    assert [(m.epoch, m.label) for m in t.markers] == [(7, "an edit")]
    assert t.cursor == 0 and t.pending_samples == 0
    # a copy: training the other session changes nothing here
    other.network.weights[0][0, 0] += 1.0
    other.run_epochs(1)
    assert not np.array_equal(flat(t.network.weights), flat(other.network.weights))
    assert len(t.history) == 7
    # and the adopted state trains exactly like the original would have
    twin = _other_state()
    t.run_epochs(5)
    twin.run_epochs(5)
    assert np.array_equal(flat(t.network.weights), flat(twin.network.weights))
    assert np.array_equal(t.history.values, twin.history.values)


def test_adopt_itself_keeps_the_history():
    # BUG: adopt() truncates its own history before reading other.history.values, so a
    # trainer adopting itself (other is self) loses its whole loss history.
    t = make_preset("seed")
    t.run_epochs(3)
    history = t.history.values.copy()
    t.adopt(t)
    assert np.array_equal(t.history.values, history)
    assert t.epoch == 3


def test_adopt_refuses_different_data_and_changes_nothing():
    t = make_preset("seed")
    t.run_epochs(2)
    t.step_sample()
    t.add_marker("mine")
    weights, config, init = flat(t.network.weights), t.config, t.init
    history = t.history.values.copy()
    state = (t.epoch, t.cursor, t.pending_samples, t.batch_position(), [a.copy() for a in t.accumulated()])
    network = t.network
    other = make_preset("sigmoid")
    from xorgui.core import Trainer
    other = Trainer(other.network, Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [0], [0], [1]]), other.config)
    with pytest.raises(ValueError, match="different data"):
        t.adopt(other)
    assert t.network is network
    assert np.array_equal(flat(t.network.weights), weights)
    assert t.config is config and t.init is init
    assert np.array_equal(t.history.values, history)
    assert (t.epoch, t.cursor, t.pending_samples, t.batch_position()) == state[:4]
    assert all(np.array_equal(a, b) for a, b in zip(t.accumulated(), state[4]))
    assert [m.label for m in t.markers] == ["mine"]

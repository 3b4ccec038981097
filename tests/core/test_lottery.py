"""The initialization lottery against K single-net runs, and what it reports about them.

Each lottery run must be the run a user gets by training a single network from the same seed
(``LotterySpec.trainer``): the same weights and losses to 1e-12 whichever engine trains either,
the same epoch at which it became solved, and the diagnosis the Diagnostics panel gives that
trainer. The lottery mirrors one single-net engine operation for operation: through the numpy
engine's it equals that engine bit for bit; through the scalar path's (tiny networks, the
default) it equals the scalar path bit for bit where no ``tanh`` is involved.
"""

import itertools
import json
import math

import numpy as np
import pytest

from xorgui.core import ACTIVATIONS, LOSSES, REGULARIZERS, Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.accuracy import right_samples
from xorgui.core.diagnostics import diagnose
from xorgui.core.divergence import first_divergence
from xorgui.core.lottery import MAX_RUNS, MIN_RUNS, Lottery, LotterySpec
from xorgui.core.lottery_report import CATEGORIES, Diagnoser, run_lottery
from xorgui.core.numbers import significant
from xorgui.core.presets import make_preset

N_SAMPLES = 7  # with k = 3 the last mini-batch is partial (3 + 3 + 1)
BATCHES = {"full batch": None, "online": 1, "mini-batch of 2": 2, "mini-batch of 3": 3}


def random_problem(loss: str, regularization: str, batch, shuffle: bool) -> Trainer:
    """A 3-4-2 tanh/sigmoid network on 7 random samples (targets in [0, 1] for every loss)."""
    rng = np.random.default_rng(11)
    data = Dataset(rng.uniform(-2, 2, (N_SAMPLES, 3)), rng.uniform(0, 1, (N_SAMPLES, 2)))
    config = TrainingConfig(learning_rate=0.7, loss=loss, batch_size=batch, regularization=regularization,
                            regularization_rate=0.0 if regularization == "none" else 0.03,
                            shuffle=shuffle, shuffle_seed=5)
    return xor_trainer([3, 4, 2], ["tanh", "sigmoid"], Initialization("uniform", scale=1.5, seed=40), data=data,
                       config=config)


def xor_trainer(layers, activations, init, data=None, config=None, **settings) -> Trainer:
    return Trainer(Network(layers, activations, init.make(layers)), data or Dataset.xor(),
                   config or TrainingConfig(**settings), init)


def assert_equals_single_runs(spec: LotterySpec, lottery: Lottery) -> None:
    """Every run against single runs from its seed through both engines: bit for bit through the
    engine the lottery mirrors when that is the numpy engine, to 1e-12 otherwise."""
    for i, seed in enumerate(spec.seeds):
        for engine in ("numpy", "scalar") if lottery.engine == "scalar" else ("numpy",):
            single = spec.trainer(seed)
            single.run_epochs(lottery.epoch, engine=engine)
            for mine, theirs in zip(lottery.run_weights(i), single.network.weights):
                if lottery.engine == engine == "numpy":
                    assert np.array_equal(mine, theirs, equal_nan=True), f"seed {seed}"
                np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12, err_msg=f"seed {seed}")
            history = single.history.values
            recent = lottery.recent_losses(i)
            np.testing.assert_allclose(recent, history[len(history) - len(recent):], rtol=1e-12, atol=0)
            np.testing.assert_allclose(lottery.loss[i], single.current_loss(), rtol=1e-12, atol=0)


def every_pair_fast(*values: list) -> list:
    """Every combination of ``values`` as a pytest param, in their order: in the default tier a few
    that between them meet every pair of settings (picked greedily: 12 of the 48 below, the least
    possible, 4 batch modes x 3 regularizers), the rest in the slow tier (all 48 took 2.4 s)."""
    combos = list(itertools.product(*values))

    def pairs(combo):
        return set(itertools.combinations(enumerate(combo), 2))

    left, fast = set().union(*map(pairs, combos)), set()
    while left:
        best = max(combos, key=lambda c: len(pairs(c) & left))
        fast.add(best)
        left -= pairs(best)
    return [c if c in fast else pytest.param(*c, marks=pytest.mark.slow) for c in combos]


@pytest.mark.parametrize(("engine", "mode", "loss", "regularization"),
                         every_pair_fast(["numpy", "auto"], sorted(BATCHES), sorted(LOSSES), sorted(REGULARIZERS)))
def test_every_run_equals_the_single_run_from_its_seed(engine, mode, loss, regularization):
    shuffle = BATCHES[mode] not in (None, 1)
    trainer = random_problem(loss, regularization, BATCHES[mode], shuffle)
    assert trainer.config.batch_mode(N_SAMPLES) == mode
    spec = LotterySpec.of(trainer, MIN_RUNS, 15)
    lottery = Lottery(spec, engine)
    assert lottery.engine == ("scalar" if engine == "auto" else "numpy")  # 3-4-2 is tiny
    assert lottery.train(15) == 15
    assert_equals_single_runs(spec, lottery)
    # the runs differ from each other and from their start: equal because both computed the same
    assert not np.array_equal(lottery.run_weights(0)[0], lottery.run_weights(1)[0])
    assert not np.array_equal(lottery.run_weights(0)[0], spec.trainer(spec.seeds[0]).network.weights[0])


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("engine", ["numpy", "auto"])
def test_every_activation_and_a_deeper_network(engine, hidden):
    trainer = xor_trainer([2, 4, 3, 1], [hidden, hidden, "sigmoid"], Initialization("he", seed=7),
                          learning_rate=0.5, batch_size=2)
    spec = LotterySpec.of(trainer, MIN_RUNS, 30)
    lottery = Lottery(spec, engine)
    lottery.train(30)
    assert_equals_single_runs(spec, lottery)


@pytest.mark.parametrize("batch, regularization", [(None, "l2"), (3, "none"), (1, "l1")])
def test_without_tanh_the_tiny_engine_is_the_scalar_path_bit_for_bit(batch, regularization):
    # every operation of the unrolled engine is an IEEE-exact + − × ÷ in the scalar path's order
    data = random_problem("squared", regularization, batch, shuffle=False).data
    trainer = xor_trainer([3, 4, 2], ["leaky_relu", "identity"], Initialization("normal", 0.0, 0.5, 3), data=data,
                          learning_rate=0.05, batch_size=batch, regularization=regularization,
                          regularization_rate=0.03, shuffle=batch is not None, shuffle_seed=5)
    spec = LotterySpec.of(trainer, MIN_RUNS, 40)
    lottery = Lottery(spec)
    assert lottery.engine == "scalar"
    lottery.train(40)
    for i, seed in enumerate(spec.seeds):
        single = spec.trainer(seed)
        single.run_epochs(40, engine="scalar")
        for mine, theirs in zip(lottery.run_weights(i), single.network.weights):
            assert np.isfinite(mine).all() and np.array_equal(mine, theirs), f"seed {seed}"
    assert not np.array_equal(lottery.run_weights(0)[0], spec.trainer(spec.seeds[0]).network.weights[0])


def test_bigger_networks_run_as_the_numpy_engine_and_the_scalar_engine_only_for_tiny_ones():
    trainer = xor_trainer([2, 12, 12, 1], ["tanh", "tanh", "sigmoid"], Initialization("xavier"))
    spec = LotterySpec.of(trainer, MIN_RUNS, 5)
    assert Lottery(spec).engine == "numpy"
    with pytest.raises(ValueError, match="only for tiny networks"):
        Lottery(spec, "scalar")
    with pytest.raises(ValueError, match="unknown engine"):
        Lottery(spec, "fast")


def test_diverging_runs_stay_equal_and_are_diagnosed_as_the_panel_does():
    trainer = xor_trainer([2, 3, 1], ["relu", "identity"], Initialization("normal", scale=2.0), learning_rate=3.0)
    spec = LotterySpec.of(trainer, MIN_RUNS, 60)
    lottery = Lottery(spec)
    lottery.train(60)
    assert_equals_single_runs(spec, lottery)
    for i, seed in enumerate(spec.seeds):  # the epoch the rule fired, as on the single run's losses
        single = spec.trainer(seed)
        start = single.current_loss()
        single.run_epochs(60)
        found = first_divergence(single.history.values, 1, math.inf if math.isnan(start) else start)
        assert lottery.diverged_at[i] == (found.epoch if found else 0), f"seed {seed}"
        if found:
            assert lottery.diverged_loss[i] == pytest.approx(found.loss, rel=1e-12, nan_ok=True)
    assert (lottery.diverged_at > 0).any()
    result = diagnosed_in_steps(lottery)
    diverged = [r for r in result.runs if r.diagnosis == "diverged"]
    assert diverged and all(r.diverged_at is not None and not r.solved for r in diverged)
    assert result.to_json()["by_diagnosis"]["diverged"] == len(diverged)
    json.dumps(result.to_json(), allow_nan=False)  # inf/NaN losses are null in JSON


def diagnosed_in_steps(lottery: Lottery):
    diagnoser = Diagnoser(lottery)
    while not diagnoser.finished:
        assert diagnoser.advance(0.0) == 1  # at least one run per call, even with no time
    return diagnoser.result()


def test_epochs_to_solve_is_where_the_single_runs_truth_table_turned_right_for_good():
    trainer = make_preset("tanh")  # tanh + sigmoid, cross-entropy, Xavier, α = 0.5: most runs solve fast
    spec = LotterySpec.of(trainer, MIN_RUNS, 100, precision=3)
    result = run_lottery(spec)
    assert result.solved and any(r.epochs_to_solve > 0 for r in result.solved)
    for run in result.runs:
        single = spec.trainer(run.seed)
        right = []
        for _ in range(spec.epochs + 1):
            if right:
                single.run_epochs(1, engine="numpy")
            right.append(bool(right_samples(single.forward().output, single.data.targets, 3).all()))
        assert run.solved == right[-1]
        if run.solved:
            streak_start = max(e for e in range(len(right)) if right[e] and (e == 0 or not right[e - 1]))
            assert run.epochs_to_solve == streak_start
        else:
            assert run.epochs_to_solve is None
        assert run.final_loss == pytest.approx(single.current_loss(), rel=1e-12)


def test_each_failure_gets_the_diagnosis_the_panel_gives_its_single_run():
    # ReLU hidden units from He weights: some die, some runs plateau, some solve
    trainer = xor_trainer([2, 3, 1], ["relu", "sigmoid"], Initialization("he"), learning_rate=0.5)
    spec = LotterySpec.of(trainer, 20, 300)
    result = run_lottery(spec)
    counts = dict(result.by_diagnosis())
    assert counts.get("dead", 0) > 0 and result.solved
    assert sum(counts.values()) == len(result.failed) == len(result.runs) - len(result.solved)
    for run in result.failed[:8]:
        single = spec.trainer(run.seed)
        single.run_epochs(spec.epochs, engine="numpy")
        kinds = [str(f.kind) for f in diagnose(single)]
        assert list(run.findings) == kinds
        losses = single.history.values
        measured = "falling" if losses[-1] < losses[-200] else "not_falling"  # over its last 200 epochs
        category = next((c.key for c in CATEGORIES if kinds and kinds[0] in c.kinds), measured)
        assert run.diagnosis == category


def test_a_run_with_no_finding_is_still_improving_only_if_its_loss_fell():
    """An L1 penalty (λ = 0.05) holds the sigmoid example's runs at a loss of about 0.125, rising by a
    few thousandths of a percent: no rule names a cause, and they were all 'still improving'."""
    from dataclasses import replace
    trainer = make_preset("sigmoid")
    trainer.set_config(replace(trainer.config, regularization="l1", regularization_rate=0.05))
    spec = LotterySpec.of(trainer, 10, 2500)
    result = run_lottery(spec)
    assert result.by_diagnosis() == [("falling", 6), ("not_falling", 4)]
    for run in result.failed[:2]:  # one of each kind, against its single run
        if run.diagnosis in ("falling", "not_falling"):
            single = spec.trainer(run.seed)
            single.run_epochs(spec.epochs, engine="numpy")
            losses = single.history.values
            assert (losses[-1] < losses[-200]) == (run.diagnosis == "falling"), run.seed
    assert "Not solved, loss not falling" in result.render_text()


def test_a_linear_network_never_solves_xor_and_says_why():
    trainer = xor_trainer([2, 3, 1], ["identity", "sigmoid"], Initialization("uniform"), learning_rate=1.0)
    result = run_lottery(LotterySpec.of(trainer, MIN_RUNS, 200))
    assert result.solved_fraction == 0.0
    assert result.by_diagnosis() == [("linear", MIN_RUNS)]
    text = result.render_text()
    assert "Solved: 0 of 10 (0.0%)" in text and "Linear network" in text


def test_chunks_of_work_give_the_same_result_as_one_call_and_stop_at_the_epochs_asked():
    trainer = make_preset("sigmoid")
    spec = LotterySpec.of(trainer, 150, 97)
    whole, chunked = Lottery(spec), Lottery(spec)
    whole.train(1000)
    ticks = iter(range(10**6))
    assert chunked.advance(0.5, clock=lambda: next(ticks)) == 0  # out of time after drawing 100 runs
    assert chunked.drawn == 100 and not chunked.ready
    while not chunked.trained:
        chunked.advance(5.0, clock=lambda: next(ticks))  # a fake clock: chunks of 1, 2, 4 … epochs
    assert whole.epoch == chunked.epoch == 97
    assert chunked.train(5) == 0
    for i in range(0, 150, 7):
        for a, b in zip(whole.run_weights(i), chunked.run_weights(i)):
            assert np.array_equal(a, b)
        assert np.array_equal(whole.recent_losses(i), chunked.recent_losses(i))
        assert np.array_equal(whole.recent_sample_losses(i), chunked.recent_sample_losses(i))
    for record in ("loss", "solved", "solved_since", "diverged_at", "best"):
        assert np.array_equal(getattr(whole, record), getattr(chunked, record)), record


def test_seeds_are_consecutive_from_the_first_and_a_run_opens_as_its_single_trainer():
    trainer = make_preset("sigmoid")
    spec = LotterySpec.of(trainer, 12, 10, init=Initialization("xavier", seed=100))
    assert list(spec.seeds) == list(range(100, 112))
    opened = spec.trainer(105)
    assert opened.epoch == 0 and opened.init == Initialization("xavier", seed=105)
    for a, b in zip(opened.network.weights, Initialization("xavier", seed=105).make([2, 3, 1])):
        assert np.array_equal(a, b)
    assert opened.config == trainer.config


@pytest.mark.parametrize("change, reason", [
    (dict(runs=MIN_RUNS - 1), "runs must be from 10 to 10,000"),
    (dict(runs=MAX_RUNS + 1), "runs must be from 10 to 10,000"),
    (dict(epochs=0), "epochs must be from 1"),
    (dict(init=Initialization("constant", 1.0)), "constant initialization gives every seed the same weights"),
    (dict(init=Initialization("uniform", seed=2**63 - 5)), "below 2^63"),
    (dict(init=Initialization("uniform", scale=0.0)), "scale 0 makes every weight 0 whatever the seed"),
    (dict(init=Initialization("normal", scale=0.0)), "scale 0 makes every weight 0 whatever the seed"),
    (dict(precision=1), "decimals must be from 2 to 8"),
])
def test_bad_lotteries_are_refused_with_the_reason(change, reason):
    spec = LotterySpec.of(make_preset("sigmoid"), MIN_RUNS, 100)
    bad = LotterySpec(**{**spec.__dict__, **change})
    assert reason in bad.problem()
    with pytest.raises(ValueError, match=reason.replace("^", r"\^")):
        Lottery(bad)


def test_a_lottery_too_big_for_memory_is_refused_before_anything_is_allocated():
    rng = np.random.default_rng(0)
    data = Dataset(rng.uniform(size=(10_000, 16)), rng.uniform(size=(10_000, 16)))
    trainer = xor_trainer([16, 16, 16, 16], ["tanh", "tanh", "sigmoid"], Initialization("xavier"), data=data)
    problem = LotterySpec.of(trainer, MAX_RUNS, 10).problem()
    assert "would need about" in problem and "choose fewer runs" in problem


def test_an_incompatible_loss_is_refused_as_a_single_trainer_would_be():
    trainer = make_preset("sigmoid")
    spec = LotterySpec.of(trainer, MIN_RUNS, 10)
    spec = LotterySpec(**{**spec.__dict__, "activations": ("sigmoid", "tanh"),
                          "config": TrainingConfig(loss="cross_entropy")})
    assert "needs a sigmoid output unit" in spec.problem()


def test_histograms_count_every_solved_run_and_every_finite_loss():
    result = run_lottery(LotterySpec.of(make_preset("tanh"), 20, 120))
    edges, counts = result.epochs_histogram(bins=12)
    assert counts.sum() == len(result.solved) and edges[0] == 0 and edges[-1] == 120
    edges, counts = result.loss_histogram(bins=8)
    assert counts.sum() == np.isfinite(result.final_losses()).sum() == 20
    assert 10 ** edges[0] <= result.final_losses().min() and result.final_losses().max() <= 10 ** edges[-1]
    doc = result.to_json()
    assert doc["solved"] == len(result.solved) and len(doc["results"]) == 20
    assert [r["seed"] for r in doc["results"]] == list(range(3, 23))  # the preset's seed is the first
    assert all(math.isfinite(r["final_loss"]) for r in doc["results"])


def test_the_summary_writes_final_losses_as_the_window_and_the_run_table_do():
    # Python's .3g wrote 0.0211 and 0.365 beside the run table's 0.02111 and 0.3652 (and
    # 4.84e-05 beside 4.842e−5)
    result = run_lottery(LotterySpec.of(make_preset("tanh"), 10, 300))
    losses = np.sort([r.final_loss for r in result.runs])
    assert result.summary_lines()[-1] == (f"Final loss: median {significant(np.median(losses))}, "
                                          f"lowest {significant(losses[0])}, highest {significant(losses[-1])}")
    assert "lowest 0.02111, highest 0.3652" in result.summary_lines()[-1]


def test_the_median_and_quartiles_of_epochs_to_solve_are_written_as_they_are():
    # an even number of solved runs: the median halfway between the middle two (x.5), which
    # '{:.0f}' rounded half to even (108.5 read 108, 479.5 read 480); recomputed from the runs
    result = run_lottery(LotterySpec.of(make_preset("tanh"), 20, 300))
    e = sorted(r.epochs_to_solve for r in result.solved)
    q1, med, q3 = np.percentile(e, [25, 50, 75])
    assert len(e) % 2 == 0 and med == (e[len(e) // 2 - 1] + e[len(e) // 2]) / 2

    def exact(x):
        return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0")
    line = next(line for line in result.summary_lines() if line.startswith("Epochs to solve"))
    assert line.startswith(f"Epochs to solve: median {exact(med)}, middle half {exact(q1)}–{exact(q3)}, ")
    assert any(x != int(x) for x in (q1, med, q3)), "pick a lottery whose figures fall between whole epochs"


@pytest.mark.parametrize("batch_size", [1, 7])  # online; mini-batches of 7, whose last is of 5 samples
def test_a_long_epoch_is_trained_in_parts_that_end_as_one_epoch_at_once_would(batch_size):
    """An epoch of 2,000 samples in batches, 10 runs of 2-8-1: far more than a slice of the window's
    time. advance() trains a part a call (a whole epoch held the window 0.5-1.5 s on 10,000 samples),
    and the parts add up to the same updates, bit for bit, as the epoch trained in one go."""
    from xorgui.core.datasets import DataSource, build
    train, _ = build(DataSource("circle", {"size": 2000}))
    trainer = xor_trainer([2, 8, 1], ["tanh", "sigmoid"], Initialization("xavier", seed=0), data=train,
                          learning_rate=0.1, batch_size=batch_size, shuffle=True)
    spec = LotterySpec.of(trainer, MIN_RUNS, 2)
    parts, whole = Lottery(spec), Lottery(spec)
    calls = 0
    while parts.epoch < 1:
        parts.advance(seconds=0.001)  # a slice far shorter than the epoch
        calls += 1
    assert calls > 3  # it took parts
    whole.train(1)
    for i in range(MIN_RUNS):
        assert all(np.array_equal(a, b) for a, b in zip(parts.run_weights(i), whole.run_weights(i)))
    assert np.array_equal(parts.recent_losses(0), whole.recent_losses(0))

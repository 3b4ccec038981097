"""LotterySpec.describe and describe_runs without Qt: which initialization the runs use, in the
app's words and numbers (Initialization.draws, core.numbers.fmt)."""

from dataclasses import replace

from xorgui.core import Initialization
from xorgui.core.lottery import LotterySpec
from xorgui.core.presets import make_preset
from xorgui.core.reshape import new_weights_text

SIGMOID = ("Each run: 2-3-1 sigmoid/sigmoid, squared error loss, full batch, learning rate 2, "
           "random initialization (uniform in ±1). Runs use {relation}; they differ only in their seeds, {seeds}.")


def test_the_session_s_own_initialization():
    session = make_preset("sigmoid")
    spec = LotterySpec.of(session, 20, 400)
    assert spec.describe_runs(session.init) == SIGMOID.format(
        relation="the session's network, settings and initialization", seeds="1–20")


def test_another_initialization_is_named_as_the_session_s():
    session = make_preset("sigmoid")
    spec = LotterySpec.of(session, 10, 400, init=Initialization("he", seed=7))
    assert spec.describe_runs(session.init) == (
        "Each run: 2-3-1 sigmoid/sigmoid, squared error loss, full batch, learning rate 2, random initialization "
        "(He normal). Runs use the session's network and settings, but not its initialization, which is random "
        "initialization (uniform in ±1); they differ only in their seeds, 7–16.")


def test_a_constant_session_says_the_lottery_draws_at_random():
    session = make_preset("symmetric")
    spec = LotterySpec.of(session, 10, 400, init=Initialization("xavier", seed=0))
    assert spec.describe_runs(session.init) == (
        "Each run: 2-3-1 sigmoid/sigmoid, squared error loss, full batch, learning rate 2, random initialization "
        "(Xavier/Glorot uniform). Runs use the session's network and settings, but not its initialization: the session's "
        "constant initialization (every weight 1) would give every run the same weights, so the lottery draws "
        "them at random; they differ only in their seeds, 0–9.")


def test_numbers_are_written_as_the_window_writes_settings():
    session = make_preset("symmetric")
    session.config = replace(session.config, learning_rate=1e-5)
    spec = LotterySpec.of(session, 10, 400, init=Initialization("normal", scale=0.25))
    text = spec.describe_runs(Initialization("constant", -0.5))
    assert "learning rate 0.00001," in text and "normal with σ = 0.25" in text
    assert "constant initialization (every weight −0.5)" in text  # a true minus, as fmt writes it
    assert "e-05" not in text and "-0.5" not in text


def test_one_initialization_is_described_alike_everywhere():
    constant, uniform = Initialization("constant", -0.5), Initialization("uniform", scale=0.5, seed=7)
    assert constant.draws() == "every weight −0.5"
    assert new_weights_text(constant) == "every weight −0.5 (constant initialization)"
    assert new_weights_text(uniform) == "random, uniform in ±0.5, seed 7"
    assert Initialization("normal", scale=1e-5).draws() == "normal with σ = 0.00001"

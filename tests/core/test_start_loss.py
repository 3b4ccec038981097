"""Epoch 0: the loss of the weights a run started from, one definition for the plot, the CSV
export, undo, time travel, session files and the divergence rule."""

import json
import math
from dataclasses import replace

import numpy as np

from xorgui.core import sessionfile as sf
from xorgui.core.divergence import divergence_in_history
from xorgui.core.losscurve import LossCurve
from xorgui.core.presets import make_preset

ARTICLE_START = 23.5  # all weights 1: ŷ = 4, 7, 7, 10 for targets 0, 1, 1, 0; mean of ½(ŷ − y)²


def test_before_training_the_start_is_the_current_weights_loss_and_training_keeps_it():
    t = make_preset("article")
    assert t.start_loss == ARTICLE_START and t.history.start is None
    t.step_sample()  # W10 = … = 0.6: the current loss is 5.3752, the start stays
    assert t.current_loss() == 5.3752 and t.start_loss == ARTICLE_START
    t.run_epochs(3)
    assert t.start_loss == ARTICLE_START and len(t.history) == 3
    rows = list(LossCurve.of(t.history).rows())
    assert rows[0] == (0, ARTICLE_START, "exact") and [r[0] for r in rows] == [0, 1, 2, 3]
    assert [r[1] for r in rows[1:]] == list(t.history.values)  # every other number as before


def test_undo_and_reinitialize_keep_the_start_of_their_own_run():
    t = make_preset("article")
    t.run_epochs(2)
    before = t.capture(history_base=0)
    t.reinitialize(make_preset("sigmoid").init)  # another run: its own start, once it trains
    t.run_epochs(1)
    assert t.start_loss != ARTICLE_START
    t.restore(before)
    assert t.start_loss == ARTICLE_START and len(t.history) == 2


def test_a_session_file_keeps_the_start_and_an_older_one_has_none(tmp_path):
    t = make_preset("article")
    t.run_epochs(2)
    sf.save(t, tmp_path / "s.json")
    assert sf.load(tmp_path / "s.json").start_loss == ARTICLE_START
    doc = json.loads((tmp_path / "s.json").read_text())
    assert doc["history"]["start"] == ARTICLE_START
    del doc["history"]["start"]  # a file written before the start was saved
    (tmp_path / "old.json").write_text(json.dumps(doc))
    old = sf.load(tmp_path / "old.json")
    assert old.start_loss is None and list(LossCurve.of(old.history).rows())[0][0] == 1


def test_the_divergence_rule_on_a_saved_history_starts_from_the_starting_loss(tmp_path):
    # full batch, α = 1000 on the article's network: epoch 1's loss 1.1e17 > 1000 · 23.5 (docs/divergence.md)
    t = make_preset("seed")
    t.set_config(replace(t.config, learning_rate=1000.0))
    t.run_epochs(1)
    assert t.history.values[0] > 1000 * ARTICLE_START and math.isfinite(t.history.values[0])
    found = divergence_in_history(t)
    assert found is not None and found.epoch == 1 and found.best == ARTICLE_START
    t.history.start = None  # unknown (an older file): the first loss is the first reference
    assert divergence_in_history(t) is None
    assert np.isfinite(t.history.values).all()

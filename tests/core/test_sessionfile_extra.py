"""Session files: a long history is written exactly across the encoder's slices; extra top-level
keys (autosave's recovery record) are kept for the caller that asks and ignored by load."""

import json
import math

import numpy as np
import pytest

from xorgui.core import sessionfile as sf
from xorgui.core.presets import default_session


@pytest.mark.parametrize("n", [0, 1, 4095, 4096, 4097, 10_000])
def test_the_history_reads_back_bit_for_bit_and_diverged_losses_as_null(tmp_path, n):
    t = default_session()
    losses = np.random.default_rng(n).random(n) * 10.0 ** np.random.default_rng(1).integers(-300, 300, n)
    if n:
        losses[n // 2] = np.inf
    t.history.extend(losses)
    t.epoch = n
    sf.save(t, tmp_path / "s.json")
    doc = json.loads((tmp_path / "s.json").read_text())
    assert len(doc["history"]) == n and (n == 0 or doc["history"][n // 2] is None)
    back = sf.load(tmp_path / "s.json").history.values
    finite = np.isfinite(losses)
    assert np.array_equal(back[finite], losses[finite]) and np.isnan(back[~finite]).all()


def test_extra_keys_come_back_to_who_asks_and_are_ignored_otherwise(tmp_path):
    t = default_session()
    sf.save(t, tmp_path / "s.json", {"recovery": {"path": "/x/mine.json", "cursor": 2}})
    trainer, doc = sf.load_with_extra(tmp_path / "s.json")
    assert doc["recovery"] == {"path": "/x/mine.json", "cursor": 2}
    assert sf.dumps(trainer) == sf.dumps(sf.load(tmp_path / "s.json")) == sf.dumps(t)
    assert math.isclose(trainer.network.weights[0][0, 0], 1.0)

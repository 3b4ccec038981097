"""Session files: extra top-level keys (autosave's recovery record) are kept for the caller that
asks and ignored by load."""

import math

from xorgui.core import sessionfile as sf
from xorgui.core.presets import default_session


def test_extra_keys_come_back_to_who_asks_and_are_ignored_otherwise(tmp_path):
    t = default_session()
    sf.save(t, tmp_path / "s.json", {"recovery": {"path": "/x/mine.json", "cursor": 2}})
    trainer, doc = sf.load_with_extra(tmp_path / "s.json")
    assert doc["recovery"] == {"path": "/x/mine.json", "cursor": 2}
    assert sf.dumps(trainer) == sf.dumps(sf.load(tmp_path / "s.json")) == sf.dumps(t)
    assert math.isclose(trainer.network.weights[0][0, 0], 1.0)

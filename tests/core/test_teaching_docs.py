"""What the README and docs tell a learner about the default session, recomputed by the engine."""

import json
import re
from pathlib import Path

from xorgui.core import sessionfile
from xorgui.core.numbers import fmt
from xorgui.core.presets import PRESETS, default_session, make_preset

ROOT = Path(__file__).resolve().parents[2]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_readme_describes_the_default_sessions_first_step_and_the_full_batch_epoch():
    readme = flat((ROOT / "README.md").read_text(encoding="utf-8"))
    online = default_session()
    assert online.config.batch_mode(len(online.data)) == "online"
    online.step_sample()
    w, v = online.network.weights
    prediction = online.network.forward(online.data.inputs[:1]).output[0, 0]
    assert f"goes from 1 to {fmt(w[0, 0])}" in readme and fmt(v[0, 1]) == fmt(w[0, 0])
    assert f"the zero inputs stay at {fmt(w[0, 1])}" in readme
    assert f"falls from 4 to {fmt(prediction)}" in readme
    batch = make_preset("seed")
    batch.run_epochs(1)
    w, v = batch.network.weights
    assert (f"gives {fmt(w[0, 0])} on the bias weights, {fmt(w[0, 1])} on the weights from the inputs "
            f"and {fmt(v[0, 1])} on the weights from the hidden units") in readme
    assert fmt(v[0, 0]) == fmt(w[0, 0])  # V00 is a bias weight too
    assert PRESETS["seed"].title in readme


def test_session_format_example_is_what_xorgui_new_writes():
    doc = (ROOT / "docs" / "session-format.md").read_text(encoding="utf-8")
    block = doc.split("## Complete example: the default session")[1].split("```json")[1].split("```")[0]
    assert json.loads(block) == sessionfile.to_dict(default_session())

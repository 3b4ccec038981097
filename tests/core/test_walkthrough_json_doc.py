"""docs/walkthrough-json.md documents exactly the keys `xorgui walkthrough --format json` writes,
and its example is what the CLI prints for the default session."""

import json
import re
from pathlib import Path

import pytest

from xorgui.core import sessionfile as sf

from .test_cli import run, write_doc

DOC = (Path(__file__).resolve().parents[2] / "docs" / "walkthrough-json.md").read_text(encoding="utf-8")
SECTIONS = {"Top-level keys": "top", "Keys of each step": "step", "Keys of each forward entry": "forward",
            "Keys of each deltas entry": "deltas", "Keys of each update": "update", "Keys of each phase": "phase"}


def documented() -> dict[str, set[str]]:
    keys = {}
    for title, part in SECTIONS.items():
        body = DOC.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
        keys[part] = set(re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.M))
        assert keys[part], title
    return keys


def written(doc: dict) -> dict[str, list[set[str]]]:
    steps = doc["steps"]
    return {"top": [set(doc)], "step": [set(s) for s in steps],
            "forward": [set(f) for s in steps for f in s["forward"]],
            "deltas": [set(d) for s in steps for d in s["deltas"]],
            "update": [set(u) for u in doc["updates"]], "phase": [set(p) for p in doc["phases"]]}


def cli_json(capsys, path, *args) -> dict:
    code, out, err = run(capsys, "walkthrough", path, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def session(tmp_path, capsys, preset, **training):
    path = tmp_path / f"{preset}-{len(training)}.json"
    assert run(capsys, "new", "--out", path, "--preset", preset, "--force")[0] == 0
    if training:
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["training"].update(training)
        write_doc(path, doc)
    return path


@pytest.mark.parametrize("preset,training,args", [
    ("article", {}, ()), ("seed", {}, ()), ("seed", {}, ("--online", "--sample", "2")),
    ("sigmoid", {"batch_size": 2, "regularization": "l1", "regularization_rate": 0.01}, ()),
    ("deep", {}, ()), ("tanh", {"batch_size": 3}, ()),
])
def test_every_key_written_is_documented_and_every_documented_key_is_written(tmp_path, capsys, preset,
                                                                             training, args):
    doc = cli_json(capsys, session(tmp_path, capsys, preset, **training), *args)
    keys = documented()
    for part, found in written(doc).items():
        assert found, part
        for k in found:
            assert k == keys[part], (part, k ^ keys[part])


def test_an_overflowing_step_writes_null_as_the_doc_says(tmp_path, capsys):
    doc = sf.default_document()
    doc["network"]["weights"] = [[[1e200] * 3] * 3, [[1e200] * 4]]
    out = cli_json(capsys, write_doc(tmp_path / "s.json", doc), "--online", "--sample", "3")
    assert out["steps"][0]["loss"] is None
    assert "written as `null`" in DOC and "Infinity" not in DOC


def test_the_example_is_what_the_cli_prints_for_the_default_session(tmp_path, capsys):
    path = tmp_path / "doc-example.json"
    assert run(capsys, "new", "--out", path, "--force")[0] == 0
    actual = cli_json(capsys, path)
    example = json.loads(DOC.split("## Example: the default session")[1].split("```json")[1].split("```")[0])
    assert {k: v for k, v in example.items() if k != "phases"} == {k: v for k, v in actual.items() if k != "phases"}
    assert len(example["phases"]) == len(actual["phases"])
    for shown, full in zip(example["phases"], actual["phases"]):
        assert {k: shown[k] for k in ("step", "sample", "kind", "title")} == \
               {k: full[k] for k in ("step", "sample", "kind", "title")}
        if full["kind"] == "update":  # cut to the first four lines
            assert shown["lines"] == full["lines"][:4]
        else:
            assert shown["lines"] == full["lines"]
    counts = re.search(r"they have (\d+)\nand (\d+)\)", DOC)
    assert counts and [int(c) for c in counts.groups()] == [len(p["lines"]) for p in actual["phases"][-3:-1]]

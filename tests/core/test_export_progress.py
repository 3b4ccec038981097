"""A long spreadsheet export reports how far it is and can be stopped: stopped, it writes nothing
and leaves a file it would have replaced as it was (core.cancel; the window's progress dialog)."""

import zipfile

import pytest

from xorgui.core.cancel import Cancelled
from xorgui.core.datasets import DataSource, build
from xorgui.core.init import Initialization
from xorgui.core.network import Network
from xorgui.core.training import Trainer, TrainingConfig
from xorgui.export import export


def _circle(samples: int) -> Trainer:
    train, _ = build(DataSource("circle", {"size": samples}))
    init = Initialization("uniform", seed=1)
    return Trainer(Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1])), train,
                   TrainingConfig(batch_size=None), init)


def _sheet(path) -> bytes:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml")


def test_progress_rises_from_0_to_the_end_and_the_sheet_is_the_one_written_without_it(tmp_path):
    session, seen = _circle(300), []
    export(session, tmp_path / "with.xlsx", report=seen.append)
    export(session, tmp_path / "without.xlsx")
    assert _sheet(tmp_path / "with.xlsx") == _sheet(tmp_path / "without.xlsx")
    # the last report comes before compressing: a stop asked for after it would come too late
    assert seen[0] == 0 and seen == sorted(seen) and 0.85 < seen[-1] < 1
    assert len(seen) >= 10  # working the step, building the rows, writing them: each reports as it goes
    assert min(seen[i] for i in range(len(seen)) if seen[i] > 0.5) < 0.75  # not one jump at the end


@pytest.mark.parametrize("after", [1, 5, 12])  # while working the step, building the rows, writing them
def test_a_stopped_export_writes_nothing_and_keeps_the_file_it_would_replace(tmp_path, after):
    target = tmp_path / "sheet.xlsx"
    target.write_bytes(b"the learner's earlier export")
    calls = []

    def stop_later(fraction):
        calls.append(fraction)
        if len(calls) > after:
            raise Cancelled

    with pytest.raises(Cancelled):
        export(_circle(300), target, report=stop_later)
    assert len(calls) == after + 1
    assert target.read_bytes() == b"the learner's earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.xlsx"]  # no temporary file left


def test_a_read_only_spreadsheet_is_refused_not_replaced(tmp_path):
    from xorgui.export import ExportError

    target = tmp_path / "sheet.xlsx"
    target.write_bytes(b"kept")
    target.chmod(0o444)
    with pytest.raises(ExportError, match="read-only"):
        export(_circle(4), target)
    assert target.read_bytes() == b"kept"

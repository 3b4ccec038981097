"""The CSV exports (loss history, data) say why they cannot write, in the words docs/exports.md
promises and the .py/.xlsx/.pdf exports give: the path, the reason, what to do."""

import pytest

CHOOSE = "Choose another folder (one you can write to) or another name."


@pytest.mark.parametrize("export, prefix", [("export_history_csv", "Could not export"),
                                            ("export_data_csv", "Could not export the data")])
def test_a_missing_folder_is_named_with_what_to_do(controller, tmp_path, export, prefix):
    # it said "Could not export: No such file or directory", naming neither the path nor a way out
    target = tmp_path / "nodir" / "h.csv"
    result = getattr(controller, export)(target)
    assert not result
    assert result.reason == (f"{prefix}: cannot write {target}: the folder {(tmp_path / 'nodir').resolve()} "
                             f"does not exist. {CHOOSE}")
    assert not (tmp_path / "nodir").exists()


@pytest.mark.parametrize("export, prefix", [("export_history_csv", "Could not export"),
                                            ("export_data_csv", "Could not export the data")])
def test_a_folders_name_is_refused_as_a_folder(controller, tmp_path, export, prefix):
    (tmp_path / "h.csv").mkdir()
    result = getattr(controller, export)(tmp_path / "h.csv")
    assert not result and result.reason == f"{prefix}: cannot write {tmp_path / 'h.csv'}: it is a folder. {CHOOSE}"

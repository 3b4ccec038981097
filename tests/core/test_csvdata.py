"""CSV import and export: a corpus of good and bad files (tests/core/csv_corpus), each bad file with
the message a user reads, and the choices the import dialog offers."""

import math
from pathlib import Path

import numpy as np
import pytest

from xorgui.core import Dataset
from xorgui.core.csvdata import CsvError, read_file, read_table, write_csv

CORPUS = Path(__file__).parent / "csv_corpus"

# file: the message, as the import dialog shows it (read, then the columns it proposes)
BAD = {
    "empty.csv": "the file holds no data (it is empty, or only blank and # comment lines)",
    "only_comments.csv": "the file holds no data (it is empty, or only blank and # comment lines)",
    "header_only.csv": "the file has a header but no rows of numbers",
    "ragged.csv": "line 3: 2 values, but the first row has 3 (every row needs the same number of columns; "
                  "separator: comma)",
    "text_cell.csv": "line 3, column 2: 'one' in 'x2' is not a number",
    "empty_cell.csv": "line 3, column 2: an empty value in 'x2': every cell needs a number",
    "nan_cell.csv": "line 3, column 1: 'nan' in 'x1' is not a number",
    "inf_cell.csv": "line 2, column 2: 'inf' is not a number",
    # a first row of numbers with one bad value is data, not a header (it swallowed line 1's 'nan')
    "nan_first_row.csv": "line 1, column 3: 'nan' is not a number",
    "huge_value.csv": "line 3, column 1: 2e7 in 'x' is too large: values must lie between −1e6 and 1e6",
    "comma_decimal_with_commas.csv": "line 2, column 1: '1.5' in 'x' has a '.', but the file is read with a "
                                     "decimal comma",
    "thousands.csv": "line 2, column 1: '1,000' in 'x' is not a number with a decimal point; tick 'decimal "
                     "comma' if the file uses them",
    "latin1.csv": "line 3: the file is not UTF-8 text: save it as CSV UTF-8",
    "binary.csv": "the file is not text (it holds NUL bytes): save the data as CSV",
    "too_many_rows.csv": "10,001 rows; a session holds at most 10,000 samples",
    "too_many_columns.csv": "line 1: 65 columns; a data file has at most 64",
    "one_column.csv": "choose at least one input column",
    "bad_test_marker.csv": "line 3, column 3: the test column 'test' must hold 0 (training) or 1 (test), got 2",
    "all_test.csv": "every row is marked as a test sample in 'test': at least one must train",
    # float() reads other scripts' digits; one rule let "٣" through, the other not, and a traceback followed
    "arabic_indic_digit.csv": "line 2, column 1: '٣' in 'x' is not a number",
    "fullwidth_digit.csv": "line 3, column 1: '１' in 'x' is not a number",
    # the CSV reader went on into the next line: "1⏎2" was read as 12, and later lines were misnumbered
    "quoted_across_lines.csv": "line 3: a quoted value runs on to the next line; a value must be on one line",
}

# file: (column names, inputs, targets, test inputs or None)
GOOD = {
    "xor_header.csv": (("x1", "x2", "y"), [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], None),
    "xor_no_header.csv": (("column 1", "column 2", "column 3"), [[0, 0], [0, 1], [1, 0], [1, 1]],
                          [[0], [1], [1], [0]], None),
    "decimal_comma_semicolon.csv": (("a", "b", "target"), [[0.5, -1.25], [1.5, 2], [-0.75, 35]],
                                    [[1], [0], [1]], None),
    "decimal_comma_tab.csv": (("x", "y"), [[1.5]], [[0]], None),
    "tabs_crlf_bom.csv": (("x", "y"), [[0.5], [0.001]], [[1], [-2]], None),
    "comments_blank_lines.csv": (("x1", "x2", "y"), [[0, 0], [1, 1]], [[0], [1]], None),
    "quoted_header_spaces.csv": (("first input", "second input", "class"), [[1, 2], [3, 4]], [[0], [1]], None),
    "with_test_column.csv": (("x1", "x2", "y", "test"), [[0, 0], [0, 1], [1, 1]], [[0], [1], [0]], [[1, 0]]),
    "half_adder_two_targets.csv": (("x1", "x2", "y1", "y2"), [[0, 0], [0, 1], [1, 0], [1, 1]],
                                   [[0, 0], [1, 0], [1, 0], [0, 1]], None),
}


def import_with_default_columns(path):
    table = read_file(path)
    return table, table.datasets(*table.default_roles())


def test_the_corpus_is_complete():
    assert sorted(p.name for p in (CORPUS / "bad").iterdir()) == sorted(BAD)
    assert sorted(p.name for p in (CORPUS / "good").iterdir()) == sorted(GOOD)


@pytest.mark.parametrize("name", BAD)
def test_each_bad_file_is_refused_with_its_message(name):
    with pytest.raises(CsvError) as exc:
        import_with_default_columns(CORPUS / "bad" / name)
    assert str(exc.value) == BAD[name]


@pytest.mark.parametrize("name", GOOD)
def test_each_good_file_gives_its_rows(name):
    names, inputs, targets, test_inputs = GOOD[name]
    table, (train, test) = import_with_default_columns(CORPUS / "good" / name)
    assert table.names == names
    assert train.inputs.tolist() == inputs and train.targets.tolist() == targets
    assert (test.inputs.tolist() if test is not None else None) == test_inputs


def test_errors_carry_line_and_column_for_a_dialog_to_point_at():
    with pytest.raises(CsvError) as exc:
        read_file(CORPUS / "bad" / "text_cell.csv")
    assert (exc.value.line, exc.value.column) == (3, 2)
    with pytest.raises(CsvError) as exc:
        read_file(CORPUS / "bad" / "empty.csv")
    assert (exc.value.line, exc.value.column) == (None, None)


def test_header_and_decimal_comma_can_be_forced():
    text = "1;2\n3,5;4\n"
    assert read_table(text).header is False and read_table(text).decimal_comma is True
    assert read_table(text).values.tolist() == [[1, 2], [3.5, 4]]
    first_row_as_names = read_table(text, header=True)
    assert first_row_as_names.names == ("1", "2") and first_row_as_names.values.tolist() == [[3.5, 4]]
    with pytest.raises(CsvError, match="line 2, column 1: '3,5' is not a number with a decimal point"):
        read_table(text, decimal_comma=False)
    with pytest.raises(CsvError, match="line 1: a decimal comma needs values separated by semicolons or tabs"):
        read_table("1,2\n", decimal_comma=True)
    # a header whose cells are all numbers is only a header when the user says so
    assert read_table("x,y\n1,2\n").header and not read_table("0,1\n1,2\n").header


def test_columns_are_chosen_freely_and_checked():
    table = read_table("a,b,c,d\n1,2,3,4\n5,6,7,8\n")
    train, test = table.datasets([3, 0], [1])  # inputs d then a, target b; c ignored
    assert train.inputs.tolist() == [[4, 1], [8, 5]] and train.targets.tolist() == [[2], [6]] and test is None
    with pytest.raises(CsvError, match="choose at least one target column"):
        table.datasets([0], [])
    with pytest.raises(CsvError, match="not two of these"):
        table.datasets([0, 1], [1])
    wide = read_table(",".join(f"c{i}" for i in range(18)) + "\n" + ",".join("1" * 18) + "\n")
    with pytest.raises(CsvError, match="at most 16 input columns .a layer holds at most 16 units., 17 chosen"):
        wide.datasets(list(range(17)), [17])


def test_default_columns_follow_the_header_names():
    assert read_table("y,x1,x2\n1,2,3\n").default_roles() == ([1, 2], [0], None)
    assert read_table("a,b,label,Test\n1,2,3,0\n").default_roles() == ([0, 1], [2], 3)
    assert read_table("1,2,3\n").default_roles() == ([0, 1], [2], None)  # no header: the last column


def test_export_then_import_gives_the_same_floats(tmp_path):
    rng = np.random.default_rng(1)
    train = Dataset(rng.normal(size=(30, 2)), rng.random((30, 2)))
    test = Dataset(rng.normal(size=(5, 2)) * 1e-7, rng.random((5, 2)))
    write_csv(tmp_path / "d.csv", train, test)
    text = (tmp_path / "d.csv").read_text()
    assert text.startswith("x1,x2,y1,y2,test\n")
    table, (train2, test2) = import_with_default_columns(tmp_path / "d.csv")
    assert table.default_roles() == ([0, 1], [2, 3], 4)
    for a, b in ((train, train2), (test, test2)):
        assert np.array_equal(a.inputs, b.inputs) and np.array_equal(a.targets, b.targets)
    write_csv(tmp_path / "xor.csv", Dataset.xor())
    assert (tmp_path / "xor.csv").read_text() == "x1,x2,y\n0.0,0.0,0.0\n0.0,1.0,1.0\n1.0,0.0,1.0\n1.0,1.0,0.0\n"


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(CsvError, match="cannot read the file .No such file or directory."):
        read_file(tmp_path / "nowhere.csv")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(9 * 2**20)
    with pytest.raises(CsvError, match="the file is 9.0 MiB; a data file is at most 8 MiB"):
        read_file(big)


def test_ten_thousand_rows_load_exactly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(10_000, 4))
    text = "a,b,c,y\n" + "\n".join(",".join(repr(v) for v in row) for row in x.tolist()) + "\n"
    table = read_table(text.encode())
    assert np.array_equal(table.values, x) and table.lines[-1] == 10_001


@pytest.mark.parametrize("cell, message", [
    ("1e400", "'1e400' in 'x' is too large: values must lie between −1e6 and 1e6"),  # overflows to inf
    ("-1E999", "'-1E999' in 'x' is too large: values must lie between −1e6 and 1e6"),
    ("1e4x", "'1e4x' in 'x' is not a number"),
    ("inf", "'inf' in 'x' is not a number"),
])
def test_a_number_beyond_any_float_is_called_too_large_not_not_a_number(cell, message):
    with pytest.raises(CsvError) as info:
        read_table(f"x,y\n0,0\n{cell},1\n")
    assert str(info.value) == f"line 3, column 1: {message}"


@pytest.mark.parametrize("value,shown", [
    ("-20000000", "−2e7"),  # a true minus and no '+07', as the limits are written
    ("1000000.5", "1000000.5"),  # just over the limit: not rounded to '1e6', the limit itself
    ("-1234567.25", "−1234567.25"),
])
def test_a_too_large_value_is_written_as_the_limits_are(value, shown):
    table = read_table(f"x,y\n0,0\n{value},1\n")
    with pytest.raises(CsvError) as exc:
        table.datasets([0], [1])
    assert str(exc.value) == (f"line 3, column 1: {shown} in 'x' is too large: values must lie between −1e6 "
                              "and 1e6")


@pytest.mark.parametrize("cell", ["1e-400", "-2.5E-350", "0." + "0" * 400 + "1"])
def test_a_value_too_near_zero_to_represent_is_refused_not_read_as_zero(cell):
    # float() read 1e-400 as 0.0: the sample would have held a value its file does not
    shown = repr(cell if len(cell) <= 30 else cell[:29] + "…")
    with pytest.raises(CsvError) as info:
        read_table(f"x,y\n0,0\n{cell},1\n")
    assert str(info.value) == (f"line 3, column 1: {shown} in 'x' is too near 0 to represent: it would become 0 "
                               "(write 0 for zero)")


@pytest.mark.parametrize("cell,value", [("5e-324", 5e-324), ("0", 0.0), ("-0.0", -0.0), ("0e5", 0.0), ("0.000", 0.0)])
def test_zeros_and_subnormals_read_as_written(cell, value):
    inputs = read_table(f"x,y\n{cell},1\n1,0\n").datasets([0], [1])[0].inputs
    assert inputs[0, 0] == value and math.copysign(1, inputs[0, 0]) == math.copysign(1, value)


def test_what_the_dialog_chooses_is_what_reading_the_file_uses(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a;b\n1,5;2\n", encoding="utf-8")
    table = read_file(path)  # guessed: a header, decimal commas, semicolons
    assert (table.header, table.decimal_comma, table.separator) == (True, True, ";")
    assert table.values.tolist() == [[1.5, 2.0]]
    with pytest.raises(CsvError) as refused:
        read_file(path, header=False)  # the user says line 1 is data
    assert str(refused.value) == "line 1, column 1: 'a' is not a number"
    assert (refused.value.header, refused.value.decimal_comma) == (False, True)  # what the reading had settled
    with pytest.raises(CsvError) as refused:
        read_table("a,b\n1,x")
    assert (refused.value.header, refused.value.decimal_comma) == (True, False)
    path.write_text("x;y\n1;2\n", encoding="utf-8")  # no comma anywhere: guessed as decimal points
    assert read_file(path).decimal_comma is False and read_file(path, decimal_comma=True).decimal_comma is True


def test_what_a_table_holds_is_read_only_and_says_how_it_was_read():
    for text, separator in (("1,2\n3,4", ","), ("1;2\n3;4", ";"), ("1\t2\n3\t4", "\t")):
        table = read_table(text)
        assert table.separator == separator and table.values.tolist() == [[1, 2], [3, 4]]
        assert not table.values.flags.writeable  # a Table is a value: no caller changes the data under it
    assert read_table("\ufeffx;y\n1;2").names == ("x", "y")  # a byte-order mark before text already decoded
    assert read_table("x,,y\n1,2,3").names == ("x", "column 2", "y")  # an empty name: the column's number
    # an indented comment line is a comment too
    assert read_table("x,y\n  # measured on monday\n1,2").values.tolist() == [[1, 2]]


def test_a_first_row_of_as_many_names_as_numbers_is_data_not_a_header():
    with pytest.raises(CsvError, match="^line 1, column 1: 'x' is not a number$"):
        read_table("x,1\n2,3")


def test_a_first_row_of_decimal_comma_numbers_is_data_not_a_header():
    table = read_table("0,5;1,5;2\n1;2;3")  # three numbers (with decimal commas): no name in it
    assert (table.header, table.decimal_comma) == (False, True)
    assert table.values.tolist() == [[0.5, 1.5, 2.0], [1.0, 2.0, 3.0]]


def test_a_row_too_long_for_the_csv_reader_is_refused_on_its_line():
    with pytest.raises(CsvError) as refused:
        read_table("1,2\n" + "1" * 200_000 + ",2")
    assert str(refused.value) == "line 2: not a CSV row (field larger than field limit (131072))"
    assert refused.value.line == 2


def test_the_limits_on_columns_and_values_are_inclusive():
    from xorgui.core.csvdata import MAX_COLUMNS
    from xorgui.core.data import MAX_VALUE
    from xorgui.core.network import MAX_UNITS

    wide = read_table(",".join(["1"] * MAX_COLUMNS))
    assert wide.values.shape == (1, MAX_COLUMNS)
    with pytest.raises(CsvError, match=f"^line 1: {MAX_COLUMNS + 1} columns; a data file has at most {MAX_COLUMNS}$"):
        read_table(",".join(["1"] * (MAX_COLUMNS + 1)))
    table = read_table(",".join(["1"] * (MAX_UNITS + 1)))
    train, _ = table.datasets(list(range(MAX_UNITS)), [MAX_UNITS])  # as many inputs as a layer holds
    assert train.n_inputs == MAX_UNITS
    edge = read_table(f"{MAX_VALUE:.0f},{-MAX_VALUE:.0f}")
    train, _ = edge.datasets([0], [1])
    assert train.inputs.tolist() == [[MAX_VALUE]] and train.targets.tolist() == [[-MAX_VALUE]]
    with pytest.raises(CsvError, match="^each column can be an input, a target or the test marker, not two of these$"):
        edge.datasets([0], [2])  # no column 3


def test_a_file_of_more_lines_than_a_data_file_has_is_refused_before_it_is_split():
    """8 MiB of "0⏎" (4 million lines) took 540 MB before the 10,000-row refusal (an attacker's audit)."""
    import tracemalloc

    raw = b"0\n" * (4 * 2**20)
    tracemalloc.start()
    try:
        with pytest.raises(CsvError, match=r"^4,194,304 lines; a data file has at most 10,000 rows of data and "
                                           r"100,000 lines in all \(with blank and # comment lines\)$"):
            read_table(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(raw)  # the decoded text, nothing split
    lines = "x,y\n" + "# a comment\n\n" * 40_000 + "0,1\n" * 10_000  # 90,001 lines, 10,000 of data: read
    assert len(read_table(lines).values) == 10_000
    assert len(read_table(lines.replace("\n", "\r\n")).values) == 10_000  # ↵⏎ is one break
    # every break str.splitlines splits at counts (form feeds got past a count of ⏎ and ↵: 426 MiB)
    for br in ("\x0c", "\x1e", "\u2028"):
        with pytest.raises(CsvError, match=r"^4,194,303 lines"):
            read_table("0" + br * (4 * 2**20 - 1) + "0")


def test_a_number_too_large_in_other_digits_is_not_a_number():
    with pytest.raises(CsvError, match=r"^line 2, column 1: '١e400' in 'x' is not a number$"):
        read_table("x,y\n١e400,1\n")

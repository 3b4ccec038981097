"""The window's options: a plain start gets the parser's defaults without building the parser."""

import pytest

from xorgui.window_args import build_gui_parser, parse_gui_args


def test_a_plain_start_gets_exactly_the_parsers_defaults():
    assert vars(parse_gui_args([])) == vars(build_gui_parser().parse_args([]))


def test_options_are_parsed():
    args = parse_gui_args(["s.json", "--size", "800x600", "--self-test"])
    assert (args.file, args.size, args.self_test, args.screenshot) == ("s.json", (800, 600), True, None)


def test_a_bad_size_is_refused_with_an_example(capsys):
    with pytest.raises(SystemExit):
        parse_gui_args(["--size", "big"])
    assert "expected WIDTHxHEIGHT in pixels, e.g. 1400x860, not 'big'" in capsys.readouterr().err


@pytest.mark.parametrize("size,what", [("10x10", "too small"), ("1400x199", "too small"), ("8001x860", "too large"),
                                       ("100x9000", "too small and too large")])
def test_a_size_in_the_format_but_out_of_range_says_so_with_the_limits(capsys, size, what):
    with pytest.raises(SystemExit):
        parse_gui_args(["--size", size])
    # one line, as a command's bad argument is (no usage block above it)
    assert capsys.readouterr().err == (
        f"xorgui: error: argument --size: {size} is {what}: the width and the height must each be from 200 to "
        "8,000 pixels (see xorgui --help)\n")


def test_the_limits_themselves_are_accepted():
    assert parse_gui_args(["--size", "200x8000"]).size == (200, 8000)

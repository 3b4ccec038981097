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

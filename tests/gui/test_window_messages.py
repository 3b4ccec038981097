"""The status bar and the file names the window suggests, as a user meets them (issue 10)."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from xorgui.gui.main_window import file_stem


def _refuse_a_weight(window, controller):
    assert not controller.edit_weight(0, 0, 0, "abc")
    bar = window.statusBar()
    assert bar.currentMessage().startswith("⚠ ") and "not a number" in bar.currentMessage()
    assert "#c62828" in bar.styleSheet()


def test_a_later_success_clears_the_error(window, controller):
    _refuse_a_weight(window, controller)
    assert controller.edit_weight(0, 0, 0, "0.5")
    assert window.statusBar().currentMessage() == ""
    assert window.statusBar().styleSheet() == ""


def test_menu_status_tips_are_not_red_after_an_error(window, controller):
    _refuse_a_weight(window, controller)
    window.step_action.showStatusText(window)  # what hovering the menu item does
    bar = window.statusBar()
    assert bar.currentMessage() == "One sample forward and back"
    assert bar.styleSheet() == ""
    window.show_message("Saved x.json")  # and info messages after an error are plain too
    assert bar.currentMessage() == "Saved x.json" and bar.styleSheet() == ""


@pytest.mark.parametrize("preset, name", [("seed", "seed.json"), ("deep", "deep.json")])
def test_save_as_suggests_the_sessions_name(monkeypatch, window, controller, preset, name):
    controller.new_session(preset)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, suggested, filters: asked.append(suggested) or ("", "")))
    assert not window.save_as()  # cancelled
    assert Path(asked[0]).name == name


def test_a_session_name_as_a_file_name():
    assert file_stem("seed") == "seed"
    assert file_stem("seed.json") == "seed"
    assert file_stem('my run: a/b?') == "my run ab"
    assert file_stem("...") == "session"

"""Every erratum's "Show me" lands where that erratum is, with its lines in view on the board."""

import pytest
from PySide6.QtCore import QRectF

from xorgui.gui.errata_view import ErrataView


@pytest.fixture
def window_size():
    return (1400, 860)


def lines_in_view(board) -> list[str]:
    """The board's lines a learner sees without scrolling (whole lines inside the viewport)."""
    doc, top = board.document(), board.verticalScrollBar().value()
    view = QRectF(board.viewport().rect())
    layout, block, seen = doc.documentLayout(), doc.begin(), []
    while block.isValid():
        rect = layout.blockBoundingRect(block).translated(0, -top)
        if rect.top() >= view.top() - 1 and rect.bottom() <= view.bottom() + 1:
            seen.append(block.text().replace("\u00a0", " "))
        block = block.next()
    return seen


# erratum → (phase title, lines the board must show in view)
WALKS = {
    "sign": ("After the update", ["ŷ_new = z_D0 through the new weights = 1.68"]),
    "zero_inputs": ("Gradients and updates: W weights",
                    ["∂L/∂W11 = z_X1·δ_Z1 = 0·4 = 0", "W11 := W11 − α·∂L/∂W11 = 1 − 0.1·0 = 1"]),
    "prediction": ("Forward: output layer", ["ŷ = z_D0 = f(a_D0) = f(4) = 4"]),
    "negative_cost": ("Output error and loss", ["y − ŷ = 0 − 4 = −4", "L = ½·(ŷ − y)² = ½·(4 − 0)² = 8"]),
}
# erratum → a finding the Why? tab must show
FINDINGS = {"linear": "The network is linear", "symmetry": "are identical"}


@pytest.fixture
def errata_view(window):
    window.show_errata()
    view = window.errata_dialog.findChild(ErrataView)
    yield view
    window.errata_dialog.close()


def test_every_show_me_is_checked_here(errata_view):
    assert set(errata_view.demo_buttons) == set(WALKS) | set(FINDINGS) | {"bias_delta"}


@pytest.mark.parametrize("key", sorted(WALKS))
def test_show_me_lands_on_the_phase_and_its_lines(qtbot, window, controller, errata_view, key):
    errata_view.demo_buttons[key].click()
    qtbot.wait(50)
    title, lines = WALKS[key]
    assert window.bottom_tabs.currentWidget() is window.walkthrough
    assert controller.walk.current.title == title
    seen = lines_in_view(window.walkthrough.board)
    for line in lines:
        assert line in seen, (key, seen)


def test_show_me_on_the_bias_delta_shows_the_hidden_deltas_and_why_z0_has_none(qtbot, window, controller,
                                                                               errata_view):
    errata_view.demo_buttons["bias_delta"].click()
    qtbot.wait(50)
    assert controller.walk.current.title == "Deltas: hidden layer"
    seen = " ".join(lines_in_view(window.walkthrough.board))
    assert "nothing feeds it, so Z0 has no δ" in seen and "δ_Z1 = V01·δ_D0·f'(a_Z1) = 1·4·1 = 4" in seen
    assert "δ_Z0" not in window.walkthrough.text()


@pytest.mark.parametrize("key", sorted(FINDINGS))
def test_show_me_on_a_claim_about_training_shows_the_finding(qtbot, window, errata_view, key):
    errata_view.demo_buttons[key].click()
    assert window.tabs.currentWidget() is window.diagnostics
    assert any(FINDINGS[key] in " ".join([title, text]) for title, text, _ in window.diagnostics.cards())

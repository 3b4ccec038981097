"""Per question kind: what the decision boundary, the unit maps, the diagram, the tables and the
plots show while a practice question is open, and again once it is answered. Nothing on screen
may give the open question's answer away (nor a later one's of the same walk); nothing else is
hidden. The article's session: every weight 1, identity units, the walk on sample 0."""

import pytest

NOTE = "hidden while you answer the practice questions"
UNITS = ("Z1", "Z2", "Z3", "D0")


@pytest.fixture
def screen(window, qtbot):
    """The window with View ▸ Show a and δ and View ▸ Maps inside units on, the plots built;
    returns a function that reads what is on screen (the boundary read from its tab)."""
    window.details_action.setChecked(True)
    window.units_action.setChecked(True)
    window.plot and window.sample_plot and window.boundary  # noqa: B018 - built as when first shown
    for _ in range(10):  # units too small for a map: zoom in as a user would
        if not window.diagram.maps_note():
            break
        window.diagram.zoom_in()

    def read() -> dict:
        view = window.boundary
        window.bottom_tabs.setCurrentWidget(view)
        qtbot.waitUntil(view.isVisible)
        nodes = {n.name: n for n in window.diagram.nodes.values()}
        t = window.truth_table
        row0 = {t.horizontalHeaderItem(c).text(): t.item(0, c).text() for c in range(t.columnCount())}
        return {
            "boundary": "neutral" if view.shown_image() is None and len(view.shown_colours()) == 1 else "coloured",
            "crosses": len(view.shown_wrong()[0]),
            "caption": view.side.caption.text(),
            "maps": {u for u in UNITS if nodes[u].map.isVisible()},
            "tips": {u: nodes[u].toolTip() for u in UNITS},
            "values": {u: (nodes[u].value_text(), window.diagram.details[nodes[u].key].text()) for u in UNITS},
            "row0": (row0["ŷ"], row0["ok"], row0["loss"]),
            "mean loss": window.panel.loss_label.text(),
            "loss header": window.plot.readout.text(),
            "lines": window.sample_plot.shown_lines(),
        }

    return read


def open_question(controller, target):
    """Practice on, step and answer (each with its own value) until ``target`` is asked."""
    controller.set_practice(True)
    assert controller.step_phase()
    while controller.walk.question is None or controller.walk.question.target != target:
        if controller.walk.question is None:
            assert controller.step_phase(), target
        else:
            controller.answer(repr(float(controller.walk.question.value)))


def answer(controller):
    controller.answer(repr(float(controller.walk.question.value)))


def test_asked_for_a_hidden_sum_every_later_value_and_map_is_hidden(screen, controller):
    controller.step_epoch()  # a per-sample record and a mean loss of the current weights
    open_question(controller, "a_Z1")
    s = screen()
    assert s["maps"] == set()  # each unit's colour at (0, 0) is a value still to be asked
    assert all(tip.endswith(f"\nIts map is {NOTE}") for tip in s["tips"].values())
    assert s["values"]["Z1"] == ("?", "a = ?\nδ = ?")
    assert (s["boundary"], s["crosses"]) == ("neutral", 0)
    assert s["caption"] == (f"The colours of D0 and the crosses on wrong samples are {NOTE} on sample 0. "
                            "The dots are the samples, coloured by target.")
    assert s["row0"] == ("?", "?", "?") and s["mean loss"] == "Mean loss <b>?</b>"
    assert s["loss header"] == "epoch 1 · mean loss ?" and 0 not in s["lines"] and {1, 2, 3} <= set(s["lines"])
    answer(controller)
    s = screen()
    assert s["values"]["Z1"][1].startswith("a = ") and "?" not in s["values"]["Z1"][1].split("\n")[0]
    assert s["maps"] == set()  # z_Z1 is asked now: Z1's map would give it away


def test_asked_for_a_hidden_activation_its_map_comes_back_once_answered(screen, controller):
    open_question(controller, "z_Z1")
    s = screen()
    assert s["values"]["Z1"] == ("?", "a = 1\nδ = ?") and "Z1" not in s["maps"]
    answer(controller)
    s = screen()
    assert s["values"]["Z1"] == ("1", "a = 1\nδ = ?")
    assert s["maps"] == {"Z1"} and "The colours: Z1 for every input" in s["tips"]["Z1"]
    assert s["boundary"] == "neutral"  # ŷ is still to be asked


def test_asked_for_the_outputs_sum_the_boundary_stays_neutral(screen, controller):
    open_question(controller, "a_D0")
    s = screen()
    assert s["maps"] == {"Z1", "Z2", "Z3"} and s["values"]["D0"] == ("?", "a = ?\nδ = ?")
    assert (s["boundary"], s["crosses"]) == ("neutral", 0)
    answer(controller)
    s = screen()
    assert s["values"]["D0"] == ("?", "a = 4\nδ = ?") and "D0" not in s["maps"]
    assert s["boundary"] == "neutral" and s["row0"] == ("?", "?", "?")


def test_asked_for_the_prediction_nothing_shows_it_until_answered(screen, controller):
    controller.step_epoch()
    open_question(controller, "ŷ")
    s = screen()
    assert s["maps"] == {"Z1", "Z2", "Z3"} and s["tips"]["D0"].endswith(f"\nIts map is {NOTE}")
    assert (s["boundary"], s["crosses"]) == ("neutral", 0) and NOTE in s["caption"]
    assert s["row0"] == ("?", "?", "?") and s["mean loss"] == "Mean loss <b>?</b>"
    assert s["loss header"] == "epoch 1 · mean loss ?" and 0 not in s["lines"]
    answer(controller)
    s = screen()
    assert s["maps"] == set(UNITS) and s["values"]["D0"][0] != "?"
    assert s["boundary"] == "coloured" and s["crosses"] == int((~controller.snapshot.correct).sum()) == 3
    assert NOTE not in s["caption"] and s["caption"].startswith("Colour: D0 (identity)")
    assert "?" not in "".join(s["row0"]) and "?" not in s["mean loss"] and "?" not in s["loss header"]
    assert s["lines"] == [0, 1, 2, 3]


@pytest.mark.parametrize("target, unit", [("δ_D0", "D0"), ("δ_Z1", "Z1")])
def test_asked_for_a_delta_only_that_delta_is_hidden(screen, controller, target, unit):
    open_question(controller, target)
    s = screen()
    assert s["values"][unit][1].endswith("δ = ?") and "δ = ?" in s["tips"][unit]
    assert s["maps"] == set(UNITS) and (s["boundary"], s["crosses"]) == ("coloured", 4)
    assert "?" not in "".join(s["row0"]) and "?" not in s["mean loss"] and NOTE not in s["caption"]
    answer(controller)
    assert not screen()["values"][unit][1].endswith("δ = ?")


@pytest.mark.parametrize("target", ["∂L/∂W10", "W10"])
def test_asked_for_a_gradient_or_a_new_weight_nothing_is_hidden(screen, controller, target):
    # neither is shown anywhere before its phase: the network stays in full view
    open_question(controller, target)
    s = screen()
    assert s["maps"] == set(UNITS) and (s["boundary"], s["crosses"]) == ("coloured", 4)
    assert "?" not in "".join(v for pair in s["values"].values() for v in pair)
    assert "?" not in "".join(s["row0"]) and NOTE not in s["caption"]


def test_practice_switched_off_mid_question_shows_everything_again(screen, controller):
    open_question(controller, "ŷ")
    assert screen()["boundary"] == "neutral"
    controller.set_practice(False)
    s = screen()
    assert s["maps"] == set(UNITS) and (s["boundary"], s["crosses"]) == ("coloured", 4)
    assert s["row0"][0] == "4" and s["lines"] == [0, 1, 2, 3]


def test_one_input_the_fitted_curve_is_hidden_while_the_prediction_is_asked(window, controller, qtbot):
    # its height over the sample is ŷ, as the plane's colour is with two inputs
    from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
    import numpy as np
    init = Initialization("uniform", seed=1)
    controller.replace_session(Trainer(Network([1, 3, 1], ["tanh", "sigmoid"], init.make([1, 3, 1])),
                                       Dataset(np.linspace(-1, 1, 5).reshape(-1, 1), np.zeros((5, 1))),
                                       TrainingConfig(learning_rate=0.5), init))
    view = window.boundary

    def curve_shown():
        window.bottom_tabs.setCurrentWidget(view)
        qtbot.waitUntil(view.isVisible)
        return view.curve.isVisible() and len(view.shown_curve()[0]) > 0

    assert curve_shown()
    open_question(controller, "ŷ")
    assert not curve_shown() and view.side.caption.text().startswith(f"The line of D0 and the crosses on wrong samples are {NOTE}")
    answer(controller)
    assert curve_shown() and NOTE not in view.side.caption.text()

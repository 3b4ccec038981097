"""Practice mode end to end: answers are never given away, and a learner can never get stuck."""

from xorgui.core.errata import article_trainer
from xorgui.core.practice import check_answer
from xorgui.core.walkthrough import Equation


def finish_phase(controller):
    while controller.walk.question is not None:
        controller.reveal_answer()


def test_the_step_is_applied_only_after_the_last_question(controller):
    controller.replace_session(article_trainer())
    controller.set_practice(True)
    while not controller.walk or controller.walk.current.title != "Gradients and updates: V weights":
        if controller.walk is not None:
            finish_phase(controller)
        assert controller.step_phase()
    # the last update phase is shown, its questions are open: the weights must not give them away
    assert controller.walk.question is not None
    assert controller.trainer.network.weights[1][0, 0] == 1.0
    assert not controller.step_phase()  # F8 cannot skip the open questions
    assert controller.walk.sample == 0
    finish_phase(controller)
    assert controller.trainer.network.weights[1][0, 0] == 1.0  # answered: not yet taken
    assert controller.step_phase()  # the check after the update: the step is taken
    assert controller.walk.current.title == "After the update" and controller.walk.finished
    assert abs(controller.trainer.network.weights[1][0, 0] - 0.6) < 1e-12
    assert controller.walk.applied
    assert controller.step_phase() and controller.walk.sample == 1  # on to the next sample


def test_demos_run_through_in_practice_mode(controller):
    controller.set_practice(True)
    controller.run_demo("sign")
    assert controller.walk.finished and controller.walk.applied
    assert abs(controller.trainer.network.weights[0][0, 0] - 0.6) < 1e-12
    assert controller.practice  # the user's choice is kept for their own walks


def test_working_from_the_rounded_numbers_on_screen_is_right():
    # a = 0.4512·1 + 1·1 + 0.8466·1 = 2.2978, shown at 2 decimals as 0.45·1 + 1·1 + 0.85·1 = 2.3
    eq = Equation("sum", "a_Z1", "W10·z_X0 + W11·z_X1 + W12·z_X2", "0.45·1 + 1·1 + 0.85·1", 2.2978)
    assert check_answer(eq, "2.3", 2).correct
    assert not check_answer(eq, "2.4", 2).correct

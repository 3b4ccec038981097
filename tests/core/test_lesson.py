"""Walk: phase-by-phase stepping through one sample, and practice mode's questions."""

import math

import pytest

from xorgui.core import TrainingConfig

from xorgui.core.lesson import ASKED_KINDS, Lesson, LessonView, Walk, askable
from xorgui.core.mistakes import Kind, Mistake
from xorgui.core.numbers import fmt
from xorgui.core.practice import Hidden, Score, Verdict
from xorgui.core.presets import make_preset
from xorgui.core.walkthrough import Equation
from xorgui.core.walkthrough_render import step_phases

P = 4


def make_walk(preset="article", practice=True, steps=0, score=None):
    t = make_preset(preset)
    for _ in range(steps):
        t.step_sample()
    sample, trace, batch, phases = step_phases(t, P)
    return Walk(sample, trace, phases, Lesson(practice, score or Score()), batch=batch)


def answer_phase(walk):
    """Answer every open question of the current phase with the engine's own value."""
    n = 0
    while (q := walk.question()) is not None:
        assert walk.answer(repr(float(q.value)), P).correct
        n += 1
    return n


# -- askable -------------------------------------------------------------------------------------
def test_askable_kinds():
    assert set(ASKED_KINDS) == {"sum", "activation", "delta", "gradient", "weight"}
    assert askable(Equation("sum", "a_Z1", "W10·z_X0", "1·1", 1.0))
    assert askable(Equation("weight", "W10", "W10 − α·X0·δ_Z1", None, 0.6, op=":="))
    assert not askable(Equation("loss", "L", "½·(z_D0 − y)²", None, 8.0))
    assert not askable(Equation("error", "y − ŷ (D0)", "y − z_D0", None, -4.0))


def test_loss_error_and_batch_sums_are_never_asked():
    walk = make_walk("seed")  # full batch: the gradient phases carry Σ sums
    asked = []
    while not walk.finished:
        assert walk.advance()
        while (q := walk.question()) is not None:
            asked.append(q)
            walk.answer(repr(float(q.value)), P)
    kinds = {q.kind for q in asked}
    assert kinds == {"sum", "activation", "delta", "gradient"}
    assert not any(q.target.startswith("Σ") for q in asked)
    assert not any(q.target == "L" or q.target.startswith("y − ŷ") for q in asked)
    # 6 + 2 forward, 1 + 3 deltas, 9 + 4 gradients; the 13 running sums are not asked
    assert len(asked) == 25
    assert walk.score == Score(25, 25)
    every = [eq for p in walk.phases for eq in p.equations]
    assert sum(1 for eq in every if eq.target.startswith("Σ")) == 13
    assert sum(1 for eq in every if askable(eq)) == 25


# -- without practice ------------------------------------------------------------------------------
def test_plain_walk_reveals_phase_by_phase():
    walk = make_walk(practice=False)
    n = len(walk.phases)
    assert n == 8
    assert walk.revealed == 0 and walk.current is None and not walk.finished
    assert [walk.shown(i) for i in range(n)] == [0] * n
    assert walk.question() is None and walk.can_advance
    for k in range(1, n + 1):
        assert walk.advance()
        assert walk.revealed == k and walk.current is walk.phases[k - 1]
        assert walk.question() is None
        assert [walk.shown(i) for i in range(n)] == [len(p.equations) for p in walk.phases[:k]] + [0] * (n - k)
    assert walk.finished and not walk.can_advance
    assert not walk.advance() and walk.revealed == n
    for k in range(n - 1, -1, -1):
        assert walk.back() and walk.revealed == k
    assert not walk.back() and walk.revealed == 0
    assert walk.score == Score()


# -- practice --------------------------------------------------------------------------------------
def test_advance_refused_while_a_question_is_open():
    walk = make_walk()
    assert walk.question() is None  # nothing revealed yet
    assert walk.advance()
    q = walk.question()
    assert q is not None and q.target == "a_Z1" and q.value == 1.0
    assert not walk.can_advance
    assert not walk.advance()
    assert walk.revealed == 1 and walk.answered == 0
    assert walk.shown(0) == 0  # the phase is open but its first value is not shown yet


def test_answers_update_the_score():
    walk = make_walk()
    walk.advance()
    wrong = walk.answer("2", P)
    assert isinstance(wrong, Verdict) and not wrong.correct
    assert (wrong.typed, wrong.expected, wrong.quantity, wrong.decimals) == (2.0, 1.0, "a_Z1", P)
    assert walk.last_equation.target == "a_Z1"
    assert walk.score == Score(0, 1)
    # a wrong number closes the question: its value is shown, and retyping cannot score it
    assert walk.shown(0) == 1 and walk.question().target == "z_Z1"
    assert walk.last_verdict is wrong

    unreadable = walk.answer("one", P)
    assert not unreadable.correct and unreadable.typed is None and unreadable.problem
    assert walk.score == Score(0, 1)  # not counted
    assert walk.question().target == "z_Z1"  # still open

    right = walk.answer("1", P)
    assert right.correct
    assert walk.score == Score(1, 2)
    assert walk.shown(0) == 2
    assert walk.question().target == "a_Z2"

    walk.reveal(P)
    assert walk.score == Score(1, 3)  # revealed: asked, not right
    v = walk.last_verdict
    assert v.revealed and not v.correct and v.typed is None and v.expected == 1.0
    assert walk.last_equation.target == "a_Z2"
    assert walk.shown(0) == 3
    assert walk.question().target == "z_Z2"
    assert str(walk.score) == "1 of 3 right"


def test_answer_and_reveal_without_an_open_question():
    walk = make_walk()
    assert walk.answer("1", P) is None
    assert walk.score == Score()
    walk.reveal(P)
    assert walk.score == Score() and walk.revealed == 0


def test_full_practice_walk_of_the_article():
    walk = make_walk()
    per_phase = []
    while not walk.finished:
        assert walk.advance()
        per_phase.append(answer_phase(walk))
        assert walk.shown(walk.revealed - 1) == len(walk.current.equations)
    # forward 6 + 2, loss 0 (never asked), deltas 1 + 3, updates 18 + 8, the check after 0
    assert per_phase == [6, 2, 0, 1, 3, 18, 8, 0]
    assert walk.score == Score(38, 38)
    assert not walk.advance()


def test_phase_without_questions_is_shown_whole_at_once():
    walk = make_walk()
    walk.advance()
    answer_phase(walk)
    walk.advance()
    answer_phase(walk)
    assert walk.advance()
    assert walk.current.kind == "loss"
    assert walk.question() is None
    assert walk.shown(2) == 2 and walk.can_advance


def test_wrong_update_names_the_mistake():
    walk = make_walk()
    while walk.current is None or walk.current.kind != "update":
        answer_phase(walk)
        walk.advance()
    q = walk.question()
    assert q.target == "∂L/∂W10"
    walk.answer("4", P)
    q = walk.question()
    assert q.target == "W10" and q.value == pytest.approx(0.6)
    v = walk.answer("1 - 0.1*1*(-4)", P)  # the article's sign
    assert not v.correct and v.typed == pytest.approx(1.4) and v.working == "1 - 0.1*1*(-4)"
    assert v.mistake is Mistake.SIGN_FLIPPED and v.kind is Kind.WEIGHT
    assert walk.question().target == "∂L/∂W11"  # closed, scored as not right


def test_back_re_asks_the_hidden_phase():
    walk = make_walk()
    walk.advance()
    answer_phase(walk)
    walk.advance()
    assert walk.answer("4", P).correct  # a_D0
    assert walk.question().target == "ŷ"  # ŷ = z_D0 = f(a_D0)
    score = walk.score
    assert walk.back()
    assert walk.revealed == 1
    assert walk.question() is None and walk.can_advance  # the earlier phase stays answered
    assert walk.shown(0) == 6 and walk.shown(1) == 0
    assert walk.score == score  # going back costs nothing
    assert walk.last_verdict is None
    assert walk.advance()
    assert walk.question().target == "a_D0"  # asked again from the start
    assert walk.shown(1) == 0
    assert walk.answer("4", P).correct
    assert walk.score == score  # counted once, not again: Back and answer again made "4 of 4" of 2


def test_a_question_asked_again_after_back_counts_once_as_its_latest_answer():
    walk = make_walk()
    walk.advance()
    answer_phase(walk)
    walk.advance()
    before = walk.score
    assert not walk.answer("5", P).correct  # a_D0 is 4
    assert walk.score == Score(before.right, before.asked + 1)
    assert walk.back() and walk.advance()
    assert walk.answer("4", P).correct  # right this time: it replaces the wrong answer
    assert walk.score == Score(before.right + 1, before.asked + 1)
    assert walk.back() and walk.advance()
    walk.reveal(P)  # shown instead of answered: not right, still one question
    assert walk.score == Score(before.right, before.asked + 1)


def test_back_from_the_first_phase():
    walk = make_walk()
    walk.advance()
    assert walk.back()
    assert walk.revealed == 0 and walk.answered == 0 and walk.current is None
    assert walk.advance() and walk.question().target == "a_Z1"


def test_shown_counts():
    walk = make_walk()
    n = len(walk.phases)
    assert [walk.shown(i) for i in range(n)] == [0] * n
    walk.advance()
    walk.answer("1", P)
    walk.answer("1", P)
    walk.answer("1", P)
    assert [walk.shown(i) for i in range(n)] == [3, 0, 0, 0, 0, 0, 0, 0]
    answer_phase(walk)
    walk.advance()
    assert [walk.shown(i) for i in range(n)] == [6, 0, 0, 0, 0, 0, 0, 0]
    walk.answer("4", P)
    assert [walk.shown(i) for i in range(n)] == [6, 1, 0, 0, 0, 0, 0, 0]


def test_batch_walk_shows_sums_with_their_gradient():
    walk = make_walk("seed", steps=1)  # sample 2 of 4
    while walk.current is None or walk.current.kind != "gradient":
        answer_phase(walk)
        walk.advance()
    assert walk.question().target == "∂L/∂W10"
    assert walk.shown(walk.revealed - 1) == 0
    walk.answer(repr(float(walk.question().value)), P)
    # the running sum after it is not asked: shown together with the gradient
    assert walk.shown(walk.revealed - 1) == 2
    assert walk.question().target == "∂L/∂W11"


def test_set_precision_keeps_progress():
    walk = make_walk("sigmoid")
    walk.advance()
    walk.answer(repr(float(walk.question().value)), P)
    walk.answer("0", P)  # wrong: z_Z1 is closed
    state = (walk.revealed, walk.answered, walk.score, walk.sample)
    before4 = [p.lines(4) for p in walk.phases]
    values = [eq.value for p in walk.phases for eq in p.equations]
    walk.set_precision(6)
    assert (walk.revealed, walk.answered, walk.score, walk.sample) == state
    assert [eq.value for p in walk.phases for eq in p.equations] == values
    after6 = [p.lines(6) for p in walk.phases]
    assert after6 != before4
    assert walk.phases[0].equations[0].substitution != before4[0][0]
    # the substituted numbers now carry 6 decimals
    w = walk.trace.weights_before[0][0, 0]
    assert fmt(w, 6) in walk.phases[0].equations[0].substitution
    assert fmt(w, 6) != fmt(w, 4)
    assert walk.question().target == "a_Z2"


def test_set_precision_keeps_a_batch_walk_a_batch_walk():
    walk = make_walk("seed", steps=3)  # the sample that completes the batch
    assert walk.batch is not None and walk.batch.complete
    kinds = [p.kind for p in walk.phases]
    titles = [p.title for p in walk.phases]
    assert kinds[-5:] == ["gradient", "gradient", "update", "update", "after"]
    walk.advance()
    walk.set_precision(6)
    assert [p.kind for p in walk.phases] == kinds
    assert [p.title for p in walk.phases] == titles
    assert walk.revealed == 1
    v00 = next(eq for eq in walk.phases[-2].equations if eq.target == "V00")
    assert v00.value == pytest.approx(0.35)


def test_score_is_carried_in():
    walk = make_walk(score=Score(3, 5))
    walk.advance()
    walk.answer("1", P)
    assert walk.score == Score(4, 6)


def test_non_finite_values_can_only_be_revealed():
    t = make_preset("seed")
    t.set_config(TrainingConfig(learning_rate=1000.0, batch_size=1))
    for _ in range(6):  # overflow the weights
        t.step_sample()
    sample, trace, batch, phases = step_phases(t, P)
    walk = Walk(sample, trace, phases, Lesson(practice=True), batch=batch)
    walk.advance()
    q = walk.question()
    assert q.target == "a_Z1" and math.isnan(q.value)
    v = walk.answer("1", P)
    assert not v.correct and math.isnan(v.expected)  # no number is right for an overflowed value
    assert walk.score == Score(0, 1)
    assert walk.question().target == "z_Z1"
    walk.reveal(P)
    assert walk.score == Score(0, 2)
    assert walk.question().target == "a_Z2"


# -- nothing on screen gives an open question away -------------------------------------------------
def test_hidden_follows_the_questions_still_to_ask():
    walk = make_walk()
    # no phase shown yet: nothing on screen answers a question, but the walk's whole text would
    assert walk.hidden() == Hidden(0, walk_text=True)
    walk.advance()
    h = walk.hidden()
    assert h.sample == 0 and h.prediction and h.walk_text
    assert {("Z1", "a"), ("Z1", "z"), ("D0", "z"), ("D0", "δ"), ("Z3", "δ")} <= h.values
    walk.answer("1", P)  # a_Z1
    assert ("Z1", "a") not in walk.hidden().values and ("Z1", "z") in walk.hidden().values
    answer_phase(walk)
    walk.advance()
    answer_phase(walk)  # a_D0 and ŷ answered: the truth table may show ŷ and the loss again
    h = walk.hidden()
    assert not h.prediction and h.values == {("Z1", "δ"), ("Z2", "δ"), ("Z3", "δ"), ("D0", "δ")}
    assert walk.view().hidden == h
    only_in_text = 0  # phases asking gradients and new weights: shown nowhere else, but in the text
    while not walk.finished:
        walk.advance()
        if walk.question() is not None:
            assert walk.hidden().walk_text
            only_in_text += not walk.hidden().values
        answer_phase(walk)
    assert only_in_text
    assert walk.hidden() == Hidden()  # every question answered: the whole text may be copied
    walk.lesson.practice = False
    assert make_walk(practice=False).hidden() == Hidden()


# -- the weights an open question reads, whose labels the diagram must show ---------------------------
def asked_along(walk):
    """(question target, asked_weights) for every question of the walk, answered in turn."""
    seen = []
    while True:
        while (q := walk.question()) is not None:
            seen.append((q.target, LessonView(True, Score(), walk.view(), P).asked_weights))
            walk.answer(repr(float(q.value)), P)
        if walk.finished:
            return seen
        walk.advance()


def test_asked_weights_are_those_the_open_question_reads():
    seen = dict(asked_along(make_walk("deep")))
    # a weighted sum reads every weight into its unit
    assert seen["a_Z1_1"] == {"W1_10", "W1_11", "W1_12"}
    assert seen["a_Z2_3"] == {"W2_30", "W2_31", "W2_32", "W2_33", "W2_34"}
    assert seen["a_D0"] == {"W3_00", "W3_01", "W3_02", "W3_03", "W3_04"}
    # an activation or the output's δ reads none; a hidden δ reads the links out of its unit
    assert seen["z_Z1_1"] == seen["δ_D0"] == frozenset()
    assert seen["δ_Z2_2"] == {"W3_02"}
    assert seen["δ_Z1_4"] == {"W2_14", "W2_24", "W2_34", "W2_44"}
    # a gradient and an update are about their weight (its value is needed for the update)
    assert seen["∂L/∂W1_12"] == seen["W1_12"] == {"W1_12"}
    assert seen["W3_03"] == {"W3_03"}
    assert dict(asked_along(make_walk()))["a_D0"] == {"V00", "V01", "V02", "V03"}  # the article's names


def test_no_weights_are_asked_without_an_open_question():
    walk = make_walk("deep")
    assert LessonView(True, Score(), walk.view(), P).asked_weights == frozenset()  # no phase shown yet
    assert LessonView(True, Score(), None, P).asked_weights == frozenset()
    plain = make_walk("deep", practice=False)
    plain.advance()
    assert plain.current.weights and LessonView(False, Score(), plain.view(), P).asked_weights == frozenset()

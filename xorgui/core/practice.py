"""Practice mode: the learner computes a value before it is revealed; check it and explain.

An answer is a number (``0.6``, ``0,6``, ``3/5``) or the learner's own working with numbers
(``1 - 0.1*1*4``, ``1·1 + 1·0``), evaluated exactly. :func:`check` judges it against what can
be computed from the numbers on screen (``onscreen``) and names a recognised mistake
(``mistakes``); the :class:`Verdict` carries fields that views format.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass, field
from typing import Mapping

from .hidden import Hidden
from .mistakes import Kind, Mistake
from .naming import and_list, right_of
from .numbers import fmt, refuse_comma_or_thousands
from .onscreen import display_halfwidth, shown_exactly, working_reach
from .quantities import Quantity
from .walkthrough import Equation

# "." between numbers as a product sign: spaced ("1 . 1") or a second point in one number ("1.1.0")
_DOT_PRODUCT = re.compile(r"[\d)]\s+\.\s*[-+]?[\d(]|[\d)]\s*\.\s+[-+]?[\d(]|\d*\.\d+\.")
_SPACED_DOT = re.compile(r"(?<=[\d)])(?:\s+\.\s*|\s*\.\s+)(?=[-−+]?\s*[\d(])")  # the spaced ones, to rewrite
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
MAX_ANSWER_CHARS = 200
NEAR = 5  # an answer within NEAR times the accepted distance is "off by rounding"


NOT_FINITE_ANSWER = "This value is not finite: the step overflowed, so no answer is right."


@dataclass(frozen=True)
class Verdict:
    """The check of one answer, as fields a view formats.

    ``typed`` is the answer's value (None when it could not be read: ``problem`` says why, or
    when the learner pressed Reveal: ``revealed``); ``expected`` the engine's value, ``decimals``
    the decimals expected (the display precision); ``typed_decimals`` how many the learner gave
    (None for working or e-notation); ``mistake`` the recognised mistake of a wrong answer (None
    if right or not recognised), with ``params`` for its sentence (``mistakes.describe``) and
    ``params["value"]`` the value that mistake gives; ``working`` the learner's text when it was
    a calculation.
    """

    correct: bool
    typed: float | None
    expected: float = math.nan
    decimals: int = 4
    quantity: str = ""
    kind: Kind | None = None
    mistake: Mistake | None = None
    params: Mapping = field(default_factory=dict)
    typed_decimals: int | None = None
    working: str | None = None
    problem: str | None = None
    revealed: bool = False

    @property
    def fewer_decimals(self) -> bool:
        """A right answer given with fewer decimals than the value has at the expected
        precision (0.335 for 0.3345), so a view can say how many are expected."""
        if not self.correct or self.typed_decimals is None:
            return False
        shown = fmt(self.expected, self.decimals)
        return "e" not in shown and len(shown.partition(".")[2]) > self.typed_decimals


def tolerance(expected: float, precision: int) -> float:
    """Half a unit in the last digit shown: the last decimal, or where fmt uses e-notation
    (very large or very small values) the last digit of the mantissa."""
    return display_halfwidth(expected, precision)


def typed_decimals(text: str) -> int | None:
    """How many decimals a plain number has (``0.335`` → 3, ``2`` → 0); None for working,
    fractions and e-notation."""
    src = text.strip().replace("−", "-")
    m = re.fullmatch(r"[+-]?\d*(?:[.,](\d*))?", src)
    if not m or not any(c.isdigit() for c in src):
        return None
    return len(m.group(1) or "")


def accepted_distance(expected: float, precision: int, decimals: int | None) -> float:
    """How far a final answer may be from a value computed on screen: half a unit in the
    last digit shown, or in the learner's own last decimal when they give at least
    ``precision`` decimals (0.0000 for 1.5e−5) or, from 4 decimals up, one fewer
    (0.335 for 0.3345: right to the decimals given)."""
    tol = display_halfwidth(expected, precision)
    least = precision - 1 if precision >= 4 else precision
    if decimals is not None and decimals >= least:
        tol = max(tol, 0.5 * 10.0 ** -decimals)
    return tol * (1 + 1e-9)


def check(q: Quantity, text: str, precision: int, earlier: Mapping[str, Verdict] | None = None) -> Verdict:
    """Judge the answer ``text`` to the quantity ``q`` with the screen at ``precision`` decimals.

    Right: within :func:`accepted_distance` of a value computable from the numbers shown
    (``Expr.reach``) or of the engine's value. Wrong: the first wrong way (``q.wrong``) that
    the answer matches names the mistake; else near misses are off by rounding. ``earlier``
    holds the verdicts of the learner's earlier answers in this step, by quantity name: a
    flipped sign is traced to where it slipped (:func:`sign_history`)."""
    base = dict(expected=float(q.value), decimals=precision, quantity=q.name, kind=q.kind)
    try:
        typed = evaluate(text)
    except ValueError as exc:
        return Verdict(False, None, problem=str(exc), **base)
    extra = _how_typed(text)
    d, expected = extra["typed_decimals"], float(q.value)
    if not math.isfinite(expected):
        return Verdict(False, typed, **base, **extra)  # the step overflowed: nothing is right
    tol = accepted_distance(expected, precision, d)
    best = math.inf  # the smallest on-screen spread among the right ways
    right = abs(typed - expected) <= tol
    for way in q.ways:
        centre, spread = way.reach(precision)
        if math.isfinite(centre) and math.isfinite(spread):
            best = min(best, spread)
            right = right or abs(typed - centre) <= spread + tol
    if right:
        return Verdict(True, typed, **base, **extra)
    if not math.isfinite(best):
        best = 0.0
    for wrong in q.wrong:
        value = wrong.expr.exact()
        if not math.isfinite(value) or abs(value - expected) <= best + tol:
            continue  # this mistake gives the right number here: it cannot be told apart
        centre, spread = wrong.expr.reach(precision)
        if abs(typed - value) <= tol or (math.isfinite(centre) and abs(typed - centre) <= spread + tol):
            params = {**wrong.params, "value": value, **sign_history(wrong.params, earlier or {})}
            own = (earlier or {}).get(f"∂L/∂{q.name}")  # a weight from a zero input: was its 0 gradient given?
            if wrong.mistake is Mistake.ZERO_SOURCE_IGNORED and own is not None and own.correct:
                params["own_gradient"] = True
            return Verdict(False, typed, **base, **extra, mistake=wrong.mistake, params=params)
    rounded = d is not None and d < precision and abs(typed - expected) <= best + 0.5 * 10.0 ** -d * (1 + 1e-9)
    if rounded or abs(typed - expected) <= NEAR * (best + tol):
        cause = "decimals" if rounded else _near_miss(q, typed, precision, tol)
        return Verdict(False, typed, **base, **extra, mistake=Mistake.ROUNDING,
                       params={"difference": typed - expected, "typed_decimals": d, "cause": cause,
                               "expected": expected})
    return Verdict(False, typed, **base, **extra)


def _near_miss(q: Quantity, typed: float, precision: int, tol: float) -> str:
    """Why an answer close to ``q`` is off (``mistakes.describe`` says it): "intermediate" when
    its working reads or makes inexact numbers and the answer is what a working that keeps one or
    two decimals fewer gives (its numbers, or only its intermediate results, rounded so:
    Expr.worked); "near" when none does; when every number of the working is exact, "result" if
    the value itself needs rounding, else "exact": no rounding can explain a wrong last digit."""
    if any(working_reach(way, precision)[1] > 0 for way in q.ways):
        for coarser in (max(precision - 1, 1), max(precision - 2, 1)):
            for way in q.ways:
                for read, kept in ((precision, coarser), (coarser, coarser), (coarser, precision)):
                    got = way.worked(read, kept)
                    if math.isfinite(got) and abs(typed - got) <= display_halfwidth(got, precision) * (1 + 1e-9):
                        return "intermediate"
        return "near"
    return "exact" if shown_exactly(float(q.value), precision) else "result"


def sign_history(params: Mapping, earlier: Mapping[str, Verdict]) -> dict:
    """Where a flipped sign slipped, from the learner's earlier answers on ``params["chain"]``
    (the quantities this one is computed from, layer by layer, the earliest first).

    {} when none of them was answered. ``unknown`` when the nearest layer answered cannot tell:
    an answer there is wrong in another way, or only some of its terms are answered or flipped (a
    hidden δ sums the next layer's deltas: flipping some of them does not flip the sum). Else
    ``latest``/``latest_value``, the nearest layer's answers (their names; the value when it is
    one), and ``slip``: "" when they have the right sign (the flip is made here), or the first
    layer of the run of flipped layers that ends there (``slip_value`` its value when it is one
    answer): the sign slipped there and this answer carries it through correctly."""
    told = [layer for layer in (_layer_sign(group, earlier) for group in params.get("chain", ())) if layer[1]]
    if not told:
        return {}
    k = len(told) - 1
    if told[k][0] is None:
        return {"unknown": True}
    out = _named("latest", told[k][1])
    if told[k][0] is False:
        return {**out, "slip": ""}
    while k > 0 and told[k - 1][0] is True:
        k -= 1
    return {**out, **_named("slip", told[k][1])}


def _layer_sign(group, earlier: Mapping[str, "Verdict"]) -> tuple[bool | None, list]:
    """Whether every answer of this layer flipped its sign (True), none did (False) or it cannot
    tell (None), and the answers that tell: none when the layer was not answered, or only with
    right zeros (a weight from a zero input's gradient, a dead unit's δ), which have no sign."""
    answered = [(n, earlier[n]) for n in group
                if n in earlier and not (earlier[n].correct and earlier[n].expected == 0)]
    signs = {_sign(v) for _, v in answered}
    if None in signs or len(signs) > 1 or any(n not in earlier for n in group):
        return None, answered
    return (signs.pop() if signs else None), answered


def _named(key: str, answered) -> dict:
    """``key`` and ``key_value`` for the answers of one layer: a name and its value, or the names."""
    if len(answered) == 1:
        return {key: answered[0][0], f"{key}_value": answered[0][1].typed}
    return {key: and_list(n for n, _ in answered), f"{key}_value": None}


def _sign(v: Verdict) -> bool | None:
    """Whether an earlier answer's sign was flipped: True, False (right, or right in sign: a
    weight from a zero input given its target's δ), None (wrong in another way)."""
    if v.correct:
        return False
    if v.mistake is Mistake.SIGN_FLIPPED:
        return True
    if v.mistake is Mistake.ZERO_SOURCE_IGNORED:
        return bool(v.params.get("flipped"))
    return None


_DECIMAL = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # a number as a learner writes it


def evaluate(text: str) -> float:
    """The value of a number or a plain arithmetic expression (+ − · × * / and parentheses, and
    the walkthrough's own ½ and ², as ^2 or **2: powers up to the fourth). Raises ValueError with
    a message for anything else."""
    src = (text.strip().replace("−", "-").replace("·", "*").replace("×", "*").replace("÷", "/")
           .replace("½", "(1/2)").replace("²", "**2").replace("³", "**3").replace("^", "**"))
    if not src:
        raise ValueError("type a value (or your working, e.g. 1 - 0.1*1*4)")
    if len(src) > MAX_ANSWER_CHARS:
        raise ValueError("that answer is too long")
    if "," in src and "." not in src:
        refuse_comma_or_thousands(src, f"“{text.strip()}”")
        src = src.replace(",", ".")  # decimal comma
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError:
        if _DOT_PRODUCT.search(src):  # the article writes 1 . 1 + 1 . 0
            times = _SPACED_DOT.sub(" × ", text.strip())
            example = times if times != text.strip() and _reads(times) else "1 × 1 + 1 × 0"
            raise ValueError(f"“{text.strip()}” is not a number: “.” is a decimal point, written without "
                             f"spaces (0.5); for a product write * or ×, as in {example}") from None
        raise ValueError(f"“{text.strip()}” is not a number or a sum of products") from None

    def value(node) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            literal = ast.get_source_segment(src, node) or ""
            if not _DECIMAL.fullmatch(literal):  # Python reads 0x10 as 16 and 1_000 as 1000
                raise ValueError(f"“{literal}” is not a decimal number (write 16, 0.5 or 2e-3)")
            if node.value == 0 and re.search(r"[1-9]", literal.lower().split("e")[0]):  # 1e-400 became 0
                raise ValueError(f"“{literal}” is too small to represent: numbers nearer to 0 than about 2.2e−308 "
                                 "become 0 in the computer's arithmetic (type 0 for zero)")
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = value(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):  # L = ½·(ŷ − y)², copied
            power = value(node.right)
            if power not in (0, 1, 2, 3, 4):
                raise ValueError("powers are squares and cubes (² or ^2, ³ or ^3), up to ^4")
            return value(node.left) ** int(power)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise ValueError("your working divides by zero")
            return _OPS[type(node.op)](left, right)
        raise ValueError(f"“{text.strip()}” uses something other than numbers, + − · /, parentheses and powers (²)")

    try:
        result = value(tree)
    except OverflowError:
        raise ValueError("that number is too large") from None
    if not math.isfinite(result):
        raise ValueError("that number is too large")
    return result


def _reads(text: str) -> bool:
    try:
        evaluate(text)
        return True
    except ValueError:
        return False


def check_answer(eq: Equation, text: str, precision: int) -> Verdict:
    """Check an answer against ``eq``'s value alone, for an equation without a quantity (none
    of the walkthrough's asked equations): right within :func:`accepted_distance`, no mistake named."""
    base = dict(expected=float(eq.value), decimals=precision, quantity=eq.target, kind=None)
    try:
        typed = evaluate(text)
    except ValueError as exc:
        return Verdict(False, None, problem=str(exc), **base)
    extra = _how_typed(text)
    right = math.isfinite(eq.value) and abs(typed - eq.value) <= accepted_distance(
        eq.value, precision, extra["typed_decimals"])
    return Verdict(right, typed, **base, **extra)


def reveal_verdict(eq: Equation, precision: int) -> Verdict:
    """The verdict when the learner asks to see ``eq``'s value instead of answering."""
    return Verdict(False, None, expected=float(eq.value), decimals=precision, quantity=eq.target, revealed=True)


def _how_typed(text: str) -> dict:
    """What a verdict says of how an answer was typed: its decimals (None when it is not a plain
    decimal number), and the working as typed when it is more than a number (``1 - 0.1*1*4``)."""
    d = typed_decimals(text)
    return dict(typed_decimals=d, working=None if d is not None or _is_plain_number(text) else text.strip())


def _is_plain_number(text: str) -> bool:
    try:
        float(text.replace("−", "-").replace(",", "."))
        return True
    except ValueError:
        return False


_SHOWN_AS = {Kind.SUM: "a", Kind.ACTIVATION: "z", Kind.DELTA: "δ"}


def hidden(sample: int, still_asked, output_layer: int) -> Hidden:
    """The :class:`Hidden` for the quantities ``still_asked`` of a walk on ``sample``;
    ``output_layer`` is the unit layer of the outputs (``len(layers) - 1``)."""
    asked = list(still_asked)
    values = frozenset((q.unit, _SHOWN_AS[q.kind]) for q in asked if q.kind in _SHOWN_AS)
    prediction = any(q.kind is Kind.ACTIVATION and q.layer == output_layer for q in asked)
    return Hidden(sample, values, prediction, bool(asked)) if asked else Hidden()


@dataclass(frozen=True)
class Score:
    right: int = 0
    asked: int = 0

    def add(self, correct: bool) -> "Score":
        return Score(self.right + int(correct), self.asked + 1)

    def __str__(self) -> str:
        return right_of(self.right, self.asked)

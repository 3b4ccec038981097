"""Practice mode: the learner computes a value before it is revealed; check it and explain.

An answer is a number (``0.6``, ``0,6``, ``3/5``) or the learner's own substitution with
numbers (``1 - 0.1*1*4``, ``1·1 + 1·0``), which is evaluated exactly and shown beside the
correct working when it is wrong.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass

from .numbers import fmt
from .walkthrough import Equation

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
MAX_ANSWER_CHARS = 200


@dataclass(frozen=True)
class Verdict:
    """The check of one answer. ``value`` is None when the answer could not be read."""

    correct: bool
    value: float | None
    message: str


def tolerance(expected: float, precision: int) -> float:
    """Half a unit in the last digit shown: the last decimal, or where fmt uses e-notation
    (very large or very small values) the last digit of the mantissa."""
    size = abs(expected)
    if size >= 1e9 or 0 < size < 10.0 ** -precision:
        exponent = math.floor(math.log10(size))
        return 0.5 * 10.0 ** (exponent - max(precision - 1, 1))
    return 0.5 * 10.0 ** -precision


def evaluate(text: str) -> float:
    """The value of a number or a plain arithmetic expression (+ − · × * / and parentheses).
    Raises ValueError with a message for anything else."""
    src = (text.strip().replace("−", "-").replace("·", "*").replace("×", "*").replace("÷", "/"))
    if not src:
        raise ValueError("type a value (or your working, e.g. 1 - 0.1*1*4)")
    if len(src) > MAX_ANSWER_CHARS:
        raise ValueError("that answer is too long")
    if "," in src and "." not in src:
        src = src.replace(",", ".")  # decimal comma
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError:
        raise ValueError(f"“{text.strip()}” is not a number or a sum of products") from None

    def value(node) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = value(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise ValueError("your working divides by zero")
            return _OPS[type(node.op)](left, right)
        raise ValueError(f"“{text.strip()}” uses something other than numbers, + − · / and parentheses")

    try:
        result = value(tree)
    except OverflowError:
        raise ValueError("that number is too large") from None
    if not math.isfinite(result):
        raise ValueError("that number is too large")
    return result


def check_answer(eq: Equation, text: str, precision: int) -> Verdict:
    """Compare the learner's answer with the engine's value of ``eq``."""
    try:
        typed = evaluate(text)
    except ValueError as exc:
        return Verdict(False, None, str(exc))
    expected = float(eq.value)
    if not math.isfinite(expected):
        return Verdict(False, typed, f"This value is not finite ({fmt(expected, precision)}): the step overflowed.")
    if abs(typed - expected) <= tolerance(expected, precision) or _matches_shown_working(eq, typed, precision):
        return Verdict(True, typed, f"Right: {eq.text(precision)}")
    working = text.strip()
    yours = f"{eq.target} {eq.op} {working}" + ("" if _is_plain_number(working) else f" = {fmt(typed, precision)}")
    return Verdict(False, typed, f"Not quite. Yours: {yours}\nCorrect: {eq.text(precision)}")


def _matches_shown_working(eq: Equation, typed: float, precision: int) -> bool:
    """True if ``typed`` is the shown substitution worked out: a learner who computes from the
    rounded numbers on screen (0.45·1 + 1·1 + 0.85·1 = 2.3) is right, not off by the rounding."""
    if eq.substitution is None:
        return False
    try:
        shown = evaluate(eq.substitution)
    except ValueError:  # f(1), ln …: not plain arithmetic
        return False
    return abs(typed - shown) <= tolerance(shown, precision)


def _is_plain_number(text: str) -> bool:
    try:
        float(text.replace("−", "-").replace(",", "."))
        return True
    except ValueError:
        return False


@dataclass(frozen=True)
class Score:
    right: int = 0
    asked: int = 0

    def add(self, correct: bool) -> "Score":
        return Score(self.right + int(correct), self.asked + 1)

    def __str__(self) -> str:
        return f"{self.right} of {self.asked} right" if self.asked else "no answers yet"

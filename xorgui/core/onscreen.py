"""What a learner can compute from the numbers on screen, and how far it may stray from the engine.

Every number on screen is rounded to the display precision (``numbers.fmt``). A learner who
works from those numbers, and rounds their own intermediate results the same way, gets a
value near the engine's but not equal to it. An :class:`Expr` is a formula over on-screen
numbers; :meth:`Expr.reach` returns the value computed from the rounded numbers and a bound
on how far any such working can be from it. Practice mode accepts an answer inside that
bound, so right working from the numbers shown is never marked wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from .numbers import fmt


def display_halfwidth(x: float, precision: int) -> float:
    """Half a unit in the last digit ``fmt(x, precision)`` shows: the last decimal, or the last
    digit of the mantissa where fmt uses e-notation (very large or very small values)."""
    size = abs(x)
    if size >= 1e9 or 0 < size < 10.0 ** -precision:
        exponent = math.floor(math.log10(size))
        return 0.5 * 10.0 ** (exponent - max(precision - 1, 1))
    return 0.5 * 10.0 ** -precision


def shown_value(x: float, precision: int) -> float:
    """The number a learner reads where the screen shows ``x``: ``fmt(x, precision)`` read back."""
    if not math.isfinite(x):
        return x
    return float(fmt(x, precision).replace("−", "-"))


def shown_exactly(x: float, precision: int) -> bool:
    """Whether the screen shows ``x`` exactly at ``precision``, up to the float error of the
    engine's arithmetic: 0.15·0.05 is 0.0074999… and 1 − 0.1·6 is 0.3999…, shown and meant as
    0.0075 and 0.4. Not-finite values count as shown exactly (there is nothing to round)."""
    return not math.isfinite(x) or math.isclose(shown_value(x, precision), x, rel_tol=1e-12, abs_tol=1e-15)


def _rounding(x: float, precision: int) -> float:
    """The uncertainty of a number read from the screen: 0 when it is :func:`shown_exactly`."""
    if shown_exactly(x, precision):
        return 0.0
    return display_halfwidth(x, precision)


class Expr:
    """A formula over on-screen numbers, built with + − · / and :func:`apply`."""

    def exact(self) -> float:
        """The value from the engine's unrounded numbers."""
        raise NotImplementedError

    def reach(self, precision: int) -> tuple[float, float]:
        """(value from the numbers as shown, bound on the distance of any on-screen working
        from it). An intermediate result may itself be rounded to ``precision``."""
        raise NotImplementedError

    def worked(self, read: int, kept: int) -> float:
        """One working's result, itself unrounded: each number read as shown at ``read`` decimals,
        and each of them and each intermediate result rounded to ``kept`` where it is used (a
        learner keeping fewer decimals)."""
        raise NotImplementedError

    def __add__(self, other): return _Op("+", self, _expr(other))
    def __radd__(self, other): return _Op("+", _expr(other), self)
    def __sub__(self, other): return _Op("-", self, _expr(other))
    def __rsub__(self, other): return _Op("-", _expr(other), self)
    def __mul__(self, other): return _Op("*", self, _expr(other))
    def __rmul__(self, other): return _Op("*", _expr(other), self)
    def __truediv__(self, other): return _Op("/", self, _expr(other))
    def __neg__(self): return _Op("*", Exact(-1.0), self)


@dataclass(frozen=True, eq=False)
class Exact(Expr):
    """A number known exactly: the bias input 1, a target, the learning rate, a batch size."""

    value: float

    def exact(self) -> float:
        return self.value

    def reach(self, precision: int) -> tuple[float, float]:
        return self.value, 0.0

    def worked(self, read: int, kept: int) -> float:
        return self.value


@dataclass(frozen=True, eq=False)
class Shown(Expr):
    """A number the learner reads rounded to the display precision (a weight, z, δ …)."""

    value: float

    def exact(self) -> float:
        return self.value

    def reach(self, precision: int) -> tuple[float, float]:
        return shown_value(self.value, precision), _rounding(self.value, precision)

    def worked(self, read: int, kept: int) -> float:
        return shown_value(self.value, read)


def _kept(x: float, kept: int) -> float:
    return shown_value(x, kept) if math.isfinite(x) else x


def _expr(x) -> Expr:
    return x if isinstance(x, Expr) else Exact(float(x))


_BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b if b else math.nan}


@dataclass(frozen=True, eq=False)
class _Op(Expr):
    op: str
    left: Expr
    right: Expr

    def exact(self) -> float:
        return _BINARY[self.op](self.left.exact(), self.right.exact())

    def reach(self, precision: int) -> tuple[float, float]:
        a, ea = self.left.reach(precision)
        b, eb = self.right.reach(precision)
        value = _BINARY[self.op](a, b)
        if self.op in "+-":
            spread = ea + eb
        elif self.op == "*":
            spread = abs(a) * eb + abs(b) * ea + ea * eb
        else:  # only ever divides by an exact batch size
            spread = ea / abs(b) if not eb else math.inf
        return value, spread + _rounding(value, precision)

    def worked(self, read: int, kept: int) -> float:
        return _BINARY[self.op](_kept(self.left.worked(read, kept), kept), _kept(self.right.worked(read, kept), kept))


@dataclass(frozen=True, eq=False)
class _Apply(Expr):
    fn: Callable[[float], float]
    arg: Expr

    def exact(self) -> float:
        return self.fn(self.arg.exact())

    def reach(self, precision: int) -> tuple[float, float]:
        x, e = self.arg.reach(precision)
        value = self.fn(x)
        # the largest move of fn over [x − e, x + e], sampled (fn may turn inside it: z·(1 − z))
        spread = max((abs(self.fn(x + e * t / 4) - value) for t in range(-4, 5)), default=0.0) if e else 0.0
        return value, spread + _rounding(value, precision)

    def worked(self, read: int, kept: int) -> float:
        return self.fn(_kept(self.arg.worked(read, kept), kept))


def apply(fn: Callable[[float], float], arg: Expr) -> Expr:
    """``fn(arg)``, e.g. an activation of an on-screen weighted sum."""
    return _Apply(fn, arg)


def apply2(fn: Callable[[float, float], float], first: Expr, second: Expr) -> Expr:
    """``fn(first, second)`` for a function of two on-screen numbers (a slope f'(a, z))."""
    return _Apply2(fn, first, second)


@dataclass(frozen=True, eq=False)
class _Apply2(Expr):
    fn: Callable[[float, float], float]
    first: Expr
    second: Expr

    def exact(self) -> float:
        return self.fn(self.first.exact(), self.second.exact())

    def reach(self, precision: int) -> tuple[float, float]:
        (x, ex), (y, ey) = self.first.reach(precision), self.second.reach(precision)
        value = self.fn(x, y)
        steps = [t / 2 for t in range(-2, 3)]
        spread = max(abs(self.fn(x + ex * s, y + ey * t) - value) for s in steps for t in steps)
        return value, spread + _rounding(value, precision)

    def worked(self, read: int, kept: int) -> float:
        return self.fn(_kept(self.first.worked(read, kept), kept), _kept(self.second.worked(read, kept), kept))


def working_reach(expr: Expr, precision: int) -> tuple[float, float]:
    """:meth:`Expr.reach` without the rounding of the result itself: (value from the numbers as
    shown, bound on how far rounding the numbers read and the intermediate results to
    ``precision`` decimals can move it). The bound is 0 when all of them are exact."""
    value, spread = expr.reach(precision)
    return value, max(spread - _rounding(value, precision), 0.0)


def total(terms: list[Expr]) -> Expr:
    """The sum of ``terms`` (at least one), left to right as a learner adds them."""
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out

"""Reading numbers the way people type them: ``0.5``, ``.5``, ``-1e-3``, ``0,5``, ``1/3``."""

from __future__ import annotations

import math
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_PRECISION = 4  # decimals shown unless the user asks for more
# Decimals a user may choose (the window's View ▸ Decimals and the CLI's --precision): below 2
# the walkthrough's numbers no longer add up visibly; past 8 the diagram's labels and the truth
# table no longer fit a 1024×700 window (the CLI's JSON output carries every digit anyway).
MIN_PRECISION, MAX_PRECISION = 2, 8
MAX_WEIGHT = 1e6  # larger weights only overflow the activations; refuse them at the door

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SPACED_SIGN_OR_SLASH = re.compile(r"^[+-] +| */ *")  # "- 1" and "1 / 3" as typed
# "1,500": one and a half with a decimal comma, or fifteen hundred with a thousands comma (which
# the window's epoch counts take): neither is assumed
_COMMA_OR_THOUSANDS = re.compile(r"(?<![\d.,])([+-]?)([1-9]\d{0,2}),(\d{3})([eE][+-]?\d+)?(?![\d.,])")
_GROUPED = re.compile(r"[+-]?\d{1,3}( \d{3})*([.,](\d{3} )*\d*)?([eE][+-]?\d+)?")  # 0.123 456 too
SHOWN_CHARACTERS = 40  # of a refused text, quoted back: a pasted megabyte was repeated whole


def _quoted(text: str) -> str:
    text = text.strip()
    return f"“{text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS - 1] + '…'}”"


def refuse_comma_or_thousands(text: str, shown: str) -> None:
    """ValueError if a number in ``text`` reads two ways, as "1,500" does; ``shown`` quotes
    what was typed."""
    if (both := _COMMA_OR_THOUSANDS.search(text)) is not None:
        sign, whole, digits, power = both.groups()
        sign, power = sign.replace("-", "−").replace("+", ""), (power or "").replace("-", "−")
        raise ValueError(f"{shown} could be {sign}{whole}.{digits}{power} (a decimal comma) or "
                         f"{sign}{whole}{digits}{power} (a thousands comma): write it with a point, or without the comma")


def parse_number(text: str, limit: float = MAX_WEIGHT) -> float:
    """The finite number ``text`` denotes, with ``|value| <= limit``.

    Accepts a decimal point or a decimal comma (not in "1,500", which could be either 1.5 or
    1500 with a thousands comma), exponents, a leading sign, the minus sign
    "−", and one fraction ``p/q`` of two such numbers. Raises ValueError with a message fit
    for a user otherwise (empty, not a number, nan/inf, division by zero, too large, too small
    to represent: a non-zero nearer to 0 than the smallest normal double, ~2.2e-308).
    """
    plain = text.strip().replace("−", "-").replace("\u00a0", " ").replace("\u202f", " ")  # the French 1 000 too
    s = _SPACED_SIGN_OR_SLASH.sub(lambda m: m.group().replace(" ", ""), plain)
    if not s:
        raise ValueError("type a number, e.g. 0.5, -1e-3 or 1/3")
    shown = _quoted(text)
    if " " in s:  # only between groups of three digits ("1 000 000"): "0.5 1" was read as 0.51
        if not all(_GROUPED.fullmatch(p) for p in s.split("/")):
            joined = s.replace(" ", "").replace(",", ".")  # the space is the reason only if it is one
            why = (": a space may only group digits by three (1 000 000)"
                   if all(_NUMBER.fullmatch(p) for p in joined.split("/")) else " (try 0.5, -1e-3 or 1/3)")
            raise ValueError(f"{shown} is not a number{why}")
        s = s.replace(" ", "")
    refuse_comma_or_thousands(s, shown)
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    parts = s.split("/")
    if len(parts) > 2 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise ValueError(f"{shown} is not a number (try 0.5, -1e-3 or 1/3)")
    values = [float(p) for p in parts]
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"{shown} is too large to be a number here")
    for p, v in zip(parts, values):  # 1e-400 is not 0: a non-zero typed below the smallest normal double
        _check_not_tiny(text.strip() if len(parts) == 1 else p, p, v)
    if len(values) == 2:
        if values[1] == 0:
            raise ValueError("cannot divide by zero")
        value = values[0] / values[1]
    else:
        value = values[0]
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{shown} is out of range: use a value from {limit_text(-limit)} "
                         f"to {limit_text(limit)}")
    _check_not_tiny(text.strip(), parts[0], value)  # 1e-200/1e200
    return value


# A file's number that ``underflows``: how the session and CSV loaders refuse it
UNDERFLOW = "too near 0 to represent: it would become 0 (write 0 for zero)"


def underflows(text: str) -> bool:
    """Whether the decimal ``text`` (as files write numbers) is not 0 but its double is 0
    (1e-400), so that reading it would silently give 0. Files may hold subnormals (5e-324,
    what xorgui writes of one): a double holds them exactly, unlike typed input's rule below."""
    return float(text) == 0.0 and Decimal(text) != 0


def _check_not_tiny(shown: str, typed: str, value: float) -> None:
    """ValueError if ``typed`` is not exactly 0 but its double ``value`` lost digits or became 0."""
    if abs(value) < sys.float_info.min and Decimal(typed) != 0:
        raise ValueError(f"{_quoted(shown)} is too small to represent: numbers nearer to 0 than about 2.2e−308 lose "
                         "digits or become 0 in the computer's arithmetic (type 0 for zero)")


SMALLEST = 5e-324  # the smallest double above 0: a subnormal x holds about log10(x / SMALLEST) digits


def fmt(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """``x`` rounded to ``precision`` decimals, trailing zeros dropped: 0.6, 1, −4, 0.0012.

    Very large or very small non-zero magnitudes use scientific notation so that no
    significant digit is lost to rounding, and below 2.2e−308 no more digits than the double
    holds (2.4e−321, not 2.372e−321: a sum that small was rounded to a multiple of 5e−324);
    a true minus sign is used.
    """
    x = float(x)
    if not math.isfinite(x):
        return _not_finite(x)
    if x != 0 and (abs(x) >= 1e9 or abs(x) < 10.0 ** -precision):
        decimals = max(precision - 1, 1)
        if abs(x) < sys.float_info.min:  # subnormal: a double this small holds fewer digits (2.4e−321: 2)
            decimals = min(decimals, max(int(math.log10(abs(x) / SMALLEST)) - 1, 0))
        mantissa, exp = f"{x:.{decimals}e}".split("e")
        return _written(f"{mantissa.rstrip('0').rstrip('.')}e{exp}")
    text = f"{x:.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _written("0" if text in ("-0", "") else text)


def limit_text(x: float) -> str:
    """A short notation for limits, and for the value that broke one, in a message: '1e6',
    '−2e7', '−1000' (a true minus, no '+' or leading zeros in the exponent), not Python's '1e+06'
    or '-1000'. Not how the window writes numbers (fmt writes 1e6 as 1000000). Exact: a value
    that 6 significant digits would round ('1000000.5', not '1e6') is written in full. A whole
    number too large for a float (a file's 401-digit size) is 'a 401-digit number'."""
    if isinstance(x, int) and abs(x) > 10**308:
        return f"a {'negative ' if x < 0 else ''}{len(str(abs(x)))}-digit number"
    x = float(x)
    if not math.isfinite(x):
        return _not_finite(x)
    short = f"{x:g}"
    return _written(short if float(short) == x else repr(x))


def _not_finite(x: float) -> str:
    return {math.inf: "∞", -math.inf: "−∞"}.get(x, "NaN")


def _written(text: str) -> str:
    """Python's '1.5e+14', '-2e-07' as the window writes them: '1.5e14', '−2e−7'."""
    mantissa, e, exp = text.partition("e")
    return (mantissa + (f"e{int(exp)}" if e else "")).replace("-", "−")


def significant(x: float, digits: int = DEFAULT_PRECISION) -> str:
    """``x`` as :func:`fmt` writes it, with AT LEAST ``digits`` significant digits, often more:
    0.1772, 0.04431, 0.000232, 3.112e−6 at 4. A number below 1 gets exactly ``digits``; a number
    ≥ 1 keeps ``digits`` decimals (fmt's), so its whole part adds digits: 12.3457 at 4, a twin's
    loss of 140.1395836869 at 10 (13 significant). ``fmt(x, digits)`` alone leaves a number from
    10^−digits to 0.01 one to three digits (0.0002 for 0.000232), too few for a sentence that
    divides or compares such numbers (the stuck-sample finding's gradients)."""
    x = float(x)
    if not math.isfinite(x) or x == 0 or abs(x) >= 1 or abs(x) < 10.0 ** -digits:
        return fmt(x, digits)  # already that many: decimals of a number ≥ 1, or scientific
    return fmt(x, digits - 1 - math.floor(math.log10(abs(x))))


def apart(a: float, b: float, digits: int = DEFAULT_PRECISION) -> tuple[str, str]:
    """``a`` and ``b`` by :func:`significant`, with more digits while two different numbers
    would read the same: a loss that rose from 0.49999931 to 0.49999952 is '0.499999, 0.5', not
    '0.5, 0.5'. Equal numbers read the same. Digits are added up to 17 (enough to tell any two
    floats apart); ``digits`` of 17 or more is used as given."""
    d = digits
    left, right = significant(a, d), significant(b, d)
    while left == right and a != b and d < 17:
        d += 1
        left, right = significant(a, d), significant(b, d)
    return left, right


def as_set(x: float) -> str:
    """A value the user set (a weight, a data value, a rate), as an undo entry or a marker names
    it: six significant digits at least, in the window's notation (1000000 and 0.00001, not
    Python's 1e+06 and 1e-05)."""
    return significant(x, 6)


def factor(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """A number as a factor in a product: negatives in parentheses, ``(−0.5)``."""
    text = fmt(x, precision)
    return f"({text})" if text.startswith("−") else text


def operand(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """A number as a factor whose product is shown: :func:`factor`, but one that ``fmt`` would
    leave fewer than 4 significant digits (below 10^(3 − precision)) gets ``precision`` of them
    (:func:`significant`), as many as a small product shows. "½·(0.0001 − 0)² = 8.74e−9" could
    not be checked; ½·(0.0001322)² can."""
    if x != 0 and abs(x) < 10.0 ** (3 - precision):
        text = significant(x, precision)
        return f"({text})" if text.startswith("−") else text
    return factor(x, precision)


def percent(share: float, decimals: int = 0) -> str:
    """``share`` (0.575 for 23 of 40) as a percentage rounded half up, as people round: '58%',
    '12.5%' with one decimal. Python's own rounding (half to even, on the binary float 57.49999…)
    shows 57%. The share is read as the shortest decimal that names the float, '0.575'.
    Only an exact 1 or 0 reads '100%' or '0%': 0.995 is '99.5%', 0.9999 '99.99%', 0.0049 '0.5%'
    (decimals are added as needed)."""
    share = float(share)
    if not math.isfinite(share):
        return "?%"
    exact = Decimal(repr(share)) * 100
    for places in range(decimals, decimals + 5):
        value = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        # never '100%' with one of 10,000 wrong, nor '0%' with one right: a decimal more
        if (value == 100) == (exact == 100) and (value == 0) == (exact == 0):
            return f"{value:f}%"
    return "> 99.999%" if exact > 50 else "< 0.001%"

"""Stated figures as intervals, so that checks allow for what the text itself leaves open.

'$24.10 billion' is 24.095e9..24.105e9 (half a unit of the last digit written), '6-6.5%' is
6..6.5, 'more than 10%' is 10..inf, 'about $2 trillion' is widened by `approx_about`. Sums,
differences, products, quotients and powers of intervals bound every value the stated figures
allow; two figures agree when their intervals overlap once the computed one is widened by the
tolerance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from tradeextract.model import Change, Value
from tradeextract.resources import read_json

NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
INF = math.inf


@dataclass(frozen=True)
class CheckRules:
    tolerance: float
    approx_about: float
    checks: dict[str, str]
    scopes: tuple[tuple[re.Pattern[str], str], ...]
    comparison_before: re.Pattern[str]
    hedge_before: re.Pattern[str]  # 'more than 10%' is a hedge, not a comparison


@lru_cache(maxsize=1)
def check_rules() -> CheckRules:
    spec = read_json("check_rules.json")
    link = read_json("link_rules.json")
    return CheckRules(
        spec["tolerance"],
        spec["approx_about"],
        dict(spec["checks"]),
        tuple((re.compile(pattern, re.I), label) for pattern, label in spec["scopes"]),
        re.compile(link["comparison_before"], re.I),
        re.compile(spec["hedge_before"], re.I),
    )


def _times(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 x inf is 0 here: a zero figure stays zero


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @classmethod
    def exact(cls, x: float) -> Interval:
        return cls(x, x)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        ends = [_times(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            return Interval(-INF, INF)
        return self * Interval(1 / other.hi, 1 / other.lo)

    def power(self, exponent: float) -> Interval | None:
        """For a positive interval only (growth factors); None otherwise."""
        if self.lo <= 0:
            return None
        return Interval(self.lo**exponent, self.hi**exponent)

    @property
    def mid(self) -> float:
        """A single number to show: the middle, or the finite end of an open interval."""
        if math.isinf(self.lo) and math.isinf(self.hi):
            return 0.0
        if math.isinf(self.hi):
            return self.lo
        if math.isinf(self.lo):
            return self.hi
        return (self.lo + self.hi) / 2

    def gap(self, other: Interval) -> float:
        """How far apart two intervals are; 0 when they overlap."""
        return max(other.lo - self.hi, self.lo - other.hi, 0.0)


def agrees(computed: Interval, stated: Interval, tolerance: float) -> bool:
    """The stated figure is within the computed one's reach, give or take the tolerance."""
    scale = max(abs(computed.mid), abs(stated.mid))
    return computed.gap(stated) <= tolerance * scale + 1e-9 * scale


def relative_difference(computed: Interval, stated: Interval) -> float | None:
    if stated.mid == 0:
        return None
    return (computed.mid - stated.mid) / abs(stated.mid)


def rounding(amount: float, text: str | None) -> float:
    """Half a unit of the last digit written: '$24.10 billion' -> 0.005e9. Without the text
    (hand-made claims), half a unit of the amount's last significant digit: 24.1e9 -> 0.05e9."""
    if not text:
        return _significant_rounding(amount)
    numbers = list(NUMBER.finditer(text))
    if not numbers:
        return 0.0
    written = float(numbers[0].group(0).replace(",", ""))
    if written == 0:
        return 0.0
    decimals = max(len(m.group(1) or "") for m in numbers)  # '6-6.5%': to the tenth
    return 0.5 * 10**-decimals * abs(amount / written)


def _significant_rounding(amount: float) -> float:
    """As if written in thousands, millions, billions...: 24.1e9 as '24.1 billion' (0.05e9),
    30.0 as '30' (0.5), 900e6 as '900 million' (0.5e6)."""
    if amount == 0 or math.isinf(amount) or math.isnan(amount):
        return 0.0
    scale = 1000.0 ** max(0, math.floor(math.log(abs(amount), 1000)))
    written = f"{abs(amount) / scale:.12g}"
    decimals = len(written.split(".")[1]) if "." in written else 0
    return 0.5 * 10**-decimals * scale


def stated(number: Value | Change, approx: str | None = None) -> Interval:
    """What a stated value or change allows: rounding, a range's bounds, the claim's hedge."""
    slack = rounding(number.amount, number.text)
    low = number.amount
    high = number.upper if number.upper is not None else number.amount
    low, high = min(low, high) - slack, max(low, high) + slack
    if approx == "gt":
        return Interval(low, INF) if number.amount >= 0 else Interval(-INF, high)
    if approx == "lt":
        return Interval(min(0.0, low), high) if number.amount >= 0 else Interval(low, 0.0)
    if approx == "about":
        widen = check_rules().approx_about * max(abs(low), abs(high))
        return Interval(low - widen, high + widen)
    return Interval(low, high)

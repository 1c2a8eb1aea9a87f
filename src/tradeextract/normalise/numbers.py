"""Numbers, scales and currencies as written in trade news, turned into amounts and codes."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_NUMBER_CHARS = re.compile(r"[^\d.]")
_FRACTION = re.compile(r"(\d+)-(\d+)/(\d+)")
_PRICE = re.compile(r"\d[\d,]*\.\d\d(?:\d\d)?")
_VULGAR = re.compile(r"(\d*)([½¼¾⅓⅔⅛⅜⅝⅞])")


def parse_number(text: str) -> float:
    """'1,234.5' -> 1234.5, '.75' -> 0.75, '8-1/4' (wire copy) -> 8.25, '5½' -> 5.5. Digits
    only: the recognisers never hand over words or signs."""
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        whole, top, bottom = (int(part) for part in fraction.groups())
        if not bottom or top >= bottom:
            raise ValueError(f"not a fraction: {text!r}")
        return whole + top / bottom
    vulgar = _VULGAR.fullmatch(text)
    if vulgar:  # '5½ per cent'
        return int(vulgar.group(1) or 0) + unicodedata.numeric(vulgar.group(2))
    cleaned = _NUMBER_CHARS.sub("", text)
    if not cleaned or cleaned == ".":
        raise ValueError(f"not a number: {text!r}")
    return float(cleaned)


def scaled(amount: float, scale_word: str | None, scales: dict[str, float]) -> float:
    """Apply a scale word ('billion', 'mln', 'bn', 'lakh crore') to an amount."""
    if not scale_word:
        return amount
    factor = scales.get(scale_word) or scales.get(scale_word.lower()) or 1.0
    return float(Decimal(repr(amount)) * Decimal(repr(factor)))


def looks_like_year(text: str) -> bool:
    """A bare 4-digit number between 1900 and 2100 (no comma, no decimals) reads as a year."""
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def price_shaped(text: str) -> bool:
    """'4.49', '1.8150': two or four decimals, how prices and exchange rates are written; '20'
    or '2.5' could be a weight or an exam mark."""
    return bool(_PRICE.fullmatch(text))

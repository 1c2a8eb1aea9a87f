"""Numbers, scales and currencies as written in trade news, turned into amounts and codes."""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER_CHARS = re.compile(r"[^\d.]")


def parse_number(text: str) -> float:
    """'1,234.5' -> 1234.5. Digits only: the recognisers never hand over words or signs."""
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

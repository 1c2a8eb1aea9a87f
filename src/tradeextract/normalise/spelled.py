"""Numbers written in words: "two", "twenty-five", "one and a half", "three hundred", "a".

The quantity rules only hand over runs of number words (quantity_patterns.json,
spelled_number), so a small reader is enough; scale words ("billion") are applied apart.
"""

from __future__ import annotations

import re

UNITS = {
    word: value
    for value, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        + ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
        + ["eighteen", "nineteen"]
    )
}
TENS = {
    word: 10 * value
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2
    )
}
_WORD = re.compile(r"[a-z]+")


def spelled_amount(words: str) -> float | None:
    """The number a run of number words means, or None if a word is not a number word."""
    tokens = _WORD.findall(words.lower())
    if tokens == ["a"]:  # 'a billion dollars'
        return 1.0
    current = 0.0
    seen = False
    after_a = False  # 'a quarter', 'one and a quarter' add a quarter; 'three quarters' times it
    for token in tokens:
        if token in ("and", "of"):  # 'one and a half', 'a quarter of a'
            continue
        if token == "a":
            after_a = True
            continue
        if token in ("quarter", "quarters"):
            current = current + 0.25 if after_a or not current else current * 0.25
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "half":
            current += 0.5
        else:
            return None
        after_a = False
        seen = True
    return current if seen else None

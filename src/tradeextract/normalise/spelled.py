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
    current = 0.0
    seen = False
    tokens = _WORD.findall(words.lower())
    if tokens == ["a"]:  # 'a billion dollars'
        return 1.0
    for token in tokens:
        if token in ("and", "a"):  # 'one and a half', 'half a'
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "half":
            current += 0.5
        else:
            return None
        seen = True
    return current if seen else None

"""The recognisers search a pattern that must contain a required word only near that word
(recognise/base.py): what they find must be exactly what a search of the whole text finds."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES_DIR, SEEDS_DIR, gold_texts
from tradeextract.recognise import base
from tradeextract.recognise.periods import PeriodRules, find_periods
from tradeextract.recognise.quantities import QuantityRules, find_quantities


def _texts() -> list[str]:
    paths = gold_texts(FIXTURES_DIR) + gold_texts(SEEDS_DIR)
    return [p.read_text(encoding="utf-8") for p in paths]


def _whole_text_search(
    text: str, pattern: re.Pattern[str], windows: list[tuple[int, int]]
) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _found(text: str, period_rules: PeriodRules, quantity_rules: QuantityRules) -> list:
    periods = [(m.start, m.end, m.kind) for m in find_periods(text, period_rules)]
    quantities = [(q.start, q.end, q.kind) for q in find_quantities(text, quantity_rules)]
    return periods + quantities


# Edges the articles may not reach: a required word at the very start and end, one far from
# the next, a text with a character whose lower case is longer ('İ').
EDGE_TEXTS = [
    "half of 2024 exports rose 5%",
    "Exports rose 5% in the first half",
    "Exports in the first half of 2024 rose 5%." + " filler" * 60 + " in the second half",
    "İstanbul exports in the first half of 2024 rose 5% to $4.1 billion.",
    "Sales between 2019 and 2023 doubled; output grew between 5% and 7% in the year to date.",
]


@pytest.mark.parametrize("source", ["articles", "edges"])
def test_the_search_near_required_words_finds_what_a_whole_text_search_finds(
    source: str,
    period_rules: PeriodRules,
    quantity_rules: QuantityRules,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _texts() if source == "articles" else EDGE_TEXTS
    if not texts:
        pytest.skip("no annotated articles here")
    near = [_found(text, period_rules, quantity_rules) for text in texts]
    monkeypatch.setattr(base, "matches_near", _whole_text_search)
    whole = [_found(text, period_rules, quantity_rules) for text in texts]
    assert sum(map(len, near)) > 0
    for text, got, expected in zip(texts, near, whole, strict=True):
        assert got == expected, text[:80]


def test_a_match_cut_by_its_window_is_read_whole() -> None:
    text = "Shipped in May 2024, the cargo"
    may = text.index("May")
    window = [(0, may + 5)]  # ends inside '2024'
    pattern = re.compile(r"\bMay(?: (?:19|20)\d\d)?")
    assert [m.group() for m in base.matches_near(text, pattern, window)] == ["May 2024"]


def test_windows_lie_around_every_required_word_and_merge_where_they_meet() -> None:
    lowered = "a half. " + "x" * 300 + " a quarter, a half"
    windows = base.required_word_windows(lowered, ("half", "quarter"), reach=10)
    first = lowered.index("half")
    assert windows[0] == (0, first + 4 + 10)
    quarter = lowered.index("quarter")
    last_half = lowered.rindex("half")
    assert windows[1] == (quarter - 10, len(lowered))  # the quarter's and the last half's
    assert last_half + 4 == len(lowered)
    assert len(windows) == 2

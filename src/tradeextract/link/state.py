"""What the linker reads its rules from and keeps per document: the rule files, the
document's text, year, main reporter and context, and character spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeextract.extensions import Provenance
from tradeextract.link.context import Context
from tradeextract.normalise.currencies import CurrencyTable
from tradeextract.resources import read_json

SUBJECT_KINDS = ("FLOW", "PLACE", "PRODUCT", "ALLGOODS", "SELF")

WORD_BEFORE_REACH = 20  # characters before a position that `word_before` reads
PHRASE_BREAK = re.compile(r"[,;:.()\n]")  # punctuation that ends a phrase
WORD_OR_NUMBER = re.compile(r"[A-Za-z0-9-]+")  # a word in Latin letters (hyphens too) or digits


@dataclass(frozen=True)
class LinkRules:
    clause_break: re.Pattern[str]
    soft_break: re.Pattern[str]
    value_after_change: re.Pattern[str]
    comparison_before: re.Pattern[str]
    alt_between: re.Pattern[str]
    range_between: re.Pattern[str]
    range_before: re.Pattern[str]
    absolute_change_before: re.Pattern[str]
    absolute_change_after: re.Pattern[str]
    share_after: re.Pattern[str]
    compare_after: re.Pattern[str]
    group_words: tuple[str, ...]
    partner_before: frozenset[str]
    list_between: re.Pattern[str]
    hs_code: re.Pattern[str]
    possessive_after: re.Pattern[str]
    epithet_after: re.Pattern[str]
    subordinate_before: re.Pattern[str]
    currency_after: re.Pattern[str]
    relative_earlier: tuple[str, ...]
    example_markers: tuple[str, ...]
    example_marker_before: tuple[re.Pattern[str], ...]  # a marker ending the text: one per marker
    possessive_reach: int
    restatement_between: re.Pattern[str]
    parallel_between: re.Pattern[str]
    comparison_and_before: re.Pattern[str]
    name_words: frozenset[str]
    level_before: re.Pattern[str]
    comparison_period_before: re.Pattern[str]
    basis_period_before: re.Pattern[str]
    same_period_before: re.Pattern[str]
    partner_nouns: frozenset[str]
    share_holder_after: re.Pattern[str]
    counterpart_after: re.Pattern[str]
    event_year_after: re.Pattern[str]
    region_epithet_after: re.Pattern[str]
    rate_growth_words: tuple[str, ...]
    direction_after: dict[str, re.Pattern[str]]
    fiscal_start: dict[str, int]
    fiscal_named_by_start: frozenset[str]
    season_start: int
    reach: int  # characters a number looks either side of itself
    max_sentence: int  # characters; longer sentences are linked in pieces


@lru_cache(maxsize=4)
def load_link_rules(data_dir: Path) -> LinkRules:
    spec = read_json("link_rules.json", data_dir)
    periods = read_json("period_patterns.json", data_dir)
    fiscal = periods["fiscal_start_month"]
    return LinkRules(
        clause_break=re.compile("|".join(re.escape(b) for b in spec["clause_breaks"]), re.I),
        soft_break=re.compile("|".join(re.escape(b) for b in spec["soft_breaks"]), re.I),
        value_after_change=re.compile(spec["value_after_change"], re.I),
        comparison_before=re.compile(spec["comparison_before"], re.I),
        alt_between=re.compile(spec["alt_between"], re.I),
        range_between=re.compile(spec["range_between"], re.I),
        range_before=re.compile(spec["range_before"], re.I),
        absolute_change_before=re.compile(spec["absolute_change_before"], re.I),
        absolute_change_after=re.compile(spec["absolute_change_after"]),
        share_after=re.compile(spec["share_after"], re.I),
        compare_after=re.compile(spec["compare_after"], re.I),
        group_words=tuple(spec["group_words"]),
        partner_before=frozenset(spec["partner_before"]),
        list_between=re.compile(spec["list_between"], re.I),
        hs_code=re.compile(spec["hs_code"]),
        possessive_after=re.compile(spec["possessive_after"]),
        epithet_after=re.compile(spec["epithet_after"], re.I),
        subordinate_before=re.compile(spec["subordinate_before"], re.I),
        currency_after=re.compile(spec["currency_after"], re.I),
        relative_earlier=tuple(spec["relative_earlier"]),
        example_markers=tuple(spec["example_markers"]),
        example_marker_before=tuple(
            re.compile(rf"\b{re.escape(marker)}\s*$") for marker in spec["example_markers"]
        ),
        possessive_reach=spec["possessive_reach"],
        restatement_between=re.compile(spec["restatement_between"], re.I),
        parallel_between=re.compile(spec["parallel_between"], re.I),
        comparison_and_before=re.compile(spec["comparison_and_before"], re.I),
        name_words=frozenset(spec["name_words"]),
        level_before=re.compile(spec["level_before"], re.I),
        comparison_period_before=re.compile(spec["comparison_period_before"], re.I),
        basis_period_before=re.compile(spec["basis_period_before"], re.I),
        same_period_before=re.compile(spec["same_period_before"], re.I),
        partner_nouns=frozenset(spec["partner_nouns"]),
        share_holder_after=re.compile(spec["share_holder_after"]),
        counterpart_after=re.compile(spec["counterpart_after"], re.I),
        event_year_after=re.compile(spec["event_year_after"]),
        region_epithet_after=re.compile(spec["region_epithet_after"], re.I),
        rate_growth_words=tuple(spec["rate_growth_words"]),
        direction_after={k: re.compile(v, re.I) for k, v in spec["direction_after"].items()},
        fiscal_start={k: v for k, v in fiscal.items() if isinstance(v, int)},
        fiscal_named_by_start=frozenset(periods.get("fiscal_named_by_start", [])),
        season_start=periods["season_start_month"],
        reach=spec["reach"],
        max_sentence=spec["max_sentence"],
    )


@dataclass
class DocState:
    """What the linker knows about the whole document while it walks the sentences."""

    text: str  # what the rules read: soft line breaks are spaces
    source: Provenance  # the text as given: provenance is sliced from it
    doc_year: int | None
    doc_month: int | None
    main_reporter: tuple[str, tuple[int, int]] | None
    context: Context
    rules: LinkRules
    compares_months: bool = False  # the article states a month-on-month comparison somewhere
    currencies: CurrencyTable | None = None  # which economies use which currency
    season_start: int | None = None  # the month the text says its seasons start in, if it does

    @property
    def main_code(self) -> str | None:
        """ISO code of the economy the article is about, if any."""
        return self.main_reporter[0] if self.main_reporter else None


def text_before(text: str, start: int, floor: int, width: int = 40) -> str:
    return text[max(floor, start - width) : start]


def word_before(text: str, start: int) -> str:
    """The word right before `start` in the same phrase ('In 2023, the EU': none; 'In 2024
    Colombia': '2024', not 'in')."""
    phrase = PHRASE_BREAK.split(text[max(0, start - WORD_BEFORE_REACH) : start])[-1]
    words = WORD_OR_NUMBER.findall(phrase)
    return words[-1].lower() if words else ""


Loc = tuple[int, int]  # a character span while a claim is being read; TextSpan at the end


def loc(start: int, end: int) -> Loc:
    """Where a field was read, kept as offsets until the claim is built (`to_text_span`)."""
    return (start, end)


def to_text_span(source: Provenance, where: Loc) -> dict[str, Any]:
    """Provenance by construction: the text is always sliced from the document as given."""
    return source.span(*where)

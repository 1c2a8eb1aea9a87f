"""Periods ("first half of 2025", "January to May", "Q3", "2004/05") and dates, by regex.

Templates and vocabularies come from `period_patterns.json`; the match is turned into a
`PeriodMention` whose year may be missing; the linker resolves it with context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from tradeextract.extensions import doc_text, register_extensions
from tradeextract.normalise.periods import PeriodMention
from tradeextract.recognise.base import DataComponent, find_candidates, longest_first
from tradeextract.resources import DataDir, read_json

PERIOD_FILES = ("period_patterns.json",)
PERIODS_KEY = "trade_periods"
YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class PeriodRules:
    patterns: tuple[tuple[str, re.Pattern[str], tuple[str, ...], str], ...]
    anchors: dict[str, re.Pattern[str]]
    months: dict[str, int]
    numbers: dict[str, int]
    relative_years: dict[str, int]
    may_needs: frozenset[str]


def _alternation(forms: list[str]) -> str:
    return "|".join(
        re.escape(f).replace(r"\ ", " ") for f in sorted(set(forms), key=len, reverse=True)
    )


@lru_cache(maxsize=8)
def load_period_rules(data_dir: DataDir) -> PeriodRules:
    spec = read_json("period_patterns.json", data_dir)
    months = {k.lower(): v for k, v in spec["months"].items()}
    number_words = [w for w in spec["numbers"] if w.isalpha()]
    fills = {
        "year": YEAR,
        "month": _alternation([m.capitalize() for m in months] + [m.upper() for m in months]),
        "month_full": _alternation(spec["month_full"]),
        "rel_year": "(?i:" + _alternation(list(spec["relative_years"])) + ")",
        "number_words": _alternation(number_words),
    }
    patterns = tuple(
        (
            p["kind"],
            re.compile(re.sub(r"\{([a-z_]+)\}", lambda m: fills[m.group(1)], p["regex"])),
            tuple(p.get("requires", ())),
            p.get("anchor", "scan"),
        )
        for p in spec["patterns"]
    )
    anchors = {
        "year": re.compile(spec["year_anchor"]),
        "month": re.compile(r"\b(?:" + fills["month"] + ")"),
    }
    return PeriodRules(
        patterns=patterns,
        anchors=anchors,
        months=months,
        numbers={k.lower(): v for k, v in spec["numbers"].items()},
        relative_years={k.lower(): v for k, v in spec["relative_years"].items()},
        may_needs=frozenset(spec["may_needs"]),
    )


def _two_digit_year(text: str) -> int:
    value = int(text)
    return value if value >= 100 else (2000 + value if value < 50 else 1900 + value)


def _groups(match: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in match.groupdict().items() if v is not None}


def _year_of(g: dict[str, str], rules: PeriodRules) -> tuple[int | None, int | None]:
    """(year, relative offset) of a match: an explicit year, 'H1 25', or 'this/last year'."""
    if "year" in g:
        return int(g["year"]), None
    if "yy" in g:
        return _two_digit_year(g["yy"]), None
    if "rel" in g:
        return None, rules.relative_years.get(g["rel"].lower(), 0)
    return None, None


def _mention(
    kind: str, match: re.Match[str], text: str, rules: PeriodRules
) -> PeriodMention | None:
    g = _groups(match)
    year, relative = _year_of(g, rules)
    base = {"start": match.start(), "end": match.end(), "text": match.group(0)}
    month = rules.months.get(g.get("month", "").lower())
    if kind == "week":  # 'the week ended March 14': the seven days up to that date
        return PeriodMention("week", year=year, month1=month, day=int(g["day"]), **base)
    if kind == "date":
        month = month or int(g.get("monthnum", 0)) or None
        return PeriodMention("date", year=year, month1=month, day=int(g["day"]), **base)
    if kind == "half":
        half = g.get("h") or g.get("h2") or str(rules.numbers[g["ord"].lower()])
        first = 1 if half == "1" else 7
        return PeriodMention(
            "half", year=year, relative=relative, month1=first, month2=first + 5, **base
        )
    if kind == "quarter":
        if "qmonth" in g:  # 'the March quarter': the quarter ending in March
            last = rules.months[g["qmonth"].lower()]
            year = year or (int(g["year2"]) if "year2" in g else None)
            return PeriodMention("quarter", year=year, month1=last - 2, month2=last, **base)
        if "n" in g:
            last = rules.numbers.get(g["n"].lower()) or int(g["n"])
            return PeriodMention(
                "quarter", year=year, relative=relative, month1=1, month2=3 * last, **base
            )
        q1 = int(g["q"]) if "q" in g else rules.numbers[g["ord"].lower()]
        q2 = int(g.get("q2", q1))
        return PeriodMention(
            "quarter", year=year, relative=relative, month1=3 * q1 - 2, month2=3 * q2, **base
        )
    if kind == "quarters_ending":  # 'the four quarters to the end of Q4 2023': that year
        quarter = int(g["q"]) if "q" in g else rules.numbers[g["ord"].lower()]
        g = {**g, "n": str(3 * (rules.numbers.get(g["n"].lower()) or int(g["n"])))}
        kind, month = "months_ending", 3 * quarter
    if kind == "months_ending":  # 'the three months to February 2024': December to February
        n = rules.numbers.get(g.get("n", "").lower()) or int(g.get("n", MONTHS_IN_YEAR))
        if not 1 <= n <= 12:
            return None
        first = (month - n) % 12 + 1
        return PeriodMention(
            "month_range",
            year=year,
            year1=year - 1 if year and first > month else None,
            month1=first,
            month2=month,
            **base,
        )
    if kind == "months_to":
        n = rules.numbers.get(g["n"].lower()) or int(g["n"])
        if not 1 <= n <= 12:
            return None
        return PeriodMention("months_to", year=year, relative=relative, month1=1, month2=n, **base)
    if kind == "month_range":
        last = rules.months[g["month2"].lower()]
        year1 = int(g["year1"]) if "year1" in g else None
        year = year or (int(g["yearp"]) if "yearp" in g else None)
        return PeriodMention(
            "month_range", year=year or year1, year1=year1, month1=month, month2=last, **base
        )
    if kind == "year_range":
        first = int(g.get("year1") or g.get("year1b") or g["year1c"])
        last = int(g.get("year") or g.get("yearb") or g["yearc"])
        return PeriodMention("year_range", year=last, year1=first, **base) if first < last else None
    if kind == "fiscal":
        end = _two_digit_year(g.get("fy2") or g["fy"])
        return PeriodMention("fiscal", year=end, **base)
    if kind == "fiscal_part":  # 'the first eight months of fiscal year 2023-24', 'Q2 FY25'
        part = _part_of_year(g, rules.numbers)
        end = _two_digit_year(g.get("fy2") or g["fy"])
        return PeriodMention("fiscal", year=end, part=part, **base) if part else None
    if kind == "year_to_date":  # 'so far this year', 'year-to-date', 'the year through May'
        last = month or rules.months.get(g.get("month2", "").lower())
        year = year or (int(g["year2"]) if "year2" in g else None)
        return PeriodMention(
            "months_to", year=year, relative=None if year else 0, month1=1, month2=last, **base
        )
    if kind == "season":
        return _season(g, base, rules.months, rules.numbers)
    if kind == "month":
        if month == 5 and year is None and not _may_is_month(text, match.start(), rules):
            return None
        return PeriodMention("month", year=year, month1=month, month2=month, **base)
    if kind == "relative":
        return PeriodMention("relative", relative=relative, **base)
    if kind == "year":
        return PeriodMention("year", year=year, **base)
    return None


MONTHS_IN_YEAR = 12  # 'the year ended June': the twelve months to June
FISCAL_PART_MONTHS = {"q": 3, "quarter": 3, "h": 6, "half": 6}


def _part_of_year(g: dict[str, str], numbers: dict[str, int]) -> tuple[int, int] | None:
    """Which months of its fiscal year or season a part covers: the first n, or the k-th
    quarter or half ('Q2 FY25': months 4 to 6 of the fiscal year)."""
    if "n" in g:
        n = numbers.get(g["n"].lower()) or int(g["n"])
        return (1, n) if 1 <= n <= 12 else None
    length = FISCAL_PART_MONTHS[(g.get("code") or g["unit"]).lower()]
    k = int(g["part"]) if "part" in g else numbers[g["ord"].lower()]
    return (length * (k - 1) + 1, length * k) if length * k <= 12 else None


def _season(
    g: dict[str, str], base: dict, months: dict[str, int], numbers: dict[str, int]
) -> PeriodMention | None:
    """'2023/24' is a season; '2023-24' a fiscal year; '2010-18' a range of years."""
    first = int(g["year1"])
    second = _two_digit_year(g["yy"]) if len(g["yy"]) == 2 else int(g["yy"])
    if len(g["yy"]) == 2 and second < first:
        second = (first // 100) * 100 + int(g["yy"])
    if second == first + 1:
        kind = "season" if g["sep"] == "/" else "fiscal"
        # '..., which began August 1', '1986/87 coffee year (October/September)'
        start_month = months.get((g.get("startmonth") or g.get("startmonth2", "")).lower())
        part = _part_of_year(g, numbers) if "n" in g else None  # 'the first five months of'
        return PeriodMention(kind, year=second, year1=first, month1=start_month, part=part, **base)
    if second > first:
        return PeriodMention("year_range", year=second, year1=first, **base)
    return None


def _may_is_month(text: str, start: int, rules: PeriodRules) -> bool:
    """'May' is a month after 'in', 'since', 'last'...; otherwise it is the modal verb."""
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower().strip(",") in rules.may_needs


def find_periods(text: str, rules: PeriodRules) -> list[PeriodMention]:
    """Longest non-overlapping period and date mentions in text order."""

    def anchor_starts(text: str, anchor: str) -> list[int] | None:
        found_at = rules.anchors.get(anchor)
        return [m.start() for m in found_at.finditer(text)] if found_at else None

    candidates = find_candidates(text, rules.patterns, anchor_starts)
    return longest_first(candidates, lambda kind, match: _mention(kind, match, text, rules))


class PeriodRecogniser(DataComponent):
    """Puts period and date mentions on `doc._.periods` and in `doc.spans[spans_key]`."""

    data_files = PERIOD_FILES

    def __init__(self, name: str, spans_key: str, data_dir: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        super().__init__(data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        self.rules = load_period_rules(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        found = find_periods(doc_text(doc), self.rules)
        doc._.periods = found
        spans = [doc.char_span(m.start, m.end, m.kind, alignment_mode="expand") for m in found]
        doc.spans[self.spans_key] = [s for s in spans if s is not None]
        return doc


@Language.factory(
    "trade_periods",
    default_config={"spans_key": PERIODS_KEY, "data_dir": None},
    assigns=["doc._.periods", "doc.spans"],
)
def make_period_recogniser(
    nlp: Language, name: str, spans_key: str, data_dir: str | None
) -> PeriodRecogniser:
    register_extensions()
    return PeriodRecogniser(name, spans_key, data_dir)

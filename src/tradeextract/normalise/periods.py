"""Period mentions as ISO date ranges (spec: inclusive, `XXXX` for a year nobody gives).

A mention is what the recogniser read ("first half", year 2025); resolving it needs a year
when the mention has none, which the linker supplies from context or the document date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tradeextract.model import Period

UNKNOWN_YEAR = "XXXX"
ISO_DATE_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class PeriodMention:
    """A recognised period: `kind` says which fields matter; offsets are exact characters."""

    kind: str  # year, half, quarter, months_to, month_range, month, year_range, fiscal,
    # season, relative, week, date
    start: int
    end: int
    text: str
    year: int | None = None
    year1: int | None = None  # first year of a range, fiscal year or season
    month1: int | None = None
    month2: int | None = None
    day: int | None = None
    relative: int | None = None  # years from the document's year: 0 this year, -1 last year
    part: tuple[int, int] | None = None  # a fiscal year's months, first and last, from 1

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    def with_year(self, year: int | None) -> PeriodMention:
        return replace(self, year=year)


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year if year is not None else 2001, month)[1]


def _iso(year: int | None, month: int, day: int) -> str:
    return f"{year if year is not None else UNKNOWN_YEAR}-{month:02d}-{day:02d}"


def month_span(year: int | None, first: int, last: int, end_year: int | None = None) -> Period:
    """From the first day of `first` to the last day of `last` (in `end_year` if given)."""
    end_year = year if end_year is None else end_year
    return Period(start=_iso(year, first, 1), end=_iso(end_year, last, _last_day(end_year, last)))


def resolve_period(
    mention: PeriodMention, year: int | None, fiscal_start: int = 4, season_start: int = 7
) -> Period | None:
    """The ISO range of a mention; `year` fills in where the mention has none (None -> XXXX)."""
    y = mention.year if mention.year is not None else year
    kind = mention.kind
    if kind in ("year", "relative"):
        return month_span(y, 1, 12)
    if kind == "month_range":
        first, last = mention.month1 or 1, mention.month2 or 12
        start_year = mention.year1 if mention.year1 is not None else y
        if mention.year1 is None and y is not None and first > last:
            start_year = y - 1
        return month_span(start_year, first, last, end_year=y)
    if kind in ("half", "quarter", "months_to", "month"):
        return month_span(y, mention.month1 or 1, mention.month2 or mention.month1 or 12)
    if kind == "year_range":
        return month_span(mention.year1, 1, 12, end_year=y)
    if kind == "fiscal":  # part, if set: which months of the fiscal year
        whole = _fiscal(y, mention.month1 or fiscal_start)
        return months_of(whole, *mention.part) if mention.part else whole
    if kind == "season":  # a start month the text states wins over the default
        whole = _fiscal(y, mention.month1 or season_start)
        return months_of(whole, *mention.part) if mention.part else whole
    if kind == "week" and mention.month1 and mention.day:
        return _week_to(y, mention.month1, mention.day)
    if kind == "date" and mention.month1:
        day = mention.day or 1
        return Period(start=_iso(y, mention.month1, day), end=_iso(y, mention.month1, day))
    return None


def months_of(period: Period, first: int, last: int) -> Period:
    """Months `first` to `last` (counted from 1) of a period given by its ISO start."""
    year, month = period.start[:4], int(period.start[5:7])
    start_year = None if year == UNKNOWN_YEAR else int(year)

    def shifted(k: int) -> tuple[int | None, int]:
        index = month + k - 2  # months after January of the start year
        return (start_year + index // 12 if start_year is not None else None), index % 12 + 1

    (year1, month1), (year2, month2) = shifted(first), shifted(last)
    return month_span(year1, month1, month2, end_year=year2)


def _week_to(year: int | None, month: int, day: int) -> Period | None:
    """The seven days ending on the given date; a yearless one keeps XXXX."""
    try:
        end = date(year if year is not None else 2001, month, day)  # 2001: not a leap year
    except ValueError:
        return None
    start = end - timedelta(days=6)
    start_year = start.year if year is not None else None
    return Period(start=_iso(start_year, start.month, start.day), end=_iso(year, month, day))


def _fiscal(end_year: int | None, start_month: int) -> Period:
    """A fiscal year named by the calendar year it ends in (FY2024 from April: 2023-04..2024-03)."""
    if start_month == 1:
        return month_span(end_year, 1, 12)
    start_year = end_year - 1 if end_year is not None else None
    return month_span(start_year, start_month, start_month - 1, end_year=end_year)


def real_iso_date(value: str) -> str | None:
    """`YYYY-MM-DD` of a string that starts with a real calendar date (any time after it is
    dropped), else None: '2024-02-30' and '0000-00-00' are not dates."""
    match = ISO_DATE_START.match(value)
    if match is None:
        return None
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return match.group(0)

"""The publication date the text gives: a 'Published:' or 'Post time:' line, or a dateline.

Candidates are the date mentions the period recogniser already found; a marker before one on
its line ("Published", "Post time", an upper-case CITY dateline, "/PRNewswire/") makes it the
document's date. dateparser reads only those short candidate strings the rules did not parse.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tradeextract.normalise.periods import PeriodMention

MARKERS = re.compile(
    r"(?i)(?:published|post(?:ed)?\s*time|posted|release\s*date|date|updated|issued)\s*(?:on|at)?\s*[:：]?\s*(?:\d{1,2}:\d{2},?\s*)?$"
)
# a city at the start of a line ('Tbilisi | 17 February 2025'), or a city in capitals anywhere
# ('... as exports slip WASHINGTON, May 2, 2024 -' on a page saved as one line)
DATELINE = re.compile(
    r"(?:(?:^|\n)\s*[A-Z][\w .'/-]{1,40}|\b[A-Z]{3,}(?:[ .'-][A-Z]{2,})*)(?:,\s*[A-Z][\w .]+)?\s*[,|]\s*$"
)
YEAR_IN_TEXT = re.compile(r"(?<![\d©]\s)(?<![\d©])(?<!Copyright )(19[5-9]\d|20[0-4]\d)(?!\d)")
HEAD_CHARS = 1500
# 'Issue 318 -- Monday, 9 September 2024' near the top: a weekday names the day it came out
WEEKDAY_BEFORE = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*$")


@lru_cache(maxsize=256)
def parse_date_text(text: str) -> str | None:
    """ISO date of a short date string, via dateparser (slow: only for candidates, cached)."""
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date().isoformat() if parsed else None


def _line_before(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start]


def _iso(mention: PeriodMention, text: str) -> str | None:
    if mention.year and mention.month1 and mention.day:
        return f"{mention.year:04d}-{mention.month1:02d}-{mention.day:02d}"
    return parse_date_text(mention.text) if mention.year else None


CURRENT_YEAR_WORDS = re.compile(r"(?i)\bthis year\b|\bso far this year\b|\bthe current year\b")


def _year_from_text(text: str) -> int | None:
    """A dateline without a year ('BEIJING, July 13 (Xinhua)'): when the article speaks of
    'this year', the latest year it names is the year it was written in. Without that, a year in
    the text may well be history ('since September 1985'), so no date is guessed."""
    if not CURRENT_YEAR_WORDS.search(text):
        return None
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None


def _alone_on_line(text: str, mention: PeriodMention) -> bool:
    """'February 8, 2024 at 6:15 a.m. EST' or '15 August 2024' as a line of its own near the top."""
    if mention.start > HEAD_CHARS or mention.year is None:
        return False
    before = _line_before(text, mention.start)
    line_end = text.find("\n", mention.end)
    after = text[mention.end : line_end if line_end >= 0 else len(text)]
    return (
        not before.strip()
        and len(after.strip()) <= 25
        and not re.search(r"[A-Za-z]{4,}\s+[a-z]{4,}", after)
    )


def detect_doc_date(text: str, dates: list[PeriodMention]) -> str | None:
    for mention in dates:
        before = _line_before(text, mention.start)
        marked = (
            MARKERS.search(before)
            or _alone_on_line(text, mention)
            or mention.start < HEAD_CHARS
            and WEEKDAY_BEFORE.search(text, max(0, mention.start - 12), mention.start)
        )
        dateline = mention.start < HEAD_CHARS and DATELINE.search(
            text[max(0, mention.start - 80) : mention.start]
        )
        if not (marked or dateline):
            continue
        if mention.year is None and mention.month1 and mention.day and dateline:
            year = _year_from_text(text)
            if year is None:
                continue
            mention = mention.with_year(year)
        iso = _iso(mention, text)
        if iso:
            return iso
    return None

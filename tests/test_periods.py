"""Period and date recognition, and resolution to inclusive ISO ranges (spec: period field).

Each row: the text, the mention the recogniser should find (kind and exact text), and the
resolved range with a year supplied by context (2023 unless the mention names its own) and
with no year at all (-> XXXX).
"""

from __future__ import annotations

from typing import Any

import pytest

from tradeextract.model import Period
from tradeextract.normalise.periods import PeriodMention, resolve_period
from tradeextract.recognise.periods import PeriodRules, find_periods

CONTEXT_YEAR = 2023


def row(
    text: str,
    kind: str,
    mention: str,
    with_year: tuple[str, str],
    without_year: tuple[str, str] | None = None,
    *,
    marks: Any = (),
) -> Any:
    """`without_year` defaults to `with_year` (for mentions that name their own year)."""
    return pytest.param(
        text, kind, mention, with_year, without_year or with_year, id=text, marks=marks
    )


PERIODS = [
    row("in the first half of 2025", "half", "first half of 2025", ("2025-01-01", "2025-06-30")),
    row("in H1 2025", "half", "H1 2025", ("2025-01-01", "2025-06-30")),
    row("1H25 results", "half", "1H25", ("2025-01-01", "2025-06-30")),
    row("H2 2024", "half", "H2 2024", ("2024-07-01", "2024-12-31")),
    row(
        "in the first half",
        "half",
        "first half",
        ("2023-01-01", "2023-06-30"),
        ("XXXX-01-01", "XXXX-06-30"),
    ),
    row(
        "from January to May",
        "month_range",
        "from January to May",
        ("2023-01-01", "2023-05-31"),
        ("XXXX-01-01", "XXXX-05-31"),
    ),
    row("January-May 2023", "month_range", "January-May 2023", ("2023-01-01", "2023-05-31")),
    row(
        "in the January-June period",
        "month_range",
        "January-June period",
        ("2023-01-01", "2023-06-30"),
        ("XXXX-01-01", "XXXX-06-30"),
    ),
    row(
        "in the first 10 months",
        "months_to",
        "the first 10 months",
        ("2023-01-01", "2023-10-31"),
        ("XXXX-01-01", "XXXX-10-31"),
    ),
    row(
        "in the first ten months of 2023",
        "months_to",
        "the first ten months of 2023",
        ("2023-01-01", "2023-10-31"),
    ),
    row(
        "the first 11 months of 2022",
        "months_to",
        "the first 11 months of 2022",
        ("2022-01-01", "2022-11-30"),
    ),
    row("in Q3", "quarter", "Q3", ("2023-07-01", "2023-09-30"), ("XXXX-07-01", "XXXX-09-30")),
    row("Q4 2023", "quarter", "Q4 2023", ("2023-10-01", "2023-12-31")),
    row("Q1-Q3 2024", "quarter", "Q1-Q3 2024", ("2024-01-01", "2024-09-30")),
    row(
        "in the second quarter",
        "quarter",
        "second quarter",
        ("2023-04-01", "2023-06-30"),
        ("XXXX-04-01", "XXXX-06-30"),
    ),
    row(
        "the fourth quarter of 2023",
        "quarter",
        "fourth quarter of 2023",
        ("2023-10-01", "2023-12-31"),
    ),
    row(
        "in the first three quarters of this year",
        "quarter",
        "the first three quarters of this year",
        ("2023-01-01", "2023-09-30"),
        ("XXXX-01-01", "XXXX-09-30"),
    ),
    row("in 2015", "year", "2015", ("2015-01-01", "2015-12-31")),
    row(
        "between 2010 and 2018", "year_range", "between 2010 and 2018", ("2010-01-01", "2018-12-31")
    ),
    row("from 2015 to 2022", "year_range", "from 2015 to 2022", ("2015-01-01", "2022-12-31")),
    row("in 2010-18", "year_range", "2010-18", ("2010-01-01", "2018-12-31")),
    row("over 2020-2022", "year_range", "2020-2022", ("2020-01-01", "2022-12-31")),
    row(
        "in June",
        "month",
        "June",
        ("2023-06-01", "2023-06-30"),
        ("XXXX-06-01", "XXXX-06-30"),
    ),
    row("in May", "month", "May", ("2023-05-01", "2023-05-31"), ("XXXX-05-01", "XXXX-05-31")),
    row("in February 2024", "month", "February 2024", ("2024-02-01", "2024-02-29")),
    row("in March 1987", "month", "March 1987", ("1987-03-01", "1987-03-31")),
    row("Dec 2023", "month", "Dec 2023", ("2023-12-01", "2023-12-31")),
    # fiscal years are named by the year they end in; default start April
    row("in FY2023", "fiscal", "FY2023", ("2022-04-01", "2023-03-31")),
    row("FY24", "fiscal", "FY24", ("2023-04-01", "2024-03-31")),
    row("in fiscal 2024", "fiscal", "fiscal 2024", ("2023-04-01", "2024-03-31")),
    row("in 2023-24", "fiscal", "2023-24", ("2023-04-01", "2024-03-31")),
    row("fiscal year 2023-24", "fiscal", "fiscal year 2023-24", ("2023-04-01", "2024-03-31")),
    # crop seasons: July to June
    row("the 2004/05 season", "season", "2004/05 season", ("2004-07-01", "2005-06-30")),
    row("the 2022/23 season", "season", "2022/23 season", ("2022-07-01", "2023-06-30")),
    # known failures
    row(
        "in the January-June period of 2023",
        "month_range",
        "January-June period of 2023",
        ("2023-01-01", "2023-06-30"),
    ),
    row(
        "in the March quarter of 2023",
        "quarter",
        "March quarter of 2023",
        ("2023-01-01", "2023-03-31"),
    ),
    row(
        "in the June 2024 quarter",
        "quarter",
        "June 2024 quarter",
        ("2024-04-01", "2024-06-30"),
    ),
    row("Sep 2023 qtr ($ million)", "quarter", "Sep 2023 qtr", ("2023-07-01", "2023-09-30")),
    row(
        "from the December quarter",
        "quarter",
        "December quarter",
        ("2023-10-01", "2023-12-31"),
        ("XXXX-10-01", "XXXX-12-31"),
    ),
]


def only_period(text: str, rules: PeriodRules) -> PeriodMention:
    found = find_periods(text, rules)
    assert len(found) == 1, [(m.kind, m.text) for m in found]
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(("text", "kind", "mention", "with_year", "without_year"), PERIODS)
def test_period(
    period_rules: PeriodRules,
    text: str,
    kind: str,
    mention: str,
    with_year: tuple[str, str],
    without_year: tuple[str, str],
) -> None:
    m = only_period(text, period_rules)
    assert (m.kind, m.text) == (kind, mention)
    assert not m.is_date
    assert resolve_period(m, CONTEXT_YEAR) == Period(start=with_year[0], end=with_year[1])
    assert resolve_period(m, None) == Period(start=without_year[0], end=without_year[1])


@pytest.mark.parametrize(
    ("text", "relative"),
    [("last year", -1), ("this year", 0), ("next year", 1), ("the second half of last year", -1)],
)
def test_relative_years(period_rules: PeriodRules, text: str, relative: int) -> None:
    """Relative mentions keep their offset; the linker adds it to the document's year."""
    m = only_period(text, period_rules)
    assert m.year is None
    assert m.relative == relative
    assert resolve_period(m, None).start.startswith("XXXX-")
    resolved = resolve_period(m, 2024 + relative)
    assert resolved.start.startswith(str(2024 + relative))
    assert resolved.end.startswith(str(2024 + relative))


def test_last_year_resolves_to_whole_year(period_rules: PeriodRules) -> None:
    m = only_period("last year", period_rules)
    assert m.kind == "relative"
    assert resolve_period(m, 2022) == Period(start="2022-01-01", end="2022-12-31")
    assert resolve_period(m, None) == Period(start="XXXX-01-01", end="XXXX-12-31")


@pytest.mark.parametrize(
    ("text", "fiscal_start", "season_start", "expected"),
    [
        ("fiscal 2024", 10, 7, ("2023-10-01", "2024-09-30")),  # US federal fiscal year
        ("2023-24", 7, 7, ("2023-07-01", "2024-06-30")),  # Australian fiscal year
        ("FY2023", 1, 7, ("2023-01-01", "2023-12-31")),  # calendar fiscal year
        ("2004/05", 4, 9, ("2004-09-01", "2005-08-31")),  # a season from September
    ],
)
def test_fiscal_and_season_starts(
    period_rules: PeriodRules,
    text: str,
    fiscal_start: int,
    season_start: int,
    expected: tuple[str, str],
) -> None:
    m = only_period(text, period_rules)
    resolved = resolve_period(m, None, fiscal_start=fiscal_start, season_start=season_start)
    assert resolved == Period(start=expected[0], end=expected[1])


# ---------------------------------------------------------------- dates

DATES = [
    # (text, mention text, year, month, day)
    ("on July 26, 2020", "July 26, 2020", 2020, 7, 26),
    ("on Jan 6", "Jan 6", None, 1, 6),
    ("Jan. 6, 2021", "Jan. 6, 2021", 2021, 1, 6),
    ("Post time: Aug-19-2023", "Aug-19-2023", 2023, 8, 19),
    ("6 January 2021", "6 January 2021", 2021, 1, 6),
    ("2021-01-26", "2021-01-26", 2021, 1, 26),
    ("Published: 14:30, January 26, 2021", "January 26, 2021", 2021, 1, 26),
]


@pytest.mark.parametrize(
    ("text", "mention", "year", "month", "day"), DATES, ids=[d[0] for d in DATES]
)
def test_dates_are_dates(
    period_rules: PeriodRules, text: str, mention: str, year: int | None, month: int, day: int
) -> None:
    """A day-precise date is a date, never a period: its year must not date a claim."""
    m = only_period(text, period_rules)
    assert m.is_date
    assert (m.text, m.year, m.month1, m.day) == (mention, year, month, day)
    iso_year = str(year) if year else "XXXX"
    iso = f"{iso_year}-{month:02d}-{day:02d}"
    assert resolve_period(m, None) == Period(start=iso, end=iso)


def test_date_range_is_two_dates(period_rules: PeriodRules) -> None:
    found = find_periods("held from April 15 to May 5 this year", period_rules)
    assert [(m.kind, m.text) for m in found] == [
        ("date", "April 15"),
        ("date", "May 5"),
        ("relative", "this year"),
    ]


# ---------------------------------------------------------------- what is not a period


@pytest.mark.parametrize(
    "text",
    [
        "exports may rise",
        "Exports may rise by 5% next quarter",
        "the 131st Canton Fair",
        "COVID-19 test kits",
        "5G base stations",
        "call +86 20 8913 8628",
        "a 13.4% rise",
        "2,023 companies",
        "$2023 million",
    ],
)
def test_not_a_period(period_rules: PeriodRules, text: str) -> None:
    assert find_periods(text, period_rules) == []


def test_may_the_verb_beside_may_the_month(period_rules: PeriodRules) -> None:
    text = "Exports may rise in May, officials said."
    assert [(m.kind, m.text, m.start) for m in find_periods(text, period_rules)] == [
        ("month", "May", text.rindex("May"))
    ]


def test_several_periods_in_text_order(period_rules: PeriodRules) -> None:
    text = "In the first half of 2025 exports rose, after falling in Q4 2024 and in 2023."
    found = find_periods(text, period_rules)
    assert [m.text for m in found] == ["first half of 2025", "Q4 2024", "2023"]
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("in the week ended March 14", 2024, "2024-03-08", "2024-03-14"),
        ("for the week ending Jan. 3, 2024", None, "2023-12-28", "2024-01-03"),
        ("in the three months to February 2024", None, "2023-12-01", "2024-02-29"),
        ("over the 12 months ending June", 2023, "2022-07-01", "2023-06-30"),
    ],
)
def test_weeks_and_trailing_months(
    period_rules: PeriodRules, text: str, year: int | None, start: str, end: str
) -> None:
    (mention,) = [m for m in find_periods(text, period_rules) if not m.is_date]
    period = resolve_period(mention, year)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("in the 1986/87 crop year, which began August 1", "1986-08-01", "1987-07-31"),
        (
            "the 2023/24 marketing year, which began on September 1, 2023",
            "2023-09-01",
            "2024-08-31",
        ),
        ("the 2022/23 season", "2022-07-01", "2023-06-30"),
    ],
)
def test_season_start_month_stated_in_the_text(
    period_rules: PeriodRules, text: str, start: str, end: str
) -> None:
    season = next(m for m in find_periods(text, period_rules) if m.kind == "season")
    period = resolve_period(season, None)
    assert (period.start, period.end) == (start, end)


def test_the_year_ended_a_month_is_the_twelve_months_to_it(extract) -> None:  # noqa: ANN001
    doc = extract(
        "New Zealand's trade with ASEAN reached NZ$24.9 billion in the year ended June 2024. "
        "Ethiopia shipped 298,500 tonnes of coffee in the twelve months to the end of June 2024."
    )
    assert [(c.period.start, c.period.end) for c in doc.claims] == [
        ("2023-07-01", "2024-06-30"),
        ("2023-07-01", "2024-06-30"),
    ]


def test_a_season_start_the_text_states_and_the_first_months_of_a_season(extract) -> None:  # noqa: ANN001
    doc = extract(
        "Uganda exported 1.24 mln bags of coffee in the first five months of the 1986/87 "
        "coffee year (October/September), Coffee Marketing Board officials said. The board "
        "forecast 1986/87 production at 3.0 mln bags, up from 2.7 mln in 1985/86."
    )
    periods = [(c.period.start, c.period.end) for c in doc.claims]
    assert periods == [
        ("1986-10-01", "1987-02-28"),
        ("1986-10-01", "1987-09-30"),
        ("1985-10-01", "1986-09-30"),
    ]

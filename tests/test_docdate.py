"""The document date: a 'Published:' or 'Post time:' line or a dateline, else None.

Unit level (`detect_doc_date` over the recognised dates), pipeline level (`Document.doc_date`,
the caller's override, the year it gives to claims) and against the gold files' `doc_date`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, gold_texts
from tradeextract.recognise.docdate import detect_doc_date
from tradeextract.recognise.periods import PeriodRules, find_periods


def doc_date_of(text: str, rules: PeriodRules) -> str | None:
    return detect_doc_date(text, [m for m in find_periods(text, rules) if m.is_date])


CASES = [
    pytest.param(
        "Published: 14:30, January 26, 2021\n\nChina's medical device exports rose 5% in 2020.",
        "2021-01-26",
        id="published-line",
    ),
    pytest.param(
        "Post time: Aug-19-2023\n\nExports of massage equipment grew in the first half.",
        "2023-08-19",
        id="post-time",
    ),
    pytest.param(
        "Canton Fair opens\n\nGUANGZHOU, China, April 14, 2022 /PRNewswire/ -- The 131st "
        "China Import and Export Fair will be held online.",
        "2022-04-14",
        id="prnewswire-dateline",
    ),
    pytest.param(
        "China's foreign trade edges up\n\nBEIJING, July 13 (Xinhua) -- China's exports rose "
        "3.7 percent in the first half of this year. Trade would stay steady through the rest "
        "of 2023.",
        "2023-07-13",
        id="xinhua-dateline-year-from-text",
    ),
    pytest.param(
        "China's exports rose 5% in the first half, customs data showed.",
        None,
        id="no-date",
    ),
    pytest.param(
        "China's exports rose 5% in 2022. The fair opened on October 15, 2022, in Guangzhou.",
        None,
        id="date-in-body-is-not-publication",
    ),
    pytest.param(
        "BEIJING, July 13 (Xinhua) -- China's exports rose 3.7 percent in the first half.",
        None,
        id="dateline-without-any-year",
    ),
    pytest.param(
        "Mexico overtakes China\n\nBy Laura Mendez\nFebruary 8, 2024 at 6:15 a.m. EST\n\n"
        "MEXICO CITY - U.S. imports of goods from Mexico rose 4.6% in 2023.",
        "2024-02-08",
        id="byline-date-line",
    ),
    pytest.param(
        "Economics brief: Swedish exporters\n15 August 2024\n\nSweden's goods exports fell 3.1% "
        "in the first half of 2024.",
        "2024-08-15",
        id="date-line-under-headline",
    ),
    pytest.param(
        "JAPAN'S TRADE SURPLUS NARROWS\n\nTOKYO, March 9 - Japan's trade surplus narrowed in "
        "February. Officials said it reflected the yen's rise since the Group of Five meeting "
        "in September 1985.",
        None,
        id="dateline-year-from-a-past-event",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detect_doc_date(period_rules: PeriodRules, text: str, expected: str | None) -> None:
    assert doc_date_of(text, period_rules) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pipeline_doc_date(extract, text: str, expected: str | None) -> None:
    assert extract(text).doc_date == expected


def test_caller_doc_date_overrides(extract) -> None:
    text = "Published: 14:30, January 26, 2021\n\nChina's exports rose 5% in the first half."
    assert extract(text).doc_date == "2021-01-26"
    doc = extract(text, doc_date="2019-05-05")
    assert doc.doc_date == "2019-05-05"
    (claim,) = doc.claims
    assert (claim.period.start, claim.period.end) == ("2019-01-01", "2019-06-30")


def test_caller_doc_date_gives_the_year(extract) -> None:
    text = "Exports rose 5% in the first ten months."
    (claim,) = extract(text).claims
    assert (claim.period.start, claim.period.end) == ("XXXX-01-01", "XXXX-10-31")
    (claim,) = extract(text, doc_date="2023-11-20").claims
    assert (claim.period.start, claim.period.end) == ("2023-01-01", "2023-10-31")


def test_relative_year_counts_from_doc_date(extract) -> None:
    (claim,) = extract("Vietnam's exports rose 5% last year.", doc_date="2024-02-01").claims
    assert (claim.period.start, claim.period.end) == ("2023-01-01", "2023-12-31")


# ---------------------------------------------------------------- the gold files' doc_date

FIXTURE_XFAIL: dict[str, str] = {}


def _gold_date(path: Path) -> str | None:
    return json.loads(path.with_name(path.stem + ".claims.json").read_text(encoding="utf-8"))[
        "doc_date"
    ]


FIXTURE_PARAMS = [
    pytest.param(
        path,
        id=path.stem,
        marks=(
            [pytest.mark.xfail(reason=FIXTURE_XFAIL[path.stem], strict=True)]
            if path.stem in FIXTURE_XFAIL
            else []
        ),
    )
    for path in gold_texts(FIXTURES_DIR)
]


@pytest.mark.skipif(not FIXTURE_PARAMS, reason="no fixture articles")
@pytest.mark.parametrize("path", FIXTURE_PARAMS)
def test_fixture_doc_date(extract, path: Path) -> None:
    doc = extract(path.read_text(encoding="utf-8"), path.stem)
    assert doc.doc_date == _gold_date(path)


def test_seed_doc_dates(extract, seeds_dir: Path) -> None:
    wrong = {}
    for path in gold_texts(seeds_dir):
        found = extract(path.read_text(encoding="utf-8"), path.stem).doc_date
        if found != _gold_date(path):
            wrong[path.stem] = (found, _gold_date(path))
    assert wrong == {}


def test_a_weekday_before_a_date_near_the_top_dates_the_text(extract) -> None:  # noqa: ANN001
    text = (
        "THE BULK LETTER Weekly notes on farm flows Issue 318 -- Monday, 9 September 2024 "
        "COFFEE Ethiopia shipped 298,500 tonnes of coffee in July, up 20.4%."
    )
    assert extract(text).doc_date == "2024-09-09"

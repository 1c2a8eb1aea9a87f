"""The quantity recogniser, table-driven: text in, kind/amount/unit/upper/text out.

Every case is checked inside a sentence, so the offsets are checked too: the quantity's
`text` must be the sentence at `start:end` (spec section 4).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import tradeextract
from conftest import gold_texts
from tradeextract.recognise.quantities import QuantityRules, find_quantities

PREFIX = "Officials said the figure was "
SUFFIX = " in the period."


def case(
    written: str,
    kind: str,
    amount: float,
    unit: str,
    upper: float | None = None,
    *,
    marks: Any = (),
    **extra: Any,
) -> Any:
    """One row: `written` is both the input and the expected quantity text."""
    return pytest.param(written, kind, amount, unit, upper, extra, id=written, marks=marks)


HARD_CASES = [
    # money: symbols, codes, attached and spaced, scale words and abbreviations
    case("$41.09 billion", "money", 41_090_000_000.0, "USD"),
    case("US$16.3 billion", "money", 16_300_000_000.0, "USD"),
    case("USD 2.292 billion", "money", 2_292_000_000.0, "USD"),
    case("CNY 25.63 trillion", "money", 25_630_000_000_000.0, "CNY"),
    case("RMB480 billion", "money", 480_000_000_000.0, "CNY"),
    case("14.24 trillion yuan", "money", 14_240_000_000_000.0, "CNY"),
    case("3.2 mln dlrs", "money", 3_200_000.0, "USD"),
    case("500 million euros", "money", 500_000_000.0, "EUR"),
    case("£23.4bn", "money", 23_400_000_000.0, "GBP"),
    case("€3.1bn", "money", 3_100_000_000.0, "EUR"),
    case("¥780 billion", "money", 780_000_000_000.0, "JPY"),
    case("SEK 190 billion", "money", 190_000_000_000.0, "SEK"),
    case("Rs 2.3 lakh crore", "money", 2_300_000_000_000.0, "INR"),
    case("19,100 crore rupees", "money", 191_000_000_000.0, "INR"),
    case("A$568 billion", "money", 568_000_000_000.0, "AUD"),
    case("2.8 trillion U.S. dollars", "money", 2_800_000_000_000.0, "USD"),
    case("1.2 trillion yen", "money", 1_200_000_000_000.0, "JPY"),
    case("4.5 trillion won", "money", 4_500_000_000_000.0, "KRW"),
    case("$0.8 billion", "money", 800_000_000.0, "USD"),
    # money ranges: one quantity, amount the lower bound, upper the upper bound
    case("$2-3 billion", "money", 2_000_000_000.0, "USD", 3_000_000_000.0),
    # prices: per-unit money
    case("$412 per tonne", "money", 412.0, "USD", per="per tonne"),
    # percentages
    case("5.0%", "percent", 5.0, "percent"),
    case("22.5 percent", "percent", 22.5, "percent"),
    case("4 pct", "percent", 4.0, "percent"),
    case("3 per cent", "percent", 3.0, "percent"),
    case("6-6.5%", "percent", 6.0, "percent", 6.5),
    case("double-digit", "percent", 10.0, "percent", approx="gt"),
    case(
        "10.5%-11%",
        "percent",
        10.5,
        "percent",
        11.0,
    ),
    # percentage points and basis points (1 bp = 0.01 pp)
    case("2.26 percentage points", "pp", 2.26, "pp"),
    case("0.5 percentage point", "pp", 0.5, "pp"),
    case("50 basis points", "pp", 0.5, "pp"),
    case("25 bps", "pp", 0.25, "pp"),
    # multiples
    case("15-fold", "multiple", 15.0, "fold"),
    case("3.5-fold", "multiple", 3.5, "fold"),
    case("three-fold", "multiple", 3.0, "fold"),
    case("doubled", "multiple", 2.0, "fold"),
    case("tripled", "multiple", 3.0, "fold"),
    # volumes, with unit words normalised
    case("1.2 million cars", "volume", 1_200_000.0, "units"),
    case("45 million tonnes", "volume", 45_000_000.0, "tonnes"),
    case("5-6 million tonnes", "volume", 5_000_000.0, "tonnes", 6_000_000.0),
    # counts: statistics of things
    case("900 manufacturing enterprises", "count", 900.0, "count"),
    case("1,200 patents", "count", 1200.0, "count"),
    case("28,533 exhibitors", "count", 28533.0, "count"),
]


@pytest.mark.parametrize(("written", "kind", "amount", "unit", "upper", "extra"), HARD_CASES)
def test_hard_case(
    quantity_rules: QuantityRules,
    written: str,
    kind: str,
    amount: float,
    unit: str,
    upper: float | None,
    extra: dict[str, Any],
) -> None:
    sentence = PREFIX + written + SUFFIX
    found = find_quantities(sentence, quantity_rules)
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    assert (q.kind, q.amount, q.unit, q.upper) == (kind, amount, unit, upper)
    assert q.text == written
    assert (q.start, q.end) == (len(PREFIX), len(PREFIX) + len(written))
    assert sentence[q.start : q.end] == q.text
    assert q.approx == extra.get("approx")
    assert q.per == extra.get("per")


# ---------------------------------------------------------------- exact amounts

EXACT = [
    # (written, amount): naive float products get these wrong (16.99 * 1e9 = 16989999999.999998)
    ("$16.99 billion", 16_990_000_000.0),
    ("16.99 billion dollars", 16_990_000_000.0),
    ("16.99 trillion yuan", 16_990_000_000_000.0),
    ("4.35 trillion yuan", 4_350_000_000_000.0),
    ("$24.10 billion", 24_100_000_000.0),
    ("1,234.5 million yuan", 1_234_500_000.0),
    ("0.57 million tonnes", 570_000.0),
]


@pytest.mark.parametrize(("written", "amount"), EXACT, ids=[w for w, _ in EXACT])
def test_amounts_are_exact_floats(
    quantity_rules: QuantityRules, written: str, amount: float
) -> None:
    (q,) = find_quantities(written, quantity_rules)
    assert q.amount == amount
    number = written.lstrip("$").split()[0].replace(",", "")
    scale = {"million": 10**6, "billion": 10**9, "trillion": 10**12}[written.split()[1]]
    assert q.amount == float(Decimal(number) * scale)


# ---------------------------------------------------------------- what is not a quantity

NOT_QUANTITIES = [
    "Exports rose in 2020 as demand recovered.",
    "The 131st Canton Fair opened in Guangzhou.",
    "Huawei showed 5G base stations.",
    "The booth needs a 2-meter table.",
    "Demand for COVID-19 test kits slumped.",
    "For details call +86 20 8913 8628 today.",
    "Tel: +86 20 8913 8628",
    "2024 marks the year the agreement took effect.",
    "The ISO 13485 certificate is required.",
    "The fair runs from April 15 to May 5.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(quantity_rules: QuantityRules, text: str) -> None:
    assert find_quantities(text, quantity_rules) == []


def test_year_before_to_is_not_a_range_bound(quantity_rules: QuantityRules) -> None:
    """Control for the case below: with a prefixed currency the year is left alone."""
    text = "Sales rose from 2022 to $5 billion."
    (q,) = find_quantities(text, quantity_rules)
    assert (q.kind, q.amount, q.unit, q.upper, q.text) == ("money", 5e9, "USD", None, "$5 billion")


@pytest.mark.parametrize(
    ("text", "written", "amount", "unit"),
    [
        (
            "Mexico's exports grew 5% in 2023 to 593 billion dollars.",
            "593 billion dollars",
            593e9,
            "USD",
        ),
        ("Exports rose in 2022 to 5 billion yuan.", "5 billion yuan", 5e9, "CNY"),
    ],
    ids=["2023-to-593-billion-dollars", "2022-to-5-billion-yuan"],
)
def test_year_then_suffixed_money(
    quantity_rules: QuantityRules, text: str, written: str, amount: float, unit: str
) -> None:
    money = [q for q in find_quantities(text, quantity_rules) if q.kind == "money"]
    assert len(money) == 1
    q = money[0]
    assert (q.amount, q.unit, q.upper, q.text) == (amount, unit, None, written)


# ---------------------------------------------------------------- bare scaled numbers


def test_bare_scaled_number_is_kind_number(quantity_rules: QuantityRules) -> None:
    """'from 1.1 billion' carries no unit of its own: the linker borrows one."""
    text = "rose to 1.2 billion dlrs in February from 1.1 billion in January"
    found = find_quantities(text, quantity_rules)
    assert [(q.kind, q.amount, q.unit, q.text) for q in found] == [
        ("money", 1.2e9, "USD", "1.2 billion dlrs"),
        ("number", 1.1e9, "", "1.1 billion"),
    ]


def test_public_quantities_give_a_compared_bare_number_its_currency(nlp) -> None:
    text = "Exports rose to 1.2 billion dlrs in February from 1.1 billion in January, up 5%."
    found = tradeextract.quantities(text, nlp=nlp)
    assert [(q.kind, q.text, q.amount, q.unit) for q in found] == [
        ("money", "1.2 billion dlrs", 1.2e9, "USD"),
        ("money", "1.1 billion", 1.1e9, "USD"),
        ("percent", "5%", 5.0, "percent"),
    ]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_public_quantities_leave_out_other_bare_numbers(nlp) -> None:
    """No money before it, or a clause between: '1.5 billion' stays unitless and is left out."""
    text = "Some 1.5 billion people voted. Sales were $2 billion; 1.1 billion were online."
    found = tradeextract.quantities(text, nlp=nlp)
    assert [(q.kind, q.text) for q in found] == [("money", "$2 billion")]


def test_several_in_one_sentence(quantity_rules: QuantityRules) -> None:
    text = (
        "Exports rose 5.0% year-on-year to $24.10 billion, while imports fell 3.9% to "
        "RMB480 billion (about $67 billion), a 2.26 percentage point swing."
    )
    found = find_quantities(text, quantity_rules)
    assert [(q.kind, q.amount, q.unit) for q in found] == [
        ("percent", 5.0, "percent"),
        ("money", 24.1e9, "USD"),
        ("percent", 3.9, "percent"),
        ("money", 480e9, "CNY"),
        ("money", 67e9, "USD"),
        ("pp", 2.26, "pp"),
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_doc_spans_follow_quantities(nlp) -> None:
    doc = nlp("Exports reached $41.09 billion, up 5.0%, and 1.2 million cars were shipped.")
    quantities = doc._.quantities
    spans = list(doc.spans["trade_quantities"])
    assert [(s.start_char, s.end_char, s.label_) for s in spans] == [
        (q.start, q.end, q.kind) for q in quantities
    ]


def test_quantity_offsets_on_fixtures(quantity_rules: QuantityRules, fixtures_dir) -> None:
    """Provenance of every recognised number in every fixture article."""
    checked = 0
    for path in gold_texts(fixtures_dir):
        text = path.read_text(encoding="utf-8")
        for q in find_quantities(text, quantity_rules):
            assert text[q.start : q.end] == q.text, (path.name, q)
            assert q.text == q.text.strip()
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("text", "kind", "amount", "unit"),
    [
        ("two billion dollars", "money", 2e9, "USD"),
        ("one and a half billion euros", "money", 1.5e9, "EUR"),
        ("twenty-five percent", "percent", 25.0, "percent"),
    ],
)
def test_spelled_out_numbers(
    quantity_rules: QuantityRules, text: str, kind: str, amount: float, unit: str
) -> None:
    found = find_quantities(f"Exports reached {text} last year.", quantity_rules)
    assert [(q.kind, q.amount, q.unit, q.text) for q in found] == [(kind, amount, unit, text)]


# ---------------------------------------------------------------- money and percentages on any news
# One table per error class of issue 11. Each row: a sentence, then every money amount or
# percentage expected in it, in text order, as (text, amount, unit[, upper]); the sentence is
# checked whole, so a spurious extra quantity fails the row as surely as a missing one.

Row = tuple[str, list[tuple[Any, ...]]]


def money_and_percents(text: str, rules: QuantityRules) -> list[tuple[Any, ...]]:
    found = [q for q in find_quantities(text, rules) if q.kind in ("money", "percent")]
    for q in found:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.amount, q.unit, q.upper) for q in found]


def expected(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [row if len(row) == 4 else (*row, None) for row in rows]


def table(rows: list[Row]) -> Any:
    return pytest.mark.parametrize(
        ("text", "quantities"), [pytest.param(t, q, id=t[:60]) for t, q in rows]
    )


COUNTRY_PREFIXES: list[Row] = [
    (
        "Dangote's revenue rose to N1.2 trillion; Ayala earned P4.3 billion.",
        [("N1.2 trillion", 1.2e12, "NGN"), ("P4.3 billion", 4.3e9, "PHP")],
    ),
    # a bare integer after R, N or P is money only in a text naming that economy
    ("A bottle of cola costs about R25 at South African shops.", [("R25", 25.0, "ZAR")]),
    ("Droid R25 and N95 masks arrived.", []),
    (
        "The French group paid FFr 1.2bn; Egypt's deficit hit E£1.1 trillion.",
        [("FFr 1.2bn", 1.2e9, "FRF"), ("E£1.1 trillion", 1.1e12, "EGP")],
    ),
    ("CK Hutchison sold the ports for HK $3.7 billion.", [("HK $3.7 billion", 3.7e9, "HKD")]),
    ("The stake cost US $473 million.", [("US $473 million", 473e6, "USD")]),
    ("Global debt hit $US113 trillion.", [("$US113 trillion", 113e12, "USD")]),
    ("The shares closed at C $6 above the offer.", [("C $6", 6.0, "CAD")]),
    ("Qantas will pay A$120 million.", [("A$120 million", 120e6, "AUD")]),
    ("Roads will get NZ$1.2 billion.", [("NZ$1.2 billion", 1.2e9, "NZD")]),
    ("DBS earned S$10.3 billion.", [("S$10.3 billion", 10.3e9, "SGD")]),
    ("TSMC earned NT$225.5 billion.", [("NT$225.5 billion", 225.5e9, "TWD")]),
    ("Petrobras will pay R$15 billion.", [("R$15 billion", 15e9, "BRL")]),
    (
        "AirAsia lost RM79 million, down from RM79.",
        [("RM79 million", 79e6, "MYR"), ("RM79", 79.0, "MYR")],
    ),
    ("The state set aside Rs 5 crore.", [("Rs 5 crore", 5e7, "INR")]),
    ("The deal is worth ₹1,500 crore.", [("₹1,500 crore", 15e9, "INR")]),
    ("The deal was worth Y=28,030 million.", [("Y=28,030 million", 28_030e6, "JPY")]),
    ("Japan's surplus was Y1.5 trillion.", [("Y1.5 trillion", 1.5e12, "JPY")]),
    ("Borrowing was PS2.7m higher.", [("PS2.7m", 2.7e6, "GBP")]),
    ("The bank lent 2,435,000 YEN to him.", [("2,435,000 YEN", 2_435_000.0, "JPY")]),
    (
        "Naspers made R12.95 billion; petrol costs R23.50 a litre.",
        [("R12.95 billion", 12.95e9, "ZAR"), ("R23.50 a litre", 23.5, "ZAR")],
    ),
    # a letter after a capitalised word is a name, so the amount is plain dollars
    ("The fintech closed a Series C $120 million round.", [("$120 million", 120e6, "USD")]),
    # letters with a bare number are no currency: a console, a year bug, a rand that is a grade
    ("Sony sold 4.5 million PS5 consoles before Y2K-style fears; R2 units shipped.", []),
]

CURRENCY_WORDS: list[Row] = [
    (
        "Rent is 1,200 € a month; bread 5 zł; a ticket 150 kr; defence 150 billion Kč.",
        [
            ("1,200 € a month", 1200.0, "EUR"),
            ("5 zł", 5.0, "PLN"),
            ("150 kr", 150.0, "SEK"),
            ("150 billion Kč", 150e9, "CZK"),
        ],
    ),
    ("Net sales totalled 9,870 MSEK.", [("9,870 MSEK", 9.87e9, "SEK")]),
    (
        "A 2.7 billion Swiss franc loss; 2,220 billion Norwegian krone; 1.06 billion rands.",
        [
            ("2.7 billion Swiss franc", 2.7e9, "CHF"),
            ("2,220 billion Norwegian krone", 2.22e12, "NOK"),
            ("1.06 billion rands", 1.06e9, "ZAR"),
        ],
    ),
    (
        "Ivory Coast will spend 1.5 trillion CFA francs; Zambia 177.9 billion kwacha.",
        [("1.5 trillion CFA francs", 1.5e12, "XOF"), ("177.9 billion kwacha", 177.9e9, "ZMW")],
    ),
    (
        "The dollar opened at 1.8150 marks, up from 1.8090 marks.",
        [("1.8150 marks", 1.815, "DEM"), ("1.8090 marks", 1.809, "DEM")],
    ),
    (
        "It earns twelve dollars an hour, five cents more; a ticket is three hundred rupees.",
        [
            ("twelve dollars an hour", 12.0, "USD"),
            ("five cents", 0.05, "USD"),
            ("three hundred rupees", 300.0, "INR"),
        ],
    ),
    ("No one won the lottery.", []),
    ("It paid 1.2 billion shekels.", [("1.2 billion shekels", 1.2e9, "ILS")]),
    ("H&M's sales rose to 56.7 billion kronor.", [("56.7 billion kronor", 56.7e9, "SEK")]),
    ("Arion Bank earned 26 billion kronur.", [("26 billion kronur", 26e9, "ISK")]),
    ("Rent is 8,500 rand a month.", [("8,500 rand a month", 8500.0, "ZAR")]),
    ("Samsung rose to 78,500 won.", [("78,500 won", 78_500.0, "KRW")]),
    ("Street food costs 60 baht a plate.", [("60 baht a plate", 60.0, "THB")]),
    ("A teh tarik costs 2.50 ringgit.", [("2.50 ringgit", 2.5, "MYR")]),
    ("A bowl of pho costs 50,000 dong.", [("50,000 dong", 50_000.0, "VND")]),
    ("Rents rose to 25,000 lira.", [("25,000 lira", 25_000.0, "TRY")]),
    ("Wages rise to 4,242 zloty.", [("4,242 zloty", 4242.0, "PLN")]),
    ("The flat costs 60 million forint.", [("60 million forint", 60e6, "HUF")]),
    ("Vale will invest 6 billion reais.", [("6 billion reais", 6e9, "BRL")]),
    ("Wages rose to 248.93 pesos.", [("248.93 pesos", 248.93, "MXN")]),
    ("Satay costs 25,000 rupiah.", [("25,000 rupiah", 25_000.0, "IDR")]),
    ("Sales were 35 billion dirhams.", [("35 billion dirhams", 35e9, "AED")]),
    ("PIF invested 20 billion riyals.", [("20 billion riyals", 20e9, "SAR")]),
    (
        "Each got 5,000 rupees and 4.49 pounds.",
        [("5,000 rupees", 5000.0, "INR"), ("4.49 pounds", 4.49, "GBP")],
    ),
    # words that are also ordinary words need a scale or a price: weight, exam marks
    (
        "The 5 pounds of beef got 20 marks; 40 million pounds went.",
        [("40 million pounds", 40e6, "GBP")],
    ),
]

ECONOMIES: list[Row] = [
    ("Petrol in South Africa will rise by 89 cents a litre.", [("89 cents a litre", 0.89, "ZAR")]),
    # a city mentions its country but does not choose its currency
    ("Return tickets to Sydney sell for under $1,500.", [("$1,500", 1500.0, "USD")]),
    (
        "ADRs rose to $12.30 in New York; Hong Kong shares to HK$48.",
        [("$12.30", 12.3, "USD"), ("HK$48", 48.0, "HKD")],
    ),
    # commodities are priced in US dollars wherever they trade
    (
        "Bunker fuel in Singapore traded at $612.50 per tonne.",
        [("$612.50 per tonne", 612.5, "USD")],
    ),
    ("Canada's federal deficit is projected at $40 billion.", [("$40 billion", 40e9, "CAD")]),
    (
        "The Australian government will spend 2 billion dollars.",
        [("2 billion dollars", 2e9, "AUD")],
    ),
    (
        "Australia's current account deficit narrowed to 1.32 billion dlrs.",
        [("1.32 billion dlrs", 1.32e9, "AUD")],
    ),
    ("Argentina's government will print 1 trillion pesos.", [("1 trillion pesos", 1e12, "ARS")]),
    (
        "Manila's rail line costs 175 billion pesos, the Philippine government said.",
        [("175 billion pesos", 175e9, "PHP")],
    ),
    ("Norway's oil fund lost 1.6 trillion crowns.", [("1.6 trillion crowns", 1.6e12, "NOK")]),
    (
        "Electricity in Germany costs 40 cents per kilowatt hour.",
        [("40 cents per kilowatt hour", 0.4, "EUR")],
    ),
    (
        "Qatar's budget foresees revenue of 202 billion riyals.",
        [("202 billion riyals", 202e9, "QAR")],
    ),
    (
        "The French government sold 2.5 billion francs of bills.",
        [("2.5 billion francs", 2.5e9, "FRF")],
    ),
    (
        "Qantas will pay A$120 million and another $5 million.",
        [("A$120 million", 120e6, "AUD"), ("$5 million", 5e6, "AUD")],
    ),
    # two economies, or the United States among them: dollars stay American
    ("Canada's exports to China reached $5 billion.", [("$5 billion", 5e9, "USD")]),
    (
        "The US and Canada signed a deal worth 5 billion dollars.",
        [("5 billion dollars", 5e9, "USD")],
    ),
    ("India's reserves fell to 4.8 billion dlrs.", [("4.8 billion dlrs", 4.8e9, "USD")]),
    ("Wesfarmers made $2.56 billion.", [("$2.56 billion", 2.56e9, "USD")]),
]

RANGES: list[Row] = [
    (
        "Homes are priced from $800,000 to $1.3 million.",
        [("$800,000 to $1.3 million", 800_000.0, "USD", 1.3e6)],
    ),
    (
        "The settlement ranges from $800,000 to $1.3 million.",
        [("$800,000 to $1.3 million", 800_000.0, "USD", 1.3e6)],
    ),
    (
        "The tax applies to incomes between $200 and $4 million.",
        [("$200 and $4 million", 200.0, "USD", 4e6)],
    ),
    (
        "The target is valued at between $200 and $400 million.",
        [("$200 and $400 million", 200e6, "USD", 400e6)],
    ),
    (
        "Sales of $85 billion to $87 billion are expected.",
        [("$85 billion to $87 billion", 85e9, "USD", 87e9)],
    ),
    ("It will cost £3bn-£4bn.", [("£3bn-£4bn", 3e9, "GBP", 4e9)]),
    (
        "Net income of 10.5 billion euros to 11 billion euros.",
        [("10.5 billion euros to 11 billion euros", 10.5e9, "EUR", 11e9)],
    ),
    ("Earnings of $2.10-$2.25 a share.", [("$2.10-$2.25 a share", 2.1, "USD", 2.25)]),
    ("A $2-3 billion plan.", [("$2-3 billion", 2e9, "USD", 3e9)]),
    ("Donations ranged from $5 to $5,000.", [("$5 to $5,000", 5.0, "USD", 5000.0)]),
    (
        "Growth of 1 per cent to 1.5 per cent.",
        [("1 per cent to 1.5 per cent", 1.0, "percent", 1.5)],
    ),
    ("Rates of 5.25%-5.50% held.", [("5.25%-5.50%", 5.25, "percent", 5.5)]),
    ("Growth of between 8% and 10%.", [("between 8% and 10%", 8.0, "percent", 10.0)]),
    # a change and the level it led to are two amounts, not a range
    (
        "Exports decreased $4.9 billion to $170.7 billion.",
        [("$4.9 billion", 4.9e9, "USD"), ("$170.7 billion", 170.7e9, "USD")],
    ),
    (
        "A fall in the deficit of $2.9 billion to $102.9 billion.",
        [("$2.9 billion", 2.9e9, "USD"), ("$102.9 billion", 102.9e9, "USD")],
    ),
    ("Rates rose from 5% to 6%.", [("5%", 5.0, "percent"), ("6%", 6.0, "percent")]),
    (
        "Inflation fell from a peak of 11.1pc to 3.2pc.",
        [("11.1pc", 11.1, "percent"), ("3.2pc", 3.2, "percent")],
    ),
    (
        "Prices rose by 4.53 rupees to 293.94 rupees.",
        [("4.53 rupees", 4.53, "INR"), ("293.94 rupees", 293.94, "INR")],
    ),
]

SIGNED_LISTS: list[Row] = [
    ("Stoxx 50 -1.3% FTSE -0.6%", [("-1.3%", 1.3, "percent"), ("-0.6%", 0.6, "percent")]),
    (
        "DAX +0.5%, IBEX 35 -0.2%, S&P 500 - 1.1%",
        [("+0.5%", 0.5, "percent"), ("-0.2%", 0.2, "percent"), ("1.1%", 1.1, "percent")],
    ),
]

PERCENT_FORMS: list[Row] = [
    ("Output rose .001 per cent.", [(".001 per cent", 0.001, "percent")]),
    (
        "Its stake is one per cent; five percent; twenty-five percent.",
        [
            ("one per cent", 1.0, "percent"),
            ("five percent", 5.0, "percent"),
            ("twenty-five percent", 25.0, "percent"),
        ],
    ),
    ("Profits rose 5pc and 3.5 pc.", [("5pc", 5.0, "percent"), ("3.5 pc", 3.5, "percent")]),
    (
        "Prices rose 3 per\ncent, a 95-percent chance.",
        [("3 per\ncent", 3.0, "percent"), ("95-percent", 95.0, "percent")],
    ),
    (
        "Prime rose to 8-1/4 pct; gilts pay 5½ per cent.",
        [("8-1/4 pct", 8.25, "percent"), ("5½ per cent", 5.5, "percent")],
    ),
]

MAGNITUDES: list[Row] = [
    (
        "The bank set aside tens of millions of dollars.",
        [("tens of millions of dollars", 1e7, "USD")],
    ),
    ("Hundreds of millions of pounds were lost.", [("Hundreds of millions of pounds", 1e8, "GBP")]),
    ("It will invest billions of euros.", [("billions of euros", 1e9, "EUR")]),
    (
        "It costs a billion dollars, or half a billion euros.",
        [("a billion dollars", 1e9, "USD"), ("half a billion euros", 5e8, "EUR")],
    ),
]

PRICES: list[Row] = [
    ("Brent settled at $58.24 per barrel.", [("$58.24 per barrel", 58.24, "USD")]),
    ("The plan costs $14.95 a month.", [("$14.95 a month", 14.95, "USD")]),
    (
        "Crude slipped 87 cents; Shell fell 18p to 342p, or 2,845 pence.",
        [
            ("87 cents", 0.87, "USD"),
            ("18p", 0.18, "GBP"),
            ("342p", 3.42, "GBP"),
            ("2,845 pence", 28.45, "GBP"),
        ],
    ),
    ("A 5-cent loss, and 1080p video.", [("5-cent", 0.05, "USD")]),
    ("Profit was 6.14 billion dlrs a year earlier.", [("6.14 billion dlrs", 6.14e9, "USD")]),
]

KEPT: list[Row] = [
    (
        "Imports fell 3.9% to RMB480 billion (about $67 billion).",
        [("3.9%", 3.9, "percent"), ("RMB480 billion", 480e9, "CNY"), ("$67 billion", 67e9, "USD")],
    ),
    (
        "Sales grew at a CAGR of 5.2% to C$5.5-billion.",
        [("5.2%", 5.2, "percent"), ("C$5.5-billion", 5.5e9, "CAD")],
    ),
]


@table(COUNTRY_PREFIXES)
def test_country_prefixes(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


@table(CURRENCY_WORDS)
def test_currency_words(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


@table(ECONOMIES)
def test_shared_forms_follow_the_economy(
    quantity_rules: QuantityRules, text: str, quantities: list
) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


@table(RANGES)
def test_ranges(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


@table(SIGNED_LISTS)
def test_signed_lists(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


def test_a_written_sign_is_a_direction(quantity_rules: QuantityRules) -> None:
    found = find_quantities("Stoxx 50 -1.3% FTSE +0.6%", quantity_rules)
    assert [(q.text, q.direction) for q in found] == [("-1.3%", -1), ("+0.6%", 1)]


PERCENTAGE_POINTS = [
    ("Margins improved by 1.4 percentage points.", 1.4),
    ("The RBA lifted the rate by a quarter of a percentage point.", 0.25),
    ("The Riksbank cut by half a percentage point.", 0.5),
    ("Growth slowed by three quarters of a percentage point.", 0.75),
]


@pytest.mark.parametrize(
    ("text", "amount"), PERCENTAGE_POINTS, ids=[t for t, _ in PERCENTAGE_POINTS]
)
def test_percentage_points(quantity_rules: QuantityRules, text: str, amount: float) -> None:
    assert [(q.kind, q.amount) for q in find_quantities(text, quantity_rules)] == [("pp", amount)]


@table(PERCENT_FORMS)
def test_percent_forms(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


@table(MAGNITUDES)
def test_orders_of_magnitude(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


def test_order_of_magnitude_is_a_lower_bound(quantity_rules: QuantityRules) -> None:
    (q,) = find_quantities("They lost tens of millions of dollars.", quantity_rules)
    assert (q.amount, q.approx) == (1e7, "gt")


@table(PRICES)
def test_prices(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


def test_prices_carry_what_they_are_per(quantity_rules: QuantityRules) -> None:
    text = "Brent was $58.24 per barrel, Netflix $14.95 a month, gold Rs 62,500 per 10 grams."
    assert [q.per for q in find_quantities(text, quantity_rules)] == [
        "per barrel",
        "a month",
        "per 10 grams",
    ]


@table(KEPT)
def test_what_already_worked(quantity_rules: QuantityRules, text: str, quantities: list) -> None:
    assert money_and_percents(text, quantity_rules) == expected(quantities)


def test_livestock_heads_and_bags_are_volumes() -> None:
    import tradeextract

    found = tradeextract.quantities(
        "Uruguay shipped 142,600 head of cattle; Uganda exported 5.2 mln bags of coffee."
    )
    assert [(q.amount, q.unit) for q in found] == [(142_600, "head"), (5_200_000, "bags")]


def test_a_letter_shared_by_several_currencies_follows_the_economy_named() -> None:
    import tradeextract

    zambia = tradeextract.quantities("Zambia's trade surplus widened to K22.5 billion.")
    malawi = tradeextract.quantities("Malawi's exports rose to K1.2 trillion.")
    assert [(q.amount, q.unit) for q in zambia + malawi] == [(22.5e9, "ZMW"), (1.2e12, "MWK")]

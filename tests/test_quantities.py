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


def test_public_quantities_leaves_out_bare_numbers(nlp) -> None:
    text = "Exports rose to 1.2 billion dlrs in February from 1.1 billion in January, up 5%."
    found = tradeextract.quantities(text, nlp=nlp)
    assert [(q.kind, q.text) for q in found] == [("money", "1.2 billion dlrs"), ("percent", "5%")]
    for q in found:
        assert text[q.start : q.end] == q.text


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
def test_spelled_out_numbers_read_by_quantulum3(
    quantity_rules: QuantityRules, text: str, kind: str, amount: float, unit: str
) -> None:
    found = find_quantities(f"Exports reached {text} last year.", quantity_rules)
    assert [(q.kind, q.amount, q.unit, q.text) for q in found] == [(kind, amount, unit, text)]

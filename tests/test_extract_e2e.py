"""End to end: sentences in, the claims the spec wants out (claims.md, annotating.md).

Each case lists the claims expected in text order; each expected claim names only the fields
the case is about. Then provenance: every span of every claim is the document's text at its
offsets, on these sentences, the fixtures and the seeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import gold_texts, provenance_errors
from tradeextract.model import Claim, Document

ANY = object()  # a field the case does not pin down (e.g. the basis of a fold change)


@dataclass
class Case:
    id: str
    text: str
    claims: list[dict[str, Any]]
    doc_date: str | None = None
    xfail: str | None = None

    def param(self) -> Any:
        marks = [pytest.mark.xfail(reason=self.xfail, strict=True)] if self.xfail else []
        return pytest.param(self, id=self.id, marks=marks)


def places(place: str | list[str] | None) -> frozenset[str] | None:
    if place is None:
        return None
    return frozenset([place] if isinstance(place, str) else place)


def number(q: Any) -> tuple[Any, ...] | None:
    if q is None:
        return None
    return (q.amount, q.unit, q.upper)


def check_claim(claim: Claim, want: dict[str, Any]) -> None:
    """Compare the fields `want` names; the message says which claim and field."""
    got: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    for name, value in want.items():
        if name == "evidence":
            got[name], expected[name] = claim.evidence.text, value
        elif name == "evidence_has":
            got[name] = [part for part in value if part in claim.evidence.text]
            expected[name] = list(value)
        elif name in ("reporter", "partner"):
            got[name], expected[name] = places(getattr(claim, name)), places(value)
        elif name == "value":
            got[name] = number(claim.value)
            expected[name] = None if value is None else (*value, None)[:3]
        elif name == "change":
            c = claim.change
            got[name] = None if c is None else (c.amount, c.unit, c.basis, c.upper)
            if value is None:
                expected[name] = None
            else:
                amount, unit, basis, *upper = value
                if basis is ANY:
                    basis = c.basis if c is not None else None
                expected[name] = (amount, unit, basis, upper[0] if upper else None)
        elif name == "alt_values":
            got[name] = [(a.amount, a.unit) for a in claim.alt_values]
            expected[name] = list(value)
        elif name == "period":
            p = claim.period
            got[name] = None if p is None else (p.start, p.end)
            expected[name] = value
        else:
            got[name], expected[name] = getattr(claim, name), value
    assert got == expected, f"claim {claim.evidence.text!r}"


CN_H1_2025 = ("2025-01-01", "2025-06-30")
Y2023 = ("2023-01-01", "2023-12-31")

CASES = [
    # ------------------------------------------------ one claim per value and its change
    Case(
        "value-and-change-one-claim",
        "In the first half of 2025, China's medical device exports grew. "
        "Export value stood at $24.10 billion, up 5.0% year-on-year.",
        [
            {
                "evidence": "Export value stood at $24.10 billion, up 5.0% year-on-year",
                "flow": "export",
                "measure": "value",
                "value": (24_100_000_000.0, "USD"),
                "alt_values": [],
                "change": (5.0, "percent", "yoy"),
                "approx": None,
                "reporter": "CN",
                "partner": None,
                "product": "medical devices",
                "hs_code": None,
                "period": CN_H1_2025,
            }
        ],
    ),
    Case(
        "change-then-value-one-claim",
        "Germany's exports fell 3.9% year-on-year to 120 billion euros in March 2024.",
        [
            {
                "flow": "export",
                "value": (120_000_000_000.0, "EUR"),
                "change": (-3.9, "percent", "yoy"),
                "reporter": "DE",
                "partner": None,
                "period": ("2024-03-01", "2024-03-31"),
            }
        ],
    ),
    Case(
        "change-value-and-partner",
        "Mexico's exports to the United States grew 5.2% to $475.6 billion in 2023.",
        [
            {
                "flow": "export",
                "value": (475_600_000_000.0, "USD"),
                "change": (5.2, "percent", "yoy"),
                "reporter": "MX",
                "partner": "US",
                "period": Y2023,
            }
        ],
    ),
    Case(
        "change-value-conversion-period-one-claim",
        "China's total imports and exports rose 2.1 percent year on year to 14.24 trillion yuan "
        "(about 2 trillion U.S. dollars) in the first half of 2023.",
        [
            {
                "flow": "trade",
                "measure": "value",
                "value": (14_240_000_000_000.0, "CNY"),
                "alt_values": [(2_000_000_000_000.0, "USD")],
                "change": (2.1, "percent", "yoy"),
                "reporter": "CN",
                "period": ("2023-01-01", "2023-06-30"),
            }
        ],
    ),
    # ------------------------------------------------ several subjects, one number
    Case(
        "shared-number-one-claim-per-reporter",
        "Exports from Hubei, Shandong and Anhui all grew by more than 10% in 2023.",
        [
            {
                "evidence_has": ["10%"],
                "flow": "export",
                "value": None,
                "change": (10.0, "percent", "yoy"),
                "approx": "gt",
                "reporter": code,
                "period": Y2023,
            }
            for code in ("CN-HB", "CN-SD", "CN-AH")
        ],
    ),
    Case(
        "group-share-partner-list",
        "The United States, Germany and Japan together accounted for 53.68 percent of China's "
        "total import value of medical devices in 2023.",
        [
            {
                "flow": "import",
                "measure": "share",
                "value": (53.68, "percent"),
                "change": None,
                "reporter": "CN",
                "partner": ["US", "DE", "JP"],
                "product": "medical devices",
                "period": Y2023,
            }
        ],
    ),
    Case(
        "group-share-reporter-list",
        "Guangdong, Jiangsu and Zhejiang accounted for 60% of China's exports in 2023.",
        [
            {
                "flow": "export",
                "measure": "share",
                "value": (60.0, "percent"),
                "reporter": ["CN-GD", "CN-JS", "CN-ZJ"],
                "period": Y2023,
            }
        ],
    ),
    # ------------------------------------------------ conversions
    Case(
        "bracketed-conversion-is-alt-value",
        "China's exports reached 14.24 trillion yuan (about $2 trillion) in 2023, up 5%.",
        [
            {
                "evidence_has": ["14.24 trillion yuan", "$2 trillion", "5%"],
                "flow": "export",
                "value": (14_240_000_000_000.0, "CNY"),
                "alt_values": [(2_000_000_000_000.0, "USD")],
                "change": (5.0, "percent", "yoy"),
                "reporter": "CN",
                "period": Y2023,
            }
        ],
    ),
    Case(
        "bracketed-conversion-after-change",
        "China's foreign trade rose 2.1 percent to 14.24 trillion yuan (about $2 trillion) in 2023.",
        [
            {
                "flow": "trade",
                "value": (14_240_000_000_000.0, "CNY"),
                "alt_values": [(2_000_000_000_000.0, "USD")],
                "change": (2.1, "percent", "yoy"),
                "reporter": "CN",
                "period": Y2023,
            }
        ],
    ),
    # ------------------------------------------------ comparison figures
    Case(
        "comparison-figure-borrows-unit",
        "Japan's trade surplus rose to 1.2 billion dlrs in February from 1.1 billion in "
        "January, the ministry said.",
        [
            {
                "evidence_has": ["1.2 billion dlrs"],
                "flow": "balance",
                "value": (1_200_000_000.0, "USD"),
                "reporter": "JP",
                "period": ("XXXX-02-01", "XXXX-02-28"),
            },
            {
                "evidence_has": ["1.1 billion"],
                "flow": "balance",
                "value": (1_100_000_000.0, "USD"),
                "reporter": "JP",
                "period": ("XXXX-01-01", "XXXX-01-31"),
            },
        ],
    ),
    Case(
        "comparison-deficits-are-negative",
        "Japan's trade deficit narrowed to 110 mln dlrs in February from 525 mln in January.",
        [
            {"flow": "balance", "value": (-110_000_000.0, "USD"), "reporter": "JP"},
            {"flow": "balance", "value": (-525_000_000.0, "USD"), "reporter": "JP"},
        ],
    ),
    # ------------------------------------------------ signs, units, bases
    Case(
        "decline-is-negative",
        "China's exports fell 4.6% year-on-year in 2023.",
        [{"flow": "export", "value": None, "change": (-4.6, "percent", "yoy"), "reporter": "CN"}],
    ),
    Case(
        "two-clauses-two-declines",
        "Exports fell 3.9% in 2023 and imports dropped 2.1%.",
        [
            {"flow": "export", "change": (-3.9, "percent", "yoy"), "period": Y2023},
            {"flow": "import", "change": (-2.1, "percent", "yoy"), "period": Y2023},
        ],
    ),
    Case(
        "deficit-value-is-negative",
        "The U.S. trade deficit widened to $68.9 billion in March 2024.",
        [
            {
                "flow": "balance",
                "value": (-68_900_000_000.0, "USD"),
                "reporter": "US",
                "period": ("2024-03-01", "2024-03-31"),
            }
        ],
    ),
    Case(
        "absolute-change-in-currency",
        "Exports rose by $2 billion to $30 billion in 2023.",
        [{"value": (30_000_000_000.0, "USD"), "change": (2_000_000_000.0, "USD", ANY)}],
    ),
    Case(
        "pp-against-overall-growth",
        "China's medical device exports grew 7.5% in 2023, 2.4 percentage points higher than "
        "the overall growth rate.",
        [
            {
                "flow": "export",
                "change": (7.5, "percent", "yoy"),
                "reporter": "CN",
                "product": "medical devices",
            },
            {
                "evidence_has": ["2.4 percentage points"],
                "change": (2.4, "pp", None),
                "reporter": "CN",
                "product": "medical devices",
            },
        ],
    ),
    Case(
        "pp-change-of-a-share",
        "The share of high-tech products in China's exports rose by 2.26 percentage points in 2023.",
        [
            {
                "evidence_has": ["share", "2.26 percentage points"],
                "flow": "export",
                "measure": "share",
                "value": None,
                "change": (2.26, "pp", ANY),
                "reporter": "CN",
                "period": Y2023,
            }
        ],
    ),
    Case(
        "fold-increase",
        "China's exports of solar cells to Brazil recorded a 15-fold increase in 2022.",
        [
            {
                "flow": "export",
                "value": None,
                "change": (15.0, "fold", ANY),
                "reporter": "CN",
                "partner": "BR",
                "product": "solar cells",
                "period": ("2022-01-01", "2022-12-31"),
            }
        ],
    ),
    Case(
        "doubled-is-twofold",
        "Brazil's soybean exports doubled in 2023.",
        [{"flow": "export", "change": (2.0, "fold", ANY), "reporter": "BR", "product": "soybeans"}],
    ),
    Case(
        "cagr-basis",
        "China's medical device market size grew at a CAGR of 5.6% between 2018 and 2023.",
        [
            {
                "flow": "output",
                "value": None,
                "change": (5.6, "percent", "cagr"),
                "reporter": "CN",
                "product": "medical devices",
                "period": ("2018-01-01", "2023-12-31"),
            }
        ],
    ),
    Case(
        "cagr-compound-annual-rate",
        "Australia's LNG exports boomed. Between 2015 and 2022, LNG export earnings grew at a "
        "compound annual rate of 27%.",
        [
            {
                "flow": "export",
                "value": None,
                "change": (27.0, "percent", "cagr"),
                "reporter": "AU",
                "period": ("2015-01-01", "2022-12-31"),
            }
        ],
    ),
    Case(
        "month-on-month",
        "Japan's exports rose 3% month-on-month in May 2024.",
        [
            {
                "change": (3.0, "percent", "mom"),
                "reporter": "JP",
                "period": ("2024-05-01", "2024-05-31"),
            }
        ],
    ),
    Case(
        "economy-growth-is-output",
        "China's economy grew 5.2% in 2023.",
        [
            {
                "flow": "output",
                "measure": "value",
                "value": None,
                "change": (5.2, "percent", "yoy"),
                "reporter": "CN",
                "period": Y2023,
            }
        ],
    ),
    # ------------------------------------------------ ranges
    Case(
        "change-range",
        "India's exports grew 6-6.5% in fiscal 2024.",
        [
            {
                "change": (6.0, "percent", "yoy", 6.5),
                "reporter": "IN",
                "period": ("2023-04-01", "2024-03-31"),
            }
        ],
    ),
    Case(
        "value-range",
        "Exports were worth $2-3 billion in 2023.",
        [{"value": (2_000_000_000.0, "USD", 3_000_000_000.0), "period": Y2023}],
    ),
    Case(
        "range-between-and",
        "China's exports are expected to grow between 5 and 6 per cent in 2024.",
        [{"change": (5.0, "percent", ANY, 6.0), "reporter": "CN"}],
    ),
    Case(
        "range-with-percent-on-both-bounds",
        "China's exports are expected to grow 10.5%-11% in 2024.",
        [{"change": (10.5, "percent", ANY, 11.0), "reporter": "CN"}],
    ),
    # ------------------------------------------------ counts, prices, volumes, hedges
    Case(
        "count-of-patents",
        "Chinese medical device makers obtained 1,200 patents in 2023.",
        [{"flow": None, "measure": "count", "value": (1200.0, "count"), "change": None}],
    ),
    Case(
        "count-of-enterprises",
        "In 2023, 900 manufacturing enterprises exported medical devices.",
        [{"flow": None, "measure": "count", "value": (900.0, "count"), "period": Y2023}],
    ),
    Case(
        "price-per-tonne",
        "The average export price of steel was $412 per tonne in 2023.",
        [{"flow": "export", "measure": "price", "value": (412.0, "USD"), "product": "steel"}],
    ),
    Case(
        "volume-with-change",
        "China's exports of cars rose to 1.2 million cars in 2023, up 50%.",
        [
            {
                "flow": "export",
                "measure": "volume",
                "value": (1_200_000.0, "units"),
                "change": (50.0, "percent", "yoy"),
                "reporter": "CN",
            }
        ],
    ),
    Case(
        "double-digit-growth",
        "China's exports grew at a double-digit pace in 2023.",
        [{"change": (10.0, "percent", "yoy"), "approx": "gt", "reporter": "CN"}],
    ),
    Case(
        "hedge-about",
        "China's exports to Africa reached about $280 billion in 2023.",
        [{"value": (280e9, "USD"), "approx": "about", "reporter": "CN", "partner": "AFRICA"}],
    ),
    Case(
        "hedge-nearly",
        "China's exports to Africa reached nearly $280 billion in 2023.",
        [{"value": (280e9, "USD"), "approx": "about"}],
    ),
    Case(
        "hedge-less-than",
        "China's exports to Africa reached less than $280 billion in 2023.",
        [{"value": (280e9, "USD"), "approx": "lt"}],
    ),
    Case(
        "hs-code",
        "Exports of medical devices (HS code 9018) rose 5% in 2023.",
        [{"product": "medical devices", "hs_code": "9018", "change": (5.0, "percent", "yoy")}],
    ),
    # ------------------------------------------------ reporter and partner
    Case(
        "imports-from-partner",
        "China's imports from Germany fell 12% to 3.5 billion euros in 2023.",
        [
            {
                "flow": "import",
                "value": (3_500_000_000.0, "EUR"),
                "change": (-12.0, "percent", "yoy"),
                "reporter": "CN",
                "partner": "DE",
            }
        ],
    ),
    Case(
        "partner-is-not-the-reporter",
        "Imports from Germany fell 12% to 3.5 billion euros in 2023.",
        [{"flow": "import", "reporter": None, "partner": "DE"}],
    ),
    Case(
        "region-partner-is-not-the-reporter",
        "Exports to Latin America rose 7.4% in 2023.",
        [
            {
                "flow": "export",
                "reporter": None,
                "partner": "LATAM",
                "change": (7.4, "percent", "yoy"),
            }
        ],
    ),
    # ------------------------------------------------ periods from the document date
    Case(
        "relative-year-from-doc-date",
        "Vietnam's exports rose 5% last year.",
        [{"reporter": "VN", "period": ("2023-01-01", "2023-12-31")}],
        doc_date="2024-02-01",
    ),
    Case(
        "yearless-period-is-xxxx",
        "Exports stood at $24.10 billion in the first ten months, down 3.9% year-on-year.",
        [
            {
                "value": (24_100_000_000.0, "USD"),
                "change": (-3.9, "percent", "yoy"),
                "period": ("XXXX-01-01", "XXXX-10-31"),
            }
        ],
    ),
    # ------------------------------------------------ a year is not part of an amount
    Case(
        "year-before-to-value",
        "Mexico's exports grew 5% in 2023 to 593 billion dollars.",
        [
            {
                "value": (593_000_000_000.0, "USD"),
                "change": (5.0, "percent", "yoy"),
                "reporter": "MX",
                "period": Y2023,
            }
        ],
    ),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_claims(extract, case: Case) -> None:
    doc = extract(case.text, doc_date=case.doc_date)
    got = [c.evidence.text for c in doc.claims]
    assert len(doc.claims) == len(case.claims), got
    for claim, want in zip(doc.claims, case.claims, strict=True):
        check_claim(claim, want)


NOT_CLAIMS = [
    pytest.param(
        "The central parity rate of the yuan stood at 7.1451 per U.S. dollar on Thursday.",
        id="exchange-rate",
    ),
    pytest.param("The United States imposed tariffs of 25% on Chinese steel in 2018.", id="tariff"),
    pytest.param("The company employs 5,000 workers in Shenzhen.", id="jobs"),
    pytest.param("Contact: +86 20 8913 8628. Copyright 2024 Xinhua.", id="phone-furniture"),
    pytest.param(
        "Huawei launched 5G base stations and COVID-19 test kits in 2020.", id="numbers-in-names"
    ),
    pytest.param(
        "The 131st Canton Fair opened in Guangzhou on October 15, 2022.", id="ordinal-and-date"
    ),
    pytest.param(
        "2024 marks the 10th anniversary of the Belt and Road Initiative.", id="year-marks"
    ),
    pytest.param("Exports saw negative growth in April.", id="no-number"),
    pytest.param(
        "Fortune 500 companies such as Siemens exhibited at the fair.",
        id="number-in-a-name",
    ),
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_a_claim(extract, text: str) -> None:
    assert [c.evidence.text for c in extract(text).claims] == []


# ---------------------------------------------------------------- provenance


def numbers_inside_evidence(claim: Claim) -> bool:
    numbers = [claim.value, claim.change, *claim.alt_values]
    return all(
        claim.evidence.start <= q.start and q.end <= claim.evidence.end
        for q in numbers
        if q is not None and q.start is not None
    )


def test_provenance_of_every_case(extract) -> None:
    errors = []
    for case in CASES:
        doc = extract(case.text, case.id, doc_date=case.doc_date)
        errors += provenance_errors(doc, case.text)
        errors += [
            f"{case.id}: number outside evidence"
            for c in doc.claims
            if not numbers_inside_evidence(c)
        ]
    assert errors == []


def test_provenance_fields_are_read_from_text(extract) -> None:
    """Fields read off the text say where (spec 4): value, change, and the claim's spans."""
    text = CASES[0].text
    (claim,) = extract(text).claims
    for q in (claim.value, claim.change):
        assert q.start is not None and text[q.start : q.end] == q.text
    assert claim.value.text == "$24.10 billion"
    assert claim.change.text == "5.0%"
    assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    # inherited fields point at the earlier sentence they came from
    period_span = claim.spans.get("period")
    assert period_span is not None and period_span.text == "first half of 2025"
    assert period_span.end <= claim.evidence.start


def _integrity(folder: Path, extract) -> tuple[int, list[str]]:
    checked, errors = 0, []
    for path in gold_texts(folder):
        text = path.read_text(encoding="utf-8")
        doc = extract(text, path.stem)
        assert doc.claims, f"{path.stem}: no claims"
        errors += provenance_errors(doc, text)
        errors += [
            f"{path.stem}: number outside evidence {c.evidence.text!r}"
            for c in doc.claims
            if not numbers_inside_evidence(c)
        ]
        checked += len(doc.claims)
    return checked, errors


def test_fixture_provenance_integrity(extract, fixtures_dir: Path) -> None:
    checked, errors = _integrity(fixtures_dir, extract)
    assert checked > 100
    assert errors == []


def test_seed_provenance_integrity(extract, seeds_dir: Path) -> None:
    checked, errors = _integrity(seeds_dir, extract)
    assert checked > 50
    assert errors == []


# ---------------------------------------------------------------- the output format

DOC_KEYS = {"doc_id", "doc_date", "claims"}
CLAIM_KEYS = {
    "evidence",
    "flow",
    "measure",
    "value",
    "alt_values",
    "change",
    "approx",
    "reporter",
    "partner",
    "product",
    "hs_code",
    "period",
}
SPAN_KEYS = {"start", "end", "text"}


def _json_of(doc: Document) -> dict[str, Any]:
    line = doc.model_dump_json()
    assert "\n" not in line  # one JSON line per document
    return json.loads(line)


def test_output_has_the_spec_keys(extract) -> None:
    text = (
        CASES[0].text
        + " Shipments to Germany fell 2%. China's exports reached 14.24 trillion yuan "
        "(about $2 trillion) in 2023, up 5%."
    )
    data = _json_of(extract(text, "d1", doc_date="2025-08-01"))
    assert set(data) >= DOC_KEYS
    assert (data["doc_id"], data["doc_date"]) == ("d1", "2025-08-01")
    assert data["claims"]
    for claim in data["claims"]:
        assert set(claim) >= CLAIM_KEYS, CLAIM_KEYS - set(claim)
        assert set(claim["evidence"]) >= SPAN_KEYS
        assert (
            text[claim["evidence"]["start"] : claim["evidence"]["end"]] == claim["evidence"]["text"]
        )
        for name in ("value", *[f"alt{i}" for i in range(len(claim["alt_values"]))]):
            q = claim["value"] if name == "value" else claim["alt_values"][int(name[3:])]
            if q is not None:
                assert {"amount", "unit"} <= set(q)
                assert isinstance(q["amount"], float)
        if claim["change"] is not None:
            assert {"amount", "unit", "basis"} <= set(claim["change"])
        if claim["period"] is not None:
            assert {"start", "end"} <= set(claim["period"])
        for place in ("reporter", "partner"):
            assert claim[place] is None or isinstance(claim[place], (str, list))


def test_output_round_trips(extract) -> None:
    doc = extract(CASES[0].text, "d1")
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_spec_example_serialises_like_the_spec(extract) -> None:
    """The spec's example claim, field for field (section 5), plus the library's additions."""
    (claim,) = _json_of(extract(CASES[0].text, "004"))["claims"]
    assert claim["evidence"]["text"] == "Export value stood at $24.10 billion, up 5.0% year-on-year"
    assert {k: claim["value"][k] for k in ("amount", "unit")} == {
        "amount": 24100000000.0,
        "unit": "USD",
    }
    assert {k: claim["change"][k] for k in ("amount", "unit", "basis")} == {
        "amount": 5.0,
        "unit": "percent",
        "basis": "yoy",
    }
    assert {k: claim[k] for k in CLAIM_KEYS - {"evidence", "value", "change"}} == {
        "flow": "export",
        "measure": "value",
        "alt_values": [],
        "approx": None,
        "reporter": "CN",
        "partner": None,
        "product": "medical devices",
        "hs_code": None,
        "period": {"start": "2025-01-01", "end": "2025-06-30"},
    }


def test_scraped_page_furniture_yields_no_claims(extract: Any) -> None:
    """Menus, a list of other stories' headlines and a footer around one article."""
    page = (
        "Home | News | Markets | Trade\n"
        "China's exports rise 5% in May\n\n"
        "BEIJING, June 7 (Xinhua) -- China's exports rose 5.0 percent year on year in May "
        "to 2.1 trillion yuan, customs data showed on Friday.\n\n"
        "More from the site\n"
        "US imports from Mexico hit record $475 billion\n"
        "Japan's trade deficit narrows 73% in FY2023\n"
        "© 2024 Example News | Call 020 7946 0000\n"
    )
    doc = extract(page)
    amounts = sorted((c.value.amount if c.value else 0.0, c.change.amount) for c in doc.claims)
    assert amounts == [(0.0, 5.0), (2.1e12, 5.0)]
    assert all(c.evidence.start < page.index("More from the site") for c in doc.claims)

"""The place and term gazetteers as the pipeline runs them (span rulers "trade_places", "trade_terms").

A place is "recognised" when, after overlapping matches are reduced to the longest (as the
linker does with `filter_spans`), exactly one place span covers the name and its id is the
expected ISO 3166 code or region code.
"""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.util import filter_spans

from tradeextract.model import REGIONS
from tradeextract.recognise.terms import place_patterns
from tradeextract.resources import DATA_DIR


def place_at(
    nlp: Language, name: str, template: str = "Trade with {} grew last year."
) -> list[tuple[str, str]]:
    """(text, id) of the place spans overlapping `name` inside the template sentence."""
    text = template.format(name)
    start = text.index(name)
    end = start + len(name)
    doc = nlp(text)
    spans = filter_spans(list(doc.spans["trade_places"]))
    return [(s.text, s.id_) for s in spans if s.start_char < end and start < s.end_char]


def term_at(nlp: Language, phrase: str, label: str) -> list[tuple[str, str]]:
    """(text, id) of the longest `label` term spans overlapping `phrase` in a neutral sentence."""
    text = f"Officials noted {phrase} in the report."
    start = text.index(phrase)
    end = start + len(phrase)
    doc = nlp(text)
    spans = filter_spans([s for s in doc.spans["trade_terms"] if s.label_ == label])
    return [(s.text, s.id_) for s in spans if s.start_char < end and start < s.end_char]


# ---------------------------------------------------------------- the whole gazetteer

PLACE_PATTERNS = place_patterns(DATA_DIR)
SENTENCES = (
    "Trade with {} grew last year.",
    "{} exports rose 5% in May.",
    "Exports to {} fell.",
    "Trade between Japan and {}, the data showed.",
    "Shipments from {} (up 5%) grew.",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=st.sampled_from(PLACE_PATTERNS), sentence=st.sampled_from(SENTENCES))
def test_every_place_pattern_is_found_with_its_code(
    nlp: Language, pattern: dict[str, str], sentence: str
) -> None:
    """Any name the gazetteer lists (pycountry's countries and subdivisions, aliases, regions,
    demonyms), in a sentence, is one place span with the pattern's code."""
    assert place_at(nlp, pattern["pattern"], sentence) == [(pattern["pattern"], pattern["id"])]


def test_gazetteer_has_every_iso_country() -> None:
    ids = {p["id"] for p in PLACE_PATTERNS if p["label"] == "PLACE"}
    assert {country.alpha_2 for country in pycountry.countries} <= ids


# ---------------------------------------------------------------- aliases, subdivisions, regions

ALIASES = [
    ("U.S.", "US"),
    ("the U.S.", "US"),
    ("the United States", "US"),
    ("United States", "US"),
    ("America", "US"),
    ("UK", "GB"),
    ("Britain", "GB"),
    ("United Kingdom", "GB"),
    ("South Korea", "KR"),
    ("North Korea", "KP"),
    ("Vietnam", "VN"),
    ("UAE", "AE"),
    ("Hong Kong", "HK"),
    ("Taiwan", "TW"),
    ("Russia", "RU"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Czech Republic", "CZ"),
    ("the Netherlands", "NL"),
    ("DR Congo", "CD"),
    # provinces (ISO 3166-2) and cities, which take their province's code
    ("Guangdong", "CN-GD"),
    ("Shenzhen", "CN-GD"),
    ("Guangzhou", "CN-GD"),
    ("Jiangsu", "CN-JS"),
    ("Zhejiang", "CN-ZJ"),
    ("Shandong", "CN-SD"),
    ("Hubei", "CN-HB"),
    ("Anhui", "CN-AH"),
    ("Beijing", "CN-BJ"),
    ("Shanghai", "CN-SH"),
    # regions the spec names
    ("EU", "EU"),
    ("the European Union", "EU"),
    ("ASEAN", "ASEAN"),
    ("Latin America", "LATAM"),
    ("Middle East", "MIDDLE_EAST"),
    ("Central Asia", "CENTRAL_ASIA"),
    ("Africa", "AFRICA"),
    ("Europe", "EUROPE"),
    ("Southeast Asia", "SOUTHEAST_ASIA"),
    ("South America", "SOUTH_AMERICA"),
    ("North America", "NORTH_AMERICA"),
    ("Belt and Road", "BRI"),
    ("Belt and Road countries", "BRI"),
    ("RCEP", "RCEP"),
    ("G7", "G7"),
]


@pytest.mark.parametrize(("name", "code"), ALIASES, ids=[a for a, _ in ALIASES])
def test_alias_subdivision_region(nlp: Language, name: str, code: str) -> None:
    found = place_at(nlp, name)
    assert found == [(name, code)]


def test_every_spec_region_code_has_a_name() -> None:
    ids = {p["id"] for p in PLACE_PATTERNS}
    assert set(REGIONS) <= ids


def test_places_are_case_sensitive(nlp: Language) -> None:
    """'us' the pronoun and 'china' the porcelain are not places (ORTH matching)."""
    doc = nlp("They told us the china was fine.")
    assert list(doc.spans["trade_places"]) == []


def test_hyphenated_pair_of_places(nlp: Language) -> None:
    doc = nlp("U.S.-China trade fell.")
    spans = filter_spans(list(doc.spans["trade_places"]))
    assert [(s.text, s.id_) for s in spans] == [("U.S.", "US"), ("China", "CN")]


def test_place_list(nlp: Language) -> None:
    doc = nlp("Exports from Hubei, Shandong and Anhui all grew.")
    spans = filter_spans(list(doc.spans["trade_places"]))
    assert [(s.text, s.id_) for s in spans] == [
        ("Hubei", "CN-HB"),
        ("Shandong", "CN-SD"),
        ("Anhui", "CN-AH"),
    ]


def test_place_offsets(nlp: Language) -> None:
    text = "Trade between Germany and the United States rose."
    doc = nlp(text)
    for span in doc.spans["trade_places"]:
        assert text[span.start_char : span.end_char] == span.text


# ---------------------------------------------------------------- trade terms

TERMS = [
    # flows
    ("exports", "FLOW", "export"),
    ("Exports", "FLOW", "export"),
    ("export value", "FLOW", "export"),
    ("imports", "FLOW", "import"),
    ("imported", "FLOW", "import"),
    ("imports and exports", "FLOW", "trade"),
    ("import and export", "FLOW", "trade"),
    ("foreign trade", "FLOW", "trade"),
    ("total trade", "FLOW", "trade"),
    ("trade surplus", "FLOW", "balance"),
    ("current account surplus", "FLOW", "balance"),
    ("trade balance", "FLOW", "balance"),
    ("deficit", "FLOW", "deficit"),
    ("trade deficit", "FLOW", "deficit"),
    ("market size", "FLOW", "output"),
    ("output value", "FLOW", "output"),
    # directions
    ("rose", "DIR", "up"),
    ("increased", "DIR", "up"),
    ("grew", "DIR", "up"),
    ("up", "DIR", "up"),
    ("surged", "DIR", "up"),
    ("fell", "DIR", "down"),
    ("declined", "DIR", "down"),
    ("dropped", "DIR", "down"),
    ("down", "DIR", "down"),
    ("narrowed", "DIR", "down"),
    # hedges
    ("more than", "HEDGE", "gt"),
    ("over", "HEDGE", "gt"),
    ("exceeding", "HEDGE", "gt"),
    ("above", "HEDGE", "gt"),
    ("less than", "HEDGE", "lt"),
    ("under", "HEDGE", "lt"),
    ("about", "HEDGE", "about"),
    ("nearly", "HEDGE", "about"),
    ("around", "HEDGE", "about"),
    ("approximately", "HEDGE", "about"),
    ("some", "HEDGE", "about"),
    # bases
    ("year-on-year", "BASIS", "yoy"),
    ("year on year", "BASIS", "yoy"),
    ("YEAR-ON-YEAR", "BASIS", "yoy"),
    ("from a year earlier", "BASIS", "yoy"),
    ("month-on-month", "BASIS", "mom"),
    ("quarter-on-quarter", "BASIS", "qoq"),
    ("CAGR", "BASIS", "cagr"),
    ("compound annual growth rate", "BASIS", "cagr"),
    # measures
    ("share", "MEASURE", "share"),
    ("accounted for", "MEASURE", "share"),
    ("average price", "MEASURE", "price"),
    ("volume", "MEASURE", "volume"),
]


@pytest.mark.parametrize(("phrase", "label", "code"), TERMS, ids=[t[0] for t in TERMS])
def test_term(nlp: Language, phrase: str, label: str, code: str) -> None:
    assert term_at(nlp, phrase, label) == [(phrase, code)]


@pytest.mark.parametrize(
    ("phrase", "label"),
    [("exchange rate", "EXCLUDE"), ("tariffs", "EXCLUDE"), ("interest rates", "EXCLUDE")],
)
def test_out_of_scope_markers(nlp: Language, phrase: str, label: str) -> None:
    assert [text for text, _ in term_at(nlp, phrase, label)] == [phrase]


def test_a_place_in_ia_makes_its_demonym_with_n(extract) -> None:  # noqa: ANN001
    doc = extract(
        "Armenian exports to Georgia rose 9.4% to 1.3 billion lari in 2024.\n\n"
        "Tasmanian producers shipped 4,850 tonnes of cherries in 2024-25."
    )
    assert [(c.reporter, c.partner, c.product) for c in doc.claims] == [
        ("AM", "GE", None),
        ("AU-TAS", None, "cherries"),
    ]

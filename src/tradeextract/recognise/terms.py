"""Gazetteers as spaCy SpanRuler patterns: places (case-sensitive) and trade words (lower-case).

Places come from pycountry (every ISO 3166-1 country, the subdivisions of the countries listed
in subdivisions.json) plus the alias, region and demonym files; trade words (flows, directions,
hedges, bases, measures...) from terms.jsonl. The rulers get them through `nlp.initialize()`
(the readers registered here are named in the config's [initialize] section) and save them
with the pipeline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycountry
import spacy

from tradeextract.resources import DATA_DIR, read_json, read_jsonl

PLACES_KEY = "trade_places"
TERMS_KEY = "trade_terms"
PLACE_PATTERNS = "tradeextract.place_patterns.v1"
TERM_PATTERNS = "tradeextract.term_patterns.v1"


def _country_names() -> list[dict[str, str]]:
    patterns = []
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        official = getattr(country, "official_name", None)
        if official:
            names.add(official)
        for name in sorted(names):
            if "," not in name:
                patterns.append({"label": "PLACE", "pattern": name, "id": country.alpha_2})
    return patterns


def _subdivision_names(data_dir: Path) -> list[dict[str, str]]:
    spec = read_json("subdivisions.json", data_dir)
    skip = set(spec["skip_names"])
    patterns = []
    for code in spec["countries"]:
        for sub in sorted(
            pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code
        ):
            name = sub.name
            for suffix in spec["strip_suffixes"]:
                name = name.removesuffix(suffix)
            if name not in skip and pycountry.countries.get(name=name) is None:
                patterns.append({"label": "SUBDIVISION", "pattern": name, "id": sub.code})
    for name, code in spec["aliases"].items():
        patterns.append({"label": "SUBDIVISION", "pattern": name, "id": code})
    return patterns


UPPER_MIN_LENGTH = 5  # 'CHINA', 'CANADA'; shorter capitals are too often acronyms


def _upper_case(patterns: list[dict[str, str]]) -> list[dict[str, str]]:
    """Country names as wire headlines and letterheads write them ('CANADA TRADE SURPLUS
    RISES', 'BANGLADESH BANK')."""
    return [
        {**p, "pattern": p["pattern"].upper()}
        for p in patterns
        if len(p["pattern"]) >= UPPER_MIN_LENGTH and p["pattern"] != p["pattern"].upper()
    ]


@lru_cache(maxsize=4)
def place_patterns(data_dir: Path) -> tuple[dict[str, str], ...]:
    """Every place name the pipeline knows, as SpanRuler phrase patterns with ISO ids."""
    countries = _country_names()
    subdivisions = _subdivision_names(data_dir)
    patterns = countries + _upper_case(countries) + subdivisions
    for name in ("place_aliases.jsonl", "regions.jsonl", "demonyms.jsonl"):
        patterns += read_jsonl(name, data_dir)
    return tuple(patterns + _derived_demonyms(countries + subdivisions, patterns))


def _derived_demonyms(
    places: list[dict[str, str]], known: list[dict[str, str]]
) -> list[dict[str, str]]:
    """'Armenia' -> 'Armenian', 'Tasmania' -> 'Tasmanian': a name in -ia makes its adjective
    with -n, the one regular rule of English demonyms; the irregular ones are listed in
    demonyms.jsonl."""
    taken = {p["pattern"] for p in known}
    derived = []
    for place in places:
        name = place["pattern"]
        adjective = name + "n"
        proper = all(word[0].isupper() for word in name.split())  # not 'Republic of ...'
        if name.endswith("ia") and proper and adjective not in taken:
            derived.append({"label": "DEMONYM", "pattern": adjective, "id": place["id"]})
            taken.add(adjective)
    return derived


@lru_cache(maxsize=4)
def term_patterns(data_dir: Path) -> tuple[dict[str, str], ...]:
    return tuple(read_jsonl("terms.jsonl", data_dir))


@spacy.registry.misc(PLACE_PATTERNS)
def read_place_patterns(data_dir: str | None = None) -> list[dict[str, str]]:
    """The places ruler's patterns, for `[initialize.components.<ruler>.patterns]`."""
    return list(place_patterns(Path(data_dir) if data_dir else DATA_DIR))


@spacy.registry.misc(TERM_PATTERNS)
def read_term_patterns(data_dir: str | None = None) -> list[dict[str, str]]:
    """The trade-words ruler's patterns, for `[initialize.components.<ruler>.patterns]`."""
    return list(term_patterns(Path(data_dir) if data_dir else DATA_DIR))

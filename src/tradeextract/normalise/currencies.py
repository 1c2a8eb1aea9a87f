"""Currency forms ('$', 'HK$', 'pesos', 'cents') to ISO 4217 codes, read from currencies.json.

A form several currencies share ('$', 'dollars', 'pesos', 'crowns', 'Rs') stands for the first
currency that lists it, unless the text names exactly one economy and exactly one of those
currencies belongs to it: "Canada's deficit is $40 billion" is CAD, "Argentina will print 1
trillion pesos" ARS, while "Canada's exports to China reached $5 billion" stays USD. A city
counts as a mention of its country but does not name it on its own: "tickets to Sydney for
$1,500" stays USD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tradeextract.recognise.base import alternation, matches_near, windows_near


@dataclass(frozen=True)
class CurrencyTable:
    prefix: dict[str, tuple[str, ...]]  # form as written -> codes, the default first
    suffix: dict[str, tuple[str, ...]]  # lower-case, spaces single
    minor: dict[str, tuple[str, ...]]  # hundredths: 'cents', 'pence', 'p'
    code_scales: dict[str, float]  # 'M' -> 1e6: '9,870 MSEK'
    needs_scale: frozenset[str]  # suffix forms that are also ordinary words
    needs_digits: frozenset[str]  # suffix forms that are words after number words ('one won')
    attached_only: frozenset[str]  # prefixes never written apart from the sign ('A $' is 'a $')
    world_price_units: frozenset[str]  # '$612.50 per tonne' is a world price, in US dollars
    countries: dict[str, frozenset[str]]  # code -> ISO 3166 countries (or 'EA') using it
    cues: re.Pattern[str]  # any economy's name or place; cue_country maps a match to it
    cue_country: dict[str, str]
    places: frozenset[str]  # the cues that are cities
    names: re.Pattern[str]  # a currency named in words that only it is called by
    name_ends: tuple[str, ...]  # the last words of those names ('dollars', 'francs')


@dataclass
class Economies:
    """The countries a text names (names, nationalities, institutions, unambiguous
    currencies) and those it only mentions (cities too)."""

    named: set[str] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)


def _forms(data: dict, key: str, fold: bool) -> dict[str, tuple[str, ...]]:
    """Form -> every code listing it, in file order (so the first is the default)."""
    forms: dict[str, list[str]] = {}
    for code, entry in _currencies(data):
        for form in entry.get(key, []):
            form = normalise_form(form) if fold else form
            if code not in forms.setdefault(form, []):
                forms[form].append(code)
    return {form: tuple(codes) for form, codes in forms.items()}


def _currencies(data: dict) -> Iterable[tuple[str, dict]]:
    return ((code, entry) for code, entry in data.items() if not code.startswith("_"))


def normalise_form(form: str) -> str:
    """'Hong  Kong Dollars' -> 'hong kong dollars': how suffix forms are looked up."""
    return re.sub(r"\s+", " ", form.strip().lower())


def currency_table(data: dict) -> CurrencyTable:
    """The lookup tables of a parsed currencies.json."""
    names = {cue: country for country, cues in data["_economies"].items() for cue in cues}
    places = {cue: country for country, cues in data.get("_places", {}).items() for cue in cues}
    cue_country = {**places, **names}
    suffix = _forms(data, "suffix", fold=True)
    own_names = _own_names(suffix)
    return CurrencyTable(
        prefix=_forms(data, "prefix", fold=False),
        suffix=suffix,
        minor=_forms(data, "minor", fold=False),
        code_scales={k: float(v) for k, v in data.get("_code_scales", {}).items()},
        needs_scale=frozenset(normalise_form(f) for f in data.get("_needs_scale", [])),
        needs_digits=frozenset(normalise_form(f) for f in data.get("_needs_digits", [])),
        attached_only=frozenset(data.get("_attached_only", [])),
        world_price_units=frozenset(u.lower() for u in data.get("_world_price_units", [])),
        countries={
            code: frozenset(entry.get("countries", [])) for code, entry in _currencies(data)
        },
        cues=re.compile(r"(?<![\w])(?:" + alternation(cue_country) + r")(?![\w])"),
        cue_country=cue_country,
        places=frozenset(places) - frozenset(names),
        names=re.compile(r"(?<![\w])(?:" + alternation(own_names) + r")(?![\w])", re.I),
        name_ends=tuple(sorted({name.split()[-1] for name in own_names})),
    )


def _own_names(suffix: dict[str, tuple[str, ...]]) -> list[str]:
    """'New Zealand dollars', 'Swiss francs': the names of one currency each, in words."""
    return [form for form, codes in suffix.items() if len(codes) == 1 and " " in form]


def named_economies(text: str, table: CurrencyTable, codes_found: Iterable[str]) -> Economies:
    """The economies a text names or mentions: its cue words, and the one country of each
    unambiguous currency it uses ('A$120 million' names Australia)."""
    economies = Economies()
    for match in table.cues.finditer(text):
        cue = " ".join(match.group(0).split())  # the pattern's spaces match any white space
        country = table.cue_country[cue]
        economies.mentioned.add(country)
        if cue not in table.places:
            economies.named.add(country)
    for code in codes_found:
        countries = table.countries.get(code, frozenset())
        if len(countries) == 1:
            economies.named |= countries
            economies.mentioned |= countries
    return economies


def named_currencies(text: str, table: CurrencyTable) -> set[str]:
    """The currencies a text names in words ('All figures are in New Zealand dollars'),
    searched for only around the words such names end with."""
    windows = windows_near(text, text.lower(), table.name_ends)
    found = matches_near(text, table.names, windows)
    return {table.suffix[normalise_form(m.group(0))][0] for m in found}


def resolve(
    codes: tuple[str, ...],
    economies: Economies,
    table: CurrencyTable,
    named: set[str] = frozenset(),
) -> str:
    """The code a shared form stands for: the one of them the text names in words, else the
    one of the only economy the text names."""
    stated = [code for code in codes if code in named]
    if len(stated) == 1:
        return stated[0]
    if len(codes) == 1 or len(economies.mentioned) != 1:
        return codes[0]
    (economy,) = economies.mentioned
    if economy not in economies.named:
        return codes[0]
    return own_currency(codes, economy, table) or codes[0]


def own_currency(codes: Iterable[str], economy: str, table: CurrencyTable) -> str | None:
    """The one of `codes` the economy uses (a province, its country's), if only one is."""
    country = economy.split("-")[0]
    owners = [code for code in codes if country in table.countries.get(code, frozenset())]
    return owners[0] if len(owners) == 1 else None


def is_world_price(per: str | None, table: CurrencyTable) -> bool:
    """'per tonne', 'a barrel', '/bbl': what commodities are priced by, in US dollars."""
    if not per:
        return False
    unit = re.sub(r"^(?:per|an?|/)\s*(?:\d+\s)?", "", per.strip().lower())
    return unit in table.world_price_units or unit.removesuffix("s") in table.world_price_units

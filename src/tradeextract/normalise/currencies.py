"""Currency forms ('$', 'HK$', 'pesos', 'cents') to ISO 4217 codes, read from currencies.json.

A form several currencies share ('$', 'dollars', 'pesos', 'crowns', 'Rs') stands for the first
currency that lists it, unless the text names exactly one economy and exactly one of those
currencies belongs to it: "Canada's deficit is $40 billion" is CAD, "Argentina will print 1
trillion pesos" ARS, while "Canada's exports to China reached $5 billion" stays USD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tradeextract.recognise.base import alternation


@dataclass(frozen=True)
class CurrencyTable:
    prefix: dict[str, tuple[str, ...]]  # form as written -> codes, the default first
    suffix: dict[str, tuple[str, ...]]  # lower-case, spaces single
    minor: dict[str, tuple[str, ...]]  # hundredths: 'cents', 'pence', 'p'
    needs_scale: frozenset[str]  # suffix forms that are also ordinary words
    attached_only: frozenset[str]  # prefixes never written apart from the sign ('A $' is 'a $')
    countries: dict[str, frozenset[str]]  # code -> ISO 3166 countries (or 'EA') using it
    cues: re.Pattern[str]  # any economy cue word; cue_country maps the match to its country
    cue_country: dict[str, str]


def _forms(data: dict, key: str, fold: bool) -> dict[str, tuple[str, ...]]:
    """Form -> every code listing it, in file order (so the first is the default)."""
    forms: dict[str, list[str]] = {}
    for code, entry in data.items():
        if code.startswith("_"):
            continue
        for form in entry.get(key, []):
            form = normalise_form(form) if fold else form
            if code not in forms.setdefault(form, []):
                forms[form].append(code)
    return {form: tuple(codes) for form, codes in forms.items()}


def normalise_form(form: str) -> str:
    """'Hong  Kong Dollars' -> 'hong kong dollars': how suffix forms are looked up."""
    return re.sub(r"\s+", " ", form.strip().lower())


def currency_table(data: dict) -> CurrencyTable:
    """The lookup tables of a parsed currencies.json."""
    cue_country = {cue: country for country, cues in data["_economies"].items() for cue in cues}
    cues = re.compile(r"(?<![\w])(?:" + alternation(cue_country) + r")(?![\w])")
    return CurrencyTable(
        prefix=_forms(data, "prefix", fold=False),
        suffix=_forms(data, "suffix", fold=True),
        minor=_forms(data, "minor", fold=False),
        needs_scale=frozenset(normalise_form(f) for f in data.get("_needs_scale", [])),
        attached_only=frozenset(data.get("_attached_only", [])),
        countries={
            code: frozenset(entry.get("countries", []))
            for code, entry in data.items()
            if not code.startswith("_")
        },
        cues=cues,
        cue_country=cue_country,
    )


def named_economies(text: str, table: CurrencyTable, codes_found: Iterable[str]) -> set[str]:
    """The countries a text names: its cue words, and the one country of each unambiguous
    currency it uses ('A$120 million' names Australia)."""
    named = {table.cue_country[m.group(0)] for m in table.cues.finditer(text)}
    for code in codes_found:
        countries = table.countries.get(code, frozenset())
        if len(countries) == 1:
            named |= countries
    return named


def resolve(codes: tuple[str, ...], economies: set[str], table: CurrencyTable) -> str:
    """The code a shared form stands for, given the economies the text names."""
    if len(codes) == 1 or len(economies) != 1:
        return codes[0]
    (economy,) = economies
    owners = [code for code in codes if economy in table.countries.get(code, ())]
    return owners[0] if len(owners) == 1 else codes[0]

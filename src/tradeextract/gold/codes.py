"""The spec's vocabularies of codes and units: ISO 4217 currencies, ISO 3166 places, unit words.

Whether a code is real (current or historic currencies, countries, subdivisions, the spec's
regions), why a value or change unit is not the spec's, and a hint at the likely intended
code (RMB -> CNY, UK -> GB).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pycountry

from tradeextract.model import REGIONS

CHANGE_UNIT_WORDS = ("percent", "pp", "fold")
VALUE_UNIT_WORDS = ("percent", "count")
UNIT_WORD = re.compile(r"[a-z]+(?: [a-z]+)*")
UNIT_HINTS = {"RMB": "CNY", "%": "percent", "$": "USD", "US$": "USD", "YUAN": "CNY"}
PLACE_HINTS = {"UK": "GB", "USA": "US", "CHN": "CN"}
# ISO 4217 codes withdrawn since the 1980s (its "historic denominations" list), which
# pycountry does not carry but older articles need: Deutsche Mark, franc, lira, ECU...
# fmt: off
HISTORIC_CURRENCIES = frozenset((
    "ADP", "AFA", "ARA", "ARP", "ATS", "AZM", "BEF", "BGL", "BRC", "BRE", "BRN", "BRR",
    "BYB", "BYR", "CSD", "CSK", "CYP", "DDM", "DEM", "EEK", "ESP", "FIM", "FRF", "GHC",
    "GRD", "GWP", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MXP", "MZM",
    "NLG", "PEI", "PES", "PLZ", "PTE", "ROL", "RUR", "SDD", "SIT", "SKK", "SRG", "STD",
    "SUR", "TMM", "TPE", "TRL", "UAK", "VEB", "VEF", "XEU", "YUD", "YUM", "YUN", "ZMK",
    "ZRN", "ZRZ", "ZWD", "ZWN", "ZWR",
))
# fmt: on


@lru_cache(maxsize=4096)
def is_currency_code(code: str) -> bool:
    """ISO 4217 alphabetic code, current or historic, upper case (USD, CNY, EUR, DEM)."""
    if not re.fullmatch(r"[A-Z]{3}", code):
        return False
    return code in HISTORIC_CURRENCIES or pycountry.currencies.get(alpha_3=code) is not None


@lru_cache(maxsize=4096)
def is_place_code(code: str) -> bool:
    """ISO 3166-1 alpha-2, ISO 3166-2 subdivision, or one of the spec's region codes."""
    if code in REGIONS:
        return True
    if re.fullmatch(r"[A-Z]{2}", code):
        return pycountry.countries.get(alpha_2=code) is not None
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
        return pycountry.subdivisions.get(code=code) is not None
    return False


def did_you_mean(table: dict[str, str], value: str) -> str:
    """` (did you mean 'CNY'?)` when `table` knows the code meant by `value`, else ''."""
    suggestion = table.get(value.upper()) if isinstance(value, str) else None
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


def value_unit_problem(unit: Any) -> str | None:
    """Why a value unit is not the spec's (ISO 4217, percent, count, a unit word), or None."""
    if not isinstance(unit, str):
        return f"must be a string, got {unit!r}"
    if is_currency_code(unit) or unit in VALUE_UNIT_WORDS:
        return None
    if unit in ("pp", "fold"):
        return f"{unit!r} is a change unit, not a value unit"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return f"{unit!r} is not an ISO 4217 currency code{did_you_mean(UNIT_HINTS, unit)}"
    if is_currency_code(unit.upper()):
        return f"{unit!r}: currency codes are upper case (did you mean {unit.upper()!r}?)"
    if UNIT_WORD.fullmatch(unit):
        return None
    return f"{unit!r} is neither an ISO 4217 code nor percent, count or a lower-case unit word{did_you_mean(UNIT_HINTS, unit)}"


def change_unit_problem(unit: Any) -> str | None:
    """Why a change unit is not percent, pp, fold or an ISO 4217 code, or None."""
    if not isinstance(unit, str):
        return f"must be a string, got {unit!r}"
    if unit in CHANGE_UNIT_WORDS or is_currency_code(unit):
        return None
    return f"{unit!r} is not percent, pp, fold or an ISO 4217 currency code{did_you_mean(UNIT_HINTS, unit)}"

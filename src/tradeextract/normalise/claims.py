"""Normalised figures added to linked claims: every money amount in US dollars (`value_usd`
on the value, each alt value and an absolute change) and the claim's HS codes (`hs`).

Additions only: no field the spec scores is touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from tradeextract.gold import is_currency_code
from tradeextract.model import Change, Claim, Period, Value
from tradeextract.normalise.hs import hs_codes
from tradeextract.normalise.usd import to_usd


def is_money(unit: str) -> bool:
    """An ISO 4217 code, current or withdrawn ('USD', 'DEM'), not a unit word ('TEU')."""
    return is_currency_code(unit)


def _convert(number: Value | Change | None, period: Period | None) -> None:
    if number is not None and is_money(number.unit):
        number.value_usd = to_usd(number.amount, number.unit, period, upper=number.upper)


def normalise_claim(claim: Claim) -> Claim:
    """The claim with `value_usd` on its money amounts and `hs` set; returned for chaining."""
    for number in (claim.value, claim.change, *claim.alt_values):
        _convert(number, claim.period)
    claim.hs = hs_codes(claim.hs_code, claim.product)
    return claim


def normalise_claims(claims: Iterable[Claim]) -> list[Claim]:
    return [normalise_claim(claim) for claim in claims]

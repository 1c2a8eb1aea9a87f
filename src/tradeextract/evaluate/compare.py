"""One predicted claim against one gold claim: do their numbers agree, which fields are right.

Numbers agree within the tolerances of section 6.1 (values within 0.5%, changes within
0.01); the scored fields of section 6.3 are compared one check a field, and shown without
their spans in error listings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from tradeextract.evaluate.report import FIELDS
from tradeextract.model import Change, Claim, Value

VALUE_TOLERANCE = 0.005  # relative: "both values within 0.5%"
CHANGE_TOLERANCE = 0.01  # absolute: "both changes equal within 0.01"
FLOAT_SLACK = 1e-9  # so that a difference of exactly the tolerance still passes


# --- numbers ---------------------------------------------------------------------------------


def values_agree(predicted: Value, gold: Value) -> bool:
    """Same unit and amount within 0.5% of the gold amount."""
    if predicted.unit != gold.unit:
        return False
    tolerance = VALUE_TOLERANCE * abs(gold.amount) + FLOAT_SLACK * max(1.0, abs(gold.amount))
    return abs(predicted.amount - gold.amount) <= tolerance


def changes_agree(predicted: Change | None, gold: Change | None) -> bool:
    """Same unit and amount within 0.01 (absolute)."""
    if predicted is None or gold is None or predicted.unit != gold.unit:
        return False
    return abs(predicted.amount - gold.amount) <= CHANGE_TOLERANCE + FLOAT_SLACK


def numbers_agree(predicted: Claim, gold: Claim) -> bool:
    """Section 6.1: values agree (gold alt_values count), or without a value, changes agree."""
    if predicted.value is None or gold.value is None:
        return changes_agree(predicted.change, gold.change)
    return any(
        values_agree(predicted.value, candidate) for candidate in [gold.value, *gold.alt_values]
    )


# --- fields ------------------------------------------------------------------------------------


def place_set(place: str | list[str] | None) -> frozenset[str]:
    """A string is a set of one; null is the empty set."""
    if place is None:
        return frozenset()
    return frozenset([place] if isinstance(place, str) else place)


def product_key(spelling: str) -> str:
    """Case-insensitive, whitespace-normalised, one trailing plural 's' ignored."""
    key = " ".join(spelling.lower().split())
    return key[:-1] if key.endswith("s") else key


def product_right(gold: str | list[str] | None, predicted: str | list[str] | None) -> bool:
    """Predicted (its first spelling if a list) matches any listed gold spelling."""
    if isinstance(predicted, list):
        predicted = predicted[0] if predicted else None
    spellings = gold if isinstance(gold, list) else [gold] if gold is not None else []
    if predicted is None or not spellings:
        return predicted is None and not spellings
    return product_key(predicted) in {product_key(s) for s in spellings}


def change_right(gold: Change | None, predicted: Change | None) -> bool:
    """Amount within 0.01, unit and basis equal; both null counts as right."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return changes_agree(predicted, gold) and predicted.basis == gold.basis


def period_right(gold: Claim, predicted: Claim) -> bool:
    if gold.period is None or predicted.period is None:
        return gold.period is None and predicted.period is None
    return (gold.period.start, gold.period.end) == (predicted.period.start, predicted.period.end)


FIELD_CHECKS: dict[str, Callable[[Claim, Claim], bool]] = {
    "flow": lambda g, p: g.flow == p.flow,
    "measure": lambda g, p: g.measure == p.measure,
    "change": lambda g, p: change_right(g.change, p.change),
    "approx": lambda g, p: g.approx == p.approx,
    "reporter": lambda g, p: place_set(g.reporter) == place_set(p.reporter),
    "partner": lambda g, p: place_set(g.partner) == place_set(p.partner),
    "product": lambda g, p: product_right(g.product, p.product),
    "hs_code": lambda g, p: g.hs_code == p.hs_code,
    "period": period_right,
}


def field_results(gold: Claim, predicted: Claim) -> dict[str, bool]:
    """Section 6.3: which of the scored fields the predicted claim got right."""
    return {name: FIELD_CHECKS[name](gold, predicted) for name in FIELDS}


def field_display(claim: Claim, name: str) -> Any:
    """A field as JSON, spans stripped, for error listings."""
    value = getattr(claim, name)
    if name == "period" and value is not None:
        return {"start": value.start, "end": value.end}
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True, exclude={"start", "end", "text", "value_usd"})
    return value

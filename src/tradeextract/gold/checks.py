"""Checks of a gold file's JSON, field by field, against the spec's types and vocabularies.

Walks the top-level object and every claim, collecting problems in a `Checker`: numbers,
units, places, products, HS codes, ISO dates and periods, with pydantic as the fallback for
anything these let through.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from tradeextract.gold.codes import (
    PLACE_HINTS,
    change_unit_problem,
    did_you_mean,
    is_place_code,
    value_unit_problem,
)
from tradeextract.gold.offsets import check_optional_provenance, check_span, check_spans_dict
from tradeextract.gold.problems import Checker, GoldProblem
from tradeextract.model import APPROX, BASES, FLOWS, MEASURES

ISO_DATE = re.compile(r"(\d{4}|XXXX)-(\d{2})-(\d{2})")
HS_CODE = re.compile(r"\d{2,10}")


def _is_number(value: Any) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _shown(value: Any, limit: int = 70) -> str:
    """repr() of a value cut to `limit` characters (gold may hold a 400-digit number)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_vocab(
    checker: Checker, where: str, value: Any, allowed: tuple[str, ...], nullable: bool = True
) -> None:
    if value is None and nullable:
        return
    if value not in allowed:
        checker.error(
            where,
            f"{value!r} is not one of {', '.join(allowed)}" + (" or null" if nullable else ""),
        )


def _check_amounts(checker: Checker, where: str, obj: dict[str, Any]) -> None:
    amount = obj.get("amount")
    if not _is_number(amount):
        checker.error(f"{where}.amount", f"must be a finite number, got {_shown(amount)}")
        return
    upper = obj.get("upper")
    if upper is None:
        return
    if not _is_number(upper):
        checker.error(f"{where}.upper", f"must be a finite number or null, got {_shown(upper)}")
    elif upper < amount:
        checker.error(f"{where}.upper", f"{upper!r} is below amount {amount!r}")


def check_value(checker: Checker, where: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        checker.error(where, "must be an object {amount, unit} or null")
        return
    _check_amounts(checker, where, value)
    problem = value_unit_problem(value.get("unit"))
    if problem:
        checker.error(f"{where}.unit", problem)
    check_optional_provenance(checker, where, value)


def check_alt_values(checker: Checker, alt_values: Any) -> None:
    if alt_values is None:
        return
    if not isinstance(alt_values, list):
        checker.error("alt_values", "must be a list")
        return
    for index, value in enumerate(alt_values):
        if value is None:
            checker.error(f"alt_values[{index}]", "must be an object {amount, unit}")
        else:
            check_value(checker, f"alt_values[{index}]", value)


def check_change(checker: Checker, change: Any) -> None:
    if change is None:
        return
    if not isinstance(change, dict):
        checker.error("change", "must be an object {amount, unit, basis} or null")
        return
    _check_amounts(checker, "change", change)
    problem = change_unit_problem(change.get("unit"))
    if problem:
        checker.error("change.unit", problem)
    check_vocab(checker, "change.basis", change.get("basis"), BASES)
    check_optional_provenance(checker, "change", change)


def check_place(checker: Checker, where: str, place: Any, nullable: bool) -> None:
    """A code or a non-empty list of codes (ISO 3166-1 alpha-2, ISO 3166-2, region)."""
    if place is None:
        if not nullable:
            checker.error(where, "missing: a place code or a list of them")
        return
    codes = place if isinstance(place, list) else [place]
    if not codes:
        checker.error(where, "empty list" + ("; use null for the world" if nullable else ""))
    for index, code in enumerate(codes):
        label = f"{where}[{index}]" if isinstance(place, list) else where
        if not isinstance(code, str):
            checker.error(label, f"must be a string code, got {code!r}")
        elif not is_place_code(code):
            checker.error(
                label,
                f"{code!r} is not an ISO 3166-1 alpha-2, ISO 3166-2 or region code{did_you_mean(PLACE_HINTS, code)}",
            )


def check_product(checker: Checker, product: Any) -> None:
    if product is None:
        return
    spellings = product if isinstance(product, list) else [product]
    if not spellings:
        checker.error("product", "empty list; use null for all goods")
    for index, spelling in enumerate(spellings):
        label = f"product[{index}]" if isinstance(product, list) else "product"
        if not isinstance(spelling, str) or not spelling.strip():
            checker.error(label, f"must be a non-empty string, got {spelling!r}")
        elif spelling != spelling.lower():
            checker.warn(label, f"{spelling!r} is not lower-case")


def check_hs_code(checker: Checker, hs_code: Any) -> None:
    if hs_code is not None and not (isinstance(hs_code, str) and HS_CODE.fullmatch(hs_code)):
        checker.error("hs_code", f"{hs_code!r} is not a string of 2-10 digits")


def iso_date_problem(value: Any, allow_unknown_year: bool) -> str | None:
    """Why `value` is not `YYYY-MM-DD` (or `XXXX-MM-DD` where allowed), or None."""
    match = ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match.group(1) == "XXXX" and not allow_unknown_year):
        form = "YYYY-MM-DD or XXXX-MM-DD" if allow_unknown_year else "YYYY-MM-DD"
        return f"{value!r} is not an ISO date {form}"
    year = 2000 if match.group(1) == "XXXX" else int(match.group(1))  # 2000: allows Feb 29
    try:
        dt.date(year, int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        return f"{value!r} is not a real date ({exc})"
    return None


def check_period(checker: Checker, period: Any) -> None:
    if period is None:
        return
    if not isinstance(period, dict):
        checker.error("period", "must be an object {start, end} or null")
        return
    start, end = period.get("start"), period.get("end")
    problems = {
        name: iso_date_problem(value, allow_unknown_year=True)
        for name, value in (("start", start), ("end", end))
    }
    for name, problem in problems.items():
        if problem:
            checker.error(f"period.{name}", problem)
    if any(problems.values()):
        return
    if start[:4].startswith("X") != end[:4].startswith("X"):
        checker.error("period", f"{start}..{end} mixes XXXX with a year")
    elif start > end:
        checker.error("period", f"start {start} is after end {end}")


def check_claim(checker: Checker, claim: Any) -> None:
    """Every field of one claim against the spec's types, vocabularies and the text."""
    if not isinstance(claim, dict):
        checker.error(None, "must be an object")
        return
    check_span(checker, "evidence", claim.get("evidence"))
    check_vocab(checker, "flow", claim.get("flow"), FLOWS)
    check_vocab(checker, "measure", claim.get("measure"), MEASURES, nullable=False)
    check_value(checker, "value", claim.get("value"))
    check_alt_values(checker, claim.get("alt_values"))
    check_change(checker, claim.get("change"))
    if claim.get("value") is None and claim.get("change") is None:
        checker.error("value", "a claim needs a value or a change")
    check_vocab(checker, "approx", claim.get("approx"), APPROX)
    check_place(checker, "reporter", claim.get("reporter"), nullable=False)
    check_place(checker, "partner", claim.get("partner"), nullable=True)
    check_product(checker, claim.get("product"))
    check_hs_code(checker, claim.get("hs_code"))
    check_period(checker, claim.get("period"))
    check_spans_dict(checker, claim.get("spans"))


def check_document(checker: Checker, data: Any, expected_id: str) -> None:
    """The top-level object: doc_id matching the file name, doc_date, the claims list."""
    if not isinstance(data, dict):
        checker.error(None, "top level must be an object {doc_id, doc_date, claims}")
        return
    doc_id = data.get("doc_id")
    if doc_id != expected_id:
        checker.error("doc_id", f"{doc_id!r} does not match the file name {expected_id!r}")
    doc_date = data.get("doc_date")
    if doc_date is not None:
        problem = iso_date_problem(doc_date, allow_unknown_year=False)
        if problem:
            checker.error("doc_date", problem)
    claims = data.get("claims")
    if not isinstance(claims, list):
        checker.error("claims", "missing or not a list")
        return
    for index, claim in enumerate(claims):
        checker.claim = index
        check_claim(checker, claim)
    checker.claim = None


def pydantic_problems(path: str, error: ValidationError) -> Iterator[GoldProblem]:
    """Fallback for anything the checks above let through but the model rejects."""
    for item in error.errors():
        loc = list(item["loc"])
        claim = None
        if len(loc) >= 2 and loc[0] == "claims" and isinstance(loc[1], int):
            claim, loc = loc[1], loc[2:]
        where = ".".join(str(part) for part in loc) or None
        yield GoldProblem(path, item["msg"], claim, where)

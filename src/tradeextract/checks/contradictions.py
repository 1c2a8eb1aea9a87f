"""Contradictions: claims with one key (reporter, partner, product, flow, measure, period) that
state different values, or different changes on the same basis, within a document or across
a corpus. Restatements that agree are findings too: the user sees the figure was checked.

Amounts in different currencies are compared in US dollars over the period's range of daily
rates; a period without a year ('XXXX') is only compared within its own document.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from tradeextract.checks.figures import Interval, agrees
from tradeextract.checks.items import Item, describe, group_by
from tradeextract.checks.report import Finding, format_amount
from tradeextract.normalise.claims import is_money
from tradeextract.normalise.usd import NoRate, rate_window


def _key(item: Item) -> tuple:
    unknown_year = item.period is not None and "XXXX" in item.period[0] + item.period[1]
    return (*item.key, item.doc_id if unknown_year else None)


def _in_usd(item: Item) -> Interval | None:
    value = item.claim.value
    try:
        window = rate_window(value.unit, item.claim.period)
    except NoRate:
        return None
    return item.value_figure() * Interval(window.low, window.high)


def _comparable_values(a: Item, b: Item) -> tuple[Interval, Interval] | None:
    va, vb = a.claim.value, b.claim.value
    if va.unit == vb.unit:
        return a.value_figure(), b.value_figure()
    if is_money(va.unit) and is_money(vb.unit):
        ua, ub = _in_usd(a), _in_usd(b)
        return (ua, ub) if ua is not None and ub is not None else None
    return None


def _comparable_changes(a: Item, b: Item) -> tuple[Interval, Interval] | None:
    """Changes on one basis; a growth rate in yen is not one in dollars."""
    ca, cb = a.claim.change, b.claim.change
    if ca.unit != cb.unit or ca.basis != cb.basis:
        return None
    va, vb = a.claim.value, b.claim.value
    if va is not None and vb is not None and va.unit != vb.unit:
        return None
    return a.change_figure(), b.change_figure()


def _disagreements(items: list[Item], pair, tolerance: float) -> tuple[int, int]:
    """(pairs compared, pairs that disagree)."""
    compared = disagree = 0
    for a, b in combinations(items, 2):
        figures = pair(a, b)
        if figures is None:
            continue
        compared += 1
        if not agrees(figures[0], figures[1], tolerance):
            disagree += 1
    return compared, disagree


def _finding(what: str, items: list[Item], disagree: int, subject: str) -> Finding:
    numbers = [(i.claim.value if what == "value" else i.claim.change) for i in items]
    shown = [format_amount(n.amount, n.unit) for n in numbers]
    if what == "change":
        shown = [f"{s} {n.basis}" for s, n in zip(shown, numbers, strict=True)]
    docs = {i.doc_id for i in items}
    if disagree:
        detail = f"{len(items)} claims state the {what} differently: " + " vs ".join(
            f"{s} ({i.doc_id}#{i.index})" for s, i in zip(shown, items, strict=True)
        )
    else:
        detail = f"{len(items)} claims state the same {what}: {shown[0]}"
    return Finding(
        check="contradiction",
        status="inconsistent" if disagree else "consistent",
        scope="corpus" if len(docs) > 1 else "document",
        subject=subject,
        detail=detail,
        claims=[i.ref(what, number) for i, number in zip(items, numbers, strict=True)],
    )


def check_contradictions(items: list[Item], tolerance: float) -> Iterator[Finding]:
    """Over every claim given, in one document or many."""
    dated = [i for i in items if i.period is not None]
    for key, group in group_by(dated, _key).items():
        if len(group) < 2:
            continue
        subject = describe(key[:5], key[5], key[6])
        with_value = [i for i in group if i.claim.value is not None]
        with_change = group_by(
            [i for i in group if i.claim.change is not None],
            lambda i: (i.claim.change.unit, i.claim.change.basis),
        )
        for what, members, pair in [("value", with_value, _comparable_values)] + [
            ("change", changes, _comparable_changes) for changes in with_change.values()
        ]:
            if len(members) < 2:
                continue
            compared, disagree = _disagreements(members, pair, tolerance)
            if compared:
                yield _finding(what, members, disagree, subject)

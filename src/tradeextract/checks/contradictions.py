"""Contradictions: claims with one key (reporter, partner, product, flow, measure, period) that
state different values, or different changes on the same basis, within a document or across
a corpus. Restatements that agree are findings too: the user sees the figure was checked.

Amounts in different currencies are compared in US dollars over the period's range of daily
rates; growth rates only between figures in one currency (a rise in yen is not one in
dollars); a period without a year ('XXXX') is only compared within its own document. A group
disagrees when its two furthest-apart figures do, so a figure stated in many documents costs
one comparison, not one per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tradeextract.checks.figures import Interval, agrees
from tradeextract.checks.items import Item, describe, group_by
from tradeextract.checks.report import Finding, format_amount
from tradeextract.model import Change, Value
from tradeextract.normalise.claims import is_money
from tradeextract.normalise.usd import NoRate, rate_window


def _key(item: Item) -> tuple:
    unknown_year = item.period is not None and "XXXX" in item.period[0] + item.period[1]
    return (*item.key, item.doc_id if unknown_year else None)


def _in_usd(item: Item) -> Interval | None:
    try:
        window = rate_window(item.claim.value.unit, item.claim.period)
    except NoRate:
        return None
    return item.value_figure * Interval(window.low, window.high)


def _value_sets(items: list[Item]) -> Iterator[list[tuple[Item, Interval]]]:
    """Values to compare with each other: in their unit, or in US dollars across currencies."""
    units = {i.claim.value.unit for i in items}
    if len(units) > 1 and all(is_money(unit) for unit in units):
        in_usd = [(i, _in_usd(i)) for i in items]
        yield [(i, figure) for i, figure in in_usd if figure is not None]
        return
    for same_unit in group_by(items, lambda i: i.claim.value.unit).values():
        yield [(i, i.value_figure) for i in same_unit]


def _change_sets(items: list[Item]) -> Iterator[list[tuple[Item, Interval]]]:
    """Changes on one basis in one unit, of figures in one currency (or of none stated)."""
    for same in group_by(items, lambda i: (i.claim.change.unit, i.claim.change.basis)).values():
        bare = [i for i in same if i.claim.value is None]
        by_currency = group_by([i for i in same if i.claim.value], lambda i: i.claim.value.unit)
        for members in list(by_currency.values()) or [[]]:
            yield [(i, i.change_figure) for i in sorted(members + bare, key=_position)]


def _position(item: Item) -> tuple[str, int]:
    return item.doc_id, item.index


def _disagree(figures: list[tuple[Item, Interval]], tolerance: float) -> bool:
    """Whether any two figures disagree: the one that ends lowest and the one that starts
    highest are the furthest apart."""
    low = min(figures, key=lambda pair: pair[1].hi)[1]
    high = max(figures, key=lambda pair: pair[1].lo)[1]
    return not agrees(low, high, tolerance)


def _finding(
    what: str, figures: list[tuple[Item, Interval]], disagree: bool, subject: str
) -> Finding:
    items = [item for item, _ in figures]
    numbers: list[Value | Change] = [
        item.claim.value if what == "value" else item.claim.change for item in items
    ]
    shown = [format_amount(n.amount, n.unit) for n in numbers]
    if what == "change":
        shown = [f"{s} {n.basis}" for s, n in zip(shown, numbers, strict=True)]
    if disagree:
        detail = f"{len(items)} claims state the {what} differently: " + " vs ".join(
            f"{s} ({i.doc_id}#{i.index})" for s, i in zip(shown, items, strict=True)
        )
    else:
        detail = f"{len(items)} claims state the same {what}: {shown[0]}"
    return Finding(
        check="contradiction",
        status="inconsistent" if disagree else "consistent",
        scope="corpus" if len({i.doc_id for i in items}) > 1 else "document",
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
        sets: list[tuple[str, Callable, list[Item]]] = [
            ("value", _value_sets, [i for i in group if i.claim.value is not None]),
            ("change", _change_sets, [i for i in group if i.claim.change is not None]),
        ]
        for what, split, members in sets:
            for figures in split(members) if len(members) > 1 else []:
                if len(figures) > 1:
                    yield _finding(what, figures, _disagree(figures, tolerance), subject)

"""Arithmetic checks within one document: figures the text states that follow from others.

Each check finds the claims it needs by their frame (reporter, partner, product, period),
computes one figure from the others with interval arithmetic (check/figures.py) and compares
it with the stated one. Every comparison made is a finding, consistent or not.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from itertools import product as combinations

from tradeextract.checks.figures import Interval, agrees, relative_difference, stated
from tradeextract.checks.items import (
    Frame,
    Item,
    describe,
    distinct_values,
    group_by,
    is_share,
)
from tradeextract.checks.report import ClaimRef, Finding, format_amount
from tradeextract.model import REGIONS, Period
from tradeextract.normalise.claims import is_money
from tradeextract.normalise.usd import NoRate, RateWindow, rate_window

HUNDRED = Interval.exact(100.0)
ONE = Interval.exact(1.0)


def compare(
    check: str,
    subject: str,
    computed: Interval,
    claimed: Interval,
    refs: list[ClaimRef],
    detail: str,
    tolerance: float,
) -> Finding:
    """A finding: `computed` from the other figures against the `claimed` one."""
    ok = agrees(computed, claimed, tolerance)
    return Finding(
        check=check,
        status="consistent" if ok else "inconsistent",
        subject=subject,
        detail=detail,
        expected=computed.mid,
        stated=claimed.mid,
        difference=relative_difference(computed, claimed),
        claims=refs,
    )


def _money_values(items: list[Item]) -> list[Item]:
    return [
        i
        for i in items
        if i.claim.measure == "value" and i.claim.value is not None and is_money(i.claim.value.unit)
    ]


# --- totals: exports + imports = trade; exports - imports = balance --------------------------


def check_totals(items: list[Item], tolerance: float) -> Iterator[Finding]:
    values = _money_values(items)
    for (frame, unit), group in group_by(values, lambda i: (i.frame, i.claim.value.unit)).items():
        flows = group_by(group, lambda i: i.claim.flow)
        exports = distinct_values(flows.get("export", []))
        imports = distinct_values(flows.get("import", []))
        for e, i in combinations(exports, imports):
            both = e.value_figure + i.value_figure
            net = e.value_figure - i.value_figure
            for t in distinct_values(flows.get("trade", [])):
                detail = _arith(e, "+", i, both, t, unit)
                refs = [e.ref("exports"), i.ref("imports"), t.ref("total")]
                yield compare("sum", describe(frame), both, t.value_figure, refs, detail, tolerance)
            for b in distinct_values(flows.get("balance", [])):
                detail = _arith(e, "-", i, net, b, unit)
                refs = [e.ref("exports"), i.ref("imports"), b.ref("balance")]
                yield compare(
                    "balance", describe(frame), net, b.value_figure, refs, detail, tolerance
                )


def _arith(a: Item, op: str, b: Item, result: Interval, claimed: Item, unit: str) -> str:
    shown = [format_amount(x.claim.value.amount, unit) for x in (a, b, claimed)]
    return f"{shown[0]} {op} {shown[1]} = {format_amount(result.mid, unit)}; stated {shown[2]}"


# --- shares: a member's value / the whole's = its share; shares of one whole <= 100% --------


def whole_of(frame: Frame) -> Frame | None:
    """The total a partner's (or a province's) figure is part of: the same with no partner (or
    the province's country)."""
    reporter, partner, product, period, scope = frame
    if partner is not None:
        return (reporter, None, product, period, scope)
    if reporter is not None and len(reporter) == 1 and "-" in reporter[0]:
        return ((reporter[0].split("-")[0],), None, product, period, scope)
    return None


def check_partner_shares(items: list[Item], tolerance: float) -> Iterator[Finding]:
    amounts = [i for i in items if i.claim.measure in ("value", "volume") and i.claim.value]
    by_frame = group_by(
        amounts, lambda i: (i.frame, i.claim.flow, i.claim.measure, i.claim.value.unit)
    )
    for share in (i for i in items if is_share(i)):
        whole = whole_of(share.frame)
        if whole is None:
            continue
        for (frame, flow, measure, unit), parts in by_frame.items():
            if frame != share.frame or flow != share.claim.flow:
                continue
            totals = distinct_values(by_frame.get((whole, flow, measure, unit), []))
            for part, total in combinations(distinct_values(parts), totals):
                computed = part.value_figure / total.value_figure * HUNDRED
                detail = (
                    f"{format_amount(part.claim.value.amount, unit)} / "
                    f"{format_amount(total.claim.value.amount, unit)} = "
                    f"{format_amount(computed.mid, 'percent')}; stated "
                    f"{format_amount(share.claim.value.amount, 'percent')}"
                )
                refs = [share.ref("share"), part.ref("part"), total.ref("total")]
                subject = describe(share.frame, flow, "share")
                yield compare(
                    "partner_share",
                    subject,
                    computed,
                    share.value_figure,
                    refs,
                    detail,
                    tolerance,
                )


def _member_codes(item: Item) -> frozenset[str] | None:
    """The countries (or provinces) a share belongs to, when the group is concrete."""
    reporter, partner = item.frame[:2]
    holder = partner if partner is not None else reporter
    if holder is None or any(code in REGIONS for code in holder):
        return None
    return frozenset(holder)


def check_shares_total(items: list[Item], tolerance: float) -> Iterator[Finding]:
    shares = [i for i in items if is_share(i) and whole_of(i.frame) is not None]
    for (whole, flow), group in group_by(
        shares, lambda i: (whole_of(i.frame), i.claim.flow)
    ).items():
        members: list[Item] = []
        held: set[str] = set()
        for item in distinct_values(group):
            codes = _member_codes(item)
            if codes is None or codes & held:
                continue  # a region, or a group overlapping one already counted
            members.append(item)
            held |= codes
        if len(members) < 2:
            continue
        total = Interval.exact(0.0)
        for item in members:
            total = total + item.value_figure
        ok = total.lo <= 100.0 * (1 + tolerance)
        shown = " + ".join(format_amount(m.claim.value.amount, "percent") for m in members)
        yield Finding(
            check="shares_total",
            status="consistent" if ok else "inconsistent",
            subject=describe(whole, flow, "share"),
            detail=f"{shown} = {format_amount(total.lo, 'percent')} at least; "
            "shares of one total cannot exceed 100%",
            expected=total.lo,
            stated=100.0,
            difference=(total.lo - 100.0) / 100.0,
            claims=[m.ref("share") for m in members],
        )


# --- changes: value = earlier value x (1 + p/100), + d, x fold -------------------------------


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _months(start: str, end: str) -> tuple[int, int, int, int] | None:
    """(year, first month, last year, last month) of a period of whole months, else None."""
    if not (start[:4].isdigit() and end[:4].isdigit()):
        return None
    y1, m1, d1 = int(start[:4]), int(start[5:7]), int(start[8:10])
    y2, m2, d2 = int(end[:4]), int(end[5:7]), int(end[8:10])
    if d1 != 1 or d2 != _month_end(y2, m2):
        return None
    return y1, m1, y2, m2


def _span(y1: int, m1: int, y2: int, m2: int) -> tuple[str, str]:
    return f"{y1:04d}-{m1:02d}-01", f"{y2:04d}-{m2:02d}-{_month_end(y2, m2):02d}"


def _back(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 - months
    return index // 12, index % 12 + 1


def earlier_period(period: tuple[str, str], basis: str) -> tuple[str, str] | None:
    """The period a yoy, mom or qoq change is measured against; None when it is not defined
    (no year, or not a month for mom, not a quarter's length for qoq)."""
    months = _months(*period)
    if months is None:
        return None
    y1, m1, y2, m2 = months
    length = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
    back = {"yoy": 12, "mom": 1 if length == 1 else None, "qoq": 3 if length == 3 else None}
    step = back.get(basis)
    if step is None:
        return None
    return _span(*_back(y1, m1, step), *_back(y2, m2, step))


def _reference_periods(item: Item, same_key: list[Item]) -> list[tuple[str, str]]:
    basis = item.claim.change.basis
    if basis in ("yoy", "mom", "qoq"):
        earlier = earlier_period(item.period, basis)
        return [earlier] if earlier else []
    if basis == "period":  # 'from 525 mln in January': the one other period stated
        before = {i.period for i in same_key if i.period and i.period[1] < item.period[0]}
        return list(before) if len(before) == 1 else []
    return []


def _grown(earlier: Interval, item: Item, value_unit: str) -> Interval | None:
    """The earlier figure moved by the claim's change; None when the units do not combine."""
    change = item.claim.change
    amount = item.change_figure
    if change.unit == "percent":
        return earlier * (ONE + amount / HUNDRED)
    if change.unit == "fold":
        return earlier * amount
    if change.unit == "pp" and value_unit == "percent":
        return earlier + amount
    if change.unit == value_unit:  # an absolute change in the value's currency or unit
        return earlier + amount
    return None


def check_changes(items: list[Item], tolerance: float) -> Iterator[Finding]:
    by_series = group_by([i for i in items if i.period is not None], lambda i: i.series)
    seen: set[tuple[int, int, int]] = set()
    for same_key in by_series.values():
        for item in same_key:
            change = item.claim.change
            if change is None or change.basis not in ("yoy", "mom", "qoq", "period"):
                continue
            current = [item] if item.claim.value is not None else _with_value(same_key, item.period)
            for reference in _reference_periods(item, same_key):
                earlier = _with_value(same_key, reference)
                for now, then in combinations(current, earlier):
                    unit = now.claim.value.unit
                    if then.claim.value.unit != unit or (now.index, then.index, item.index) in seen:
                        continue
                    computed = _grown(then.value_figure, item, unit)
                    if computed is None:
                        continue
                    seen.add((now.index, then.index, item.index))
                    yield _change_finding(now, then, item, computed, tolerance)


def _with_value(items: list[Item], period: tuple[str, str]) -> list[Item]:
    return distinct_values(i for i in items if i.period == period and i.claim.value is not None)


def _change_finding(
    now: Item, then: Item, changed: Item, computed: Interval, tolerance: float
) -> Finding:
    unit = now.claim.value.unit
    change = changed.claim.change
    refs = [then.ref("earlier"), now.ref("later", now.claim.value), changed.ref("change", change)]
    detail = (
        f"{format_amount(then.claim.value.amount, unit)} ({then.period[0]}..{then.period[1]}) "
        f"{format_amount(change.amount, change.unit)} {change.basis} = "
        f"{format_amount(computed.mid, unit)}; stated {format_amount(now.claim.value.amount, unit)}"
    )
    subject = describe(now.frame, now.claim.flow, now.claim.measure)
    return compare("change", subject, computed, now.value_figure, refs, detail, tolerance)


# --- CAGR: end = start x (1 + r/100)^years ----------------------------------------------------


def _years_between(start: tuple[str, str], end: tuple[str, str]) -> float | None:
    a, b = _months(*start), _months(*end)
    if a is None or b is None:
        return None
    months = (b[2] * 12 + b[3]) - (a[2] * 12 + a[3])
    return months / 12 if months > 0 else None


def check_cagr(items: list[Item], tolerance: float) -> Iterator[Finding]:
    by_series = group_by([i for i in items if i.period is not None], lambda i: i.series)
    for same_key in by_series.values():
        for item in same_key:
            change = item.claim.change
            if change is None or change.basis != "cagr" or change.unit != "percent":
                continue
            ends = (
                [item]
                if item.claim.value is not None
                else [i for i in distinct_values(same_key) if i.period[1] == item.period[1]]
            )
            for end in ends:
                start = _cagr_start(item, end, same_key)
                years = _years_between(start.period, end.period) if start else None
                if start is None or years is None or start.claim.value.unit != end.claim.value.unit:
                    continue
                factor = (ONE + item.change_figure / HUNDRED).power(years)
                if factor is None:
                    continue
                computed = start.value_figure * factor
                unit = end.claim.value.unit
                detail = (
                    f"{format_amount(start.claim.value.amount, unit)} ({start.period[0][:4]}) x "
                    f"(1 + {change.amount:g}%)^{years:g} = {format_amount(computed.mid, unit)}; "
                    f"stated {format_amount(end.claim.value.amount, unit)} ({end.period[1][:4]})"
                )
                refs = [
                    start.ref("start"),
                    end.ref("end", end.claim.value),
                    item.ref("cagr", change),
                ]
                frame = (*end.frame[:3], None, end.frame[4])
                subject = describe(frame, end.claim.flow, end.claim.measure)
                yield compare("cagr", subject, computed, end.value_figure, refs, detail, tolerance)


def _cagr_start(cagr: Item, end: Item, same_key: list[Item]) -> Item | None:
    """The start value: a figure for the first year of the CAGR's own span if it has one
    ('from 2023 to 2030'), else the nearest earlier-dated figure before it in the text."""
    candidates = [
        i
        for i in same_key
        if i.claim.value is not None and i.period[1] < end.period[0] and i is not end
    ]
    if not candidates:
        return None
    own_start = [i for i in candidates if i.period[0] == cagr.period[0]]
    if own_start:
        return own_start[0]
    before = [i for i in candidates if i.index < end.index]
    return max(before, key=lambda i: i.index) if before else min(candidates, key=lambda i: i.index)


# --- bracketed conversions: alt / value = the exchange rate over the period -----------------


def _cross(a: str, b: str, period: Period | None) -> tuple[Interval, str | None]:
    """Units of `b` per unit of `a` over the period, lowest to highest daily rate."""
    wa, wb = rate_window(a, period), rate_window(b, period)
    return Interval(wa.low / wb.high, wa.high / wb.low), _rate_note(wa, wb)


def _rate_note(*windows: RateWindow) -> str | None:
    notes = [w.note for w in windows if w.note]
    return "; ".join(notes) if notes else None


def check_conversions(items: list[Item], tolerance: float) -> Iterator[Finding]:
    for item in items:
        value = item.claim.value
        if value is None or not is_money(value.unit):
            continue
        for alt in item.claim.alt_values:
            if not is_money(alt.unit) or alt.unit == value.unit:
                continue
            subject = describe(item.frame, item.claim.flow, item.claim.measure)
            refs = [item.ref("amount", value), item.ref("converted", alt)]
            try:
                rate, note = _cross(value.unit, alt.unit, item.claim.period)
            except NoRate as reason:
                yield Finding(
                    check="conversion",
                    status="unchecked",
                    subject=subject,
                    detail=f"no {value.unit}/{alt.unit} rate: {reason}",
                    claims=refs,
                )
                continue
            computed = item.value_figure * rate
            claimed = stated(alt)
            implied = alt.amount / value.amount if value.amount else float("nan")
            detail = (
                f"{format_amount(value.amount, value.unit)} at {rate.lo:.4g}..{rate.hi:.4g} "
                f"{alt.unit}/{value.unit} (ECB daily rates over the period) = "
                f"{format_amount(computed.mid, alt.unit)}; stated "
                f"{format_amount(alt.amount, alt.unit)}, a rate of {implied:.4g}"
                + (f" ({note})" if note else "")
            )
            yield compare("conversion", subject, computed, claimed, refs, detail, tolerance)


DOCUMENT_CHECKS: tuple[Callable[[list[Item], float], Iterator[Finding]], ...] = (
    check_totals,
    check_partner_shares,
    check_shares_total,
    check_changes,
    check_cagr,
    check_conversions,
)

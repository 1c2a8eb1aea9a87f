"""Drafts with their subjects become `Claim` objects (one per member where several subjects
share a number), and what they state explicitly becomes context for later sentences.
"""

from __future__ import annotations

from typing import Any

from tradeextract.link.context import UNSET
from tradeextract.link.decisions import also, decide, finish
from tradeextract.link.drafts import Draft, Role, Subject
from tradeextract.link.mentions import Mention
from tradeextract.link.state import DocState, Loc, loc, to_text_span
from tradeextract.link.timing import basis_between, direction_of, is_comparison_period, year_for
from tradeextract.link.window import Window
from tradeextract.model import Claim
from tradeextract.normalise.currencies import own_currency

EVIDENCE_REACH_BEFORE = 220  # characters a claim's evidence may start before its first number
EVIDENCE_REACH_AFTER = 80  # characters a word may end past the evidence and still extend it


def currency_of(m: Mention, reporter: list[str] | None, state: DocState) -> str:
    """A shared form ('$', 'dlrs', 'francs') is the reporter's own currency when the reporter
    has one of those it may stand for: '$' in Canada's trade figures is CAD."""
    q = m.quantity
    if not q.currency_options or not reporter or state.currencies is None:
        return q.unit
    return own_currency(q.currency_options, reporter[0], state.currencies) or q.unit


def _value(
    m: Mention, upper: Mention | None, state: DocState, negative: bool, reporter: list[str] | None
) -> dict[str, Any]:
    q = m.quantity
    end = upper.end if upper is not None else m.end
    return {
        "amount": -q.amount if negative else q.amount,
        "unit": currency_of(m, reporter, state),
        "upper": upper.quantity.amount if upper is not None else q.upper,
        **state.source.span(m.start, end),
    }


def _change(draft: Draft, subject: Subject, state: DocState, sign: int) -> dict[str, Any]:
    m = draft.change
    q = m.quantity
    unit = q.unit
    if unit == "percent" and (
        subject.basis is None or draft.role_of_value == Role.SHARE and draft.value is not None
    ):
        unit = "pp"
        also(subject.decided, "change.pp_of_rate")
    basis = "yoy" if subject.basis is UNSET else subject.basis
    if q.kind == "money":
        unit = currency_of(m, subject.reporter, state)
    if subject.basis is UNSET:
        decide(subject.decided, "basis.yoy_convention")
    return {
        "amount": q.amount * sign,
        "unit": unit,
        "basis": basis,
        "upper": q.upper * sign if q.upper is not None else None,
        **state.source.span(m.start, m.end),
    }


def _evidence(draft: Draft, subject: Subject, window: Window, state: DocState) -> Loc:
    start = draft.first
    end = draft.last
    for m in subject.used:
        if window.start <= m.start < start and start - m.start <= EVIDENCE_REACH_BEFORE:
            start = m.start
        if draft.last <= m.end <= window.end and m.end - end <= EVIDENCE_REACH_AFTER:
            end = max(end, m.end)
    return loc(start, end)


def _flow_value(flow: str | None) -> str | None:
    return "balance" if flow == "deficit" else flow


def _as_field(codes: list[str] | None) -> str | list[str] | None:
    if not codes:
        return None
    return codes[0] if len(codes) == 1 else list(codes)


def settle_comparison_bases(drafts: list[Draft], subjects: list[Subject]) -> None:
    """'up $3.1 billion from $75.2 billion in February': the comparison figure's period is what
    the change is measured against."""
    for i in range(len(drafts) - 1):
        subject, nxt = subjects[i], subjects[i + 1]
        implicit = drafts[i].change is not None and subject.basis is UNSET
        compared = drafts[i + 1].comparison and nxt.period not in (None, subject.period)
        if implicit and compared:
            subject.basis = basis_between(subject.period, nxt.period)
            decide(subject.decided, "basis.comparison_figure")


def build_claims(
    draft: Draft, subject: Subject, window: Window, state: DocState, prev: Subject | None = None
) -> list[Claim]:
    """One claim, or one per member when several subjects share the number."""
    negative = subject.flow == "deficit"
    reporter = subject.reporter or ([state.main_code] if state.main_code else None)
    value = (
        _value(draft.value, draft.upper, state, negative, reporter)
        if draft.value is not None
        else None
    )
    direction = direction_of(draft, window, state, prev.direction if prev else None)
    subject.direction = direction
    if draft.change is not None:
        draft.change.quantity.direction = direction
    # settled decisions: a percent change follows the size of the balance as the text says it
    # ('the deficit rose 9%': +9), an absolute change is the signed difference (a deficit that
    # widens by $3.1 billion: -3.1e9)
    absolute = draft.change is not None and draft.change.quantity.kind == "money"
    sign = -direction if negative and absolute else direction
    _decide_numbers(draft, subject, negative, absolute)
    change = _change(draft, subject, state, sign) if draft.change else None
    alts = [_value(m, None, state, negative, reporter) for m in draft.alts]
    base = {
        "evidence": to_text_span(state.source, _evidence(draft, subject, window, state)),
        "flow": _flow_value(subject.flow),
        "measure": subject.measure,
        "value": value,
        "alt_values": alts,
        "change": change,
        "approx": subject.approx,
        "reporter": _as_field(subject.reporter),
        "partner": _as_field(subject.partner),
        "product": None if subject.product is UNSET else subject.product,
        "hs_code": subject.hs_code,
        "period": subject.period,
        "spans": {name: to_text_span(state.source, where) for name, where in subject.spans.items()},
    }
    base["decisions"] = finish(subject.decided, base)
    if subject.distribute:
        members = getattr(subject, subject.distribute)
        field_name = "product" if subject.distribute == "product_list" else subject.distribute
        return [Claim.model_validate({**base, field_name: member}) for member in members]
    return [Claim.model_validate(base)]


def _decide_numbers(draft: Draft, subject: Subject, negative: bool, absolute: bool) -> None:
    """The numbers are read as written; a deficit's sign is the spec's, the sign of its
    absolute change the settled decisions'."""
    if draft.value is not None:
        decide(subject.decided, "value.stated", *["value.deficit_negative"] * negative)
    if draft.alts:
        decide(subject.decided, "alt_values.bracketed")
    if draft.change is not None:
        signed = negative and absolute
        decide(subject.decided, "change.stated", *["change.balance_signed"] * signed)


def remember(subject: Subject, state: DocState, in_head: bool) -> None:
    """What a claim states explicitly becomes context for the sentences after it."""
    ctx = state.context
    for name in ("flow", "reporter", "product"):
        value = getattr(subject, name)
        if value is UNSET or value is None and name != "product":
            continue
        if name == "reporter" and (len(value) > 1 or not subject.reporter_marked):
            continue
        if name == "product" and subject.distribute == "product_list":
            continue
        span = subject.spans.get(name)
        if name == "product" and not any(m.kind in ("PRODUCT", "ALLGOODS") for m in subject.used):
            continue
        ctx.state(name, value, span, in_head and value is not None)
    for m in subject.used:
        if m.kind == "PERIOD" and not subject.comparison and not is_comparison_period(m, state):
            remember_period(m, state, in_head)
    if subject.basis in ("mom", "qoq") and not subject.basis_inherited:
        ctx.state("basis", subject.basis, None, in_head)
    if subject.hs_code and subject.product:
        span = subject.spans.get("hs_code")
        ctx.state(
            "hs_code",
            (subject.hs_code, subject.product),
            span,
            in_head,
        )


def remember_period(m: Mention, state: DocState, in_head: bool) -> None:
    state.context.state("period", m.period, (m.start, m.end), in_head)
    year = year_for(m.period, state) if m.period.kind != "year_range" else m.period.year
    if year is not None:
        state.context.state("year", year, (m.start, m.end), in_head)
        if m.period.relative is None:  # 'last year' in the lead is not the article's year:
            # later ones would count from it twice
            state.context.state("article_year", year, (m.start, m.end), in_head)

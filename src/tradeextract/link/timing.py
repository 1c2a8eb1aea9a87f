"""Periods and bases: which period a claim states or inherits, how a yearless one is dated,
and what a change is measured against (yoy, mom, qoq, cagr, period).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tradeextract.link.context import UNSET, Slot
from tradeextract.link.decisions import decide, inherit, period_rules
from tradeextract.link.drafts import Draft, Subject
from tradeextract.link.mentions import Mention
from tradeextract.link.state import DocState, LinkRules, loc
from tradeextract.link.window import Window
from tradeextract.model import Period
from tradeextract.normalise.periods import UNKNOWN_YEAR, PeriodMention, months_of, resolve_period

COMPARED_RATE_REACH = 60  # after a change: 'higher than the national average' compares rates
BASIS_AFTER_REACH = 60  # after a claim's last number: a basis word or a period compared with
COMPARED_PERIOD_REACH = 40  # before a period: 'from', 'than', 'compared with' make it compared
DIRECTION_AFTER_REACH = 25  # after a change: 'lower', 'down' give its direction
DIRECTION_BEFORE_REACH = 60  # a direction word ('rose') ending this far before a change gives it
PERIOD_AFTER_REACH = 60  # a period this far after a claim's last number can be its period
SAME_PERIOD_REACH = 30  # before 'last year', '2024': 'the same period (of)' that names a year back


def read_basis(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    if draft.change is None:
        return
    change = draft.change
    after = state.text[change.end : change.end + COMPARED_RATE_REACH]
    if state.rules.compare_after.search(after):
        subject.basis = None
        decide(subject.decided, "basis.compares_rates")
        return
    stated = [
        m for m in window.right if m.kind == "BASIS" and m.start - draft.last <= BASIS_AFTER_REACH
    ]
    compared = [
        m
        for m in window.left + window.right
        if m.kind == "PERIOD"
        and state.rules.basis_period_before.search(
            state.text[max(0, m.start - COMPARED_PERIOD_REACH) : m.start]
        )
    ]
    # the nearest statement wins: what follows the figure ('4.1% above the July-September
    # quarter'), then what precedes it ('year-on-year and 4.1% above ...' is not yoy)
    stated += [
        m for m in compared if m.start >= draft.last and m.start - draft.last <= BASIS_AFTER_REACH
    ]
    stated += [m for m in reversed(window.left) if m.kind == "BASIS"]
    stated += compared  # a stated comparison wins over one carried from the figure before
    if stated:
        _take_basis(stated[0], subject, state)
        return
    if _inherits_basis(subject, draft, prev, state):
        return
    if _is_monthly_change(subject, state):
        subject.basis = "mom"
        decide(subject.decided, "basis.monthly_change")


def _take_basis(m: Mention, subject: Subject, state: DocState) -> None:
    """A basis word says the basis; a period compared with says it through the periods."""
    if m.kind == "BASIS":
        subject.basis = m.id
        decide(subject.decided, "basis.stated")
    else:
        subject.basis = _basis_against(m, subject, state)
        decide(subject.decided, "basis.period_named")
    subject.used.append(m)


def _is_monthly_change(subject: Subject, state: DocState) -> bool:
    """Settled decisions, bases: a change a month's figure underwent in that month ('imports
    fell 3.2% in March') happened during the month; in a monthly release that compares months
    anywhere, the month's other unqualified changes are month-on-month too."""
    if subject.period is None or _months_in(subject.period) != 1:
        return False
    stated = any(m.kind == "PERIOD" for m in subject.used)
    return stated or (state.compares_months and _head_is_one_month(state))


def _head_is_one_month(state: DocState) -> bool:
    slot = state.context.head.get("period")
    if slot is None or slot.value is None:
        return False
    period = resolve(slot.value, state, [state.main_code] if state.main_code else None)
    return period is not None and _months_in(period) == 1


def _inherits_basis(subject: Subject, draft: Draft, prev: Subject | None, state: DocState) -> bool:
    """'exports rose 5% year-on-year and imports 3%': the sentence's earlier basis holds. A
    monthly (quarterly) release that compared months (quarters) once keeps doing so."""
    if (
        prev is not None
        and prev.basis is not UNSET
        and prev.basis is not None
        and prev.period == subject.period
    ):
        subject.basis = prev.basis
        inherit(subject.decided, "basis.same_sentence", prev.decided)
        return True
    # absolute changes keep the section's comparison; growth rates only a comparison the
    # lead set for the whole release ('In the three months to February, compared with ...')
    is_absolute = draft.change is not None and draft.change.quantity.kind == "money"
    slot = state.context.lookup("basis") if is_absolute else state.context.head.get("basis")
    if slot is None or subject.period is None:
        return False
    months = _months_in(subject.period)
    if (slot.value == "mom" and months == 1) or (slot.value == "qoq" and months == 3):
        subject.basis = slot.value
        decide(subject.decided, "basis.release")
        subject.basis_inherited = True
        return True
    return False


def _months_in(period: Period) -> int | None:
    start, end = _month_index(period.start), _month_index(period.end)
    return None if start is None or end is None else end - start + 1


def _basis_against(m: Mention, subject: Subject, state: DocState) -> str:
    """'from March 2023' for March 2024 is yoy; 'on May 2024' for June 2024 is mom."""
    reference = resolve(m.period, state, subject.reporter)
    return basis_between(subject.period, reference)


def _month_index(date: str) -> int | None:
    year = int(date[:4]) if date[:4].isdigit() else 0
    return year * 12 + int(date[5:7]) if date[5:7].isdigit() else None


def basis_between(current: Period | None, reference: Period | None) -> str:
    """The basis of a change from the reference period to the current one: the same months a
    year earlier are yoy, the month (quarter) just before is mom (qoq), anything else 'period'."""
    if current is None or reference is None:
        return "period"
    cur_start, cur_end = _month_index(current.start), _month_index(current.end)
    ref_start, ref_end = _month_index(reference.start), _month_index(reference.end)
    if None in (cur_start, cur_end, ref_start, ref_end):
        return "period"
    if cur_start - ref_start == 12 and cur_end - ref_end == 12:
        return "yoy"
    length = cur_end - cur_start + 1
    if ref_end == cur_start - 1 and ref_end - ref_start + 1 == length:
        return {1: "mom", 3: "qoq"}.get(length, "period")
    return "period"


def direction_of(
    draft: Draft, window: Window, state: DocState, prev_direction: int | None = None
) -> int:
    change = draft.change
    if change is None:
        return 1
    if change.quantity is not None and change.quantity.direction is not None:
        return change.quantity.direction
    after = state.text[change.end : change.end + DIRECTION_AFTER_REACH]
    if state.rules.direction_after["down"].search(after):
        return -1  # '1.1% lower', '9.4% less than', '37 percent ahead'
    if state.rules.direction_after["up"].search(after):
        return 1
    if draft.restates and prev_direction is not None:
        return prev_direction
    for m in reversed(window.left):
        if m.kind == "DIR" and m.end <= change.start:
            if change.start - m.end <= DIRECTION_BEFORE_REACH:
                return -1 if m.id == "down" else 1
            break
    for m in window.right:
        if m.kind == "DIR" and m.start - change.end <= DIRECTION_AFTER_REACH:
            return -1 if m.id == "down" else 1
    if prev_direction is not None and not any(m.kind == "DIR" for m in window.left):
        return prev_direction  # 'exports fell 3.4% and imports 8.8%'
    return 1


def is_comparison_period(m: Mention, state: DocState) -> bool:
    """'up 4.6% from March 2023', 'than in May': the period compared against, not the claim's."""
    before = state.text[max(0, m.start - COMPARED_PERIOD_REACH) : m.start]
    return bool(state.rules.comparison_period_before.search(before))


def _period_mentions(
    window: Window, draft: Draft, prev: Subject | None, state: DocState
) -> list[Mention]:
    """Period mentions that can be the draft's own, nearest first. A comparison figure's period
    follows it ('from 7.13 billion in January'); one before it is the lead figure's, unless
    the figure before this one already took it ('from $3.29 billion in December, missing the
    $2.45 billion forecast')."""
    taken = prev.used if prev is not None else []
    left = [
        m
        for m in reversed(window.left)
        if m.kind == "PERIOD"
        and (
            _owns_figure(m, draft, state)
            or not draft.comparison
            and not is_comparison_period(m, state)
            and not any(m is used for used in taken)
        )
        and not _dates_an_event(m, state)
    ]
    right = [
        m
        for m in window.right
        if m.kind == "PERIOD"
        and m.start - draft.last <= PERIOD_AFTER_REACH
        and not is_comparison_period(m, state)
        and not _dates_an_event(m, state)
    ]

    def distance(m: Mention) -> int:
        if m.end <= draft.first:
            return draft.first - m.end
        return max(0, m.start - draft.last)

    return sorted(left + right, key=distance)


POSSESSIVE_GAP = re.compile(r"['’]s\s+(?:revised\s+|record\s+)?")  # "September's 1.78 million"


def _owns_figure(m: Mention, draft: Draft, state: DocState) -> bool:
    """'6.7% below September's 1.78 million bpd', 'from last year's $1.78 billion': a period
    in the possessive right before a figure is that figure's own, whatever compares it."""
    return POSSESSIVE_GAP.fullmatch(state.text, m.end, draft.first) is not None


EVENT_YEAR_BEFORE = re.compile(r"\b(?:the|its|their)\s+$", re.I)  # 'the 2001 outbreak'


def _dates_an_event(m: Mention, state: DocState) -> bool:
    """'markets that closed during the 2001 outbreak': a year naming an event, not a period."""
    return (
        m.period.kind == "year"
        and EVENT_YEAR_BEFORE.search(state.text, max(0, m.start - 8), m.start) is not None
        and state.rules.event_year_after.match(state.text, m.end) is not None
    )


def article_year(state: DocState) -> int | None:
    """The article's own year: the one its headline or lead names for its figures, else the
    year of its date (settled decisions: years)."""
    slot = state.context.head.get("article_year")
    return slot.value if slot is not None and slot.value is not None else state.doc_year


def year_for(mention: PeriodMention, state: DocState) -> int | None:
    """A year the mention lacks: 'this year', 'last year' against the article's own year; a
    month, quarter or half in the year the headline or lead names, or in a dated article the
    latest one that had begun by that date; else the context's year."""
    if mention.year is not None:
        return mention.year
    if mention.relative is not None:
        base = article_year(state)
        return base + mention.relative if base is not None else None
    if state.doc_month is not None and mention.month1 is not None and mention.kind != "fiscal":
        # a range over the new year ('July-February') is dated by the month it ends in
        crosses = mention.month2 is not None and mention.month2 < mention.month1
        month = mention.month2 if crosses else mention.month1
        return state.doc_year if month <= state.doc_month else state.doc_year - 1
    slot = state.context.lookup("year")
    if slot is not None and slot.value is not None:
        return slot.value
    return state.doc_year


def _year_to_date_end(state: DocState) -> int:
    """'So far this year' runs to the month the article's figures run to: the frame's, if it
    is a year-to-date period itself, else the month of the article's date."""
    slot = state.context.lookup("period")
    frame = slot.value if slot is not None else None
    if frame is not None and frame.kind == "months_to" and frame.month2 is not None:
        return frame.month2
    return state.doc_month or 12


def resolve(mention: PeriodMention, state: DocState, reporter: list[str] | None) -> Period | None:
    if mention.kind == "months_to" and mention.month2 is None:
        mention = replace(mention, month2=_year_to_date_end(state))
    code = reporter[0].split("-")[0] if reporter else ""
    start_month = state.rules.fiscal_start.get(code, state.rules.fiscal_start.get("_default", 4))
    if (
        mention.kind == "fiscal"
        and code in state.rules.fiscal_named_by_start
        and mention.year1 is None
    ):
        mention = mention.with_year(mention.year + 1 if mention.year else None)
    season_start = state.season_start or state.rules.season_start
    return resolve_period(
        mention.with_year(year_for(mention, state)), None, start_month, season_start
    )


def read_period(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    mentions = _period_mentions(window, draft, prev, state)
    if mentions:
        m = _to_date(mentions)
        if _is_same_period_earlier(m, state):
            current = _current_period(prev, state, subject)
            if current is not None:
                subject.period = _same_period_in(current, m.period)
                decide(subject.decided, "period.same_period_earlier")
                subject.spans["period"] = loc(m.start, m.end)
                subject.used.append(m)
                return
        subject.period = resolve(m.period, state, subject.reporter)
        decide(subject.decided, "period.stated", *period_rules(m.period))
        subject.spans["period"] = loc(m.start, m.end)
        subject.used.append(m)
        return
    if draft.comparison and prev is not None and prev.period is not None:
        after = state.text[draft.last : window.end].lower()
        if any(phrase in after for phrase in state.rules.relative_earlier):
            subject.period = _shift_year(prev.period, -1)
            decide(subject.decided, "period.year_earlier")
            return
        earlier = _compared_period(prev, state) if prev.moved else None
        if earlier is not None:  # settled decisions: it takes the parallel clause's period
            subject.period = earlier
            decide(subject.decided, "period.compared_with")
            return
    if prev is not None and prev.period is not None and not prev.comparison:
        subject.period = prev.period
        inherit(subject.decided, "period.same_sentence", prev.decided)
        if "period" in prev.spans:
            subject.spans["period"] = prev.spans["period"]
        return
    slot = _frame_period(state, subject)
    if slot is not None:
        mention = slot.value
        subject.period = resolve(mention, state, subject.reporter)
        decide(subject.decided, "period.context", *period_rules(mention))
        if slot.source:
            subject.spans["period"] = loc(*slot.source)
    elif state.doc_year is not None:
        subject.period = Period(start=f"{state.doc_year}-01-01", end=f"{state.doc_year}-12-31")
        decide(subject.decided, "period.doc_year")


def _to_date(mentions: list[Mention]) -> Mention:
    """'Year-to-date shipments stood at 10.9 million tonnes at the end of May', 'so far this
    year ... by the end of May': the year so far, to that month."""
    nearest = mentions[0]
    so_far = next((m for m in mentions if _is_year_to_date(m.period)), None)
    month = next((m for m in mentions if m.period.kind == "month"), None)
    if so_far is None or month is None or nearest not in (so_far, month):
        return nearest
    year = month.period.year if month.period.year is not None else so_far.period.year
    period = replace(
        so_far.period, month2=month.period.month1, year=year, relative=None if year else 0
    )
    return replace(so_far, period=period)


def _is_year_to_date(period: PeriodMention) -> bool:
    return period.kind == "months_to" and period.month1 == 1 and period.month2 is None


def _compared_period(figure: Subject, state: DocState) -> Period | None:
    """'rose 18.6 pct to 1.79 billion dlrs from 1.51 billion': the figure compared with is the
    period the change runs from, by the figure's basis, stated or by convention (yoy, or mom
    for a month in a release that compares months)."""
    basis = figure.basis
    if basis is UNSET or basis is None:
        basis = "mom" if _is_monthly_change(figure, state) else "yoy"
    if basis == "yoy":
        return _shift_year(figure.period, -1)
    length = _months_in(figure.period)
    if (basis, length) in (("mom", 1), ("qoq", 3)):
        return _shift_months(figure.period, -length)
    return None


def _shift_months(period: Period, months: int) -> Period | None:
    length = _months_in(period)
    if length is None or period.start.startswith(UNKNOWN_YEAR):
        return None
    return months_of(period, 1 + months, length + months)


def _frame_period(state: DocState, subject: Subject) -> Slot | None:
    """The period a claim without one inherits. The lead's period outranks an earlier
    paragraph's ('In June alone' is a detail, 'in 2023' history); a period that takes in the
    lead's ('in the first half' after a June lead) widens the frame and holds."""
    ctx = state.context
    slot = ctx.lookup("period")
    section = ctx.section.get("period")
    if slot is None or section is None or slot is section or ctx.paragraph.get("period"):
        return slot
    wider = resolve(section.value, state, subject.reporter)
    lead = resolve(slot.value, state, subject.reporter)
    if wider is None or lead is None or wider == lead or not _within(lead, wider):
        return slot
    return section


def _within(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _is_same_period_earlier(m: Mention, state: DocState) -> bool:
    """'in the same period last year', 'the same quarter of 2024': the current period, in
    an earlier year."""
    earlier = m.period.kind == "relative" and bool(m.period.relative) or m.period.kind == "year"
    return earlier and follows_same_period(m, state.text, state.rules)


def follows_same_period(m: Mention, text: str, rules: LinkRules) -> bool:
    """Whether 'the same period', 'the same quarter of' stands right before the mention."""
    before = text[max(0, m.start - SAME_PERIOD_REACH) : m.start]
    return rules.same_period_before.search(before) is not None


def _current_period(prev: Subject | None, state: DocState, subject: Subject) -> Period | None:
    """What 'the same period' repeats: the parallel clause's period, else the frame's."""
    if prev is not None and prev.period is not None and not prev.comparison:
        return prev.period
    frame = state.context.lookup("period")
    return resolve(frame.value, state, subject.reporter) if frame is not None else None


def _same_period_in(current: Period, earlier: PeriodMention) -> Period:
    """The current period moved back by 'last year', or into the year named."""
    if earlier.kind == "relative":
        return _shift_year(current, earlier.relative)
    if current.start.startswith(UNKNOWN_YEAR):
        return Period(
            start=f"{earlier.year}{current.start[4:]}",
            end=f"{earlier.year + _years_spanned(current)}{current.end[4:]}",
        )
    return _shift_year(current, earlier.year - int(current.start[:4]))


def _years_spanned(period: Period) -> int:
    """0 for a period within one year, 1 for one across the new year ('2023/24')."""
    return 1 if period.end[5:] < period.start[5:] else 0


def _shift_year(period: Period, years: int) -> Period:
    def shift(date: str) -> str:
        if date.startswith("XXXX"):
            return date
        year = int(date[:4]) + years
        if date[5:] == "02-29":
            date = date[:5] + "02-28"
        return f"{year}{date[4:]}"

    return Period(start=shift(period.start), end=shift(period.end))

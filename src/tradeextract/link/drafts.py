"""Numbers in, drafts out: each number's role (value, share or change), and which numbers of
a sentence make one claim (a value and the change stated for it, a bracketed conversion, a
range, a comparison figure). `Subject` is the rest of a claim while it is being read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tradeextract.link.context import UNSET
from tradeextract.link.mentions import Mention
from tradeextract.link.nearby import Nearby
from tradeextract.link.state import DocState, LinkRules, Loc, text_before
from tradeextract.model import Period


class Role(str, Enum):
    """What a number is to the claim it belongs to."""

    VALUE = "value"  # a level: an amount, a volume, a count
    CHANGE = "change"  # a growth rate, or an amount it rose or fell by
    SHARE = "share"  # a part of a whole ('accounted for 60%', '21% of total exports')
    SHARE_UNGOVERNED = "share?"  # a level no direction or basis word governs: most often a share


# character windows in which the words around a number decide its role
ABSOLUTE_CHANGE_REACH = 50  # before an amount: 'a decrease in the surplus of' makes it a change
COMPARATIVE_REACH = 20  # after an amount: 'less than', 'higher than' make it a change
SHARE_WHOLE_REACH = 60  # after a percentage: 'of total exports' names the whole it is part of
SHARE_WORD_REACH = 30  # between a share word ('a share of') and the percentage it governs
EXCLUDED_BEFORE = 25  # between an out-of-scope word ('tariff', 'jobs') and the number after it
EXCLUDED_AFTER = 12  # between a number and an out-of-scope word ('rate') after it
GROWTH_RATE_REACH = 25  # before 'rate': 'growth', 'annual' make it a growth rate, not excluded
GOVERNING_DIRECTION_REACH = 30  # after a percentage: '5% higher', '9% less than' make it a change
GOVERNING_BASIS_REACH = 26  # after a percentage: a basis word starting within it ('5% y/y') too
LEVEL_REACH = 30  # before a percentage: 'stood at', 'to' make it a level, not a change
REPEATED_UNIT_REACH = 30  # before a bare number: 'from', 'to' make it take its neighbour's unit
COMPARISON_REACH = 25  # before a number: 'from', 'compared with' make it a comparison figure
EXCLUDED_CHANGE_GAP = 30  # between an excluded rate and the change stated for it
EXCLUDED_CHANGE_COMMA = 3  # the comma after an excluded rate stands this close to it
RANGE_REACH = 12  # before a range's first figure: 'between', 'from'
RANGE_COMPARED_REACH = 6  # before a range's first figure: 'from', 'versus' make it a comparison


@dataclass
class Draft:
    """Numbers that make one claim, before its subject is read."""

    value: Mention | None = None
    change: Mention | None = None
    role_of_value: Role = Role.VALUE  # VALUE or SHARE
    alts: list[Mention] = field(default_factory=list)
    upper: Mention | None = None
    comparison: bool = False  # the "from 1.1 billion" figure of a comparison
    restates: bool = False  # "up $6.5 billion, or 3.0 percent": the same change in percent

    first: int = -1  # character span of the numbers, kept current by `settle`
    last: int = -1

    def __post_init__(self) -> None:
        self.settle()

    @property
    def numbers(self) -> list[Mention]:
        return [m for m in (self.value, self.upper, self.change, *self.alts) if m is not None]

    def settle(self) -> Draft:
        """Recompute the span after a number was added."""
        numbers = self.numbers
        if numbers:
            self.first = min(m.start for m in numbers)
            self.last = max(m.end for m in numbers)
        return self

    @property
    def main(self) -> Mention:
        return self.value or self.change  # type: ignore[return-value]


GOVERNED_GAP = re.compile(
    r"\s*(?:by\s+)?(?:a\s+|an\s+)?(?:(?:about|nearly|some|around|almost|over|more than)\s+)?"
)
BY_AMOUNT = re.compile(r"\bby\s+(?:about\s+|nearly\s+|some\s+|around\s+)?$")


def _is_absolute_change(q: Mention, nearby: Nearby, state: DocState, floor: int) -> bool:
    """'slipped $0.8 billion', 'a decrease in the surplus of $0.2 billion', '$5.5 billion less
    than': a direction word right before an amount (not 'rose to $X') makes it a change."""
    before = text_before(state.text, q.start, floor, ABSOLUTE_CHANGE_REACH)
    if state.rules.absolute_change_before.search(before):
        return True
    low = max(floor, q.start - nearby.reach)
    directions = nearby.ending(low, q.start, "DIR")
    if any(GOVERNED_GAP.fullmatch(state.text, m.end, q.start) for m in directions):
        return True
    if directions and BY_AMOUNT.search(state.text[low : q.start]):
        return True  # 'increased from February 2024 to March 2024 by R6.55 billion'

    after = state.text[q.end : q.end + COMPARATIVE_REACH]
    return bool(state.rules.absolute_change_after.match(after))


def _is_share(q: Mention, nearby: Nearby, state: DocState, floor: int) -> bool:
    """'accounted for 60%', 'a share of 49.6%', '21.44% of total exports' are shares."""
    after = state.text[q.end : q.end + SHARE_WHOLE_REACH]
    if state.rules.share_after.search(after):
        return True
    for m in nearby.before(q.start, floor):
        if m.kind == "DIR" or (m.kind == "QUANTITY" and m is not q):
            return False
        if m.kind == "MEASURE" and m.id == "share":
            return q.start - m.end <= SHARE_WORD_REACH
    return False


def _excluded(q: Mention, nearby: Nearby, state: DocState, floor: int) -> bool:
    """Tariff, tax, interest and exchange rates, jobs: numbers out of the spec's scope. A bare
    'rate' excludes too, unless it is a growth rate ('compound annual growth rate')."""
    low = max(floor, q.start - EXCLUDED_BEFORE - nearby.longest)
    for m in nearby.starting(low, q.end + EXCLUDED_AFTER + 1, "EXCLUDE"):
        before = floor <= m.start and m.end <= q.start and q.start - m.end <= EXCLUDED_BEFORE
        after = q.end <= m.start and m.start - q.end <= EXCLUDED_AFTER
        if (before or after) and not _is_growth_rate(m, state):
            return True
    return False


def _is_growth_rate(m: Mention, state: DocState) -> bool:
    if m.text.lower() not in ("rate", "rates"):
        return False
    before = state.text[max(0, m.start - GROWTH_RATE_REACH) : m.start].lower()
    return any(word in before for word in state.rules.rate_growth_words)


def _governed_change(q: Mention, nearby: Nearby, state: DocState, floor: int) -> bool:
    """A percentage is a growth rate when a sign, direction or basis word governs it: 'up 5%',
    'grew by 5%', 'a 5% increase', '5% higher', '5% year-on-year', 'an 11.8% CAGR', '(-6.5%)'."""
    if q.quantity is not None and q.quantity.direction is not None:
        return True
    after = state.text[q.end : q.end + GOVERNING_DIRECTION_REACH]
    if any(pattern.search(after) for pattern in state.rules.direction_after.values()):
        return True
    if nearby.starting(q.end, q.end + GOVERNING_BASIS_REACH, "BASIS"):
        return True
    for m in nearby.before(q.start, floor):
        if m.kind == "QUANTITY" or (m.kind == "MEASURE" and m.id == "share"):
            return False
        if m.kind in ("DIR", "BASIS"):
            return True
    return False


def _percent_role(q: Mention, nearby: Nearby, state: DocState, floor: int) -> Role:
    before = text_before(state.text, q.start, floor, LEVEL_REACH)
    if _is_share(q, nearby, state, floor):
        return Role.SHARE
    if state.rules.level_before.search(before):
        measures = nearby.starting(max(floor, q.start - nearby.reach), q.start, "MEASURE")
        has_share_word = any(m.id == "share" for m in measures)
        return Role.SHARE if has_share_word else Role.CHANGE
    return Role.CHANGE if _governed_change(q, nearby, state, floor) else Role.SHARE_UNGOVERNED


def _role(q: Mention, nearby: Nearby, state: DocState, floor: int) -> Role | None:
    kind = q.id
    if kind in ("count", "volume"):
        return Role.VALUE
    if kind in ("pp", "multiple"):
        return Role.CHANGE
    if kind == "money":
        return Role.CHANGE if _is_absolute_change(q, nearby, state, floor) else Role.VALUE
    if kind == "percent":
        return _percent_role(q, nearby, state, floor)
    return None


def _breaks_clause(
    text: str, between_mentions: list[Mention], rules: LinkRules, offset: int
) -> bool:
    """A clause break or a new trade noun between two numbers separates their claims: not a
    verb ('worth EUR 13.0 billion were exported there, 6.4% less'), a denominator ('16.7% of
    total exports, 0.6 percentage points less') nor what the first number came from ('earned
    Sh110.4 billion from cut flower exports in 2023, up 11.3%'). `text` starts at `offset`."""
    if rules.clause_break.search(f" {text} "):
        return True
    denominators = [m for m in between_mentions if m.kind == "ALLGOODS"]
    return any(
        m.kind == "FLOW"
        and not m.text.lower().endswith("ed")
        and not any(d.start <= m.start and m.end <= d.end for d in denominators)
        and not SOURCE_PHRASE.search(text, 0, m.start - offset)
        for m in between_mentions
    )


# 'from' opening the stretch, with a few words before the trade noun: what earned the figure
SOURCE_PHRASE = re.compile(r"^\s*from\s+(?:[\w-]+\s+){0,3}$", re.I)


def _borrowed_unit(drafts: list[Draft], since: int) -> Mention | None:
    """'from 1.1 billion' after '1.2 billion dlrs': the bare number takes its neighbour's unit
    (from a draft that ends after `since`)."""
    for draft in reversed(drafts):
        if draft.last < since:
            return None
        for m in (draft.value, draft.change):
            if m is not None and m.quantity and m.quantity.kind in ("money", "volume"):
                return m
    return None


def _with_unit(q: Mention, like: Mention) -> Mention:
    source = like.quantity
    quantity = q.quantity.model_copy(
        update={
            "kind": source.kind,
            "unit": source.unit,
            "currency_options": source.currency_options,
        }
    )
    return Mention(q.kind, q.start, q.end, q.text, source.kind, quantity=quantity)


def group_drafts(
    quantities: list[Mention], nearby: Nearby, state: DocState, floor: int
) -> list[Draft]:
    """Numbers of one sentence grouped into claims, in text order. Each number looks only at
    what lies near it (`Nearby`), so a sentence of n numbers costs O(n log n)."""
    text, rules = state.text, state.rules
    drafts: list[Draft] = []
    excluded_end = -1
    for q in quantities:
        if q.id == "number":
            like = _borrowed_unit(drafts, q.start - nearby.reach)
            before = text_before(text, q.start, floor, REPEATED_UNIT_REACH)
            repeats_unit = (
                rules.comparison_before.search(before)
                or rules.value_after_change.search(before)
                or (drafts and drafts[-1].comparison and rules.comparison_and_before.search(before))
            )
            if like is None or not repeats_unit:
                continue
            q = _with_unit(q, like)
        previous_end = drafts[-1].last if drafts else floor
        if _excluded(q, nearby, state, max(floor, previous_end)) or _follows_excluded(
            q, excluded_end, text, rules
        ):
            excluded_end = q.end
            continue
        role = _role(q, nearby, state, max(floor, previous_end))
        if role is None:
            continue
        prev = drafts[-1] if drafts else None
        compared_before = text_before(text, q.start, floor, COMPARISON_REACH)
        compared = _is_compared(q, nearby, state, floor)
        if (
            prev and q.id == "percent" and compared
        ):  # 'up 14.1 points from 21.6%': the earlier level, a claim like the one it follows
            role = prev.role_of_value if prev.value is not None else Role.CHANGE
            if role == Role.CHANGE:
                drafts.append(Draft(change=q, comparison=True))
                continue
        elif prev and _restates_change(prev, q, role, state):
            drafts.append(Draft(change=q, restates=True))
            continue
        if role == Role.SHARE_UNGOVERNED:
            role = Role.SHARE  # no direction or basis governs it: a level, most often a share
        between = text[prev.last : q.start] if prev else ""
        between_mentions = nearby.words.inside(prev.last, q.start) if prev else []
        if role in (Role.VALUE, Role.SHARE):
            if prev and _joins_previous_value(prev, q, role, state, floor):
                continue
            comparison = (
                compared
                or q.id != "percent"
                and prev is not None
                and prev.comparison
                and rules.comparison_and_before.search(compared_before)
            )
            target = drafts[-2] if prev and prev.restates and len(drafts) > 1 else prev
            if (
                target
                and target.value is None
                and target.change is not None
                and rules.value_after_change.search(between)
                and not _breaks_clause(between, between_mentions, rules, prev.last)
            ):
                # 'by £1.2 billion (1.3%) to £117.8 billion': the value carries the change
                # stated first (fixtures README, rule 3)
                target.value, target.role_of_value = q, role
                target.settle()
                continue
            drafts.append(Draft(value=q, role_of_value=role, comparison=comparison))
        else:
            if (
                prev
                and prev.change is None
                and prev.value is not None
                and not _breaks_clause(between, between_mentions, rules, prev.last)
            ):
                prev.change = q
                prev.settle()
                continue
            drafts.append(Draft(change=q))
    return drafts


def _is_compared(q: Mention, nearby: Nearby, state: DocState, floor: int) -> bool:
    """'from 1.51 billion', 'against a record of $5 billion': a figure given for comparison.
    'imports from New Zealand of US$752 million' is not: that 'from' names a partner."""
    low = max(floor, q.start - COMPARISON_REACH)
    match = state.rules.comparison_before.search(state.text[low : q.start])
    return match is not None and not nearby.starting(low + match.start(), q.start, "PLACE")


def _follows_excluded(q: Mention, excluded_end: int, text: str, rules: LinkRules) -> bool:
    """'VND 25,447 per USD, up 5.75%': the change of an excluded rate is excluded with it."""
    if excluded_end < 0 or q.start < excluded_end or q.id not in ("percent", "pp"):
        return False
    between = text[excluded_end : q.start]
    return (
        len(between) <= EXCLUDED_CHANGE_GAP
        and not rules.clause_break.search(between)
        and "," in between[:EXCLUDED_CHANGE_COMMA]
    )


def _restates_change(prev: Draft, q: Mention, role: Role, state: DocState) -> bool:
    """'increased $9.8 billion, or 1.3 percent' states one change twice, and 'grew 7.4 percent
    and 6.2 percent' or 'exports fell 3.4% and imports 8.8%' state parallel ones: the next
    percentage is a change of its own with the same direction (fixtures README, rule 3)."""
    if prev.change is None or q.id != "percent" or role == Role.SHARE:
        return False
    between = state.text[prev.last : q.start]
    if prev.change.quantity.kind == "money" or prev.value is None and role == Role.CHANGE:
        return bool(state.rules.restatement_between.search(between))
    return role == Role.SHARE_UNGOVERNED and bool(state.rules.parallel_between.search(between))


CONVERTIBLE = ("money", "volume")  # '£2bn ($2.5bn)', '1.26 million tonnes (21 million bags)'


def _joins_previous_value(prev: Draft, q: Mention, role: Role, state: DocState, floor: int) -> bool:
    """A bracketed conversion (another currency or unit) becomes an alt value; 'between $2bn
    and $3bn' one range."""
    rules = state.rules
    if prev.value is None or role != Role.VALUE:
        return False
    pq, qq = prev.value.quantity, q.quantity
    last = prev.alts[-1] if prev.alts else prev.value
    between = state.text[last.end : q.start]
    restated = pq.kind == qq.kind and pq.kind in CONVERTIBLE and pq.unit != qq.unit
    if restated and rules.alt_between.search(between):
        prev.alts.append(q)
        prev.settle()
        return True
    if prev.change is not None:
        return False
    if (
        pq.kind == qq.kind
        and pq.unit == qq.unit
        and prev.upper is None
        and rules.range_between.search(between)
        and rules.range_before.search(text_before(state.text, prev.value.start, floor, RANGE_REACH))
        and not rules.comparison_before.search(
            text_before(state.text, prev.value.start, floor, RANGE_COMPARED_REACH)
        )
    ):
        prev.upper = q
        prev.settle()
        return True
    return False


@dataclass
class Subject:
    """The fields of a claim other than its numbers, with where each was read."""

    flow: str | None = None
    measure: str | None = None
    reporter: list[str] | None = None
    partner: list[str] | None = None
    product: Any = UNSET
    hs_code: str | None = None
    period: Period | None = None
    approx: str | None = None
    basis: Any = UNSET
    spans: dict[str, Loc] = field(default_factory=dict)
    used: list[Mention] = field(default_factory=list)
    comparison: bool = False  # a figure given for comparison: it sets no context
    moved: bool = False  # stated as a movement ('rose 5% to', 'rose to'): what it is compared
    # with is the period the movement runs from
    basis_inherited: bool = False
    reporter_marked: bool = False  # the text says whose trade it is; bare names are not carried
    direction: int | None = None  # of the change as written, before a deficit's sign flip
    distribute: str | None = None  # reporter | partner | product_list: one claim per member
    product_list: list[str] | None = None
    decided: dict[str, list[str]] = field(default_factory=dict)  # link.decisions: field -> rules

"""From the mentions of one sentence to claims: which numbers form one claim, and what each is about.

Three steps, each small: give every number a role (value or change), group numbers into
drafts (a value with the change stated for it, a bracketed conversion, a range), then read each
draft's subject from the words around it (its window: the text between the neighbouring drafts)
and fall back on the sentence's earlier draft and the carried context for whatever is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeextract.link.context import UNSET, Context
from tradeextract.link.mentions import Mention
from tradeextract.model import Claim, Period
from tradeextract.normalise.periods import PeriodMention, resolve_period
from tradeextract.resources import read_json

SUBJECT_KINDS = ("FLOW", "PLACE", "PRODUCT", "ALLGOODS", "SELF")


@dataclass(frozen=True)
class LinkRules:
    clause_breaks: tuple[str, ...]
    clause_break: re.Pattern[str]
    soft_break: re.Pattern[str]
    value_after_change: re.Pattern[str]
    comparison_before: re.Pattern[str]
    alt_between: re.Pattern[str]
    range_between: re.Pattern[str]
    range_before: re.Pattern[str]
    absolute_change_before: re.Pattern[str]
    share_after: re.Pattern[str]
    compare_after: re.Pattern[str]
    group_words: tuple[str, ...]
    partner_before: frozenset[str]
    list_between: re.Pattern[str]
    hs_code: re.Pattern[str]
    possessive_after: re.Pattern[str]
    furniture_line: re.Pattern[str]
    furniture_section: re.Pattern[str]
    abbreviations: frozenset[str]
    relative_earlier: tuple[str, ...]
    example_markers: tuple[str, ...]
    possessive_reach: int
    restatement_between: re.Pattern[str]
    name_words: frozenset[str]
    level_before: re.Pattern[str]
    comparison_period_before: re.Pattern[str]
    direction_after: dict[str, re.Pattern[str]]
    fiscal_start: dict[str, int]
    fiscal_named_by_start: frozenset[str]
    season_start: int


@lru_cache(maxsize=4)
def load_link_rules(data_dir: Path) -> LinkRules:
    spec = read_json("link_rules.json", data_dir)
    periods = read_json("period_patterns.json", data_dir)
    fiscal = periods["fiscal_start_month"]
    return LinkRules(
        clause_breaks=tuple(spec["clause_breaks"]),
        clause_break=re.compile("|".join(re.escape(b) for b in spec["clause_breaks"]), re.I),
        soft_break=re.compile("|".join(re.escape(b) for b in spec["soft_breaks"]), re.I),
        value_after_change=re.compile(spec["value_after_change"], re.I),
        comparison_before=re.compile(spec["comparison_before"], re.I),
        alt_between=re.compile(spec["alt_between"], re.I),
        range_between=re.compile(spec["range_between"], re.I),
        range_before=re.compile(spec["range_before"], re.I),
        absolute_change_before=re.compile(spec["absolute_change_before"], re.I),
        share_after=re.compile(spec["share_after"], re.I),
        compare_after=re.compile(spec["compare_after"], re.I),
        group_words=tuple(spec["group_words"]),
        partner_before=frozenset(spec["partner_before"]),
        list_between=re.compile(spec["list_between"], re.I),
        hs_code=re.compile(spec["hs_code"]),
        possessive_after=re.compile(spec["possessive_after"]),
        furniture_line=re.compile(spec["furniture_line"]),
        furniture_section=re.compile(spec["furniture_section"]),
        abbreviations=frozenset(spec["abbreviations"]),
        relative_earlier=tuple(spec["relative_earlier"]),
        example_markers=tuple(spec["example_markers"]),
        possessive_reach=spec["possessive_reach"],
        restatement_between=re.compile(spec["restatement_between"], re.I),
        name_words=frozenset(spec["name_words"]),
        level_before=re.compile(spec["level_before"], re.I),
        comparison_period_before=re.compile(spec["comparison_period_before"], re.I),
        direction_after={k: re.compile(v, re.I) for k, v in spec["direction_after"].items()},
        fiscal_start={k: v for k, v in fiscal.items() if isinstance(v, int)},
        fiscal_named_by_start=frozenset(periods.get("fiscal_named_by_start", [])),
        season_start=periods["season_start_month"],
    )


@dataclass
class Draft:
    """Numbers that make one claim, before its subject is read."""

    value: Mention | None = None
    change: Mention | None = None
    role_of_value: str = "value"  # value | share
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


@dataclass
class DocState:
    """What the linker knows about the whole document while it walks the sentences."""

    text: str
    doc_year: int | None
    doc_month: int | None
    main_reporter: tuple[str, tuple[int, int]] | None
    context: Context
    rules: LinkRules


# ---------------------------------------------------------------- roles


def _before(text: str, start: int, floor: int, width: int = 40) -> str:
    return text[max(floor, start - width) : start]


def _is_absolute_change(q: Mention, state: DocState, floor: int) -> bool:
    """'up $1.2 billion', 'a decrease in the surplus of $0.2 billion', '$5.5 billion less than'."""
    if state.rules.absolute_change_before.search(_before(state.text, q.start, floor, 50)):
        return True
    after = state.text[q.end : q.end + 20]
    return bool(re.match(r"\s*(?:less|more|lower|higher)\s+than\b", after))


def _is_share(q: Mention, mentions: list[Mention], state: DocState, floor: int) -> bool:
    """'accounted for 60%', 'a share of 49.6%', '21.44% of total exports' are shares."""
    after = state.text[q.end : q.end + 60]
    if state.rules.share_after.search(after):
        return True
    for m in reversed(mentions):
        if m.end > q.start or m.end < floor:
            continue
        if m.kind == "DIR" or (m.kind == "QUANTITY" and m is not q):
            return False
        if m.kind == "MEASURE" and m.id == "share":
            return q.start - m.end <= 30
    return False


def _excluded(q: Mention, mentions: list[Mention], state: DocState, floor: int) -> bool:
    """Tariff, tax, interest and exchange rates, jobs: numbers out of the spec's scope."""
    for m in mentions:
        if m.kind != "EXCLUDE":
            continue
        if floor <= m.start and m.end <= q.start and q.start - m.end <= 25:
            return True
        if q.end <= m.start and m.start - q.end <= 12:
            return True
    return False


def _governed_change(q: Mention, mentions: list[Mention], state: DocState, floor: int) -> bool:
    """A percentage is a growth rate when a sign, direction or basis word governs it: 'up 5%',
    'grew by 5%', 'a 5% increase', '5% higher', '5% year-on-year', 'an 11.8% CAGR', '(-6.5%)'."""
    if q.quantity is not None and q.quantity.direction is not None:
        return True
    after = state.text[q.end : q.end + 30]
    if any(pattern.search(after) for pattern in state.rules.direction_after.values()):
        return True
    for m in mentions:
        if m.kind == "BASIS" and 0 <= m.start - q.end <= 25:
            return True
    for m in reversed(mentions):
        if m.end > q.start or m.end < floor:
            continue
        if m.kind == "QUANTITY" or (m.kind == "MEASURE" and m.id == "share"):
            return False
        if m.kind in ("DIR", "BASIS"):
            return True
    return False


def _percent_role(q: Mention, mentions: list[Mention], state: DocState, floor: int) -> str:
    before = _before(state.text, q.start, floor, 30)
    if _is_share(q, mentions, state, floor):
        return "share"
    if state.rules.level_before.search(before):
        has_share_word = any(
            m.kind == "MEASURE" and m.id == "share" and floor <= m.start < q.start for m in mentions
        )
        return "share" if has_share_word else "change"
    return "change" if _governed_change(q, mentions, state, floor) else "share"


def _role(q: Mention, mentions: list[Mention], state: DocState, floor: int) -> str | None:
    kind = q.id
    if kind in ("count", "volume"):
        return "value"
    if kind in ("pp", "multiple"):
        return "change"
    if kind == "money":
        return "change" if _is_absolute_change(q, state, floor) else "value"
    if kind == "percent":
        return _percent_role(q, mentions, state, floor)
    return None


# ---------------------------------------------------------------- grouping


def _breaks_clause(text: str, between_mentions: list[Mention], rules: LinkRules) -> bool:
    if rules.clause_break.search(f" {text} "):
        return True
    return any(m.kind == "FLOW" for m in between_mentions)


def _mentions_between(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if start <= m.start and m.end <= end and m.kind != "QUANTITY"]


def _borrowed_unit(q: Mention, drafts: list[Draft]) -> Mention | None:
    """'from 1.1 billion' after '1.2 billion dlrs': the bare number takes its neighbour's unit."""
    for draft in reversed(drafts):
        for m in (draft.value, draft.change):
            if m is not None and m.quantity and m.quantity.kind in ("money", "volume"):
                return m
    return None


def _with_unit(q: Mention, like: Mention) -> Mention:
    source = like.quantity
    quantity = q.quantity.model_copy(update={"kind": source.kind, "unit": source.unit})
    return Mention(q.kind, q.start, q.end, q.text, source.kind, quantity=quantity)


def group_drafts(
    quantities: list[Mention], mentions: list[Mention], state: DocState, floor: int
) -> list[Draft]:
    """Numbers of one sentence grouped into claims, in text order."""
    text, rules = state.text, state.rules
    drafts: list[Draft] = []
    for q in quantities:
        if q.id == "number":
            like = _borrowed_unit(q, drafts)
            before = _before(text, q.start, floor, 30)
            repeats_unit = rules.comparison_before.search(
                before
            ) or rules.value_after_change.search(before)
            if like is None or not repeats_unit:
                continue
            q = _with_unit(q, like)
        previous_end = drafts[-1].last if drafts else floor
        if _excluded(q, mentions, state, max(floor, previous_end)):
            continue
        role = _role(q, mentions, state, max(floor, previous_end))
        if role is None:
            continue
        prev = drafts[-1] if drafts else None
        if prev and _restates_change(prev, q, state):
            drafts.append(Draft(change=q, restates=True))
            continue
        if (
            prev
            and q.id == "percent"
            and rules.comparison_before.search(_before(text, q.start, floor, 25))
        ):
            role = prev.role_of_value if prev.value is not None else "change"
            if role == "change":
                drafts.append(Draft(change=q, comparison=True))
                continue
        between = text[prev.last : q.start] if prev else ""
        between_mentions = _mentions_between(mentions, prev.last, q.start) if prev else []
        if role in ("value", "share"):
            if prev and _joins_previous_value(prev, q, between, role, state, floor):
                continue
            comparison = bool(rules.comparison_before.search(_before(text, q.start, floor, 25)))
            if (
                prev
                and prev.value is None
                and prev.change is not None
                and rules.value_after_change.search(between)
                and not _breaks_clause(between, between_mentions, rules)
            ):
                prev.value, prev.role_of_value = q, role
                prev.settle()
                continue
            drafts.append(Draft(value=q, role_of_value=role, comparison=comparison))
        else:
            if (
                prev
                and prev.change is None
                and prev.value is not None
                and not _breaks_clause(between, between_mentions, rules)
            ):
                prev.change = q
                prev.settle()
                continue
            drafts.append(Draft(change=q))
    return drafts


def _restates_change(prev: Draft, q: Mention, state: DocState) -> bool:
    """'increased $9.8 billion, or 1.3 percent' states one change twice: the percentage is a
    claim of its own with the same direction (fixtures README, rule 3)."""
    if prev.change is None or q.id != "percent" or prev.change.quantity.kind != "money":
        return False
    return bool(state.rules.restatement_between.search(state.text[prev.last : q.start]))


def _joins_previous_value(
    prev: Draft, q: Mention, between: str, role: str, state: DocState, floor: int
) -> bool:
    """A bracketed conversion becomes an alt value; 'between $2bn and $3bn' one range."""
    rules = state.rules
    if prev.value is None or role != "value":
        return False
    pq, qq = prev.value.quantity, q.quantity
    last = prev.alts[-1] if prev.alts else prev.value
    between = state.text[last.end : q.start]
    if pq.kind == qq.kind == "money" and pq.unit != qq.unit and rules.alt_between.search(between):
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
        and rules.range_before.search(_before(state.text, prev.value.start, floor, 12))
        and not rules.comparison_before.search(_before(state.text, prev.value.start, floor, 6))
    ):
        prev.upper = q
        prev.settle()
        return True
    return False


# ---------------------------------------------------------------- reading the subject


@dataclass
class Window:
    left: list[Mention]  # mentions between the previous draft and this one, nearest last
    right: list[Mention]  # mentions between this draft and the next one, nearest first
    numbers: list[Mention]  # quantities inside the window
    start: int
    end: int


def _last_break(text: str, start: int, end: int, rules: LinkRules) -> int:
    """Just after the last clause break in text[start:end], or start."""
    cut = start
    for match in rules.clause_break.finditer(text, start, end):
        cut = match.end()
    return cut


def _first_break(text: str, start: int, end: int, rules: LinkRules) -> int:
    match = rules.clause_break.search(text, start, end)
    return match.start() if match else end


def _window(
    draft: Draft,
    prev: Draft | None,
    nxt: Draft | None,
    mentions: list[Mention],
    sent_start: int,
    sent_end: int,
    state: DocState,
) -> Window:
    """The words that can describe a draft: from the clause break before it (or the previous
    draft) to the clause break after it (or the next draft)."""
    text, rules = state.text, state.rules
    first, last = draft.first, draft.last
    inside = [m for m in mentions if m.kind != "QUANTITY"]
    left_bound = _last_break(text, prev.last if prev else sent_start, first, rules)
    left_bound = _soft_left_bound(text, left_bound, first, inside, rules)
    right_bound = _first_break(text, last, nxt.first if nxt else sent_end, rules)
    soft = rules.soft_break.search(text, last, right_bound)
    if soft:
        right_bound = soft.start()
    left = [m for m in inside if left_bound <= m.start and m.end <= first]
    right = [m for m in inside if last <= m.start and m.end <= right_bound]
    middle = [m for m in inside if first <= m.start and m.end <= last]
    numbers = [m for m in mentions if m.kind == "QUANTITY" and left_bound <= m.start < right_bound]
    return Window(left + middle, right, numbers, left_bound, right_bound)


def _soft_left_bound(
    text: str, start: int, end: int, inside: list[Mention], rules: LinkRules
) -> int:
    """', and the deficit with West Germany fell to ...': a soft break followed by a new place
    starts this claim's clause (', with export value reaching ...' goes on with the same one)."""
    cut = start
    for match in rules.soft_break.finditer(text, start, end):
        if _joins_list(match, inside):
            continue
        if any(
            m.kind == "PLACE"
            and match.end() <= m.start < end
            and not _is_modifier_place(m, inside, text)
            for m in inside
        ):
            cut = match.end()
    return cut


def _joins_list(match: re.Match[str], inside: list[Mention]) -> bool:
    """'Chile, Colombia, Peru, and Argentina': a break between two places joins a list."""
    before = next((m for m in inside if 0 <= match.start() - m.end <= 1), None)
    after = next((m for m in inside if 0 <= m.start - match.end() <= 4), None)
    return before is not None and after is not None and before.kind == after.kind


def _is_elliptical(window: Window, draft: Draft) -> bool:
    """'to Thailand $490 million' names its own subject; '(21.44% of total exports)' does not."""
    return not any(m.kind in SUBJECT_KINDS and m.end <= draft.first for m in window.left)


def _nearest(
    window: Window, kinds: tuple[str, ...], right_reach: int = 60, draft: Draft | None = None
) -> Mention | None:
    for m in reversed(window.left):
        if m.kind in kinds:
            return m
    for m in window.right:
        if m.kind in kinds and (draft is None or m.start - draft.last <= right_reach):
            return m
    return None


def _place_lists(places: list[Mention], text: str, rules: LinkRules) -> list[list[Mention]]:
    """'Germany, France and Poland' is one list: the role of its first word is the list's role."""
    lists: list[list[Mention]] = []
    for place in places:
        if lists and rules.list_between.search(text[lists[-1][-1].end : place.start]):
            lists[-1].append(place)
        else:
            lists.append([place])
    return lists


def _word_before(text: str, start: int) -> str:
    words = re.findall(r"[A-Za-z-]+", text[max(0, start - 20) : start])
    return words[-1].lower() if words else ""


def _is_modifier_place(place: Mention, mentions: list[Mention], text: str) -> bool:
    """'Europe-America-Japan pattern', 'U.S. tariff increases': the place qualifies another noun."""
    if text[place.end : place.end + 1] == "-" or text[max(0, place.start - 1) : place.start] == "-":
        return True
    return any(m.kind == "EXCLUDE" and 0 <= m.start - place.end <= 2 for m in mentions)


def _possessive_reporter(place: Mention, mentions: list[Mention], state: DocState) -> bool:
    """'China's exports' reports; "the EU's top ten trading partners" does not."""
    if not state.rules.possessive_after.search(state.text[place.end : place.end + 3]):
        return False
    reach = place.end + state.rules.possessive_reach
    return any(
        m.kind in ("FLOW", "PRODUCT", "INDUSTRY", "MEASURE", "ALLGOODS")
        and place.end <= m.start <= reach
        for m in mentions
    )


def is_attributive(place: Mention, mentions: list[Mention], text: str) -> bool:
    """'EU car exports', 'the EU shipped', 'Japan recorded a trade deficit': the place is whose
    trade it is when a trade word follows it closely, in the same clause."""
    for m in mentions:
        if m.start < place.end or m.start - place.end > 30:
            continue
        if m.kind in ("PLACE", "QUANTITY"):
            return False
        if m.kind == "FLOW":
            return not re.search(r"[,;:()]", text[place.end : m.start])
    return False


def _place_role(
    group: list[Mention], flow: str | None, state: DocState, mentions: list[Mention]
) -> str:
    text, rules = state.text, state.rules
    first, last = group[0], group[-1]
    if all(p.place_type == "subdivision" for p in group):
        return "reporter"
    if _possessive_reporter(last, mentions, state) or first.place_type == "demonym":
        return "reporter"
    before = _word_before(text, first.start)
    if before == "from":
        return "partner" if flow == "import" else "reporter"
    if before in rules.partner_before:
        return "partner"
    if is_attributive(last, mentions, text):
        return "reporter"
    main = state.main_reporter[0] if state.main_reporter else None
    if len(group) == 1 and first.id == main:
        return "reporter"
    if rules.possessive_after.search(text[last.end : last.end + 3]):
        return "none"
    if main is not None and flow in ("export", "import", "trade", "balance", None):
        return "partner"
    return "reporter"


def _codes(group: list[Mention]) -> list[str]:
    seen: list[str] = []
    for m in group:
        if m.id not in seen:
            seen.append(m.id)
    return seen


Loc = tuple[int, int]  # a character span while a claim is being read; TextSpan at the end


def _span_of(group: list[Mention], text: str) -> Loc:
    return (group[0].start, group[-1].end)


def text_span(text: str, start: int, end: int) -> Loc:
    return (start, end)


def to_text_span(text: str, loc: Loc) -> dict[str, Any]:
    """Provenance by construction: the text is always sliced from the document."""
    return {"start": loc[0], "end": loc[1], "text": text[loc[0] : loc[1]]}


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
    basis_inherited: bool = False
    direction: int | None = None  # of the change as written, before a deficit's sign flip
    distribute: str | None = None  # reporter | partner | product_list: one claim per member
    product_list: list[str] | None = None


def _flow(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    if draft.comparison and prev is not None and prev.flow and _is_elliptical(window, draft):
        subject.flow = prev.flow
        if "flow" in prev.spans:
            subject.spans["flow"] = prev.spans["flow"]
        return
    is_count = draft.value is not None and draft.value.quantity.kind == "count"
    m = _nearest(window, ("FLOW",), right_reach=0 if is_count else 60, draft=draft)
    if (
        m is not None
        and m.id == "output"
        and m.start >= draft.last
        and draft.role_of_value == "share"
    ):
        m = None  # 'equivalent to 3.1% of GDP': GDP is the denominator, not the flow
    if m is not None and m.id == "trade":
        m = _balance_before(m, window) or m
    if m is not None:
        subject.flow = m.id
        subject.spans["flow"] = text_span(state.text, m.start, m.end)
        subject.used.append(m)
        return
    if is_count:
        return
    if draft.role_of_value == "share" and draft.value is not None:
        after = state.text[draft.value.end : min(draft.value.end + 40, window.end)].lower()
        for word, flow in (
            ("export", "export"),
            ("import", "import"),
            ("trade", "trade"),
            ("output", "output"),
        ):
            if word in after:
                subject.flow = flow
                return
    if prev is not None and prev.flow is not None:
        subject.flow = prev.flow
        if "flow" in prev.spans:
            subject.spans["flow"] = prev.spans["flow"]
        return
    slot = state.context.lookup("flow")
    if slot is not None and draft.role_of_value != "share":
        subject.flow = slot.value
        if slot.source:
            subject.spans["flow"] = text_span(state.text, *slot.source)


def _balance_before(trade: Mention, window: Window) -> Mention | None:
    """'a surplus in car trade', 'the surplus on oil trade': the balance of that trade."""
    for m in window.left:
        if m.kind == "FLOW" and m.id in ("balance", "deficit") and 0 <= trade.start - m.end <= 25:
            return m
    return None


def _measure(window: Window, draft: Draft, subject: Subject) -> None:
    q = draft.value.quantity if draft.value is not None else None
    term = None
    for m in reversed(window.left):
        if m.kind == "MEASURE":
            term = m
            break
        if m.kind in ("FLOW", "PLACE") and term is None and q is not None:
            continue
    if q is not None:
        if draft.role_of_value == "share":
            subject.measure = "share"
        elif q.kind == "money":
            subject.measure = (
                "price"
                if (
                    q.per
                    or (
                        term is not None
                        and term.id == "price"
                        and draft.value.start - term.end < 30
                    )
                )
                else "value"
            )
        else:
            subject.measure = {"count": "count", "volume": "volume"}.get(q.kind, "value")
        return
    subject.measure = term.id if term is not None else "value"
    if term is not None:
        subject.used.append(term)


def _approx(draft: Draft, window: Window, state: DocState, subject: Subject) -> None:
    main = draft.main
    if main.quantity is not None and main.quantity.approx:
        subject.approx = main.quantity.approx
        return
    for m in reversed(window.left):
        if m.kind == "HEDGE" and 0 <= main.start - m.end <= 2:
            subject.approx = m.id
            subject.used.append(m)
            return
        if m.end <= main.start - 3:
            break
    for m in window.left:
        if (
            m.kind == "HEDGE"
            and draft.change is not None
            and draft.value is None
            and 0 <= draft.change.start - m.end <= 2
        ):
            subject.approx = m.id


def _places(window: Window, draft: Draft, state: DocState, subject: Subject) -> None:
    text, rules = state.text, state.rules
    every = sorted(window.left + window.right + window.numbers, key=lambda m: m.start)
    candidates = [m for m in window.left if m.kind in ("PLACE", "SELF")]
    candidates += [m for m in window.right if m.kind == "PLACE" and m.start - draft.last <= 40]
    places = [m for m in candidates if m.kind == "PLACE" and not _is_modifier_place(m, every, text)]
    reporters: list[list[Mention]] = []
    partners: list[list[Mention]] = []
    for group in _place_lists(places, text, rules):
        role = _place_role(group, subject.flow, state, every)
        if role == "reporter":
            reporters.append(group)
        elif role == "partner":
            partners.append(group)
    if any(m.kind == "SELF" for m in candidates) and not reporters and state.main_reporter:
        code, source = state.main_reporter
        subject.reporter = [code]
        subject.spans["reporter"] = text_span(text, *source)
    if reporters:
        group = _prefer_subdivisions(reporters)
        subject.reporter = _codes(group)
        subject.spans["reporter"] = _span_of(group, text)
        subject.used.extend(group)
    if partners:
        group = max(partners, key=len)
        subject.partner = _codes(group)
        subject.spans["partner"] = _span_of(group, text)
        subject.used.extend(group)
    _decide_distribution(window, draft, state, subject, reporters + partners)


def _prefer_subdivisions(groups: list[list[Mention]]) -> list[Mention]:
    """'Guangdong, Jiangsu and Zhejiang ... of China's total' reports the provinces."""
    subdivisions = [g for g in groups if all(p.place_type == "subdivision" for p in g)]
    return max(subdivisions or groups, key=len)


def _decide_distribution(
    window: Window, draft: Draft, state: DocState, subject: Subject, groups: list[list[Mention]]
) -> None:
    """Several subjects share a number one each, unless the number is the group's (a share, a
    count, 'combined', 'together')."""
    if draft.role_of_value == "share" and draft.value is not None:
        return
    if draft.value is not None and draft.value.quantity.kind == "count":
        return
    start = min([g[0].start for g in groups if len(g) > 1] + [draft.first])
    lowered = state.text[start : draft.last + 40].lower()
    if any(word in lowered for word in state.rules.group_words):
        return
    if subject.partner and len(subject.partner) > 1:
        subject.distribute = "partner"
    elif subject.reporter and len(subject.reporter) > 1:
        subject.distribute = "reporter"


def _is_example(m: Mention, text: str, rules: LinkRules) -> bool:
    before = text[max(0, m.start - 16) : m.start].lower()
    return any(before.rstrip().endswith(marker) for marker in rules.example_markers)


def _product_list(m: Mention, window: Window, text: str, rules: LinkRules) -> list[Mention]:
    """'mass spectrometers and surgical robots': the products listed with the nearest one."""
    products = [p for p in window.left if p.kind == "PRODUCT"]
    if m not in products:
        return [m]
    index = products.index(m)
    members = [m]
    while index > 0 and rules.list_between.search(text[products[index - 1].end : members[0].start]):
        index -= 1
        members.insert(0, products[index])
    return members


def _product(window: Window, draft: Draft, state: DocState, subject: Subject) -> None:
    text, rules = state.text, state.rules
    left = [m for m in reversed(window.left) if m.kind in ("PRODUCT", "ALLGOODS")]
    while len(left) > 1 and left[0].kind == "PRODUCT" and _is_example(left[0], text, rules):
        left.pop(0)
    m = left[0] if left else None
    if m is None:
        m = next(
            (
                p
                for p in window.right
                if p.kind == "PRODUCT"
                and p.start - draft.last <= 50
                and "," not in text[draft.last : p.start]
            ),
            None,
        )
    if m is None:
        return
    subject.used.append(m)
    if m.kind == "ALLGOODS":
        subject.product = None
        return
    members = _product_list(m, window, text, rules)
    subject.product = m.id
    subject.spans["product"] = text_span(text, members[0].start, members[-1].end)
    if len(members) > 1 and subject.distribute is None:
        subject.product_list = [p.id for p in members]
        subject.distribute = "product_list"


def _hs_code(window: Window, state: DocState, subject: Subject) -> None:
    match = state.rules.hs_code.search(state.text, window.start, window.end)
    if match:
        subject.hs_code = match.group(1).replace(".", "")
        subject.spans["hs_code"] = text_span(state.text, match.start(1), match.end(1))


def _basis(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    if draft.change is None:
        return
    change = draft.change
    after = state.text[change.end : change.end + 60]
    if state.rules.compare_after.search(after):
        subject.basis = None
        return
    candidates = [m for m in window.right if m.kind == "BASIS" and m.start - draft.last <= 60]
    candidates += [m for m in reversed(window.left) if m.kind == "BASIS"]
    if candidates:
        subject.basis = candidates[0].id
        subject.used.append(candidates[0])
        return
    if _inherits_basis(subject, draft, prev, state):
        return
    compared = [
        m
        for m in window.left + window.right
        if m.kind == "PERIOD" and is_comparison_period(m, state)
    ]
    if compared:
        subject.basis = _basis_against(compared[0], subject, state)
        subject.used.append(compared[0])


def _inherits_basis(subject: Subject, draft: Draft, prev: Subject | None, state: DocState) -> bool:
    """'exports rose 5% year-on-year and imports 3%': the sentence's earlier basis holds. A
    monthly release that compared months once keeps doing so for its absolute changes."""
    if (
        prev is not None
        and prev.basis is not UNSET
        and prev.basis is not None
        and prev.period == subject.period
    ):
        subject.basis = prev.basis
        return True
    slot = state.context.lookup("basis")
    is_absolute = draft.change is not None and draft.change.quantity.kind == "money"
    if slot is None or subject.period is None or not is_absolute:
        return False
    months = _months_in(subject.period)
    if (slot.value == "mom" and months == 1) or (slot.value == "qoq" and months == 3):
        subject.basis = slot.value
        subject.basis_inherited = True
        return True
    return False


def _months_in(period: Period) -> int | None:
    try:
        start_year, start_month = (
            int(period.start[:4]) if period.start[:4].isdigit() else 0,
            int(period.start[5:7]),
        )
        end_year, end_month = (
            int(period.end[:4]) if period.end[:4].isdigit() else 0,
            int(period.end[5:7]),
        )
    except ValueError:
        return None
    return (end_year - start_year) * 12 + end_month - start_month + 1


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


def _direction(
    draft: Draft, window: Window, state: DocState, prev_direction: int | None = None
) -> int:
    change = draft.change
    if change is None:
        return 1
    if change.quantity is not None and change.quantity.direction is not None:
        return change.quantity.direction
    if draft.restates and prev_direction is not None:
        return prev_direction
    after = state.text[change.end : change.end + 25]
    for m in reversed(window.left):
        if m.kind == "DIR" and m.end <= change.start:
            if change.start - m.end <= 60:
                return -1 if m.id == "down" else 1
            break
    if state.rules.direction_after["down"].search(after):
        return -1
    if state.rules.direction_after["up"].search(after):
        return 1
    for m in window.right:
        if m.kind == "DIR" and m.start - change.end <= 25:
            return -1 if m.id == "down" else 1
    if prev_direction is not None and not any(m.kind == "DIR" for m in window.left):
        return prev_direction  # 'exports fell 3.4% and imports 8.8%'
    return 1


def is_comparison_period(m: Mention, state: DocState) -> bool:
    """'up 4.6% from March 2023', 'than in May': the period compared against, not the claim's."""
    before = state.text[max(0, m.start - 40) : m.start]
    return bool(state.rules.comparison_period_before.search(before))


def _period_mentions(window: Window, draft: Draft, state: DocState) -> list[Mention]:
    left = [
        m
        for m in reversed(window.left)
        if m.kind == "PERIOD" and not is_comparison_period(m, state)
    ]
    right = [
        m
        for m in window.right
        if m.kind == "PERIOD" and m.start - draft.last <= 60 and not is_comparison_period(m, state)
    ]

    def distance(m: Mention) -> int:
        if m.end <= draft.first:
            return draft.first - m.end
        return max(0, m.start - draft.last)

    return sorted(left + right, key=distance)


def year_for(mention: PeriodMention, state: DocState) -> int | None:
    """A year the mention lacks: relative to the document's date; for a month, quarter or half
    in a dated article, the latest one that had begun by that date; else the context's year."""
    if mention.year is not None:
        return mention.year
    if mention.relative is not None:
        return state.doc_year + mention.relative if state.doc_year is not None else None
    if state.doc_month is not None and mention.month1 is not None and mention.kind != "fiscal":
        return state.doc_year if mention.month1 <= state.doc_month else state.doc_year - 1
    slot = state.context.lookup("year")
    if slot is not None and slot.value is not None:
        return slot.value
    return state.doc_year


def resolve(mention: PeriodMention, state: DocState, reporter: list[str] | None) -> Period | None:
    code = reporter[0].split("-")[0] if reporter else ""
    start_month = state.rules.fiscal_start.get(code, state.rules.fiscal_start.get("_default", 4))
    if (
        mention.kind == "fiscal"
        and code in state.rules.fiscal_named_by_start
        and mention.year1 is None
    ):
        mention = mention.with_year(mention.year + 1 if mention.year else None)
    return resolve_period(
        mention.with_year(year_for(mention, state)), None, start_month, state.rules.season_start
    )


def _period(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    mentions = _period_mentions(window, draft, state)
    if mentions:
        m = mentions[0]
        subject.period = resolve(m.period, state, subject.reporter)
        subject.spans["period"] = text_span(state.text, m.start, m.end)
        subject.used.append(m)
        return
    if draft.comparison and prev is not None and prev.period is not None:
        after = state.text[draft.last : window.end].lower()
        if any(phrase in after for phrase in state.rules.relative_earlier):
            subject.period = _shift_year(prev.period, -1)
            return
    if prev is not None and prev.period is not None and not prev.comparison:
        subject.period = prev.period
        if "period" in prev.spans:
            subject.spans["period"] = prev.spans["period"]
        return
    slot = state.context.lookup("period")
    if slot is not None:
        mention = slot.value
        subject.period = resolve(mention, state, subject.reporter)
        if slot.source:
            subject.spans["period"] = text_span(state.text, *slot.source)
    elif state.doc_year is not None:
        subject.period = Period(start=f"{state.doc_year}-01-01", end=f"{state.doc_year}-12-31")


def _shift_year(period: Period, years: int) -> Period:
    def shift(date: str) -> str:
        if date.startswith("XXXX"):
            return date
        year = int(date[:4]) + years
        if date[5:] == "02-29":
            date = date[:5] + "02-28"
        return f"{year}{date[4:]}"

    return Period(start=shift(period.start), end=shift(period.end))


def _same_head(a: str, b: str) -> bool:
    """'passenger cars' and 'cars' name the same category for an HS code given once."""
    return a.split()[-1:] == b.split()[-1:]


def _inherit(subject: Subject, prev: Subject | None, state: DocState) -> None:
    """Reporter and product from the sentence's earlier claim, the section, the headline."""
    if subject.reporter is None:
        if prev is not None and prev.reporter is not None:
            subject.reporter = prev.reporter
            if "reporter" in prev.spans:
                subject.spans["reporter"] = prev.spans["reporter"]
        else:
            slot = state.context.lookup("reporter")
            if slot is None and state.main_reporter:
                code, source = state.main_reporter
                subject.reporter = [code]
                subject.spans["reporter"] = text_span(state.text, *source)
            elif slot is not None:
                subject.reporter = slot.value
                if slot.source:
                    subject.spans["reporter"] = text_span(state.text, *slot.source)
    if subject.product is UNSET:
        if prev is not None and prev.product is not UNSET:
            subject.product = prev.product
            if "product" in prev.spans:
                subject.spans["product"] = prev.spans["product"]
        else:
            slot = state.context.lookup("product")
            subject.product = slot.value if slot is not None else None
            if slot is not None and slot.source and slot.value is not None:
                subject.spans["product"] = text_span(state.text, *slot.source)
    if subject.hs_code is None and isinstance(subject.product, str):
        slot = state.context.lookup("hs_code")
        if slot is not None and slot.value and _same_head(slot.value[1], subject.product):
            subject.hs_code = slot.value[0]
            if slot.source:
                subject.spans["hs_code"] = text_span(state.text, *slot.source)


def _drop_reporter_partner_overlap(subject: Subject) -> None:
    """'Imports from Germany' with no reporter named: Germany is the partner, not both."""
    if subject.reporter and subject.partner and set(subject.reporter) <= set(subject.partner):
        subject.reporter = None
        subject.spans.pop("reporter", None)


def read_subject(draft: Draft, window: Window, prev: Subject | None, state: DocState) -> Subject:
    subject = Subject(comparison=draft.comparison)
    _flow(window, draft, prev, state, subject)
    _measure(window, draft, subject)
    _approx(draft, window, state, subject)
    _places(window, draft, state, subject)
    if subject.partner is None and prev is not None and _is_elliptical(window, draft):
        subject.partner = prev.partner
        if "partner" in prev.spans:
            subject.spans["partner"] = prev.spans["partner"]
    _product(window, draft, state, subject)
    _hs_code(window, state, subject)
    _inherit(subject, prev, state)
    _drop_reporter_partner_overlap(subject)
    _period(window, draft, prev, state, subject)
    _basis(window, draft, prev, state, subject)
    return subject


# ---------------------------------------------------------------- claims


def _value(m: Mention, upper: Mention | None, text: str, negative: bool) -> dict[str, Any]:
    q = m.quantity
    end = upper.end if upper is not None else m.end
    return {
        "amount": -q.amount if negative else q.amount,
        "unit": q.unit,
        "upper": upper.quantity.amount if upper is not None else q.upper,
        "start": m.start,
        "end": end,
        "text": text[m.start : end],
    }


def _change(draft: Draft, subject: Subject, state: DocState, sign: int) -> dict[str, Any]:
    m = draft.change
    q = m.quantity
    unit = q.unit
    if unit == "percent" and (
        subject.basis is None or draft.role_of_value == "share" and draft.value is not None
    ):
        unit = "pp"
    basis = "yoy" if subject.basis is UNSET else subject.basis
    return {
        "amount": q.amount * sign,
        "unit": unit,
        "basis": basis,
        "upper": q.upper * sign if q.upper is not None else None,
        "start": m.start,
        "end": m.end,
        "text": m.text,
    }


def _evidence(draft: Draft, subject: Subject, window: Window, state: DocState) -> Loc:
    start = draft.first
    end = draft.last
    for m in subject.used:
        if window.start <= m.start < start and start - m.start <= 220:
            start = m.start
        if draft.last <= m.end <= window.end and m.end - end <= 80:
            end = max(end, m.end)
    return text_span(state.text, start, end)


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


def build_claims(
    draft: Draft, subject: Subject, window: Window, state: DocState, prev: Subject | None = None
) -> list[Claim]:
    """One claim, or one per member when several subjects share the number."""
    negative = subject.flow == "deficit"
    value = (
        _value(draft.value, draft.upper, state.text, negative) if draft.value is not None else None
    )
    direction = _direction(draft, window, state, prev.direction if prev else None)
    subject.direction = direction
    if draft.change is not None:
        draft.change.quantity.direction = direction
    # a deficit that grows is a balance that falls (fixtures README, rule 1)
    sign = -direction if negative else direction
    change = _change(draft, subject, state, sign) if draft.change else None
    alts = [_value(m, None, state.text, negative) for m in draft.alts]
    base = {
        "evidence": to_text_span(state.text, _evidence(draft, subject, window, state)),
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
        "spans": {name: to_text_span(state.text, loc) for name, loc in subject.spans.items()},
    }
    if subject.distribute:
        members = getattr(subject, subject.distribute)
        field_name = "product" if subject.distribute == "product_list" else subject.distribute
        return [Claim.model_validate({**base, field_name: member}) for member in members]
    return [Claim.model_validate(base)]


def remember(subject: Subject, state: DocState, in_head: bool) -> None:
    """What a claim states explicitly becomes context for the sentences after it."""
    ctx = state.context
    for name in ("flow", "reporter", "product"):
        value = getattr(subject, name)
        if value is UNSET or value is None and name != "product":
            continue
        if (
            name == "reporter"
            and len(value) > 1
            or subject.distribute == "product_list"
            and name == "product"
        ):
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

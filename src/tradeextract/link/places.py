"""Reporter and partner: lists of places, their roles (possessive, attributive, after "to" /
"from"), and whether several places share a number one each or as a group.
"""

from __future__ import annotations

import re
from enum import Enum

from tradeextract.link.decisions import also, decide
from tradeextract.link.drafts import Draft, Role, Subject
from tradeextract.link.mentions import Mention
from tradeextract.link.nearby import Nearby
from tradeextract.link.state import DocState, LinkRules, loc, word_before
from tradeextract.link.window import MODIFIER_GAP, Window, is_modifier_place


class PlaceRole(str, Enum):
    """What a list of places is to a claim."""

    REPORTER_MARKED = "reporter!"  # a reporter the text marks explicitly ("China's exports")
    REPORTER = "reporter"  # the article's economy named bare: a reporter unless one is marked
    PARTNER = "partner"  # after 'to', 'from', 'with', or another economy than the article's
    NEITHER = "none"  # a place that only qualifies another noun ("the EU's top ten partners")


POSSESSIVE_WIDTH = 3  # characters after a place in which possessive_after finds "'s"
ATTRIBUTIVE_REACH = 30  # a trade word this close after a place makes it whose trade it is
COUNTERPART_REACH = 24  # characters after a place read for "'s share" or 'buyers'
COUNTERPART_WORDS = 2  # of those, the words that may name the place as buyers (partner_nouns)
SHARE_OF_REACH = 40  # after "Mexico's share": a place this close says whose trade it is part of
PLACE_AFTER_REACH = 40  # a place this far after a claim's last number can still be its subject
GROUP_WORD_REACH = 40  # after a number: 'combined', 'together' make it the group's, not each's
CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")  # between a place and a trade word, it parts them
LOWER_WORD = re.compile(r"[a-z]+")  # a word of the lower-cased text


def _place_lists(places: list[Mention], text: str, rules: LinkRules) -> list[list[Mention]]:
    """'Germany, France and Poland' is one list: the role of its first word is the list's role."""
    lists: list[list[Mention]] = []
    for place in places:
        if lists and rules.list_between.search(text[lists[-1][-1].end : place.start]):
            lists[-1].append(place)
        else:
            lists.append([place])
    return lists


def _possessive_reporter(place: Mention, mentions: list[Mention], state: DocState) -> bool:
    """'China's exports' reports; "the EU's top ten trading partners" does not."""
    after = state.text[place.end : place.end + POSSESSIVE_WIDTH]
    if not state.rules.possessive_after.search(after):
        return False
    reach = place.end + state.rules.possessive_reach
    return any(
        m.kind in ("FLOW", "PRODUCT", "INDUSTRY", "MEASURE", "ALLGOODS")
        and place.end <= m.start <= reach
        for m in mentions
    )


def _refer_to_economy(subject: Subject, state: DocState, prev: Subject | None) -> None:
    """'the country', 'domestic': the economy the sentence or the text last said was trading
    ('Chile's imports fell, giving the country a surplus'; 'Uganda's shipments held up. The
    country exported ...'), else the article's."""
    slot = state.context.lookup("reporter")
    if prev is not None and prev.reporter_marked and prev.reporter:
        code, source = prev.reporter[0], prev.spans.get("reporter")
    elif slot is not None and slot.value:
        code, source = slot.value[0], slot.source
    elif state.main_reporter:
        code, source = state.main_reporter
    else:
        return
    subject.reporter = [code]
    decide(subject.decided, "reporter.self")
    if source:
        subject.spans["reporter"] = loc(*source)


def marks_reporter(place: Mention, nearby: Nearby, state: DocState) -> bool:
    """'Uganda's shipments held near record territory', 'EU car exports': the text says whose
    trade it is."""
    reach = max(state.rules.possessive_reach, ATTRIBUTIVE_REACH)
    mentions = nearby.starting(place.end, place.end + reach + 1)
    return _possessive_reporter(place, mentions, state) or is_attributive(
        place, mentions, state.text
    )


def is_attributive(place: Mention, mentions: list[Mention], text: str) -> bool:
    """'EU car exports', 'the EU shipped', 'Japan recorded a trade deficit': the place is whose
    trade it is when a trade word follows it closely, in the same clause."""
    for m in mentions:
        if m.start < place.end or m.start - place.end > ATTRIBUTIVE_REACH:
            continue
        if m.kind in ("PLACE", "QUANTITY"):
            return False
        if m.kind == "FLOW":
            return not CLAUSE_PUNCTUATION.search(text[place.end : m.start])
    return False


def _names_counterpart(place: Mention, mentions: list[Mention], state: DocState) -> bool:
    """'India's share rose 2.8 points' (of the reporter's imports) or 'Chinese buyers paid':
    a place that is not the article's economy, named as a share-holder or as buyers, is the
    partner."""
    following = state.text[place.end : place.end + COUNTERPART_REACH].lower().replace("’", "'")
    share = state.rules.share_holder_after.match(following)
    if share and any(
        m.kind == "PLACE" and 0 < m.start - place.end <= SHARE_OF_REACH for m in mentions
    ):
        return True  # "Mexico's share of total U.S. goods imports": the U.S. reports
    if state.rules.counterpart_after.match(state.text, place.end):
        return True  # 'Europe remained the main destination'
    main = state.main_code
    if place.id == main:
        return False
    if share:
        return True
    words = LOWER_WORD.findall(following)[:COUNTERPART_WORDS]
    return any(word in state.rules.partner_nouns for word in words)


def _demonym_role(place: Mention, mentions: list[Mention], state: DocState) -> PlaceRole:
    """'Chinese exports' and, in an article about China, 'Chinese devices' report; 'Russian
    crude' in an article about India's imports is where the crude comes from."""
    main = state.main_code
    if place.id == main or is_attributive(place, mentions, state.text):
        return PlaceRole.REPORTER_MARKED
    return PlaceRole.PARTNER


def _place_role(
    group: list[Mention], flow: str | None, state: DocState, nearby: Nearby
) -> PlaceRole:
    """REPORTER_MARKED when the text marks whose trade it is (a province, "China's exports",
    'Chinese', 'the EU imported'); REPORTER for the article's economy named bare; PARTNER
    after 'to', 'from', 'with' and for other economies; NEITHER for a place that only qualifies
    another noun."""
    text, rules = state.text, state.rules
    first, last = group[0], group[-1]
    # every test below looks at most this far after the last place
    reach = max(rules.possessive_reach, SHARE_OF_REACH, ATTRIBUTIVE_REACH)
    mentions = nearby.starting(last.end, last.end + reach + 1)
    if all(p.place_type == "subdivision" for p in group):
        return PlaceRole.REPORTER_MARKED
    if _names_counterpart(last, mentions, state):
        return PlaceRole.PARTNER
    if _possessive_reporter(last, mentions, state):
        return PlaceRole.REPORTER_MARKED
    if first.place_type == "demonym":
        return _demonym_role(last, mentions, state)
    before = word_before(text, first.start)
    if before == "from":
        return PlaceRole.PARTNER if flow == "import" else PlaceRole.REPORTER
    if before == "into" and flow == "import":
        return PlaceRole.REPORTER_MARKED  # 'imports into Germany from Poland': Germany imports
    if before in rules.partner_before:
        return PlaceRole.PARTNER
    if is_attributive(last, mentions, text):
        return PlaceRole.REPORTER_MARKED
    main = state.main_code
    if len(group) == 1 and first.id == main:
        return PlaceRole.REPORTER
    if rules.possessive_after.search(text[last.end : last.end + POSSESSIVE_WIDTH]):
        return PlaceRole.NEITHER
    if main is not None and flow in ("export", "import", "trade", "balance", None):
        return PlaceRole.PARTNER
    return PlaceRole.REPORTER


def _codes(group: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.id for m in group))


def _place_roles(
    window: Window, candidates: list[Mention], subject: Subject, state: DocState
) -> list[tuple[list[Mention], PlaceRole]]:
    """Each list of places among the candidates, with its role."""
    text = state.text
    if not any(m.kind == "PLACE" for m in candidates):
        return []
    every = sorted(window.left + window.right + window.numbers, key=lambda m: m.start)
    nearby = Nearby(every, state.rules.reach)
    places = [
        m
        for m in candidates
        if m.kind == "PLACE"
        and not is_modifier_place(m, nearby.starting(m.end, m.end + MODIFIER_GAP + 1), text)
    ]
    return [
        (group, _place_role(group, subject.flow, state, nearby))
        for group in _place_lists(places, text, state.rules)
    ]


def read_places(
    window: Window, draft: Draft, state: DocState, subject: Subject, prev: Subject | None = None
) -> None:
    candidates = [m for m in window.left if m.kind in ("PLACE", "SELF")]
    if not draft.comparison:  # a comparison figure is about its lead's places
        candidates += [
            m
            for m in window.right
            if m.kind == "PLACE" and m.start - draft.last <= PLACE_AFTER_REACH
        ]
    roles = _place_roles(window, candidates, subject, state)
    reporters: list[list[Mention]] = []
    partners: list[list[Mention]] = []
    marked = {
        code for group, role in roles if role == PlaceRole.REPORTER_MARKED for code in _codes(group)
    }
    for group, role in roles:
        if (
            role == PlaceRole.REPORTER_MARKED
            or role == PlaceRole.REPORTER
            and (not marked or set(_codes(group)) <= marked)
        ):
            reporters.append(group)
        elif role in (PlaceRole.PARTNER, PlaceRole.REPORTER):
            partners.append(group)  # "Turkey took 31% of Ukraine's wheat shipments"
    if any(m.kind == "SELF" for m in candidates) and not reporters:
        _refer_to_economy(subject, state, prev)
    if reporters:
        group = _prefer_subdivisions(reporters)
        subject.reporter = _codes(group)
        decide(subject.decided, "reporter.stated")
        subject.spans["reporter"] = loc(group[0].start, group[-1].end)
        subject.used.extend(group)
        main = state.main_code
        subject.reporter_marked = bool(marked) or subject.reporter == [main]
    if partners:
        group = max(partners, key=len)
        subject.partner = _codes(group)
        decide(subject.decided, "partner.stated")
        subject.spans["partner"] = loc(group[0].start, group[-1].end)
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
    if draft.role_of_value == Role.SHARE and draft.value is not None:
        return
    if draft.value is not None and draft.value.quantity.kind == "count":
        return
    start = min([g[0].start for g in groups if len(g) > 1] + [draft.first])
    lowered = state.text[start : draft.last + GROUP_WORD_REACH].lower()
    if any(word in lowered for word in state.rules.group_words):
        return
    if subject.partner and len(subject.partner) > 1:
        subject.distribute = "partner"
        also(subject.decided, "partner.one_each")
    elif subject.reporter and len(subject.reporter) > 1:
        subject.distribute = "reporter"
        also(subject.decided, "reporter.one_each")

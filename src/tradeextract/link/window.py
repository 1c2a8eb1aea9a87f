"""The words around a draft that can describe it: from the clause break before it to the
clause break after it, never past the neighbouring drafts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradeextract.link.drafts import Draft
from tradeextract.link.mentions import Mention
from tradeextract.link.nearby import Nearby
from tradeextract.link.state import SUBJECT_KINDS, DocState, LinkRules

MODIFIER_GAP = 2  # characters at most between a place and the noun it qualifies ('U.S. tariff')
LIST_ITEM_BEFORE = 1  # a list item ends at most this far before a soft break ('Peru, and')
LIST_ITEM_AFTER = 5  # the next list item starts within this after a soft break (', and the EU')


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


def window_of(
    draft: Draft,
    prev: Draft | None,
    nxt: Draft | None,
    nearby: Nearby,
    sent_start: int,
    sent_end: int,
    state: DocState,
) -> Window:
    """The words that can describe a draft: from the clause break before it (or the previous
    draft) to the clause break after it (or the next draft)."""
    text, rules, words = state.text, state.rules, nearby.words
    first, last = draft.first, draft.last
    left_bound = _last_break(text, prev.last if prev else sent_start, first, rules)
    left_bound = _soft_left_bound(text, left_bound, first, words, rules)
    right_bound = _first_break(text, last, nxt.first if nxt else sent_end, rules)
    soft = rules.soft_break.search(text, last, right_bound)
    if soft:
        right_bound = soft.start()
    around = words.starting(left_bound, right_bound)
    left = [m for m in around if m.end <= first]
    middle = [m for m in around if first <= m.start and m.end <= last]
    right = [m for m in around if last <= m.start and m.end <= right_bound]
    numbers = nearby.starting(left_bound, right_bound, "QUANTITY")
    return Window(left + middle, right, numbers, left_bound, right_bound)


def _soft_left_bound(text: str, start: int, end: int, words: Nearby, rules: LinkRules) -> int:
    """', and the deficit with West Germany fell to ...': a soft break followed by a new place
    starts this claim's clause (', with export value reaching ...' goes on with the same one)."""
    cut = start
    for match in rules.soft_break.finditer(text, start, end):
        if _joins_list(match, words):
            continue
        if any(
            not is_modifier_place(m, words.starting(m.end, m.end + MODIFIER_GAP + 1), text)
            for m in words.starting(match.end(), end, "PLACE")
        ):
            cut = match.end()
    return cut


def _joins_list(match: re.Match[str], words: Nearby) -> bool:
    """'Chile, Colombia, Peru, and Argentina': a break between two places joins a list."""
    before = next(iter(words.ending(match.start() - LIST_ITEM_BEFORE, match.start())), None)
    after = next(iter(words.starting(match.end(), match.end() + LIST_ITEM_AFTER)), None)
    return before is not None and after is not None and before.kind == after.kind


def is_elliptical(window: Window, draft: Draft) -> bool:
    """'to Thailand $490 million' names its own subject; '(21.44% of total exports)' does not."""
    return not any(m.kind in SUBJECT_KINDS and m.end <= draft.first for m in window.left)


def nearest(
    window: Window, kinds: tuple[str, ...], right_reach: int = 60, draft: Draft | None = None
) -> Mention | None:
    for m in reversed(window.left):
        if m.kind in kinds:
            return m
    for m in window.right:
        if m.kind in kinds and (draft is None or m.start - draft.last <= right_reach):
            return m
    return None


def is_modifier_place(place: Mention, mentions: list[Mention], text: str) -> bool:
    """'Europe-America-Japan pattern', 'U.S. tariff increases': the place qualifies another noun."""
    if text[place.end : place.end + 1] == "-" or text[max(0, place.start - 1) : place.start] == "-":
        return True
    return any(m.kind == "EXCLUDE" and 0 <= m.start - place.end <= MODIFIER_GAP for m in mentions)

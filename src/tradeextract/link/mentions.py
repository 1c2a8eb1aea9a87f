"""Everything the recognisers found, as one flat, sorted list of typed mentions per sentence.

The linker reads only this: it never reaches into a recogniser's internals.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from tradeextract.extensions import doc_text
from tradeextract.model import Quantity
from tradeextract.normalise.periods import PeriodMention
from tradeextract.segment.sentences import Sentence

LONGEST_MENTION = 200  # characters: a walk back for a mention covering a position stops here
DIRECTION_HOST_REACH = 60  # a term holding a direction word ('made up') starts this close before
NAME_AFTER_REACH = 40  # characters after a capitalised trade word read for an institution's name
NAME_BEFORE_REACH = 60  # characters before it read likewise
# 'Trade Ministry', 'Import and Export Bank': the capitalised word after a trade word
NAME_AFTER = re.compile(r"\s*(?:and\s+[A-Z]\w*\s+)?([A-Z]\w*)")
# 'Department of Trade', 'Chamber of Commerce for Import': the capitalised word before it
NAME_BEFORE = re.compile(r"([A-Z]\w*)\s+(?:(?:of|for|and|&)\s+)?(?:[A-Z]\w*\s+(?:and\s+)?)?$")

PLACE_LABELS = {
    "PLACE": "country",
    "SUBDIVISION": "subdivision",
    "REGION": "region",
    "DEMONYM": "demonym",
}


@dataclass(slots=True)
class Mention:
    kind: str  # QUANTITY PERIOD PLACE PRODUCT FLOW DIR HEDGE BASIS MEASURE ALLGOODS EXCLUDE ...
    start: int
    end: int
    text: str
    id: str = ""
    quantity: Quantity | None = None
    period: PeriodMention | None = None
    place_type: str = ""


def _span_mentions(spans: list[Span], kind_of) -> list[Mention]:
    out = []
    for span in spans:
        kind = kind_of(span)
        if kind:
            out.append(Mention(kind, span.start_char, span.end_char, span.text, span.id_))
    return out


def _longest_per_label(spans: list[Span]) -> list[Span]:
    by_label: dict[str, list[Span]] = {}
    for span in spans:
        by_label.setdefault(span.label_, []).append(span)
    return [s for group in by_label.values() for s in filter_spans(group)]


def _in_name(m: Mention, text: str, name_words: frozenset[str]) -> bool:
    """'Trade Ministry', 'Department of Trade and Industry', 'China Chamber of Commerce for
    Import and Export': a capitalised trade word beside an institution's name is not a flow."""
    if not m.text[:1].isupper():
        return False
    after = NAME_AFTER.match(text[m.end : m.end + NAME_AFTER_REACH])
    if after and after.group(1) in name_words:
        return True
    before = NAME_BEFORE.search(text[max(0, m.start - NAME_BEFORE_REACH) : m.start])
    return bool(before) and before.group(1) in name_words


def collect_mentions(
    doc: Doc, keys: dict[str, str], name_words: frozenset[str] = frozenset()
) -> list[Mention]:
    """All mentions in the doc, sorted by start: quantities, periods, places, terms, products."""
    mentions = [
        Mention("QUANTITY", q.start, q.end, q.text, q.kind, quantity=q)
        for q in doc._.quantities or []
    ]
    mentions += [
        Mention("DATE" if p.is_date else "PERIOD", p.start, p.end, p.text, p.kind, period=p)
        for p in doc._.periods or []
    ]
    for span in filter_spans(list(doc.spans.get(keys["places"], []))):
        if span.label_ in PLACE_LABELS:
            mentions.append(
                Mention(
                    "PLACE",
                    span.start_char,
                    span.end_char,
                    span.text,
                    span.id_,
                    place_type=PLACE_LABELS[span.label_],
                )
            )
    terms = _longest_per_label(list(doc.spans.get(keys["terms"], [])))
    text = doc_text(doc)
    mentions += [
        m
        for m in _span_mentions(terms, lambda s: s.label_ if s.label_ != "PRODUCT" else None)
        if not (m.kind == "FLOW" and _in_name(m, text, name_words))
    ]
    mentions += _span_mentions(list(doc.spans.get(keys["products"], [])), lambda s: "PRODUCT")
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _drop_shadowed(mentions)


def _covered(m: Mention, starts: list[int], spans: list[Mention]) -> bool:
    """Is m inside one of the spans (sorted by start), other than itself?"""
    index = bisect.bisect_right(starts, m.start) - 1
    while index >= 0:
        other = spans[index]
        if other is not m and other.end >= m.end:
            return True
        if m.start - other.start > LONGEST_MENTION:
            return False
        index -= 1
    return False


DIRECTION_HOSTS = ("MEASURE", "BASIS", "HEDGE", "COMPARE", "EXCLUDE", "FLOW")


def _covered_longer(m: Mention, starts: list[int], spans: list[Mention]) -> bool:
    index = bisect.bisect_right(starts, m.start) - 1
    while index >= 0 and m.start - spans[index].start <= DIRECTION_HOST_REACH:
        other = spans[index]
        if other.end >= m.end and other.end - other.start > m.end - m.start:
            return True
        index -= 1
    return False


def _drop_shadowed(mentions: list[Mention]) -> list[Mention]:
    """A period or place inside a quantity, a term inside a place, or a direction word inside a
    longer term ('up' in 'made up', 'growth' in 'compound annual growth rate') is not a mention
    of its own."""
    quantities = [m for m in mentions if m.kind == "QUANTITY" and m.id != "number"]
    places = [m for m in mentions if m.kind == "PLACE"]
    hosts = [m for m in mentions if m.kind in DIRECTION_HOSTS]
    q_starts, p_starts = [m.start for m in quantities], [m.start for m in places]
    h_starts = [m.start for m in hosts]
    kept = []
    for m in mentions:
        if m.kind in ("PERIOD", "DATE", "PLACE") and _covered(m, q_starts, quantities):
            continue
        if m.kind in ("FLOW", "DIR", "HEDGE", "MEASURE", "PRODUCT") and _covered(
            m, p_starts, places
        ):
            continue
        if m.kind == "DIR" and _covered_longer(m, h_starts, hosts):
            continue
        kept.append(m)
    return kept


def by_sentence(mentions: list[Mention], sentences: list[Sentence]) -> list[list[Mention]]:
    """Mentions grouped by the sentence they start in."""
    starts = [s.start for s in sentences]
    groups: list[list[Mention]] = [[] for _ in sentences]
    for m in mentions:
        index = bisect.bisect_right(starts, m.start) - 1
        if 0 <= index < len(sentences) and m.end <= sentences[index].end:
            groups[index].append(m)
    return groups

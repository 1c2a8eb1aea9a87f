"""Sentences too long to be prose are linked in pieces, and the document says so.

A table or a list of quotes without sentence ends reads as one 'sentence' of many thousand
characters. Whatever the linker does once per sentence (the first claim's window reaches back
to the sentence start, a window's words are compared with each other) then grows with the
square of that length. Such a sentence is cut into pieces of at most `max_sentence`
characters, each linked as a sentence of its own: at a clause break where there is one, else
between words, never inside a mention. Each cut sentence leaves a note on the document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from tradeextract.link.mentions import LONGEST_MENTION, Mention
from tradeextract.segment.sentences import Sentence

WHITESPACE = re.compile(r"\s+")


def _last_match(pattern: re.Pattern[str], text: str, low: int, high: int) -> re.Match | None:
    last = None
    for match in pattern.finditer(text, low, high):
        last = match
    return last


def _inside_mention(position: int, starts: list[int], mentions: list[Mention]) -> Mention | None:
    index = bisect.bisect_left(starts, position) - 1
    while index >= 0 and position - mentions[index].start <= LONGEST_MENTION:
        if mentions[index].start < position < mentions[index].end:
            return mentions[index]
        index -= 1
    return None


def _cut(
    text: str,
    start: int,
    max_sentence: int,
    clause_break: re.Pattern[str],
    starts: list[int],
    mentions: list[Mention],
) -> tuple[int, int]:
    """Where a piece from `start` ends and the next begins: after the last clause break in the
    second half of the allowed length, else at the last white space, else at the bound; moved
    back to the start of a mention it would cut through."""
    low, high = start + max_sentence // 2, start + max_sentence
    match = _last_match(clause_break, text, low, high)
    if match is not None:
        end = begin = match.end()
    else:
        space = _last_match(WHITESPACE, text, low, high)
        end, begin = (space.start(), space.end()) if space else (high, high)
    cut_through = _inside_mention(begin, starts, mentions)
    if cut_through is not None and cut_through.start > start:
        end = begin = cut_through.start
    return end, begin


def split_long(
    sentence: Sentence,
    text: str,
    max_sentence: int,
    clause_break: re.Pattern[str],
    starts: list[int],
    mentions: list[Mention],
) -> list[Sentence]:
    """The sentence in pieces of at most `max_sentence` characters (itself if it is short)."""
    pieces, start = [], sentence.start
    while sentence.end - start > max_sentence:
        end, start_next = _cut(text, start, max_sentence, clause_break, starts, mentions)
        pieces.append(replace(sentence, start=start, end=end))
        start = start_next
    if not pieces:
        return [sentence]
    pieces.append(replace(sentence, start=start, end=sentence.end))
    return pieces


def bound_sentences(
    sentences: list[Sentence],
    text: str,
    mentions: list[Mention],
    max_sentence: int,
    clause_break: re.Pattern[str],
) -> tuple[list[Sentence], list[str]]:
    """Every sentence at most `max_sentence` characters long, and a note for each one cut."""
    starts = [m.start for m in mentions]
    bounded: list[Sentence] = []
    notes: list[str] = []
    for sentence in sentences:
        pieces = split_long(sentence, text, max_sentence, clause_break, starts, mentions)
        if len(pieces) > 1:
            notes.append(
                f"sentence at characters {sentence.start}-{sentence.end} "
                f"({sentence.end - sentence.start:,} characters, longer than {max_sentence:,}) "
                f"was linked in {len(pieces)} pieces"
            )
        bounded += pieces
    return bounded, notes

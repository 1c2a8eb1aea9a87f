"""Sentences and sections: where claims end and where context resets.

A line that ends without sentence punctuation and is short is a heading: it starts a new
section (spec section 3). Sentences end at '.', '!', '?' tokens and at line breaks, so page
furniture on its own line never joins the article's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from tradeextract.extensions import doc_text

HEADING_MAX_WORDS = 16


@dataclass
class Sentence:
    start: int  # character offsets
    end: int
    section: int
    is_heading: bool
    in_head: bool  # headline or first paragraph: the document-wide fallback context
    is_furniture: bool = False  # menus, 'ALSO READ' links, related-headline lists
    paragraph: int = 0  # index of the line it stands on


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start = end + 1
    return spans


def _is_heading(text: str) -> bool:
    stripped = text.strip().strip("*#").strip()
    ends_like_heading = bool(stripped) and stripped[-1] not in '.!?:;,"”’)'
    return ends_like_heading and len(stripped.split()) <= HEADING_MAX_WORDS


SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“‘(*])")


def _sentence_breaks(
    text: str, start: int, end: int, abbreviations: frozenset[str]
) -> list[tuple[int, int]]:
    """Sentence spans inside one line: a break after '.', '!' or '?' and white space before a
    capital, unless the word before is an abbreviation ('U.S.', 'Jan.')."""
    pieces, piece_start = [], start
    for match in SENTENCE_BREAK.finditer(text, start, end):
        word_start = max(text.rfind(" ", piece_start, match.start()) + 1, piece_start)
        last_word = text[word_start : match.start()].lstrip('("“').rstrip('"”’)')
        if last_word in abbreviations:
            continue
        pieces.append((piece_start, match.start()))
        piece_start = match.end()
    pieces.append((piece_start, end))
    return [(s, e) for s, e in pieces if e > s]


def _is_paragraph(text: str) -> bool:
    return len(text.split()) > 25 and text.rstrip()[-1:] in '.!?"”'


def segment(
    doc: Doc,
    furniture_line: re.Pattern[str],
    furniture_section: re.Pattern[str],
    abbreviations: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """The document as sentences with section numbers; head = headline lines + first paragraph.

    Page furniture (menus, link lines, everything after a 'Related' heading until a real
    paragraph) is kept as sentences marked furniture, so it can never yield claims."""
    sentences: list[Sentence] = []
    section = 0
    body_lines_seen = 0
    in_furniture_block = False
    text = doc_text(doc)
    for paragraph, (line_start, line_end) in enumerate(_lines(text)):
        line_text = text[line_start:line_end]
        if furniture_section.search(line_text.strip("*# ")):
            in_furniture_block = True
        elif in_furniture_block and _is_paragraph(line_text):
            in_furniture_block = False
        if in_furniture_block or furniture_line.search(line_text.strip("*# ")):
            sentences.append(Sentence(line_start, line_end, section, False, False, True, paragraph))
            continue
        if _is_heading(line_text):
            if body_lines_seen:
                section += 1
            sentences.append(
                Sentence(
                    line_start, line_end, section, True, body_lines_seen == 0, False, paragraph
                )
            )
            continue
        body_lines_seen += 1
        for start, end in _sentence_breaks(text, line_start, line_end, abbreviations):
            sentences.append(
                Sentence(start, end, section, False, body_lines_seen == 1, False, paragraph)
            )
    _mark_headline_lists(sentences)
    return sentences


def _mark_headline_lists(sentences: list[Sentence]) -> None:
    """Two or more short lines in a row after the article began are a list of other stories'
    headlines (a scraped page's 'more news' block), not section headings: furniture."""
    body_started = False
    run: list[Sentence] = []
    for sentence in [*sentences, None]:
        if sentence is not None and sentence.is_heading and body_started:
            run.append(sentence)
            continue
        if len(run) >= 2:
            for heading in run:
                heading.is_furniture = True
        run = []
        if sentence is not None and not sentence.is_heading and not sentence.is_furniture:
            body_started = True

"""Sentences and sections: where claims end and where context resets.

A line that ends without sentence punctuation and is short is a heading: it starts a new
section (spec section 3). Sentences end at '.', '!', '?' tokens and at line breaks, so page
furniture on its own line never joins the article's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?"})
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


def _sentence_breaks(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line, split after sentence-final punctuation tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return [(start, end)]
    pieces, piece_start = [], start
    for token in span:
        if token.text in SENTENCE_END and token.idx + 1 < end:
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and (nxt.is_title or nxt.is_upper or nxt.text in '"“‘(*'):
                pieces.append((piece_start, token.idx + 1))
                piece_start = nxt.idx
    pieces.append((piece_start, end))
    return [(s, e) for s, e in pieces if e > s]


def _is_paragraph(text: str) -> bool:
    return len(text.split()) > 25 and text.rstrip()[-1:] in '.!?"”'


def segment(
    doc: Doc, furniture_line: re.Pattern[str], furniture_section: re.Pattern[str]
) -> list[Sentence]:
    """The document as sentences with section numbers; head = headline lines + first paragraph.

    Page furniture (menus, link lines, everything after a 'Related' heading until a real
    paragraph) is kept as sentences marked furniture, so it can never yield claims."""
    sentences: list[Sentence] = []
    section = 0
    body_lines_seen = 0
    in_furniture_block = False
    for paragraph, (line_start, line_end) in enumerate(_lines(doc.text)):
        line_text = doc.text[line_start:line_end]
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
        for start, end in _sentence_breaks(doc, line_start, line_end):
            sentences.append(
                Sentence(start, end, section, False, body_lines_seen == 1, False, paragraph)
            )
    return sentences

"""Blocks, sentences, headings, sections and page furniture of a normalised text.

Works on the text `layout.normalise` gives, where every remaining line is a block: a paragraph,
a heading, a list item or a table row. The same decisions are made per sentence, not per line,
so a page saved on one line (menu, article and related headlines run together) is read as
well as the page with its line breaks: furniture is cut out of a block where its markers
stand, never by discarding the whole block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from tradeextract.resources import DATA_DIR, DataDir, read_json


@dataclass
class Sentence:
    start: int  # character offsets
    end: int
    section: int
    is_heading: bool
    in_head: bool  # headline or lead: the document-wide fallback context
    is_furniture: bool = False  # menus, 'Related' lists, footers
    paragraph: int = 0  # index of the block it stands in
    run_on: bool = False  # in a block far longer than a paragraph (a page on one line)
    is_table: bool = False  # a row of a markdown or aligned plain-text table


@dataclass(frozen=True)
class SegmentRules:
    sentence_break: re.Pattern[str]
    abbreviations: frozenset[str]
    furniture_start: re.Pattern[str]  # a block or sentence that is furniture from its start
    furniture_anywhere: re.Pattern[str]  # link separators: 'Home | News', 'Home > Economy'
    furniture_section: re.Pattern[str]  # 'Related stories': what follows is furniture too
    furniture_link: re.Pattern[str]  # 'Read more: ...': this sentence is a link
    table_row: re.Pattern[str]
    spaced_table_row: re.Pattern[str]  # 'Gold 2,981.4 3,412.7 14.5', in runs of two or more
    table_rule: re.Pattern[str]
    heading_max_words: int
    paragraph_min_words: int
    head_sentences: int  # the lead of a page on one line: its first sentences
    head_max_block_sentences: int  # a first block longer than this is a page on one line
    terminal: str


@lru_cache(maxsize=4)
def load_segment_rules(data_dir: DataDir = DATA_DIR) -> SegmentRules:
    spec = read_json("segment_rules.json", data_dir)
    return SegmentRules(
        sentence_break=re.compile(spec["sentence_break"]),
        abbreviations=frozenset(spec["abbreviations"]),
        furniture_start=re.compile(spec["furniture_start"]),
        furniture_anywhere=re.compile(spec["furniture_anywhere"]),
        furniture_section=re.compile(spec["furniture_section"]),
        furniture_link=re.compile(spec["furniture_link"]),
        table_row=re.compile(spec["table_row"]),
        spaced_table_row=re.compile(spec["spaced_table_row"]),
        table_rule=re.compile(spec["table_rule"]),
        heading_max_words=int(spec["heading_max_words"]),
        paragraph_min_words=int(spec["paragraph_min_words"]),
        head_sentences=int(spec["head_sentences"]),
        head_max_block_sentences=int(spec["head_max_block_sentences"]),
        terminal=spec["terminal"],
    )


def blocks(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of the normalised text, stripped."""
    spans, start = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start += len(line) + 1
    return spans


def _strip_markup(text: str) -> str:
    return text.strip().strip("*#_").strip()


BULLET = re.compile(r"\s*(?:[-*+•▪●]|\d{1,3}[.)])\s")  # '- ', '• ', '1. ': an item of a list


def is_heading(text: str, rules: SegmentRules) -> bool:
    """A short line without a final stop; not a list item ('- **Exports:** $32.11 billion')."""
    stripped = _strip_markup(text)
    if not stripped or rules.table_row.search(text) or BULLET.match(text):
        return False
    return stripped[-1] not in rules.terminal + ",)’" and (
        len(stripped.split()) <= rules.heading_max_words
    )


def _ends_sentence(text: str, rules: SegmentRules) -> bool:
    return text.rstrip()[-1:] in rules.terminal + ")’"


def _is_paragraph(text: str, rules: SegmentRules) -> bool:
    stripped = text.rstrip()
    return len(stripped.split()) > rules.paragraph_min_words and stripped[-1:] in rules.terminal


def split_sentences(text: str, start: int, end: int, rules: SegmentRules) -> list[tuple[int, int]]:
    """Sentence spans inside one block: a break after '.', '!' or '?' and white space before
    a capital, unless the word before is an abbreviation ('U.S.', 'Jan.'); and a break before
    a furniture marker ('Related stories', '©'), which starts furniture mid-block."""
    breaks: dict[int, int] = {}  # where a piece ends -> where the next one starts
    for match in rules.sentence_break.finditer(text, start, end):
        word_start = max(text.rfind(" ", start, match.start()) + 1, start)
        last_word = text[word_start : match.start()].lstrip('("“').rstrip('"”’)')
        if last_word not in rules.abbreviations:
            breaks[match.start()] = match.end()  # past the closing quote and white space
    for pattern in (rules.furniture_section, rules.furniture_link):
        for match in pattern.finditer(text, start, end):
            if match.start() > start:
                breaks.setdefault(match.start(), match.start())
    pieces, piece_start = [], start
    for cut in sorted(breaks):
        pieces.append((piece_start, cut))
        piece_start = max(piece_start, breaks[cut])
    pieces.append((piece_start, end))
    return [_trimmed(text, s, e) for s, e in pieces if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + len(piece.rstrip())


def _menu_prefix_end(text: str, start: int, end: int, rules: SegmentRules) -> int | None:
    """'Home | World | Business | Sign in China's exports rose...': the link list before the
    last separator is furniture; what follows may be the headline and lead."""
    if not _has_link_separator(text, start, end):
        return None
    last = None
    for match in rules.furniture_anywhere.finditer(text, start, end):
        last = match.end()
    return last


LINK_SEPARATORS = "|>\u00bb"


def _has_link_separator(text: str, start: int, end: int) -> bool:
    """A cheap test before the link-list pattern, which is slow on long sentences."""
    return any(text.find(sep, start, end) >= 0 for sep in LINK_SEPARATORS)


def segment_text(text: str, rules: SegmentRules | None = None) -> list[Sentence]:
    """The document as sentences with section and paragraph numbers; head = headline + lead.

    A block far longer than a paragraph (a page saved on one line) has lost its paragraph
    breaks: its sentences are marked `run_on`, and the linker scopes a period to the sentence
    that states it, so a detail ('In June alone') does not become the frame of the page."""
    rules = rules or load_segment_rules()
    sentences: list[Sentence] = []
    section = 0
    body_seen = 0
    paragraph = -1
    in_furniture_run = False
    for block_start, block_end in blocks(text):
        paragraph += 1
        block = text[block_start:block_end]
        stripped = _strip_markup(block)
        if rules.table_rule.match(block):
            sentences.append(
                Sentence(block_start, block_end, section, False, False, True, paragraph)
            )
            continue
        if rules.table_row.search(block):
            sentences.append(
                Sentence(
                    block_start, block_end, section, False, False, False, paragraph, False, True
                )
            )
            continue
        if is_heading(block, rules) and not rules.furniture_anywhere.search(block):
            if rules.furniture_section.match(stripped):
                in_furniture_run = True
            elif not in_furniture_run and not _is_furniture_line(stripped, rules):
                section += body_seen > 0
                sentences.append(
                    Sentence(
                        block_start, block_end, section, True, body_seen == 0, False, paragraph
                    )
                )
                continue
            sentences.append(
                Sentence(block_start, block_end, section, False, False, True, paragraph)
            )
            continue
        pieces = _block_sentences(text, block_start, block_end, rules)
        long_block = len(pieces) > rules.head_max_block_sentences
        lead_sentences = 0
        for start, end in pieces:
            piece = _strip_markup(text[start:end])
            if rules.furniture_section.match(piece):
                in_furniture_run = True
            elif in_furniture_run and _is_paragraph(piece, rules):
                in_furniture_run = False
            furniture = in_furniture_run or _is_furniture_line(piece, rules)
            furniture = furniture or _is_link_list(text, start, end, rules)
            in_lead = not long_block or lead_sentences < rules.head_sentences
            in_head = body_seen == 0 and not furniture and in_lead
            lead_sentences += not furniture
            sentences.append(
                Sentence(start, end, section, False, in_head, furniture, paragraph, long_block)
            )
        # a deck under the headline (a standfirst without a final stop) leaves the lead open
        body_seen += lead_sentences > 0 and (long_block or _ends_sentence(stripped, rules))
    _mark_spaced_tables(sentences, text, rules)
    _mark_table_headers(sentences, text)
    _mark_headline_lists(sentences)
    return sentences


def _mark_spaced_tables(sentences: list[Sentence], text: str, rules: SegmentRules) -> None:
    """Lines of a label and numbers one space apart, two or more in a row (a PDF table after
    text extraction), are a table; the line above them, if it is a short line of column
    names ('Category 2022/23 2023/24 Change (%)'), is its header."""
    rows = [
        s.paragraph != (p.paragraph if p else -1)
        and s.end - s.start <= MAX_SPACED_ROW
        and rules.spaced_table_row.match(text, s.start, s.end) is not None
        for p, s in zip([None, *sentences], sentences, strict=False)
    ]
    start = 0
    for is_row, run in groupby(rows):
        end = start + len(list(run))
        if is_row and end - start >= MIN_SPACED_ROWS:
            for sentence in sentences[start:end]:
                _as_table_row(sentence)
            header = sentences[start - 1] if start else None
            if header is not None and _names_columns(text[header.start : header.end], rules):
                _as_table_row(header)
        start = end


def _as_table_row(sentence: Sentence) -> None:
    sentence.is_table, sentence.is_heading, sentence.is_furniture = True, False, False


def _names_columns(line: str, rules: SegmentRules) -> bool:
    """A short line of column names, among them a year or a percent ('Category 2022/23
    2023/24 Change (%)'), and no sentence's final stop."""
    return (
        2 <= len(line.split()) <= rules.heading_max_words
        and line.rstrip()[-1:] not in ".!?:;"
        and COLUMN_NAME.search(line) is not None
    )


def _mark_table_headers(sentences: list[Sentence], text: str) -> None:
    """'            October 2024    Change, per cent' above aligned rows: a header with a
    blank corner has one column gap, too few for a row of its own, but it heads the table;
    so does the second line of a header ('($ million)    Jun 2023 qtr'), and a rule line
    ('-----') under it does not part them from the rows."""
    nxt: Sentence | None = None  # the next sentence that is not a rule line
    for sentence in reversed(sentences):
        if (
            nxt is not None
            and nxt.is_table
            and not sentence.is_table
            and COLUMN_GAP in text[sentence.start : sentence.end]
        ):
            _as_table_row(sentence)
        if not _is_rule_line(sentence, text):
            nxt = sentence


def _is_rule_line(sentence: Sentence, text: str) -> bool:
    return sentence.is_furniture and RULE_LINE.fullmatch(text, sentence.start, sentence.end)


def _is_furniture_line(piece: str, rules: SegmentRules) -> bool:
    return bool(rules.furniture_start.match(piece) or rules.furniture_link.match(piece))


def _is_link_list(text: str, start: int, end: int, rules: SegmentRules) -> bool:
    return _has_link_separator(text, start, end) and (
        rules.furniture_anywhere.search(text, start, end) is not None
    )


def _block_sentences(text: str, start: int, end: int, rules: SegmentRules) -> list[tuple[int, int]]:
    """A block's sentences, with a leading link list ('Home | News | ...') cut off as a piece
    of its own so the headline and lead after it stay readable; a short tail is the list's
    last link ('Home > Economy > Trade')."""
    pieces = []
    for s, e in split_sentences(text, start, end, rules):
        menu_end = _menu_prefix_end(text, s, e, rules)
        if menu_end is not None:
            menu_end = _past_furniture_words(text, menu_end, e, rules)
        tail = _trimmed(text, menu_end, e) if menu_end is not None else None
        if tail and tail[1] > tail[0] and not is_heading(text[tail[0] : tail[1]], rules):
            pieces.append(_trimmed(text, s, menu_end))
            pieces.append(tail)
        else:
            pieces.append((s, e))
    return pieces


def _past_furniture_words(text: str, start: int, end: int, rules: SegmentRules) -> int:
    """'| Subscribe | Sign in China's exports ...': the last links ('Sign in') belong to the
    list, not to the headline that follows them."""
    while True:
        rest = text[start:end].lstrip()
        match = rules.furniture_start.match(rest)  # anchored at the piece's start
        if match is None or not 0 < match.end() < len(rest):
            return start
        start = end - len(rest) + match.end()


COLUMN_GAP = "  "  # what the layout step leaves of a gap between aligned columns
RULE_LINE = re.compile(r"[-=_|+: ]+")  # '-------', '|---|---|', '===== ====='
MIN_SPACED_ROWS = 2  # lines of a label and numbers that make a table
MAX_SPACED_ROW = 200  # characters: a longer line is prose, not a row
COLUMN_NAME = re.compile(r"\b(?:19|20)\d\d\b|%")  # a year or a percent names a column


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

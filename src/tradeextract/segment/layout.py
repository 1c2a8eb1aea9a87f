"""Line layout, undone without moving a character.

The same article reaches us hard-wrapped at 72 columns, as one line per paragraph, on a single
line, with CRLF or CR line ends. Every later stage should see one shape, so this step decides
which line breaks are *soft* (a wrap inside a paragraph) and turns them into spaces, and which
are *hard* (a paragraph, heading, list item or table row ends) and keeps them as "\\n".
The result has exactly the length of the input, so every offset read on it is an offset into
the original text, and provenance is sliced from the original.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tradeextract.resources import DATA_DIR, read_json

LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class LayoutRules:
    structural_line: re.Pattern[str]  # markdown headings, bullets, table rows, rules
    terminal: str  # characters a sentence (or paragraph) ends with
    max_wrap_width: int  # wider "wraps" are paragraphs laid out one per line
    min_wrapped_lines: int
    wrapped_share: float  # of the breaks inside blocks, the share that must look like wraps
    full_line_slack: int  # a line this close to the wrap width was full
    indent_step: int  # extra indentation that starts a paragraph in wrapped text
    column_gap: re.Pattern[str]
    aligned_row: re.Pattern[str]
    lost_break: re.Pattern[str]  # in a text on one line: where a line break was


@lru_cache(maxsize=4)
def load_layout_rules(data_dir: Path = DATA_DIR) -> LayoutRules:
    spec = read_json("layout_rules.json", data_dir)
    return LayoutRules(
        structural_line=re.compile(spec["structural_line"]),
        terminal=spec["terminal"],
        max_wrap_width=int(spec["max_wrap_width"]),
        min_wrapped_lines=int(spec["min_wrapped_lines"]),
        wrapped_share=float(spec["wrapped_share"]),
        full_line_slack=int(spec["full_line_slack"]),
        indent_step=int(spec["indent_step"]),
        column_gap=re.compile(spec["column_gap"]),
        aligned_row=re.compile(spec["aligned_row"]),
        lost_break=re.compile(spec["lost_break"]),
    )


@dataclass(frozen=True)
class Line:
    start: int  # first character of the line
    indent: int
    content: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def content_start(self) -> int:
        return self.start + self.indent

    @property
    def width(self) -> int:
        """Columns the line takes, indentation included."""
        return self.indent + len(self.content)

    @property
    def content_end(self) -> int:
        return self.start + self.width


def split_lines(text: str) -> list[Line]:
    """The lines of a text; CRLF, CR and LF all end a line."""
    lines: list[Line] = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(_line(text[start : match.start()], start))
        start = match.end()
    lines.append(_line(text[start:], start))
    return lines


def _line(raw: str, start: int) -> Line:
    stripped = raw.lstrip()
    return Line(start, len(raw) - len(stripped), stripped.rstrip())


def _first_word(line: Line) -> str:
    return line.content.split(None, 1)[0] if line.content else ""


def wrap_width(lines: list[Line], rules: LayoutRules) -> int | None:
    """The column the text was hard-wrapped at, or None when lines are paragraphs.

    A wrapped text has many breaks inside a block where the line was full: the next line's
    first word would not have fitted. Unwrapped text breaks only where a paragraph ends."""
    inner = [
        (line, nxt)
        for line, nxt in zip(lines, lines[1:], strict=False)
        if not line.blank and not nxt.blank and not rules.structural_line.match(line.content)
    ]
    if len(inner) < rules.min_wrapped_lines:
        return None
    width = max(line.width for line, _ in inner)
    if width > rules.max_wrap_width:
        return None
    full = sum(
        1
        for line, nxt in inner
        if _was_full(line, nxt, width, rules) and line.content[-1] not in rules.terminal
    )
    return width if full >= rules.wrapped_share * len(inner) else None


def _was_full(line: Line, nxt: Line, width: int, rules: LayoutRules) -> bool:
    return line.width + 1 + len(_first_word(nxt)) > width - rules.full_line_slack


def _continues(line: Line, nxt: Line) -> bool:
    """'exports to the' / 'rest of Asia rose': the next line carries on the sentence."""
    head = nxt.content[:1]
    return bool(head) and (head.islower() or line.content[-1] in ",-(/&" and head.isalnum())


def is_soft_break(
    line: Line, nxt: Line, width: int | None, body_indent: int, rules: LayoutRules
) -> bool:
    """Does the break after `line` fall inside a paragraph?"""
    if line.blank or nxt.blank:
        return False
    if rules.structural_line.match(line.content) or rules.structural_line.match(nxt.content):
        return False
    if width is not None and nxt.indent >= body_indent + rules.indent_step:
        return False  # an indented first line starts a paragraph
    if width is not None and _was_full(line, nxt, width, rules):
        return True
    return line.content[-1] not in rules.terminal and _continues(line, nxt)


def _body_indent(lines: list[Line]) -> int:
    indents = sorted(line.indent for line in lines if not line.blank)
    return indents[len(indents) // 2] if indents else 0


@dataclass(frozen=True)
class Normalised:
    """The text every stage reads, and how its offsets lead back to the text as given.

    `anchors` holds (normalised offset, source offset) pairs wherever the two start to differ;
    between anchors, characters correspond one to one. Plain data, so a Doc keeps it in
    `user_data` and still serialises."""

    text: str
    anchors: list[tuple[int, int]]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """A normalised span as a span of the source; an end maps after its last character."""
        return to_source(self.anchors, start, end)


def to_source(anchors: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    if not anchors:
        return start, end
    source_start = _source_index(anchors, start)
    source_end = _source_index(anchors, end - 1) + 1 if end > start else source_start
    return source_start, source_end


def _source_index(anchors: list[tuple[int, int]], index: int) -> int:
    position = bisect.bisect_right(anchors, (index, float("inf"))) - 1
    if position < 0:
        return index
    normalised, source = anchors[position]
    return source + (index - normalised)


SPACES = " \t\u00a0\u2000-\u200a\u202f\u3000"
# white space that is not already one plain space: runs, tabs, no-break and wide spaces
INLINE_SPACE = re.compile(rf"[{SPACES}]{{2,}}|[{SPACES[1:]}]")


class _Writer:
    """Builds the normalised text piece by piece, recording where offsets diverge."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[tuple[int, int]] = []
        self.delta = 0  # source offset minus normalised offset since the last anchor

    def emit(self, text: str, source_start: int) -> None:
        """`text` stands for the source from `source_start` (itself, or a shorter stand-in)."""
        if not text:
            return
        delta = source_start - self.length
        if delta != self.delta:
            self.anchors.append((self.length, source_start))
            self.delta = delta
        self.parts.append(text)
        self.length += len(text)

    def result(self) -> Normalised:
        return Normalised("".join(self.parts), self.anchors)


COLUMN_GAP = "  "
# markdown's bold: '**R243.5 billion** (US$13.2 billion)'; a pair touching a word on one side,
# not part of a longer run ('________' is a rule)
EMPHASIS = re.compile(r"(?<![*_\s])(?:\*\*|__)(?![*_])|(?<![*_])(?:\*\*|__)(?![*_\s])")


def _emit_visible(writer: _Writer, text: str, start: int, end: int) -> None:
    """text[start:end] without markdown's bold markers, which would stand between a figure
    and the words about it."""
    position = start
    for match in EMPHASIS.finditer(text, start, end):
        writer.emit(text[position : match.start()], position)
        position = match.end()
    writer.emit(text[position:end], position)


def _copy_compacted(
    writer: _Writer, text: str, start: int, end: int, rules: LayoutRules, keep_gaps: bool
) -> None:
    """A line's content with every run of spaces or tabs as one space; where `keep_gaps` (a
    row of an aligned table, or the line heading one), column gaps as two spaces."""
    position = start
    for match in INLINE_SPACE.finditer(text, start, end):
        _emit_visible(writer, text, position, match.start())
        gap = keep_gaps and rules.column_gap.fullmatch(match.group())
        writer.emit(COLUMN_GAP if gap else " ", match.start())
        position = match.end()
    _emit_visible(writer, text, position, end)


SPACE_RUN = re.compile(f"[{SPACES}]+")


def _copy_one_line(writer: _Writer, text: str, start: int, end: int, rules: LayoutRules) -> None:
    """A text saved on one line keeps its line breaks as spaces: a run wider than the usual
    word gap was a blank line, and a usual gap before a word that opens sentences, after a
    lower-case word, was a line break ('... slumps in export According to ...')."""
    runs = list(SPACE_RUN.finditer(text, start, end))
    usual = Counter(len(run.group()) for run in runs).most_common(1)[0][0] if runs else 1
    row_breaks = table_row_breaks(text, start, end)
    position = start
    for run in runs:
        _emit_visible(writer, text, position, run.start())
        width = len(run.group())
        if width > usual:
            writer.emit("\n\n", run.start())
        elif run.start() in row_breaks or (
            rules.lost_break.match(text, run.start()) and run.start() > start
        ):
            writer.emit("\n", run.start())
        else:
            writer.emit(" ", run.start())
        position = run.end()
    _emit_visible(writer, text, position, end)


TABLE_RULE = re.compile(r"\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+")  # '|---|:--:|': a table's rule


def table_row_breaks(text: str, start: int, end: int) -> set[int]:
    """Where the rows of a markdown table flattened onto one line were broken: the rule line
    says how many cells a row has, and every row is that many cells between pipes."""
    breaks: set[int] = set()
    for rule in TABLE_RULE.finditer(text, start, end):
        cells = rule.group().count("|") - 1
        header = _pipes_back(text, start, rule.start() - 1, cells + 1)
        if header is not None:
            breaks.update(p - 1 for p in (header, rule.start()) if p - 1 >= start)
        row_start = rule.end() + 1
        breaks.add(rule.end())
        while row_start < end and text[row_start - 1] == " " and text[row_start] == "|":
            row_end = _pipes_forward(text, row_start, end, cells + 1)
            if row_end is None:
                break
            breaks.add(row_end)
            row_start = row_end + 1
    return {b for b in breaks if start <= b < end and text[b] == " "}


def _pipes_back(text: str, low: int, position: int, count: int) -> int | None:
    """Where a row of `count` pipes that ends just before `position` begins."""
    index = position
    for _ in range(count):
        index = text.rfind("|", low, index)
        if index < 0:
            return None
    return index


def _pipes_forward(text: str, position: int, high: int, count: int) -> int | None:
    """Just after the `count`-th pipe from `position`: where the row ends."""
    index = position
    for _ in range(count):
        index = text.find("|", index, high)
        if index < 0:
            return None
        index += 1
    return index


def _separator(line: Line, soft: bool) -> str:
    """A soft break joins the lines (a hyphen at the end joins the word it split)."""
    if soft:
        return "" if line.content.endswith("-") else " "
    return "\n"


def normalise(text: str, rules: LayoutRules | None = None) -> Normalised:
    """One layout for every shape of the same article: soft line breaks joined (with a space,
    or with nothing after a hyphen), hard breaks as "\\n" (a blank line as "\\n\\n"), runs of
    spaces as one space (as a blank line in a text on one line), indentation and trailing
    spaces dropped, CR and CRLF as "\\n"."""
    rules = rules or load_layout_rules()
    lines = split_lines(text)
    width = wrap_width(lines, rules)
    body_indent = _body_indent(lines)
    writer = _Writer()
    content = [(index, line) for index, line in enumerate(lines) if not line.blank]
    aligned = [
        rules.aligned_row.search(text, line.content_start, line.content_end) is not None
        for _, line in content
    ]
    pairs = zip(content, content[1:], strict=False)
    for k, ((index, line), (next_index, nxt)) in enumerate(pairs):
        # a row of an aligned table, or a line heading one or under one (a header's
        # second line), keeps its column gaps
        keep_gaps = aligned[k] or aligned[k + 1] or k > 0 and aligned[k - 1]
        _copy_compacted(writer, text, line.content_start, line.content_end, rules, keep_gaps)
        if next_index > index + 1:  # a blank line between: a paragraph ends
            writer.emit("\n\n", line.content_end)
        else:
            soft = is_soft_break(line, nxt, width, body_indent, rules)
            writer.emit(_separator(line, soft), line.content_end)
    if len(content) == 1:
        only = content[0][1]
        _copy_one_line(writer, text, only.content_start, only.content_end, rules)
    elif content:
        last = content[-1][1]
        _copy_compacted(writer, text, last.content_start, last.content_end, rules, aligned[-1])
    return writer.result()

"""The same article in other layouts, with its gold offsets carried along.

A user's text is never shaped like our fixtures: wire copy is hard-wrapped, a scraper saves a
page on one line with its menu, Windows tools write CRLF, CMS exports double spaces, and
markdown marks headings. Each variant here rewrites a gold folder's texts and maps every
`{start, end, text}` span of its gold to the new text, so the extractor can be scored on it
and must score as on the original (tests/test_layout_variants.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Rewrite = tuple[str, list[int]]  # new text; new index of every old character, and of len(old)

MENU = "Home | World | Business | Markets | Economy | Trade | Opinion | Subscribe | Sign in"
RELATED = (
    "Related stories",
    "Oil prices slip 2% as demand worries return",
    "Steel output climbs 4.1% in October on infrastructure orders",
    "Asian shares edge higher, dollar steady",
    "Share this article",
    "\u00a9 2026 Example Daily News Ltd. All rights reserved. | Privacy policy | Cookie settings",
)


@dataclass(frozen=True)
class Variant:
    name: str
    rewrite: Callable[[str], Rewrite]


def _pieces(parts: Iterable[tuple[str, int | None]], old_length: int) -> Rewrite:
    """Text from pieces that are either an old character (with its index) or inserted text."""
    out: list[str] = []
    positions = [0] * (old_length + 1)
    length = 0
    for piece, old_index in parts:
        if old_index is not None:
            positions[old_index] = length
        out.append(piece)
        length += len(piece)
    positions[old_length] = length
    return "".join(out), positions


def _same_length(text: str) -> list[int]:
    return list(range(len(text) + 1))


def wrap(width: int) -> Callable[[str], Rewrite]:
    """Hard-wrapped at `width` columns: spaces become newlines, no character moves."""

    def rewrite(text: str) -> Rewrite:
        out, column, last_space = list(text), 0, None
        for i, ch in enumerate(text):
            if ch == "\n":
                column, last_space = 0, None
                continue
            if ch == " ":
                last_space = i
            column += 1
            if column > width and last_space is not None:
                out[last_space] = "\n"
                column, last_space = i - last_space, None
        return "".join(out), _same_length(text)

    return rewrite


def one_line(text: str) -> Rewrite:
    return text.replace("\n", " "), _same_length(text)


def crlf(text: str) -> Rewrite:
    return _pieces((("\r\n" if ch == "\n" else ch, i) for i, ch in enumerate(text)), len(text))


def double_spaces(text: str) -> Rewrite:
    return _pieces((("  " if ch == " " else ch, i) for i, ch in enumerate(text)), len(text))


def in_furniture(newlines: bool) -> Callable[[str], Rewrite]:
    """A menu before the article, other stories' headlines and a footer after it."""

    def rewrite(text: str) -> Rewrite:
        sep = "\n" if newlines else " "
        body = text if newlines else text.replace("\n", " ")
        head = MENU + sep + (sep if newlines else "")
        tail = sep + sep.join(RELATED) + sep
        parts = [(head, None), *((ch, i) for i, ch in enumerate(body)), (tail, None)]
        # the inserted head comes before old character 0, so it carries no index
        return _pieces(parts, len(text))

    return rewrite


# a short line without final punctuation, not already markdown, a table row or aligned columns
HEADING_LINE = re.compile(r"^(?![#>*+\-|\d])(?!.*(?:\||\S {2,}\S))[^\n.!?:;,\"\u201d]{3,120}$")


def markdown_headings(text: str) -> Rewrite:
    """Short lines without final punctuation marked as markdown headings ('# ' for the first)."""
    parts: list[tuple[str, int | None]] = []
    first = True
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and HEADING_LINE.match(stripped) and len(stripped.split()) <= 12:
            parts.append(("# " if first else "## ", None))
        if stripped:
            first = False
        parts += [(ch, position + i) for i, ch in enumerate(line)]
        position += len(line)
        if position < len(text):
            parts.append(("\n", position))
            position += 1
    return _pieces(parts, len(text))


VARIANTS = (
    Variant("wrap60", wrap(60)),
    Variant("wrap72", wrap(72)),
    Variant("wrap80", wrap(80)),
    Variant("oneline", one_line),
    Variant("crlf", crlf),
    Variant("double_spaces", double_spaces),
    Variant("furniture_oneline", in_furniture(newlines=False)),
    Variant("furniture_lines", in_furniture(newlines=True)),
    Variant("markdown_headings", markdown_headings),
)


def move_spans(node: Any, positions: list[int], text: str) -> Any:
    """Every `{start, end, text}` object mapped to the new text (an end maps after the new
    place of its last character, so text inserted at a span's edge stays outside it)."""
    if isinstance(node, list):
        return [move_spans(item, positions, text) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: move_spans(value, positions, text) for key, value in node.items()}
    start, end = node.get("start"), node.get("end")
    if isinstance(start, int) and isinstance(end, int) and "text" in node:
        new_start = positions[start]
        new_end = positions[end - 1] + 1 if end > start else new_start
        node.update(start=new_start, end=new_end, text=text[new_start:new_end])
    return node


def write_variant(source: Path, target: Path, variant: Variant) -> list[Path]:
    """Rewrite every `X.txt` with gold `X.claims.json` in `source` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for text_path in sorted(source.glob("*.txt")):
        gold_path = text_path.with_name(text_path.stem + ".claims.json")
        if not gold_path.is_file():
            continue
        text, positions = variant.rewrite(text_path.read_bytes().decode("utf-8"))
        gold = move_spans(json.loads(gold_path.read_text(encoding="utf-8")), positions, text)
        (target / text_path.name).write_bytes(text.encode("utf-8"))
        (target / gold_path.name).write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
        written.append(target / text_path.name)
    return written

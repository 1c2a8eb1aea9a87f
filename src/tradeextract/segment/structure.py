"""Reading document structure back from a Doc: what the linker walks.

`trade_segmenter` writes span groups; a pipeline with another sentence splitter in its place
(a `sentencizer`, a parser) still links, with every sentence a body sentence of one section.
"""

from __future__ import annotations

import bisect
from dataclasses import astuple, dataclass

from spacy.tokens import Doc

from tradeextract.segment.sentences import Sentence


@dataclass(frozen=True)
class StructureKeys:
    sentences: str = "trade_sentences"
    paragraphs: str = "trade_paragraphs"
    sections: str = "trade_sections"
    furniture: str = "trade_furniture"
    head: str = "trade_head"

    def all(self) -> tuple[str, ...]:
        return astuple(self)

    def as_config(self) -> dict[str, str]:
        return {f"{name}_key": key for name, key in self.__dict__.items()}


def _index(starts: list[int], position: int) -> int:
    return max(bisect.bisect_right(starts, position) - 1, 0)


def read_structure(doc: Doc, keys: StructureKeys) -> list[Sentence]:
    """The sentences the linker walks, with block, section, head and furniture marks."""
    if keys.sentences not in doc.spans:
        return _plain_sentences(doc)
    blocks = list(doc.spans.get(keys.paragraphs, []))
    block_starts = [span.start_char for span in blocks]
    section_starts = [span.start_char for span in doc.spans.get(keys.sections, [])]
    head = {span.start_char for span in doc.spans.get(keys.head, [])}
    sentences = []
    for span in doc.spans[keys.sentences]:
        block = _index(block_starts, span.start_char)
        sentences.append(
            Sentence(
                span.start_char,
                span.end_char,
                _index(section_starts, span.start_char),
                span.label_ == "heading",
                span.start_char in head,
                span.label_ == "furniture",
                block,
                bool(blocks) and blocks[block].label_ == "run_on",
                span.label_ == "table",
            )
        )
    return sentences


def _plain_sentences(doc: Doc) -> list[Sentence]:
    """Another splitter's sentences (or the whole text as one): no headings, no furniture."""
    if doc.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans = [(0, len(doc.text))]
    return [
        Sentence(start, end, 0, False, index == 0, False, 0)
        for index, (start, end) in enumerate(spans)
    ]

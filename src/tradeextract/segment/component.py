"""`trade_segmenter`: document structure as spaCy annotations.

Sets sentence starts and writes sentences (labelled heading, body or furniture), blocks
(paragraphs, headings, list items, table rows), sections and the head (headline and lead) to
`doc.spans`, under keys set in the component's config. The linker reads this structure, so
another sentence splitter can take this component's place (see `structure.read_structure`).
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from tradeextract.extensions import doc_text, register_extensions
from tradeextract.recognise.base import DataComponent
from tradeextract.resources import DataDir
from tradeextract.segment.sentences import Sentence, load_segment_rules, segment_text
from tradeextract.segment.structure import StructureKeys

SEGMENT_FILES = ("segment_rules.json", "layout_rules.json")


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def _label(sentence: Sentence) -> str:
    if sentence.is_furniture:
        return "furniture"
    if sentence.is_table:
        return "table"
    return "heading" if sentence.is_heading else "body"


def write_structure(doc: Doc, sentences: list[Sentence], keys: StructureKeys) -> None:
    """Sentences, blocks, sections and head as span groups; token sentence starts to match."""
    groups: dict[str, list[Span]] = {k: [] for k in keys.all()}
    blocks: dict[int, list[int]] = {}
    run_on: set[int] = set()
    sections: dict[int, list[int]] = {}
    for sentence in sentences:
        span = _span(doc, sentence.start, sentence.end, _label(sentence))
        if span is None or (groups[keys.sentences] and span.start < groups[keys.sentences][-1].end):
            continue
        groups[keys.sentences].append(span)
        if sentence.is_furniture:
            groups[keys.furniture].append(span)
        if sentence.in_head:
            groups[keys.head].append(span)
        block = blocks.setdefault(sentence.paragraph, [span.start, span.end])
        block[1] = span.end
        if sentence.run_on:
            run_on.add(sentence.paragraph)
        section = sections.setdefault(sentence.section, [span.start, span.end])
        section[1] = span.end
    groups[keys.paragraphs] = [
        Span(doc, s, e, label="run_on" if index in run_on else "block")
        for index, (s, e) in blocks.items()
    ]
    groups[keys.sections] = [Span(doc, s, e, label="section") for s, e in sections.values()]
    for key, spans in groups.items():
        doc.spans[key] = spans
    _set_sentence_starts(doc, groups[keys.sentences])


def _set_sentence_starts(doc: Doc, sentences: list[Span]) -> None:
    """In one array write: the `is_sent_start` setter checks the whole Doc per token."""
    if not len(doc):
        return
    values = numpy.full((len(doc), 1), -1, dtype="int64")
    values[[0, *(span.start for span in sentences)], 0] = 1
    doc.from_array([SENT_START], values.astype("uint64"))


class Segmenter(DataComponent):
    data_files = SEGMENT_FILES

    def __init__(self, nlp: Language, name: str, data_dir: str | None, keys: StructureKeys):
        self.name = name
        self.keys = keys
        super().__init__(data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        self.rules = load_segment_rules(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        write_structure(doc, segment_text(doc_text(doc), self.rules), self.keys)
        return doc


@Language.factory(
    "trade_segmenter",
    default_config={"data_dir": None, **StructureKeys().as_config()},
    assigns=["token.is_sent_start", "doc.sents", "doc.spans"],
)
def make_segmenter(
    nlp: Language,
    name: str,
    data_dir: str | None,
    sentences_key: str,
    paragraphs_key: str,
    sections_key: str,
    furniture_key: str,
    head_key: str,
) -> Segmenter:
    register_extensions()
    keys = StructureKeys(sentences_key, paragraphs_key, sections_key, furniture_key, head_key)
    return Segmenter(nlp, name, data_dir, keys)

"""Every `Doc` extension tradeextract sets, declared in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from tradeextract.segment.layout import to_source
from tradeextract.serialise import register_msgpack_types

DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": None,  # str: the caller's id for the document
    "doc_date_override": None,  # str ISO: a date the caller knows better than the text
    "doc_date": None,  # str ISO: the date used (override, or detected in the text)
    "quantities": None,  # list[Quantity]: every recognised quantity
    "periods": None,  # list[PeriodMention]: every recognised period or date
    "claims": None,  # list[Claim]: the linked claims
    "notes": None,  # list[str]: what the linker had to do to an odd input (a sentence cut)
}


TEXT_KEY = "tradeextract.text"
SOURCE_KEY = "tradeextract.source"
ANCHORS_KEY = "tradeextract.anchors"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token each time the property is read.

    This is the text the rules read: with the layout tokenizer, soft line breaks are spaces."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@dataclass(frozen=True)
class Provenance:
    """The text as the caller gave it, and the way back to it from `doc.text`'s offsets."""

    text: str
    anchors: list[tuple[int, int]]

    def offsets(self, start: int, end: int) -> tuple[int, int]:
        return to_source(self.anchors, start, end)

    def span(self, start: int, end: int) -> dict[str, Any]:
        """A span of `doc.text` as `{start, end, text}` of the source: provenance by slicing."""
        source_start, source_end = self.offsets(start, end)
        return {
            "start": source_start,
            "end": source_end,
            "text": self.text[source_start:source_end],
        }


def provenance(doc: Doc) -> Provenance:
    source = doc.user_data.get(SOURCE_KEY)
    if source is None:
        return Provenance(doc_text(doc), [])
    return Provenance(source, [tuple(pair) for pair in doc.user_data.get(ANCHORS_KEY, [])])


def register_extensions() -> None:
    """Idempotent: safe to call from every factory. The values travel through msgpack
    (`doc.to_bytes`, `DocBin`, `nlp.pipe(n_process=...)`) by the encoders of `serialise`."""
    register_msgpack_types()
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

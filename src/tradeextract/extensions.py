"""Every `Doc` extension tradeextract sets, declared in one place."""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": None,  # str: the caller's id for the document
    "doc_date_override": None,  # str ISO: a date the caller knows better than the text
    "doc_date": None,  # str ISO: the date used (override, or detected in the text)
    "quantities": None,  # list[Quantity]: every recognised quantity
    "periods": None,  # list[PeriodMention]: every recognised period or date
    "claims": None,  # list[Claim]: the linked claims
}


TEXT_KEY = "tradeextract.text"
SOURCE_KEY = "tradeextract.source"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token each time the property is read.

    This is the text the rules read: with the layout tokenizer, soft line breaks are spaces."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def source_text(doc: Doc) -> str:
    """The text as the caller gave it (same length as `doc_text`): provenance is sliced here."""
    return doc.user_data.get(SOURCE_KEY) or doc_text(doc)


def register_extensions() -> None:
    """Idempotent: safe to call from every factory."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

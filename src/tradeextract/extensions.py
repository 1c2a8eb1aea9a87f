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
    "notes": None,  # list[str]: what the linker had to do to an odd input (a sentence cut)
}


TEXT_KEY = "tradeextract.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token each time the property is read."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def register_extensions() -> None:
    """Idempotent: safe to call from every factory."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

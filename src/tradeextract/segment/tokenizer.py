"""The tokenizer tradeextract's pipeline uses: spaCy's, on the normalised text.

The text is normalised before tokenising (`layout.normalise`): soft line breaks and runs of
spaces become one space, so a place, a product or a period wrapped over two lines is one
phrase to every matcher. The text as given stays in `doc.user_data` with the offsets that lead
back to it, and provenance is sliced from it (`extensions.provenance`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from tradeextract.extensions import ANCHORS_KEY, SOURCE_KEY, TEXT_KEY
from tradeextract.segment.layout import normalise

TOKENIZER_NAME = "tradeextract.LayoutTokenizer.v1"


class LayoutTokenizer:
    """Wraps a spaCy tokenizer; serialises as the tokenizer it wraps."""

    def __init__(self, base: Callable[[str], Doc]) -> None:
        self.base = base

    def __call__(self, text: str) -> Doc:
        normalised = normalise(text)
        doc = self.base(normalised.text)
        doc.user_data[TEXT_KEY] = normalised.text  # spaCy would join every token to rebuild it
        if normalised.text != text:
            doc.user_data[SOURCE_KEY] = text
            doc.user_data[ANCHORS_KEY] = [list(pair) for pair in normalised.anchors]
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.base.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> LayoutTokenizer:
        self.base.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.base.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> LayoutTokenizer:
        self.base.from_disk(path, **kwargs)
        return self


def _split_hyphen_after_abbreviation(nlp: Language, tokenizer: Any) -> None:
    """'U.S.-China' should give the place 'U.S.' its own token."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Z]\.)-(?=[A-Z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_layout_tokenizer() -> Callable[[Language], LayoutTokenizer]:
    def create(nlp: Language) -> LayoutTokenizer:
        base = spacy.tokenizer.Tokenizer(
            nlp.vocab,
            rules=nlp.Defaults.tokenizer_exceptions,
            prefix_search=spacy.util.compile_prefix_regex(nlp.Defaults.prefixes).search,
            suffix_search=spacy.util.compile_suffix_regex(nlp.Defaults.suffixes).search,
            token_match=nlp.Defaults.token_match,
            url_match=nlp.Defaults.url_match,
        )
        _split_hyphen_after_abbreviation(nlp, base)
        return LayoutTokenizer(base)

    return create

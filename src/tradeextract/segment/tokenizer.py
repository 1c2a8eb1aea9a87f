"""The layout step of tradeextract's tokenizer (tokenizer.py registers the whole): the text is
normalised, then tokenised by the tokenizer it wraps.

The text is normalised before tokenising (`layout.normalise`): soft line breaks and runs of
spaces become one space, so a place, a product or a period wrapped over two lines is one
phrase to every matcher. The text as given stays in `doc.user_data` with the offsets that lead
back to it, and provenance is sliced from it (`extensions.provenance`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from tradeextract.extensions import ANCHORS_KEY, SOURCE_KEY, TEXT_KEY
from tradeextract.segment.layout import normalise


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

    def __getattr__(self, name: str) -> Any:
        """Everything else is the wrapped tokenizer's (vocab, special cases, `explain`)."""
        if name == "base":  # not set yet (unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.base, name)

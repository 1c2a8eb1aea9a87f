"""How long one document may be, for the API and the batch alike.

spaCy refuses texts over 1,000,000 characters (`nlp.max_length`) because its parser and NER
need about 1 GB per 100,000 words; this pipeline has neither, so its limit is raised to the
batch's default byte limit, and a longer text is refused by name, with the limit, before any
work is done.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 5_000_000


class TextTooLong(ValueError):
    """A text longer than the pipeline's `nlp.max_length`."""

    def __init__(self, doc_id: str, length: int, limit: int) -> None:
        self.doc_id, self.length, self.limit = doc_id, length, limit
        super().__init__(
            f"document {doc_id!r}: text of {length:,} characters is over the pipeline's limit of "
            f"{limit:,} (nlp.max_length): split the text"
        )

"""Stand-in extractors for the Dask tests (no tests here): fast, and failing on purpose.

Dask workers import them by name, like the local batch's workers (see test_batch_stand_ins).
"""

from __future__ import annotations

from typing import Any

from test_batch_stand_ins import make_trick_extractor


def make_one_claim_extractor(pipeline: str | None = None) -> Any:
    """One claim per document (its first word), so each document has a Parquet row; raises
    on 'RAISE' like the trick extractor."""
    from tradeextract.model import Claim, Document, TextSpan

    tricks = make_trick_extractor(pipeline)

    def extract(text: str, doc_id: str, doc_date: str | None) -> Document:
        tricks(text, doc_id, doc_date)  # raises on RAISE
        word = text.split()[0]
        start = text.index(word)
        evidence = TextSpan(start=start, end=start + len(word), text=word)
        return Document(doc_id=doc_id, doc_date=doc_date, claims=[Claim(evidence=evidence)])

    return extract


def make_broken_extractor(pipeline: str | None = None) -> Any:
    raise RuntimeError("this pipeline cannot load")

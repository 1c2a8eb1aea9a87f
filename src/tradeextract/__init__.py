"""tradeextract: trade news in, structured claims with provenance out.

import tradeextract
doc = tradeextract.extract(text, doc_id="a1")     # Document with .claims
nlp = tradeextract.load()                          # spaCy Language for nlp.pipe
tradeextract.quantities(text)                      # every recognised number, no linking
tradeextract.to_dataframe(documents)               # pandas, one row per claim (CSV columns)
tradeextract.open_store("claims.duckdb")           # the DuckDB claims store
tradeextract.check(documents)                      # do the figures add up? CheckReport
tradeextract.explain(claim)                        # how each field of a claim was decided
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tradeextract.limits import TextTooLong
from tradeextract.model import Change, Claim, Document, Period, Quantity, TextSpan, Value

if TYPE_CHECKING:
    import os

    import pandas
    from spacy.language import Language

    from tradeextract.store import Store

__all__ = [
    "Change",
    "Claim",
    "Document",
    "Period",
    "Quantity",
    "TextSpan",
    "TextTooLong",
    "Value",
    "check",
    "evaluate",
    "explain",
    "extract",
    "extract_many",
    "load",
    "open_store",
    "quantities",
    "to_dataframe",
]
__version__ = "0.1.0"

_DEFAULT_NLP: Language | None = None
_DEFAULT_NLP_LOCK = threading.Lock()


def load(name: str | None = None, **kwargs: Any) -> Language:
    """The extraction pipeline: built from the package's rules, or a saved one by path/name."""
    from tradeextract.pipeline import build_pipeline, load_pipeline

    return load_pipeline(name, **kwargs) if name else build_pipeline(**kwargs)


def _default_nlp() -> Language:
    """The pipeline built on first use; threads that ask at once share one build."""
    global _DEFAULT_NLP
    if _DEFAULT_NLP is None:
        with _DEFAULT_NLP_LOCK:
            if _DEFAULT_NLP is None:
                _DEFAULT_NLP = load()
    return _DEFAULT_NLP


def extract(
    text: str,
    doc_id: str = "doc",
    doc_date: str | None = None,
    nlp: Language | None = None,
    content_type: str | None = None,
) -> Document:
    """Claims of one article. `doc_date` (ISO) overrides the date found in the text.

    An HTML page (`content_type="html"`, or a string that starts like one unless
    `content_type="text"`) is read as the batch reads it: its main text is extracted, and the
    Document carries that `text` and a `source` saying so, since the spans refer to it.

    Raises TextTooLong for a text over `nlp.max_length` (5,000,000 characters by default) and
    ValueError for a doc_date that is not a real date.
    """
    from tradeextract.html import html_main_text, looks_like_html

    if content_type == "html" or (content_type is None and looks_like_html(text)):
        main_text, html_date, method = html_main_text(text)
        document = next(extract_many([(main_text, doc_id, doc_date or html_date)], nlp=nlp))
        return document.model_copy(
            update={"text": main_text, "source": {"text_extracted": True, "text_extractor": method}}
        )
    return next(extract_many([(text, doc_id, doc_date)], nlp=nlp))


def extract_many(
    items: Iterable[tuple[str, str, str | None]],
    nlp: Language | None = None,
    batch_size: int = 32,
) -> Iterator[Document]:
    """Claims of many articles, streamed in input order; items are (text, doc_id, doc_date)."""
    from tradeextract.pipeline import make_docs, to_document

    nlp = nlp or _default_nlp()
    for spacy_doc in nlp.pipe(make_docs(nlp, items), batch_size=batch_size):
        yield to_document(spacy_doc)


def quantities(text: str, nlp: Language | None = None) -> list[Quantity]:
    """Every money amount, percentage, pp, multiple, count and volume the rules recognise.

    Only the quantity rules run (no tokenizer, no linking), those of `nlp`'s
    `trade_quantities` component if it has one. A bare scaled number compared with a money
    amount takes its currency ('233.5 mln stg from 198.2 mln'); `direction` is a written sign.
    """
    from tradeextract.recognise.quantities import quantities_in

    return quantities_in(text, nlp)


def evaluate(gold_dir: str, predictions: str | None = None, **kwargs: Any):  # noqa: ANN201
    """Score predictions (or a fresh extraction) against gold files, spec section 6."""
    from tradeextract.evaluate import evaluate_dir

    return evaluate_dir(gold_dir, predictions=predictions, **kwargs)


def to_dataframe(documents: Iterable[Any] | str | os.PathLike[str]) -> pandas.DataFrame:
    """One row per claim with the CSV output's columns: of `Document`s, batch records, or a
    documents JSON Lines file. `open_store(db).dataframe()` gives the same from a store."""
    from tradeextract.dataframe import to_dataframe as frame_of

    return frame_of(documents)


def open_store(path: str | os.PathLike[str] = "claims.duckdb", read_only: bool = False) -> Store:
    """The DuckDB claims store at `path` (created unless `read_only`); see tradeextract.store."""
    from tradeextract.store import open_store as open_db

    return open_db(path, read_only=read_only)


def check(documents: Any, tolerance: float | None = None):  # noqa: ANN201
    """Arithmetic and contradiction checks over one Document or many (`tradeextract.checks`)."""
    from tradeextract.checks import check as run_checks

    return run_checks(documents, tolerance)


def explain(claim: Claim) -> str:
    """One claim's fields with how each was decided and the text each came from."""
    from tradeextract.explanation import explain as explain_claim

    return explain_claim(claim)

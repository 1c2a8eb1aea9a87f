"""Loading what is scored: a gold directory, and predictions from a file, objects or a fresh run.

`evaluate_dir` is the entry point of the public `tradeextract.evaluate()`: it reads the
gold, reads or makes the predictions, and hands both to `score_documents`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradeextract.evaluate.report import EvalReport
from tradeextract.evaluate.scoring import score_documents
from tradeextract.gold import load_gold_dir
from tradeextract.model import Document
from tradeextract.safe_files import open_regular


def read_predictions(path: str | Path) -> list[Document]:
    """Documents from a JSON Lines file; ValueError naming the line on bad input."""
    documents = []
    with io.TextIOWrapper(open_regular(path), encoding="utf-8-sig") as stream:
        try:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    documents.append(read_prediction(path, number, line))
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8: {exc}") from None
    return documents


def read_prediction(path: str | Path, number: int, line: str) -> Document:
    try:
        return Document.model_validate_json(line)
    except ValidationError as exc:
        raise ValueError(f"{path}: line {number}: not a document: {exc}") from exc


def evaluate_dir(
    gold_dir: str | Path,
    predictions: str | Path | Iterable[Document | dict[str, Any]] | None = None,
    nlp: Any = None,
) -> EvalReport:
    """Score predictions (a .jsonl path, documents, or None to extract now) against gold.

    Raises GoldError for bad gold, ValueError for bad predictions.
    """
    gold = load_gold_dir(gold_dir)
    texts = {doc.doc_id: doc.text for doc in gold}
    if predictions is None:
        from tradeextract import extract_many

        pred_docs: list[Document] = list(
            extract_many(((doc.text, doc.doc_id, None) for doc in gold), nlp=nlp)
        )
    elif isinstance(predictions, (str, Path)):
        pred_docs = read_predictions(predictions)
    else:
        pred_docs = [
            doc if isinstance(doc, Document) else Document.model_validate(doc)
            for doc in predictions
        ]
    return score_documents([doc.document for doc in gold], pred_docs, texts)

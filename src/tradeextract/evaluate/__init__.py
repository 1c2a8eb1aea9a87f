"""Score extracted claims against gold claims, exactly as claims.md section 6 defines it.

Pairing, claim P/R/F1, field accuracy over pairs, strict F1 and provenance integrity are
computed by `score_documents`, a pure function of gold documents, predicted documents and
texts; `evaluate_dir` loads a gold directory and predictions (a JSON Lines file, documents,
or a fresh extraction) and calls it.

    tradeextract eval tests/fixtures --pred out/claims.jsonl --errors --min-recall 0.8

The package by concern: `report` holds the report models, `compare` when two numbers agree
and which fields a predicted claim got right, `pairing` pairs predicted with gold claims,
`provenance` checks predicted spans against the text, `scoring` builds the report,
`loading` reads gold and predictions, `formatting` prints the report, and `cli` is the
`tradeextract eval` command.
"""

from __future__ import annotations

from tradeextract.evaluate.cli import main
from tradeextract.evaluate.compare import field_results, numbers_agree
from tradeextract.evaluate.formatting import format_report
from tradeextract.evaluate.loading import evaluate_dir, read_predictions
from tradeextract.evaluate.pairing import pair_claims
from tradeextract.evaluate.report import (
    FIELDS,
    ClaimError,
    DocumentScores,
    ErrorLists,
    EvalReport,
    FieldAccuracy,
    FieldDiff,
    Scores,
    f1,
    ratio,
)
from tradeextract.evaluate.scoring import score_documents

__all__ = [
    "FIELDS",
    "ClaimError",
    "DocumentScores",
    "ErrorLists",
    "EvalReport",
    "FieldAccuracy",
    "FieldDiff",
    "Scores",
    "evaluate_dir",
    "f1",
    "field_results",
    "format_report",
    "main",
    "numbers_agree",
    "pair_claims",
    "ratio",
    "read_predictions",
    "score_documents",
]

"""Scoring: gold and predicted documents into an `EvalReport`, the pure core of evaluation.

Each gold document is scored against its prediction (pairs, strict pairs, field accuracy,
provenance), the errors behind the numbers are recorded with why a claim found no pair,
and the scores are micro-averaged over all documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tradeextract.evaluate.compare import field_display, field_results
from tradeextract.evaluate.pairing import overlap, pair_claims
from tradeextract.evaluate.provenance import predicted_spans, span_is_text
from tradeextract.evaluate.report import (
    ClaimError,
    DocumentScores,
    EvalReport,
    FieldDiff,
    Scores,
)
from tradeextract.model import Claim, Document


def describe_number(claim: Claim) -> str:
    """'24,100,000,000 USD; change +5 percent yoy' for error listings."""
    parts = []
    if claim.value is not None:
        parts.append(f"{claim.value.amount:,.12g} {claim.value.unit}")
    if claim.change is not None:
        basis = f" {claim.change.basis}" if claim.change.basis else ""
        parts.append(f"change {claim.change.amount:+,.12g} {claim.change.unit}{basis}")
    return "; ".join(parts) or "no number"


def claim_error(doc_id: str, claim: Claim, note: str = "") -> ClaimError:
    return ClaimError(
        doc_id=doc_id,
        evidence=claim.evidence.text,
        start=claim.evidence.start,
        end=claim.evidence.end,
        number=describe_number(claim),
        note=note,
    )


def why_unpaired(claim: Claim, others: Sequence[Claim], paired_others: set[int], role: str) -> str:
    """Why a claim found no partner: nothing overlaps, numbers differ, or it was taken."""
    overlapping = [i for i, other in enumerate(others) if overlap(claim.evidence, other.evidence)]
    if not overlapping:
        return f"no {role} claim's evidence overlaps"
    numbers = "; ".join(describe_number(others[i]) for i in overlapping if i not in paired_others)
    if numbers:
        return f"overlapping {role} claim(s) have other numbers: {numbers}"
    return f"every overlapping {role} claim is paired with another claim"


class _DocumentScorer:
    """Scores one document into a report's running totals."""

    def __init__(self, report: EvalReport, doc_id: str, text: str) -> None:
        self.report = report
        self.doc_id = doc_id
        self.text = text

    def score(self, gold: Sequence[Claim], predicted: Sequence[Claim]) -> Scores:
        pairs = pair_claims(gold, predicted)
        strict = sum(self._score_pair(gold[g], predicted[p]) for g, p in pairs)
        self._record_unpaired(gold, predicted, pairs)
        n_spans, n_ok = self._check_provenance(predicted)
        return Scores(
            n_gold=len(gold),
            n_pred=len(predicted),
            n_paired=len(pairs),
            n_strict=strict,
            n_spans=n_spans,
            n_spans_ok=n_ok,
        )

    def _score_pair(self, gold: Claim, predicted: Claim) -> bool:
        results = field_results(gold, predicted)
        for name, right in results.items():
            self.report.per_field[name].total += 1
            self.report.per_field[name].correct += right
        wrong = [name for name, right in results.items() if not right]
        if wrong:
            error = claim_error(self.doc_id, gold)
            error.predicted_evidence = predicted.evidence.text
            error.diffs = [
                FieldDiff(
                    field=name,
                    gold=field_display(gold, name),
                    predicted=field_display(predicted, name),
                )
                for name in wrong
            ]
            self.report.errors.wrong_field.append(error)
        return not wrong

    def _record_unpaired(
        self, gold: Sequence[Claim], predicted: Sequence[Claim], pairs: list[tuple[int, int]]
    ) -> None:
        paired_gold = {g for g, _ in pairs}
        paired_pred = {p for _, p in pairs}
        for g, claim in enumerate(gold):
            if g not in paired_gold:
                note = why_unpaired(claim, predicted, paired_pred, "predicted")
                self.report.errors.missed.append(claim_error(self.doc_id, claim, note))
        for p, claim in enumerate(predicted):
            if p not in paired_pred:
                note = why_unpaired(claim, gold, paired_gold, "gold")
                self.report.errors.spurious.append(claim_error(self.doc_id, claim, note))

    def _check_provenance(self, predicted: Sequence[Claim]) -> tuple[int, int]:
        total = ok = 0
        for claim in predicted:
            for label, span in predicted_spans(claim):
                total += 1
                if span_is_text(span, self.text):
                    ok += 1
                else:
                    self.report.errors.bad_spans.append(self._bad_span(claim, label, span))
        return total, ok

    def _bad_span(self, claim: Claim, label: str, span: tuple[Any, Any, Any]) -> ClaimError:
        start, end, quoted = span
        in_range = (
            isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(self.text)
        )
        actual = repr(self.text[start:end]) if in_range else "nothing (out of range)"
        note = f"{label} span {start}:{end} has text {quoted!r} but the document has {actual} there"
        return claim_error(self.doc_id, claim, note)


def score_documents(
    gold_docs: Iterable[Document],
    pred_docs: Iterable[Document],
    texts: Mapping[str, str],
) -> EvalReport:
    """Section 6 over all gold documents (micro-averaged); the pure core of evaluation.

    A gold document without a prediction counts as one with no claims; predictions for
    documents not in the gold are ignored, with a warning.
    """
    report = EvalReport()
    predictions = index_predictions(pred_docs)
    gold_list = list(gold_docs)
    for gold in gold_list:
        predicted = predictions.get(gold.doc_id)
        if predicted is None:
            report.warnings.append(f"{gold.doc_id}: no prediction; scored as no claims")
        scorer = _DocumentScorer(report, gold.doc_id, texts[gold.doc_id])
        scores = scorer.score(gold.claims, predicted.claims if predicted else [])
        report.per_document.append(DocumentScores(doc_id=gold.doc_id, scores=scores))
        report.overall = report.overall.add(scores)
    gold_ids = {gold.doc_id for gold in gold_list}
    report.warnings.extend(
        f"{doc_id}: not in the gold; ignored" for doc_id in predictions if doc_id not in gold_ids
    )
    return report


def index_predictions(pred_docs: Iterable[Document]) -> dict[str, Document]:
    """Predictions by doc_id; a doc_id given twice is an error, not a silent overwrite."""
    index: dict[str, Document] = {}
    for doc in pred_docs:
        if doc.doc_id in index:
            raise ValueError(f"predictions: doc_id {doc.doc_id!r} appears more than once")
        index[doc.doc_id] = doc
    return index

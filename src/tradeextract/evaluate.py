"""Score extracted claims against gold claims, exactly as claims.md section 6 defines it.

Pairing, claim P/R/F1, field accuracy over pairs, strict F1 and provenance integrity are
computed by `score_documents`, a pure function of gold documents, predicted documents and
texts; `evaluate_dir` loads a gold directory and predictions (a JSON Lines file, documents,
or a fresh extraction) and calls it.

    tradeextract eval tests/fixtures --pred out/claims.jsonl --errors --min-recall 0.8
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, computed_field

from tradeextract.gold import GoldError, load_gold_dir
from tradeextract.model import Change, Claim, Document, TextSpan, Value
from tradeextract.safe_files import open_regular

VALUE_TOLERANCE = 0.005  # relative: "both values within 0.5%"
CHANGE_TOLERANCE = 0.01  # absolute: "both changes equal within 0.01"
FLOAT_SLACK = 1e-9  # so that a difference of exactly the tolerance still passes

FIELDS: tuple[str, ...] = (
    "flow",
    "measure",
    "change",
    "approx",
    "reporter",
    "partner",
    "product",
    "hs_code",
    "period",
)


# --- report ------------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int, other: int) -> float:
    """numerator/denominator; with nothing to divide by, 1.0 if `other` is empty too, else 0.0.

    No gold and no predictions is a perfect score; predictions against no gold (or no
    predictions against gold) score 0 rather than being silently skipped.
    """
    if denominator:
        return numerator / denominator
    return 1.0 if other == 0 else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class Scores(BaseModel):
    """Claim and strict P/R/F1 and provenance integrity of a set of documents."""

    n_gold: int = 0
    n_pred: int = 0
    n_paired: int = 0
    n_strict: int = 0
    n_spans: int = 0
    n_spans_ok: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return ratio(self.n_paired, self.n_pred, self.n_gold)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return ratio(self.n_paired, self.n_gold, self.n_pred)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def strict_precision(self) -> float:
        return ratio(self.n_strict, self.n_pred, self.n_gold)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def strict_recall(self) -> float:
        return ratio(self.n_strict, self.n_gold, self.n_pred)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def strict_f1(self) -> float:
        return f1(self.strict_precision, self.strict_recall)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provenance(self) -> float | None:
        """Share of predicted spans whose text is the document's at start:end."""
        return self.n_spans_ok / self.n_spans if self.n_spans else None

    def add(self, other: Scores) -> Scores:
        """Micro-averaging: counts add up, rates are recomputed from them."""
        return Scores(
            **{name: getattr(self, name) + getattr(other, name) for name in Scores.model_fields}
        )


class DocumentScores(BaseModel):
    doc_id: str
    scores: Scores


class FieldAccuracy(BaseModel):
    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class FieldDiff(BaseModel):
    field: str
    gold: Any
    predicted: Any


class ClaimError(BaseModel):
    """A missed, spurious or wrong-field claim, or a predicted span that is not the text."""

    doc_id: str
    evidence: str
    start: int
    end: int
    number: str = ""
    note: str = ""
    predicted_evidence: str | None = None
    diffs: list[FieldDiff] = Field(default_factory=list)


class ErrorLists(BaseModel):
    missed: list[ClaimError] = Field(default_factory=list)
    spurious: list[ClaimError] = Field(default_factory=list)
    wrong_field: list[ClaimError] = Field(default_factory=list)
    bad_spans: list[ClaimError] = Field(default_factory=list)


class EvalReport(BaseModel):
    """Everything section 6 asks for, overall and per document, with the errors behind it."""

    overall: Scores = Field(default_factory=Scores)
    per_document: list[DocumentScores] = Field(default_factory=list)
    per_field: dict[str, FieldAccuracy] = Field(
        default_factory=lambda: {name: FieldAccuracy() for name in FIELDS}
    )
    errors: ErrorLists = Field(default_factory=ErrorLists)
    warnings: list[str] = Field(default_factory=list)


# --- pairing -----------------------------------------------------------------------------------


def overlap(a: TextSpan, b: TextSpan) -> int:
    """Characters two half-open spans share; > 0 means they overlap."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def values_agree(predicted: Value, gold: Value) -> bool:
    """Same unit and amount within 0.5% of the gold amount."""
    if predicted.unit != gold.unit:
        return False
    tolerance = VALUE_TOLERANCE * abs(gold.amount) + FLOAT_SLACK * max(1.0, abs(gold.amount))
    return abs(predicted.amount - gold.amount) <= tolerance


def changes_agree(predicted: Change | None, gold: Change | None) -> bool:
    """Same unit and amount within 0.01 (absolute)."""
    if predicted is None or gold is None or predicted.unit != gold.unit:
        return False
    return abs(predicted.amount - gold.amount) <= CHANGE_TOLERANCE + FLOAT_SLACK


def numbers_agree(predicted: Claim, gold: Claim) -> bool:
    """Section 6.1: values agree (gold alt_values count), or without a value, changes agree."""
    if predicted.value is None or gold.value is None:
        return changes_agree(predicted.change, gold.change)
    return any(
        values_agree(predicted.value, candidate) for candidate in [gold.value, *gold.alt_values]
    )


def pair_priority(gold: Claim, predicted: Claim) -> tuple[int, int, int] | None:
    """Sort key of a candidate pair (smaller pairs first), or None if they cannot pair.

    Largest evidence overlap first; ties (one clause giving several partners the same
    number) go to the pair with more fields right, then to closer evidence boundaries.
    """
    shared = overlap(gold.evidence, predicted.evidence)
    if not shared or not numbers_agree(predicted, gold):
        return None
    right = sum(field_results(gold, predicted).values())
    distance = abs(gold.evidence.start - predicted.evidence.start) + abs(
        gold.evidence.end - predicted.evidence.end
    )
    return -shared, -right, distance


def pair_claims(gold: Sequence[Claim], predicted: Sequence[Claim]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, made greedily in `pair_priority` order.

    Remaining ties go by document order, so the result does not depend on the order the
    claims are listed in unless they are indistinguishable.
    """
    candidates = []
    for g, gold_claim in enumerate(gold):
        for p, pred_claim in enumerate(predicted):
            priority = pair_priority(gold_claim, pred_claim)
            if priority is not None:
                order = (gold_claim.evidence.start, g, pred_claim.evidence.start, p)
                candidates.append((priority, order, g, p))
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _priority, _order, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p))
            used_gold.add(g)
            used_pred.add(p)
    return sorted(pairs)


# --- fields ------------------------------------------------------------------------------------


def place_set(place: str | list[str] | None) -> frozenset[str]:
    """A string is a set of one; null is the empty set."""
    if place is None:
        return frozenset()
    return frozenset([place] if isinstance(place, str) else place)


def product_key(spelling: str) -> str:
    """Case-insensitive, whitespace-normalised, one trailing plural 's' ignored."""
    key = " ".join(spelling.lower().split())
    return key[:-1] if key.endswith("s") else key


def product_right(gold: str | list[str] | None, predicted: str | list[str] | None) -> bool:
    """Predicted (its first spelling if a list) matches any listed gold spelling."""
    if isinstance(predicted, list):
        predicted = predicted[0] if predicted else None
    spellings = gold if isinstance(gold, list) else [gold] if gold is not None else []
    if predicted is None or not spellings:
        return predicted is None and not spellings
    return product_key(predicted) in {product_key(s) for s in spellings}


def change_right(gold: Change | None, predicted: Change | None) -> bool:
    """Amount within 0.01, unit and basis equal; both null counts as right."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return changes_agree(predicted, gold) and predicted.basis == gold.basis


def period_right(gold: Claim, predicted: Claim) -> bool:
    if gold.period is None or predicted.period is None:
        return gold.period is None and predicted.period is None
    return (gold.period.start, gold.period.end) == (predicted.period.start, predicted.period.end)


FIELD_CHECKS: dict[str, Callable[[Claim, Claim], bool]] = {
    "flow": lambda g, p: g.flow == p.flow,
    "measure": lambda g, p: g.measure == p.measure,
    "change": lambda g, p: change_right(g.change, p.change),
    "approx": lambda g, p: g.approx == p.approx,
    "reporter": lambda g, p: place_set(g.reporter) == place_set(p.reporter),
    "partner": lambda g, p: place_set(g.partner) == place_set(p.partner),
    "product": lambda g, p: product_right(g.product, p.product),
    "hs_code": lambda g, p: g.hs_code == p.hs_code,
    "period": period_right,
}


def field_results(gold: Claim, predicted: Claim) -> dict[str, bool]:
    """Section 6.3: which of the scored fields the predicted claim got right."""
    return {name: FIELD_CHECKS[name](gold, predicted) for name in FIELDS}


def field_display(claim: Claim, name: str) -> Any:
    """A field as JSON, spans stripped, for error listings."""
    value = getattr(claim, name)
    if name == "period" and value is not None:
        return {"start": value.start, "end": value.end}
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True, exclude={"start", "end", "text", "value_usd"})
    return value


# --- provenance --------------------------------------------------------------------------------


def _span_fields(obj: Value | Change) -> tuple[Any, Any, Any]:
    return obj.start, obj.end, obj.text


def predicted_spans(claim: Claim) -> list[tuple[str, tuple[Any, Any, Any]]]:
    """(label, (start, end, text)) of every span a predicted claim carries.

    The evidence; value, change and alt_values objects when they carry any of
    start/end/text; every entry of `spans` (where the period's provenance lives, its own
    start/end being dates).
    """
    spans = [("evidence", (claim.evidence.start, claim.evidence.end, claim.evidence.text))]
    objects: list[tuple[str, Value | Change | None]] = [
        ("value", claim.value),
        ("change", claim.change),
        *((f"alt_values[{i}]", alt) for i, alt in enumerate(claim.alt_values)),
    ]
    for label, obj in objects:
        if obj is not None:
            fields = _span_fields(obj)
            if any(part is not None for part in fields):
                spans.append((label, fields))
    spans.extend(
        (f"spans.{name}", (span.start, span.end, span.text)) for name, span in claim.spans.items()
    )
    return spans


def span_is_text(span: tuple[Any, Any, Any], text: str) -> bool:
    """Complete, in range, and `text[start:end] == span text`."""
    start, end, quoted = span
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(quoted, str)):
        return False
    return 0 <= start <= end <= len(text) and text[start:end] == quoted


# --- scoring -----------------------------------------------------------------------------------


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


# --- loading -----------------------------------------------------------------------------------


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


# --- text output -------------------------------------------------------------------------------


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Plain aligned text: first column left-aligned, the rest right-aligned."""
    cells = [list(map(str, headers))] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_overall(scores: Scores) -> str:
    rows = [
        [
            "claims",
            scores.n_gold,
            scores.n_pred,
            scores.n_paired,
            rate(scores.precision),
            rate(scores.recall),
            rate(scores.f1),
        ],
        [
            "strict",
            scores.n_gold,
            scores.n_pred,
            scores.n_strict,
            rate(scores.strict_precision),
            rate(scores.strict_recall),
            rate(scores.strict_f1),
        ],
    ]
    table = format_table(["", "gold", "pred", "paired", "precision", "recall", "f1"], rows)
    provenance = f"provenance integrity: {rate(scores.provenance)} ({scores.n_spans_ok}/{scores.n_spans} predicted spans)"
    return f"{table}\n\n{provenance}"


def format_per_document(report: EvalReport) -> str:
    rows = [
        [
            doc.doc_id,
            s.n_gold,
            s.n_pred,
            s.n_paired,
            rate(s.precision),
            rate(s.recall),
            rate(s.f1),
            rate(s.strict_f1),
            rate(s.provenance),
        ]
        for doc, s in ((doc, doc.scores) for doc in report.per_document)
    ]
    return format_table(
        [
            "document",
            "gold",
            "pred",
            "paired",
            "precision",
            "recall",
            "f1",
            "strict f1",
            "provenance",
        ],
        rows,
    )


def format_per_field(report: EvalReport) -> str:
    rows = [
        [name, acc.correct, acc.total, rate(acc.accuracy)] for name, acc in report.per_field.items()
    ]
    return format_table(["field", "right", "pairs", "accuracy"], rows)


def format_error(error: ClaimError) -> str:
    lines = [
        f"  {error.doc_id} [{error.start}:{error.end}] {error.evidence!r}",
        f"      {error.number}",
    ]
    if error.predicted_evidence is not None and error.predicted_evidence != error.evidence:
        lines.append(f"      predicted evidence: {error.predicted_evidence!r}")
    if error.note:
        lines.append(f"      {error.note}")
    lines.extend(
        f"      {diff.field}: gold {json.dumps(diff.gold, ensure_ascii=False)} != predicted {json.dumps(diff.predicted, ensure_ascii=False)}"
        for diff in error.diffs
    )
    return "\n".join(lines)


def format_errors(errors: ErrorLists) -> str:
    sections = []
    for title, items in (
        ("Missed (gold claims without a pair)", errors.missed),
        ("Spurious (predicted claims without a pair)", errors.spurious),
        ("Wrong fields (pairs with a field wrong)", errors.wrong_field),
        ("Bad spans (predicted text != document[start:end])", errors.bad_spans),
    ):
        body = "\n".join(format_error(item) for item in items) or "  none"
        sections.append(f"{title}: {len(items)}\n{body}")
    return "\n\n".join(sections)


def format_report(report: EvalReport, show_errors: bool = False) -> str:
    """The human-readable report: overall, per document, per field, optionally errors."""
    parts = [format_overall(report.overall), format_per_document(report), format_per_field(report)]
    if show_errors:
        parts.append(format_errors(report.errors))
    parts.extend(f"warning: {warning}" for warning in report.warnings)
    return "\n\n".join(parts)


# --- command line ------------------------------------------------------------------------------


def unit_interval(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold_dir", metavar="GOLD_DIR", help="directory of X.txt + X.claims.json")
    parser.add_argument(
        "--pred", metavar="CLAIMS_JSONL", help="predictions (JSON Lines); default: extract now"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="list missed, spurious and wrong-field claims"
    )
    parser.add_argument("--min-precision", type=unit_interval, metavar="P")
    parser.add_argument("--min-recall", type=unit_interval, metavar="R")
    parser.add_argument("--min-strict-f1", type=unit_interval, metavar="F")


def threshold_failures(report: EvalReport, args: argparse.Namespace) -> list[str]:
    """Each threshold given on the command line that the overall scores do not meet."""
    checks = (
        ("precision", args.min_precision, report.overall.precision),
        ("recall", args.min_recall, report.overall.recall),
        ("strict f1", args.min_strict_f1, report.overall.strict_f1),
    )
    return [
        f"{name} {actual:.3f} < {minimum:.3f}"
        for name, minimum, actual in checks
        if minimum is not None and actual < minimum
    ]


def run(args: argparse.Namespace) -> int:
    """Exit 0 when thresholds are met (or none given), 1 when not, 2 for bad input."""
    try:
        report = evaluate_dir(args.gold_dir, predictions=args.pred)
    except GoldError as exc:
        print(f"bad gold: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(format_report(report, show_errors=args.errors))
    failures = threshold_failures(report, args)
    for failure in failures:
        print(f"threshold not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tradeextract eval", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

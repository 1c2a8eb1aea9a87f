"""The report as plain text: aligned tables overall, per document and per field, and errors.

What `tradeextract eval` prints without --json.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tradeextract.evaluate.report import ClaimError, ErrorLists, EvalReport, Scores


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

"""The evaluation report: the models section 6's numbers are kept in.

`Scores` holds the counts of a set of documents and computes claim and strict P/R/F1 and
provenance integrity from them; `EvalReport` gathers them overall, per document and per
field, with the errors behind them. `ratio` and `f1` are the arithmetic they share.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, computed_field

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

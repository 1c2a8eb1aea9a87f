"""What `check` found: findings with the claims involved and their evidence, as a table or JSON.

A finding is `consistent` (the figures add up: the user sees what was checked), `inconsistent`
(they do not, beyond rounding, hedges and the tolerance) or `unchecked` (a check applied but
could not be done, e.g. no exchange rate for the period; `detail` says why).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field

from tradeextract.model import TextSpan

Status = Literal["inconsistent", "consistent", "unchecked"]
STATUS_ORDER: tuple[str, ...] = ("inconsistent", "unchecked", "consistent")


class ClaimRef(BaseModel):
    """One claim a finding rests on: where it is, what it said, and its part in the check."""

    doc_id: str
    index: int = Field(description="position of the claim in its document's claims")
    role: str = Field(description="its part in the check: exports, total, earlier, ...")
    figure: str = Field(description="the figure it contributes, as stated")
    evidence: TextSpan


class Finding(BaseModel):
    check: str = Field(description="id of the check (data/check_rules.json)")
    status: Status
    scope: Literal["document", "corpus"] = "document"
    subject: str = Field(description="what the figures are about")
    detail: str = Field(description="the arithmetic, or what differs")
    expected: float | None = Field(default=None, description="what the other figures give")
    stated: float | None = Field(default=None, description="what the text states")
    difference: float | None = Field(default=None, description="(expected - stated) / |stated|")
    claims: list[ClaimRef]

    @property
    def doc_ids(self) -> list[str]:
        return list(dict.fromkeys(ref.doc_id for ref in self.claims))


class CheckReport(BaseModel):
    tolerance: float
    documents: int
    claims: int
    findings: list[Finding] = Field(default_factory=list)

    @property
    def inconsistent(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "inconsistent"]

    def counts(self) -> dict[str, int]:
        return {status: sum(f.status == status for f in self.findings) for status in STATUS_ORDER}


def format_amount(amount: float | None, unit: str) -> str:
    """24100000000.0 USD -> 'USD 24.1 bn'; 21.44 percent -> '21.44%'."""
    if amount is None or math.isnan(amount):
        return "?"
    if math.isinf(amount):
        return "unbounded"
    if unit == "percent":
        return f"{amount:.4g}%"
    if unit == "pp":
        return f"{amount:+.4g} pp"
    if unit == "fold":
        return f"{amount:.4g}-fold"
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if abs(amount) >= scale:
            return f"{unit} {amount / scale:.6g} {word}".replace("count ", "")
    return f"{unit} {amount:.6g}".replace("count ", "")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_table(report: CheckReport) -> str:
    """Findings grouped by status, inconsistent first, each with the claims it rests on."""
    counts = report.counts()
    lines = [
        f"{report.documents} documents, {report.claims} claims, {len(report.findings)} checks: "
        + ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER)
        + f" (tolerance {report.tolerance:g})"
    ]
    ordered = sorted(report.findings, key=lambda f: STATUS_ORDER.index(f.status))
    for finding in ordered:
        where = finding.claims[0].doc_id if finding.scope == "document" else "across documents"
        lines.append("")
        lines.append(f"{finding.status.upper():<12} {finding.check:<13} {where}: {finding.subject}")
        lines.append(f"{'':<13}{finding.detail}")
        for ref in finding.claims:
            source = f"{ref.doc_id}#{ref.index}"
            lines.append(
                f"{'':<15}{ref.role:<9} {ref.figure:<18} {source} "
                f'[{ref.evidence.start}:{ref.evidence.end}] "{_short(ref.evidence.text)}"'
            )
    return "\n".join(lines)

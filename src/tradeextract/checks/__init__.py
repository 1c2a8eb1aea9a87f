"""Numbers that check themselves: arithmetic and contradiction checks over extracted claims.

    report = tradeextract.checks(documents)        # one Document, or many
    report.inconsistent                           # findings whose figures do not add up
    print(render_table(report))

Within each document: exports + imports vs total trade, exports - imports vs the balance, a
partner's share vs its value over the total, shares of one total above 100%, a value and its
change vs the earlier period's value, a CAGR vs its start and end, a bracketed conversion vs
the period's exchange rate. Across all documents given: claims about the same thing that
state different figures. Findings name the consistent figures too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tradeextract.checks.arithmetic import DOCUMENT_CHECKS
from tradeextract.checks.contradictions import check_contradictions
from tradeextract.checks.figures import check_rules
from tradeextract.checks.items import Item
from tradeextract.checks.report import CheckReport, Finding, render_table
from tradeextract.model import Document

__all__ = ["CheckReport", "Finding", "check", "check_documents", "render_table"]


def as_document(document: Document | Mapping[str, Any]) -> Document:
    return document if isinstance(document, Document) else Document.model_validate(document)


def check_documents(
    documents: Iterable[Document | Mapping[str, Any]], tolerance: float | None = None
) -> CheckReport:
    """Every check over the documents' claims; `tolerance` is relative (default 0.01)."""
    tolerance = check_rules().tolerance if tolerance is None else tolerance
    findings: list[Finding] = []
    every: list[Item] = []
    count = 0
    for document in documents:
        document = as_document(document)
        count += 1
        items = [Item(document.doc_id, n, claim) for n, claim in enumerate(document.claims)]
        items = [i for i in items if not i.is_unplaced_comparison]
        every += items
        for run in DOCUMENT_CHECKS:
            findings += run(items, tolerance)
    findings += check_contradictions(every, tolerance)
    return CheckReport(tolerance=tolerance, documents=count, claims=len(every), findings=findings)


def check(
    documents: Document
    | Mapping[str, Any]
    | Iterable[Document | Mapping[str, Any]]
    | str
    | os.PathLike[str],
    tolerance: float | None = None,
) -> CheckReport:
    """`check_documents` for one document or many (Documents or their JSON dicts), or for
    what a path holds (claims .jsonl/.json, an article, a folder of articles). A path that
    cannot be read raises ValueError naming it and the problem."""
    if isinstance(documents, str | os.PathLike):
        from tradeextract.checks.cli import read_documents

        documents, problems = read_documents([Path(documents)])
        if problems:
            raise ValueError("; ".join(problems))
    elif isinstance(documents, Document | Mapping):
        documents = [documents]
    return check_documents(documents, tolerance)

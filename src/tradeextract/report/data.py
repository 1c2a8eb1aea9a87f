"""What the report shows, read from a store: documents with their text and claims (each with
the span behind every field and its findings), and the series that have several periods."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from tradeextract.model import FLOWS
from tradeextract.store.database import Store

SERIES_KEY = ("reporter", "partner", "product", "flow", "measure", "unit", "period_length")
CLAIM_FIELDS = (
    "flow", "measure", "value", "alt_values", "change", "approx", "reporter", "partner",
    "product", "hs_code", "period", "evidence",
)  # fmt: skip


def report_data(store: Store, title: str) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON values."""
    documents = store.rows("SELECT doc_id, doc_date, path, text FROM documents ORDER BY doc_id")
    claims = claims_by_document(store)
    return {
        "title": title,
        "flows": list(FLOWS),
        "documents": [
            {
                "id": doc["doc_id"],
                "date": doc["doc_date"],
                "path": doc["path"],
                "text": doc["text"],
                "claims": claims.get(doc["doc_id"], []),
            }
            for doc in documents
        ],
        "series": series_with_periods(store),
    }


def claims_by_document(store: Store) -> dict[str, list[dict[str, Any]]]:
    spans = grouped(
        store.rows(
            "SELECT doc_id, claim_index, field, item, span_start AS start, span_end AS end, "
            "span_text AS text, inherited FROM spans ORDER BY doc_id, claim_index, span_start"
        )
    )
    findings = grouped(
        store.rows(
            "SELECT doc_id, claim_index, kind, severity, message FROM findings "
            "WHERE claim_index IS NOT NULL ORDER BY doc_id, claim_index, finding_index"
        )
    )
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows(
        "SELECT doc_id, claim_index, claim FROM claims ORDER BY doc_id, claim_index"
    ):
        key = (row["doc_id"], row["claim_index"])
        claim = json.loads(row["claim"])
        claims[row["doc_id"]].append(
            {
                "index": row["claim_index"],
                **{name: claim.get(name) for name in CLAIM_FIELDS},
                "spans": spans.get(key, []),
                "findings": findings.get(key, []),
            }
        )
    return claims


def grouped(rows: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Rows by (doc_id, claim_index), without those two columns."""
    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        key = (row.pop("doc_id"), row.pop("claim_index"))
        groups[key].append(row)
    return groups


def series_with_periods(store: Store) -> list[dict[str, Any]]:
    """Series of the `series` view that have at least two periods, with the claims behind
    each point; most periods first."""
    claims_at = defaultdict(list)
    for row in store.rows("SELECT * FROM series_points ORDER BY doc_id, claim_index"):
        point_key = tuple(row[name] for name in SERIES_KEY) + (
            row["period_start"],
            row["period_end"],
        )
        claims_at[point_key].append({"doc": row["doc_id"], "index": row["claim_index"]})
    series: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows("SELECT * FROM series ORDER BY period_start, period_end"):
        key = tuple(row[name] for name in SERIES_KEY)
        series[key].append(
            {
                "start": row["period_start"].isoformat(),
                "end": row["period_end"].isoformat(),
                "value": row["value"],
                "min": row["min_value"],
                "max": row["max_value"],
                "claims": claims_at[key + (row["period_start"], row["period_end"])],
            }
        )
    found = [
        {"key": dict(zip(SERIES_KEY, key, strict=True)), "points": points}
        for key, points in series.items()
        if len(points) >= 2
    ]
    return sorted(found, key=lambda s: (-len(s["points"]), json.dumps(s["key"], default=str)))

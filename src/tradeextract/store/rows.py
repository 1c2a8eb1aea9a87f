"""A document record (the batch's JSON Lines object) as rows of the store's tables.

The claim columns are the CSV output's (`batch.writers.flatten_claim`), so the store, the CSV
and `to_dataframe` cannot drift apart; this module only splits them into the document's part
and the claim's part and adds what the flat row cannot hold: the spans and the findings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from tradeextract.batch.writers import COLUMNS, flatten_claim

DOCUMENT_COLUMNS = ("doc_id", "path", "doc_date", "rel_path", "record", "input_sha256")
CLAIM_COLUMNS = tuple(name for name in COLUMNS if name not in DOCUMENT_COLUMNS or name == "doc_id")
POSITIONED_FIELDS = ("value", "change")  # fields whose own object carries start/end/text


def content_sha256(record: Mapping[str, Any]) -> str:
    """What tells a changed document from the same one loaded again (its text left out: a
    record with and one without --include-text are the same document)."""
    body = {key: value for key, value in record.items() if key != "text"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def document_row(record: Mapping[str, Any], text: str | None) -> dict[str, Any]:
    source = record.get("source") or {}
    return {
        "doc_id": record["doc_id"],
        "doc_date": record.get("doc_date"),
        "path": record.get("path"),
        "rel_path": source.get("rel_path"),
        "record": source.get("record"),
        "input_sha256": source.get("input_sha256"),
        "text_sha256": source.get("text_sha256"),
        "text": text,
        "content_sha256": content_sha256(record),
        "source": json.dumps(source, ensure_ascii=False) if source else None,
    }


def claim_rows(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The claim columns of the CSV output, plus the whole claim as JSON."""
    for index, claim in enumerate(record.get("claims") or []):
        flat = flatten_claim(dict(record), index, claim)
        row = {name: flat[name] for name in CLAIM_COLUMNS}
        row["claim"] = json.dumps(claim, ensure_ascii=False)
        yield row


def span_rows(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The characters behind every field of every claim, inherited ones marked."""
    doc_id = record["doc_id"]
    for index, claim in enumerate(record.get("claims") or []):
        evidence = claim.get("evidence") or {}
        for field, item, span in claim_spans(claim):
            yield {
                "doc_id": doc_id,
                "claim_index": index,
                "field": field,
                "item": item,
                "span_start": span["start"],
                "span_end": span["end"],
                "span_text": span.get("text"),
                "inherited": field != "evidence" and not inside(span, evidence),
            }


def claim_spans(claim: Mapping[str, Any]) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    """(field, item, span) for each field that says where it was read."""
    candidates: list[tuple[str, int, Any]] = [("evidence", 0, claim.get("evidence"))]
    candidates += [(name, 0, claim.get(name)) for name in POSITIONED_FIELDS]
    candidates += [("alt_value", i, alt) for i, alt in enumerate(claim.get("alt_values") or [])]
    candidates += [(name, 0, span) for name, span in (claim.get("spans") or {}).items()]
    for field, item, span in candidates:
        if has_position(span):
            yield field, item, span


def has_position(span: Any) -> bool:
    return (
        isinstance(span, Mapping)
        and isinstance(span.get("start"), int)
        and isinstance(span.get("end"), int)
    )


def inside(span: Mapping[str, Any], evidence: Mapping[str, Any]) -> bool:
    """Whether a field was read within the claim's evidence (else it was inherited)."""
    if not has_position(evidence):
        return False
    return evidence["start"] <= span["start"] and span["end"] <= evidence["end"]


def finding_rows(record: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """A record's `findings`: one row per claim a finding names (or one for the document).

    A finding is an object; the claims it is about are `claim_index` or `claims` (indices), its
    kind `kind` (or `rule`, `check`), its severity `severity` (or `level`), its text `message`.
    """
    for number, finding in enumerate(record.get("findings") or []):
        if not isinstance(finding, Mapping):
            finding = {"message": str(finding)}
        indices = claim_indices(finding) or [None]
        for claim_index in indices:
            yield {
                "doc_id": record["doc_id"],
                "claim_index": claim_index,
                "finding_index": number,
                "kind": first_of(finding, "kind", "rule", "check"),
                "severity": first_of(finding, "severity", "level"),
                "message": first_of(finding, "message", "reason", "text"),
                "finding": json.dumps(finding, ensure_ascii=False, default=str),
            }


def claim_indices(finding: Mapping[str, Any]) -> list[int]:
    named = finding.get("claims", finding.get("claim_indices", finding.get("claim_index")))
    values = named if isinstance(named, list) else [named]
    return sorted({value for value in values if isinstance(value, int)})


def first_of(finding: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        if finding.get(name) is not None:
            return str(finding[name])
    return None


def as_record(document: Any) -> dict[str, Any]:
    """A batch record as it is, or a `Document` as the record the batch would write."""
    if isinstance(document, Mapping):
        return dict(document)
    dump = getattr(document, "model_dump", None)
    if dump is None:
        raise TypeError(f"not a document: {type(document).__name__}")
    return dump(mode="json")

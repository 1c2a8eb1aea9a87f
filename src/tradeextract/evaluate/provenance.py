"""Provenance integrity: is every span a predicted claim carries the document's text there.

Lists the spans of a predicted claim (evidence, value, change, alt_values, `spans`) and
checks each against the document text.
"""

from __future__ import annotations

from typing import Any

from tradeextract.model import Change, Claim, Value


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

"""Offsets against the text: a span's `text` must be exactly the document's `text[start:end]`.

Checks the evidence span, the optional spans of value and change objects and the `spans`
dict, and says where a misplaced quote does occur.
"""

from __future__ import annotations

from typing import Any

from tradeextract.gold.problems import Checker


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(text: str, limit: int = 70) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def check_span(checker: Checker, where: str, span: Any) -> None:
    """A `{start, end, text}` object whose text is exactly `doc_text[start:end]`."""
    if not isinstance(span, dict):
        checker.error(
            where, "missing span" if span is None else "must be an object {start, end, text}"
        )
        return
    start, end, text = span.get("start"), span.get("end"), span.get("text")
    if not (_is_int(start) and _is_int(end)):
        checker.error(where, f"start and end must be integers, got {start!r}, {end!r}")
        return
    if not isinstance(text, str):
        checker.error(f"{where}.text", "missing or not a string")
        return
    if not 0 <= start <= end <= len(checker.text):
        checker.error(where, f"offsets {start}:{end} outside the text (length {len(checker.text)})")
        return
    found = checker.text[start:end]
    if found != text:
        located = checker.text.find(text)
        where_found = (
            f"; the text occurs at {located}:{located + len(text)}" if located >= 0 else ""
        )
        checker.error(
            f"{where}.text",
            f"{_short(text)} != text[{start}:{end}] {_short(found)}{where_found}",
        )


def check_optional_provenance(checker: Checker, where: str, obj: dict[str, Any]) -> None:
    """Gold field objects may carry their own span; when they do it must be right."""
    if any(obj.get(key) is not None for key in ("start", "end", "text")):
        check_span(checker, where, {k: obj.get(k) for k in ("start", "end", "text")})


def check_spans_dict(checker: Checker, spans: Any) -> None:
    if spans is None:
        return
    if not isinstance(spans, dict):
        checker.error("spans", "must be an object mapping field names to spans")
        return
    for name, span in spans.items():
        check_span(checker, f"spans.{name}", span)

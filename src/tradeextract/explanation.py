"""`tradeextract explain`: one claim's fields, how each was decided, and the text it came from.

    tradeextract explain article.txt              # list the article's claims
    tradeextract explain article.txt --claim 2    # explain the third one
    tradeextract explain claims.jsonl --doc 004_e19eb18e234072f5 --claim 55

In Python: `tradeextract.explain(claim)` returns the same text, `explain_fields(claim)` the rows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tradeextract.checks.report import format_amount
from tradeextract.link.decisions import DECIDED_FIELDS, decision_rules
from tradeextract.model import Change, Claim, Document, TextSpan, Value

EXIT_BAD_INPUT = 2


def _shown(claim: Claim, field: str) -> str:
    """A field's value as a reader would write it."""
    if field == "basis":
        return str(claim.change.basis) if claim.change is not None else "-"
    value = getattr(claim, field)
    if value is None or value == []:
        return "-"
    if isinstance(value, Value | Change):
        return _number(value)
    if field == "alt_values":
        return "; ".join(_number(v) for v in value)
    if field == "period":
        return f"{value.start}..{value.end}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _number(number: Value | Change) -> str:
    shown = format_amount(number.amount, number.unit)
    if number.upper is not None:
        shown += f" to {format_amount(number.upper, number.unit)}"
    usd = number.value_usd
    if usd is not None and number.unit != "USD":
        shown += f" (= {format_amount(usd.amount, 'USD')})" if usd.amount is not None else ""
    return shown


def _source(claim: Claim, field: str) -> TextSpan | None:
    """Where the field was read: its number's span, or its entry in `spans`."""
    if field in ("value", "change"):
        number = getattr(claim, field)
        if number is not None and number.start is not None and number.text is not None:
            return TextSpan(start=number.start, end=number.end, text=number.text)
        return None
    if field == "alt_values" and claim.alt_values and claim.alt_values[0].start is not None:
        alt = claim.alt_values[0]
        return TextSpan(start=alt.start, end=alt.end, text=alt.text or "")
    return claim.spans.get(field)


def explain_fields(claim: Claim) -> list[dict[str, Any]]:
    """One row per field: its value, how it was decided, by which rules, and its source."""
    rules = decision_rules()
    rows = []
    for field in DECIDED_FIELDS:
        decision = claim.decisions.get(field)
        source = _source(claim, field)
        inside = source is not None and (
            claim.evidence.start <= source.start and source.end <= claim.evidence.end
        )
        rows.append(
            {
                "field": field,
                "value": _shown(claim, field),
                "how": decision.how if decision else None,
                "rules": [
                    {"id": r, "says": rules[r].says if r in rules else None}
                    for r in (decision.rules if decision else [])
                ],
                "source": source.model_dump() if source else None,
                "in_evidence": inside if source else None,
            }
        )
    return rows


def _usd_line(claim: Claim) -> str | None:
    usd = claim.value.value_usd if claim.value is not None else None
    if usd is None or usd.currency == "USD":
        return None
    if usd.amount is None:
        return f"value_usd: none ({usd.note})"
    line = (
        f"value_usd: {format_amount(usd.amount, 'USD')} at {usd.rate:.6g} USD/{usd.currency}, "
        f"mean of {usd.days} daily rates {usd.rate_start}..{usd.rate_end} ({usd.source})"
    )
    return line + (f"; {usd.note}" if usd.note else "")


def _hs_line(claim: Claim) -> str | None:
    if claim.hs is None:
        return None
    codes = "; ".join(f"{h.code} {h.description or ''}".strip()[:110] for h in claim.hs.headings)
    where = f" by {claim.hs.entry} ({claim.hs.edition})" if claim.hs.source == "mapped" else ""
    return f"hs: {claim.hs.source}{where}: {codes}"


def explain(claim: Claim) -> str:
    """The claim's fields with how each was decided and the text each came from."""
    ev = claim.evidence
    lines = [f'evidence [{ev.start}:{ev.end}] "{ev.text}"', ""]
    width = max(len(f) for f in DECIDED_FIELDS)
    for row in explain_fields(claim):
        how = row["how"] or "?"
        ids = ", ".join(r["id"] for r in row["rules"])
        line = f"{row['field']:<{width}}  {row['value']:<28} {how:<10} {ids}"
        source = row["source"]
        if source is not None:
            where = "in the evidence" if row["in_evidence"] else "elsewhere"
            line += f'\n{"":<{width}}  from "{source["text"]}" [{source["start"]}:{source["end"]}], {where}'
        lines.append(line)
    extras = [x for x in (_usd_line(claim), _hs_line(claim)) if x]
    if extras:
        lines += ["", *extras]
    used = {r["id"] for row in explain_fields(claim) for r in row["rules"]}
    lines += ["", "rules:"]
    lines += [f"  {r}: {decision_rules()[r].says}" for r in sorted(used) if r in decision_rules()]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="an article (.txt) or claims (.jsonl, .json)")
    parser.add_argument("--doc", help="doc_id of the document, when PATH holds several")
    parser.add_argument("--claim", type=int, help="index of the claim (without it: the list)")
    parser.add_argument("--json", action="store_true", help="the explanation as JSON")


def _pick_document(documents: list[Document], doc_id: str | None) -> Document:
    if doc_id is not None:
        for document in documents:
            if document.doc_id == doc_id:
                return document
        raise LookupError(f"no document {doc_id!r}; there are: " + _ids(documents))
    if len(documents) != 1:
        raise LookupError(f"{len(documents)} documents: choose one with --doc: " + _ids(documents))
    return documents[0]


def _ids(documents: list[Document]) -> str:
    ids = [d.doc_id for d in documents]
    return ", ".join(ids[:20]) + (" ..." if len(ids) > 20 else "")


def run(args: argparse.Namespace) -> int:
    from tradeextract.checks.cli import read_documents

    documents, problems = read_documents([Path(args.path)])
    for problem in problems:
        print(f"tradeextract explain: {problem}", file=sys.stderr)
    try:
        document = _pick_document(documents, args.doc)
    except LookupError as exc:
        print(f"tradeextract explain: {args.path}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.claim is None:
        for index, claim in enumerate(document.claims):
            print(f"{index:>4}  {' '.join(claim.evidence.text.split())[:110]}")
        return 0
    if not 0 <= args.claim < len(document.claims):
        print(
            f"tradeextract explain: {document.doc_id} has claims 0..{len(document.claims) - 1}, "
            f"not {args.claim}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    claim = document.claims[args.claim]
    if args.json:
        out = {"doc_id": document.doc_id, "index": args.claim, "fields": explain_fields(claim)}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"{document.doc_id} claim {args.claim}")
        print(explain(claim))
    return 0

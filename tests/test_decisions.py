"""How each field was decided (issue 12): rules with stable ids, recorded where the linker sets a
field, on every claim; `tradeextract explain` shows them with the text each came from."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import tradeextract
from conftest import REPO, gold_texts
from tradeextract.cli import main
from tradeextract.evaluate import evaluate_dir
from tradeextract.link.decisions import (
    DECIDED_FIELDS,
    FALLBACKS,
    decide,
    decision_rules,
    finish,
    how_of,
)
from tradeextract.model import Document

SRC = REPO / "src" / "tradeextract"
RECORDERS = {"decide", "also", "inherit"}


def rule_ids_in_source() -> dict[str, list[str]]:
    """Every rule id written as a string literal in a call to decide/also/inherit, by file;
    f-strings ('{name}.context') are expanded over the fields."""
    found: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in RECORDERS):
                continue
            ids = found.setdefault(str(path.relative_to(SRC)), [])
            inside_fstrings: set[int] = set()
            for arg in ast.walk(node):
                if isinstance(arg, ast.JoinedStr):
                    inside_fstrings |= {id(v) for v in arg.values}
                    suffix = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                    ids += [f"{field}{suffix}" for field in ("reporter", "product")]
                elif (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and id(arg) not in inside_fstrings
                ):
                    ids.append(arg.value)
    return found


def test_every_rule_id_the_linker_records_is_in_the_rules_file() -> None:
    rules = decision_rules()
    used = rule_ids_in_source()
    assert sum(len(ids) for ids in used.values()) > 60
    unknown = {file: [r for r in ids if r not in rules] for file, ids in used.items()}
    assert not any(unknown.values()), unknown


def test_rules_file_is_well_formed() -> None:
    rules = decision_rules()
    hows = {"stated", "inherited", "convention", "default"}
    for rule_id, rule in rules.items():
        assert rule.how in hows, rule_id
        assert rule.says, rule_id
        if rule_id not in FALLBACKS:
            assert rule_id.split(".")[0] == rule.field, rule_id
            assert rule.field in DECIDED_FIELDS, rule_id
    for field in DECIDED_FIELDS:  # every field has the default `finish` falls back to
        assert f"{field}.none" in rules


def test_decide_rejects_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="unknown decision rule 'flow.guessed'"):
        decide({}, "flow.guessed")


def test_the_least_direct_way_decides_a_field() -> None:
    assert how_of(["period.stated"]) == "stated"
    assert how_of(["period.stated", "period.year_of_article"]) == "inherited"
    assert how_of(["period.context", "period.fiscal_start"]) == "convention"
    assert how_of(["period.doc_year"]) == "default"


def test_finish_fills_untouched_fields_from_their_values() -> None:
    claim = {
        "evidence": {"start": 10, "end": 40, "text": "x" * 30},
        "flow": "export",
        "value": {"amount": 1.0, "unit": "USD"},
        "alt_values": [],
        "change": None,
        "reporter": ["CN"],
        "partner": None,
        "spans": {"flow": {"start": 12, "end": 19, "text": "exports"}},
    }
    decisions = finish({"reporter": ["reporter.context"]}, claim)
    assert set(decisions) == set(DECIDED_FIELDS)
    shown = {field: d.model_dump(mode="json") for field, d in decisions.items()}
    assert shown["reporter"] == {"how": "inherited", "rules": ["reporter.context"]}
    assert shown["partner"] == {"how": "default", "rules": ["partner.none"]}
    assert shown["basis"] == {"how": "default", "rules": ["basis.none"]}
    assert shown["flow"]["rules"] == ["any.span_in_clause"]  # nothing recorded: its span
    assert shown["value"]["rules"] == ["any.unrecorded"]


@pytest.fixture(scope="module")
def extracted(nlp, fixtures_dir: Path, seeds_dir: Path) -> list[Document]:
    paths = gold_texts(fixtures_dir) + gold_texts(seeds_dir)
    items = [(p.read_text(encoding="utf-8"), p.stem, None) for p in paths]
    return list(tradeextract.extract_many(items, nlp=nlp))


def test_every_claim_says_how_each_field_was_decided(extracted: list[Document]) -> None:
    claims = [c for d in extracted for c in d.claims]
    assert len(claims) > 450
    for claim in claims:
        assert set(claim.decisions) == set(DECIDED_FIELDS), claim.evidence.text
        for field, decision in claim.decisions.items():
            assert decision.rules, (field, claim.evidence.text)
            assert not set(decision.rules) & set(FALLBACKS), (field, claim.evidence.text)
            empty = field != "basis" and getattr(claim, field) in (None, [])
            if decision.how == "stated" and field not in ("basis", "product", "flow"):
                assert not empty, (field, decision, claim.evidence.text)


def test_inherited_fields_point_outside_the_evidence(extracted: list[Document]) -> None:
    """An inherited field's span says where it came from: not the claim's own clause."""
    checked = 0
    for claim in (c for d in extracted for c in d.claims):
        for field in ("reporter", "product", "period"):
            rules = claim.decisions[field].rules
            span = claim.spans.get(field)
            if span is None or not {f"{field}.context"} & set(rules):
                continue
            checked += 1
            inside = claim.evidence.start <= span.start and span.end <= claim.evidence.end
            assert not inside, (field, claim.evidence.text, span.text)
    assert checked > 100


def _claim(documents: list[Document], doc_prefix: str, evidence: str):
    document = next(d for d in documents if d.doc_id.startswith(doc_prefix))
    return next(c for c in document.claims if c.evidence.text.startswith(evidence))


def test_seed_fields_stated_inherited_and_by_convention(extracted: list[Document]) -> None:
    exports = _claim(extracted, "004", "Export value stood at $24.10 billion")
    assert exports.decisions["flow"].how == "stated"
    assert exports.decisions["basis"].rules == ("basis.stated",)
    assert exports.decisions["reporter"].how == "inherited"
    assert exports.spans["reporter"].text == "China"
    assert exports.decisions["period"].how == "inherited"
    assert exports.spans["period"].text == "first half of 2025"
    assert exports.decisions["partner"].rules == ("partner.none",)

    fiscal = _claim(extracted, "b02", "Exports rose 3.6% from the previous fiscal year")
    assert fiscal.decisions["period"].how == "convention"
    assert "period.fiscal_start" in fiscal.decisions["period"].rules

    unqualified = [
        c
        for d in extracted
        for c in d.claims
        if "basis.yoy_convention" in c.decisions["basis"].rules
    ]
    assert unqualified and all(c.change.basis == "yoy" for c in unqualified)
    assert all(c.decisions["basis"].how == "convention" for c in unqualified)


def test_explain_names_how_and_where_each_field_came_from(extracted: list[Document]) -> None:
    claim = _claim(extracted, "004", "import value reached $16.99 billion")
    text = tradeextract.explain(claim)
    assert (
        'evidence [325:384] "import value reached $16.99 billion, down 3.9% year-on-year"' in text
    )
    assert "reporter    CN" in text and "reporter.same_sentence" in text
    assert 'from "China" [33:38], elsewhere' in text
    assert 'from "$16.99 billion" [346:360], in the evidence' in text
    assert "period.same_sentence: the period of the sentence's earlier claim" in text


def test_explain_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "brazil.txt"
    article.write_text(
        "Brazil's soybean exports reached $53.2 billion in 2023, up 14.0% year-on-year.\n"
        "Exports to China rose 9.1%.\n",
        encoding="utf-8",
    )
    assert main(["explain", str(article)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and listing[1].strip().startswith("1")
    assert main(["explain", str(article), "--claim", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    fields = {row["field"]: row for row in out["fields"]}
    assert fields["partner"]["value"] == "CN" and fields["partner"]["how"] == "stated"
    assert fields["product"]["how"] == "inherited"
    assert fields["product"]["source"]["text"] == "soybean"
    assert fields["product"]["in_evidence"] is False
    assert main(["explain", str(article), "--claim", "7"]) == 2
    assert "has claims 0..1, not 7" in capsys.readouterr().err


def _strip(record: dict) -> dict:
    """A document as it was before issue 12: no decisions, value_usd or hs."""
    for claim in record["claims"]:
        for name in ("decisions", "hs"):
            claim.pop(name, None)
        for number in (claim["value"], claim["change"], *claim["alt_values"]):
            if number is not None:
                number.pop("value_usd", None)
    return record


def test_the_evaluator_ignores_the_new_fields(extracted: list[Document], seeds_dir: Path) -> None:
    seeds = [d for d in extracted if d.doc_id[0].isdigit()]
    with_fields = evaluate_dir(seeds_dir, predictions=seeds)
    before = [Document.model_validate(_strip(d.model_dump(mode="json"))) for d in seeds]
    assert all(not c.decisions and c.hs is None for d in before for c in d.claims)
    without = evaluate_dir(seeds_dir, predictions=before)
    assert with_fields.model_dump() == without.model_dump()
    assert with_fields.overall.n_paired == 90


def test_table_rows_say_how_their_fields_were_decided(extract) -> None:
    doc = extract(
        "Malaysia's exports by product in 2023\n\n"
        "| Product | 2023 exports (RM bn) | Change |\n|---|---|---|\n"
        "| Palm oil | 55.4 | -20.1% |\n"
    )
    (claim,) = doc.claims
    rules = {field: decision.rules for field, decision in claim.decisions.items()}
    assert rules["product"] == ("product.table_label",)
    assert rules["flow"] == ("flow.table_header",)
    assert rules["basis"] == ("basis.yoy_convention",)  # 'Change' names no basis
    assert rules["period"] == ("period.table",)
    assert claim.decisions["reporter"].how == "inherited"
    assert claim.hs.entry == "hs.palm_oil" and claim.value.value_usd.currency == "MYR"

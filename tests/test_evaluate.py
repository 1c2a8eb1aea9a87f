"""The scorer against claims.md section 6, on small synthetic documents built here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tradeextract.evaluate import (
    EvalReport,
    evaluate_dir,
    format_report,
    main,
    pair_claims,
    ratio,
    score_documents,
)
from tradeextract.gold import load_gold_dir
from tradeextract.model import Claim, Document

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

TEXT = (
    "Widget exports reached $10.0 billion in 2024, up 5.0% year-on-year. "
    "Imports of gadgets fell 3.2% to 2.5 billion yuan (about $350 million). "
    "Exports to Germany, France and Italy all grew by more than 10%."
)
DOC = "d1"


def span(quote: str, text: str = TEXT) -> dict[str, Any]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


def make_claim(
    quote: str,
    value: tuple[float, str] | dict[str, Any] | None = None,
    change: tuple[float, str] | dict[str, Any] | None = None,
    **fields: Any,
) -> Claim:
    """A claim on TEXT with sensible defaults; `fields` override any of them.

    `value` and `change` are (amount, unit) shorthands (a change's basis is yoy) or dicts.
    """
    if isinstance(value, tuple):
        value = {"amount": value[0], "unit": value[1]}
    if isinstance(change, tuple):
        change = {"amount": change[0], "unit": change[1], "basis": "yoy"}
    data: dict[str, Any] = {
        "evidence": span(quote),
        "flow": "export",
        "measure": "value",
        "value": value,
        "change": change,
        "reporter": "CN",
    }
    data.update(fields)
    return Claim.model_validate(data)


WIDGETS = "Widget exports reached $10.0 billion in 2024, up 5.0% year-on-year"
GADGETS = "Imports of gadgets fell 3.2% to 2.5 billion yuan (about $350 million)"
GROUP = "Exports to Germany, France and Italy all grew by more than 10%"


def score(gold: list[Claim], predicted: list[Claim]) -> EvalReport:
    return score_documents(
        [Document(doc_id=DOC, claims=gold)], [Document(doc_id=DOC, claims=predicted)], {DOC: TEXT}
    )


# --- pairing -----------------------------------------------------------------------------------


PAIRING_CASES = [
    # (name, gold claim, predicted claim, paired?)
    (
        "same span and value",
        make_claim(WIDGETS, (10e9, "USD")),
        make_claim(WIDGETS, (10e9, "USD")),
        True,
    ),
    (
        "partial overlap",
        make_claim(WIDGETS, (10e9, "USD")),
        make_claim("exports reached $10.0 billion", (10e9, "USD")),
        True,
    ),
    (
        "no overlap",
        make_claim("Widget exports", (10e9, "USD")),
        make_claim("reached $10.0 billion", (10e9, "USD")),
        False,
    ),
    (
        "adjacent spans do not overlap",
        make_claim("Widget ", (10e9, "USD")),
        make_claim("exports", (10e9, "USD")),
        False,
    ),
    (
        "value within 0.5%",
        make_claim(WIDGETS, (100.0, "USD")),
        make_claim(WIDGETS, (100.5, "USD")),
        True,
    ),
    (
        "value below within 0.5%",
        make_claim(WIDGETS, (100.0, "USD")),
        make_claim(WIDGETS, (99.5, "USD")),
        True,
    ),
    (
        "value off by 0.6%",
        make_claim(WIDGETS, (100.0, "USD")),
        make_claim(WIDGETS, (100.6, "USD")),
        False,
    ),
    (
        "value off by scale",
        make_claim(WIDGETS, (10e9, "USD")),
        make_claim(WIDGETS, (10.0, "USD")),
        False,
    ),
    (
        "same amount other unit",
        make_claim(WIDGETS, (10e9, "USD")),
        make_claim(WIDGETS, (10e9, "CNY")),
        False,
    ),
    (
        "predicted value matches gold alt_values",
        make_claim(GADGETS, (2.5e9, "CNY"), alt_values=[{"amount": 350e6, "unit": "USD"}]),
        make_claim(GADGETS, (350e6, "USD")),
        True,
    ),
    (
        "gold value against predicted alt_values does not count",
        make_claim(GADGETS, (2.5e9, "CNY")),
        make_claim(GADGETS, (350e6, "USD"), alt_values=[{"amount": 2.5e9, "unit": "CNY"}]),
        False,
    ),
    (
        "gold without value: changes equal",
        make_claim(GROUP, None, (10.0, "percent")),
        make_claim(GROUP, None, (10.0, "percent")),
        True,
    ),
    (
        "gold without value: change within 0.01",
        make_claim(GROUP, None, (10.0, "percent")),
        make_claim(GROUP, None, (10.01, "percent")),
        True,
    ),
    (
        "gold without value: change off by 0.02",
        make_claim(GROUP, None, (10.0, "percent")),
        make_claim(GROUP, None, (10.02, "percent")),
        False,
    ),
    (
        "gold without value: change unit differs",
        make_claim(GROUP, None, (10.0, "percent")),
        make_claim(GROUP, None, (10.0, "pp")),
        False,
    ),
    (
        "predicted without value: changes equal",
        make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent")),
        make_claim(WIDGETS, None, (5.0, "percent")),
        True,
    ),
    (
        "both values differ, changes equal",
        make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent")),
        make_claim(WIDGETS, (20e9, "USD"), (5.0, "percent")),
        False,
    ),
    (
        "no value and no change on one side",
        make_claim(WIDGETS, None, (5.0, "percent")),
        make_claim(WIDGETS, None, None),
        False,
    ),
]


@pytest.mark.parametrize(
    ("gold", "predicted", "paired"),
    [case[1:] for case in PAIRING_CASES],
    ids=[case[0] for case in PAIRING_CASES],
)
def test_pairing_rules(gold: Claim, predicted: Claim, paired: bool) -> None:
    report = score([gold], [predicted])
    assert report.overall.n_paired == int(paired)
    assert len(report.errors.missed) == len(report.errors.spurious) == int(not paired)


def test_one_prediction_pairs_with_the_gold_claim_it_overlaps_most() -> None:
    first = make_claim("Imports of gadgets fell 3.2%", None, (-3.2, "percent"))
    second = make_claim("fell 3.2% to 2.5 billion yuan", None, (-3.2, "percent"))
    predicted = make_claim("Imports of gadgets fell 3.2% to", None, (-3.2, "percent"))
    report = score([second, first], [predicted])
    assert report.overall.n_paired == 1
    assert [error.evidence for error in report.errors.missed] == [second.evidence.text]


def test_one_gold_claim_pairs_with_the_prediction_that_overlaps_most() -> None:
    gold = make_claim(WIDGETS, (10e9, "USD"))
    small = make_claim("Widget exports", (10e9, "USD"))
    large = make_claim("Widget exports reached $10.0 billion", (10e9, "USD"))
    report = score([gold], [small, large])
    assert (report.overall.n_paired, report.overall.n_pred) == (1, 2)
    assert [error.evidence for error in report.errors.spurious] == [small.evidence.text]


def test_equal_overlaps_pair_the_claims_that_agree_whatever_their_order() -> None:
    gold = [make_claim(GROUP, None, (10.0, "percent"), partner=code) for code in ("DE", "FR", "IT")]
    predicted = [
        make_claim(GROUP, None, (10.0, "percent"), partner=code) for code in ("IT", "DE", "FR")
    ]
    pairs = pair_claims(gold, predicted)
    assert pairs == [(0, 1), (1, 2), (2, 0)]
    assert pair_claims(gold, predicted) == pairs  # deterministic
    report = score(gold, predicted)
    assert (report.overall.n_paired, report.overall.n_strict) == (3, 3)


# --- fields ------------------------------------------------------------------------------------


FIELD_CASES = [
    # (field, gold value, predicted value, right?)
    ("flow", "export", "export", True),
    ("flow", "export", "trade", False),
    ("measure", "value", "share", False),
    ("approx", None, None, True),
    ("approx", "gt", "about", False),
    ("approx", "gt", None, False),
    ("hs_code", "38221900", "38221900", True),
    ("hs_code", "38221900", None, False),
    ("reporter", "CN", ["CN"], True),
    ("reporter", ["CN-GD", "CN-JS"], ["CN-JS", "CN-GD"], True),
    ("reporter", ["CN-GD", "CN-JS"], "CN-GD", False),
    ("partner", None, None, True),
    ("partner", None, [], True),
    ("partner", "US", None, False),
    ("partner", ["US", "DE", "JP"], ["JP", "US", "DE"], True),
    ("partner", ["US", "DE"], ["US", "DE", "JP"], False),
    ("product", "medical devices", "Medical Device", True),
    ("product", "medical devices", "medical  devices", True),
    ("product", ["medical devices", "medical equipment"], "medical equipment", True),
    ("product", ["medical devices", "medical equipment"], ["medical equipment", "toys"], True),
    ("product", ["medical devices", "medical equipment"], ["toys", "medical devices"], False),
    ("product", "medical devices", "medical", False),
    ("product", None, None, True),
    ("product", None, "toys", False),
    ("product", "toys", None, False),
    (
        "period",
        {"start": "2024-01-01", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "2024-12-31"},
        True,
    ),
    (
        "period",
        {"start": "2024-01-01", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "2024-06-30"},
        False,
    ),
    (
        "period",
        {"start": "XXXX-01-01", "end": "XXXX-10-31"},
        {"start": "2024-01-01", "end": "2024-10-31"},
        False,
    ),
    ("period", None, {"start": "2024-01-01", "end": "2024-12-31"}, False),
    ("change", None, None, True),
    (
        "change",
        {"amount": 5.0, "unit": "percent", "basis": "yoy"},
        {"amount": 5.01, "unit": "percent", "basis": "yoy"},
        True,
    ),
    (
        "change",
        {"amount": 5.0, "unit": "percent", "basis": "yoy"},
        {"amount": 5.02, "unit": "percent", "basis": "yoy"},
        False,
    ),
    (
        "change",
        {"amount": 5.0, "unit": "percent", "basis": "yoy"},
        {"amount": 5.0, "unit": "pp", "basis": "yoy"},
        False,
    ),
    (
        "change",
        {"amount": 5.0, "unit": "percent", "basis": "yoy"},
        {"amount": 5.0, "unit": "percent", "basis": None},
        False,
    ),
    ("change", {"amount": 5.0, "unit": "percent", "basis": "yoy"}, None, False),
]


@pytest.mark.parametrize(("name", "gold_value", "pred_value", "right"), FIELD_CASES)
def test_field_accuracy(name: str, gold_value: Any, pred_value: Any, right: bool) -> None:
    gold = make_claim(WIDGETS, (10e9, "USD"), **{name: gold_value})
    predicted = make_claim(WIDGETS, (10e9, "USD"), **{name: pred_value})
    report = score([gold], [predicted])
    assert report.overall.n_paired == 1
    assert (report.per_field[name].correct, report.per_field[name].total) == (int(right), 1)
    others_right = all(acc.correct == 1 for field, acc in report.per_field.items() if field != name)
    assert others_right
    assert report.overall.n_strict == int(right)
    wrong_fields = [diff.field for error in report.errors.wrong_field for diff in error.diffs]
    assert wrong_fields == ([] if right else [name])


def test_claim_and_strict_scores_count_pairs_misses_and_spurious_claims() -> None:
    gold = [
        make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent")),
        make_claim(GADGETS, (2.5e9, "CNY"), (-3.2, "percent"), flow="import"),
        make_claim(GROUP, None, (10.0, "percent"), partner="DE", approx="gt"),
    ]
    predicted = [
        make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent")),  # right
        make_claim(GADGETS, (2.5e9, "CNY"), (-3.2, "percent"), flow="export"),  # wrong flow
        make_claim("Widget exports", (2024.0, "count"), measure="count"),  # spurious
    ]
    overall = score(gold, predicted).overall
    assert (overall.n_gold, overall.n_pred, overall.n_paired, overall.n_strict) == (3, 3, 2, 1)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(2 / 3)
    assert overall.f1 == pytest.approx(2 / 3)
    assert overall.strict_precision == pytest.approx(1 / 3)
    assert overall.strict_f1 == pytest.approx(1 / 3)


def test_error_lists_say_what_was_missed_spurious_and_wrong() -> None:
    gold = [
        make_claim(GADGETS, (2.5e9, "CNY"), flow="import"),
        make_claim(GROUP, None, (10.0, "percent")),
    ]
    predicted = [
        make_claim(GADGETS, (2.5e9, "CNY"), flow="export"),
        make_claim(GROUP, None, (12.0, "percent")),
    ]
    errors = score(gold, predicted).errors
    assert [e.evidence for e in errors.missed] == [GROUP]
    assert "other numbers" in errors.missed[0].note and "+12 percent" in errors.missed[0].note
    assert [e.evidence for e in errors.spurious] == [GROUP]
    (wrong,) = errors.wrong_field
    assert (
        wrong.evidence,
        wrong.diffs[0].field,
        wrong.diffs[0].gold,
        wrong.diffs[0].predicted,
    ) == (
        GADGETS,
        "flow",
        "import",
        "export",
    )


# --- provenance --------------------------------------------------------------------------------


def test_provenance_counts_every_predicted_span() -> None:
    good = make_claim(
        WIDGETS,
        {"amount": 10e9, "unit": "USD", **span("$10.0 billion")},
        {"amount": 5.0, "unit": "percent", "basis": "yoy", **span("up 5.0%")},
        spans={"period": span("2024"), "flow": span("exports")},
    )
    report = score([good], [good])
    assert (report.overall.n_spans, report.overall.n_spans_ok, report.overall.provenance) == (
        5,
        5,
        1.0,
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"evidence": {"start": 0, "end": 6, "text": "Gadget"}},
        {"value": {"amount": 10e9, "unit": "USD", "start": 23, "end": 36, "text": "$10 billion"}},
        {"alt_values": [{"amount": 10e9, "unit": "USD", "start": 23, "end": 36}]},  # no text
        {"change": {"amount": 5.0, "unit": "percent", "start": 500, "end": 507, "text": "up 5.0%"}},
        {"spans": {"product": {"start": 0, "end": 6, "text": "Widgets"}}},
    ],
    ids=["evidence", "value", "alt_value without text", "change out of range", "spans entry"],
)
def test_provenance_below_one_when_a_span_is_not_the_text(broken: dict[str, Any]) -> None:
    gold = make_claim(WIDGETS, (10e9, "USD"))
    predicted = Claim.model_validate({**gold.model_dump(), **broken})
    report = score([gold], [predicted])
    overall = report.overall
    assert overall.n_spans_ok == overall.n_spans - 1
    assert overall.provenance is not None and overall.provenance < 1.0
    assert len(report.errors.bad_spans) == 1


# --- documents ---------------------------------------------------------------------------------


def test_scores_are_micro_averaged_and_missing_predictions_count_as_empty() -> None:
    gold = [
        Document(doc_id="a", claims=[make_claim(WIDGETS, (10e9, "USD"))]),
        Document(
            doc_id="b",
            claims=[
                make_claim(WIDGETS, (10e9, "USD")),
                make_claim(GADGETS, (2.5e9, "CNY")),
                make_claim(GROUP, None, (10.0, "percent")),
            ],
        ),
    ]
    predicted = [
        Document(doc_id="a", claims=[make_claim(WIDGETS, (10e9, "USD"))]),
        Document(doc_id="zzz", claims=[make_claim(WIDGETS, (10e9, "USD"))]),
    ]
    report = score_documents(gold, predicted, {"a": TEXT, "b": TEXT})
    assert (report.overall.precision, report.overall.recall) == (1.0, 0.25)
    assert [(d.doc_id, d.scores.recall) for d in report.per_document] == [("a", 1.0), ("b", 0.0)]
    assert any("b" in w and "no prediction" in w for w in report.warnings)
    assert any("zzz" in w and "not in the gold" in w for w in report.warnings)


def test_duplicate_predicted_documents_are_rejected() -> None:
    doc = Document(doc_id=DOC, claims=[])
    with pytest.raises(ValueError, match="more than once"):
        score_documents([doc], [doc, doc], {DOC: TEXT})


@pytest.mark.parametrize(
    ("numerator", "denominator", "other", "expected"),
    [(1, 2, 5, 0.5), (0, 0, 0, 1.0), (0, 0, 3, 0.0), (3, 3, 0, 1.0)],
)
def test_ratio_of_empty_sets(numerator: int, denominator: int, other: int, expected: float) -> None:
    assert ratio(numerator, denominator, other) == expected


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_seed_gold_scored_against_itself_is_perfect_in_any_order() -> None:
    gold = load_gold_dir(SEEDS)
    reversed_docs = [
        doc.document.model_copy(update={"claims": doc.document.claims[::-1]}) for doc in gold
    ]
    report = evaluate_dir(SEEDS, predictions=reversed_docs)
    overall = report.overall
    assert overall.n_gold == sum(len(doc.document.claims) for doc in gold) > 0
    assert (overall.f1, overall.strict_f1, overall.provenance) == (1.0, 1.0, 1.0)


# --- evaluate_dir and the command line ---------------------------------------------------------


def write_gold_dir(directory: Path, claims: list[Claim], doc_id: str = DOC) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{doc_id}.txt").write_text(TEXT, encoding="utf-8")
    document = Document(doc_id=doc_id, claims=claims)
    (directory / f"{doc_id}.claims.json").write_text(
        document.model_dump_json(indent=1), encoding="utf-8"
    )
    return directory


def write_predictions(path: Path, claims: list[Claim], doc_id: str = DOC) -> Path:
    path.write_text(
        Document(doc_id=doc_id, claims=claims).model_dump_json() + "\n\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    return write_gold_dir(
        tmp_path / "gold",
        [
            make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent")),
            make_claim(GADGETS, (2.5e9, "CNY"), (-3.2, "percent"), flow="import"),
        ],
    )


@pytest.fixture
def half_right(tmp_path: Path) -> Path:
    """One of the two gold claims, with a wrong flow, plus nothing else: P=1, R=0.5, strict 0."""
    return write_predictions(
        tmp_path / "pred.jsonl",
        [make_claim(WIDGETS, (10e9, "USD"), (5.0, "percent"), flow="import")],
    )


def test_evaluate_dir_reads_a_jsonl_path(gold_dir: Path, half_right: Path) -> None:
    report = evaluate_dir(gold_dir, predictions=str(half_right))
    assert (report.overall.precision, report.overall.recall, report.overall.strict_f1) == (
        1.0,
        0.5,
        0.0,
    )


@pytest.mark.parametrize(
    ("thresholds", "code"),
    [
        ([], 0),
        (["--min-precision", "1.0"], 0),
        (["--min-precision", "0.9", "--min-recall", "0.5"], 0),
        (["--min-recall", "0.6"], 1),
        (["--min-strict-f1", "0.1"], 1),
        (["--min-precision", "0.5", "--min-strict-f1", "0.5"], 1),
    ],
)
def test_cli_exit_code_follows_thresholds(
    gold_dir: Path,
    half_right: Path,
    thresholds: list[str],
    code: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(gold_dir), "--pred", str(half_right), *thresholds]) == code
    captured = capsys.readouterr()
    assert "precision" in captured.out
    assert ("threshold not met" in captured.err) == bool(code)


def test_cli_json_is_the_report(
    gold_dir: Path, half_right: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(gold_dir), "--pred", str(half_right), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["recall"] == 0.5
    assert data["per_document"][0]["doc_id"] == DOC
    assert data["per_field"]["flow"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert [e["evidence"] for e in data["errors"]["missed"]] == [GADGETS]


def test_cli_errors_lists_missed_and_wrong_claims(
    gold_dir: Path, half_right: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(gold_dir), "--pred", str(half_right), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "Missed (gold claims without a pair): 1" in out and GADGETS in out
    assert 'flow: gold "export" != predicted "import"' in out


def test_format_report_without_errors_has_the_three_tables(
    gold_dir: Path, half_right: Path
) -> None:
    text = format_report(evaluate_dir(gold_dir, predictions=half_right))
    assert "strict" in text and DOC in text and "accuracy" in text
    assert "Missed" not in text


def test_cli_bad_gold_exits_2_with_the_file_named(
    tmp_path: Path, half_right: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = write_gold_dir(tmp_path / "bad", [make_claim(WIDGETS, (10e9, "USD"))])
    gold_file = gold / f"{DOC}.claims.json"
    data = json.loads(gold_file.read_text(encoding="utf-8"))
    data["claims"][0]["flow"] = "exports"
    gold_file.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(gold), "--pred", str(half_right)]) == 2
    err = capsys.readouterr().err
    assert f"{DOC}.claims.json: claim 0: flow:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content", ["{not json\n", '{"claims": []}\n'], ids=["invalid JSON", "no doc_id"]
)
def test_cli_bad_predictions_exit_2(
    gold_dir: Path, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pred = tmp_path / "bad.jsonl"
    pred.write_text(content, encoding="utf-8")
    assert main([str(gold_dir), "--pred", str(pred)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_cli_missing_predictions_file_exits_2(gold_dir: Path, tmp_path: Path) -> None:
    assert main([str(gold_dir), "--pred", str(tmp_path / "absent.jsonl")]) == 2


def test_cli_rejects_thresholds_outside_0_1(gold_dir: Path, half_right: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(gold_dir), "--pred", str(half_right), "--min-recall", "80"])
    assert exit_info.value.code == 2


def test_evaluate_dir_without_predictions_extracts_the_gold_texts(
    gold_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extractor is stubbed: this checks the plumbing, not extraction quality."""
    seen: list[tuple[str, str, str | None]] = []

    def fake_extract_many(items: Any, nlp: Any = None) -> Any:
        for text, doc_id, doc_date in items:
            seen.append((text, doc_id, doc_date))
            yield Document(
                doc_id=doc_id,
                claims=[make_claim(GADGETS, (2.5e9, "CNY"), (-3.2, "percent"), flow="import")],
            )

    monkeypatch.setattr("tradeextract.extract_many", fake_extract_many)
    report = evaluate_dir(gold_dir)
    assert seen == [(TEXT, DOC, None)]
    assert (report.overall.n_paired, report.overall.n_strict, report.overall.recall) == (1, 1, 0.5)

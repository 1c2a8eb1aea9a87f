"""Gold validation: every error kind names the file, the claim and the field."""

from __future__ import annotations

import codecs
import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tradeextract.evaluate import main as evaluate_main
from tradeextract.gold import (
    GoldError,
    GoldProblem,
    change_unit_problem,
    load_gold_dir,
    main,
    validate_dir,
    value_unit_problem,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

TEXT = (
    "Gadget Weekly, 3 March 2024\n"
    "Widget exports to Germany and France reached $10.0 billion in 2024, up 5.0% year-on-year. "
    "Imports of gadgets fell 3.2% to 2.5 billion yuan (about $350 million) in the first ten months."
)
DOC = "doc_a"
WIDGETS = "Widget exports to Germany and France reached $10.0 billion in 2024, up 5.0% year-on-year"
GADGETS = "Imports of gadgets fell 3.2% to 2.5 billion yuan (about $350 million)"


def span(quote: str) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


def valid_gold() -> dict[str, Any]:
    """A gold document using the spec's allowed variations (lists, upper, extras, spans)."""
    return {
        "doc_id": DOC,
        "doc_date": "2024-03-03",
        "annotator": "test",  # extra fields are allowed
        "claims": [
            {
                "evidence": span(WIDGETS),
                "flow": "export",
                "measure": "value",
                "value": {"amount": 10e9, "unit": "USD", "upper": None, **span("$10.0 billion")},
                "alt_values": [],
                "change": {"amount": 5.0, "unit": "percent", "basis": "yoy", "upper": 5.5},
                "approx": None,
                "reporter": ["CN", "CN-GD"],
                "partner": ["DE", "FR"],
                "product": ["widgets", "widget products"],
                "hs_code": "847130",
                "period": {"start": "2024-01-01", "end": "2024-12-31"},
                "spans": {"period": span("2024")},
                "note": "an extra field",
            },
            {
                "evidence": span(GADGETS),
                "flow": "import",
                "measure": "value",
                "value": {"amount": 2.5e9, "unit": "CNY"},
                "alt_values": [{"amount": 350e6, "unit": "USD"}],
                "change": {"amount": -3.2, "unit": "percent", "basis": None},
                "approx": "about",
                "reporter": "CN",
                "partner": "EU",
                "product": "gadgets",
                "hs_code": None,
                "period": {"start": "XXXX-01-01", "end": "XXXX-10-31"},
            },
        ],
    }


def write_dir(directory: Path, gold: Any, text: str | None = TEXT, doc_id: str = DOC) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if text is not None:
        (directory / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    body = gold if isinstance(gold, str) else json.dumps(gold, indent=1)
    (directory / f"{doc_id}.claims.json").write_text(body, encoding="utf-8")
    return directory


def errors_of(problems: list[GoldProblem]) -> list[GoldProblem]:
    return [problem for problem in problems if problem.severity == "error"]


def test_valid_gold_with_spec_variations_has_no_problems(tmp_path: Path) -> None:
    directory = write_dir(tmp_path, valid_gold())
    assert validate_dir(directory) == []
    (loaded,) = load_gold_dir(directory)
    assert loaded.doc_id == DOC
    assert loaded.text == TEXT
    assert loaded.document.claims[0].partner == ["DE", "FR"]
    assert loaded.document.claims[1].alt_values[0].amount == 350e6


def setter(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Mutation of claim 1 of the valid gold: `path` is dotted, e.g. 'value.unit'."""

    def mutate(gold: dict[str, Any]) -> None:
        target = gold["claims"][1]
        *parents, last = path.split(".")
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


CLAIM_ERRORS = [
    # (mutation of claim 1, field named, fragment of the message)
    (setter("flow", "exports"), "flow", "'exports' is not one of"),
    (setter("measure", "amount"), "measure", "'amount' is not one of"),
    (setter("measure", None), "measure", "None is not one of"),
    (setter("approx", "approximately"), "approx", "not one of gt, lt, about"),
    (setter("change.basis", "annual"), "change.basis", "'annual' is not one of"),
    (setter("change.unit", "percentage"), "change.unit", "not percent, pp, fold or an ISO 4217"),
    (setter("change.unit", "XYZ"), "change.unit", "not percent, pp, fold or an ISO 4217"),
    (setter("value.unit", "RMB"), "value.unit", "did you mean 'CNY'"),
    (setter("value.unit", "pp"), "value.unit", "is a change unit"),
    (setter("value.unit", "Tonnes"), "value.unit", "lower-case unit word"),
    (setter("value.amount", "2.5"), "value.amount", "finite number"),
    (setter("value.upper", 1.0), "value.upper", "below amount"),
    (setter("alt_values", [{"amount": 350e6, "unit": "usd"}]), "alt_values[0].unit", "usd"),
    (setter("reporter", "CHN"), "reporter", "did you mean 'CN'"),
    (setter("reporter", "CN-XX"), "reporter", "ISO 3166-2"),
    (setter("reporter", None), "reporter", "missing"),
    (setter("partner", ["US", "ZZ"]), "partner[1]", "'ZZ' is not an ISO 3166-1"),
    (setter("partner", []), "partner", "empty list"),
    (setter("product", ["gadgets", ""]), "product[1]", "non-empty string"),
    (setter("hs_code", "8471.30"), "hs_code", "2-10 digits"),
    (setter("evidence.text", "Imports of widgets fell 3.2%"), "evidence.text", "!= text["),
    (setter("evidence.start", 0), "evidence.text", "the text occurs at"),
    (setter("evidence.end", 10_000), "evidence", "outside the text"),
    (setter("evidence", None), "evidence", "missing span"),
    (
        setter("value", {"amount": 2.5e9, "unit": "CNY", "start": 0, "end": 6, "text": "yuan"}),
        "value.text",
        "'yuan' != text[0:6]",
    ),
    (
        setter("value", {"amount": 2.5e9, "unit": "CNY", "start": 0}),
        "value",
        "start and end must be integers",
    ),
    (
        setter("spans", {"product": {"start": 0, "end": 6, "text": "Widget"}}),
        "spans.product.text",
        "'Widget' != text[0:6] 'Gadget'",
    ),
    (setter("period.start", "2024-13-01"), "period.start", "not a real date"),
    (setter("period.end", "2024/10/31"), "period.end", "not an ISO date"),
    (setter("period", {"start": "2024-12-01", "end": "2024-01-31"}), "period", "after end"),
    (setter("period", {"start": "XXXX-01-01", "end": "2024-10-31"}), "period", "mixes XXXX"),
    (
        lambda gold: gold["claims"][1].update(value=None, change=None),
        "value",
        "needs a value or a change",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"),
    CLAIM_ERRORS,
    ids=[f"{field}:{fragment}" for _, field, fragment in CLAIM_ERRORS],
)
def test_claim_errors_name_file_claim_and_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], field: str, fragment: str
) -> None:
    gold = copy.deepcopy(valid_gold())
    mutate(gold)
    directory = write_dir(tmp_path, gold)
    gold_path = str(directory / f"{DOC}.claims.json")
    (problem,) = errors_of(validate_dir(directory))
    assert (problem.path, problem.claim, problem.field) == (gold_path, 1, field)
    assert fragment in problem.message
    assert str(problem).startswith(f"{gold_path}: claim 1: {field}: ")


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"),
    [
        (
            lambda gold: gold.update(doc_id="doc_b"),
            "doc_id",
            "does not match the file name 'doc_a'",
        ),
        (lambda gold: gold.update(doc_date="3 March 2024"), "doc_date", "not an ISO date"),
        (lambda gold: gold.update(doc_date="XXXX-03-03"), "doc_date", "not an ISO date"),
        (lambda gold: gold.pop("claims"), "claims", "missing"),
    ],
)
def test_document_errors_name_the_file_and_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], Any], field: str, fragment: str
) -> None:
    gold = copy.deepcopy(valid_gold())
    mutate(gold)
    (problem,) = errors_of(validate_dir(write_dir(tmp_path, gold)))
    assert (problem.claim, problem.field) == (None, field)
    assert fragment in problem.message
    assert str(problem).startswith(f"{tmp_path / (DOC + '.claims.json')}: {field}: ")


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    gold = copy.deepcopy(valid_gold())
    gold["claims"][0]["flow"] = "exports"
    gold["claims"][1]["partner"] = "XX"
    problems = validate_dir(write_dir(tmp_path, gold))
    assert [(p.claim, p.field) for p in problems] == [(0, "flow"), (1, "partner")]


def test_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    directory = write_dir(tmp_path, '{\n "doc_id": "doc_a",\n "claims": [,]\n}\n')
    (problem,) = validate_dir(directory)
    assert problem.claim is None
    assert "invalid JSON at line 3, column" in problem.message
    assert str(problem).startswith(f"{directory / 'doc_a.claims.json'}: invalid JSON")


def test_gold_without_text_is_an_error(tmp_path: Path) -> None:
    (problem,) = validate_dir(write_dir(tmp_path, valid_gold(), text=None))
    assert problem.severity == "error"
    assert f"no text file {DOC}.txt" in problem.message


def test_text_without_gold_is_a_warning(tmp_path: Path) -> None:
    directory = write_dir(tmp_path, valid_gold())
    (directory / "lonely.txt").write_text("nothing annotated", encoding="utf-8")
    (problem,) = validate_dir(directory)
    assert (problem.severity, problem.path) == ("warning", str(directory / "lonely.txt"))
    assert "warning: no gold file lonely.claims.json" in str(problem)
    assert len(load_gold_dir(directory)) == 1


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    (problem,) = validate_dir(tmp_path)
    assert problem.severity == "error" and "no *.claims.json" in problem.message


def test_load_raises_gold_error_carrying_path_claim_and_field(tmp_path: Path) -> None:
    gold = copy.deepcopy(valid_gold())
    gold["claims"][1]["approx"] = "roughly"
    gold["claims"][1]["flow"] = "exports"
    directory = write_dir(tmp_path, gold)
    with pytest.raises(GoldError) as raised:
        load_gold_dir(directory)
    error = raised.value
    assert isinstance(error, ValueError)
    assert (error.path, error.claim, error.field) == (
        str(directory / f"{DOC}.claims.json"),
        1,
        "flow",
    )
    assert "'exports' is not one of" in error.message
    assert len(error.problems) == 2
    assert "and 1 more problem" in str(error)


def test_cli_validate_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = copy.deepcopy(valid_gold())
    gold["claims"][1]["flow"] = "exports"
    directory = write_dir(tmp_path, gold)
    assert main([str(directory)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{directory / (DOC + '.claims.json')}: claim 1: flow: 'exports' is not one of export, import, trade, balance, output or null"
    ]


def test_cli_validate_exits_0_on_warnings_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = write_dir(tmp_path, valid_gold())
    assert main([str(directory)]) == 0
    assert capsys.readouterr().out == ""
    (directory / "lonely.txt").write_text("nothing annotated", encoding="utf-8")
    assert main([str(directory)]) == 0
    assert "lonely.txt" in capsys.readouterr().out
    assert main([str(directory), "--strict"]) == 1


# --- the project's own gold ----------------------------------------------------------------------


def gold_directories() -> list[Path]:
    found = (
        sorted({path.parent for path in FIXTURES.rglob("*.claims.json")})
        if FIXTURES.is_dir()
        else []
    )
    return found + ([SEEDS] if SEEDS.is_dir() else [])


@pytest.mark.parametrize("directory", gold_directories() or [None], ids=str)
def test_every_gold_file_validates(directory: Path | None) -> None:
    if directory is None:
        pytest.skip("no gold fixtures or seeds present")
    problems = validate_dir(directory)
    assert [str(p) for p in problems if p.severity == "error" or p.claim is not None] == []


@pytest.mark.parametrize(
    ("unit", "fragment"),
    [
        ("USD", None),
        ("CNY", None),
        ("DEM", None),  # withdrawn ISO 4217 code, needed for older articles
        ("percent", None),
        ("count", None),
        ("tonnes", None),
        ("square metres", None),
        ("RMB", "did you mean 'CNY'"),
        ("usd", "upper case"),
        ("%", "did you mean 'percent'"),
        ("fold", "change unit"),
        (24, "must be a string"),
    ],
)
def test_value_units(unit: Any, fragment: str | None) -> None:
    problem = value_unit_problem(unit)
    assert problem is None if fragment is None else fragment in problem


@pytest.mark.parametrize(
    ("unit", "ok"),
    [
        ("percent", True),
        ("pp", True),
        ("fold", True),
        ("EUR", True),
        ("count", False),
        ("times", False),
    ],
)
def test_change_units(unit: str, ok: bool) -> None:
    assert (change_unit_problem(unit) is None) == ok


# --- malformed gold: a clear problem and an exit code, never a traceback or a hang ------------


def huge_amount(gold: dict[str, Any]) -> str:
    gold["claims"][0]["value"]["amount"] = 10**400  # a JSON integer no float can hold
    return json.dumps(gold)


def deep_nesting(gold: dict[str, Any]) -> str:
    return json.dumps(gold).replace('"claims": [', '"claims": [' + "[" * 100_000, 1) + "]" * 100_000


def five_thousand_digits(gold: dict[str, Any]) -> str:
    return json.dumps(gold).replace('"amount": 10000000000.0', '"amount": 1' + "0" * 5000, 1)


MALFORMED_TEXT = {
    "an integer of 401 digits": (huge_amount, 1, "finite number"),
    "nesting 100,000 deep": (deep_nesting, 2, "nested too deeply"),
    "an integer of 5,001 digits": (five_thousand_digits, 2, "digits"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_TEXT))
def test_malformed_gold_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    make, validate_exit, reason = MALFORMED_TEXT[case]
    directory = write_dir(tmp_path / "gold", make(copy.deepcopy(valid_gold())))
    gold_file = str(directory / f"{DOC}.claims.json")
    assert main([str(directory)]) == validate_exit
    out = capsys.readouterr().out
    assert gold_file in out and reason in out
    assert evaluate_main([str(directory), "--pred", str(empty_predictions(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert gold_file in err and reason in err


def empty_predictions(tmp_path: Path) -> Path:
    path = tmp_path / "pred.jsonl"
    path.write_text("", encoding="utf-8")
    return path


def special_gold_file(directory: Path, kind: str) -> None:
    gold_file = directory / f"{DOC}.claims.json"
    gold_file.unlink()
    if kind == "folder":
        gold_file.mkdir()
    elif kind == "broken symlink":
        gold_file.symlink_to("nowhere.json")
    else:
        os.mkfifo(gold_file)


@pytest.mark.parametrize(("kind", "reason"), [("folder", "folder"), ("broken symlink", "broken")])
def test_a_gold_file_that_is_no_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, reason: str
) -> None:
    directory = write_dir(tmp_path / "gold", valid_gold())
    special_gold_file(directory, kind)
    gold_file = str(directory / f"{DOC}.claims.json")
    assert main([str(directory)]) == 2
    assert evaluate_main([str(directory), "--pred", str(empty_predictions(tmp_path))]) == 2
    output = capsys.readouterr()
    assert gold_file in output.out and reason in output.out
    assert gold_file in output.err and reason in output.err


def test_a_gold_file_that_is_a_fifo_is_refused_unread(tmp_path: Path) -> None:
    """Run as commands, so that a FIFO that blocks fails the test by timeout, not hangs it."""
    directory = write_dir(tmp_path / "gold", valid_gold())
    special_gold_file(directory, "FIFO")
    gold_file = str(directory / f"{DOC}.claims.json")
    for argv in (
        ["validate", directory],
        ["eval", directory, "--pred", empty_predictions(tmp_path)],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "tradeextract", *map(str, argv)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 2, proc.stderr
        output = proc.stdout + proc.stderr
        assert gold_file in output and "not a regular file (FIFO)" in output
        assert "Traceback" not in output


def test_a_utf8_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    """The batch reader drops it (a BOM says how the file is encoded): gold offsets agree."""
    directory = write_dir(tmp_path, valid_gold())
    (directory / f"{DOC}.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    gold_file = directory / f"{DOC}.claims.json"
    gold_file.write_bytes(codecs.BOM_UTF8 + gold_file.read_bytes())
    assert validate_dir(directory) == []
    (loaded,) = load_gold_dir(directory)
    assert loaded.text == TEXT

"""The claims store: what loading writes, reloading, the views, `store`, `query`, `extract --db`."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from batch_helpers import read_jsonl
from tradeextract.batch.writers import COLUMNS
from tradeextract.cli import main
from tradeextract.dataframe import to_dataframe
from tradeextract.store import Store, StoreError, open_store
from tradeextract.store.rows import claim_spans, inside


@pytest.fixture
def records(sample_claims: Path) -> list[dict[str, Any]]:
    return read_jsonl(sample_claims)


@pytest.fixture
def store(tmp_path: Path, records: list[dict[str, Any]]) -> Store:
    with open_store(tmp_path / "claims.duckdb") as opened:
        opened.load(records)
        yield opened


def count(store: Store, sql: str) -> int:
    return store.connection.execute(sql).fetchone()[0]


def test_loading_writes_every_document_claim_and_span(store: Store, records: list[dict]) -> None:
    assert count(store, "SELECT count(*) FROM documents") == len(records)
    assert count(store, "SELECT count(*) FROM claims") == sum(len(r["claims"]) for r in records)
    expected_spans = sum(len(list(claim_spans(c))) for r in records for c in r["claims"])
    assert count(store, "SELECT count(*) FROM spans") == expected_spans
    # every field's span is found in the stored text (recovered from the source files)
    assert count(store, "SELECT count(*) FROM documents WHERE text IS NULL") == 0
    mismatched = count(
        store,
        "SELECT count(*) FROM spans JOIN documents USING (doc_id) "
        "WHERE substr(text, span_start + 1, span_end - span_start) <> span_text",
    )
    assert mismatched == 0


def test_inherited_marks_fields_read_outside_the_evidence(
    store: Store, records: list[dict]
) -> None:
    expected = {
        (r["doc_id"], i, field, item): field != "evidence" and not inside(span, c["evidence"])
        for r in records
        for i, c in enumerate(r["claims"])
        for field, item, span in claim_spans(c)
    }
    stored = store.connection.execute(
        "SELECT doc_id, claim_index, field, item, inherited FROM spans"
    ).fetchall()
    assert {row[:4]: row[4] for row in stored} == expected
    assert any(expected.values()) and not all(expected.values())


def test_loading_the_same_documents_again_changes_nothing(
    store: Store, records: list[dict]
) -> None:
    before = store.connection.execute("SELECT doc_id, loaded_at FROM documents").fetchall()
    summary = store.load(records)
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 0, len(records))
    assert store.connection.execute("SELECT doc_id, loaded_at FROM documents").fetchall() == before
    assert count(store, "SELECT count(*) FROM claims") == sum(len(r["claims"]) for r in records)


def test_a_changed_document_replaces_its_claims(store: Store, records: list[dict]) -> None:
    changed = copy.deepcopy(records[0])
    changed["claims"] = changed["claims"][:2]
    summary = store.load([changed])
    assert (summary.added, summary.replaced, summary.replaced_ids) == (0, 1, [changed["doc_id"]])
    doc = changed["doc_id"]
    assert count(store, f"SELECT count(*) FROM claims WHERE doc_id = '{doc}'") == 2
    assert count(store, f"SELECT max(claim_index) FROM spans WHERE doc_id = '{doc}'") == 1
    others = sum(len(r["claims"]) for r in records[1:])
    assert count(store, f"SELECT count(*) FROM claims WHERE doc_id <> '{doc}'") == others


def test_a_document_given_twice_in_one_load_is_stored_once(tmp_path: Path, records: list) -> None:
    later = copy.deepcopy(records[0])
    later["claims"] = later["claims"][:1]
    with open_store(tmp_path / "s.duckdb") as store:
        store.load([records[0], later])
        assert count(store, "SELECT count(*) FROM documents") == 1
        assert count(store, "SELECT count(*) FROM claims") == 1


def test_claim_rows_are_the_csv_columns_and_the_same_frame_as_to_dataframe(
    store: Store, records: list[dict], sample_claims: Path
) -> None:
    view = store.connection.execute("SELECT * FROM claim_rows LIMIT 0")
    assert tuple(column[0] for column in view.description) == COLUMNS
    from_store = store.dataframe()
    pd.testing.assert_frame_equal(from_store, to_dataframe(records))
    pd.testing.assert_frame_equal(from_store, to_dataframe(sample_claims))
    assert list(from_store.columns) == list(COLUMNS)
    assert len(from_store) == sum(len(r["claims"]) for r in records)


def test_to_dataframe_takes_documents_and_matches_the_csv_output(
    records: list[dict], tmp_path: Path
) -> None:
    from tradeextract.batch.writers import CsvWriter
    from tradeextract.model import Document

    frame = to_dataframe(Document.model_validate(r) for r in records)
    path = tmp_path / "claims.csv"
    writer = CsvWriter(str(path))
    for record in records:
        writer.write(record)
    writer.close()
    csv_rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(frame) == len(csv_rows) and list(frame.columns) == list(csv_rows[0])
    for (_, row), expected in zip(frame.iterrows(), csv_rows, strict=True):
        for name in ("flow", "reporter", "partner", "product", "period_start", "evidence_text"):
            assert (None if pd.isna(row[name]) else row[name]) == (expected[name] or None)
        if expected["value_amount"]:
            assert row["value_amount"] == float(expected["value_amount"])
    assert frame["claim_index"].dtype == "Int64" and frame["value_amount"].dtype == "float64"


def test_to_dataframe_of_nothing_has_the_columns() -> None:
    frame = to_dataframe([])
    assert list(frame.columns) == list(COLUMNS) and frame.empty


def record(doc_id: str, *claims: dict[str, Any], findings: list | None = None) -> dict:
    out: dict[str, Any] = {"doc_id": doc_id, "doc_date": None, "claims": list(claims)}
    if findings is not None:
        out["findings"] = findings
    return out


def claim(amount: float | None, start: str, end: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "evidence": {"start": 0, "end": 5, "text": "xxxxx"},
        "flow": "export",
        "measure": "value",
        "value": {"amount": amount, "unit": "USD"} if amount is not None else None,
        "reporter": "CN",
        "period": {"start": start, "end": end},
    }
    return {**base, **fields}


def test_series_have_one_value_per_period_and_the_period_length(tmp_path: Path) -> None:
    docs = [
        record(
            "one",
            claim(10.0, "2024-01-01", "2024-01-31"),
            claim(20.0, "2024-02-01", "2024-02-29"),
            claim(99.0, "2024-01-01", "2024-03-31"),  # a quarter: another series
            claim(5.0, "XXXX-03-01", "XXXX-03-31"),  # no year: no point
            claim(None, "2024-03-01", "2024-03-31", change={"amount": 3, "unit": "percent"}),
        ),
        record(
            "two",
            claim(30.0, "2024-02-01", "2024-02-29"),
            claim(7.0, "2024-01-01", "2024-05-31"),
            claim(8.0, "2023-04-01", "2024-03-31", reporter="JP"),
        ),
    ]
    with open_store(tmp_path / "s.duckdb") as store:
        store.load(docs)
        rows = store.rows(
            "SELECT reporter, period_length, period_start::VARCHAR AS start, value, min_value, "
            "max_value, claims, doc_ids FROM series ORDER BY reporter, period_length, start"
        )
        index = store.rows("SELECT reporter, period_length, periods FROM series_index")
    assert [(r["reporter"], r["period_length"], r["start"], r["value"]) for r in rows] == [
        ("CN", "5 months", "2024-01-01", 7.0),
        ("CN", "month", "2024-01-01", 10.0),
        ("CN", "month", "2024-02-01", 25.0),
        ("CN", "quarter", "2024-01-01", 99.0),
        ("JP", "year", "2023-04-01", 8.0),
    ]
    february = rows[2]
    assert (february["min_value"], february["max_value"], february["claims"]) == (20.0, 30.0, 2)
    assert february["doc_ids"] == ["one", "two"]
    assert {(r["reporter"], r["period_length"]): r["periods"] for r in index}[("CN", "month")] == 2


def test_findings_are_stored_per_claim(tmp_path: Path) -> None:
    findings = [
        {"kind": "sum", "severity": "warning", "message": "parts exceed total", "claims": [0, 1]},
        {"rule": "doc", "message": "no date"},
    ]
    doc = record(
        "f",
        claim(1.0, "2024-01-01", "2024-01-31"),
        claim(2.0, "2024-01-01", "2024-01-31"),
        findings=findings,
    )
    with open_store(tmp_path / "s.duckdb") as store:
        store.load([doc])
        rows = store.rows(
            "SELECT claim_index, kind, severity, message FROM claim_findings ORDER BY claim_index"
        )
    assert rows == [
        {"claim_index": 0, "kind": "sum", "severity": "warning", "message": "parts exceed total"},
        {"claim_index": 1, "kind": "sum", "severity": "warning", "message": "parts exceed total"},
        {"claim_index": None, "kind": "doc", "severity": None, "message": "no date"},
    ]


def test_text_is_not_taken_from_a_source_that_changed(tmp_path: Path, records: list) -> None:
    article = tmp_path / "a.txt"
    article.write_text("China's exports rose 5% to $3 billion in 2024.", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(tmp_path / "a.jsonl"), "-q"]) == 0
    article.write_text("Something else entirely.", encoding="utf-8")
    with open_store(tmp_path / "s.duckdb") as store:
        store.load(read_jsonl(tmp_path / "a.jsonl"))
        assert store.rows("SELECT text FROM documents") == [{"text": None}]


def test_read_only_store_must_exist_and_refuses_writes(tmp_path: Path, store: Store) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    store.close()
    with Store(store.path, read_only=True) as reader, pytest.raises(Exception, match="read-only"):
        reader.connection.execute("DELETE FROM claims")


# ---------------------------------------------------------------- the commands


def test_store_command_loads_a_file_and_a_folder_once(
    tmp_path: Path, sample_claims: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.duckdb"
    assert main(["store", str(sample_claims), "--db", str(db)]) == 0
    assert "3 added" in capsys.readouterr().err
    assert main(["store", str(sample_claims.parent), "--db", str(db)]) == 0
    assert "3 unchanged" in capsys.readouterr().err
    with Store(db, read_only=True) as store:
        assert count(store, "SELECT count(*) FROM documents") == 3


def test_store_command_names_bad_lines_and_loads_the_rest(
    tmp_path: Path, sample_claims: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = sample_claims.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join([lines[0], "{not json", '{"id": 1}', lines[1]]) + "\n", encoding="utf-8"
    )
    db = tmp_path / "c.duckdb"
    assert main(["store", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: not valid JSON" in err
    assert f"{bad}:3: not a tradeextract document" in err
    with Store(db, read_only=True) as store:
        assert count(store, "SELECT count(*) FROM documents") == 2


def test_store_command_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", str(tmp_path / "nothing.jsonl"), "--db", str(tmp_path / "c.duckdb")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    not_a_db = tmp_path / "text.duckdb"
    not_a_db.write_text("hello", encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["store", str(empty), "--db", str(not_a_db)]) == 2
    assert "cannot open the store" in capsys.readouterr().err


@pytest.fixture
def db(tmp_path: Path, sample_claims: Path) -> Path:
    path = tmp_path / "q.duckdb"
    assert main(["store", str(sample_claims), "--db", str(path), "-q"]) == 0
    return path


def test_query_prints_a_table_csv_and_json(
    db: Path, records: list[dict], capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT doc_id, count(*) AS n, max(value_amount) AS top FROM claims GROUP BY 1 ORDER BY 1"
    expected = sorted(
        (
            r["doc_id"],
            len(r["claims"]),
            max(c["value"]["amount"] for c in r["claims"] if c["value"]),
        )
        for r in records
    )
    assert main(["query", sql, "--db", str(db), "--format", "json"]) == 0
    assert [
        (r["doc_id"], r["n"], r["top"]) for r in json.loads(capsys.readouterr().out)
    ] == expected
    assert main(["query", sql, "--db", str(db), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["doc_id"], int(r["n"]), float(r["top"])) for r in rows] == expected
    assert main(["query", sql, "--db", str(db)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["doc_id", "n", "top"] and table[-1] == f"({len(expected)} rows)"
    assert [line.split()[0] for line in table[2:-1]] == [doc for doc, _, _ in expected]


def test_query_errors_are_usage_errors(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "SELECT nope FROM claims", "--db", str(db)]) == 2
    assert "error in SQL" in capsys.readouterr().err
    assert main(["query", "DELETE FROM claims", "--db", str(db)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no such store" in capsys.readouterr().err


def test_extract_writes_straight_into_the_store(
    tmp_path: Path, fixtures_dir: Path, records: list[dict], capsys: pytest.CaptureFixture[str]
) -> None:
    records = records[:1]  # one article: each run starts a worker and its pipeline
    files = [fixtures_dir / f"{r['doc_id']}.txt" for r in records]
    db, out = tmp_path / "x.duckdb", tmp_path / "x.jsonl"
    assert main(["extract", *map(str, files), "--db", str(db), "-q"]) == 0
    assert capsys.readouterr().out == ""  # with --db alone nothing goes to stdout
    with Store(db, read_only=True) as store:
        texts = {r["doc_id"]: r["text"] for r in store.rows("SELECT doc_id, text FROM documents")}
        claims = count(store, "SELECT count(*) FROM claims")
    assert texts == {f.stem: f.read_text(encoding="utf-8") for f in files}
    assert claims == sum(len(r["claims"]) for r in records)
    assert main(["extract", *map(str, files), "--db", str(db), "-o", str(out), "-q"]) == 0
    written = read_jsonl(out)
    assert [r["doc_id"] for r in written] == [r["doc_id"] for r in records]
    assert all("text" not in r for r in written)  # the file gets text only with --include-text
    with Store(db, read_only=True) as store:
        assert count(store, "SELECT count(*) FROM documents") == len(records)
        assert count(store, "SELECT count(*) FROM claims") == claims


def test_extract_with_a_store_it_cannot_open_changes_no_file(
    tmp_path: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_db = tmp_path / "bad.duckdb"
    not_a_db.write_text("hello", encoding="utf-8")
    out = tmp_path / "keep.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    article = str(fixtures_dir / f"{'a01_us_census_monthly'}.txt")
    assert main(["extract", article, "--db", str(not_a_db), "-o", str(out), "-q"]) == 2
    assert "cannot open the store" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious\n"


def test_query_into_a_pipe_closed_early_ends_quietly(db: Path) -> None:
    """`tradeextract query ... | head -1`: no traceback, the broken-pipe exit code."""
    import subprocess
    import sys

    sql = "SELECT range AS n, repeat('x', 50) AS filler FROM range(200000)"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tradeextract", "query", sql, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(60)
    assert "Traceback" not in err and proc.returncode == 141

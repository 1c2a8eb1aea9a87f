"""`tradeextract extract`: every input format, every error kind, outputs, order, resume, limits.

Assertions are about structure and behaviour (ids, order, counts, errors, exit codes), never
about which claims the extractor finds, so they hold while the extractor changes. Runs that
must hang, crash or be interrupted, or that test files rather than extraction, use the small
stand-in extractors of test_batch_stand_ins.py, which worker processes import by name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from batch_helpers import (
    SENTENCE,
    SENTENCE_2,
    read_jsonl,
    run_batch_with_tests_importable,
    run_cli,
    wait_for,
)
from test_batch_stand_ins import TESTS, with_tests_importable
from tradeextract.batch.items import DocTask, Outcome
from tradeextract.batch.pool import WorkerPool
from tradeextract.batch.resume import prepare_resume
from tradeextract.batch.runner import BatchOptions
from tradeextract.batch.writers import COLUMNS, CsvWriter, ParquetClaimWriter, flatten_claim

MIXED_FLAGS = ["--max-bytes", "2000", "--include-text"]
GOOD_IDS = [
    "a", "b", "broken:1", "broken:3", "c", "d", "e-one", "e:2", "f:0", "f-two", "g:1", "latin1",
    "sub/a",
]  # fmt: skip
BAD_FILES = {
    "big.txt": "too_large",
    "binary.txt": "binary",
    "blank.md": "empty",
    "corrupt.txt.gz": "corrupt_gzip",
    "empty.txt": "empty",
}


# ---------------------------------------------------------------- the mixed corpus


def make_mixed_corpus(root: Path) -> Path:
    """Every input format (plain and gzipped), a duplicate stem, non-UTF-8, and bad files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir()
    (root / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (root / "b.md").write_text(f"# Trade\n\n{SENTENCE}\n", encoding="utf-8")
    (root / "c.html").write_text(
        "<html><head><title>Trade</title><script>var marker = 'SCRIPT_MARKER 99%';</script>"
        "<style>p { color: red }</style></head><body><nav>Home | About</nav><article>"
        f"<h1>Exports</h1><p>{SENTENCE}</p><p>{SENTENCE_2}</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "d.txt.gz").write_bytes(gzip.compress(SENTENCE.encode()))
    (root / "e.jsonl").write_text(
        json.dumps({"id": "e-one", "text": SENTENCE, "date": "2025-07-14"})
        + "\n"
        + json.dumps({"text": SENTENCE_2})
        + "\n",
        encoding="utf-8",
    )
    (root / "f.json").write_text(
        json.dumps([{"text": SENTENCE}, {"text": SENTENCE_2, "id": "f-two"}]), encoding="utf-8"
    )
    (root / "g.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": SENTENCE}).encode()))
    (root / "latin1.txt").write_bytes(
        "Café exports rose 12% in 2024, à la française, the café owners said.".encode("latin-1")
    )
    (root / "sub" / "a.txt").write_text(SENTENCE_2, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_bytes(b"  \n\t \r\n")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (root / "big.txt").write_text(SENTENCE * 30, encoding="utf-8")
    (root / "broken.jsonl").write_text(
        json.dumps({"text": SENTENCE}) + "\n{not json\n" + json.dumps({"text": SENTENCE_2}) + "\n",
        encoding="utf-8",
    )
    (root / "corrupt.txt.gz").write_bytes(gzip.compress(SENTENCE.encode() * 20)[:25])
    return root


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real command-line run (`python -m tradeextract extract`) over the mixed corpus."""
    base = tmp_path_factory.mktemp("mixed")
    corpus = make_mixed_corpus(base / "in")
    out = base / "out.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tradeextract",
            "extract",
            str(corpus),
            "-o",
            str(out),
            *MIXED_FLAGS,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return {
        "corpus": corpus,
        "out": out,
        "proc": proc,
        "records": read_jsonl(out),
        "errors": read_jsonl(Path(f"{out}.errors.jsonl")),
    }


# ---------------------------------------------------------------- inputs


def test_every_input_format_becomes_documents_in_sorted_order(mixed: dict[str, Any]) -> None:
    assert [record["doc_id"] for record in mixed["records"]] == GOOD_IDS
    for record in mixed["records"]:
        assert set(record) >= {"doc_id", "doc_date", "path", "source", "claims"}
        assert Path(record["path"]).exists()
        assert isinstance(record["claims"], list)


def test_gzipped_inputs_are_read(mixed: dict[str, Any]) -> None:
    by_id = {record["doc_id"]: record for record in mixed["records"]}
    assert by_id["d"]["source"]["compressed"] == "gzip"
    assert by_id["d"]["text"] == SENTENCE
    assert by_id["g:1"]["source"] == {**by_id["g:1"]["source"], "format": "jsonl", "record": 1}
    assert by_id["g:1"]["source"]["compressed"] == "gzip"


def test_html_spans_refer_to_the_extracted_main_text(mixed: dict[str, Any]) -> None:
    page = next(record for record in mixed["records"] if record["doc_id"] == "c")
    source = page["source"]
    assert source["format"] == "html" and source["text_extracted"] is True
    text = page["text"]
    assert SENTENCE in text and SENTENCE_2 in text
    assert "SCRIPT_MARKER" not in text and "color: red" not in text and "<p>" not in text
    assert source["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    for claim in page["claims"]:
        evidence = claim["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_json_records_take_id_date_and_default_ids(mixed: dict[str, Any]) -> None:
    by_id = {record["doc_id"]: record for record in mixed["records"]}
    assert by_id["e-one"]["doc_date"] == "2025-07-14"
    assert by_id["e:2"]["source"]["record"] == 2  # JSON Lines: line number
    assert by_id["f:0"]["source"]["record"] == 0  # JSON list: index
    assert by_id["e:2"]["text"] == SENTENCE_2


def test_duplicate_stems_get_unique_ids(mixed: dict[str, Any]) -> None:
    by_id = {record["doc_id"]: record for record in mixed["records"]}
    assert Path(by_id["a"]["path"]).name == "a.txt"
    assert Path(by_id["sub/a"]["path"]).parent.name == "sub"


def test_non_utf8_is_decoded_and_said(mixed: dict[str, Any]) -> None:
    record = next(r for r in mixed["records"] if r["doc_id"] == "latin1")
    assert record["source"]["encoding_detected"] is True
    assert record["source"]["encoding"] != "utf-8"
    assert "exports rose 12% in 2024" in record["text"]
    warnings = [e for e in mixed["errors"] if e["path"].endswith("latin1.txt")]
    assert [(w["kind"], w["level"]) for w in warnings] == [("encoding", "warning")]


def test_each_bad_input_is_one_error_record(mixed: dict[str, Any]) -> None:
    errors = [e for e in mixed["errors"] if e["level"] == "error"]
    by_file = {Path(e["path"]).name: e for e in errors if e["record"] is None}
    assert {name: e["kind"] for name, e in by_file.items()} == BAD_FILES
    malformed = [e for e in errors if e["record"] is not None]
    assert [(Path(e["path"]).name, e["record"], e["kind"]) for e in malformed] == [
        ("broken.jsonl", 2, "malformed_json")
    ]
    assert all(e["reason"] and set(e) >= {"path", "record", "reason", "kind"} for e in errors)


def test_exit_code_and_summary_line(mixed: dict[str, Any]) -> None:
    proc = mixed["proc"]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    summary = proc.stderr.strip().splitlines()[-1]
    claims = sum(len(record["claims"]) for record in mixed["records"])
    assert f"{len(GOOD_IDS)} documents" in summary
    assert f"{claims} claims" in summary
    assert "6 errors" in summary and "1 warnings" in summary


def test_jobs_2_writes_exactly_what_jobs_1_writes(mixed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(mixed["corpus"], "-o", out, "--jobs", "2", *MIXED_FLAGS) == 1
    assert out.read_bytes() == mixed["out"].read_bytes()
    assert (
        Path(f"{out}.errors.jsonl").read_bytes()
        == Path(f"{mixed['out']}.errors.jsonl").read_bytes()
    )


# ---------------------------------------------------------------- outputs


def test_csv_has_one_row_per_claim(mixed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    assert run_cli(mixed["corpus"], "-o", out, "-q", *MIXED_FLAGS) == 1
    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    expected = [
        (record["doc_id"], str(index), str(claim["evidence"]["start"]))
        for record in mixed["records"]
        for index, claim in enumerate(record["claims"])
    ]
    assert [(r["doc_id"], r["claim_index"], r["evidence_start"]) for r in rows] == expected


def test_parquet_has_the_claim_columns(mixed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    assert run_cli(mixed["corpus"], "-o", out, "-q", *MIXED_FLAGS) == 1
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS)
    expected = [r["doc_id"] for r in mixed["records"] for _ in r["claims"]]
    assert table.column("doc_id").to_pylist() == expected


def test_stdout_output_with_errors_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "void.txt").write_text("   ", encoding="utf-8")
    assert run_cli(tmp_path / "good.txt", tmp_path / "void.txt") == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["good"]
    assert "error [empty]" in captured.err and "void.txt" in captured.err
    assert "1 documents" in captured.err.splitlines()[-1]


def test_clean_run_exits_0_and_csv_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    (tmp_path / "one.txt").write_text(SENTENCE, encoding="utf-8")
    assert run_cli(tmp_path, "--format", "csv") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == ",".join(COLUMNS)
    assert "0 errors" in captured.err


def test_flatten_claim_joins_places_and_takes_first_product() -> None:
    record = {"doc_id": "d", "path": "d.txt", "doc_date": "2025-01-02"}
    claim = {
        "evidence": {"start": 3, "end": 9, "text": "rose 5"},
        "flow": "export",
        "value": {"amount": 2.41e10, "unit": "USD", "upper": 2.5e10},
        "alt_values": [{"amount": 1.7e11, "unit": "CNY"}],
        "change": {"amount": 5.2, "unit": "percent", "basis": "yoy"},
        "reporter": ["CN", "HK"],
        "partner": "US",
        "product": ["medical devices", "medical device"],
        "period": {"start": "2025-01-01", "end": "2025-06-30"},
    }
    row = flatten_claim(record, 4, claim)
    assert tuple(row) == COLUMNS
    assert row["reporter"] == "CN|HK" and row["partner"] == "US"
    assert row["product"] == "medical devices"
    assert (row["value_amount"], row["value_upper"], row["alt_value_unit"]) == (
        2.41e10,
        2.5e10,
        "CNY",
    )
    assert (row["change_amount"], row["change_basis"], row["period_end"]) == (
        5.2,
        "yoy",
        "2025-06-30",
    )
    assert (row["evidence_start"], row["evidence_text"], row["claim_index"]) == (3, "rose 5", 4)


def fake_record(doc_id: str, claims: int) -> dict[str, Any]:
    evidence = {"start": 0, "end": 3, "text": "abc"}
    source = {"rel_path": f"{doc_id}.txt", "record": None, "input_sha256": f"sha-of-{doc_id}"}
    return {
        "doc_id": doc_id,
        "path": f"{doc_id}.txt",
        "source": source,
        "claims": [{"evidence": evidence}] * claims,
    }


def done_ids(path: Path, fmt: str) -> set[str]:
    return {record.doc_id for record in prepare_resume(str(path), fmt).records}


def test_parquet_is_written_in_row_groups_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "c.parquet"
    writer = ParquetClaimWriter(str(out), row_group_size=2)
    for doc_id, claims in (("d1", 2), ("d2", 1), ("d3", 2)):
        writer.write(fake_record(doc_id, claims))
    writer.close()
    metadata = pq.ParquetFile(out).metadata
    # A group closes once it holds row_group_size rows, never inside a document.
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [2, 3]
    assert done_ids(out, "parquet") == {"d1", "d2", "d3"}
    writer = ParquetClaimWriter(str(out), append=True, row_group_size=2)
    writer.write(fake_record("d4", 1))
    writer.close()
    assert pq.read_table(out).column("doc_id").to_pylist() == ["d1", "d1", "d2", "d3", "d3", "d4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.parquet"]  # no temp file left


# ---------------------------------------------------------------- resume


def test_resume_jsonl_after_a_cut_last_line(mixed: dict[str, Any], tmp_path: Path) -> None:
    full = mixed["out"].read_bytes()
    lines = full.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    assert run_cli(mixed["corpus"], "-o", out, "--resume", *MIXED_FLAGS) == 1
    assert out.read_bytes() == full


def test_resume_csv_drops_the_last_document_and_redoes_it(tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    writer = CsvWriter(str(out))
    for doc_id in ("d1", "d2", "d3"):
        writer.write(fake_record(doc_id, 2))
    writer.close()
    full = out.read_bytes()
    out.write_bytes(full[: len(full) - 7])  # a kill in the middle of d3's last row
    assert done_ids(out, "csv") == {"d1", "d2"}
    assert out.read_bytes() == full[: full.index(b"d3,")]
    writer = CsvWriter(str(out), append=True)
    writer.write(fake_record("d3", 2))
    writer.close()
    assert out.read_bytes() == full


def test_resume_after_a_killed_run(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(30):
        (corpus / f"doc{number:02d}.txt").write_text(f"Exports rose {number}%.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tradeextract.batch.runner import BatchOptions, run_batch;"
        "run_batch(BatchOptions(paths=[sys.argv[2]], output=sys.argv[3], quiet=True,"
        " extractor='test_batch_stand_ins:make_slow_extractor'))"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(TESTS), str(corpus), str(out)])
    try:
        wait_for(lambda: out.exists() and out.read_bytes().count(b"\n") >= 3, proc)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
    with out.open("ab") as stream:
        stream.write(b'{"doc_id": "doc')  # and a line cut short, as a kill mid-write leaves
    done_before = out.read_bytes().count(b"\n")
    options = BatchOptions(paths=[str(corpus)], output=str(out), resume=True, quiet=True, jobs=2)
    options.extractor = "test_batch_stand_ins:make_slow_extractor"
    summary = run_batch_with_tests_importable(options)
    assert summary.exit_code == 0 and summary.skipped == done_before
    ids = [record["doc_id"] for record in read_jsonl(out)]
    assert ids == [f"doc{number:02d}" for number in range(30)]


def test_sigterm_leaves_a_valid_parquet_file(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(20):
        (corpus / f"doc{number:02d}.txt").write_text(f"Exports rose {number}%.", encoding="utf-8")
    out = tmp_path / "claims.parquet"
    options = BatchOptions(paths=[str(corpus)], output=str(out), format="parquet", quiet=True)
    options.extractor = "test_batch_stand_ins:make_slow_extractor"
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # a late signal must not end pytest
    try:
        timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGTERM))
        timer.start()
        summary = run_batch_with_tests_importable(options)
        timer.join()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert summary.interrupted and summary.exit_code == 130
    written = pq.read_table(out).column("doc_id").to_pylist()  # readable: the footer is there
    assert len(written) == summary.documents < 20
    options.resume = True
    assert run_batch_with_tests_importable(options).exit_code == 0
    assert pq.read_table(out).column("doc_id").to_pylist() == [f"doc{n:02d}" for n in range(20)]


# ---------------------------------------------------------------- limits and usage


def test_timeout_crash_and_extractor_error_become_errors(tmp_path: Path) -> None:
    for name, text in [("a", "fine"), ("b", "HANG"), ("c", "CRASH"), ("d", "RAISE"), ("e", "fine")]:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    options = BatchOptions(paths=[str(tmp_path)], output=str(out), timeout=1.0, quiet=True)
    options.extractor = "test_batch_stand_ins:make_trick_extractor"
    started = time.monotonic()
    summary = run_batch_with_tests_importable(options)
    assert time.monotonic() - started < 30
    assert summary.exit_code == 1
    assert [record["doc_id"] for record in read_jsonl(out)] == ["a", "e"]
    errors = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert [(e["doc_id"], e["kind"]) for e in errors] == [
        ("b", "timeout"),
        ("c", "worker_crashed"),
        ("d", "extract_failed"),
    ]


def test_pool_reads_ahead_only_a_bounded_window() -> None:
    taken = 0

    def endless() -> Any:
        nonlocal taken
        while True:
            taken += 1
            yield DocTask(doc_id=f"d{taken}", path="x", text="fine")

    with_tests_importable()
    with WorkerPool(
        jobs=2, extractor="test_batch_stand_ins:make_trick_extractor", window=10
    ) as pool:
        outcomes: list[Outcome] = []
        for outcome in pool.run(endless()):
            outcomes.append(outcome)
            if len(outcomes) == 25:
                break
    assert [o.doc_id for o in outcomes] == [f"d{n}" for n in range(1, 26)]  # type: ignore[union-attr]
    assert taken <= 25 + 10


def test_glob_and_max_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    for name in ("a.txt", "b.md", "c.txt", "d.txt"):
        (tmp_path / name).write_text(SENTENCE, encoding="utf-8")
    assert run_cli(tmp_path, "--glob", "*.txt", "--max-files", "2") == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["doc_id"] for line in captured.out.splitlines()] == ["a", "c"]
    assert "stopped after --max-files 2" in captured.err


def test_output_inside_the_input_folder_is_not_read_back(
    tmp_path: Path, quick_extractor: None
) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):
        assert run_cli(tmp_path, "-o", out, "-q") == 0
    assert [record["doc_id"] for record in read_jsonl(out)] == ["a"]
    assert Path(f"{out}.errors.jsonl").read_text() == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["{missing}"], "no such file or folder"),
        (["{dir}", "--format", "parquet"], "Parquet cannot go to stdout"),
        (["{dir}", "--jobs", "0"], "--jobs must be at least 1"),
        (["{dir}", "--resume"], "--resume needs -o"),
        (["{dir}", "--timeout", "0"], "--timeout must be more than 0"),
        (["{dir}", "-o", "{dir}"], "is a folder"),
        (["{dir}", "-o", "/dev/null/sub/out.jsonl"], "cannot create folder"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [arg.format(dir=tmp_path, missing=tmp_path / "missing") for arg in argv]
    assert run_cli(*args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_output_folder_is_created(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "out.jsonl"
    assert run_cli(tmp_path / "in.txt", "-o", out, "-q") == 0
    assert [record["doc_id"] for record in read_jsonl(out)] == ["in"]


def test_resume_refuses_a_corrupt_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out.parquet"
    out.write_bytes(b"PAR1 not really parquet")
    assert run_cli(tmp_path / "in.txt", "-o", out, "--resume") == 2
    assert "unreadable Parquet" in capsys.readouterr().err
    assert out.read_bytes() == b"PAR1 not really parquet"

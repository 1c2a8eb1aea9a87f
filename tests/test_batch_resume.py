"""--resume knows documents by where they are and what they hold, not by the files around them.

A document's id does not change when other files are added; a new file is always extracted
(even one that sorts first or repeats another's stem or record id), a changed one is extracted
again and its earlier record replaced, nothing done is repeated, and the errors file describes
the last run instead of growing with each. A killed Parquet run loses nothing and leaves no
temporary file behind.
"""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
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
from test_batch_stand_ins import TESTS
from tradeextract.batch.runner import BatchOptions

SENTENCE_3 = "Copper ore imports reached 2.3 million tonnes in March."


def under(folder: Path, path: str) -> str:
    return Path(path).relative_to(folder).as_posix()


def test_a_doc_id_does_not_depend_on_the_other_files(tmp_path: Path, quick_extractor: None) -> None:
    news = tmp_path / "news"
    (news / "b").mkdir(parents=True)
    (news / "b" / "report.txt").write_text(SENTENCE, encoding="utf-8")
    (news / "top.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(news, "-o", out, "-q") == 0
    alone = {under(news, r["path"]): r["doc_id"] for r in read_jsonl(out)}
    (news / "a").mkdir()
    (news / "a" / "report.txt").write_text(SENTENCE_2, encoding="utf-8")
    assert run_cli(news, "-o", out, "-q") == 0
    together = {under(news, r["path"]): r["doc_id"] for r in read_jsonl(out)}
    assert alone == {"b/report.txt": "b/report", "top.txt": "top"}
    assert together == {**alone, "a/report.txt": "a/report"}


def test_resume_extracts_a_new_file_that_sorts_first_and_repeats_nothing(
    tmp_path: Path, quick_extractor: None
) -> None:
    news = tmp_path / "news"
    (news / "b").mkdir(parents=True)
    (news / "b" / "report.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(news, "-o", out, "-q") == 0
    (news / "a").mkdir()
    (news / "a" / "report.txt").write_text(SENTENCE_2, encoding="utf-8")
    assert run_cli(news, "-o", out, "-q", "--resume") == 0
    records = read_jsonl(out)
    assert sorted(under(news, r["path"]) for r in records) == ["a/report.txt", "b/report.txt"]
    assert len({r["doc_id"] for r in records}) == 2


def test_resume_with_record_ids_given_twice_extracts_each_record_once(
    tmp_path: Path, quick_extractor: None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [{"id": "a", "text": SENTENCE}, {"id": "a", "text": SENTENCE_2}]
    (folder / "z.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, "-o", out, "-q") == 0
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "a#2"]
    (folder / "y.jsonl").write_text(json.dumps({"id": "a", "text": SENTENCE_3}) + "\n", "utf-8")
    assert run_cli(folder, "-o", out, "-q", "--resume") == 0
    assert run_cli(folder, "-o", out, "-q", "--resume") == 0  # and again: nothing new
    records = read_jsonl(out)
    where = sorted((under(folder, r["path"]), r["source"]["record"]) for r in records)
    assert where == [("y.jsonl", 1), ("z.jsonl", 1), ("z.jsonl", 2)]
    assert len({r["doc_id"] for r in records}) == 3


def claims_output(out: Path, fmt: str) -> list[tuple[str, str, str]]:
    """(doc_id, path, evidence text) of each claim in an output of any format."""
    if fmt == "jsonl":
        return [
            (r["doc_id"], r["path"], claim["evidence"]["text"])
            for r in read_jsonl(out)
            for claim in r["claims"]
        ]
    if fmt == "csv":
        with out.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    else:
        rows = pq.read_table(out).to_pylist()
    return [(row["doc_id"], row["path"], row["evidence_text"]) for row in rows]


def run_slow(paths: list[Path], out: Path, fmt: str, resume: bool = False, jobs: int = 1) -> Any:
    """A run with the one-claim-per-document stand-in (its evidence is the whole text)."""
    options = BatchOptions(paths=[str(p) for p in paths], output=str(out), format=fmt, jobs=jobs)
    options.resume, options.quiet = resume, True
    options.extractor = "test_batch_stand_ins:make_slow_extractor"
    return run_batch_with_tests_importable(options)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_extracts_new_and_changed_files_and_replaces_changed_records(
    tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("b", SENTENCE), ("c", SENTENCE_2), ("d", SENTENCE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert run_slow([folder], out, fmt).exit_code == 0
    (folder / "a.txt").write_text(SENTENCE_3, encoding="utf-8")  # new, sorts first
    (folder / "c.txt").write_text(SENTENCE_3 + " Changed.", encoding="utf-8")
    summary = run_slow([folder], out, fmt, resume=True)
    # b and d are done; CSV always does its last document (d) again, as a kill may cut it.
    assert summary.exit_code == 0 and summary.skipped == (1 if fmt == "csv" else 2)
    assert sorted(claims_output(out, fmt)) == [
        ("a", str(folder / "a.txt"), SENTENCE_3),
        ("b", str(folder / "b.txt"), SENTENCE),
        ("c", str(folder / "c.txt"), SENTENCE_3 + " Changed."),
        ("d", str(folder / "d.txt"), SENTENCE),
    ]
    errors = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert [(Path(e["path"]).name, e["kind"], e["level"]) for e in errors] == [
        ("c.txt", "changed", "warning")
    ]


def test_resume_does_not_repeat_the_errors_of_earlier_runs(
    tmp_path: Path, quick_extractor: None
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "latin1.txt").write_bytes("Café exports rose 12% in 2024.".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    assert run_cli(tmp_path / "in", "-o", out, "-q") == 1
    errors = Path(f"{out}.errors.jsonl")
    first = errors.read_text(encoding="utf-8")
    assert [e["kind"] for e in read_jsonl(errors)] == ["empty", "encoding"]
    for _ in range(2):
        assert run_cli(tmp_path / "in", "-o", out, "-q", "--resume") == 1
        assert errors.read_text(encoding="utf-8") == first


def parquet_ids(path: Path) -> list[str]:
    return pq.read_table(path).column("doc_id").to_pylist()


def start_slow_parquet_run(corpus: Path, out: Path, resume: bool) -> subprocess.Popen[bytes]:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tradeextract.batch.runner import BatchOptions, run_batch;"
        "run_batch(BatchOptions(paths=[sys.argv[2]], output=sys.argv[3], format='parquet',"
        " quiet=True, resume=sys.argv[4] == 'resume',"
        " extractor='test_batch_stand_ins:make_slow_extractor'))"
    )
    argv = [sys.executable, "-c", script, str(TESTS), str(corpus), str(out)]
    return subprocess.Popen([*argv, "resume" if resume else "fresh"])


OUTPUTS = ["claims.parquet", "claims.parquet.errors.jsonl"]


def kill_after_a_while(proc: subprocess.Popen[bytes], folder: Path) -> None:
    """SIGKILL the run once it is writing (a file beside the outputs) and has done a few."""
    try:
        wait_for(lambda: any(p.name not in OUTPUTS for p in folder.iterdir()), proc)
        time.sleep(0.5)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()


def test_killed_parquet_runs_keep_the_previous_file_and_leave_no_temporary_file(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(30):
        (corpus / f"doc{number:02d}.txt").write_text(f"Exports rose {number}%.", encoding="utf-8")
    all_ids = [f"doc{number:02d}" for number in range(30)]
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "claims.parquet"
    assert run_slow([corpus / "doc00.txt", corpus / "doc01.txt"], out, "parquet").exit_code == 0
    kill_after_a_while(start_slow_parquet_run(corpus, out, resume=True), folder)
    assert parquet_ids(out) == ["doc00", "doc01"]  # a killed resume changes nothing
    assert run_slow([corpus], out, "parquet", resume=True, jobs=2).exit_code == 0
    assert parquet_ids(out) == all_ids
    assert sorted(p.name for p in folder.iterdir()) == OUTPUTS
    kill_after_a_while(start_slow_parquet_run(corpus, out, resume=False), folder)
    assert parquet_ids(out) == all_ids  # a killed fresh run does not destroy the last output
    assert run_slow([corpus / "doc00.txt"], out, "parquet").exit_code == 0
    assert parquet_ids(out) == ["doc00"]
    assert sorted(p.name for p in folder.iterdir()) == OUTPUTS

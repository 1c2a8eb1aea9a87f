"""`tradeextract extract` at the edges: inputs with nothing in them, byte-order marks, dates
that do not exist, documents over a million characters, and a parent process killed under its
workers. Each must give a clear record or error, never silence, a misleading message or a
traceback.
"""

from __future__ import annotations

import codecs
import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_helpers import SENTENCE, read_jsonl, run_cli, wait_for
from test_batch_stand_ins import TESTS
from tradeextract.gold import load_gold_dir


def test_inputs_without_records_are_reported_empty(tmp_path: Path, quick_extractor: None) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "list.json").write_text("[]", encoding="utf-8")
    (folder / "none.jsonl.gz").write_bytes(b"")
    (folder / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (folder / "zipped-nothing.jsonl.gz").write_bytes(gzip.compress(b""))
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, "-o", out, "-q") == 1
    assert [record["doc_id"] for record in read_jsonl(out)] == ["a"]
    errors = {Path(e["path"]).name: e for e in read_jsonl(Path(f"{out}.errors.jsonl"))}
    assert sorted(errors) == [
        "blank.jsonl",
        "list.json",
        "none.jsonl.gz",
        "zipped-nothing.jsonl.gz",
    ]
    assert {(e["kind"], e["level"]) for e in errors.values()} == {("empty", "error")}


def test_a_utf8_byte_order_mark_is_dropped_as_gold_drops_it(
    tmp_path: Path, quick_extractor: None
) -> None:
    """Batch output must be scored against gold on the same text, else provenance is 0."""
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bom.txt").write_bytes(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"))
    evidence = {"start": 0, "end": 7, "text": "China's"}
    claim = {"evidence": evidence, "measure": "value", "reporter": "CN"}
    claim["value"] = {"amount": 2.41e10, "unit": "USD"}
    document = {"doc_id": "bom", "doc_date": None, "claims": [claim]}
    (gold / "bom.claims.json").write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(gold / "bom.txt", "-o", out, "-q", "--include-text") == 0
    (record,) = read_jsonl(out)
    (loaded,) = load_gold_dir(gold)
    assert record["text"] == loaded.text == SENTENCE


def test_impossible_record_dates_are_ignored_with_a_warning(
    tmp_path: Path, quick_extractor: None
) -> None:
    lines = [
        {"id": "feb30", "text": SENTENCE, "date": "2024-02-30"},
        {"id": "zero", "text": SENTENCE, "date": "0000-00-00"},
        {"id": "good", "text": SENTENCE, "date": "2024-02-29T08:00:00Z"},
    ]
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(records, "-o", out, "-q") == 0
    dates = {record["doc_id"]: record["doc_date"] for record in read_jsonl(out)}
    assert dates == {"feb30": None, "zero": None, "good": "2024-02-29"}
    warnings = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert [(w["doc_id"], w["level"]) for w in warnings] == [
        ("feb30", "warning"),
        ("zero", "warning"),
    ]
    assert all("not a real date" in w["reason"] for w in warnings)


def test_documents_over_a_million_characters_are_extracted_up_to_the_pipeline_limit(
    tmp_path: Path,
) -> None:
    """spaCy's E088 (parser and NER memory) does not apply: the real pipeline runs here."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("word " * 240_000 + SENTENCE, encoding="utf-8")
    (folder / "longer.txt").write_text("word " * 1_040_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, "-o", out, "-q", "--max-bytes", "6000000") == 1
    (record,) = read_jsonl(out)
    assert record["doc_id"] == "long" and len(record["claims"]) == 1
    (error,) = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert (Path(error["path"]).name, error["kind"]) == ("longer.txt", "too_large")
    assert "5,000,000" in error["reason"] and "E088" not in error["reason"]


def test_workers_of_a_killed_run_end_without_tracebacks(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(40):
        (corpus / f"doc{number:02d}.txt").write_text(f"Exports rose {number}%.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tradeextract.batch.runner import BatchOptions, run_batch;"
        "run_batch(BatchOptions(paths=[sys.argv[2]], output=sys.argv[3], quiet=True, jobs=2,"
        " extractor='test_batch_stand_ins:make_slow_extractor'))"
    )
    with (tmp_path / "stderr.txt").open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(TESTS), str(corpus), str(out)], stderr=stderr
        )
        try:
            wait_for(lambda: out.exists() and out.read_bytes().count(b"\n") >= 4, proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        finally:
            proc.kill()
        time.sleep(0.8)  # the workers finish their document and find no one to send it to
    assert "Traceback" not in (tmp_path / "stderr.txt").read_text()

"""`tradeextract extract` checks every path and option before it opens anything.

An output never equals, links to or lives among the inputs it would overwrite; two outputs
never share a file; a usage error leaves every file as it was; a file reached twice (through
overlapping PATHs or links) is read once; out-of-range limits are usage errors, and no more
workers start than there are documents or than twice the cores.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from batch_helpers import (
    SENTENCE,
    SENTENCE_2,
    read_jsonl,
    run_batch_with_tests_importable,
    run_cli,
)
from test_batch_stand_ins import PID_LOG_VARIABLE
from tradeextract.batch.runner import BatchOptions

RECORDS = (json.dumps({"text": SENTENCE}) + "\n") * 2


# ---------------------------------------------------------------- outputs that are inputs


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "errors file"])
def test_an_output_that_is_an_input_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None, how: str
) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(RECORDS, encoding="utf-8")
    output = tmp_path / "link.jsonl"
    if how == "same path":
        args = ["-o", records]
    elif how == "symlink":
        output.symlink_to(records.name)
        args = ["-o", output]
    elif how == "hard link":
        os.link(records, output)
        args = ["-o", output]
    else:
        args = ["-o", tmp_path / "out.jsonl", "--errors", records]
    assert run_cli(records, *args) == 2
    assert records.read_text(encoding="utf-8") == RECORDS
    err = capsys.readouterr().err
    assert "in.jsonl" in err and "input" in err and "Traceback" not in err


def test_an_output_among_the_files_of_an_input_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    feed = folder / "feed.jsonl"  # articles as records: an input, not an earlier output
    feed.write_text(RECORDS, encoding="utf-8")
    assert run_cli(folder, "-o", feed) == 2
    assert feed.read_text(encoding="utf-8") == RECORDS
    assert "feed.jsonl" in capsys.readouterr().err


def test_one_file_for_output_and_errors_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    both = tmp_path / "both.jsonl"
    assert run_cli(tmp_path / "a.txt", "-o", both, "--errors", both) == 2
    assert "same file" in capsys.readouterr().err
    both.write_text("kept\n", encoding="utf-8")
    (tmp_path / "alias.jsonl").symlink_to(both.name)
    assert run_cli(tmp_path / "a.txt", "-o", both, "--errors", tmp_path / "alias.jsonl") == 2
    assert "same file" in capsys.readouterr().err
    assert both.read_text(encoding="utf-8") == "kept\n"


def test_a_usage_error_leaves_every_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_extractor: None
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    previous = tmp_path / "out" / "prev.jsonl"
    assert run_cli(article, "-o", previous, "-q") == 0
    written = previous.read_bytes()
    assert written
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert run_cli(article, "-o", previous, "--errors", folder) == 2
    assert previous.read_bytes() == written
    cut = written + b'{"doc_id": "cut sho'  # a resumable output with a cut last line
    previous.write_bytes(cut)
    assert run_cli(article, "-o", previous, "--errors", folder, "--resume") == 2
    assert previous.read_bytes() == cut
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- the same file twice


def test_overlapping_paths_and_links_read_each_file_once(
    tmp_path: Path, quick_extractor: None
) -> None:
    folder = tmp_path / "ov"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(SENTENCE_2, encoding="utf-8")
    (folder / "alias.txt").symlink_to("a.txt")
    (folder / "sub2").symlink_to("sub")
    os.link(folder / "sub" / "b.txt", folder / "zhard.txt")
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, folder / "a.txt", folder / "sub", "-o", out, "-q") == 0
    assert [record["path"] for record in read_jsonl(out)] == [
        str(folder / "a.txt"),
        str(folder / "sub" / "b.txt"),
    ]
    skipped = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert sorted(Path(e["path"]).name for e in skipped) == sorted(
        ["alias.txt", "sub2", "zhard.txt", "a.txt", "sub"]
    )
    assert {(e["kind"], e["level"]) for e in skipped} == {("duplicate_file", "warning")}
    assert all("read once" in e["reason"] for e in skipped)


# ---------------------------------------------------------------- option bounds


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "inf"),
        ("--timeout", "1e300"),
        ("--timeout", "nan"),
        ("--max-bytes", "99999999999999999999"),
    ],
)
def test_out_of_range_limits_are_usage_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    quick_extractor: None,
    option: str,
    value: str,
) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    assert run_cli(tmp_path / "a.txt", option, value) == 2
    err = capsys.readouterr().err
    assert option in err and "Traceback" not in err


def worker_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, jobs: int) -> int:
    """How many worker processes a run over `files` one-line articles with --jobs starts."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(files):
        (corpus / f"doc{number:03d}.txt").write_text(f"Exports rose {number}%.", encoding="utf-8")
    log = tmp_path / "pids.log"
    monkeypatch.setenv(PID_LOG_VARIABLE, str(log))
    options = BatchOptions(paths=[str(corpus)], output=str(tmp_path / "out.jsonl"), jobs=jobs)
    options.extractor = "test_batch_stand_ins:make_pid_logging_extractor"
    options.quiet = True
    assert run_batch_with_tests_importable(options).exit_code == 0
    assert len(read_jsonl(tmp_path / "out.jsonl")) == files
    return len(log.read_text(encoding="utf-8").split())


def test_no_more_workers_than_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert 1 <= worker_count(tmp_path, monkeypatch, files=3, jobs=16) <= 3


def test_no_more_workers_than_twice_the_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    limit = 2 * (cores or 1)
    assert worker_count(tmp_path, monkeypatch, files=limit + 4, jobs=limit + 2) <= limit

"""--resume: which documents an earlier run already wrote, and trimming what it left half-written.

JSON Lines: every line that parses is a document; a last line that does not parse was cut by
a hard kill and is truncated away. CSV: the rows of the last document in the file are dropped
too, because a kill may have cut between two of its rows, so that document is done again.
Parquet: the file must have its footer (any run that was not killed with SIGKILL has one).
Documents without claims have no CSV or Parquet rows, so those formats extract them again.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator

from tradeextract.batch.writers import COLUMNS


class ResumeError(Exception):
    """The existing output cannot be resumed safely (a usage error: exit code 2)."""


def prepare_resume(path: str, fmt: str) -> set[str]:
    """The doc_ids already in `path`, after cutting off any incomplete tail; empty if no file."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return set()
    if fmt == "jsonl":
        return resume_jsonl(path)
    if fmt == "csv":
        return resume_csv(path)
    if fmt == "parquet":
        return resume_parquet(path)
    raise ResumeError(f"cannot resume format {fmt!r}")


def resume_jsonl(path: str) -> set[str]:
    done: set[str] = set()
    good_end = offset = 0
    bad_line: int | None = None
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            offset += len(line)
            if not line.strip():
                continue
            if bad_line is not None:
                raise ResumeError(
                    f"{path}: line {bad_line} is not a document: cannot resume safely"
                )
            doc_id = jsonl_doc_id(line)
            if doc_id is None:
                bad_line = number  # fine only if it is the last line: a cut one
                continue
            done.add(doc_id)
            good_end = offset
    truncate_tail(path, good_end, complete_last_line=True)
    return done


def jsonl_doc_id(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    doc_id = record.get("doc_id") if isinstance(record, dict) else None
    return doc_id if isinstance(doc_id, str) else None


def resume_csv(path: str) -> set[str]:
    rows = csv_rows_with_offsets(path)
    header = next(rows, None)
    if header is None or header[1] != list(COLUMNS):
        raise ResumeError(f"{path}: not a claims CSV of this tool (header differs): cannot resume")
    done: set[str] = set()
    kept_end = previous_end = header[0]
    previous_id: str | None = None
    for end, row in rows:
        if len(row) != len(COLUMNS):
            break
        if row[0] != previous_id:
            if previous_id is not None:
                done.add(previous_id)
            kept_end = previous_end  # the rows of previous_id are complete
            previous_id = row[0]
        previous_end = end
    # The last document's rows (previous_id) may be cut short: drop them and do it again.
    truncate_tail(path, kept_end)
    return done


def csv_rows_with_offsets(path: str) -> Iterator[tuple[int, list[str]]]:
    """(end offset, fields) of each complete CSV row; stops at a row cut off by a kill."""
    with open(path, encoding="utf-8", errors="replace", newline="") as stream:
        consumed = 0
        last_line_ended = True

        def lines() -> Iterator[str]:
            nonlocal consumed, last_line_ended
            for line in stream:
                consumed += len(line.encode("utf-8", "replace"))
                last_line_ended = line.endswith("\n")
                yield line

        reader = csv.reader(lines(), strict=True)
        while True:
            try:
                row = next(reader)
            except (StopIteration, csv.Error):
                return
            if not last_line_ended:
                return
            yield consumed, row


def resume_parquet(path: str) -> set[str]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as error:
        raise ResumeError(
            f"{path}: unreadable Parquet ({error}); a run killed with SIGKILL leaves no footer. "
            "Start again without --resume, or use --format jsonl/csv for resumable output."
        ) from None
    if table.schema_arrow.names != list(COLUMNS):
        raise ResumeError(f"{path}: not a claims Parquet file of this tool (columns differ)")
    done: set[str] = set()
    for index in range(table.num_row_groups):
        done.update(table.read_row_group(index, columns=["doc_id"]).column(0).to_pylist())
    return done


def truncate_tail(path: str, keep: int, complete_last_line: bool = False) -> None:
    """Cut the file to `keep` bytes, so appending continues after the last complete document."""
    with open(path, "r+b") as stream:
        stream.truncate(keep)
        if complete_last_line and keep:
            stream.seek(keep - 1)
            if stream.read(1) != b"\n":
                stream.write(b"\n")

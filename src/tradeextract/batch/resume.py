"""--resume: which documents an earlier run already wrote, trimming what it left half-written,
and removing the records of documents that changed since.

`read_resume` only reads: it finds each document's doc_id, key and content hash (see
`identity`) and where the complete part of the file ends, so that a run refused for a usage
error leaves the file as it was; `trim` cuts the incomplete tail once the run is known to be
valid. JSON Lines: every line that parses is a document; a last line that does not parse was
cut by a hard kill. CSV: the rows of the last document in the file are dropped too, because a
kill may have cut between two of its rows, so that document is done again. Parquet: the file
always has its footer (it is renamed into place complete). Documents without claims have no
CSV or Parquet rows, so those formats extract them again.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradeextract.batch.identity import DocKey, DoneRecord
from tradeextract.batch.writers import COLUMNS, temporary_path

KEY_COLUMNS = ["doc_id", "rel_path", "record", "input_sha256"]
Stale = set[tuple[DocKey, str]]


class ResumeError(Exception):
    """The existing output cannot be resumed safely (a usage error: exit code 2)."""


@dataclass
class ResumeState:
    """The documents in an output, and how many of its bytes to keep (None: all of them)."""

    records: list[DoneRecord] = field(default_factory=list)
    keep: int | None = None
    add_newline: bool = False  # JSON Lines whose last complete line has no newline yet


def read_resume(path: str, fmt: str) -> ResumeState:
    """What an existing output holds; an empty state if there is none. Changes nothing."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return ResumeState()
    readers = {"jsonl": resume_jsonl, "csv": resume_csv, "parquet": resume_parquet}
    if fmt not in readers:
        raise ResumeError(f"cannot resume format {fmt!r}")
    try:
        return readers[fmt](path)
    except ResumeError as error:
        raise ResumeError(f"{path}: {error}") from None


def prepare_resume(path: str, fmt: str) -> ResumeState:
    """`read_resume` and `trim` at once: for callers with nothing else to check first."""
    state = read_resume(path, fmt)
    trim(path, state)
    return state


def trim(path: str, state: ResumeState) -> None:
    """Cut the file to its complete documents, so appending continues after the last one."""
    if state.keep is None:
        return
    with open(path, "r+b") as stream:
        stream.truncate(state.keep)
        if state.add_newline:
            stream.seek(state.keep)
            stream.write(b"\n")


def resume_jsonl(path: str) -> ResumeState:
    state = ResumeState()
    good_end = offset = 0
    bad_line: int | None = None
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            offset += len(line)
            if not line.strip():
                continue
            if bad_line is not None:
                raise ResumeError(f"line {bad_line} is not a document: cannot resume safely")
            record = jsonl_record(line)
            if record is None:
                bad_line = number  # fine only if it is the last line: a cut one
                continue
            state.records.append(done_record(number, record))
            good_end = offset
            state.add_newline = not line.endswith(b"\n")
    state.keep = good_end
    return state


def jsonl_record(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and isinstance(record.get("doc_id"), str) else None


def done_record(line: int, record: dict[str, Any]) -> DoneRecord:
    """A JSON Lines document's doc_id, key and hash; ResumeError if it was written without."""
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    try:
        return keyed_record(
            record["doc_id"],
            source.get("rel_path"),
            source.get("record"),
            source.get("input_sha256"),
        )
    except ResumeError as error:
        raise ResumeError(f"line {line}: {error}") from None


def resume_csv(path: str) -> ResumeState:
    rows = csv_rows_with_offsets(path)
    header = next(rows, None)
    if header is None or header[1] != list(COLUMNS):
        raise ResumeError("not a claims CSV of this tool (header differs): cannot resume")
    state = ResumeState()
    kept_end = previous_end = header[0]
    previous: DoneRecord | None = None
    for end, row in rows:
        if len(row) != len(COLUMNS):
            break
        values = dict(zip(COLUMNS, row, strict=True))
        if previous is None or values["doc_id"] != previous.doc_id:
            if previous is not None:
                state.records.append(previous)
            kept_end = previous_end  # the rows of `previous` are complete
            previous = csv_done_record(values)
        previous_end = end
    # The last document's rows (previous) may be cut short: drop them and do it again.
    state.keep = kept_end
    return state


def csv_done_record(values: dict[str, str]) -> DoneRecord:
    record = int(values["record"]) if values["record"].isdigit() else None
    return keyed_record(
        values["doc_id"], values["rel_path"] or None, record, values["input_sha256"]
    )


def keyed_record(doc_id: str, rel_path: Any, record: Any, sha256: Any) -> DoneRecord:
    """A document's resume identity; ResumeError for a row written without one."""
    if not (isinstance(rel_path, str) and isinstance(sha256, str) and sha256):
        raise ResumeError(
            f"doc_id {doc_id!r} has no rel_path and input_sha256 (written by an earlier "
            "tradeextract?): cannot resume; start again without --resume"
        )
    return DoneRecord((rel_path, record), sha256, doc_id)


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


def resume_parquet(path: str) -> ResumeState:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as error:
        raise ResumeError(f"unreadable Parquet ({error}): start again without --resume") from None
    if table.schema_arrow.names != list(COLUMNS):
        raise ResumeError("not a claims Parquet file of this tool (columns differ)")
    state = ResumeState()
    seen: set[tuple[str, DocKey, str]] = set()
    for index in range(table.num_row_groups):
        group = table.read_row_group(index, columns=KEY_COLUMNS).to_pylist()
        for row in group:
            entry = (row["doc_id"], (row["rel_path"], row["record"]), row["input_sha256"])
            if entry not in seen:
                seen.add(entry)
                state.records.append(keyed_record(*row.values()))
    return state


# ---------------------------------------------------------------- removing replaced records


def remove_records(path: str, fmt: str, stale: Stale) -> None:
    """Rewrite the output without the records of `stale` (key, hash): documents that changed
    and were extracted again. The new file replaces the old one only when complete."""
    if not stale or not os.path.exists(path):
        return
    target = temporary_path(path)
    try:
        {"jsonl": _without_jsonl, "csv": _without_csv, "parquet": _without_parquet}[fmt](
            path, target, stale
        )
        os.replace(target, path)
    finally:
        if os.path.exists(target):
            os.unlink(target)


def _is_stale(stale: Stale, rel_path: Any, record: Any, sha256: Any) -> bool:
    return ((rel_path, record), sha256) in stale


def _without_jsonl(path: str, target: str, stale: Stale) -> None:
    with open(path, "rb") as source, open(target, "wb") as out:
        for line in source:
            record = jsonl_record(line)
            keys = (record or {}).get("source") or {}
            if not _is_stale(
                stale, keys.get("rel_path"), keys.get("record"), keys.get("input_sha256")
            ):
                out.write(line)


def _without_csv(path: str, target: str, stale: Stale) -> None:
    with open(path, "rb") as source, open(target, "wb") as out:
        rows = csv_rows_with_offsets(path)
        start, _ = next(rows)
        out.write(source.read(start))  # the header
        for end, row in rows:
            chunk = source.read(end - start)
            start = end
            done = csv_done_record(dict(zip(COLUMNS, row, strict=True)))
            if not _is_stale(stale, *done.key, done.sha256):
                out.write(chunk)
        out.write(source.read())


def _without_parquet(path: str, target: str, stale: Stale) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    existing = pq.ParquetFile(path)
    with pq.ParquetWriter(target, existing.schema_arrow) as writer:
        for index in range(existing.num_row_groups):
            group = existing.read_row_group(index)
            keys = group.select(["rel_path", "record", "input_sha256"]).to_pylist()
            keep = [
                not _is_stale(stale, k["rel_path"], k["record"], k["input_sha256"]) for k in keys
            ]
            writer.write_table(group.filter(pa.array(keep, type=pa.bool_())))

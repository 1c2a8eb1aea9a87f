"""Streaming the results out: JSON Lines documents, or one flat CSV / Parquet row per claim.

Every writer writes as results arrive and never keeps more than one Parquet row group in
memory. JSON Lines and CSV are flushed after each document, so an interrupted run leaves
only complete documents (`resume.py` trims the one a hard kill may cut). Parquet cannot be
appended to or read without its footer, so it is written to a temporary file beside the
output and renamed into place by `close()` (which the runner calls in a `finally`): a run
killed with SIGKILL leaves the previous output as it was, and the next run on the same output
removes the temporary file it left (`remove_stale_temporaries`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any, Protocol

from tradeextract.batch.items import InputError

FORMATS = ("jsonl", "csv", "parquet")
CLAIM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "string"),
    ("path", "string"),
    ("doc_date", "string"),
    ("claim_index", "int64"),
    ("flow", "string"),
    ("measure", "string"),
    ("value_amount", "float64"),
    ("value_unit", "string"),
    ("value_upper", "float64"),
    ("alt_value_amount", "float64"),
    ("alt_value_unit", "string"),
    ("change_amount", "float64"),
    ("change_unit", "string"),
    ("change_basis", "string"),
    ("approx", "string"),
    ("reporter", "string"),
    ("partner", "string"),
    ("product", "string"),
    ("hs_code", "string"),
    ("period_start", "string"),
    ("period_end", "string"),
    ("evidence_start", "int64"),
    ("evidence_end", "int64"),
    ("evidence_text", "string"),
    ("rel_path", "string"),  # with record and input_sha256: the document's key for --resume
    ("record", "int64"),
    ("input_sha256", "string"),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _ in CLAIM_COLUMNS)
DEFAULT_ROW_GROUP_SIZE = 10_000


class Writer(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def write_line(self, line: str) -> None:
        """One document as its JSON line (what the workers send); flat writers parse it."""
        ...

    def close(self) -> None: ...


def open_writer(
    fmt: str, path: str | None, append: bool = False, row_group_size: int = DEFAULT_ROW_GROUP_SIZE
) -> Writer:
    """The writer for a format, to a file (appending for --resume) or to stdout (path None)."""
    if fmt == "jsonl":
        return JsonlWriter(path, append)
    if fmt == "csv":
        return CsvWriter(path, append)
    if fmt == "parquet":
        if path is None:
            raise ValueError("Parquet cannot be written to stdout: give -o FILE")
        return ParquetClaimWriter(path, append, row_group_size)
    raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")


def open_text(path: str | None, append: bool) -> tuple[IO[str], bool]:
    """A UTF-8 text stream and whether we own it (stdout is not ours to close)."""
    if path is None:
        utf8_stdout()
        return sys.stdout, False
    return open(path, "a" if append else "w", encoding="utf-8", newline=""), True


def utf8_stdout() -> None:
    """Outputs are UTF-8 wherever they go, even when the locale says otherwise."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            reconfigure(errors="backslashreplace")


class JsonlWriter:
    """One spec document object per line."""

    def __init__(self, path: str | None, append: bool = False) -> None:
        self.stream, self.owned = open_text(path, append)

    def write(self, record: dict[str, Any]) -> None:
        self.write_line(json.dumps(record, ensure_ascii=False, separators=(",", ":")))

    def write_line(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


class CsvWriter:
    """One row per claim; a document's rows go out in a single write, then a flush."""

    def __init__(self, path: str | None, append: bool = False) -> None:
        has_content = bool(path and append and os.path.exists(path) and os.path.getsize(path))
        self.stream, self.owned = open_text(path, append)
        if not has_content:
            self._write_rows([{name: name for name in COLUMNS}])

    def write_line(self, line: str) -> None:
        self.write(json.loads(line))

    def write(self, record: dict[str, Any]) -> None:
        self._write_rows(list(flatten_claims(record)))

    def _write_rows(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writerows(rows)
        self.stream.write(buffer.getvalue())
        self.stream.flush()

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


class ParquetClaimWriter:
    """Claim rows in row groups of `row_group_size`; with `append`, the old rows are copied first.

    The rows go to a temporary file beside `path` (old row groups first when resuming), which
    replaces `path` on close.
    """

    def __init__(
        self, path: str, append: bool = False, row_group_size: int = DEFAULT_ROW_GROUP_SIZE
    ) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.row_group_size = row_group_size
        self.schema = arrow_schema()
        self.rows: list[dict[str, Any]] = []
        self.target = temporary_path(path)
        self.writer = pq.ParquetWriter(self.target, self.schema)
        try:
            if append and os.path.exists(path):
                self._copy_row_groups(path)
        except BaseException:
            self.writer.close()
            os.unlink(self.target)
            raise

    def _copy_row_groups(self, path: str) -> None:
        import pyarrow.parquet as pq

        existing = pq.ParquetFile(path)
        for index in range(existing.num_row_groups):
            self.writer.write_table(existing.read_row_group(index).cast(self.schema))

    def write_line(self, line: str) -> None:
        self.write(json.loads(line))

    def write(self, record: dict[str, Any]) -> None:
        self.rows.extend(flatten_claims(record))
        if len(self.rows) >= self.row_group_size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self.writer.close()
            os.replace(self.target, self.path)


TEMPORARY_SUFFIXES = (".partial-", ".resume-")  # .resume- as written by earlier versions


def temporary_path(path: str) -> str:
    """Where a new version of `path` is written before it replaces `path`: beside it."""
    return f"{path}{TEMPORARY_SUFFIXES[0]}{os.getpid()}.tmp"


def remove_stale_temporaries(path: str) -> list[str]:
    """Remove the temporary files of runs on `path` that were killed (their process is gone)."""
    folder, name = os.path.split(os.path.abspath(path))
    removed = []
    for entry in os.listdir(folder):
        pid = temporary_owner(entry, name)
        if pid is not None and pid != os.getpid() and not process_alive(pid):
            os.unlink(os.path.join(folder, entry))
            removed.append(entry)
    return removed


def temporary_owner(entry: str, name: str) -> int | None:
    """The process id in a temporary file name `NAME.partial-PID.tmp`, else None."""
    for suffix in TEMPORARY_SUFFIXES:
        prefix = name + suffix
        if entry.startswith(prefix) and entry.endswith(".tmp"):
            number = entry[len(prefix) : -len(".tmp")]
            return int(number) if number.isdigit() else None
    return None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in CLAIM_COLUMNS])


def flatten_claims(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The flat rows of one output document: its claims, one row each."""
    for index, claim in enumerate(record.get("claims") or []):
        yield flatten_claim(record, index, claim)


def flatten_claim(record: dict[str, Any], index: int, claim: dict[str, Any]) -> dict[str, Any]:
    value = claim.get("value") or {}
    alt = (claim.get("alt_values") or [{}])[0]
    change = claim.get("change") or {}
    period = claim.get("period") or {}
    evidence = claim.get("evidence") or {}
    source = record.get("source") or {}
    return {
        "doc_id": record.get("doc_id"),
        "path": record.get("path"),
        "doc_date": record.get("doc_date"),
        "claim_index": index,
        "flow": claim.get("flow"),
        "measure": claim.get("measure"),
        "value_amount": value.get("amount"),
        "value_unit": value.get("unit"),
        "value_upper": value.get("upper"),
        "alt_value_amount": alt.get("amount"),
        "alt_value_unit": alt.get("unit"),
        "change_amount": change.get("amount"),
        "change_unit": change.get("unit"),
        "change_basis": change.get("basis"),
        "approx": claim.get("approx"),
        "reporter": joined(claim.get("reporter")),
        "partner": joined(claim.get("partner")),
        "product": first(claim.get("product")),
        "hs_code": claim.get("hs_code"),
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
        "evidence_text": evidence.get("text"),
        "rel_path": source.get("rel_path"),
        "record": source.get("record"),
        "input_sha256": source.get("input_sha256"),
    }


def joined(value: Any) -> str | None:
    """Places as one cell: a list becomes 'CN|US'."""
    if isinstance(value, list):
        return "|".join(str(v) for v in value) if value else None
    return value


def first(value: Any) -> str | None:
    """A product as one cell: the canonical (first) spelling of a list."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


class ErrorSink:
    """The errors file (JSON Lines of {path, record, doc_id, reason, kind, level}), or stderr lines.

    Written afresh by every run, --resume too: each run reads every input again, so its errors
    file lists every problem of every input once.
    """

    def __init__(self, path: str | None, echo: Any = None) -> None:
        self.path = path
        # Kept open for the whole run and closed by close(), which the runner calls in a finally.
        self.stream = open(path, "w", encoding="utf-8") if path else None  # noqa: SIM115
        self.echo = echo or (lambda line: print(line, file=sys.stderr))

    def write(self, error: InputError) -> None:
        if self.stream is not None:
            self.stream.write(json.dumps(error.to_json(), ensure_ascii=False) + "\n")
            self.stream.flush()
        else:
            self.echo(describe_error(error))

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def describe_error(error: InputError) -> str:
    """One human line: 'error [binary] data/x.txt: contains NUL bytes ...'."""
    where = error.path if error.record is None else f"{error.path} (record {error.record})"
    return f"{error.level} [{error.kind}] {where}: {error.reason}"

"""Turning input files into documents to extract: one reader per format.

Plain text and Markdown are one document each, HTML one document whose main text the worker
extracts, JSON a record or a list of records, JSON Lines one record a line; any of them may be
gzipped. A bad file or record becomes an `InputError` in the stream and reading goes on.
Files are never opened unless they are regular files (a FIFO would block), never read past
`max_bytes` (a gzip bomb stops there), and JSON Lines are streamed line by line.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from tradeextract.batch.decoding import Decoded, decode_bytes, replace_surrogates
from tradeextract.batch.discover import InputFile, split_suffixes
from tradeextract.batch.items import DocTask, FileDone, InputError, Item, Skipped
from tradeextract.batch.problems import InputProblem

DEFAULT_MAX_BYTES = 5_000_000
MAX_BAD_LINES_PER_FILE = 1000
SNIFF_BYTES = 8192
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
GZIP_ERRORS = (OSError, EOFError, zlib.error)
MISSING: Any = object()  # a field the record does not have (null is a value)


@dataclass(frozen=True)
class ReaderOptions:
    """Where records keep their text, id and date, and how big one document may be."""

    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    max_bytes: int = DEFAULT_MAX_BYTES


class DocIds:
    """Keeps doc_ids unique within a run, the same way every run (so --resume can trust them)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def for_file(self, stem: str, rel_stem: str) -> str:
        """A file's id is its stem, or its path below the PATH argument when the stem is taken."""
        for candidate in (stem, rel_stem):
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate
        return self._numbered(rel_stem)

    def for_record(self, wanted: str) -> tuple[str, bool]:
        """A record's id as given, or numbered `id#2`, `id#3`... when given twice (True)."""
        if wanted not in self.seen:
            self.seen.add(wanted)
            return wanted, False
        return self._numbered(wanted), True

    def _numbered(self, base: str) -> str:
        number = 2
        while f"{base}#{number}" in self.seen:
            number += 1
        self.seen.add(f"{base}#{number}")
        return f"{base}#{number}"


def read_inputs(
    found: Iterable[InputFile | InputError],
    options: ReaderOptions,
    done: Container[str] = frozenset(),
) -> Iterator[Item]:
    """Every document of every input in order, input errors in place, FileDone after each file."""
    ids = DocIds()
    for entry in found:
        if isinstance(entry, InputError):
            yield entry
            continue
        yield from read_file(entry, options, ids, done)
        yield FileDone(entry.shown)


def read_file(
    file: InputFile, options: ReaderOptions, ids: DocIds, done: Container[str]
) -> Iterator[Item]:
    """The documents of one file, by its format; a problem with the whole file is one error."""
    stem, fmt, gzipped = split_suffixes(file.name)
    source = {"path": file.shown, "format": fmt, "compressed": "gzip" if gzipped else None}
    doc_id = None
    try:
        if fmt in ("json", "jsonl"):
            reader = read_json_file if fmt == "json" else read_json_lines
            yield from reader(file, stem, source, options, ids, done)
            return
        doc_id = ids.for_file(stem, split_suffixes(file.rel)[0])
        if doc_id in done:
            yield Skipped(doc_id, file.shown)
            return
        yield read_document_file(file, doc_id, source, options)
    except InputProblem as problem:
        yield InputError(file.shown, problem.reason, problem.kind, doc_id=doc_id)


def read_document_file(
    file: InputFile, doc_id: str, source: dict[str, Any], options: ReaderOptions
) -> DocTask:
    """A text, Markdown or HTML file as one document (HTML is extracted later, in the worker)."""
    data = read_limited(file.path, source["compressed"] is not None, options.max_bytes)
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        raise InputProblem(
            "empty",
            "only whitespace: nothing to extract" if data else "empty file: nothing to extract",
        )
    source = {**source, **encoding_fields(decoded)}
    markup = "html" if source["format"] == "html" else "text"
    return DocTask(
        doc_id=doc_id,
        path=file.shown,
        text=decoded.text,
        markup=markup,
        source=source,
        warnings=encoding_warnings(file.shown, None, decoded),
    )


def read_json_file(
    file: InputFile,
    stem: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: DocIds,
    done: Container[str],
) -> Iterator[Item]:
    """A .json file: one record object, or a list of them (index = position, from 0)."""
    data = read_limited(
        file.path, source["compressed"] is not None, options.max_bytes, whole="JSON file"
    )
    decoded = decode_bytes(data)
    try:
        parsed = json.loads(decoded.text)
    except (ValueError, RecursionError) as error:
        raise InputProblem(
            "malformed_json", f"not valid JSON: {describe_json_error(error)}"
        ) from None
    if isinstance(parsed, dict):
        records: Iterable[tuple[int | None, Any]] = [(None, parsed)]
    elif isinstance(parsed, list):
        records = enumerate(parsed)
    else:
        raise InputProblem(
            "malformed_json",
            f"top level is {json_type(parsed)}: expected an object or a list of objects",
        )
    warnings = encoding_warnings(file.shown, None, decoded)
    yield from warnings
    for index, record in records:
        default_id = stem if index is None else f"{stem}:{index}"
        yield record_item(record, file.shown, index, default_id, source, options, ids, done)


def read_json_lines(
    file: InputFile,
    stem: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: DocIds,
    done: Container[str],
) -> Iterator[Item]:
    """A .jsonl file streamed line by line (numbered from 1); a bad line spoils only itself."""
    bad_lines = 0
    with open_input(file.path, source["compressed"] is not None) as stream:
        try:
            refuse_binary_start(stream)
            for line_no, line in enumerate(iter_lines(stream, options.max_bytes), start=1):
                item = json_line_item(line, line_no, file.shown, stem, source, options, ids, done)
                if item is None:
                    continue
                yield item
                if isinstance(item, InputError) and item.level == "error":
                    bad_lines += 1
                    if bad_lines >= MAX_BAD_LINES_PER_FILE:
                        raise InputProblem(
                            "malformed_json",
                            f"{bad_lines} bad lines: gave up on the rest of the file",
                        )
        except GZIP_ERRORS as error:
            raise gzip_or_os_problem(error, source) from None


def json_line_item(
    line: bytes | None,
    line_no: int,
    path: str,
    stem: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: DocIds,
    done: Container[str],
) -> Item | None:
    """The document (or error) of one JSON Lines line; None for a blank line."""
    if line is None:
        return InputError(
            path,
            f"line longer than --max-bytes ({options.max_bytes} bytes)",
            "too_large",
            record=line_no,
        )
    if not line.strip():
        return None
    try:
        decoded = decode_bytes(line.rstrip(b"\r\n"))
        record = json.loads(decoded.text)
    except InputProblem as problem:
        return InputError(path, problem.reason, problem.kind, record=line_no)
    except (ValueError, RecursionError) as error:
        return InputError(
            path, f"not valid JSON: {describe_json_error(error)}", "malformed_json", record=line_no
        )
    item = record_item(record, path, line_no, f"{stem}:{line_no}", source, options, ids, done)
    if isinstance(item, DocTask):
        item.warnings[:0] = encoding_warnings(path, line_no, decoded)
    return item


def record_item(
    record: Any,
    path: str,
    number: int | None,
    default_id: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: DocIds,
    done: Container[str],
) -> Item:
    """A JSON record as a document, or why it cannot be one."""
    if not isinstance(record, dict):
        return InputError(
            path, f"record is {json_type(record)}, not an object", "bad_record", record=number
        )
    doc_id, warnings = record_id(record, path, number, default_id, options, ids)
    if doc_id in done:
        return Skipped(doc_id, path)
    try:
        text = record_text(record, options)
    except InputProblem as problem:
        return InputError(path, problem.reason, problem.kind, record=number, doc_id=doc_id)
    text, surrogates = replace_surrogates(text)
    if surrogates:
        reason = f"{surrogates} lone surrogate escape(s) replaced by U+FFFD (offsets unchanged)"
        warnings.append(
            InputError(path, reason, "surrogates", record=number, level="warning", doc_id=doc_id)
        )
    doc_date, date_warning = record_date(record, options)
    if date_warning:
        warnings.append(
            InputError(
                path, date_warning, "bad_record", record=number, level="warning", doc_id=doc_id
            )
        )
    return DocTask(
        doc_id=doc_id,
        path=path,
        text=text,
        doc_date=doc_date,
        record=number,
        source={**source, "record": number},
        warnings=warnings,
    )


def record_id(
    record: dict[str, Any],
    path: str,
    number: int | None,
    default_id: str,
    options: ReaderOptions,
    ids: DocIds,
) -> tuple[str, list[InputError]]:
    value = field_value(record, options.id_field)
    wanted = (
        str(value)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value)
        else default_id
    )
    doc_id, renamed = ids.for_record(replace_surrogates(wanted)[0])
    if not renamed:
        return doc_id, []
    reason = f"doc_id {wanted!r} seen before in this batch: renamed {doc_id!r}"
    return doc_id, [
        InputError(path, reason, "duplicate_id", record=number, level="warning", doc_id=doc_id)
    ]


def record_text(record: dict[str, Any], options: ReaderOptions) -> str:
    text = field_value(record, options.text_field)
    if text is MISSING:
        raise InputProblem("bad_record", f"no {options.text_field!r} field (set --text-field)")
    if not isinstance(text, str):
        raise InputProblem(
            "bad_record", f"{options.text_field!r} is {json_type(text)}, not a string"
        )
    if not text.strip():
        raise InputProblem("empty", f"{options.text_field!r} is empty or whitespace-only")
    if (
        len(text) > options.max_bytes // 4
        and len(text.encode("utf-8", "surrogatepass")) > options.max_bytes
    ):
        raise InputProblem("too_large", f"text longer than --max-bytes ({options.max_bytes} bytes)")
    return text


def record_date(record: dict[str, Any], options: ReaderOptions) -> tuple[str | None, str | None]:
    """An ISO date (YYYY-MM-DD, time dropped) or None, with a warning when one was given but unusable."""
    value = field_value(record, options.date_field)
    if value is MISSING or value is None or value == "":
        return None, None
    if isinstance(value, str) and ISO_DATE.match(value):
        return value[:10], None
    return (
        None,
        f"{options.date_field!r} {str(value)[:40]!r} is not an ISO date (YYYY-MM-DD): ignored",
    )


def field_value(record: dict[str, Any], name: str) -> Any:
    """A field by name, or by a dotted path into nested objects ('article.body'); else MISSING."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def read_limited(path: str, gzipped: bool, max_bytes: int, whole: str = "file") -> bytes:
    """A file's bytes (decompressed), refusing anything over max_bytes without reading it all."""
    with open_input(path, gzipped) as stream:
        if not gzipped:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise InputProblem(
                    "too_large", f"{whole} of {size} bytes is over --max-bytes ({max_bytes})"
                )
        try:
            data = stream.read(max_bytes + 1)
        except GZIP_ERRORS as error:
            raise gzip_or_os_problem(error, {"compressed": "gzip" if gzipped else None}) from None
    if len(data) > max_bytes:
        raise InputProblem(
            "too_large",
            f"{whole} is over --max-bytes ({max_bytes} bytes{' decompressed' if gzipped else ''})",
        )
    return data


@contextmanager
def open_input(path: str, gzipped: bool) -> Iterator[IO[bytes]]:
    """Open a regular file for reading; FIFOs, sockets and devices are refused unopened."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOCTTY", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InputProblem("unreadable", f"cannot open: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputProblem("not_regular", f"not a regular file ({file_type(mode)}): not read")
    with os.fdopen(fd, "rb") as raw:
        if not gzipped:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
            yield unzipped


def iter_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Lines of at most max_bytes; None stands for a longer line, which is skipped unread."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def refuse_binary_start(stream: IO[bytes]) -> None:
    """JSON Lines must be UTF-8 text: refuse a file whose first bytes are NULs or a UTF-16/32 BOM."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputProblem("undecodable", "JSON Lines in UTF-16/32: convert to UTF-8")
    if b"\x00" in head:
        raise InputProblem("binary", "contains NUL bytes: binary data, not JSON Lines")


def encoding_fields(decoded: Decoded) -> dict[str, Any]:
    fields: dict[str, Any] = {"encoding": decoded.encoding}
    if decoded.bom:
        fields["bom"] = True
    if decoded.guessed:
        fields["encoding_detected"] = True
    return fields


def encoding_warnings(path: str, record: int | None, decoded: Decoded) -> list[InputError]:
    if not decoded.guessed:
        return []
    how = "byte-order mark" if decoded.bom else "detected by charset-normalizer"
    reason = f"not UTF-8: decoded as {decoded.encoding} ({how})"
    return [InputError(path, reason, "encoding", record=record, level="warning")]


def gzip_or_os_problem(error: BaseException, source: dict[str, Any]) -> InputProblem:
    if source.get("compressed") and not isinstance(error, PermissionError):
        return InputProblem("corrupt_gzip", f"bad gzip data: {error}")
    return InputProblem("unreadable", f"read failed: {error}")


def describe_json_error(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)[:200]


def json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    return names.get(type(value), "a number")


def file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "directory"),
    ):
        if test(mode):
            return name
    return "special file"

"""Turning input files into documents to extract: one reader per format.

Plain text and Markdown are one document each, HTML one document whose main text the worker
extracts, JSON a record or a list of records, JSON Lines one record a line; any of them may be
gzipped. A bad file or record becomes an `InputError` in the stream and reading goes on.
Files are never opened unless they are regular files (a FIFO would block), never read past
`max_bytes` (a gzip bomb stops there), and JSON Lines are streamed line by line. A file or
list with no records at all is an `empty` error, not silence.

Each document's doc_id, resume key and content hash come from `identity`. With --resume a
document already in the output is `Skipped`, after the same warnings as when it was read
first, so that every run's errors file describes all its inputs.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from tradeextract.batch.decoding import Decoded, decode_bytes, replace_surrogates
from tradeextract.batch.discover import InputFile, split_suffixes
from tradeextract.batch.identity import (
    Identities,
    content_sha256,
    record_sha256,
    without_extension,
)
from tradeextract.batch.items import DocTask, ErrorKind, FileDone, InputError, Item, Skipped
from tradeextract.batch.problems import InputProblem
from tradeextract.limits import MAX_TEXT_CHARS
from tradeextract.normalise.periods import real_iso_date
from tradeextract.safe_files import NotRegularFile, open_regular

DEFAULT_MAX_BYTES = MAX_TEXT_CHARS  # what the pipeline takes (nlp.max_length)
MAX_BAD_LINES_PER_FILE = 1000
SNIFF_BYTES = 8192
GZIP_ERRORS = (OSError, EOFError, zlib.error)
MISSING: Any = object()  # a field the record does not have (null is a value)


@dataclass(frozen=True)
class ReaderOptions:
    """Where records keep their text, id and date, and how big one document may be."""

    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    max_bytes: int = DEFAULT_MAX_BYTES


def read_inputs(
    found: Iterable[InputFile | InputError],
    options: ReaderOptions,
    ids: Identities | None = None,
) -> Iterator[Item]:
    """Every document of every input in order, input errors in place, FileDone after each file.

    With `ids` seeded from an earlier output (--resume), documents already done are Skipped.
    """
    ids = ids if ids is not None else Identities()
    for entry in found:
        if isinstance(entry, InputError):
            yield entry
            continue
        yield from read_file(entry, options, ids)
        yield FileDone(entry.shown)


def read_file(file: InputFile, options: ReaderOptions, ids: Identities) -> Iterator[Item]:
    """The documents of one file, by its format; a problem with the whole file is one error."""
    _, fmt, gzipped = split_suffixes(file.name)
    source = {
        "path": file.shown,
        "format": fmt,
        "compressed": "gzip" if gzipped else None,
        "rel_path": ids.key_path(file),
    }
    try:
        if fmt == "json":
            yield from read_json_file(file, source, options, ids)
        elif fmt == "jsonl":
            yield from read_json_lines(file, source, options, ids)
        else:
            yield from read_document_file(file, source, options, ids)
    except InputProblem as problem:
        yield InputError(file.shown, problem.reason, problem.kind)


def read_document_file(
    file: InputFile, source: dict[str, Any], options: ReaderOptions, ids: Identities
) -> Iterator[Item]:
    """A text, Markdown or HTML file as one document (HTML is extracted later, in the worker)."""
    data = read_limited(file.path, source["compressed"] is not None, options.max_bytes)
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        raise InputProblem(
            "empty",
            "only whitespace: nothing to extract" if data else "empty file: nothing to extract",
        )
    sha256 = content_sha256(data)
    warnings = encoding_warnings(file.shown, None, decoded)
    found = ids.lookup((source["rel_path"], None), sha256)
    if found.status == "done":
        yield from warnings
        yield Skipped(min(found.doc_ids), file.shown)
        return
    doc_id = ids.for_file(file, reusable=found.doc_ids)
    if found.status == "changed":
        ids.replaces(doc_id, found)
        warnings.append(changed_warning(file.shown, None, doc_id))
    yield DocTask(
        doc_id=doc_id,
        path=file.shown,
        text=decoded.text,
        markup="html" if source["format"] == "html" else "text",
        source={**source, "input_sha256": sha256, **encoding_fields(decoded)},
        warnings=warnings,
    )


def read_json_file(
    file: InputFile, source: dict[str, Any], options: ReaderOptions, ids: Identities
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
    elif isinstance(parsed, list) and parsed:
        records = enumerate(parsed)
    elif isinstance(parsed, list):
        raise InputProblem("empty", "an empty list: no records to extract")
    else:
        raise InputProblem(
            "malformed_json",
            f"top level is {json_type(parsed)}: expected an object or a list of objects",
        )
    yield from encoding_warnings(file.shown, None, decoded)
    stem = without_extension(file.rel)
    for index, record in records:
        default_id = stem if index is None else f"{stem}:{index}"
        yield from record_items(record, file.shown, index, default_id, source, options, ids)


def read_json_lines(
    file: InputFile, source: dict[str, Any], options: ReaderOptions, ids: Identities
) -> Iterator[Item]:
    """A .jsonl file streamed line by line (numbered from 1); a bad line spoils only itself."""
    bad_lines = records = 0
    stem = without_extension(file.rel)
    with open_input(file.path, source["compressed"] is not None) as stream:
        try:
            refuse_binary_start(stream)
            for line_no, line in enumerate(iter_lines(stream, options.max_bytes), start=1):
                if line is not None and not line.strip():
                    continue
                records += 1
                for item in json_line_items(line, line_no, file.shown, stem, source, options, ids):
                    yield item
                    if isinstance(item, InputError) and item.level == "error":
                        bad_lines += 1
                if bad_lines >= MAX_BAD_LINES_PER_FILE:
                    raise InputProblem(
                        "malformed_json", f"{bad_lines} bad lines: gave up on the rest of the file"
                    )
        except GZIP_ERRORS as error:
            raise gzip_or_os_problem(error, source) from None
    if not records:
        raise InputProblem("empty", "no records, only blank lines or nothing: nothing to extract")


def json_line_items(
    line: bytes | None,
    line_no: int,
    path: str,
    stem: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: Identities,
) -> Iterator[Item]:
    """The document (or error) of one non-blank JSON Lines line, after its warnings."""
    if line is None:
        yield InputError(
            path,
            f"line longer than --max-bytes ({options.max_bytes} bytes)",
            "too_large",
            record=line_no,
        )
        return
    try:
        decoded = decode_bytes(line.rstrip(b"\r\n"))
        record = json.loads(decoded.text)
    except InputProblem as problem:
        yield InputError(path, problem.reason, problem.kind, record=line_no)
        return
    except (ValueError, RecursionError) as error:
        reason = f"not valid JSON: {describe_json_error(error)}"
        yield InputError(path, reason, "malformed_json", record=line_no)
        return
    yield from encoding_warnings(path, line_no, decoded)
    yield from record_items(record, path, line_no, f"{stem}:{line_no}", source, options, ids)


def record_items(
    record: Any,
    path: str,
    number: int | None,
    default_id: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: Identities,
) -> Iterator[Item]:
    """A JSON record as a document after its warnings, Skipped if done, or why it cannot be one."""
    if not isinstance(record, dict):
        reason = f"record is {json_type(record)}, not an object"
        yield InputError(path, reason, "bad_record", record=number)
        return
    wanted = wanted_id(record, default_id, options)
    try:
        text = record_text(record, options)
    except InputProblem as problem:
        yield InputError(path, problem.reason, problem.kind, record=number, doc_id=wanted)
        return
    sha256 = record_sha256(record)
    found = ids.lookup((source["rel_path"], number), sha256)
    if found.status == "done":
        doc_id = min(found.doc_ids)
        renamed = doc_id != wanted
    else:
        doc_id, renamed = ids.for_record(wanted, reusable=found.doc_ids)
    text, surrogates = replace_surrogates(text)
    doc_date, date_warning = record_date(record, options)

    def warning(reason: str, kind: ErrorKind) -> InputError:
        return InputError(path, reason, kind, record=number, level="warning", doc_id=doc_id)

    warnings = []
    if renamed:
        warnings.append(
            warning(
                f"doc_id {wanted!r} seen before in this batch: renamed {doc_id!r}", "duplicate_id"
            )
        )
    if surrogates:
        reason = f"{surrogates} lone surrogate escape(s) replaced by U+FFFD (offsets unchanged)"
        warnings.append(warning(reason, "surrogates"))
    if date_warning:
        warnings.append(warning(date_warning, "bad_record"))
    if found.status == "done":
        yield from warnings
        yield Skipped(doc_id, path)
        return
    if found.status == "changed":
        ids.replaces(doc_id, found)
        warnings.append(changed_warning(path, number, doc_id))
    yield DocTask(
        doc_id=doc_id,
        path=path,
        text=text,
        doc_date=doc_date,
        record=number,
        source={**source, "record": number, "input_sha256": sha256},
        warnings=warnings,
    )


def wanted_id(record: dict[str, Any], default_id: str, options: ReaderOptions) -> str:
    """The id a record gives (a non-empty string or an integer), else its default id."""
    value = field_value(record, options.id_field)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
        return replace_surrogates(str(value))[0]
    return default_id


def changed_warning(path: str, record: int | None, doc_id: str) -> InputError:
    reason = "changed since an earlier run extracted it: extracted again, its old record replaced"
    return InputError(path, reason, "changed", record=record, level="warning", doc_id=doc_id)


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
    date = real_iso_date(value) if isinstance(value, str) else None
    if date is not None:
        return date, None
    return (
        None,
        f"{options.date_field!r} {str(value)[:40]!r} is not a real date (YYYY-MM-DD): ignored",
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
    try:
        opened = open_regular(path)
    except NotRegularFile as error:
        raise InputProblem("not_regular", error.strerror) from None
    except OSError as error:
        raise InputProblem("unreadable", f"cannot open: {error.strerror or error}") from None
    with opened as raw:
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

"""JSON Lines files, streamed line by line: one record a line, a bad line spoils only itself.

A line over `max_bytes` is skipped unread, a UTF-16/32 or binary file is refused from its
first bytes, and a file with too many bad lines is given up on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from tradeextract.batch.decoding import decode_bytes
from tradeextract.batch.discover import InputFile
from tradeextract.batch.identity import Identities, without_extension
from tradeextract.batch.items import InputError, Item
from tradeextract.batch.problems import InputProblem
from tradeextract.batch.readers.reading import (
    GZIP_ERRORS,
    ReaderOptions,
    encoding_warnings,
    gzip_or_os_problem,
    open_input,
)
from tradeextract.batch.readers.records import describe_json_error, record_items

MAX_BAD_LINES_PER_FILE = 1000
SNIFF_BYTES = 8192


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

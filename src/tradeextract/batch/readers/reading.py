"""What every reader shares: the options, opening regular files within limits, decoding notes.

Files are opened only when regular and never read past `max_bytes`, gzipped or not; a gzip
or OS failure becomes an `InputProblem`. The encoding a file was decoded with goes into the
document's source and, when guessed, into a warning; so does a document changed since an
earlier run.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from tradeextract.batch.decoding import Decoded
from tradeextract.batch.items import InputError
from tradeextract.batch.problems import InputProblem
from tradeextract.limits import MAX_TEXT_CHARS
from tradeextract.safe_files import NotRegularFile, open_regular

DEFAULT_MAX_BYTES = MAX_TEXT_CHARS  # what the pipeline takes (nlp.max_length)
GZIP_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class ReaderOptions:
    """Where records keep their text, id and date, and how big one document may be."""

    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    max_bytes: int = DEFAULT_MAX_BYTES


def changed_warning(path: str, record: int | None, doc_id: str) -> InputError:
    reason = "changed since an earlier run extracted it: extracted again, its old record replaced"
    return InputError(path, reason, "changed", record=record, level="warning", doc_id=doc_id)


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

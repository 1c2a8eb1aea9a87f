"""What flows through a batch: documents to extract, input errors, and end-of-file marks.

Readers produce these in input order; the pool keeps that order; writers consume it.
They are plain picklable dataclasses because documents cross process boundaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

ErrorKind = Literal[
    "not_found",  # the path vanished or a symlink points nowhere
    "symlink_loop",  # a symlink that leads back to itself or to a folder being walked
    "unreadable",  # permission denied or another OS error while reading
    "not_regular",  # a FIFO, socket or device: never opened for reading
    "too_large",  # over --max-bytes (after decompression for .gz)
    "corrupt_gzip",  # not a valid or complete gzip stream
    "binary",  # NUL bytes or control characters: not text
    "undecodable",  # no text encoding fits the bytes
    "encoding",  # warning: decoded from an encoding other than UTF-8
    "surrogates",  # warning: lone surrogates replaced by U+FFFD
    "empty",  # nothing but whitespace
    "malformed_json",  # a JSON document or JSON Lines line that does not parse
    "bad_record",  # a JSON record without a usable text field
    "duplicate_id",  # warning: a doc_id seen before was made unique
    "duplicate_file",  # warning: a file or folder reached again by another path: read once
    "changed",  # warning (--resume): changed since it was extracted: extracted again
    "no_text",  # an HTML page with no text to extract
    "timeout",  # extraction took longer than --timeout
    "extract_failed",  # the extractor raised an exception
    "worker_crashed",  # the worker process died while extracting
]
Level = Literal["error", "warning"]


@dataclass
class InputError:
    """One problem with one input; written as a line of the errors file."""

    path: str
    reason: str
    kind: ErrorKind
    record: int | None = None
    level: Level = "error"
    doc_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "record": self.record,
            "doc_id": self.doc_id,
            "reason": self.reason,
            "kind": self.kind,
            "level": self.level,
        }


@dataclass
class DocTask:
    """One document to extract; `markup` is 'html' when `text` still needs main-text extraction."""

    doc_id: str
    path: str
    text: str
    doc_date: str | None = None
    record: int | None = None
    markup: Literal["text", "html"] = "text"
    source: dict[str, Any] = field(default_factory=dict)
    warnings: list[InputError] = field(default_factory=list)


@dataclass
class DocResult:
    """A finished document as its output line, serialised in the worker: the main process
    only writes it, so with --jobs 2 it takes little CPU from the workers."""

    doc_id: str
    path: str
    line: str  # the spec's document object as one JSON line, without the newline
    claims: int = 0

    @classmethod
    def of(cls, doc_id: str, path: str, record: dict[str, Any]) -> DocResult:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        return cls(doc_id, path, line, len(record.get("claims") or []))

    @property
    def record(self) -> dict[str, Any]:
        return json.loads(self.line)


@dataclass
class FileDone:
    """Marks that every document of one input file has been handed on (drives progress)."""

    path: str


@dataclass
class Skipped:
    """A document already in the output (`--resume`), counted but not extracted again."""

    doc_id: str
    path: str


Item = DocTask | InputError | FileDone | Skipped
Outcome = DocResult | InputError | FileDone | Skipped

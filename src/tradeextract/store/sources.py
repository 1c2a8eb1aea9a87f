"""Reading extraction output back: documents JSON Lines files and folders of them, and the
text a document's offsets refer to when the record does not carry it.

A problem with a line or a file is a `LoadProblem` in the stream, and reading goes on with the
next line: nothing is dropped without a word.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from pydantic import ValidationError

from tradeextract.model import Document

DOCUMENT_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
ERRORS_SUFFIX = ".errors.jsonl"


@dataclass(frozen=True)
class LoadProblem:
    """A line or file that is not a tradeextract document: where, and why."""

    path: str
    reason: str
    line: int | None = None

    def describe(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class ProblemCounter:
    """Passes documents on; says each problem on stderr as it comes, and counts them."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.count = 0

    def documents(self, found: Iterable[dict[str, Any] | LoadProblem]) -> Iterator[dict[str, Any]]:
        for item in found:
            if isinstance(item, LoadProblem):
                self.count += 1
                print(f"{self.command}: {item.describe()}", file=sys.stderr)
            else:
                yield item


def is_documents_name(name: str) -> bool:
    """A file a batch writes documents to (and not the errors file beside it)."""
    lowered = name.lower()
    return lowered.endswith(DOCUMENT_SUFFIXES) and not lowered.endswith(ERRORS_SUFFIX)


def documents_files(paths: Iterable[str]) -> Iterator[str | LoadProblem]:
    """Files named, and the documents files found in folders named (sorted, recursively)."""
    for path in paths:
        if os.path.isdir(path):
            found = sorted(documents_in_folder(path))
            if not found:
                yield LoadProblem(
                    path,
                    "no claims JSON Lines files (*.jsonl) in this folder; to extract articles, "
                    "run `tradeextract extract FOLDER --db DB`",
                )
            yield from found
        elif os.path.isfile(path):
            yield path
        else:
            yield LoadProblem(path, "no such file or folder")


def documents_in_folder(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            if is_documents_name(name):
                yield os.path.join(root, name)


def read_documents(paths: Iterable[str]) -> Iterator[dict[str, Any] | LoadProblem]:
    """Every document record of every file, problems in place."""
    for found in documents_files(paths):
        if isinstance(found, LoadProblem):
            yield found
        else:
            yield from read_documents_file(found)


def read_documents_file(path: str) -> Iterator[dict[str, Any] | LoadProblem]:
    """The records of one JSON Lines file, each checked against the document model."""
    try:
        with open_text(path) as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield parse_document(line, path, number)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        yield LoadProblem(path, f"cannot read: {getattr(error, 'strerror', None) or error}")


def open_text(path: str) -> IO[str]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def parse_document(line: str, path: str, number: int) -> dict[str, Any] | LoadProblem:
    try:
        record = json.loads(line)
    except ValueError as error:
        return LoadProblem(path, f"not valid JSON: {error}", number)
    problem = document_problem(record)
    return LoadProblem(path, problem, number) if problem else record


def document_problem(record: Any) -> str | None:
    """Why a JSON value is not a tradeextract document, or None."""
    if not isinstance(record, dict) or "doc_id" not in record or "claims" not in record:
        return "not a tradeextract document (an object with doc_id and claims)"
    try:
        Document.model_validate(record)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"not a tradeextract document: {where}: {first['msg']}"
    return None


def first_record(path: str) -> Any:
    """The first JSON value of a JSON Lines file, or None (to tell documents from articles)."""
    try:
        with open_text(path) as stream:
            for line in stream:
                if line.strip():
                    return json.loads(line)
    except (OSError, EOFError, UnicodeDecodeError, ValueError):
        return None
    return None


def is_documents_file(path: str) -> bool:
    """A JSON Lines file of extracted documents (not one of articles to extract)."""
    if not os.path.isfile(path) or not is_documents_name(os.path.basename(path)):
        return False
    return document_problem(first_record(path)) is None


class TextRecovery:
    """The text of a record without one, read again from its source file the way the batch
    read it; given only when its SHA-256 is the record's `text_sha256`.

    The last file's documents are kept, so the records of one JSON Lines file cost one read.
    """

    def __init__(self) -> None:
        self.path: str | None = None
        self.tasks: dict[int | None, Any] = {}

    def text_of(self, record: dict[str, Any]) -> str | None:
        if isinstance(record.get("text"), str):
            return record["text"]
        source = record.get("source") or {}
        path, wanted = source.get("path"), source.get("text_sha256")
        if not isinstance(path, str) or not wanted or not os.path.isfile(path):
            return None
        task = self._tasks(path).get(source.get("record"))
        text = task_text(task) if task is not None else None
        return text if text is not None and sha256_text(text) == wanted else None

    def _tasks(self, path: str) -> dict[int | None, Any]:
        if path != self.path:
            self.path, self.tasks = path, read_tasks(path)
        return self.tasks


def read_tasks(path: str) -> dict[int | None, Any]:
    """The documents the batch reader makes of a file, by record index."""
    from tradeextract.batch.discover import InputFile
    from tradeextract.batch.identity import Identities
    from tradeextract.batch.items import DocTask
    from tradeextract.batch.readers import ReaderOptions, read_file

    file = InputFile(path, os.path.basename(path), root=path)
    items = read_file(file, ReaderOptions(), Identities())
    return {item.record: item for item in items if isinstance(item, DocTask)}


def task_text(task: Any) -> str | None:
    if task.markup != "html":
        return task.text
    from tradeextract.batch.worker import html_main_text

    try:
        return html_main_text(task.text)[0]
    except Exception:  # a page trafilatura chokes on now: no text, as when it could not be read
        return None


def sha256_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

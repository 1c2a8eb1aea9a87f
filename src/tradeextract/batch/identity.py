"""Who a document is: its doc_id in the output, and its key and content hash for --resume.

A file's doc_id is its path below the PATH that was named, without the format extension: `a`
for `a.txt` at the top of the folder (the spec's "file name without the extension", which is
what the evaluator pairs gold with), `sub/a` below it; a file named as a PATH is its own
root, so its id is its stem. A JSON record's id is the one it gives, else `file:N`. None of
these depends on which other files exist. Only two documents that would share an id (`a.txt`
beside `a.md`, one name under two PATHs, a record id given twice) are told apart: the later
file takes its path as shown (`news/a`), the later record a number (`id#2`).

For --resume a document is known by its key - its path below its PATH (as shown, if another
PATH of the run gives the same) and its record number - and the SHA-256 of what it was read
from. A key and hash already in the output are done; a key there with another hash has
changed: it is extracted again, its earlier record's doc_id is free for it, and that record
is removed from the output at the end of the run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

from tradeextract.batch.discover import InputFile, split_suffixes

DocKey = tuple[str, "int | None"]  # (path below its PATH, record number or None)


@dataclass(frozen=True)
class DoneRecord:
    """A document already in the output: its key, content hash and doc_id."""

    key: DocKey
    sha256: str
    doc_id: str


@dataclass(frozen=True)
class Lookup:
    """What --resume knows of a document: new, done (under `doc_ids`) or changed (its earlier
    records under `doc_ids`, which it may take again)."""

    status: Literal["new", "done", "changed"]
    doc_ids: frozenset[str] = frozenset()
    replaced: frozenset[tuple[DocKey, str]] = frozenset()  # changed: (key, hash) of earlier ones


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_sha256(record: Any) -> str:
    """The hash of a JSON record as canonical JSON: the same however its file is laid out."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return content_sha256(canonical.encode("ascii"))


def without_extension(path: str) -> str:
    """`sub/a` for `sub/a.txt` or `sub/a.jsonl.gz`; a name with an unknown extension keeps it."""
    return split_suffixes(path)[0]


@dataclass
class Identities:
    """The doc_ids and keys of one run, seeded with the records an earlier run wrote.

    `stale` holds the (key, hash) of earlier records to remove from the output: those of a
    changed document once its new record is written (`written`), until then in `replacing`.
    """

    done: dict[DocKey, dict[str, str]] = field(default_factory=dict)  # key -> {sha: doc_id}
    taken: set[str] = field(default_factory=set)
    key_paths: set[str] = field(default_factory=set)
    stale: set[tuple[DocKey, str]] = field(default_factory=set)
    replacing: dict[str, set[tuple[DocKey, str]]] = field(default_factory=dict)

    @classmethod
    def resuming(cls, records: Iterable[DoneRecord]) -> Identities:
        identities = cls()
        for record in records:
            identities.done.setdefault(record.key, {})[record.sha256] = record.doc_id
            identities.taken.add(record.doc_id)
        return identities

    def key_path(self, file: InputFile) -> str:
        """The path of a file's keys: below its PATH, or as shown if another PATH gave that."""
        path = file.rel if file.rel not in self.key_paths else file.shown
        self.key_paths.add(path)
        return path

    def lookup(self, key: DocKey, sha256: str) -> Lookup:
        """Whether a document is in the output already, and under which doc_id."""
        earlier = self.done.pop(key, None)
        if not earlier:
            return Lookup("new")
        doc_id = earlier.pop(sha256, None)
        if doc_id is not None:  # other versions: left by a kill before they were removed
            self.stale.update((key, old) for old in earlier)
            return Lookup("done", frozenset({doc_id}))
        replaced = frozenset((key, old) for old in earlier)
        return Lookup("changed", frozenset(earlier.values()), replaced)

    def replaces(self, doc_id: str, found: Lookup) -> None:
        """A changed document, `doc_id` now, replaces its earlier records once it is written."""
        if found.replaced:
            self.replacing[doc_id] = set(found.replaced)

    def written(self, doc_id: str) -> None:
        """A document's record is in the output: the records it replaces are stale now."""
        self.stale.update(self.replacing.pop(doc_id, ()))

    def for_file(self, file: InputFile, reusable: frozenset[str] = frozenset()) -> str:
        """A file's doc_id: its path below its PATH, else as shown, else numbered."""
        shown = PurePath(file.shown).as_posix()
        for candidate in (without_extension(file.rel), without_extension(shown), shown):
            if candidate not in self.taken or candidate in reusable:
                self.taken.add(candidate)
                return candidate
        return self._numbered(shown)

    def for_record(self, wanted: str, reusable: frozenset[str] = frozenset()) -> tuple[str, bool]:
        """A record's id as given, or numbered `id#2`, `id#3`... when taken (True)."""
        if wanted not in self.taken or wanted in reusable:
            self.taken.add(wanted)
            return wanted, False
        return self._numbered(wanted), True

    def _numbered(self, base: str) -> str:
        number = 2
        while f"{base}#{number}" in self.taken:
            number += 1
        self.taken.add(f"{base}#{number}")
        return f"{base}#{number}"

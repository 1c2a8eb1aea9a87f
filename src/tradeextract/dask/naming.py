"""doc_ids across partitions: the same as the local batch gives, although no worker sees them all.

A doc_id depends on every document before it (`a.txt` beside `a.md`, a record id given twice:
the later one is told apart; see `batch.identity`). So each partition is first read on a
worker without extracting anything, noting every id it asks for, in order (`IdRecorder`);
the client replays those requests through one `Identities`, partition after partition, which
gives each document exactly the id the local batch would; then the partition is read again
and extracted, taking the ids it was given (`AssignedIds`). Reading is a few percent of the
cost of extraction. A file that changed between the two readings gets an error, not an id
that might be someone else's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tradeextract.batch.discover import InputFile
from tradeextract.batch.identity import Identities, without_extension
from tradeextract.batch.problems import InputProblem

IdRequest = tuple[str, str]  # ("file", path shown) or ("record", id wanted)
Requests = dict[str, list[IdRequest]]  # by file, as shown
Assigned = dict[str, list[str]]  # by file, as shown: the doc_ids of its requests, in order


@dataclass
class IdRecorder(Identities):
    """Notes the id requests of one partition's reading and answers them provisionally."""

    fixed_key_paths: dict[str, str] = field(default_factory=dict)  # shown -> resume key path
    requests: Requests = field(default_factory=dict)
    current: str = ""

    def key_path(self, file: InputFile) -> str:
        """Called first for every file read: the key path the client planned for it."""
        self.current = file.shown
        self.requests.setdefault(file.shown, [])
        return self.fixed_key_paths[file.shown]

    def for_file(self, file: InputFile, reusable: frozenset[str] = frozenset()) -> str:
        self.requests[self.current].append(("file", file.shown))
        return without_extension(file.rel)

    def for_record(self, wanted: str, reusable: frozenset[str] = frozenset()) -> tuple[str, bool]:
        self.requests[self.current].append(("record", wanted))
        return wanted, False


@dataclass
class AssignedIds(Identities):
    """Answers a partition's id requests with the doc_ids the client settled, checking that
    each request is the one the first reading made."""

    fixed_key_paths: dict[str, str] = field(default_factory=dict)
    requests: Requests = field(default_factory=dict)
    assigned: Assigned = field(default_factory=dict)
    current: str = ""
    position: int = 0

    def key_path(self, file: InputFile) -> str:
        self.current, self.position = file.shown, 0
        return self.fixed_key_paths[file.shown]

    def for_file(self, file: InputFile, reusable: frozenset[str] = frozenset()) -> str:
        return self._next(("file", file.shown))

    def for_record(self, wanted: str, reusable: frozenset[str] = frozenset()) -> tuple[str, bool]:
        doc_id = self._next(("record", wanted))
        return doc_id, doc_id != wanted

    def _next(self, request: IdRequest) -> str:
        expected = self.requests.get(self.current, [])
        if self.position >= len(expected) or tuple(expected[self.position]) != request:
            raise InputProblem(
                "unreadable", "changed while the run read it: extract it again (--resume)"
            )
        doc_id = self.assigned[self.current][self.position]
        self.position += 1
        return doc_id


def key_paths_of(files: Iterable[InputFile], key_paths: Iterable[str]) -> dict[str, str]:
    return {file.shown: key for file, key in zip(files, key_paths, strict=True)}


class IdLedger:
    """The client's one `Identities`, fed each partition's requests in input order."""

    def __init__(self) -> None:
        self.ids = Identities()

    def assign(self, files: Iterable[InputFile], requests: Requests) -> Assigned:
        """The doc_ids of one partition's requests; call for partitions in input order."""
        assigned: Assigned = {}
        for file in files:
            ids = assigned[file.shown] = []
            for kind, value in requests.get(file.shown, []):
                if kind == "file":
                    ids.append(self.ids.for_file(file))
                else:
                    ids.append(self.ids.for_record(value)[0])
        return assigned

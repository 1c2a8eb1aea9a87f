"""Reading every input in order: each file goes to the reader of its format.

Input errors found earlier stay in their place in the stream, a `FileDone` follows each
file, and a problem with a whole file becomes one `InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tradeextract.batch.discover import InputFile, split_suffixes
from tradeextract.batch.identity import Identities
from tradeextract.batch.items import FileDone, InputError, Item
from tradeextract.batch.problems import InputProblem
from tradeextract.batch.readers.documents import read_document_file
from tradeextract.batch.readers.json_file import read_json_file
from tradeextract.batch.readers.json_lines import read_json_lines
from tradeextract.batch.readers.reading import ReaderOptions


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

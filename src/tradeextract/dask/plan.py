"""Which files go into which partition, and what makes a finished partition still valid.

The client walks the inputs once, with the local batch's `Discovery` (same order, same
--glob and --max-files, the same errors for missing files and symlink loops), and cuts the
ordered files into partitions of `files_per_partition`. A partition is the unit of work, of
output (one Parquet part) and of --resume. Its fingerprint covers its files (path, resume
key, size, modification time) and every setting that changes what is extracted, so a
partition whose files or settings changed is done again. Cutting by input order keeps the
partitions before a change (or before files added at the end) as they were.

Workers may run elsewhere, with another working folder: files are sent with absolute paths
and still shown (in `path` columns, doc_ids and errors) as the PATH arguments named them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection
from dataclasses import dataclass, field

from tradeextract.batch.discover import Discovery, FileKey, InputFile
from tradeextract.batch.identity import Identities
from tradeextract.batch.items import InputError
from tradeextract.batch.readers import ReaderOptions

DEFAULT_FILES_PER_PARTITION = 64


@dataclass(frozen=True)
class Settings:
    """What a worker needs besides the files: how to read them and which extractor to load."""

    reader: ReaderOptions
    extractor: str
    pipeline: str | None = None

    def fingerprint_fields(self) -> dict[str, object]:
        import tradeextract

        return {
            "reader": [
                self.reader.text_field,
                self.reader.id_field,
                self.reader.date_field,
                self.reader.max_bytes,
            ],
            "extractor": self.extractor,
            "pipeline": self.pipeline,
            "version": tradeextract.__version__,
        }


@dataclass(frozen=True)
class Partition:
    """A stretch of the discovered inputs: files, and discovery errors in their places;
    `key_paths[i]` is the i-th file's resume key path, as the local batch gives it."""

    index: int
    entries: tuple[InputFile | InputError, ...]
    key_paths: tuple[str, ...]
    fingerprint: str

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    @property
    def files(self) -> list[InputFile]:
        return [entry for entry in self.entries if isinstance(entry, InputFile)]


@dataclass
class Plan:
    partitions: list[Partition] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)  # discovery errors when no file at all
    limited: bool = False  # --max-files cut the inputs short

    @property
    def files(self) -> int:
        return sum(len(partition.files) for partition in self.partitions)


def plan_partitions(
    paths: list[str],
    settings: Settings,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    glob: str | None = None,
    max_files: int | None = None,
    exclude: Collection[FileKey] = (),
) -> Plan:
    """Discover the inputs and cut them into partitions (nothing is read, files are stat'ed).

    A partition ends before the file that would make it one too many; discovery errors stay
    in their place among the files, those after the last file in the last partition.
    """
    discovery = Discovery(paths, glob=glob, exclude=exclude, max_files=max_files)
    keys = Identities()
    stretches: list[list[InputFile | InputError]] = [[]]
    files_in_last = 0
    for found in discovery:
        if isinstance(found, InputFile):
            if files_in_last == files_per_partition:
                stretches.append([])
                files_in_last = 0
            files_in_last += 1
            stretches[-1].append(absolute(found))
        else:
            stretches[-1].append(found)
    plan = Plan(limited=discovery.limited)
    for entries in stretches:
        if any(isinstance(entry, InputFile) for entry in entries):
            plan.partitions.append(make_partition(len(plan.partitions), entries, keys, settings))
        else:
            plan.errors.extend(entry for entry in entries if isinstance(entry, InputError))
    return plan


def make_partition(
    index: int, entries: list[InputFile | InputError], keys: Identities, settings: Settings
) -> Partition:
    files = [entry for entry in entries if isinstance(entry, InputFile)]
    key_paths = tuple(keys.key_path(file) for file in files)
    return Partition(
        index=index,
        entries=tuple(entries),
        key_paths=key_paths,
        fingerprint=fingerprint(files, key_paths, settings),
    )


def absolute(file: InputFile) -> InputFile:
    """The file opened by absolute path (workers have their own working folder), shown as given."""
    return InputFile(
        path=os.path.abspath(file.path),
        rel=file.rel,
        root=os.path.abspath(file.root),
        shown_as=file.shown,
    )


def fingerprint(files: list[InputFile], key_paths: tuple[str, ...], settings: Settings) -> str:
    """What a finished partition was made from: a change to any of it makes it stale."""
    entries = []
    for file, key_path in zip(files, key_paths, strict=True):
        try:
            st = os.stat(file.path)
            stamp: list[int] = [st.st_size, st.st_mtime_ns]
        except OSError:
            stamp = []
        entries.append([file.shown, key_path, *stamp])
    text = json.dumps({"settings": settings.fingerprint_fields(), "files": entries}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

"""The output folder of a Dask run: one Parquet part per partition, and a record of each.

    OUT/part-00000.parquet     claims of partition 0 (the columns of `--format parquet`)
    OUT/_done/part-00000.json  written after its part: fingerprint, counts, doc_ids, errors
    OUT/errors.jsonl           every error and warning of the run, in input order (default)

Workers write the part and then its record, each to a temporary file renamed into place, so
a part is complete or absent and a record exists only for a complete part: a partition is
finished when its record is there with the fingerprint it has now (`--resume` skips it). The
record keeps the partition's id requests, doc_ids and errors, so a resumed run still knows
every document's id and lists every problem of every input. A part with no claims is still
written (with the columns, no rows): every partition has its part.

The folder holds nothing else: a folder with other files is refused (nothing here removes a
file it did not write), and a lock file keeps two runs from writing one folder at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeextract.batch.items import InputError
from tradeextract.batch.problems import UsageError

DONE_FOLDER = "_done"
ERRORS_NAME = "errors.jsonl"
LOCK_NAME = ".tradeextract.lock"
PART = re.compile(r"part-(\d{5,})\.parquet")
RECORD = re.compile(r"part-(\d{5,})\.json")
TEMPORARY = re.compile(r".*\.partial-[0-9a-f]+\.tmp")


def part_path(folder: str, index: int) -> str:
    return os.path.join(folder, f"part-{index:05d}.parquet")


def record_path(folder: str, index: int) -> str:
    return os.path.join(folder, DONE_FOLDER, f"part-{index:05d}.json")


@dataclass
class PartitionRecord:
    """What a finished partition produced; written beside its part, returned to the client."""

    index: int
    fingerprint: str
    files: int = 0
    documents: int = 0
    claims: int = 0
    requests: dict[str, list[list[str]]] = field(default_factory=dict)
    doc_ids: dict[str, list[str]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)  # InputError.to_json()

    def input_errors(self) -> list[InputError]:
        return [InputError(**error) for error in self.errors]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PartitionRecord:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def write_atomically(path: str, write: Any) -> None:
    """`write(temporary_path)`, then rename into place: the file is whole or absent."""
    temporary = f"{path}.partial-{uuid.uuid4().hex}.tmp"
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def write_record(folder: str, record: PartitionRecord) -> None:
    path = record_path(folder, record.index)
    os.makedirs(os.path.dirname(path), exist_ok=True)

    def write(target: str) -> None:
        with open(target, "w", encoding="utf-8") as stream:
            json.dump(record.__dict__, stream, ensure_ascii=False)

    write_atomically(path, write)


def read_record(folder: str, index: int) -> PartitionRecord | None:
    """A partition's record, or None if it has none (or its part is missing)."""
    if not os.path.exists(part_path(folder, index)):
        return None
    try:
        with open(record_path(folder, index), encoding="utf-8") as stream:
            return PartitionRecord.from_json(json.load(stream))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------- the folder as a whole


def own_entries(folder: str) -> Iterator[str]:
    """Every file and folder below `folder`, relative; only called on folders that exist."""
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            yield os.path.relpath(os.path.join(root, name), folder)


def is_ours(relative: str) -> bool:
    parts = Path(relative).parts
    name = parts[-1]
    if len(parts) == 1:
        return bool(
            PART.fullmatch(name)
            or TEMPORARY.fullmatch(name)
            or name in (DONE_FOLDER, LOCK_NAME, ERRORS_NAME)
        )
    return (
        len(parts) == 2
        and parts[0] == DONE_FOLDER
        and bool(RECORD.fullmatch(name) or TEMPORARY.fullmatch(name))
    )


def check_folder(folder: str) -> None:
    """OUT must be a folder (or not exist yet) holding only what a Dask run writes."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError(f"-o {folder} is a file: --engine dask writes a folder of Parquet parts")
    if not os.path.isdir(folder):
        return
    foreign = sorted(entry for entry in own_entries(folder) if not is_ours(entry))
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise UsageError(
            f"-o {folder} holds files tradeextract did not write ({shown}): "
            "give a new or empty folder"
        )


def existing_files(folder: str) -> list[str]:
    """The files in OUT now (to leave out of the inputs if OUT lies in an input folder)."""
    if not os.path.isdir(folder):
        return []
    return [os.path.join(folder, entry) for entry in own_entries(folder)]


def part_indices(folder: str) -> list[int]:
    if not os.path.isdir(folder):
        return []
    return sorted(int(m.group(1)) for name in os.listdir(folder) if (m := PART.fullmatch(name)))


def remove_partition(folder: str, index: int) -> None:
    """A partition's record first, then its part: never a record without its part."""
    for path in (record_path(folder, index), part_path(folder, index)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def remove_temporaries(folder: str) -> None:
    """What killed runs left half-written (the lock says no other run is writing here)."""
    for relative in existing_files(folder):
        if TEMPORARY.fullmatch(os.path.basename(relative)):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(relative)


@contextlib.contextmanager
def folder_lock(folder: str) -> Iterator[None]:
    """Hold OUT/.tradeextract.lock for the run; a lock left by a dead process on this machine
    is taken over, one held by a live one (or another machine's) is a usage error."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, LOCK_NAME)
    owner = f"{socket.gethostname()} {os.getpid()}"
    while True:
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if not stale_lock(path):
                raise UsageError(
                    f"-o {folder} is being written by another run ({lock_owner(path)}); "
                    f"if none is running, remove {path}"
                ) from None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            continue
        with os.fdopen(descriptor, "w") as stream:
            stream.write(owner + "\n")
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def lock_owner(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read().strip() or "unknown"
    except OSError:
        return "unknown"


def stale_lock(path: str) -> bool:
    """A lock written on this machine by a process that no longer exists."""
    host, _, pid = lock_owner(path).rpartition(" ")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    from tradeextract.batch.writers import process_alive

    return not process_alive(int(pid))

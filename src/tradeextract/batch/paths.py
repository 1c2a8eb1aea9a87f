"""Where a run writes, checked against where it reads before any file is opened.

An output (-o, or the errors file) must not be one of the inputs: not the same path, not a
symlink or hard link to an input, not a file that a folder being read would yield - unless
it is recognisably an earlier output of this tool, which is then left out of the inputs, as
always. The output and the errors file must be two files. Only when every output can be
written (each is opened without truncating it) may the run begin, so a usage error never
costs a byte of an earlier output.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from collections.abc import Iterable

from tradeextract.batch.discover import Discovery, InputFile, file_key
from tradeextract.batch.problems import UsageError
from tradeextract.batch.writers import COLUMNS, temporary_path
from tradeextract.safe_files import read_regular

HEAD_BYTES = 65536
OutputPath = tuple[str, str]  # (the option that named it, the path)


def check_output_paths(
    outputs: list[OutputPath], inputs: Discovery, fmt: str, resume: bool
) -> None:
    """Refuse outputs that are folders, special files where a file is needed, the same file
    twice, or inputs; `inputs` is walked only if an output exists already."""
    for flag, path in outputs:
        check_output_kind(flag, path, fmt if flag == "-o" else "jsonl", resume and flag == "-o")
    for (flag_a, path_a), (flag_b, path_b) in itertools.combinations(outputs, 2):
        if same_file(path_a, path_b):
            raise UsageError(
                f"{flag_a} {path_a} and {flag_b} {path_b} are the same file: give two files"
            )
    check_not_inputs(outputs, inputs)


def check_output_kind(flag: str, path: str, fmt: str, resume: bool) -> None:
    if os.path.isdir(path):
        raise UsageError(f"{flag} {path} is a folder: give a file name")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # to be created
    if not stat.S_ISREG(mode) and (fmt == "parquet" or resume):
        what = "replaced by a new file" if fmt == "parquet" else "resumed"
        raise UsageError(f"{flag} {path} is not a regular file: it cannot be {what}")


def same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    key = file_key(a)
    return key is not None and key == file_key(b)


def check_not_inputs(outputs: list[OutputPath], inputs: Discovery) -> None:
    """An existing output must not be an input, unless a folder yields it and it is ours."""
    existing = {key: output for output in outputs if (key := file_key(output[1])) is not None}
    if not existing:
        return  # a file that does not exist yet cannot be an input
    for found in inputs:
        if not isinstance(found, InputFile):
            continue
        hit = existing.get(file_key(found.path))  # type: ignore[arg-type]
        if hit is None:
            continue
        flag, path = hit
        if found.explicit:
            raise UsageError(
                f"{flag} {path} is also an input (PATH {found.shown}): writing it would destroy it"
            )
        if not looks_like_own_output(path):
            raise UsageError(
                f"{flag} {path} would overwrite {found.shown}, an input in {found.root} that "
                "tradeextract did not write: choose another output file"
            )


def looks_like_own_output(path: str) -> bool:
    """Whether an existing file is an output or errors file of `tradeextract extract` (or empty,
    with nothing to lose), by the first bytes its writers always write."""
    try:
        head = read_regular(path, HEAD_BYTES)[:HEAD_BYTES]
    except OSError:
        return False
    if not head:
        return True
    if head.startswith(b'{"doc_id":'):
        return b'"source":{"path":' in head
    if head.startswith(b'{"path": '):
        return b'"kind": ' in head and b'"level": ' in head
    if head.startswith(b"PAR1"):
        return parquet_columns(path)[:2] == list(COLUMNS[:2])
    return head.startswith(",".join(COLUMNS[:4]).encode() + b",")


def parquet_columns(path: str) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception:
        return []


def ensure_writable(outputs: list[OutputPath], fmt: str) -> None:
    """Create each output's folder and open each output without truncating it (a Parquet
    output: a temporary file beside it); UsageError, and nothing left behind, if one fails."""
    created: list[str] = []
    try:
        for flag, path in outputs:
            folder = os.path.dirname(os.path.abspath(path))
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as error:
                raise UsageError(
                    f"cannot write {path}: cannot create folder {folder}: {error.strerror or error}"
                ) from None
            probe = temporary_path(path) if flag == "-o" and fmt == "parquet" else path
            try:
                created += open_without_truncating(probe, remove=probe != path)
            except OSError as error:
                raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    except UsageError:
        remove_all(created)
        raise


def open_without_truncating(path: str, remove: bool) -> list[str]:
    """Open `path` for writing and close it again; the paths this created (to undo)."""
    existed = os.path.lexists(path)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)  # a FIFO: refuse, not block
    os.close(os.open(path, flags, 0o666))
    if remove:
        os.unlink(path)
        return []
    return [] if existed else [path]


def remove_all(paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)

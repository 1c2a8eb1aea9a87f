"""Finding input files: explicit files as given, folders walked recursively in sorted order.

Nothing is read here. Symlinks are followed, but one that leads back into a folder being
walked (or to itself) is reported as a loop instead of being walked forever. A file or folder
reached a second time (PATHs that overlap, a link to something already walked, a hard link)
is read once: the later path is a `duplicate_file` warning. The batch's own output files are
never taken as inputs.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from tradeextract.batch.items import InputError

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html": "html", ".htm": "html"}
JSON_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS: dict[str, str] = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **JSON_SUFFIXES}
COMPRESSED_SUFFIXES = (".gz",)

FileKey = tuple[int, int]


@dataclass(frozen=True)
class InputFile:
    """A file to read: `path` as shown in the output, `rel` its path below the PATH argument
    `root` (a file named as a PATH is its own root: `rel` is its name)."""

    path: str
    rel: str
    root: str = ""
    shown_as: str | None = None  # the path as given, where `path` was made absolute (Dask workers)

    @property
    def name(self) -> str:
        return display_path(os.path.basename(self.path))

    @property
    def explicit(self) -> bool:
        """Named on the command line itself, not found in a folder."""
        return self.path == self.root

    @property
    def shown(self) -> str:
        """The path as written to the output: always encodable as UTF-8."""
        return display_path(self.shown_as if self.shown_as is not None else self.path)


def display_path(path: str) -> str:
    """A file name's undecodable bytes (kept by Python as lone surrogates) as `\\xff` escapes.

    Outputs are UTF-8, which cannot hold lone surrogates; the real path is still used to open.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def split_suffixes(name: str) -> tuple[str, str, bool]:
    """(stem, format, gzipped) of a file name; format 'text' for unknown extensions."""
    lower = name.lower()
    gzipped = lower.endswith(COMPRESSED_SUFFIXES)
    if gzipped:
        name, lower = name[:-3], lower[:-3]
    suffix = os.path.splitext(lower)[1]
    if suffix in FORMATS:
        return name[: -len(suffix)], FORMATS[suffix], gzipped
    return name, "text", gzipped


def is_supported(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(COMPRESSED_SUFFIXES):
        lower = lower[:-3]
    return os.path.splitext(lower)[1] in FORMATS


def matches(rel: str, name: str, glob: str | None) -> bool:
    """Folders contribute supported files, or with --glob the files matching it.

    A pattern with a slash is matched against the path below the PATH argument, else the name.
    Any file named on the command line is read whatever its name.
    """
    if glob is None:
        return is_supported(name)
    if glob.startswith("**/") and matches(rel, name, glob[3:]):
        return True  # '**/' also matches no folder at all
    if "/" in glob:
        return fnmatch.fnmatchcase(rel, glob) or PurePath(rel).match(glob)
    return fnmatch.fnmatchcase(name, glob)


def file_key(path: str) -> FileKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class Discovery:
    """Iterates the input files of PATH arguments; `limited` tells whether --max-files cut it.

    `seen` maps each file and folder read (dev, inode) to the path it was first read by.
    """

    def __init__(
        self,
        paths: list[str],
        glob: str | None = None,
        exclude: Collection[FileKey] = (),
        max_files: int | None = None,
    ) -> None:
        self.paths = paths
        self.glob = glob
        self.exclude = set(exclude)
        self.max_files = max_files
        self.limited = False
        self.seen: dict[FileKey, str] = {}

    def __iter__(self) -> Iterator[InputFile | InputError]:
        count = 0
        for found in self._all():
            if isinstance(found, InputFile):
                if self.max_files is not None and count >= self.max_files:
                    self.limited = True
                    return
                count += 1
            yield found

    def _all(self) -> Iterator[InputFile | InputError]:
        for path in self.paths:
            try:
                st = os.stat(path)
            except OSError as error:
                yield stat_error(path, error)
                continue
            key = (st.st_dev, st.st_ino)
            if key in self.seen:
                yield self._duplicate(path, key, stat.S_ISDIR(st.st_mode))
            elif stat.S_ISDIR(st.st_mode):
                self.seen[key] = path
                yield from self._walk(path, "", {key}, root=path)
            elif key not in self.exclude:
                self.seen[key] = path
                yield InputFile(path, display_path(os.path.basename(path)), root=path)

    def _walk(
        self, folder: str, rel: str, ancestors: set[FileKey], root: str
    ) -> Iterator[InputFile | InputError]:
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as error:
            yield InputError(
                display_path(folder), f"cannot list folder: {error.strerror or error}", "unreadable"
            )
            return
        for name in names:
            path = os.path.join(folder, name)
            child_rel = f"{rel}/{name}" if rel else name
            try:
                st = os.stat(path)
            except OSError as error:
                # A dangling link could have been a folder: loops are always worth saying.
                if error.errno == errno.ELOOP or matches(child_rel, name, self.glob):
                    yield stat_error(path, error)
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if key in ancestors:
                    yield InputError(
                        display_path(path),
                        "symlink loop: leads back to a folder being walked",
                        "symlink_loop",
                    )
                elif key in self.seen:
                    yield self._duplicate(path, key, True)
                else:
                    self.seen[key] = path
                    yield from self._walk(path, child_rel, ancestors | {key}, root)
            elif key in self.exclude or not matches(child_rel, name, self.glob):
                continue
            elif key in self.seen:
                yield self._duplicate(path, key, False)
            else:
                self.seen[key] = path
                yield InputFile(path, display_path(child_rel), root=root)

    def _duplicate(self, path: str, key: FileKey, folder: bool) -> InputError:
        what = "folder" if folder else "file"
        first = display_path(self.seen[key])
        reason = (
            f"already read as {first} (overlapping PATHs or a link): the same {what}, read once"
        )
        return InputError(display_path(path), reason, "duplicate_file", level="warning")


def stat_error(path: str, error: OSError) -> InputError:
    shown = display_path(path)
    if error.errno == errno.ELOOP:
        return InputError(shown, "symlink loop: too many levels of symbolic links", "symlink_loop")
    if error.errno == errno.ENOENT:
        reason = (
            "broken symlink: its target does not exist" if os.path.islink(path) else "no such file"
        )
        return InputError(shown, reason, "not_found")
    return InputError(shown, f"cannot read: {error.strerror or error}", "unreadable")

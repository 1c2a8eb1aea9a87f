"""Opening files whose names promise more than they hold: regular files only, bounded reads.

A FIFO named like an article would block its reader forever and a device never ends, so a
path is opened without blocking and refused unless it is a regular file; reads stop at a
limit. Problems are OSErrors whose message says what the path is (a folder, a broken link).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(OSError):
    """A path that is a folder, FIFO, socket or device: never read."""


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """A regular file open for binary reading; NotRegularFile (an OSError) for anything else."""
    fd = os.open(path, OPEN_FLAGS)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(
            errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
            f"not a regular file ({file_type(mode)}): not read",
            os.fspath(path),
        )
    return os.fdopen(fd, "rb")


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` + 1 of them (so a caller sees it is over)."""
    with open_regular(path) as stream:
        return stream.read() if limit is None else stream.read(limit + 1)


def file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "folder"),
    ):
        if test(mode):
            return name
    return "special file"


def describe_os_error(path: str | os.PathLike[str], error: OSError) -> str:
    """Why a path could not be read, in words: a broken link is not just 'no such file'."""
    if isinstance(error, NotRegularFile):
        return error.strerror or str(error)
    if error.errno == errno.ELOOP:
        return "symlink loop: too many levels of symbolic links"
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return "broken symlink: its target does not exist"
        return "no such file"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot read: {error.strerror or error}"

"""Reading files named by a path: only regular files, with a bound, and never blocking.

A path may name something that is not a file: `/dev/zero` never ends, a FIFO blocks until
someone writes to it, a folder has no bytes. Every read of a path that a file names (a view's
source dataset, a dataset's documents), and of the files opened whole, goes through here:
it opens without blocking, refuses anything but a regular file, and stops at a size bound,
saying why in words that name the path and never its contents.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The biggest file read whole (a dataset, a view, a source document): a bigger one is
refused before parsing, so a "TOML bomb" cannot take the machine down."""


class ReadRefused(OSError):
    """A path that was not read, and why (`reason` names no byte of the file). An OSError,
    so that code reading any file treats it as one that cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (a named pipe)"),
          (stat.S_ISSOCK, "a socket"))


def _regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise ReadRefused(path, "is a folder, not a file" if what == "a folder"
                          else f"is {what}, not a regular file")


def open_regular(path: Path) -> io.BufferedReader:
    """The file at `path` opened for reading; ReadRefused unless it is a regular file.

    Anything else is refused before it is opened (opening a device may do something), and
    the open never blocks (a FIFO put there in between would wait for a writer forever)."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        _regular(path, os.stat(path).st_mode)
        fd = os.open(path, flags)
    except ReadRefused:
        raise
    except FileNotFoundError:
        raise ReadRefused(path, "no such file") from None
    except IsADirectoryError:
        raise ReadRefused(path, "is a folder, not a file") from None
    except PermissionError:
        raise ReadRefused(path, "permission denied") from None
    except OSError as error:
        raise ReadRefused(path, f"cannot be read ({error.strerror})") from None
    try:
        _regular(path, os.fstat(fd).st_mode)  # what was opened, should the path have changed
        if nonblocking:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most `limit` bytes; ReadRefused otherwise."""
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise ReadRefused(path, f"file is {size} bytes; at most {limit}")
        try:
            raw = stream.read(limit + 1)
        except OSError as error:
            raise ReadRefused(path, f"cannot be read ({error.strerror})") from None
    if len(raw) > limit:  # it grew while being read
        raise ReadRefused(path, f"file is more than {limit} bytes; at most {limit}")
    return raw


def sha256_of(path: Path) -> str:
    """The sha256 of a regular file, read a block at a time; ReadRefused otherwise."""
    with open_regular(path) as stream:
        try:
            return hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError as error:
            raise ReadRefused(path, f"cannot be read ({error.strerror})") from None

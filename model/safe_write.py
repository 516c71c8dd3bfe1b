"""Atomic file writes that never replace a file the user did not agree to replace."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".dateline-tmp"


class WriteError(Exception):
    """A file could not be written; the message names the file and the reason."""


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if error.errno == errno.ENOENT:
        return "the folder does not exist"
    return error.strerror or str(error)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (a writer, a builder)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temporaries(target: Path) -> None:
    """Remove temporary files a killed writer left beside `target` (their process is gone).

    A temporary is named `.NAME.PID.RANDOM.dateline-tmp` (`.NAME.PID.dateline-tmp` before):
    the writer's process id says whether it can still be in use."""
    folder = target.parent
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
                continue
            pid_text = name[len(prefix):-len(TEMP_SUFFIX)].split(".", 1)[0]
            if pid_text.isdigit() and not pid_alive(int(pid_text)) and entry.is_file() \
                    and not entry.is_symlink():
                with contextlib.suppress(OSError):
                    entry.unlink()


_WRITING: set[Path] = set()
"""Temporaries this process is writing now (removed by `remove_temporaries` on a signal)."""
_WRITING_LOCK = threading.Lock()


def remove_temporaries() -> None:
    """Remove the temporaries this process is writing: it is about to end without finishing
    them (a signal, a terminal hung up). Safe to call from a signal handler."""
    with _WRITING_LOCK:
        writing = list(_WRITING)
        _WRITING.clear()
    for temp in writing:
        with contextlib.suppress(OSError):
            temp.unlink()


_CLEANED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT")
                         if hasattr(signal, name))


def _end_by_signal(signum: int, _frame: object) -> None:
    remove_temporaries()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)  # ended by the signal, as the caller expects to see


def clean_up_on_signals() -> None:
    """Remove temporaries being written when SIGTERM, SIGHUP or SIGQUIT ends the process
    (SIGINT raises KeyboardInterrupt, whose unwinding removes them; SIGKILL leaves them to
    the next writer in that folder, which sweeps the temporaries of dead processes)."""
    for signum in _CLEANED_SIGNALS:
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _end_by_signal)


def _hold_signals() -> set[signal.Signals] | None:
    """Hold the signals that remove temporaries (None where they cannot be held)."""
    mask = getattr(signal, "pthread_sigmask", None)
    return set(mask(signal.SIG_BLOCK, _CLEANED_SIGNALS)) if mask is not None else None


def _release_signals(held: set[signal.Signals] | None) -> None:
    """Let them through again: one that came meanwhile is handled now."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _no_follow(path: str, flags: int) -> int:
    """Opens a new file only: never one already there, never through a link."""
    return os.open(path, flags | os.O_EXCL | os.O_NOFOLLOW, 0o666)


def _temporary(target: Path) -> tuple[Path, BinaryIO]:
    """A new temporary file beside `target`, under a name nobody can guess, created by this
    call (O_CREAT|O_EXCL|O_NOFOLLOW: a file or link planted under that name is refused)."""
    for _attempt in range(100):
        temp = target.parent / (f".{target.name}.{os.getpid()}.{secrets.token_hex(8)}"
                                f"{TEMP_SUFFIX}")
        # A signal between creating the file and noting it would leave it behind: the
        # signals that remove temporaries wait until it is noted.
        held = _hold_signals()
        try:
            try:
                stream = open(temp, "xb", opener=_no_follow)  # noqa: SIM115 - closed by caller
            except FileExistsError:
                continue
            with _WRITING_LOCK:
                _WRITING.add(temp)
        finally:
            _release_signals(held)
        return temp, stream
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(target.parent))


def write_atomic(target: Path | str, produce: Callable[[BinaryIO], None], *,
                 overwrite: bool = False) -> Path:
    """Write through a temporary file in the same folder, fsync it, then move it into place.

    An interrupted write leaves the previous file (if any) untouched. Without `overwrite`, an
    existing file is never replaced, even one that appears while writing. Replacing a file
    keeps its permissions; replacing through a symbolic link replaces the file it points to
    and keeps the link.
    """
    target = Path(target)
    named = target  # what messages call it: the path the user gave
    if overwrite and target.is_symlink():
        target = Path(os.path.realpath(target))
    if not overwrite and target.exists():
        raise WriteError(f"{named}: already exists (choose another name, or confirm overwrite)")
    if target.is_dir():
        raise WriteError(f"{named}: is a folder")
    if target.exists() and not target.is_file():
        # Moving a file into place would replace a device or pipe (/dev/null, a FIFO).
        raise WriteError(f"{named}: is not a regular file")
    clean_stale_temporaries(target)
    temp: Path | None = None
    try:
        temp, stream = _temporary(target)
        with stream:
            produce(stream)
            stream.flush()
            if overwrite:
                with contextlib.suppress(FileNotFoundError):
                    os.fchmod(stream.fileno(), os.stat(target).st_mode & 0o7777)
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            # link() fails if the target appeared meanwhile, where rename() would clobber it.
            try:
                os.link(temp, target)
            except OSError as error:
                # Some file systems have no hard links; fall back to a checked rename.
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP) \
                        or target.exists():
                    raise
                os.rename(temp, target)
            else:
                os.unlink(temp)
        _done(temp)  # in place: no longer a temporary to remove
        with contextlib.suppress(OSError):
            fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except FileExistsError:
        _remove(temp)
        raise WriteError(f"{named}: already exists (choose another name, or confirm overwrite)"
                         ) from None
    except OSError as error:
        _remove(temp)
        raise WriteError(f"{named}: cannot write ({_reason(error)})") from None
    except BaseException:
        _remove(temp)
        raise
    return target


def _remove(temp: Path | None) -> None:
    if temp is not None:
        _done(temp)
        with contextlib.suppress(OSError):
            temp.unlink()


def _done(temp: Path) -> None:
    with _WRITING_LOCK:
        _WRITING.discard(temp)

"""Nothing is lost when an export is killed, denied or runs out of disk.

The real `dateline export` is killed with SIGKILL in the middle of writing a big view; the
file it was replacing must be byte-for-byte what it was, and the next export must clean up
after the killed one. Failures that root cannot provoke for real (permissions, a full disk)
are injected into model.safe_write in-process and must give one clear line and exit 1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
import tomli_w

import model.safe_write
from model.dataset_write import dataset_to_table
from model.loading import bundled_dataset_path, open_path
from model.safe_write import TEMP_SUFFIX
from tests.constrained import run_constrained
from tui.cli import main

from .tmux_driver import DATELINE, run_dateline

FILTER = "-kind:forecast"


def write_big_dataset(path: Path, count: int) -> int:
    """A valid dataset of `count` events made from the Sirte ones; the number FILTER keeps."""
    store = open_path(bundled_dataset_path()).store
    base = list(store.iter_events())
    events = []
    for i in range(count):
        event = base[i % len(base)]
        shift = dt.timedelta(days=i // len(base))
        events.append(dataclasses.replace(
            event, id=f"{event.id}-{i:06d}", quotes=(),
            sources=tuple(dataclasses.replace(s, document=None) for s in event.sources),
            date=dataclasses.replace(event.date, earliest=event.date.earliest + shift,
                                     latest=event.date.latest + shift),
        ))
    info = dataclasses.replace(store.info, documents=())
    with path.open("wb") as stream:
        tomli_w.dump(dataset_to_table(info, events), stream)
    return sum(1 for e in events if e.kind.value != "forecast")  # what FILTER keeps


def temporaries(folder: Path) -> list[str]:
    """Temporary files an export left in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def previous_view(folder: Path) -> tuple[Path, bytes]:
    """An existing view file (a real earlier export), and its exact bytes."""
    out = folder / "view.toml"
    result = run_dateline("export", "--filter", "kind:capture", "-o", str(out), cwd=folder)
    assert result.returncode == 0, result.stderr
    return out, out.read_bytes()


def kill_mid_export(source: Path, out: Path, sig: int = signal.SIGKILL) -> bool:
    """Start an export over `out` and send it `sig` once its temporary file exists.

    False when the export finished before it could be killed (the caller retries bigger).
    """
    def default_disposition() -> None:
        # A signal ignored where the tests run (under nohup) stays ignored across exec, and
        # Dateline leaves an ignored signal ignored: the export would rightly finish.
        if sig != signal.SIGKILL:
            signal.signal(sig, signal.SIG_DFL)

    process = subprocess.Popen(
        [str(DATELINE), "export", str(source), f"--filter={FILTER}", "-o", str(out), "--force"],
        cwd=out.parent, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, preexec_fn=default_disposition)
    pattern = f".{out.name}.{process.pid}.*{TEMP_SUFFIX}"
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(out.parent.glob(pattern)):
                os.kill(process.pid, sig)
                break
            time.sleep(0.001)
        else:
            if process.poll() is None:
                raise AssertionError("the export neither wrote its temporary file nor ended")
    finally:
        if process.poll() is None and not any(out.parent.glob(pattern)):
            process.kill()
        _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        return False
    assert process.returncode == -sig, err.decode(errors="replace")
    return True


def test_sigkill_mid_export_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    out, before = previous_view(tmp_path)
    source = tmp_path / "big.toml"
    count = 3000
    for _attempt in range(4):
        kept = write_big_dataset(source, count)
        if kill_mid_export(source, out):
            break
        out.write_bytes(before)  # it finished first: start over with a bigger dataset
        count *= 2
    else:
        pytest.fail(f"the export always finished before it could be killed (up to {count})")

    assert out.read_bytes() == before
    assert temporaries(tmp_path), "the killed export should have left its temporary file"
    assert run_dateline("validate", str(out)).returncode == 0

    # The next export replaces the file and removes what the killed one left behind.
    result = run_dateline("export", str(source), f"--filter={FILTER}", "-o", str(out), "--force",
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    *progress, last = result.stderr.decode().strip().splitlines()
    assert last == f"wrote {kept:,} events to {out}"
    assert all(line.startswith(f"exporting to {out}: ") for line in progress)  # a slow run's
    assert temporaries(tmp_path) == []
    assert out.read_bytes() != before
    assert run_dateline("validate", str(out)).stdout.decode().strip() == \
        f"{out}: valid ({kept:,} events)"


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """The single line a failed command printed, checked to be alone and no traceback."""
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_export_into_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "view.toml"
    result = run_dateline("export", "-o", str(out), cwd=tmp_path)
    assert one_line_error(result) == f"dateline: {out}: cannot write (the folder does not exist)"
    assert not out.parent.exists()


def test_export_where_no_file_can_be_made(tmp_path: Path) -> None:
    # /proc refuses new files even to root.
    out = Path("/proc") / f"dateline-e2e-{os.getpid()}.toml"
    result = run_dateline("export", "-o", str(out), cwd=tmp_path)
    line = one_line_error(result)
    assert line.startswith(f"dateline: {out}: cannot write (") and line.endswith(")")
    assert not out.exists()


def test_export_onto_a_pipe_is_refused(tmp_path: Path) -> None:
    # Replacing it would turn a named pipe (or /dev/null) into a regular file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_dateline("export", "-o", str(fifo), "--force", cwd=tmp_path)
    assert one_line_error(result) == f"dateline: {fifo}: is not a regular file"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT],
                         ids=lambda s: signal.Signals(s).name)
def test_an_export_ended_by_a_signal_leaves_no_temporary(tmp_path: Path, sig: int) -> None:
    out, before = previous_view(tmp_path)
    source = tmp_path / "big.toml"
    count = 3000
    for _attempt in range(4):
        write_big_dataset(source, count)
        if kill_mid_export(source, out, sig):
            break
        out.write_bytes(before)
        count *= 2
    else:
        pytest.fail(f"the export always finished before the signal (up to {count})")
    assert out.read_bytes() == before
    assert temporaries(tmp_path) == []


def test_export_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    out = folder / "view.toml"
    result = run_constrained([str(DATELINE), "export", "-o", str(out)], folder, "read-only",
                             cwd=tmp_path)
    error = one_line_error(result)
    assert error.startswith(f"dateline: {out}: cannot write (")
    assert error.removeprefix(f"dateline: {out}: cannot write ") in (
        "(permission denied)", "(the file system is read-only)", "(File too large)")
    assert list(folder.iterdir()) == []


# -- injected failures, in-process -----------------------------------------------------------


def run_main(*argv: str) -> int:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    return int(stop.value.code or 0)


class FillsUp:
    """A file that takes `room` bytes, then fails like a full disk."""

    def __init__(self, stream, room: int) -> None:
        self.stream = stream
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.stream.write(data[:self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)

    def __enter__(self) -> FillsUp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


@pytest.mark.parametrize("replace", [False, True], ids=["new-file", "replacing"])
def test_permission_denied_is_one_clear_line(tmp_path: Path, monkeypatch, capsys,
                                             replace: bool) -> None:
    out, before = previous_view(tmp_path)
    if not replace:
        out.unlink()

    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(model.safe_write, "open", denied, raising=False)
    status = run_main("export", "-o", str(out), *(["--force"] if replace else []))
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"dateline: {out}: cannot write (permission denied)\n"
    assert (out.read_bytes() == before) if replace else not out.exists()
    assert temporaries(tmp_path) == []


def test_a_full_disk_mid_write_loses_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    out, before = previous_view(tmp_path)
    real_open = open

    def small_disk(path, mode="r", *args, **kwargs):
        stream = real_open(path, mode, *args, **kwargs)
        return FillsUp(stream, 1000) if "w" in mode or "x" in mode else stream

    monkeypatch.setattr(model.safe_write, "open", small_disk, raising=False)
    status = run_main("export", "-o", str(out), "--force")
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"dateline: {out}: cannot write (the disk is full)\n"
    assert out.read_bytes() == before
    assert temporaries(tmp_path) == []

"""Paths a file names are read only when they are regular files, within a bound: a view's
source at /dev/zero or a FIFO, a document at /dev/zero, never hang or fill memory, and no
line of a file the user did not open is ever echoed."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.dataset import MAX_FILE_BYTES, read_bytes
from model.loading import open_path
from model.query import Query, parse
from model.safe_read import ReadRefused, open_regular, read_regular, sha256_of
from model.validation import DataError
from model.views import write_view

DATELINE = Path(sys.executable).parent / "dateline"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)
SECRET = "root:$6$SECRET-HASH-LINE:19000:0:99999:7:::"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def dateline(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "XDG_CACHE_HOME": str(cwd / "xdg")}
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=timeout)


def view_naming(sirte_path: Path, tmp_path: Path, source: str) -> Path:
    """A view of the Sirte dataset whose [view.source] path is `source`."""
    query = parse("kind:capture")
    assert isinstance(query, Query)
    view = tmp_path / "view.toml"
    write_view(open_path(sirte_path).store, query, view, now=NOW)
    text = view.read_text(encoding="utf-8")
    changed, count = re.subn(r'(\[view\.source\][^\[]*?\npath = )"[^"\n]*"',
                             lambda m: m.group(1) + json.dumps(source), text)
    assert count == 1, text[-600:]
    view.write_text(changed, encoding="utf-8")
    return view


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@needs_fifo
@pytest.mark.parametrize("reapply", [False, True])
@pytest.mark.parametrize("source", ["/dev/zero", "FIFO"])
def test_a_view_naming_an_endless_source_opens_at_once(
        sirte_path: Path, tmp_path: Path, fifo: Path, source: str, reapply: bool) -> None:
    view = view_naming(sirte_path, tmp_path, str(fifo) if source == "FIFO" else source)
    started = time.monotonic()
    result = dateline("list", str(view), *(["--reapply"] if reapply else []), cwd=tmp_path,
                      timeout=30)
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "tagreft-barracks-taken" in result.stdout or "Tagreft" in result.stdout
    if reapply:
        kind = "a FIFO (a named pipe)" if source == "FIFO" else "a character device"
        assert f"is {kind}, not a regular file; showing the saved events" in result.stderr


@needs_fifo
def test_opening_a_view_naming_a_fifo_in_process_says_why(
        sirte_path: Path, tmp_path: Path, fifo: Path) -> None:
    view = view_naming(sirte_path, tmp_path, str(fifo))
    opened = open_path(view, reapply=True)
    assert opened.store.total == 3
    assert opened.warnings == (f"{view}: source dataset {fifo} is a FIFO (a named pipe), not a "
                               "regular file; showing the saved events",)


def test_reapply_never_echoes_a_line_of_the_source(sirte_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\nbin:*:19000:0:99999:7:::\n", encoding="utf-8")
    view = view_naming(sirte_path, tmp_path, str(secret))
    result = dateline("list", str(view), "--reapply", cwd=tmp_path)
    assert result.returncode != 0
    assert "SECRET" not in result.stderr + result.stdout
    assert str(secret) in result.stderr and "open that file itself" in result.stderr
    with pytest.raises(DataError) as caught:
        open_path(view, reapply=True)
    assert "SECRET" not in str(caught.value)


@pytest.mark.skipif(not os.access("/etc/shadow", os.R_OK), reason="/etc/shadow is not readable")
def test_reapply_never_echoes_etc_shadow(sirte_path: Path, tmp_path: Path) -> None:
    first = Path("/etc/shadow").read_text(encoding="utf-8", errors="replace").splitlines()
    view = view_naming(sirte_path, tmp_path, "/etc/shadow")
    result = dateline("list", str(view), "--reapply", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    for line in first[:3]:
        if len(line) > 8:
            assert line[:8] not in result.stderr + result.stdout


def test_a_document_at_dev_zero_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    dataset = tmp_path / "data.toml"
    text = (BROKEN / "quote-offsets-wrong.toml").read_text(encoding="utf-8")
    dataset.write_text(text.replace('path = "report.txt"', 'path = "/dev/zero"'),
                       encoding="utf-8")
    result = dateline("list", str(dataset), cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "cannot be read at /dev/zero (is a character device, not a regular file)" \
        in result.stderr
    opened = open_path(dataset)
    assert opened.store.total == 1
    assert "cannot be read at /dev/zero (is a character device, not a regular file)" \
        in opened.warnings[0]


def test_a_dataset_file_that_is_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_bytes(Path("/dev/zero"))
    assert caught.value.lines() == ["/dev/zero: is a character device, not a regular file"]
    result = dateline("validate", "/dev/zero", cwd=tmp_path, timeout=30)
    assert result.returncode != 0 and "Traceback" not in result.stderr


@needs_fifo
def test_reads_refuse_what_is_not_a_regular_file(tmp_path: Path, fifo: Path) -> None:
    cases = {fifo: "is a FIFO (a named pipe), not a regular file",
             Path("/dev/null"): "is a character device, not a regular file",
             tmp_path: "is a folder, not a file",
             tmp_path / "nothing": "no such file"}
    for path, reason in cases.items():
        for read in (open_regular, sha256_of, lambda p: read_regular(p, 10)):
            with pytest.raises(ReadRefused) as caught:
                read(path)
            assert caught.value.reason == reason
            assert str(caught.value) == f"{path}: {reason}"


def test_reads_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "ten.txt"
    path.write_bytes(b"0123456789")
    assert read_regular(path, 10) == b"0123456789"
    with pytest.raises(ReadRefused) as caught:
        read_regular(path, 9)
    assert caught.value.reason == "file is 10 bytes; at most 9"
    assert sha256_of(path) == \
        "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882"
    assert MAX_FILE_BYTES >= 1 << 20


@needs_fifo
def test_opening_a_fifo_itself_is_refused_at_once(tmp_path: Path, fifo: Path) -> None:
    result = dateline("list", str(fifo), cwd=tmp_path, timeout=30)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{fifo}: is a FIFO (a named pipe), not a regular file" in result.stderr

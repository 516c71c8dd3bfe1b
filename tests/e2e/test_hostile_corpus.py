"""The real program over every file of the hostile corpus, and over named pipes.

Every file in tests/fixtures/hostile/ (globbed: a file added there is covered at once) and
FIFOs made here, since git cannot hold one, go through `validate`, `list` and, where the file
opens, every export. Whatever a file holds: no traceback, no control character a terminal
acts on in the output, exit 0 or 1, a refusal names the file, special files are refused at
once, and every export that is written reads back to the same events.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from .tmux_driver import run_dateline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
CORPUS = sorted(p.name for p in FIXTURES.iterdir() if p.name != "README.md")
FIFOS = ["fifo.toml", "fifo.csv", "fifo.json", "fifo", "link-to-fifo.toml"]
EXPORTS = {"toml": "toml", "csv": "csv", "timelinejs": "json"}
TIMEOUT = 30
# C0 controls but newline and tab, DEL, C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULA_START = tuple("=+-@\t\r")


def checked(result: subprocess.CompletedProcess[bytes], what: str) -> tuple[str, str]:
    """stdout and stderr of a command that must have ended cleanly, as text."""
    out, err = (stream.decode("utf-8") for stream in (result.stdout, result.stderr))
    assert "Traceback" not in err, (what, err)
    assert result.returncode in (0, 1), (what, result.returncode, err)
    for name, text in (("stdout", out), ("stderr", err)):
        found = CONTROL.search(text)
        assert found is None, (what, name, repr(found.group()), text[:2000])
    return out, err


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_dateline(*args, cwd=cwd, timeout=TIMEOUT)
    out, err = checked(result, " ".join(args))
    return result.returncode, out, err


# What each export keeps of an event, as `dateline list --format json` reads it back (see
# docs/formats.md, "Round trips"): a view keeps everything; TimelineJS has no kind; ACLED's
# columns hold neither a title (an import makes one from the actors and place) nor a kind,
# and its time precision turns a span of days into a week.
KEPT = {"toml": ("id", "kind", "earliest", "latest", "title"),
        "timelinejs": ("id", "earliest", "latest", "title"),
        "csv": ("id",)}


def events_of(path: str, cwd: Path, fields: tuple[str, ...] = KEPT["toml"]
              ) -> list[tuple[str, ...]]:
    """`fields` of each event `dateline list` reads from `path`, in order."""
    status, out, _err = run("list", path, "--format", "json", cwd=cwd)
    assert status == 0, path
    # A headline is HTML: its line and paragraph separators read back as spaces.
    return [tuple(" ".join(value.split()) if field == "title" else value
                  for field, value in ((f, {**event, **event["date"]}[f]) for f in fields))
            for event in json.loads(out)["events"]]


def refused_naming(name: str, err: str) -> None:
    """A refusal: every line names the file (problem lines) or is a summary naming it."""
    lines = [line for line in err.splitlines() if not line.startswith("warning: ")]
    assert lines, err
    assert all(name in line for line in lines), err


def walk_strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_strings(item)


def check_export(name: str, cwd: Path, out_dir: Path, fmt: str) -> None:
    """Export `name` in `fmt`; a written file reads back to the same events."""
    target = out_dir / f"{Path(name).stem}-export.{EXPORTS[fmt]}"
    status, _out, err = run("export", name, "--format", fmt, "-o", str(target), cwd=cwd)
    if status != 0:
        refused_naming(name, err)
        assert not target.exists()
        return
    assert any(line.startswith("wrote ") for line in err.splitlines()), err
    again, before = events_of(str(target), cwd, KEPT[fmt]), events_of(name, cwd, KEPT[fmt])
    if fmt == "csv":  # a span is written as its middle day, which can move it in the order
        again, before = sorted(again), sorted(before)
    assert again == before, (fmt, target.read_text()[:2000])
    text = target.read_text(encoding="utf-8")
    if fmt == "timelinejs":
        for piece in [text, *walk_strings(json.loads(text))]:
            assert "<script" not in piece.lower(), piece
            assert "javascript:" not in piece.lower(), piece
    if fmt == "csv":
        for row in csv.reader(text.splitlines(keepends=True)):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or re.fullmatch(
                    r"-[0-9]+(\.[0-9]+)?", cell), (cell, row)


@pytest.mark.parametrize("name", CORPUS)
def test_every_hostile_file_ends_cleanly(name: str, tmp_path: Path) -> None:
    path = FIXTURES / name
    statuses = {}
    for command in ("validate", "list"):
        status, _out, err = run(command, name, cwd=FIXTURES)
        statuses[command] = status
        if status == 1:
            refused_naming(name, err)
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # dangling, or a loop
        special = True
    if special:
        assert statuses == {"validate": 1, "list": 1}
    if statuses["list"] == 0:
        for fmt in EXPORTS:
            check_export(name, FIXTURES, tmp_path, fmt)


def test_symbolic_links_to_devices_are_refused_as_such() -> None:
    for name in ("link-dev-zero.toml", "link-dev-null.json"):
        for command in ("validate", "list", "show"):
            args = (command, name) if command != "show" else (command, "x", name)
            status, out, err = run(*args, cwd=FIXTURES)
            assert status == 1 and out == ""
            assert err == f"{name}: is a character device, not a regular file\n", err


def test_formula_cells_are_neutralised_in_the_csv_export(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    status, _out, err = run("export", "acled-formula-cells.csv", "--format", "csv", "-o",
                            str(target), cwd=FIXTURES)
    assert status == 0, err
    assert "cells: a formula written as text" in err
    cells = [cell for row in csv.reader(target.open(newline="")) for cell in row]
    for formula in ("=cmd|' /C calc'!A0", "=HYPERLINK(", "+1+cmd", "-2+3+cmd", "@SUM(1+1)",
                    "=DDE(", "+Dawlat Abad", "-Balkh", "@Xinhua"):
        written = [cell for cell in cells if formula in cell]
        assert written, formula
        assert all(cell.startswith("'") for cell in written), written


@pytest.mark.parametrize("name", FIFOS)
def test_a_named_pipe_is_refused_at_once(name: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    if name == "link-to-fifo.toml":
        (tmp_path / name).symlink_to(fifo.name)
    elif name != fifo.name:
        os.mkfifo(tmp_path / name)
    for args in (("validate", name), ("list", name), ("show", "x", name),
                 ("export", name, "-o", "out.toml"),
                 ("export", name, "--format", "csv", "-o", "out.csv")):
        status, out, err = run(*args, cwd=tmp_path)
        assert status == 1 and out == "", (args, err)
        assert err == f"{name}: is a FIFO (a named pipe), not a regular file\n", (args, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"pipe", name})

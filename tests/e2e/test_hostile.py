"""Hostile input: every broken file gets one line per problem naming it, and no traceback;
text from a file is shown, never executed as terminal escapes or as markup.

Small files live in tests/fixtures/hostile/ (see its README); the big ones (a TOML bomb,
a 10 MB string, 100,000 tags, a file over the size limit) are generated here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input

from model.dataset import MAX_FILE_BYTES
from model.loading import open_path
from model.validation import MAX_ITEMS, MAX_TEXT, DataError
from tui.app import DatelineApp
from tui.widgets.timeline_view import TimelineView

from .tmux_driver import (
    DATELINE,
    dateline_json,
    run_dateline,
    terminal_env,
    timeline_has_keyboard,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
HOSTILE_TEXT = "hostile-text.toml"
MARKUP = "[bold red]x[/]"
# What the escapes in hostile-text.toml must look like on screen.
VISIBLE = ["\u241b]0;pwned\u2407", "\u241b[2J", "<U+202E>dlrow", "<U+009B>31m"]
# C0 controls but newline, DEL, C1 controls, bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

HEAD = 'format_version = 1\n\n[dataset]\ntitle = "Hostile input"\n\n'
EVENT = ('[[events]]\nid = "a"\ntitle = {title}\nkind = "capture"\ncertainty = "claimed"\n'
         'date = {{ earliest = 2016-06-09 }}\n')

EXPECTED = {
    "empty.toml": [
        "format_version: is required",
        "dataset: is required",
        "events: is required",
    ],
    "nul-bytes.toml": [r"not valid TOML: Illegal character '\x00' (at line 8, column 16)"],
    "invalid-utf8.toml": ["byte 87 is not valid UTF-8; TOML files are UTF-8"],
    "year-zero.toml": ["not valid TOML: Invalid date or datetime (at line 11, column 21)"],
    "year-9999.toml": [
        "line 18: events[1].date.earliest: a week from 9999-12-30 runs past 9999-12-31; "
        "give latest",
        "line 25: events[2].date.latest: '10000-01-01': a year of other than four digits "
        "needs a sign (ISO 8601 expanded form, e.g. +12000-01-01)",
    ],
    "casualties.toml": [
        "line 13: events[0].casualties[0].count: -5 is less than 0",
        "line 14: events[0].casualties[1].count: 99999999999999999999999 is more than 100000000",
        "line 15: events[0].casualties[2].count: expected a whole number, got 1000000000.0",
        "line 16: events[0].casualties[3].count: expected a whole number, got 'many'",
        "line 17: events[0].casualties[4].low: -1 is less than 0",
        "line 17: events[0].casualties[4].high: 99999999999 is more than 100000000",
        "line 18: events[0].casualties[5].low: 6 is more than count 5",
    ],
    "duplicate-ids.toml": [
        "line 14: events[1].id: 'same' is already the id of events[0]",
        "line 21: events[2].id: 'same' is already the id of events[0]",
    ],
}


def refused(name: str, folder: Path) -> list[str]:
    """Run `list` and `validate` on a bad file; both must fail the same clean way."""
    outputs = []
    for command in ("list", "validate"):
        result = run_dateline(command, name, cwd=folder)
        err = result.stderr.decode("utf-8")
        assert result.returncode == 1, (command, err)
        assert "Traceback" not in err, err
        assert result.stdout == b"", (command, result.stdout[:200])
        assert not UNSAFE.search(err), err
        lines = err.splitlines()
        assert all(line.startswith(f"{name}: ") for line in lines), err
        outputs.append(lines)
    assert outputs[0] == outputs[1]
    return outputs[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_is_refused_with_one_line_per_problem(name: str) -> None:
    assert refused(name, FIXTURES) == [f"{name}: {line}" for line in EXPECTED[name]]


def test_random_bytes(tmp_path: Path) -> None:
    # Named .toml, they are read as a dataset; otherwise the format cannot be told.
    shutil.copy(FIXTURES / "random-bytes.bin", tmp_path / "random-bytes.toml")
    assert refused("random-bytes.toml", tmp_path) == [
        "random-bytes.toml: byte 0 is not valid UTF-8; TOML files are UTF-8"]
    (line,) = refused("random-bytes.bin", FIXTURES)
    assert line.startswith("random-bytes.bin: cannot tell what format this is")


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return path.name


def test_toml_bombs(tmp_path: Path) -> None:
    deep = 100_000
    names = [
        write(tmp_path / "bomb-arrays.toml", "a = " + "[" * deep + "\n"),
        write(tmp_path / "bomb-closed-arrays.toml", "a = " + "[" * deep + "]" * deep + "\n"),
        write(tmp_path / "bomb-tables.toml", "a = " + "{b = " * deep + "1" + "}" * deep + "\n"),
        write(tmp_path / "bomb-in-tags.toml",
              HEAD + EVENT.format(title='"x"') + "tags = " + "[" * deep + "]" * deep + "\n"),
    ]
    for name in names:
        assert refused(name, tmp_path) == [f"{name}: not valid TOML: nested too deeply"]


def test_a_ten_megabyte_line(tmp_path: Path) -> None:
    size = 10 * 1024 * 1024
    name = write(tmp_path / "long-title.toml", HEAD + EVENT.format(title='"' + "A" * size + '"'))
    assert refused(name, tmp_path) == [
        f"{name}: line 8: events[0].title: is {size:,} characters long; at most "
        f"{MAX_TEXT:,} are allowed"]


def test_a_hundred_thousand_tags(tmp_path: Path) -> None:
    count = 100_000
    tags = ", ".join(f'"t{i}"' for i in range(count))
    name = write(tmp_path / "many-tags.toml",
                 HEAD + EVENT.format(title='"x"') + f"tags = [{tags}]\n")
    assert refused(name, tmp_path) == [
        f"{name}: line 12: events[0].tags: has {count:,} items; at most {MAX_ITEMS:,} are "
        "allowed"]


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.toml"
    with big.open("wb") as stream:  # sparse: no disk is used
        stream.truncate(MAX_FILE_BYTES + 1)
    assert refused(big.name, tmp_path) == [
        f"huge.toml: file is {MAX_FILE_BYTES + 1} bytes; at most {MAX_FILE_BYTES}"]


# -- extreme but valid dates ------------------------------------------------------------------

EDGES = HEAD + "\n".join(
    f'[[events]]\nid = "{id_}"\ntitle = "{title}"\nkind = "capture"\ncertainty = "claimed"\n'
    f"date = {{ earliest = {day}{extra} }}\n"
    for id_, title, day, extra in [
        ("first-day", "The first day", "0001-01-01", ""),
        ("first-year", "The first year", "0001-01-01", ', precision = "year"'),
        ("last-month", "The last month", "9999-12-01", ', precision = "month"'),
        ("last-day", "The last day", "9999-12-31", ""),
    ])


def test_the_first_and_last_days_of_the_calendar_load(tmp_path: Path) -> None:
    path = tmp_path / "edges.toml"
    path.write_text(EDGES)
    result = run_dateline("list", path.name, cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "31 Dec 9999" in out and "1 Jan 1" in out
    assert out.rstrip().splitlines()[-1].startswith("4 of 4 events")
    for query, count in (("date:9999", 2), ("before:0002-01-01", 2), ("before:0001-01-01", 0),
                         ("after:9999-12-30", 2), ("after:9999-12-31", 0)):
        result = run_dateline("list", path.name, "--filter", query, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().rstrip().splitlines()[-1].startswith(
            f"{count} of 4 events"), (query, result.stdout)
    assert run_dateline("show", "last-day", path.name, cwd=tmp_path).returncode == 0


async def test_the_explorer_walks_to_the_ends_of_the_calendar(tmp_path: Path) -> None:
    path = tmp_path / "edges.toml"
    path.write_text(EDGES)
    app = DatelineApp(open_path(path))
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = await shown(pilot)
        # Last event, next day past the end, previous days, first, before the start; then
        # jumps past either end of the calendar.
        for key in ("G", "right_square_bracket", "left_square_bracket", "g",
                    "left_square_bracket", "right_square_bracket"):
            await pilot.press(key)
        for jump, end in (("+2d", "G"), ("-2w", "g"), ("10000-01-01", "G")):
            await pilot.press(end, "t")
            await pilot.pause()
            app.screen.query_one(Input).value = jump
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is timeline.screen
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is timeline.screen
        assert len(timeline.window) == 4


# -- text that tries to be escapes or markup --------------------------------------------------


def assert_visible_not_executed(text: str) -> None:
    assert not UNSAFE.search(text.replace("\n", "")), repr(UNSAFE.search(text))
    assert MARKUP in text
    for visible in VISIBLE:
        assert visible in text


@pytest.mark.parametrize("args", [
    ("list", HOSTILE_TEXT, "--width", "400"),
    ("show", "hostile", HOSTILE_TEXT),
    ("validate", HOSTILE_TEXT),
    ("list", HOSTILE_TEXT, "--format", "json"),
    ("show", "hostile", HOSTILE_TEXT, "--format", "json"),
], ids=["list", "show", "validate", "list-json", "show-json"])
def test_the_command_line_shows_escapes_as_text(args: tuple[str, ...]) -> None:
    result = run_dateline(*args, cwd=FIXTURES)
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream
        assert not UNSAFE.search(stream.decode("utf-8").replace("\n", ""))
    # Every document that warns names the path it could not read, defused.
    assert_visible_not_executed(result.stderr.decode())
    if args[0] != "validate" and "json" not in args:
        assert_visible_not_executed(result.stdout.decode())
    if args[0] == "show" and "json" not in args:
        shown_text = result.stdout.decode()
        labels = [line.split(":")[0] for line in shown_text.splitlines() if ":" in line]
        for label in ("place", "actors", "casualties", "sources", "quotes", "tags", "notes",
                      "link"):
            assert label in labels, labels
        assert shown_text.count(MARKUP) >= 15


async def shown(pilot) -> TimelineView:
    """The timeline once its first rows are in."""
    timeline = pilot.app.screen.query_one(TimelineView)
    for _ in range(200):
        if timeline.window is not None and len(timeline.window):
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return timeline


def rendered(widget) -> list[str]:
    """A widget's rows as drawn."""
    return [strip.text for strip in
            widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def test_the_explorer_shows_escapes_and_markup_as_text() -> None:
    opened = open_path(FIXTURES / HOSTILE_TEXT)
    for warning in opened.warnings:
        assert not UNSAFE.search(warning)
    app = DatelineApp(opened)
    async with app.run_test(size=(200, 60)) as pilot:
        timeline = await shown(pilot)
        rows = [timeline.render_line(y).text for y in range(timeline.size.height)]
        detail = rendered(app.screen.query_one("#detail-body"))
    text = "\n".join(rows)
    assert f"Title {MARKUP}" in text
    assert_visible_not_executed(text)
    body = "\n".join(detail)
    assert_visible_not_executed(body)
    assert body.count(MARKUP) >= 15  # title, place, actors, sources, quote, tags, notes...


def test_opening_a_hostile_file_in_a_terminal(tmux, tmp_path: Path) -> None:
    # The document path in the file holds an OSC title sequence and a clear-screen: the
    # warning about it must not retitle the terminal or wipe the screen.
    session = tmux()
    session.start([str(DATELINE), str(FIXTURES / HOSTILE_TEXT)], cwd=tmp_path,
                  env=terminal_env(TERM="xterm-256color"), width=160, height=50)
    screen = session.wait_for(lambda s: "document 'doc'" in s and "2 of 2 events" in s,
                              what="the timeline and the warning about the document")
    assert "pwned" not in session.tmux("display-message", "-p", "-t", session.target,
                                       "#{pane_title}")
    assert f"Title {MARKUP}" in screen
    assert VISIBLE[0] in screen and VISIBLE[1] in screen
    assert "A plain neighbour" in screen
    session.press("q")
    assert session.wait_exit() == 0


BAD_KEY = HEAD.replace("[dataset]", '"\\u001b]0;pwned\\u0007\\u001b[2J" = 1\n\n[dataset]') + \
    EVENT.format(title='"x"')


def test_problems_quote_hostile_keys_as_text(tmp_path: Path) -> None:
    name = write(tmp_path / "bad-key.toml", BAD_KEY)
    assert refused(name, tmp_path) == [f"{name}: {VISIBLE[0]}{VISIBLE[1]}: unknown key"]
    with pytest.raises(DataError) as caught:
        open_path(tmp_path / name)
    # The lines themselves are safe, wherever they are shown (the explorer's notifications).
    assert caught.value.lines() == [f"{tmp_path / name}: {VISIBLE[0]}{VISIBLE[1]}: unknown key"]


def test_opening_a_hostile_file_from_the_explorer(tmux, tmp_path: Path) -> None:
    name = write(tmp_path / "bad-key.toml", BAD_KEY)
    session = tmux()
    session.start([str(DATELINE)], cwd=tmp_path, env=terminal_env(TERM="xterm-256color"),
                  width=120, height=30)
    session.wait_for(lambda s: "events" in s and timeline_has_keyboard(s), what="the explorer")
    session.press("o")
    session.wait_for("Open a dataset")
    session.type(name)
    session.wait_for(name)
    session.press("Enter")
    screen = session.wait_for("unknown key")
    assert "pwned" not in session.tmux("display-message", "-p", "-t", session.target,
                                       "#{pane_title}")
    assert "Cannot open" in screen
    everything = dateline_json()
    assert f"{everything['count']} of {everything['total']} events" in screen  # not wiped
    session.press("q")
    assert session.wait_exit() == 0

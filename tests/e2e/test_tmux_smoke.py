"""The installed `dateline` in a real terminal (tmux at 80x24): what a person sees and types.

Filter, export, help and quit, with colours and under NO_COLOR; and a resize that must
keep the cursor on its event. Expected counts and ids come from `dateline list --format
json`, never from numbers written here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from model.text import safe_text
from tui.keymap import all_bindings

from .tmux_driver import (
    DATELINE,
    chromatic_colours,
    dateline_json,
    poll,
    reverse_at,
    row_with,
    terminal_env,
    timeline_has_keyboard,
    typing_goes_to_a_text_field,
)

GLYPHS = "\u25cf\u25d0\u25cb\u25b8"  # ● confirmed, ◐ reported, ○ claimed, ▸ forecast
QUERY = "kind:capture"
EXPORT_NAME = re.compile(r"dateline-view-\d{8}-\d{6}\.toml")
EVENT_ROW = re.compile(f"[{GLYPHS}]")

TERMINALS = [
    pytest.param({"TERM": "xterm-256color"}, id="xterm-256color"),
    pytest.param({"TERM": "xterm", "NO_COLOR": "1"}, id="NO_COLOR-xterm"),
]


def status(shown: int, total: int) -> str:
    """The status line's count, as the explorer writes it."""
    return f"{shown} of {total} events"


def title_start(event: dict, length: int = 24) -> str:
    """The start of an event's title as drawn (short enough never to be cut)."""
    return safe_text(event["title"])[:length]


def separator(event: dict) -> str:
    """The day separator above the first event of a day."""
    day = dt.date.fromisoformat(event["date"]["earliest"])
    return f"\u2500\u2500 {day:%a} {day.day} {day:%b} {day.year} "


def event_rows(screen: str) -> list[str]:
    """The timeline rows (not separators, bars or the footer) on screen."""
    return [line for line in screen.split("\n") if EVENT_ROW.search(line)]


def shows_detail_of(screen: str, event: dict) -> bool:
    """True when the detail pane shows this event (its id is only drawn there)."""
    return re.search(rf"^\s*id\s+{re.escape(event['id'])}(\s|$)", screen, re.M) is not None


@pytest.mark.parametrize("term", TERMINALS)
def test_filter_export_help_quit(tmux, tmp_path: Path, term: dict[str, str]) -> None:
    everything = dateline_json()
    filtered = dateline_json("--filter", QUERY)
    events = everything["events"]
    assert 0 < filtered["count"] < everything["count"] <= 40
    session = tmux()
    session.start([str(DATELINE)], cwd=tmp_path, env=terminal_env(**term))

    # The bundled Sirte timeline, first rows on screen, the cursor on the first event.
    screen = session.wait_for(
        lambda s: status(everything["count"], everything["total"]) in s
        and all(title_start(e) in s for e in events[:2]) and timeline_has_keyboard(s),
        what="the Sirte timeline")
    assert separator(events[0]) in screen
    seen_glyphs = set(screen)
    escaped = session.screen(escapes=True)
    assert reverse_at(row_with(escaped, title_start(events[0])), title_start(events[0]))
    assert not reverse_at(row_with(escaped, title_start(events[1])), title_start(events[1]))
    colours = chromatic_colours(escaped)
    if "NO_COLOR" in term:
        assert colours == set(), "NO_COLOR is set, yet the screen has colours"
    else:
        assert colours, "no colours on screen without NO_COLOR"

    # The last events (the forecast) and back to the top.
    session.press("G")
    screen = session.wait_for(title_start(events[-1]))
    seen_glyphs |= set(screen)
    session.press("g")
    session.wait_for(lambda s: separator(events[0]) in s)
    # The certainty glyphs carry the meaning the colours add to; they must survive NO_COLOR.
    assert set(GLYPHS) <= seen_glyphs

    # Filter: `/`, the query, Enter applies it and returns to the timeline.
    session.press("/")
    session.wait_for(typing_goes_to_a_text_field, what="the filter bar to take the keyboard")
    session.type(QUERY)
    session.press("Enter")
    screen = session.wait_for(lambda s: status(filtered["count"], filtered["total"]) in s
                              and len(event_rows(s)) == filtered["count"]
                              and timeline_has_keyboard(s),
                              what=f"the {QUERY} rows")
    assert QUERY in screen
    for row in event_rows(screen):
        assert " capture " in row
    for event in filtered["events"]:
        assert title_start(event) in screen

    # Export: `e` offers a dated name in the current folder; Enter writes it.
    session.press("e")
    screen = session.wait_for("Export this view")
    assert "dateline-view-" in screen
    assert str(tmp_path) in screen
    session.press("Enter")
    written = poll(lambda: sorted(tmp_path.glob("dateline-view-*.toml")),
                   what="a dateline-view-*.toml file")
    assert len(written) == 1 and EXPORT_NAME.fullmatch(written[0].name)
    session.wait_for(lambda s: f"Wrote {filtered['count']} events" in s
                     and timeline_has_keyboard(s), what="the export to be written")
    assert not list(tmp_path.glob("*.dateline-tmp")) + list(tmp_path.glob(".*.dateline-tmp"))
    exported = dateline_json(str(written[0]))
    assert [e["id"] for e in exported["events"]] == [e["id"] for e in filtered["events"]]

    # Help lists every binding by its id; it scrolls at this size. (The export's toast
    # goes first: over the help's right edge it would hide the ends of its rows.)
    session.wait_gone("Wrote ")
    session.press("?")
    session.wait_for("Dateline keys")
    help_text = session.wait_stable()
    wanted = {b.id for _, group in all_bindings() for b in group if b.id}
    for _ in range(40):  # a page at a time: the query reference makes it long
        if all(name in help_text for name in wanted):
            break
        before = session.screen()
        session.press("PageDown")
        if session.wait_change(before) is None:
            break  # the end of the list
        help_text += session.wait_stable()
    assert "jump-to-date" in help_text
    assert sorted(name for name in wanted if name not in help_text) == [], help_text
    session.press("Escape")
    session.wait_gone("Dateline keys")
    session.wait_for(status(filtered["count"], filtered["total"]))

    session.press("q")
    assert session.wait_exit() == 0


def test_resize_keeps_the_cursor_on_its_event(tmux, tmp_path: Path) -> None:
    everything = dateline_json()
    events = everything["events"]
    # An event a few rows down whose title start is its own, so its row can be found.
    steps = next(i for i in range(3, len(events) - 1)
                 if [title_start(e, 12) for e in events].count(title_start(events[i], 12)) == 1)
    target, following = events[steps], events[steps + 1]
    session = tmux()
    session.start([str(DATELINE)], cwd=tmp_path, env=terminal_env(TERM="xterm-256color"))
    session.wait_for(lambda s: status(everything["count"], everything["total"]) in s
                     and title_start(events[0]) in s and timeline_has_keyboard(s),
                     what="the timeline")

    def detail_then_back(event: dict) -> None:
        # Enter shows the event under the cursor in full; Esc returns to the timeline.
        session.press("Enter")
        screen = session.wait_for(lambda s: shows_detail_of(s, event),
                                  what=f"the detail of {event['id']}")
        assert title_start(event, 20) in screen
        session.press("Escape")
        session.wait_for(lambda s: not shows_detail_of(s, event) and event_rows(s),
                         what="the timeline again")

    def resized(width: int, height: int) -> str:
        session.resize(width, height)
        assert session.size() == (width, height)

        def redrawn(screen: str) -> bool:
            lines = screen.split("\n")
            # The footer is on the last row again, and rows fit the new width.
            return (len(lines) >= height and "Mark" in lines[height - 1]
                    and bool(event_rows(screen))
                    and all(len(line) <= width for line in lines))
        screen = session.wait_for(redrawn, what=f"a redraw at {width}x{height}")

        def cursor_on_target(_screen: str) -> bool:
            # The cursor row is still there and still the same event. A resize is drawn over
            # several frames, so this is waited for rather than read from the first one.
            try:
                row = row_with(session.screen(escapes=True), title_start(target, 12))
            except AssertionError:
                return False
            return reverse_at(row, title_start(target, 12))

        session.wait_for(cursor_on_target, what=f"the cursor on {target['id']} after the resize")
        return screen

    session.press(*["j"] * steps)
    detail_then_back(target)

    resized(60, 20)
    detail_then_back(target)
    resized(80, 24)
    detail_then_back(target)

    # Still usable: the next event is one key away.
    session.press("j")
    detail_then_back(following)
    session.press("q")
    assert session.wait_exit() == 0

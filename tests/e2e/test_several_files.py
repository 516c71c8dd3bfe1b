"""Two files as one timeline in a real terminal (tmux at 120x30), as a person uses it: both
files' tags on the rows, a filter by file, lanes by file and by actor, the same event in
the other file opened from the detail pane and rejected, the view exported and opened again
with the rejection kept."""

from __future__ import annotations

import re
from pathlib import Path

from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.days import Day
from model.event import Certainty, Event, GeoPrecision, Place
from model.kinds import EventKind
from tests.model.dateline_strategies import write_dataset

CERTAINTY_GLYPHS = "\u25cf\u25d0\u25cb"  # ● confirmed, ◐ reported, ○ claimed

from .tmux_driver import DATELINE, dateline_json, poll, terminal_env, timeline_has_keyboard


def _event(event_id: str, title: str, day: int, kind: EventKind, lat: float,
           lon: float = 16.6, place: str = "Sirte") -> Event:
    return Event(event_id, title, kind, DateSpan.day(Day(2016, 6, day)), Certainty.REPORTED,
                 Place(place, None, "Libya", lat, lon, GeoPrecision.EXACT))


def _files(folder: Path) -> tuple[Path, Path]:
    report = write_dataset(folder / "report.toml", DatasetInfo("The report"), [
        _event("claim", "GNA forces take the port", 9, EventKind.CAPTURE, 31.20),
        _event("alone", "Protest in Tripoli", 20, EventKind.PROTEST, 32.9, 13.2, "Tripoli")])
    coded = write_dataset(folder / "coded.toml", DatasetInfo("The coding"), [
        _event("LBY1", "Battle for the port of Sirte", 9, EventKind.CAPTURE, 31.25),
        _event("LBY2", "Clash south of Sirte", 25, EventKind.CLASH, 30.9)])
    return report, coded


def _row(screen: str, title: str) -> str:
    """The timeline's row of an event (the left pane: the detail shows titles too)."""
    return next(line for line in _timeline(screen).split("\n") if title in line)


def _timeline(screen: str) -> str:
    """The timeline's rows of events (a certainty glyph first; the detail pane, to the
    right of the rows, says titles too)."""
    return "\n".join(line[:70] for line in screen.split("\n")
                     if line.lstrip()[:1] in CERTAINTY_GLYPHS)


def test_two_files_a_match_rejected_and_kept_in_the_view(tmux, tmp_path: Path) -> None:
    report, coded = _files(tmp_path)
    listed = dateline_json(str(report), str(coded), "--filter", "corroborated")
    assert sorted(e["id"] for e in listed["events"]) == ["LBY1", "claim"]
    session = tmux()
    session.start([str(DATELINE), report.name, coded.name], cwd=tmp_path,
                  env=terminal_env(TERM="xterm-256color"), width=120, height=30)

    # Both files' tags, and the mark of an event another file has too.
    screen = session.wait_for(lambda s: "4 of 4 events" in s and timeline_has_keyboard(s)
                              and "Battle for the port" in s, what="both files open")
    assert "RE report 2, CO coded 2" in screen
    assert " RE\u2261 " in _row(screen, "GNA forces take") and \
        " CO\u2261 " in _row(screen, "Battle for the port")
    assert " RE  " in _row(screen, "Protest in Tripoli")

    # A filter by file.
    session.press("/")
    session.type("file:CO")
    session.press("Enter")
    screen = session.wait_for(lambda s: "2 of 4 events" in s and timeline_has_keyboard(s))
    rows = _timeline(screen)
    assert "GNA forces take" not in rows and "Clash south of Sirte" in rows
    session.press("/", "C-u", "Enter")
    session.wait_for(lambda s: "4 of 4 events" in s and timeline_has_keyboard(s))

    # Lanes by file, side by side at 120 columns: one line for the day both files report.
    session.press("b")
    screen = session.wait_for(lambda s: "RE report \u00b7 2" in s and "CO coded \u00b7 2" in s,
                              what="lanes by file")
    same_day = next(line for line in screen.split("\n") if "GNA forces take" in line)
    assert "Battle for the port" in same_day.split("\u258f")[0]
    session.press("b")
    session.wait_for("no actor \u00b7 4", what="lanes by actor")
    session.press("b")
    session.wait_for(lambda s: "Lanes off" in s and " RE\u2261 " in _timeline(s))

    # The report's claim: its detail leads with the same event in the other file.
    session.press("Home", "Enter")
    session.wait_for(lambda s: re.search(r"^.*\u258f\s*id\s+claim\s*$", s, re.M) is not None,
                     what="the claim's detail")
    session.press("Tab")
    screen = session.wait_for(lambda s: "the same event in CO" in s, what="the match")
    assert "Battle for the port" in screen.split("related events")[1]

    # Rejected: never shown as corroboration again, and said to be the person's decision.
    session.press("x")
    screen = session.wait_for(lambda s: "rejected by" in s and " RE  " in _row(
        s, "GNA forces take"), what="the rejection")

    # Exported (the whole view) and opened again: the rejection is kept.
    session.press("Escape")  # (a key just after Escape would be read as Alt+key)
    session.wait_stable()
    session.press("e")
    session.wait_for("Export this view")
    session.press("C-u")
    session.type(str(tmp_path / "both.toml"))
    session.press("Enter")
    view = tmp_path / "both.toml"
    poll(view.exists, what="the view file")
    session.wait_for(lambda s: "Wrote 4 events" in s and timeline_has_keyboard(s))
    session.press("q")
    assert session.wait_exit() == 0

    reopened = dateline_json(str(view), "--filter", "corroborated")
    assert reopened["count"] == 0
    again = tmux()
    again.start([str(DATELINE), view.name], cwd=tmp_path,
                env=terminal_env(TERM="xterm-256color"), width=120, height=30)
    screen = again.wait_for(lambda s: "4 of 4 events" in s and timeline_has_keyboard(s)
                            and "GNA forces take" in s, what="the view open")
    assert " RE  " in _row(screen, "GNA forces take")
    again.press("Enter")
    again.wait_for(lambda s: re.search(r"^.*\u258f\s*id\s+claim\s*$", s, re.M) is not None,
                   what="the claim's detail")
    again.press("Tab")
    again.wait_for(lambda s: "nearest in CO, not the same: rejected by" in s,
                   what="the rejection kept")
    again.press("q")
    assert again.wait_exit() == 0

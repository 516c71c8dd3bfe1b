"""A person's keys file, in a real terminal: `/` and `e` moved to other keys work, the
footer and the help show the keys in force, and a bad file says so and changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from .tmux_driver import (
    DATELINE,
    TmuxSession,
    dateline_json,
    terminal_env,
    timeline_has_keyboard,
    typing_goes_to_a_text_field,
)


def _keys_file(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "dateline" / "keys.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _filter_with(session: TmuxSession, key: str) -> None:
    """`key`, a filter typed and applied, and its rows shown (counted by `dateline list`).
    As a person does, the typing starts once the bar has the keyboard: what is tested here
    is the key, not type-ahead (tests/tui/test_type_ahead.py)."""
    session.press(key)
    session.wait_for(typing_goes_to_a_text_field, what=f"the filter bar opened with {key}")
    session.type("kind:capture")
    session.press("Enter")
    captures = dateline_json("--filter", "kind:capture")
    session.wait_for(f"{captures['count']} of {captures['total']} events",
                     what=f"the filter applied with {key}")


def test_keys_remapped_in_a_keys_file_work_and_are_shown(tmux, tmp_path: Path) -> None:
    _keys_file('[keys]\nfilter = "F"\nexport-view = "X"\n')
    session = tmux()
    session.start([str(DATELINE)], cwd=tmp_path, env=terminal_env(TERM="xterm-256color"))
    screen = session.wait_for(lambda s: " events" in s and timeline_has_keyboard(s),
                              what="the timeline")
    footer = screen.rstrip("\n").split("\n")[-1]
    assert "F Filter" in footer and "X Export" in footer, footer
    assert "/ Filter" not in footer and "e Export" not in footer, footer
    _filter_with(session, "F")
    session.press("X")
    session.wait_for("Export this view", what="the export dialog opened with X")
    session.press("Escape")
    session.wait_gone("Export this view")
    session.press("?")
    session.wait_for("Dateline keys", what="the help")
    seen: set[str] = set()
    for _ in range(12):  # a page at a time down the help, as a person reads it
        seen.update(" ".join(line.replace("\u2502", " ").split())
                    for line in session.wait_stable().split("\n"))
        if any(" X export-view " in f" {r} " for r in seen):
            break
        session.press("PageDown")
    # (A row of the help may have the timeline's edge beside it: the help is over it.)
    assert any(" F filter " in f" {row} " for row in seen), [r for r in seen if "filter" in r]
    assert any(" X export-view " in f" {row} " for row in seen), sorted(seen)
    session.press("Escape")
    session.wait_for(lambda s: "export-view" not in s and timeline_has_keyboard(s),
                     what="the timeline again")
    session.press("q")
    assert session.wait_exit() == 0


def test_a_bad_keys_file_is_said_and_the_default_keys_stay(tmux, tmp_path: Path) -> None:
    _keys_file('[keys]\nfilter = "F"\njump-to-dat = "T"\n')
    session = tmux()
    session.start([str(DATELINE)], cwd=tmp_path, env=terminal_env(TERM="xterm-256color"),
                  width=120, height=30)
    screen = session.wait_for("jump-to-dat", what="the keys file's problem")
    assert "line 3" in screen and "did you mean 'jump-to-date'" in screen, screen
    _filter_with(session, "/")
    session.press("q")
    assert session.wait_exit() == 0

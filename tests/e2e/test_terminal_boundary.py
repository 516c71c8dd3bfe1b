"""The real program in a real terminal (tmux) on files full of terminal controls: the pane
title and tmux's paste buffers (written by OSC 52) stay untouched, and the controls show
as visible characters. tmux is told to take OSC 52 from programs (set-clipboard on), so a
clipboard write that got through would leave a buffer behind."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
from pathlib import Path

from .tmux_driver import DATELINE, TmuxSession, terminal_env, timeline_has_keyboard

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
FAMILIES = HOSTILE / "terminal-families.toml"
VIEW = HOSTILE / "hostile-view.toml"
ACLED = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-2020-export-tool.csv"
SGR = re.compile(r"\x1b\[[0-9;:]*m")


def _session(tmux, tmp_path: Path, command: list[str], *, width: int = 160,
             height: int = 45) -> TmuxSession:
    session: TmuxSession = tmux()
    with session.conf.open("a") as conf:
        conf.write("set -g set-clipboard on\n")
    session.start(command, cwd=tmp_path, env=terminal_env(TERM="xterm-256color"),
                  width=width, height=height)
    return session


def _assert_untouched(session: TmuxSession) -> str:
    """The pane title and the paste buffers as no file set them; the screen, escapes kept
    (capture-pane -e), holds no escape but colours."""
    title = session.tmux("display-message", "-p", "-t", session.target, "#{pane_title}")
    assert "PWNED" not in title, title
    assert session.tmux("list-buffers") == ""
    screen = session.screen(escapes=True)
    assert "\x1b" not in SGR.sub("", screen), repr(screen)
    return SGR.sub("", screen)


def test_opening_a_hostile_view(tmux, tmp_path: Path) -> None:
    session = _session(tmux, tmp_path, [str(DATELINE), str(VIEW)])
    session.wait_for(lambda s: "9 of 9 events" in s and timeline_has_keyboard(s),
                     what="the view")
    screen = _assert_untouched(session)
    assert "\u241b]0;PWNED-QUERY\u241b\\" in screen  # the query, in the filter bar
    session.press("i")  # the histogram's title shows the query too
    session.wait_for("Events per")
    assert "\u241b]0;PWNED-QUERY" in _assert_untouched(session)
    session.press("Escape")
    session.wait_for(timeline_has_keyboard)
    session.press("q")
    assert session.wait_exit() == 0


def test_picking_a_hostile_facet_value(tmux, tmp_path: Path) -> None:
    session = _session(tmux, tmp_path, [str(DATELINE), str(FAMILIES)])
    session.wait_for(lambda s: "9 of 9 events" in s and timeline_has_keyboard(s),
                     what="the timeline")
    session.press("f")
    session.wait_for("tag:")
    _assert_untouched(session)
    # The tags come last, by name: apc bidi c1 clip dcs osc-bel pm tags zero.
    session.press("End", "Up", "Up", "Up", "Up", "Up", "Enter")
    screen = session.wait_for("1 of 9 events")
    assert r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"' in screen
    assert "OSC ended by ST" in screen
    _assert_untouched(session)
    session.press("q")
    assert session.wait_exit() == 0


def test_typing_a_hostile_completion(tmux, tmp_path: Path) -> None:
    session = _session(tmux, tmp_path, [str(DATELINE), str(FAMILIES)])
    session.wait_for(lambda s: "9 of 9 events" in s and timeline_has_keyboard(s),
                     what="the timeline")
    session.press("/")
    session.type('tag:"cli')
    screen = session.wait_for(r"\u001b]52;c;UFdORUQ=", what="the completion, escaped")
    _assert_untouched(session)
    assert r'tag:"clip\u001b]52;c;UFdORUQ=\u001b\\"' in screen
    session.press("Right", "Enter")
    session.wait_for("1 of 9 events")
    _assert_untouched(session)
    session.press("q")
    assert session.wait_exit() == 0


def test_importing_a_file_with_a_hostile_name(tmux, tmp_path: Path) -> None:
    name = "x\x1b]0;PWNED\x1b\\.csv"
    shutil.copy(ACLED, tmp_path / name)
    session = _session(tmux, tmp_path, [str(DATELINE), name])
    # The loading screen said "Opening x\u241b]0;PWNED\u241b\\.csv" on the way: had the name
    # reached the terminal raw, the pane would be titled PWNED for good.
    session.wait_for(lambda s: "events" in s and timeline_has_keyboard(s), what="the import")
    _assert_untouched(session)
    session.press("q")
    assert session.wait_exit() == 0


def test_an_export_to_a_terminal_shows_controls_as_text(tmux, tmp_path: Path) -> None:
    for fmt in ("csv", "timelinejs", "toml"):
        session = _session(tmux, tmp_path, [str(DATELINE), "export", str(FAMILIES),
                                            "--format", fmt, "-o", "-"], height=200)
        assert session.wait_exit() == 0
        _assert_untouched(session)
    session = _session(tmux, tmp_path, [str(DATELINE), "list", str(FAMILIES)])
    assert session.wait_exit() == 0
    assert "\u241b]0;PWNED-ST" in _assert_untouched(session)


def _on_a_terminal(*args: str, cwd: Path) -> tuple[str, str]:
    """Run dateline with its standard output on a terminal (a pty): what the terminal
    received, and standard error."""
    main, terminal = pty.openpty()
    process = subprocess.Popen([str(DATELINE), *args], stdout=terminal, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, cwd=cwd, env=terminal_env())
    os.close(terminal)
    received = bytearray()
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the program has ended and closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(main)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=30) == 0, stderr
    return received.decode().replace("\r\n", "\n"), stderr


UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                    "\ufeff\U000e0000-\U000e007f]")


def test_standard_output_on_a_terminal_is_made_safe(tmp_path: Path) -> None:
    for args in (("export", str(FAMILIES), "--format", "csv", "-o", "-"),
                 ("export", str(FAMILIES), "--format", "toml", "-o", "-"),
                 ("list", str(FAMILIES))):
        received, stderr = _on_a_terminal(*args, cwd=tmp_path)
        assert not UNSAFE.search(received), (args, received)
        assert not UNSAFE.search(stderr.replace("\n", "")), (args, stderr)
    assert "clip\u241b]52;c;UFdORUQ=\u241b\\" in _on_a_terminal(
        "export", str(FAMILIES), "--format", "csv", "-o", "-", cwd=tmp_path)[0]


def test_standard_output_to_a_file_keeps_every_byte(tmp_path: Path) -> None:
    # Off a terminal, the export is the data itself (the boundary is for terminals only).
    result = subprocess.run([str(DATELINE), "export", str(FAMILIES), "--format", "csv", "-o",
                             "-"], capture_output=True, cwd=tmp_path, env=terminal_env(),
                            timeout=60, check=True)
    assert "clip\x1b]52;c;UFdORUQ=\x1b\\".encode() in result.stdout

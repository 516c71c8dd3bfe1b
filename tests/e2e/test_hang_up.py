"""A terminal that goes away (a dropped SSH connection) ends the explorer, even when the
hang-up signal never reaches it (started by make, or by a wrapper that ignores it), and an
export it cuts short leaves nothing behind and the file it was replacing as it was."""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path

import pytest

from model.safe_write import TEMP_SUFFIX
from tui.app import HANG_UP_EXIT

from .test_nothing_lost import previous_view, write_big_dataset
from .tmux_driver import DATELINE, poll, terminal_env, timeline_has_keyboard


def _running(pid: int) -> bool:
    """Whether a process still runs (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_the_explorer_ends_when_its_terminal_hangs_up_and_the_signal_is_ignored(
        tmux, tmp_path: Path) -> None:
    session = tmux()
    pidfile = tmp_path / "explorer.pid"
    # An ignored signal stays ignored across exec: the explorer never hears the hang-up.
    script = (f"trap '' HUP; echo $$ > {shlex.quote(str(pidfile))}; "
              f"exec {shlex.quote(str(DATELINE))}")
    session.start(["sh", "-c", script], cwd=tmp_path, env=terminal_env(TERM="xterm"))
    session.wait_for("events", what="the explorer on the bundled dataset")
    pid = int(pidfile.read_text())
    assert _running(pid)
    session.close()  # the terminal goes away, as with a dropped connection
    deadline = time.monotonic() + 15
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    still = _running(pid)
    if still:
        os.kill(pid, signal.SIGKILL)  # never leave it spinning behind the test
    assert not still, "the explorer kept running on a terminal that is gone"


@pytest.mark.parametrize("hang_up", ["signalled", "signal-ignored"])
def test_a_hang_up_in_the_middle_of_an_export_loses_nothing(tmux, tmp_path: Path,
                                                            hang_up: str) -> None:
    # The explorer exports a big view over an earlier file; the terminal goes away while the
    # temporary is being written. Either the hang-up signal reaches the explorer (its
    # handler removes the temporary, then the process ends by that signal) or it is ignored
    # (the explorer sees the terminal gone and leaves with the same status): 129 either way.
    source = tmp_path / "big.toml"
    write_big_dataset(source, 20_000)
    out, before = previous_view(tmp_path)
    status_file = tmp_path / "status"
    # The shell outlives the hang-up to say how the explorer ended: it traps the signal
    # (an exec'd program then gets it as usual) or ignores it (the program too).
    trap = "trap ':' HUP" if hang_up == "signalled" else "trap '' HUP"
    script = (f"{trap}; {shlex.quote(str(DATELINE))} {shlex.quote(source.name)}; "
              f"echo $? > {shlex.quote(str(status_file))}.part && "
              f"mv {shlex.quote(str(status_file))}.part {shlex.quote(str(status_file))}")
    session = tmux()
    session.start(["sh", "-c", script], cwd=tmp_path, env=terminal_env(TERM="xterm"),
                  width=120, height=30)
    session.wait_for(lambda s: "20,000 of 20,000 events" in s and timeline_has_keyboard(s),
                     timeout=120, what="the explorer on the big dataset")
    session.press("e")
    session.wait_for("Export this view")
    session.press("C-u")
    session.type(out.name)
    session.wait_for(lambda s: f"{out.name}" in s and "dateline-view-" not in s,
                     what="the export target typed")
    session.press("Enter")
    session.wait_for("Replace it?")
    session.press("y")
    pattern = f".{out.name}.*{TEMP_SUFFIX}"
    poll(lambda: any(tmp_path.glob(pattern)), timeout=60, what="the export's temporary file")
    session.wait_for(lambda s: "%" in s, what="the export's progress")
    assert not status_file.exists() and any(tmp_path.glob(pattern)), \
        "the export ended before the hang-up"
    session.close()  # the terminal goes away in the middle of the export

    poll(status_file.exists, timeout=30, what="the explorer to end")
    assert status_file.read_text().strip() == str(HANG_UP_EXIT)
    assert sorted(p.name for p in tmp_path.glob(f"*{TEMP_SUFFIX}")) == []
    assert sorted(p.name for p in tmp_path.glob(f".*{TEMP_SUFFIX}")) == []
    assert out.read_bytes() == before

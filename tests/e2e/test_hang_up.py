"""A terminal that goes away (a dropped SSH connection) ends the explorer, even when the
hang-up signal never reaches it (started by make, or by a wrapper that ignores it)."""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path

from .tmux_driver import DATELINE, terminal_env


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

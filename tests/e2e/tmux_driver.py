"""Drive the real `dateline` program in a detached tmux session, the way a person would.

Every session runs on a private tmux server (`tmux -L <unique name>`), so tests never touch
anyone's own tmux, and closing the session kills exactly that server. Screens are read with
`capture-pane`, and every wait polls the screen until a condition holds or a timeout passes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# The console script installed next to the interpreter running the tests (.venv/bin).
DATELINE = Path(sys.executable).parent / "dateline"
TIMEOUT = 30.0
"""Generous: waits end as soon as the screen is right, so this only matters on failure."""
POLL = 0.05

TMUX_CONF = """\
set -g remain-on-exit on
set -g status off
set -g default-shell /bin/sh
set -g history-limit 2000
"""


def tmux_missing() -> str | None:
    """Why the tmux tests cannot run here, or None when they can."""
    if shutil.which("tmux") is None:
        return "tmux is not installed (.ci/run installs it with apt-get when run as root)"
    if not DATELINE.exists():
        return f"the dateline command is not installed at {DATELINE} (run `make test`)"
    return None


def run_dateline(*args: str, cwd: Path | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run a headless `dateline` command; output stays bytes."""
    return subprocess.run([str(DATELINE), *args], cwd=cwd, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=timeout, check=False)


def dateline_json(*args: str, cwd: Path | None = None) -> dict:
    """`dateline list ARGS --format json`, parsed."""
    result = run_dateline("list", *args, "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return json.loads(result.stdout)


def terminal_env(**overrides: str) -> dict[str, str]:
    """A small, explicit environment for the program under test.

    Nothing from the developer's own terminal leaks in (no NO_COLOR, COLORTERM or TEXTUAL
    settings) unless a test asks for it.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(overrides)
    return env


def poll(check: Callable[[], object], *, timeout: float = TIMEOUT, what: str = "") -> object:
    """Call `check` until it returns something true; that value. Fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or check}")
        time.sleep(POLL)


class TmuxSession:
    """One program running in one detached tmux session on a private server."""

    def __init__(self, workdir: Path) -> None:
        self.name = f"dl{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.socket = f"dateline-e2e-{self.name}"
        self.conf = workdir / f"{self.name}.tmux.conf"
        self.conf.write_text(TMUX_CONF)
        self.target = f"{self.name}:0.0"
        self.status_file = workdir / f"{self.name}.status"
        self.started = False
        self.socket_path = ""
        self._dead_since: float | None = None

    # -- tmux itself ----------------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run a tmux command against this session's private server."""
        env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        env.setdefault("LANG", "C.UTF-8")
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", str(self.conf), *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            stdin=subprocess.DEVNULL, env=env, timeout=20, check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
              width: int = 80, height: int = 24) -> None:
        """Start `command` (run with exactly `env` when given) in a width x height window."""
        argv = list(command)
        if env is not None:
            argv = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), *argv]
        # Run it, then record its exit status (written whole, then moved into place).
        status = shlex.quote(str(self.status_file))
        argv = ["sh", "-c", f'"$@"; echo $? > {status}.part && mv {status}.part {status}',
                "sh", *argv]
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                  "-c", str(cwd), shlex.join(argv))
        self.started = True
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def close(self) -> None:
        """Kill this session's tmux server and everything running in it."""
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
            # tmux leaves its socket file behind.
            if self.socket_path.endswith(self.socket):
                Path(self.socket_path).unlink(missing_ok=True)
        self.conf.unlink(missing_ok=True)
        self.status_file.unlink(missing_ok=True)

    # -- reading the screen ---------------------------------------------------------------

    def screen(self, *, escapes: bool = False) -> str:
        """The visible screen as text (with SGR escape sequences when `escapes`)."""
        args = ["capture-pane", "-p", "-t", self.target]
        if escapes:
            args.insert(2, "-e")
        return self.tmux(*args)

    def size(self) -> tuple[int, int]:
        """The pane's width and height."""
        width, height = self.tmux("display-message", "-p", "-t", self.target,
                                  "#{pane_width} #{pane_height}").split()
        return int(width), int(height)

    def wait_for(self, condition: str | Callable[[str], bool], *, timeout: float = TIMEOUT,
                 what: str = "") -> str:
        """Poll until the screen contains `condition` (or the predicate holds); the screen."""
        check = (lambda text: condition in text) if isinstance(condition, str) else condition
        label = what or (repr(condition) if isinstance(condition, str) else "the condition")
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if check(text):
                return text
            dead = self.exit_status()
            if dead is not None:
                raise AssertionError(f"the program exited ({dead}) while waiting for {label}; "
                                     f"last screen:\n{self._history()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {label}; "
                                     f"last screen:\n{text}")
            time.sleep(POLL)

    def wait_gone(self, text: str, *, timeout: float = TIMEOUT) -> str:
        """Poll until `text` is no longer on screen."""
        return self.wait_for(lambda screen: text not in screen, timeout=timeout,
                             what=f"{text!r} to disappear")

    def wait_change(self, before: str, *, timeout: float = 3.0) -> str | None:
        """The screen once it differs from `before`, or None if it stays the same."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if text != before:
                return text
            time.sleep(POLL)
        return None

    def wait_stable(self, *, quiet: float = 0.3, timeout: float = TIMEOUT) -> str:
        """The screen once it has not changed for `quiet` seconds (an animation has ended)."""
        deadline = time.monotonic() + timeout
        text = self.screen()
        since = time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen kept changing for {timeout}s:\n{text}")
            time.sleep(POLL)
            now = self.screen()
            if now != text:
                text, since = now, time.monotonic()
        return text

    def _history(self) -> str:
        return self.tmux("capture-pane", "-p", "-S", "-200", "-t", self.target, check=False)

    # -- typing ---------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Send named keys (Enter, Escape, PageDown, j, ...)."""
        self.tmux("send-keys", "-t", self.target, *keys)

    def type(self, text: str) -> None:
        """Send text literally, character by character as typed."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def resize(self, width: int, height: int) -> None:
        """Resize the window, as a person resizing their terminal would."""
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    # -- the process ------------------------------------------------------------------------

    def exit_status(self) -> int | None:
        """The program's exit status once it has ended, None while it runs.

        The command writes its status to a file as it ends: tmux's own pane_dead_status
        is sometimes left empty when the pane's process is reaped before its terminal closes.
        """
        try:
            text = self.status_file.read_text()
        except FileNotFoundError:
            text = ""
        if text.strip().isdigit():
            return int(text)
        dead = self.tmux("display-message", "-p", "-t", self.target, "#{pane_dead}",
                         check=False).strip()
        if dead != "1":
            self._dead_since = None
            return None
        # Dead without a status: the wrapper itself was killed. Allow it a moment first.
        if self._dead_since is None:
            self._dead_since = time.monotonic()
        return -1 if time.monotonic() - self._dead_since > 2 else None

    def wait_exit(self, *, timeout: float = TIMEOUT) -> int:
        """Poll until the program has ended; its exit status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.exit_status()
            if status is not None:
                return status
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not exit within {timeout}s; screen:\n"
                                     f"{self.screen()}")
            time.sleep(POLL)


def footer(screen: str) -> str:
    """The last non-empty row: the footer with the keys that work right now."""
    rows = [row for row in screen.split("\n") if row.strip()]
    return rows[-1] if rows else ""


def timeline_has_keyboard(screen: str) -> bool:
    """True once the timeline has the keyboard: the footer offers its letter keys.

    The footer fills in last, after the first rows are drawn (over SSH visibly so); keys
    sent before then can be lost, so tests wait for this before typing.
    """
    return "Export" in footer(screen)


def typing_goes_to_a_text_field(screen: str) -> bool:
    """True once a text field has the keyboard: the footer stops offering letter keys.

    Keys typed in one burst right after `/` already reach the bar (see tests/tui/
    test_type_ahead.py); tests wait for this anyway, to read the screen in a known state.
    """
    return not timeline_has_keyboard(screen)


# -- reading styles from `capture-pane -e` ---------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def _colour_is_grey(params: list[int], i: int) -> tuple[bool, int]:
    """Whether the extended colour starting at params[i] (38 or 48) is grey; next index."""
    if i + 1 < len(params) and params[i + 1] == 5 and i + 2 < len(params):
        n = params[i + 2]
        if n in (0, 7, 8, 15) or n >= 232:
            return True, i + 3
        if 16 <= n <= 231:
            n -= 16
            r, g, b = n // 36, (n // 6) % 6, n % 6
            return r == g == b, i + 3
        return False, i + 3
    if i + 1 < len(params) and params[i + 1] == 2 and i + 4 < len(params):
        r, g, b = params[i + 2:i + 5]
        return r == g == b, i + 5
    return True, i + 1


def chromatic_colours(screen_with_escapes: str) -> set[str]:
    """The SGR colour codes on screen that are not black, white or grey."""
    found: set[str] = set()
    for match in _SGR.finditer(screen_with_escapes):
        params = [int(p) if p else 0 for p in re.split("[;:]", match.group(1))]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48):
                grey, nxt = _colour_is_grey(params, i)
                if not grey:
                    found.add(";".join(map(str, params[i:nxt])))
                i = nxt
                continue
            if 31 <= p <= 36 or 41 <= p <= 46 or 91 <= p <= 96 or 101 <= p <= 106:
                found.add(str(p))
            i += 1
    return found


def reverse_at(line_with_escapes: str, needle: str) -> bool:
    """Whether the first character of `needle` in this screen row is drawn in reverse video."""
    reverse = False
    flags: list[bool] = []
    plain: list[str] = []
    position = 0
    for match in [*_SGR.finditer(line_with_escapes), None]:
        chunk = line_with_escapes[position:match.start() if match else None]
        plain.append(chunk)
        flags.extend([reverse] * len(chunk))
        if match is None:
            break
        position = match.end()
        params = [int(p) if p else 0 for p in re.split("[;:]", match.group(1))]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48):
                i = _colour_is_grey(params, i)[1]
                continue
            if p in (0, 27):
                reverse = False
            elif p == 7:
                reverse = True
            i += 1
    index = "".join(plain).find(needle)
    if index < 0:
        raise AssertionError(f"{needle!r} is not in the row {''.join(plain)!r}")
    return flags[index]


def row_with(screen_with_escapes: str, needle: str) -> str:
    """The first row (escapes kept) whose text contains `needle`."""
    for line in screen_with_escapes.split("\n"):
        if needle in _SGR.sub("", line):
            return line
    raise AssertionError(f"no row contains {needle!r}")

"""The explorer over SSH: a throwaway sshd on 127.0.0.1, a throwaway key, the real program.

The server accepts exactly one key generated for the test run, listens only on the loopback
address and a free port, and is stopped when the module's tests end. Without sshd (the
openssh-server package; .ci/run installs it as root) these tests skip and say why.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from model.loading import bundled_dataset_path

from .tmux_driver import (
    DATELINE,
    chromatic_colours,
    dateline_json,
    terminal_env,
    timeline_has_keyboard,
    typing_goes_to_a_text_field,
)

SSHD = Path("/usr/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")
QUERY = "certainty:claimed"
CLAIMED = "\u25cb"  # ○

TERMINALS = [
    pytest.param({"TERM": "xterm-256color"}, id="xterm-256color"),
    pytest.param({"TERM": "vt100", "NO_COLOR": "1"}, id="NO_COLOR-vt100"),
]


@dataclass(frozen=True)
class SshServer:
    """How to reach the throwaway server."""

    port: int
    key: Path
    user: str

    def command(self, remote: str, *, tty: bool = True) -> list[str]:
        """An ssh command line that runs `remote` on the server (in a pseudo-terminal)."""
        return [
            "ssh", "-tt" if tty else "-T", "-F", "/dev/null", "-i", str(self.key),
            "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=20", f"{self.user}@localhost", remote,
        ]


def _missing() -> str | None:
    if not SSHD.exists():
        return f"{SSHD} is not installed (the openssh-server package; .ci/run installs it)"
    for tool in ("ssh", "ssh-keygen", "tmux"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dateline-e2e",
                    "-f", str(path)], check=True, stdin=subprocess.DEVNULL,
                   capture_output=True, timeout=30)


def _config(folder: Path, port: int, user: str) -> Path:
    config = folder / "sshd_config"
    config.write_text(f"""\
ListenAddress 127.0.0.1
Port {port}
HostKey {folder / "host_key"}
PidFile {folder / "sshd.pid"}
AuthorizedKeysFile {folder / "authorized_keys"}
AllowUsers {user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PermitEmptyPasswords no
StrictModes no
UsePAM no
PermitTTY yes
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
""")
    return config


def _wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> str | None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return f"sshd exited with status {server.returncode}: {_tail(log)}"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return None
        time.sleep(0.05)
    return f"sshd did not listen on 127.0.0.1:{port} within 15s: {_tail(log)}"


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " | ".join(lines[-3:]) or "(empty log)"


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A private sshd for this module, stopped afterwards; skips with the reason if none."""
    reason = _missing()
    if reason:
        print(f"sshd not available: {reason}")
        pytest.skip(f"sshd not available: {reason}")
    folder = tmp_path_factory.mktemp("sshd")
    user = pwd.getpwuid(os.getuid()).pw_name
    _keygen(folder / "host_key")
    _keygen(folder / "user_key")
    (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
    made_privsep = False
    if not PRIVSEP_DIR.exists():
        try:
            PRIVSEP_DIR.mkdir(mode=0o755, parents=True)
            made_privsep = True
        except OSError as error:
            print(f"cannot create {PRIVSEP_DIR}: {error}")
    log = folder / "sshd.log"
    server = None
    try:
        failure = None
        for _attempt in range(3):  # another process may take the free port first
            port = _free_port()
            config = _config(folder, port, user)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
            with log.open("ab") as sink:
                server = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)],
                                          stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
                                          env=env)
            failure = _wait_for_port(port, server, log)
            if failure is None:
                break
            _stop(server)
        if failure is not None:
            print(f"sshd not available: {failure}")
            pytest.skip(f"sshd not available: {failure}")
        assert server is not None
        ssh = SshServer(port, folder / "user_key", user)
        probe = subprocess.run(ssh.command("true", tty=False),
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=60, check=False)
        if probe.returncode != 0:
            why = (probe.stderr.strip() or f"status {probe.returncode}") + f"; {_tail(log)}"
            print(f"sshd not available: the test server refused the test key: {why}")
            pytest.skip(f"sshd not available: the test server refused the test key: {why}")
        yield ssh
    finally:
        if server is not None:
            _stop(server)
        if made_privsep:
            with contextlib.suppress(OSError):
                PRIVSEP_DIR.rmdir()


@pytest.mark.parametrize("term", TERMINALS)
def test_explore_filter_export_over_ssh(sshd: SshServer, tmux, tmp_path: Path,
                                        term: dict[str, str]) -> None:
    everything = dateline_json()
    filtered = dateline_json("--filter", QUERY)
    assert 0 < filtered["count"] < everything["count"]
    data = bundled_dataset_path().resolve()
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in term.items())
    remote = (f"cd {shlex.quote(str(tmp_path))} && {settings} "
              f"{shlex.quote(str(DATELINE))} {shlex.quote(str(data))}")
    session = tmux()
    session.start(sshd.command(remote), cwd=tmp_path, env=terminal_env(TERM="xterm-256color"))

    session.wait_for(lambda s: f"{everything['count']} of {everything['total']} events" in s
                     and timeline_has_keyboard(s), what="the timeline over ssh")
    session.press("/")
    session.wait_for(typing_goes_to_a_text_field, what="the filter bar to take the keyboard")
    session.type(QUERY)
    session.press("Enter")
    screen = session.wait_for(lambda s: f"{filtered['count']} of {filtered['total']} events"
                              in s and timeline_has_keyboard(s), what=f"the {QUERY} rows")
    assert QUERY in screen
    for event in filtered["events"]:
        assert event["title"][:24] in screen
    assert CLAIMED in screen
    colours = chromatic_colours(session.screen(escapes=True))
    if "NO_COLOR" in term:
        assert colours == set()
    else:
        assert colours

    session.press("e")
    session.wait_for("Export this view")
    session.press("Enter")
    session.wait_for(f"Wrote {filtered['count']} events")
    written = sorted(tmp_path.glob("dateline-view-*.toml"))
    assert len(written) == 1
    exported = dateline_json(str(written[0]))
    assert [e["id"] for e in exported["events"]] == [e["id"] for e in filtered["events"]]
    assert exported["query"] == QUERY

    session.press("q")
    # ssh exits with the remote program's status.
    assert session.wait_exit() == 0

"""Running a command with a folder it cannot write: read-only, or full.

As root, permissions do not stop a write, so the folder becomes a small tmpfs in a private
mount namespace of the command (`unshare -m`), remounted read-only or filled; where mounting
is not allowed, the command runs under RLIMIT_FSIZE instead (every write past the limit
fails, as on a full disk). As anyone else, a read-only folder is a folder without write
permission. Nothing here is ever skipped for being root.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


CAN_MOUNT = _can_mount()


def _limit_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_constrained(command: Sequence[str], folder: Path, how: str, *,
                    env: dict[str, str] | None = None, cwd: Path | None = None,
                    timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run `command` with `folder` read-only (`how="read-only"`) or nearly full
    (`how="full"`: a few hundred KB of room)."""
    folder.mkdir(parents=True, exist_ok=True)
    run = dict(capture_output=True, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
               timeout=timeout, check=False)
    if CAN_MOUNT:
        size = "256k" if how == "full" else "64k"
        steps = [f"mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(folder))}"]
        if how == "read-only":
            steps.append(f"mount -o remount,ro {shlex.quote(str(folder))}")
        script = " && ".join([*steps, "exec " + shlex.join(command)])
        return subprocess.run(["unshare", "-m", "sh", "-c", script], **run)  # type: ignore[call-overload, no-any-return]
    if how == "read-only" and os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(list(command), **run)  # type: ignore[call-overload, no-any-return]
        finally:
            folder.chmod(0o755)
    return subprocess.run(list(command), preexec_fn=lambda: _limit_size(256 << 10),  # type: ignore[call-overload, no-any-return]
                          **run)

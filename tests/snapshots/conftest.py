"""Deterministic snapshots: a fixed clock, a fixed working folder, no NO_COLOR leaking in."""

from __future__ import annotations

from pathlib import Path

import pytest

SNAPSHOT_CWD = Path("/tmp/dateline-snapshots")


@pytest.fixture(autouse=True)
def _fixed_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # The export dialog names the current folder; keep it the same on every machine.
    SNAPSHOT_CWD.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(SNAPSHOT_CWD)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "UTC")

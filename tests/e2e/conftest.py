"""Fixtures for the end-to-end tests: the real program in tmux, on real files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .tmux_driver import TmuxSession, tmux_missing


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The programs these tests start keep their import cache out of the real home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def tmux(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], TmuxSession]]:
    """Make tmux sessions on private servers; every one is killed at teardown."""
    reason = tmux_missing()
    if reason:
        pytest.skip(reason)
    confdir = tmp_path_factory.mktemp("tmux")
    sessions: list[TmuxSession] = []

    def make() -> TmuxSession:
        session = TmuxSession(Path(confdir))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
